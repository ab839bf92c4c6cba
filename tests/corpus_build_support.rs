//! What the build scripts of `tests/corpus-e2e` and `tests/corpus-sets` share (each
//! includes this file with `#[path = "../corpus_build_support.rs"] mod support;`):
//! reasons, the corpus's URL map, and the module text of a generated client.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Why a document is not compiled: a diagnostic code and its message.
#[derive(Clone)]
pub struct Reason {
    pub code: String,
    pub message: String,
}

impl Reason {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Reason { code: code.into(), message: message.into() }
    }
}

/// The first error of `d`.
pub fn first_error(d: &arazzo_codegen::Diagnostics) -> Reason {
    match d.0.iter().find(|d| d.severity == arazzo_codegen::Severity::Error) {
        Some(e) => Reason::new(e.code, e.message.clone()),
        None => Reason::new("unknown", d.to_string()),
    }
}

/// `cargo:rerun-if-changed` for each file.
pub fn track(files: &[PathBuf]) {
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
    }
}

/// `ARAZZO_URL_MAP` from the corpus's `url-map.json` (remote source URLs → local copies).
pub fn set_url_map(corpus: &Path) {
    let path = corpus.join("url-map.json");
    println!("cargo:rerun-if-changed={}", path.display());
    let map = std::fs::read_to_string(&path).ok().and_then(|t| serde_json::from_str::<Value>(&t).ok());
    let mut pairs = Vec::new();
    if let Some(Value::Object(m)) = map.as_ref().and_then(|m| m.get("prefix_map")) {
        for (prefix, dir) in m {
            if let Some(dir) = dir.as_str() {
                pairs.push(format!("{prefix}={}", corpus.join(dir).display()));
            }
        }
    }
    // SAFETY: the build script is single-threaded at this point.
    unsafe { std::env::set_var("ARAZZO_URL_MAP", pairs.join(";")) };
}

/// Writes `OUT_DIR/<name>`, or stops the build.
pub fn write_out(out: &Path, name: &str, text: &str) {
    if let Err(e) = std::fs::write(out.join(name), text) {
        println!("cargo:warning=cannot write {name}: {e}");
        std::process::exit(1);
    }
}

/// A client's code and the modules of its descriptions (`None`: the client is the
/// generated file itself).
pub fn client_parts(client: arazzo_codegen::client::ClientCode) -> (String, Vec<Option<String>>) {
    let modules = client.descriptions.iter().map(|d| d.module.clone()).collect();
    (client.code, modules)
}

/// The text of module `c<k>`: the client in `OUT_DIR/c<k>.rs`, the runtime, and for
/// each of its clients the hook that sends the headers progenitor has no parameter for.
pub fn client_module(k: usize, modules: &[Option<String>]) -> String {
    let hooks: String = modules
        .iter()
        .map(|m| {
            let ty = match m {
                Some(m) => format!("{m}::Client"),
                None => "Client".to_string(),
            };
            format!(
                r#"
    impl progenitor_client::ClientHooks<()> for {ty} {{
        async fn pre<E>(
            &self,
            request: &mut reqwest::Request,
            _info: &progenitor_client::OperationInfo,
        ) -> Result<(), progenitor_client::Error<E>> {{
            arazzo_runtime::apply_extra_headers(request).map_err(progenitor_client::Error::InvalidRequest)
        }}
    }}
"#
            )
        })
        .collect();
    format!(
        r#"
/// The progenitor client for one OpenAPI description (or, for a document that calls
/// several, a module per description).
#[allow(unused_imports, dead_code, missing_docs, clippy::all)]
pub mod c{k} {{
    include!(concat!(env!("OUT_DIR"), "/c{k}.rs"));
    pub use generated_client::arazzo_runtime;
{hooks}}}
"#
    )
}
