//! A user crate whose Arazzo document calls two APIs (`workflows/archive-batch.arazzo.yml`):
//! OpenAI's, and a small archive service's (`openapi/archive.openapi.yml`).
//!
//! `build.rs` generates a progenitor client per OpenAPI description, each in a module
//! named after its source description (`clients::openai`, `clients::archive`), and
//! `arazzo_workflow!` generates the workflows, which take a [`Clients`] (one client per
//! source description).
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use multi_source::*;
//! let client = Clients {
//!     openai: clients::openai::Client::new("https://api.openai.com/v1"),
//!     archive: clients::archive::Client::new("https://archive.example.com/v1"),
//! };
//! let inputs = ArchiveBatchInputs { api_key: "sk-...".into(), batch_id: "batch_abc".into(), note: None };
//! let outputs = archive_batch(&client, inputs).await?;
//! println!("{:?} {:?}", outputs.status, outputs.record_id);
//! # Ok(()) }
//! ```

/// The progenitor clients, one module per OpenAPI description.
#[allow(unused_imports, clippy::all, missing_docs)]
pub mod clients {
    // Each client module re-exports `super::arazzo_runtime`.
    pub use generated_client::arazzo_runtime;

    include!(concat!(env!("OUT_DIR"), "/clients.rs"));

    /// Sends the headers, cookies and query values progenitor has no parameter for.
    macro_rules! extra_headers_hook {
        ($($client:ty),*) => {$(
            impl progenitor_client::ClientHooks<()> for $client {
                async fn pre<E>(
                    &self,
                    request: &mut reqwest::Request,
                    _info: &progenitor_client::OperationInfo,
                ) -> Result<(), progenitor_client::Error<E>> {
                    arazzo_runtime::apply_extra_headers(request).map_err(progenitor_client::Error::InvalidRequest)
                }
            }
        )*};
    }
    extra_headers_hook!(openai::Client, archive::Client);
}

arazzo_macros::arazzo_workflow!("workflows/archive-batch.arazzo.yml", client = crate::clients);

/// XML request bodies with XPath replacements (`workflows/archive-manifest.arazzo.yml`):
/// that document has one source description, so its workflows take the archive client.
pub mod manifest {
    arazzo_macros::arazzo_workflow!("workflows/archive-manifest.arazzo.yml", client = crate::clients::archive);
}

/// A path item with servers of its own, and steps that read the request they sent
/// (`workflows/archive-audit.arazzo.yml`).
pub mod audit {
    arazzo_macros::arazzo_workflow!("workflows/archive-audit.arazzo.yml", client = crate::clients::archive);
}
