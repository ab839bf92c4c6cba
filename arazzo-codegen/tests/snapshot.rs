//! Snapshot of the code generated for the seed workflow: deterministic, reviewed in
//! diffs, and compiled by `generated-client`'s `snapshot_compiles` test.
//!
//! Set `UPDATE_SNAPSHOTS=1` to rewrite the snapshot after an intended change.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn check(workflow: &str, client: proc_macro2::TokenStream, snapshot: &str) {
    let root = arazzo_codegen::clean_path(&root());
    let path = root.join(workflow);
    let dir = root.join("arazzo-codegen/tests/snapshots");
    let generated = match arazzo_codegen::generate_source(&path, Some(&root), &client, &dir) {
        Ok(g) => g,
        Err(d) => panic!("{d}"),
    };
    let snap = dir.join(snapshot);
    let header = format!("// @generated from {workflow} by arazzo-codegen; checked by tests/snapshot.rs.\n");
    let text = format!("{header}{generated}");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snap, &text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&snap).unwrap_or_default();
    if expected != text {
        let (n, (a, b)) =
            expected.lines().zip(text.lines()).enumerate().find(|(_, (a, b))| a != b).unwrap_or((0, ("", "")));
        panic!(
            "{} is stale (first difference at line {}:\n  expected: {a}\n  actual:   {b}\n); rerun with UPDATE_SNAPSHOTS=1 and review the diff",
            snap.display(),
            n + 1
        );
    }
}

#[test]
fn download_batch_results() {
    check("workflows/openai-download-batch-results-workflow.yml", quote::quote!(crate), "download_batch_results.rs");
}

#[test]
fn batch_admin() {
    check("tests/batch-tools/workflows/batch-admin.arazzo.yml", quote::quote!(generated_client), "batch_admin.rs");
}

#[test]
fn batch_composition() {
    check(
        "tests/batch-tools/workflows/batch-composition.arazzo.yml",
        quote::quote!(generated_client),
        "batch_composition.rs",
    );
}

/// Two OpenAPI descriptions: a client module each, and a `Clients` struct.
#[test]
fn archive_batch_two_sources() {
    check(
        "tests/multi-source/workflows/archive-batch.arazzo.yml",
        quote::quote!(multi_source::clients),
        "archive_batch.rs",
    );
}

/// An operation with a server of its own, and steps that read the request they sent
/// (`$url`, `$method`, `$request.*`).
#[test]
fn archive_audit_servers_and_request() {
    check(
        "tests/multi-source/workflows/archive-audit.arazzo.yml",
        quote::quote!(multi_source::clients::archive),
        "archive_audit.rs",
    );
}

#[test]
fn generation_is_deterministic() {
    let root = arazzo_codegen::clean_path(&root());
    let path = root.join("workflows/openai-download-batch-results-workflow.yml");
    let a =
        arazzo_codegen::generate_source(&path, Some(&root), &quote::quote!(crate), &root).map_err(|d| d.to_string());
    let b =
        arazzo_codegen::generate_source(&path, Some(&root), &quote::quote!(crate), &root).map_err(|d| d.to_string());
    assert_eq!(a, b);
}
