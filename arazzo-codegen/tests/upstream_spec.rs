//! The seed workflow against OpenAI's full upstream description, used as the documented
//! drop-in replacement for `openapi/openai-openapi-master.yml`: the 3 MB OpenAPI 3.1
//! file must load, prune to the two operations the workflow uses, normalise and go
//! through progenitor.
//!
//! The description is read from `../shared/openapi/openai-openapi.yml` next to the
//! repository (or from `ARAZZO_UPSTREAM_SPEC`); when it is absent the test says so on
//! stderr and passes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::Value;

const SEED_WORKFLOW: &str = "workflows/openai-download-batch-results-workflow.yml";

fn repo_root() -> PathBuf {
    arazzo_codegen::clean_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
}

/// The upstream description, or `None` (after saying why) when it is not there.
fn upstream_spec() -> Option<PathBuf> {
    let path = match std::env::var_os("ARAZZO_UPSTREAM_SPEC") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/openapi/openai-openapi.yml"),
    };
    let path = arazzo_codegen::clean_path(&path);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!(
            "skipped: the upstream OpenAI description {} was not found (set ARAZZO_UPSTREAM_SPEC to its path)",
            path.display()
        );
        None
    }
}

/// A temporary tree `workflows/x.yml` (the seed workflow, verbatim) and
/// `openapi/openai-openapi-master.yml` (a copy of `upstream`), so the workflow's
/// relative URL `../openapi/openai-openapi-master.yml` resolves to the upstream file.
fn drop_in_tree(upstream: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(dir.path().join("workflows")).unwrap();
    std::fs::create_dir(dir.path().join("openapi")).unwrap();
    let workflow = dir.path().join("workflows/x.yml");
    std::fs::copy(repo_root().join(SEED_WORKFLOW), &workflow).expect("copy the seed workflow");
    std::fs::copy(upstream, dir.path().join("openapi/openai-openapi-master.yml"))
        .expect("copy the upstream description");
    (dir, workflow)
}

/// The methods of every inherent `impl Client` block, constructors excepted, with
/// their return types.
fn client_methods(file: &syn::File) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for item in &file.items {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(ty) = &*imp.self_ty else {
            continue;
        };
        if imp.trait_.is_some() || !ty.path.is_ident("Client") {
            continue;
        }
        for it in &imp.items {
            if let syn::ImplItem::Fn(f) = it {
                let name = f.sig.ident.to_string();
                if name != "new" && name != "new_with_client" {
                    let output = &f.sig.output;
                    out.insert(name, quote::quote!(#output).to_string().replace(' ', ""));
                }
            }
        }
    }
    out
}

fn operation<'a>(doc: &'a Value, path: &str, method: &str) -> &'a Value {
    doc.get("paths")
        .and_then(|p| p.get(path))
        .and_then(|p| p.get(method))
        .unwrap_or_else(|| panic!("the normalised description has no `{method} {path}`"))
}

#[test]
fn seed_workflow_against_the_upstream_description() {
    let Some(upstream) = upstream_spec() else {
        return;
    };
    let upstream_text = std::fs::read_to_string(&upstream).unwrap();
    let upstream_lines = upstream_text.lines().count();

    // Load: serde_yaml cannot parse this file (integers beyond i64); the loader must.
    let start = Instant::now();
    let doc = match arazzo_codegen::load::load_file(&upstream, upstream.display().to_string()) {
        Ok(d) => d,
        Err(e) => panic!("the upstream description does not load:\n{e}"),
    };
    let load_time = start.elapsed();
    assert!(
        doc.root.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.1")),
        "the upstream description is OpenAPI 3.1"
    );
    let upstream_ops = arazzo_codegen::openapi::operations(&doc).len();
    assert!(upstream_ops > 100, "the upstream description has its {upstream_ops} operations");
    eprintln!(
        "upstream: {} ({} bytes, {upstream_lines} lines, {upstream_ops} operations) loaded in {load_time:.2?}",
        upstream.display(),
        upstream_text.len()
    );
    drop(doc);

    let (_dir, workflow) = drop_in_tree(&upstream);

    // The build script's path: prune, normalise, progenitor.
    let start = Instant::now();
    let client = match arazzo_codegen::client::generate_client(std::slice::from_ref(&workflow), None) {
        Ok(c) => c,
        Err(d) => panic!("generate_client failed on the upstream description:\n{d}"),
    };
    let generate_time = start.elapsed();

    let expected: BTreeSet<String> = ["downloadFile", "retrieveBatch"].map(String::from).into();
    assert_eq!(client.operations, expected, "only the workflow's operations are generated");

    let file = syn::parse_file(&client.code).expect("the generated client parses");
    let methods = client_methods(&file);
    assert_eq!(
        methods.keys().map(String::as_str).collect::<Vec<_>>(),
        ["download_file", "retrieve_batch"],
        "`impl Client` has exactly the workflow's operations"
    );
    for op in &expected {
        assert!(
            methods.contains_key(&arazzo_codegen::names::method_name(op)),
            "names::method_name({op:?}) names a generated method"
        );
    }
    // downloadFile's body is streamed raw; retrieveBatch's is decoded into `Batch`.
    assert!(
        methods["download_file"].contains("ResponseValue<ByteStream>"),
        "download_file returns a byte stream: {}",
        methods["download_file"]
    );
    assert!(
        methods["retrieve_batch"].contains("ResponseValue<types::Batch>"),
        "retrieve_batch returns a `Batch`: {}",
        methods["retrieve_batch"]
    );

    // The normalised description progenitor read.
    let openapi = &client.openapi;
    assert_eq!(openapi.get("openapi").and_then(Value::as_str), Some("3.0.3"));
    let paths = openapi.get("paths").and_then(Value::as_object).expect("paths");
    assert_eq!(
        paths.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        BTreeSet::from(["/batches/{batch_id}", "/files/{file_id}/content"]),
        "the normalised description keeps only the two paths"
    );
    let download = operation(openapi, "/files/{file_id}/content", "get");
    assert_eq!(download.get("operationId").and_then(Value::as_str), Some("downloadFile"));
    let content =
        download.pointer("/responses/200/content").and_then(Value::as_object).expect("downloadFile has 200 content");
    assert_eq!(
        content.keys().map(String::as_str).collect::<Vec<_>>(),
        ["application/octet-stream"],
        "downloadFile's body is raw bytes, never JSON-decoded"
    );
    let schema = &content["application/octet-stream"]["schema"];
    assert_eq!(schema.get("type").and_then(Value::as_str), Some("string"));
    assert_eq!(schema.get("format").and_then(Value::as_str), Some("binary"));
    let retrieve = operation(openapi, "/batches/{batch_id}", "get");
    assert_eq!(retrieve.get("operationId").and_then(Value::as_str), Some("retrieveBatch"));
    assert!(retrieve.pointer("/responses/200/content/application~1json").is_some(), "retrieveBatch still answers JSON");
    // It is valid OpenAPI 3.0 for openapiv3 (generate_client checked this too).
    let _: openapiv3::OpenAPI =
        serde_json::from_value(openapi.clone()).expect("the normalised description is OpenAPI 3.0");

    let code = &client.code;
    assert!(code.contains("ARAZZO_OPERATIONS"));

    let generated_lines = code.lines().count();
    let normalized_bytes = openapi.to_string().len();
    eprintln!(
        "generate_client: {generated_lines} lines of client ({} bytes) from a {normalized_bytes}-byte normalised description, in {generate_time:.2?}",
        code.len()
    );
    assert!(
        generated_lines * 10 < upstream_lines,
        "the client ({generated_lines} lines) is far smaller than the full description ({upstream_lines} lines)"
    );

    // The macro's path: check and lower the workflow against the same description.
    let start = Instant::now();
    match arazzo_codegen::compile(&workflow, None) {
        Ok((module, diags)) => {
            assert_eq!(module.operations, ["downloadFile", "retrieveBatch"]);
            assert!(!diags.has_errors());
        }
        Err(d) => panic!("compile failed on the upstream description:\n{d}"),
    }
    let compile_time = start.elapsed();

    let out_dir = workflow.parent().unwrap();
    let source = match arazzo_codegen::generate_source(&workflow, None, &quote::quote!(crate), out_dir) {
        Ok(s) => s,
        Err(d) => panic!("generate_source failed on the upstream description:\n{d}"),
    };
    assert!(source.contains("retrieve_batch"), "the workflow calls `retrieve_batch`");
    assert!(source.contains("download_file"), "the workflow calls `download_file`");
    eprintln!("compile: {compile_time:.2?}; generate_source: {} lines of workflow code", source.lines().count());
}
