//! OpenAI's full upstream description as the documented drop-in replacement for
//! `openapi/openai-openapi-master.yml`: the 3 MB OpenAPI 3.1 file must load, prune to
//! the operations the workflows use, normalise and go through progenitor.
//!
//! The description is read from `../shared/openapi/openai-openapi.yml` next to the
//! repository (or from `ARAZZO_UPSTREAM_SPEC`); when it is absent each test says so on
//! stderr and passes.
//!
//! Every one of its 288 operations also goes through progenitor on its own and
//! generates, the 10 whose request body is `multipart/form-data` only (which progenitor
//! 0.15 cannot send) included: normalisation turns their bodies into raw bytes, which
//! the runtime builds. The regression tests below pin the normalisation rules that took
//! it there.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::Value;

const SEED_WORKFLOW: &str = "workflows/openai-download-batch-results-workflow.yml";
const ADMIN_WORKFLOW: &str = "tests/batch-tools/workflows/batch-admin.arazzo.yml";

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

/// The upstream description, loaded (`None` when it is not there).
fn load_upstream() -> Option<arazzo_codegen::load::Document> {
    let path = upstream_spec()?;
    match arazzo_codegen::load::load_file(&path, path.display().to_string()) {
        Ok(d) => Some(d),
        Err(e) => panic!("the upstream description does not load:\n{e}"),
    }
}

/// A temporary copy of the repository's layout with the upstream description in place
/// of `openapi/openai-openapi-master.yml`: `workflows/x.yml` (the seed workflow,
/// verbatim) and `tests/batch-tools/workflows/batch-admin.arazzo.yml`, whose relative
/// source URLs then resolve to the upstream file. Returns the directory and the seed
/// workflow's path.
fn drop_in_tree(upstream: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for sub in ["workflows", "openapi", "tests/batch-tools/workflows"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
    }
    let workflow = dir.path().join("workflows/x.yml");
    std::fs::copy(repo_root().join(SEED_WORKFLOW), &workflow).expect("copy the seed workflow");
    std::fs::copy(repo_root().join(ADMIN_WORKFLOW), dir.path().join(ADMIN_WORKFLOW))
        .expect("copy the batch-admin workflow");
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

/// `generate_client` over the same folders as `generated-client/build.rs`: the seed
/// workflow and the batch-admin workflow, one client for both.
#[test]
fn build_script_workflows_against_the_upstream_description() {
    let Some(upstream) = upstream_spec() else {
        return;
    };
    let (dir, _) = drop_in_tree(&upstream);
    let folders = [dir.path().join("workflows"), dir.path().join("tests/batch-tools/workflows")];
    let client = match arazzo_codegen::client::generate_client(&folders, Some(dir.path())) {
        Ok(c) => c,
        Err(d) => panic!("generate_client failed on the upstream description:\n{d}"),
    };
    let expected = ["cancelBatch", "downloadFile", "listBatches", "retrieveBatch"];
    assert_eq!(client.operations.iter().map(String::as_str).collect::<Vec<_>>(), expected);
    let file = syn::parse_file(&client.code).expect("the generated client parses");
    let methods: BTreeSet<String> = client_methods(&file).into_keys().collect();
    let predicted: BTreeSet<String> = expected.iter().map(|op| arazzo_codegen::names::method_name(op)).collect();
    assert_eq!(methods, predicted);
}

/// What progenitor made of one pruned, normalised operation.
enum Outcome {
    /// The generated code.
    Generated(syn::File),
    /// progenitor (or openapiv3) returned an error.
    Failed(String),
    /// progenitor panicked.
    Panicked(String),
}

/// Runs `prepare_openapi` for `operations` and progenitor on the result, with the
/// settings of `client::generate_client`, catching panics.
fn progenitor_on(spec: &Value, operations: &[&str]) -> Outcome {
    let keep: BTreeSet<String> = operations.iter().map(|o| o.to_string()).collect();
    let prepared = arazzo_codegen::prepare_openapi(spec, &keep);
    let api: openapiv3::OpenAPI = match serde_json::from_value(prepared) {
        Ok(a) => a,
        Err(e) => return Outcome::Failed(format!("not OpenAPI 3.0: {e}")),
    };
    let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let mut settings = progenitor::GenerationSettings::default();
        settings.with_interface(progenitor::InterfaceStyle::Positional).with_hooks(progenitor::HooksMode::Expected);
        progenitor::Generator::new(&settings).generate_tokens(&api)
    }));
    match run {
        Ok(Ok(tokens)) => match syn::parse2(tokens) {
            Ok(f) => Outcome::Generated(f),
            Err(e) => Outcome::Failed(format!("the generated code does not parse: {e}")),
        },
        Ok(Err(e)) => Outcome::Failed(e.to_string()),
        Err(payload) => Outcome::Panicked(
            payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default(),
        ),
    }
}

/// Asserts that progenitor generates exactly the method `names::method_name` predicts
/// for `operation`.
fn assert_generates(spec: &Value, operation: &str) {
    match progenitor_on(spec, &[operation]) {
        Outcome::Generated(file) => {
            let methods: Vec<String> = client_methods(&file).into_keys().collect();
            assert_eq!(
                methods,
                [arazzo_codegen::names::method_name(operation)],
                "the methods generated for {operation}"
            );
        }
        Outcome::Failed(e) => panic!("progenitor fails on {operation}: {e}"),
        Outcome::Panicked(e) => panic!("progenitor panics on {operation}: {e}"),
    }
}

/// Every operation of the upstream description, one at a time: progenitor must not
/// panic or fail, and what it generates must be the one predicted method (the
/// `multipart/form-data` operations too: their bodies reach progenitor as raw bytes).
#[test]
fn every_upstream_operation_goes_through_progenitor() {
    let Some(doc) = load_upstream() else {
        return;
    };
    let operations = arazzo_codegen::openapi::operations(&doc);
    let start = Instant::now();
    let (mut generated, mut problems) = (0, Vec::new());
    for op in &operations {
        let id = op.operation_id.as_str();
        match progenitor_on(&doc.root, &[id]) {
            Outcome::Generated(file) => {
                let methods: Vec<String> = client_methods(&file).into_keys().collect();
                if methods == [arazzo_codegen::names::method_name(id)] {
                    generated += 1;
                } else {
                    problems.push(format!("{id}: methods {methods:?}"));
                }
            }
            Outcome::Failed(e) => problems.push(format!("{id}: error: {e}")),
            Outcome::Panicked(e) => problems.push(format!("{id}: PANIC: {e}")),
        }
    }
    eprintln!("{} operations in {:.2?}: {generated} generated", operations.len(), start.elapsed());
    assert!(problems.is_empty(), "{} operations fail:\n{}", problems.len(), problems.join("\n"));
}

/// `deleteEval` answers 404 with `Error` and 429 with `#/components/responses/TooManyRequests`
/// (an `ErrorResponse`): two error types, and progenitor 0.15 asserts there is at most
/// one (`method.rs`: `assertion failed: response_types.len() <= 1`), so a build script
/// using it panics instead of reporting a diagnostic.
#[test]
fn error_responses_of_different_types() {
    let Some(doc) = load_upstream() else {
        return;
    };
    for op in ["deleteEval", "deleteEvalRun", "deleteResponse", "beta_deleteResponse"] {
        assert_generates(&doc.root, op);
    }
}

/// `CreateModerationRequest.model` is `anyOf: [string, string enum]` with
/// `default: omni-moderation-latest`; typify turns that `anyOf` into a struct of
/// optional parts and rejects the string default ("value does not conform to the given
/// schema"). The lenient rewrite of response enums produces the same shape
/// (`ImageGenTool.size`: `anyOf: [string, string]`, `default: auto`), which breaks
/// every operation that reaches `ImageGenTool` (`createResponse`, `getResponse`, ...).
#[test]
fn default_beside_any_of() {
    let Some(doc) = load_upstream() else {
        return;
    };
    for op in ["createModeration", "getResponse", "createConversation"] {
        assert_generates(&doc.root, op);
    }
}

/// `create-realtime-call` takes `multipart/form-data` or `application/sdp`; neither is
/// one of the media types normalize prefers, so both are kept and progenitor hits
/// `todo!("more media types than expected")`.
#[test]
fn request_body_with_two_unsupported_media_types() {
    let Some(doc) = load_upstream() else {
        return;
    };
    match progenitor_on(&doc.root, &["create-realtime-call"]) {
        Outcome::Panicked(e) => panic!("progenitor panics on create-realtime-call: {e}"),
        // A clean error (no media type progenitor can send) is acceptable.
        Outcome::Failed(_) | Outcome::Generated(_) => {}
    }
}

// Shapes of the third-party corpus's complete sets (found by `tests/corpus-sets`), as
// small inline descriptions: they need no upstream file.

/// BinkyLabs' `OperationResolution/petstore.openapi.yaml`: `/pets/{petId}` with no
/// parameter declaring `petId` (OpenAPI: each template variable MUST be one); progenitor
/// panicked ("missing path name mapping petId"). normalize declares it, a required
/// string, as `openapi::operations` does (so a step must give it).
#[test]
fn undeclared_path_variable() {
    let spec = serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "Petstore", "version": "1.0.0"},
        "paths": {"/pets/{petId}": {"get": {"operationId": "getPet", "responses": {"200": {"description": "OK"}}}}}
    });
    assert_generates(&spec, "getPet");
    let Outcome::Generated(file) = progenitor_on(&spec, &["getPet"]) else { unreachable!() };
    let code = quote::quote!(#file).to_string();
    assert!(code.contains("pet_id : & 'a str"), "get_pet takes the path value as text: {code}");
}

/// strefethen's `bank-32.openapi.json`: OpenAPI 3.2 makes a Response Object's
/// `description` optional, 3.0 (which progenitor reads) requires it; the normalised
/// description did not parse ("missing field `description`").
#[test]
fn response_without_description() {
    let spec = serde_json::json!({
        "openapi": "3.2.0",
        "info": {"title": "Bank", "version": "1.0.0"},
        "paths": {"/banks": {
            "get": {"operationId": "listBanks", "responses": {"200": {"content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}}},
            "post": {"operationId": "createBank", "responses": {"201": {}}}
        }}
    });
    assert_generates(&spec, "listBanks");
    assert_generates(&spec, "createBank");
}
