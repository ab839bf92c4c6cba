//! Generates the OpenAI client: the operations that the workflows below use, pruned
//! from the OpenAPI description they reference and normalised for progenitor.
//!
//! To give a workflow of your own crate its operations, add its file or folder to
//! `WORKFLOWS` (see the README, "Adding your own workflow").

use std::path::PathBuf;

/// Workflow files, or folders of them, relative to this crate.
const WORKFLOWS: &[&str] = &["../workflows", "../tests/batch-tools/workflows"];

/// The workflow `src/lib.rs` expands, as written there (relative to this crate).
const OWN_WORKFLOW: &str = "../workflows/openai-download-batch-results-workflow.yml";

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let root = arazzo_codegen::workspace_root(&manifest);
    let paths: Vec<PathBuf> = WORKFLOWS.iter().map(|w| manifest.join(w)).collect();
    for p in &paths {
        println!("cargo:rerun-if-changed={}", p.display());
    }
    match arazzo_codegen::client::generate_client(&paths, root.as_deref()) {
        Ok(client) => {
            for f in &client.files {
                println!("cargo:rerun-if-changed={}", f.display());
            }
            if let Err(e) = std::fs::write(out.join("client.rs"), client.code) {
                eprintln!("error: cannot write the client: {e}");
                std::process::exit(1);
            }
            // The macro in src/lib.rs will find its expansion in the cache instead of
            // parsing the description again.
            arazzo_codegen::warm_cache(&manifest.join(OWN_WORKFLOW), root.as_deref(), "crate");
            let openapi = client.openapi.to_string();
            if let Err(e) = std::fs::write(out.join("openapi-normalized.json"), openapi) {
                eprintln!("error: cannot write the normalised description: {e}");
                std::process::exit(1);
            }
        }
        Err(diags) => {
            eprintln!("{diags}");
            std::process::exit(1);
        }
    }
}
