//! The third-party corpus's document vectors (`*/vectors-invalid-documents.json`): every
//! `valid: false` entry must be rejected by the pipeline, every `valid: true` control
//! accepted.
//!
//! A whole document goes through `arazzo_codegen::compile`; a fragment (one Arazzo
//! object) through `validate::validate_fragment`. A document counts as **rejected** when
//! it gets at least one error whose code is not in [`NOT_VALIDATION`] (features that
//! are not implemented yet, and sources that cannot be loaded, say nothing about the
//! document's validity); a control counts as **accepted** when it gets no other error.
//! Vectors that contradict the Arazzo text are listed in [`DIVERGENCES`], with the reason.
//!
//! The corpus is read from `$ARAZZO_CORPUS`, else `<workspace>/../shared/corpus`; the
//! test passes with a message when it is absent. Nothing is written into it.

use std::path::{Path, PathBuf};
use std::sync::Once;

use arazzo_codegen::Diagnostics;
use arazzo_codegen::validate::{ObjectKind, validate_fragment};
use serde_json::Value;

/// Error codes that do not make a document invalid: not-yet-implemented features and
/// sources that cannot be loaded here (remote, or absent from the corpus).
const NOT_VALIDATION: &[&str] = &["unsupported", "remote-source", "missing-source"];

/// Why a vector is allowed to miss.
#[derive(Clone, Copy, PartialEq)]
enum Why {
    /// The vector contradicts the Arazzo text (or cannot be checked without context it
    /// does not carry).
    Divergence,
    /// Our pipeline is wrong or incomplete, outside this stage: the owner is named.
    Pending,
}

/// Vectors allowed to miss: `(repo folder, input file, why, reason)`.
const DIVERGENCES: &[(&str, &str, Why, &str)] = &[
    (
        "BinkyLabs__openapi-arazzo-dotnet",
        "extracted/inline-docs/Deserialize_WithInvalidTypeDependentTargetFields_AddsDiagnosticError-94.json",
        Why::Divergence,
        "an `end` action with `stepId`: Arazzo 1.0.1 says `stepId` is only *relevant* to `goto`, it does not forbid it \
         (and jarazzo's `successAction - workflowId and end` control is valid)",
    ),
    (
        "BinkyLabs__openapi-arazzo-dotnet",
        "extracted/inline-docs/Deserialize_WithInvalidTypeDependentTargetFields_AddsDiagnosticError-97.json",
        Why::Divergence,
        "an `end` action with `workflowId`: only *relevant* to `goto` in Arazzo 1.0.1, not forbidden \
         (jarazzo's `successAction - workflowId and end` is a valid control)",
    ),
    (
        "BinkyLabs__openapi-arazzo-dotnet",
        "extracted/inline-docs/Parse_OperationReferenceToArazzoSourceDescription_AddsDiagnosticError-90.json",
        Why::Divergence,
        "a Step fragment naming source `someArazzo`: whether it is of type `arazzo` is in a document the vector \
         does not carry (the whole-document form of this check is implemented)",
    ),
    (
        "BinkyLabs__openapi-arazzo-dotnet",
        "extracted/inline-docs/Parse_OperationReferenceToArazzoSourceDescription_AddsDiagnosticError-91.json",
        Why::Divergence,
        "a Step fragment naming source `someArazzo`: whether it is of type `arazzo` is in a document the vector \
         does not carry (the whole-document form of this check is implemented)",
    ),
    (
        "BinkyLabs__openapi-arazzo-dotnet",
        "tests/lib/Samples/OperationResolution/valid.arazzo.yaml",
        Why::Divergence,
        "valid for operation resolution only: its `operationPath` step calls `getPet` (`/pets/{petId}`) without \
         giving `petId`, so no request can be built (the description declares no parameter for `{petId}`, though \
         OpenAPI requires one: it is read as a required string)",
    ),
    (
        "BragdonD__arazzo-go",
        "v1/test_specs/petstore.arazzo.json",
        Why::Divergence,
        "operationPath names source `petstoreDescription`, the document's source is `petStoreDescription` \
         (names are case-sensitive)",
    ),
    (
        "Mohammed-Alama__php-arazzo",
        "packages/core/tests/fixtures/parser/valid-minimal.yaml",
        Why::Divergence,
        "no `sourceDescriptions` and `workflows: []`: Arazzo requires both, each with at least one entry",
    ),
    (
        "OAI__Arazzo-Specification",
        "branches/v1.0-dev/tests/schema/pass/bnpl-example.yaml",
        Why::Divergence,
        "schema-only control: `$response.body.redirectAuthToken` (dot navigation) and `$response.headers.Location` \
         are not runtime expressions by the Arazzo ABNF (`body#/json-pointer`, `header.<name>`)",
    ),
    (
        "OAI__Arazzo-Specification",
        "branches/dev/tests/schema/pass/bnpl-example.yaml",
        Why::Divergence,
        "schema-only control: `$response.body.redirectAuthToken` (dot navigation) and `$response.headers.Location` \
         are not runtime expressions by the Arazzo ABNF (`body#/json-pointer`, `header.<name>`)",
    ),
    (
        "OAI__Arazzo-Specification",
        "branches/dev/tests/schema/pass/characterization-asyncapi-operationId-without-action.arazzo.yaml",
        Why::Divergence,
        "characterization vector (its note: semantically wrong, only schema-valid): an AsyncAPI step needs `action`",
    ),
    (
        "OAI__Arazzo-Specification",
        "branches/dev/tests/schema/pass/characterization-openapi-invalid-operationPath-string.arazzo.yaml",
        Why::Divergence,
        "characterization vector (its note: semantically wrong, only schema-valid): `operationPath` must be \
         `{$sourceDescriptions.<name>.url}#<JSON pointer>`",
    ),
    (
        "OAI__Arazzo-Specification",
        "branches/dev/tests/schema/pass/characterization-openapi-operationId-with-action.arazzo.yaml",
        Why::Divergence,
        "characterization vector (its note: semantically wrong, only schema-valid): `action` is for AsyncAPI steps",
    ),
    (
        "OAI__Arazzo-Specification",
        "branches/dev/tests/schema/pass/characterization-openapi-receive-with-correlationId.arazzo.yaml",
        Why::Divergence,
        "characterization vector (its note: semantically wrong, only schema-valid): `correlationId` is for \
         AsyncAPI `receive` steps",
    ),
    (
        "OAI__Arazzo-Specification",
        "branches/dev/tests/schema/pass/characterization-workflow-step-with-requestBody.arazzo.yaml",
        Why::Divergence,
        "characterization vector (its note: semantically wrong, only schema-valid): `requestBody` is only for steps \
         that call an operation",
    ),
    (
        "OAI__Arazzo-Specification",
        "branches/dev/tests/schema/pass/openapi-operation-path.arazzo.yaml",
        Why::Divergence,
        "schema-only control: `$sourceDescriptions.userAPI#/paths/~1users/get` lacks `.url` and braces; the Arazzo \
         text requires `{$sourceDescriptions.<name>.url}#<JSON pointer>`",
    ),
    (
        "OAI__Arazzo-Specification",
        "branches/dev/tests/schema/pass/openapi-success-criteria.arazzo.yaml",
        Why::Divergence,
        "schema-only control: `$sourceDescriptions.userAPI.listUsers` names source `userAPI`, the document's is \
         `UserAPI` (names are case-sensitive)",
    ),
    (
        "OAI__Arazzo-Specification",
        "branches/dev/tests/schema/pass/workflow-success-criteria.arazzo.yaml",
        Why::Divergence,
        "schema-only control: `$sourceDescriptions.userAPI.listUsers` names source `userAPI`, the document's is \
         `UserAPI` (names are case-sensitive)",
    ),
    (
        "speakeasy-api__openapi",
        "speakeasy-api__openapi/arazzo/testdata/traintravelapi.arazzo.yaml",
        Why::Divergence,
        "`$response.body.id` (dot navigation) is not a runtime expression by the Arazzo ABNF",
    ),
    (
        "speakeasy-api__openapi",
        "OAI__Arazzo-Specification/examples/1.0.0/FAPI-PAR.arazzo.yaml",
        Why::Divergence,
        "`$sourceDescriptions.auth-api.PAR`: the OpenAPI file's operationId is `Par` (case-sensitive)",
    ),
    (
        "speakeasy-api__openapi",
        "OAI__Arazzo-Specification/examples/1.0.0/pet-coupons.arazzo.yaml",
        Why::Divergence,
        "the parameters do not match the OpenAPI file: `findPetsByTags` has no `pet_tags`, `getPetCoupons` needs \
         `petId` (not `pet_id`), `findPetsByStatus` requires `page`",
    ),
    (
        "speakeasy-api__openapi",
        "AdrianMachado__arazzo-runner/tests/basic.arz.json",
        Why::Divergence,
        "source name `Todo list API` breaks the name pattern `^[A-Za-z0-9_\\-]+$`, and `$response.body.id` is not \
         a runtime expression by the ABNF",
    ),
    (
        "speakeasy-api__openapi",
        "API-Flows__openapi-workflow-parser/src/test/resources/1.0.0/simple.workflow.yaml",
        Why::Divergence,
        "operationId `loginUser` is not in its source `pet-coupons.openapi.yaml`",
    ),
    (
        "usearazzo__arazzo-toolkit",
        "packages/validator/test/fixtures/arazzo-full-valid.yaml",
        Why::Divergence,
        "`$response.body#/category.name` names a property `category.name` (JSON pointers navigate with `/`), and \
         `$response.body#/length > 0` reads a property arrays do not have",
    ),
    (
        "speakeasy-api__openapi",
        "OAI__Arazzo-Specification/examples/1.0.0/LoginAndRetrievePets.arazzo.yaml",
        Why::Divergence,
        "operationPath `...#/paths/~1pet~1findByStatus` points at a path item, not an operation (the Arazzo text's \
         own example ends in `/get`)",
    ),
    (
        "OAI__Arazzo-Specification",
        "branches/dev/tests/schema/pass/async-depends-on-cross-workflow.arazzo.yaml",
        Why::Divergence,
        "`$message.payload.<name>` (dot navigation) is not a runtime expression by the 1.1 ABNF \
         (`payload#/json-pointer`)",
    ),
    (
        "OAI__Arazzo-Specification",
        "branches/dev/tests/schema/pass/async-depends-on.arazzo.yaml",
        Why::Divergence,
        "`$message.payload.<name>` (dot navigation) is not a runtime expression by the 1.1 ABNF \
         (`payload#/json-pointer`)",
    ),
    (
        "OAI__Arazzo-Specification",
        "branches/dev/tests/schema/pass/openapi-and-asyncapi.arazzo.yaml",
        Why::Divergence,
        "`$message.payload.<name>` (dot navigation) is not a runtime expression by the 1.1 ABNF \
         (`payload#/json-pointer`)",
    ),
];

fn corpus() -> Option<PathBuf> {
    let dir = match std::env::var_os("ARAZZO_CORPUS").filter(|d| !d.is_empty()) {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
    };
    dir.join("INDEX.md").is_file().then_some(dir)
}

/// `ARAZZO_URL_MAP` from the corpus's `url-map.json`, set once for the process.
fn set_url_map(corpus: &Path) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let text = std::fs::read_to_string(corpus.join("url-map.json")).unwrap_or_default();
        let map: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let mut pairs = Vec::new();
        if let Some(m) = map.get("prefix_map").and_then(Value::as_object) {
            for (prefix, dir) in m {
                if let Some(dir) = dir.as_str() {
                    pairs.push(format!("{prefix}={}", corpus.join(dir).display()));
                }
            }
        }
        // SAFETY: set once, before any compile, and no other thread of this test binary
        // reads the environment (one test).
        unsafe { std::env::set_var("ARAZZO_URL_MAP", pairs.join(";")) };
    });
}

/// The object a fragment vector holds.
fn fragment_kind(entry: &Value) -> Option<ObjectKind> {
    let name = entry
        .get("object")
        .and_then(Value::as_str)
        .or_else(|| entry.get("test").and_then(Value::as_str))
        .or_else(|| entry.get("input_file").and_then(Value::as_str))?;
    let file = entry.get("input_file").and_then(Value::as_str).unwrap_or_default();
    let table: &[(&str, ObjectKind)] = &[
        ("criterionExpressionType", ObjectKind::CriterionExpressionType),
        ("criterion", ObjectKind::Criterion),
        ("reusableObject", ObjectKind::Reusable),
        ("successAction", ObjectKind::SuccessAction),
        ("sourceDescription", ObjectKind::SourceDescription),
        ("info", ObjectKind::Info),
        ("PayloadReplacement", ObjectKind::PayloadReplacement),
        ("InfoRequired", ObjectKind::Info),
        ("WorkflowRequired", ObjectKind::Workflow),
        ("ParameterRequired", ObjectKind::Parameter),
        ("SuccessActionRequired", ObjectKind::SuccessAction),
        ("FailureActionRequired", ObjectKind::FailureAction),
        ("OperationReference", ObjectKind::Step),
        // BinkyLabs: `ParseFragment_MissingRequiredFields` parses a criterion expression type.
        ("ParseFragment_MissingRequiredFields", ObjectKind::CriterionExpressionType),
        // `end`/`goto`/`retry` actions: a failure action admits all three types.
        ("TypeDependentTargetFields", ObjectKind::FailureAction),
    ];
    table.iter().find(|(k, _)| name.contains(k) || file.contains(k)).map(|(_, kind)| *kind)
}

struct Outcome {
    /// Errors that say the document is invalid.
    errors: Vec<String>,
    /// Errors that do not (unsupported, sources).
    other: Vec<String>,
}

fn outcome(diags: &Diagnostics) -> Outcome {
    let mut o = Outcome { errors: Vec::new(), other: Vec::new() };
    for d in diags.errors() {
        let line = format!("[{}] {}:{} {} (at #{})", d.code, d.line, d.column, d.message, d.pointer);
        if NOT_VALIDATION.contains(&d.code) {
            o.other.push(line);
        } else {
            o.errors.push(line);
        }
    }
    o
}

fn check_document(path: &Path, root: &Path) -> Outcome {
    match arazzo_codegen::compile(path, Some(root)) {
        Ok((_, diags)) | Err(diags) => outcome(&diags),
    }
}

/// The structural stage alone (`validate_document`), for a document that loads.
fn check_validation_only(path: &Path, root: &Path) -> Option<Outcome> {
    let display = arazzo_codegen::display_path(path, Some(root));
    let doc = arazzo_codegen::load::load_file(path, display).ok()?;
    let mut diags = Diagnostics::default();
    arazzo_codegen::validate::validate_document(&doc, &mut diags);
    Some(outcome(&diags))
}

fn check_fragment(path: &Path, root: &Path, kind: ObjectKind) -> Outcome {
    let display = arazzo_codegen::display_path(path, Some(root));
    let doc = match arazzo_codegen::load::load_file(path, display) {
        Ok(d) => d,
        Err(e) => return outcome(&Diagnostics::from(e)),
    };
    let mut diags = Diagnostics::default();
    validate_fragment(&doc, "", kind, &mut diags);
    outcome(&diags)
}

fn snippet(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    one_line.chars().take(160).collect()
}

#[test]
fn invalid_document_vectors() {
    let Some(corpus) = corpus() else {
        println!(
            "skipped: corpus not found at {}",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus").display()
        );
        return;
    };
    set_url_map(&corpus);
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("corpus")
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("vectors-invalid-documents.json"))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let verbose = std::env::var_os("ARAZZO_VECTORS_VERBOSE").is_some();
    let mut unexplained = Vec::new();
    let mut used_divergences = Vec::new();
    let (mut total_rejected, mut total_invalid, mut total_accepted, mut total_valid) = (0, 0, 0, 0);
    for file in &files {
        let repo_dir = file.parent().expect("parent");
        let repo = repo_dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let text = std::fs::read_to_string(file).expect("read vectors");
        let entries: Vec<Value> = serde_json::from_str(&text).expect("vectors are JSON");
        let (mut rejected, mut invalid, mut accepted, mut valid) = (0, 0, 0, 0);
        // Rejected by the structural stage alone (or by the loader), and valid controls it accepts.
        let (mut by_validation, mut validation_accepts) = (0, 0);
        let mut misses = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let want_valid = e.get("valid").and_then(Value::as_bool).unwrap_or(false);
            let kind = e.get("kind").and_then(Value::as_str).unwrap_or_default();
            let note = e.get("note").and_then(Value::as_str).unwrap_or_default();
            let source_file = e.get("source_file").and_then(Value::as_str).unwrap_or_default();
            // Where the input is.
            let (path, key) = if let Some(f) = e.get("input_file").and_then(Value::as_str) {
                (repo_dir.join(f), f.to_string())
            } else if let Some(f) = e.get("input_file_in_corpus").and_then(Value::as_str) {
                (corpus.join(f), f.to_string())
            } else if let Some(input) = e.get("input").filter(|v| !v.is_null()) {
                let (name, body) = match input {
                    Value::String(s) => (format!("{repo}-{i}.yaml"), s.clone()),
                    other => (format!("{repo}-{i}.json"), other.to_string()),
                };
                let p = tmp.path().join(name);
                std::fs::write(&p, body).expect("write temp input");
                (p, format!("#{i}"))
            } else {
                let url = e.get("input_url").and_then(Value::as_str).unwrap_or("?");
                println!("  {repo} #{i}: not in the corpus ({url}); not counted");
                continue;
            };
            let fragment = matches!(kind, "validate-fragment" | "validate-object-fragment");
            let result = if fragment {
                match fragment_kind(e) {
                    Some(k) => check_fragment(&path, &corpus, k),
                    None => panic!("{repo} #{i}: which object is this fragment? {e}"),
                }
            } else {
                check_document(&path, &corpus)
            };
            let alone = if fragment { None } else { check_validation_only(&path, &corpus) };
            let alone_rejects = alone.as_ref().map_or(!result.errors.is_empty(), |o| !o.errors.is_empty());
            if want_valid && !alone_rejects {
                validation_accepts += 1;
            }
            if !want_valid && alone_rejects {
                by_validation += 1;
            }
            if verbose && !want_valid {
                let first = result.errors.first().map(String::as_str).unwrap_or("-");
                println!("  rejected? {repo} #{i} {key}: {first}");
            }
            let ok = if want_valid {
                valid += 1;
                result.errors.is_empty()
            } else {
                invalid += 1;
                !result.errors.is_empty()
            };
            if ok {
                if want_valid {
                    accepted += 1;
                } else {
                    rejected += 1;
                }
                continue;
            }
            let divergence = DIVERGENCES.iter().find(|(r, f, _, _)| *r == repo && *f == key);
            let expected = e.get("expected").map(|x| x.to_string()).unwrap_or_default();
            let mut report = format!(
                "  MISS {repo} #{i} ({kind}, valid: {want_valid}) {key}\n    source_file: {source_file}\n    \
                 input: {}\n    expected: {}",
                snippet(&path),
                expected.chars().take(300).collect::<String>()
            );
            if !note.is_empty() {
                report.push_str(&format!("\n    note: {note}"));
            }
            for d in result.errors.iter().chain(&result.other) {
                report.push_str(&format!("\n    got: {d}"));
            }
            match divergence {
                Some((_, _, why, reason)) => {
                    let label = if *why == Why::Divergence { "DIVERGENCE" } else { "PENDING" };
                    report.push_str(&format!("\n    {label}: {reason}"));
                    used_divergences.push((key.clone(), *why));
                }
                None => unexplained.push(format!("{repo} #{i} {key}")),
            }
            misses.push(report);
        }
        println!(
            "{repo}/vectors-invalid-documents.json: rejected {rejected}/{invalid} invalid, accepted {accepted}/{valid} valid \
             (validation stage alone: rejects {by_validation}/{invalid}, accepts {validation_accepts}/{valid})"
        );
        for m in misses {
            println!("{m}");
        }
        total_rejected += rejected;
        total_invalid += invalid;
        total_accepted += accepted;
        total_valid += valid;
    }
    let pending = used_divergences.iter().filter(|(_, w)| *w == Why::Pending).count();
    println!(
        "TOTAL: rejected {total_rejected}/{total_invalid} invalid, accepted {total_accepted}/{total_valid} valid \
         ({} misses are divergences of the vector from the Arazzo text, {pending} pending elsewhere in the pipeline)",
        used_divergences.len() - pending
    );
    let stale: Vec<&str> = DIVERGENCES
        .iter()
        .filter(|(_, f, _, _)| !used_divergences.iter().any(|(k, _)| k == f))
        .map(|(_, f, _, _)| *f)
        .collect();
    if !stale.is_empty() {
        println!("allow-list entries that no longer miss (remove them): {stale:?}");
    }
    assert!(unexplained.is_empty(), "unexplained misses:\n{}", unexplained.join("\n"));
}
