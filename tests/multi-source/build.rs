//! Generates one client per OpenAPI description the workflows call: `openai` (OpenAI's
//! description) and `archive` (this crate's), each a module of `OUT_DIR/clients.rs`.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let root = arazzo_codegen::workspace_root(&manifest);
    let workflows = manifest.join("workflows");
    println!("cargo:rerun-if-changed={}", workflows.display());
    match arazzo_codegen::client::generate_client(&[workflows], root.as_deref()) {
        Ok(client) => {
            for f in &client.files {
                println!("cargo:rerun-if-changed={}", f.display());
            }
            if let Err(e) = std::fs::write(out.join("clients.rs"), client.code) {
                eprintln!("error: cannot write the clients: {e}");
                std::process::exit(1);
            }
        }
        Err(diags) => {
            eprintln!("{diags}");
            std::process::exit(1);
        }
    }
}
