//! Editing a workflow or the OpenAPI description it references rebuilds the crate that
//! uses `arazzo_workflow!`: the expansion `include_bytes!`s every input, so rustc's
//! dep-info lists them and cargo re-runs the macro when one changes.
//!
//! The test checks a small crate with real `cargo check` (the macro runs in `check` as
//! in `build`), editing first the workflow, then the spec, and checks that the next
//! check sees the edit. It runs cargo exactly as trybuild does (its target directory,
//! `--target`, rustflags, `CARGO_INCREMENTAL=0`), so the dependencies it checks are the
//! ones the UI tests then find fresh: they are compiled once for both.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace().join("target"))
}

/// The host's target triple (trybuild passes `--target` with it).
fn host() -> String {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = Command::new(rustc).arg("-vV").output().expect("run rustc -vV");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines().find_map(|l| l.strip_prefix("host: ")).expect("rustc -vV names the host").trim().to_string()
}

fn build(dir: &Path) -> (bool, String) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let host = host();
    // trybuild's flags (`rustflags.rs` of trybuild 1.0): the same flags, given the same way.
    let flags = r#"["--cfg", "trybuild", "--verbose", "-A", "dead_code"]"#;
    let out = Command::new(cargo)
        .arg("check")
        .arg("--quiet")
        .arg("--offline")
        .arg(format!("--config=build.rustflags={flags}"))
        .arg(format!("--config=target.{host}.rustflags={flags}"))
        .args(["--target", &host])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir().join("tests").join("trybuild"))
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .env_remove("ARAZZO_MANIFEST_DIR")
        .output()
        .expect("run cargo");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn editing_the_workflow_or_the_spec_rebuilds() {
    let ws = std::fs::canonicalize(workspace()).expect("workspace");
    let dir = target_dir().join("tests").join("rebuild-case");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).expect("mkdir");
    let manifest = format!(
        "[package]\nname = \"rebuild-case\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n\
         [dependencies]\narazzo-macros = {{ path = {:?} }}\ngenerated-client = {{ path = {:?} }}\n",
        ws.join("arazzo-macros"),
        ws.join("generated-client"),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write");
    std::fs::copy(ws.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock");
    std::fs::write(dir.join("src/lib.rs"), "arazzo_macros::arazzo_workflow!(\"wf.yml\", client = generated_client);\n")
        .expect("write");
    let workflow = std::fs::read_to_string(ws.join("tests/batch-tools/workflows/batch-admin.arazzo.yml"))
        .expect("workflow")
        .replace("../../../openapi/openai-openapi-master.yml", "spec.yml");
    let spec = std::fs::read_to_string(ws.join("openapi/openai-openapi-master.yml")).expect("spec");
    std::fs::write(dir.join("wf.yml"), &workflow).expect("write");
    std::fs::write(dir.join("spec.yml"), &spec).expect("write");

    let (ok, err) = build(&dir);
    assert!(ok, "first check: {err}");

    // Edit the workflow only: the next build must run the macro again and see it.
    std::fs::write(dir.join("wf.yml"), workflow.replace("openaiApi.cancelBatch", "openaiApi.cancelBatchh"))
        .expect("write");
    let (ok, err) = build(&dir);
    assert!(!ok && err.contains("unknown operationId `cancelBatchh`"), "after editing the workflow: {err}");

    std::fs::write(dir.join("wf.yml"), &workflow).expect("write");
    let (ok, err) = build(&dir);
    assert!(ok, "after restoring the workflow: {err}");

    // Edit the spec only.
    std::fs::write(dir.join("spec.yml"), spec.replace("operationId: listBatches", "operationId: listAllBatches"))
        .expect("write");
    let (ok, err) = build(&dir);
    assert!(!ok && err.contains("unknown operationId `listBatches`"), "after editing the spec: {err}");
}
