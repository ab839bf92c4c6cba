//! Every Arazzo document of the third-party corpus (`../shared/corpus`, or
//! `$ARAZZO_CORPUS`) through [`arazzo_codegen::compile`].
//!
//! - `complete_sets_compile`: the documents INDEX.md lists under "Complete sets" (every
//!   source resolves locally) are compiled and classified as compiled, invalid (an error
//!   whose code is not `unsupported`) or unsupported (only `unsupported` errors); a table
//!   of the first diagnostics of each document that did not compile and a histogram of
//!   error codes are printed (`cargo test -p arazzo-codegen --test corpus_sets -- --nocapture --test-threads 1`).
//!   The number compiled may not fall below [`COMPILED_FLOOR`], and every document of
//!   [`EXPECTED_INVALID`] must be rejected with the listed code at the listed pointer.
//! - `spec_examples_errors`: the specification's own examples have mistakes that JSON
//!   Schema validation cannot see (an operationId in the wrong case, parameters the
//!   operation does not have, an output no step defines); the checker must report them
//!   ([`SPEC_ERRORS`], with line and column). Mistakes it does not report yet
//!   ([`SPEC_MISSES`]) and reports it should not give ([`SPEC_FALSE_POSITIVES`]) are printed.
//! - `incomplete_documents`: the other documents, with the reason they are incomplete
//!   (printed only).
//!
//! When the corpus is absent each test says so and passes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use arazzo_codegen::{Diagnostic, Diagnostics, Severity};

/// How many complete sets compile today. Raise it when a feature lands (the test prints
/// the current count); a lower count is a regression.
// 32 since BinkyLabs' `OperationResolution/valid.arazzo.yaml` is rejected: it calls
// `getPet` (`/pets/{petId}`, whose description declares no `petId` parameter) without
// giving `petId` (`missing-parameter`); it compiled before, and its client did not
// (progenitor panicked: "missing path name mapping petId").
const COMPILED_FLOOR: usize = 32;

/// A true error in a third-party document: `(document, code, pointer)`, the document
/// relative to the corpus root (`a|b`: either code, where the checker reports one
/// mistake under two codes). Each is rejected by the Arazzo text itself, not by a
/// limitation of this generator.
const EXPECTED_INVALID: &[(&str, &str, &str)] = &[
    // Workflow Object: `steps` is a REQUIRED list of Step Objects; this fixture (a
    // deliberately broken workflow) gives the string "not-a-list".
    (
        "usearazzo__arazzo-toolkit/packages/runner/test/fixtures/workflow-composition.arazzo.yaml",
        "invalid-type",
        "/workflows/8/steps",
    ),
    // The same deliberately broken workflow, in the control-flow fixture.
    (
        "usearazzo__arazzo-toolkit/packages/runner/test/fixtures/workflow-control-flow.arazzo.yaml",
        "invalid-type",
        "/workflows/46/steps",
    ),
    // Info Object: `title` is REQUIRED; the validator's "invalid" fixture leaves it out.
    ("usearazzo__arazzo-toolkit/packages/validator/test/fixtures/arazzo-full-invalid.yaml", "missing-field", "/info"),
    // Workflow Object: `workflowId` is REQUIRED (same fixture).
    (
        "usearazzo__arazzo-toolkit/packages/validator/test/fixtures/arazzo-full-invalid.yaml",
        "missing-field",
        "/workflows/0",
    ),
    // Step Object: `stepId` is REQUIRED (same fixture).
    (
        "usearazzo__arazzo-toolkit/packages/validator/test/fixtures/arazzo-full-invalid.yaml",
        "missing-field",
        "/workflows/0/steps/0",
    ),
    // Runtime expressions (ABNF): `body-reference = "body" ["#" json-pointer]`, so
    // `$response.body.name` (dot navigation) is malformed; `$response.body#/name` reads
    // a member of the body. (In `simple` conditions the checker reads dot navigation as a
    // pointer, as several runners do, so only expressions outside conditions are listed.)
    (
        "wso2__arazzo-tools/examples/go-runner-test/petstore/03-retry-action.arazzo.yaml",
        "invalid-expression",
        "/workflows/0/steps/2/outputs/foundPets",
    ),
    (
        "wso2__arazzo-tools/examples/go-runner-test/petstore/04-expressions-outputs.arazzo.yaml",
        "invalid-expression",
        "/workflows/0/steps/1/outputs/dotNotationName",
    ),
    (
        "wso2__arazzo-tools/examples/go-runner-test/toolshop/04-expressions-outputs.arazzo.yaml",
        "invalid-expression",
        "/workflows/0/steps/1/outputs/dotNotationName",
    ),
    // `$steps.shouldNotRun.outputs.inventory`: step `shouldNotRun` declares no `outputs`
    // at all, so the workflow output names a value no step defines (Step Object:
    // outputs are only those the step's `outputs` map declares).
    (
        "wso2__arazzo-tools/examples/go-runner-test/petstore/03-retry-action.arazzo.yaml",
        "unknown-output",
        "/workflows/1/outputs/shouldNotExist",
    ),
    // The same in the toolshop variant (`$steps.shouldNotRun.outputs.categories`).
    (
        "wso2__arazzo-tools/examples/go-runner-test/toolshop/03-retry-action.arazzo.yaml",
        "unknown-output",
        "/workflows/1/outputs/shouldNotExist",
    ),
    // `$steps.getProductDetailStep.outputs.response.body.name`: that step declares no
    // outputs (and `response.body.name` is not an output name but a mangled expression).
    (
        "wso2__arazzo-tools/examples/go-runner-test/toolshop/17-qualified-operation-id.arazzo.yaml",
        "unknown-output",
        "/workflows/0/outputs/productName",
    ),
    // Criterion Object, `simple` conditions: string literals are quoted (`'CriteriaTestPet'`);
    // a bare word is neither a literal nor a runtime expression.
    (
        "wso2__arazzo-tools/examples/go-runner-test/petstore/06-success-criteria.arazzo.yaml",
        "invalid-condition",
        "/workflows/0/steps/2/successCriteria/1/condition",
    ),
    (
        "wso2__arazzo-tools/examples/go-runner-test/toolshop/06-success-criteria.arazzo.yaml",
        "invalid-condition",
        "/workflows/0/steps/2/successCriteria/1/condition",
    ),
    // Criterion Object: "If `type` is specified, then the `context` MUST be provided";
    // this `type: regex` criterion has none.
    (
        "wso2__arazzo-tools/examples/go-runner-test/petstore/06-success-criteria.arazzo.yaml",
        "missing-context",
        "/workflows/0/steps/3/successCriteria/0/type",
    ),
    // Step `setupPetWorkflow` defines its output from its own output
    // (`$steps.setupPetWorkflow.outputs.createdPetId`): a step's outputs can only read
    // what exists when it completes (its response, or the called workflow's `$outputs`),
    // never themselves.
    (
        "wso2__arazzo-tools/examples/go-runner-test/petstore/05-nested-workflow.arazzo.yaml",
        "step-order",
        "/workflows/1/steps/0/outputs/nestedPetId",
    ),
    // Later steps read `$steps.setupPetWorkflow.outputs.createdPetId`, but that step's
    // `outputs` map declares only `nestedPetId` (Step Object: outputs are the map's keys;
    // `createdPetId` is an output of the called workflow, not of the step).
    (
        "wso2__arazzo-tools/examples/go-runner-test/petstore/05-nested-workflow.arazzo.yaml",
        "unknown-output",
        "/workflows/1/steps/1/parameters/0/value",
    ),
    // operationPath `petstore#/paths/~1pet/post`: "A Runtime Expression syntax MUST be used
    // to identify the source description document" (`{$sourceDescriptions.petstore.url}#…`).
    (
        "wso2__arazzo-tools/examples/go-runner-test/petstore/07-operation-path.arazzo.yaml",
        "invalid-operation-path|invalid-reference",
        "/workflows/0/steps/0/operationPath",
    ),
    // operationPath `…#/paths/~1categories` points at a Path Item, not an operation
    // ("The operation being referenced MUST be described within one of the sourceDescriptions").
    (
        "wso2__arazzo-tools/examples/go-runner-test/toolshop/16-operation-path-advanced.arazzo.yaml",
        "unknown-operation|invalid-reference",
        "/workflows/0/steps/0/operationPath",
    ),
    // `operationId: testAPI.getProduct`: the OpenAPI file declares `getProduct`; the Arazzo
    // text's only qualified form is the runtime expression `$sourceDescriptions.testAPI.getProduct`
    // (Step Object, operationId); `source.op` is a Redocly convention, not Arazzo.
    (
        "frankkilcommins__arazzo2openapi/tests/fixtures/arazzo/simple-workflow.yaml",
        "unknown-operation",
        "/workflows/0/steps/0/operationId",
    ),
];

/// `$ARAZZO_CORPUS`, else `../shared/corpus` beside the workspace.
fn corpus_path() -> PathBuf {
    let path = match std::env::var_os("ARAZZO_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
    };
    arazzo_codegen::clean_path(&path)
}

/// The corpus root (or where it was looked for, when absent).
static SETUP: OnceLock<Result<PathBuf, PathBuf>> = OnceLock::new();

/// The corpus root, with `ARAZZO_URL_MAP` set from its `url-map.json`; `None` (after
/// saying so) when the corpus is absent. Every test starts here: the environment is read
/// and written only inside the `OnceLock`, which the other tests wait for, before any
/// compile reads `ARAZZO_URL_MAP`.
fn setup() -> Option<PathBuf> {
    let root = SETUP.get_or_init(|| {
        let root = corpus_path();
        if !root.join("INDEX.md").is_file() {
            return Err(root);
        }
        let text = std::fs::read_to_string(root.join("url-map.json")).expect("url-map.json");
        let json: serde_json::Value = serde_json::from_str(&text).expect("url-map.json is JSON");
        let map = json["prefix_map"].as_object().expect("url-map.json has prefix_map");
        let value = map
            .iter()
            .map(|(prefix, dir)| format!("{prefix}={}", root.join(dir.as_str().expect("a folder")).display()))
            .collect::<Vec<_>>()
            .join(";");
        // SAFETY: inside the `OnceLock` initialiser: every test of this binary calls
        // `setup` first and blocks until it returns, so no other thread reads the
        // environment meanwhile; the value never changes afterwards.
        unsafe { std::env::set_var("ARAZZO_URL_MAP", value) };
        Ok(root)
    });
    match root {
        Ok(root) => Some(root.clone()),
        Err(path) => {
            eprintln!("skipped: corpus not found at {} (set ARAZZO_CORPUS to its path)", path.display());
            None
        }
    }
}

/// The documents of INDEX.md's "### Complete sets" section, relative to the corpus root.
fn complete_sets(root: &Path) -> Vec<String> {
    let index = std::fs::read_to_string(root.join("INDEX.md")).expect("INDEX.md");
    let mut out = Vec::new();
    let mut inside = false;
    for line in index.lines() {
        if line.starts_with("### ") {
            inside = line.starts_with("### Complete sets");
            continue;
        }
        if line.starts_with("## ") {
            inside = false;
        }
        if !inside {
            continue;
        }
        // - **owner__repo** (n): `a`, `b`
        let Some(rest) = line.strip_prefix("- **") else { continue };
        let Some((repo, files)) = rest.split_once("**") else { continue };
        let before = out.len();
        for (i, part) in files.split('`').enumerate() {
            if i % 2 == 1 {
                out.push(format!("{repo}/{part}"));
            }
        }
        if let Some(n) = files.trim().strip_prefix('(').and_then(|r| r.split_once(')')).map(|(n, _)| n) {
            assert_eq!(n.parse::<usize>().ok(), Some(out.len() - before), "INDEX.md miscounts {repo}");
        }
    }
    assert!(!out.is_empty(), "INDEX.md has no \"### Complete sets\" section");
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// Every Arazzo document of the corpus: files named `*.arazzo.{yaml,yml,json}`, and
/// YAML, JSON or extensionless files whose root is a mapping with an `arazzo` key.
fn all_documents(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    walk(root, &mut files);
    let mut out = Vec::new();
    for f in files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_ascii_lowercase();
        let named = [".arazzo.yaml", ".arazzo.yml", ".arazzo.json"].iter().any(|s| name.ends_with(s));
        let data = [".yaml", ".yml", ".json"].iter().any(|s| name.ends_with(s))
            || (!name.contains('.') && name != "license" && name != "notice");
        if !named && !data {
            continue;
        }
        let is_arazzo = named
            || arazzo_codegen::load::load_file(&f, rel(root, &f))
                .is_ok_and(|d| d.root.as_object().is_some_and(|o| o.contains_key("arazzo")));
        if is_arazzo {
            out.push(rel(root, &f));
        }
    }
    out
}

/// `message` with every backticked name replaced by `…`, for grouping.
fn mask(message: &str) -> String {
    message.split('`').enumerate().map(|(i, p)| if i % 2 == 1 { "`…`" } else { p }).collect()
}

fn short(d: &Diagnostic) -> String {
    let sev = if d.severity == Severity::Warning { "warning " } else { "" };
    format!("{sev}[{}] {} (#{} {}:{})", d.code, d.message, d.pointer, d.line, d.column)
}

/// Whether `d` is an `unknown-output` error ("step `s` has no output `o`") for an output
/// that step `s` does declare in `doc`: a consequence of another error, not a mistake of
/// the document.
fn declared_output(doc: Option<&serde_json::Value>, d: &Diagnostic) -> bool {
    let parts: Vec<&str> = d.message.split('`').collect();
    if d.code != "unknown-output" || parts.len() < 4 {
        return false;
    }
    let (step, output) = (parts[1], parts[3]);
    let workflows = doc.and_then(|d| d.get("workflows")).and_then(|w| w.as_array());
    workflows.into_iter().flatten().filter_map(|w| w.get("steps").and_then(|s| s.as_array())).flatten().any(|s| {
        s.get("stepId").and_then(|i| i.as_str()) == Some(step)
            && s.get("outputs").and_then(|o| o.as_object()).is_some_and(|o| o.contains_key(output))
    })
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Class {
    Compiled,
    Invalid,
    Unsupported,
}

fn classify(result: &Result<Diagnostics, Diagnostics>) -> Class {
    match result {
        Ok(_) => Class::Compiled,
        Err(d) if d.errors().all(|e| e.code == "unsupported") => Class::Unsupported,
        Err(_) => Class::Invalid,
    }
}

fn compile(root: &Path, doc: &str) -> Result<Diagnostics, Diagnostics> {
    arazzo_codegen::compile(&root.join(doc), Some(root)).map(|(_, d)| d)
}

#[test]
fn complete_sets_compile() {
    let Some(root) = setup() else { return };
    let docs = complete_sets(&root);
    let mut results = BTreeMap::new();
    for doc in &docs {
        assert!(root.join(doc).is_file(), "INDEX.md lists {doc}, which is not in the corpus");
        results.insert(doc.clone(), compile(&root, doc));
    }

    let mut counts: BTreeMap<Class, usize> = BTreeMap::new();
    let mut histogram: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut cascades = 0;
    println!("\n{:<12} document / first diagnostics", "class");
    for (doc, result) in &results {
        let class = classify(result);
        *counts.entry(class).or_default() += 1;
        let Err(diags) = result else { continue };
        println!("{:<12} {doc}", format!("{class:?}"));
        let text = arazzo_codegen::load::load_file(&root.join(doc), doc.clone()).ok().map(|d| d.root);
        for d in diags.errors().take(3) {
            let tag = if declared_output(text.as_ref(), d) { " [cascade: the step does declare it]" } else { "" };
            println!("{:<12}   {}{tag}", "", short(d));
        }
        let more = diags.errors().count().saturating_sub(3);
        if more > 0 {
            println!("{:<12}   … and {more} more", "");
        }
        cascades += diags.errors().filter(|d| declared_output(text.as_ref(), d)).count();
        for d in diags.errors() {
            histogram.entry((d.code.to_string(), mask(&d.message))).or_default().insert(doc.clone());
        }
    }
    println!(
        "\n{cascades} `unknown-output` errors name an output the step declares (it was dropped after another error)"
    );
    let mut rows: Vec<_> = histogram.into_iter().collect();
    rows.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    println!("\ndocuments  error");
    for ((code, message), docs) in &rows {
        println!("{:>9}  [{code}] {message}", docs.len());
    }
    let compiled = counts.get(&Class::Compiled).copied().unwrap_or(0);
    let invalid = counts.get(&Class::Invalid).copied().unwrap_or(0);
    let unsupported = counts.get(&Class::Unsupported).copied().unwrap_or(0);
    println!("\ncomplete sets: compiled {compiled} / {}, invalid {invalid}, unsupported {unsupported}", results.len());

    let mut failures = Vec::new();
    for (doc, code, pointer) in EXPECTED_INVALID {
        match results.get(*doc) {
            None => failures.push(format!("{doc} is not a complete set")),
            Some(Ok(_)) => failures.push(format!("{doc} compiled; expected [{code}] at #{pointer}")),
            Some(Err(d)) => {
                if !d.errors().any(|e| code.split('|').any(|c| c == e.code) && e.pointer == *pointer) {
                    let got: Vec<_> = d.errors().map(short).collect();
                    failures.push(format!("{doc}: no [{code}] at #{pointer}; got:\n    {}", got.join("\n    ")));
                }
            }
        }
    }
    assert!(failures.is_empty(), "expected errors missing:\n{}", failures.join("\n"));
    assert!(
        compiled >= COMPILED_FLOOR,
        "only {compiled} complete sets compile, fewer than the floor {COMPILED_FLOOR}: a regression"
    );
}

#[test]
fn incomplete_documents() {
    let Some(root) = setup() else { return };
    let complete: BTreeSet<String> = complete_sets(&root).into_iter().collect();
    let all = all_documents(&root);
    println!("\n{} Arazzo documents, {} outside the complete sets:", all.len(), all.len() - complete.len());
    for doc in all.iter().filter(|d| !complete.contains(*d)) {
        let mut diags = Diagnostics::default();
        let loaded = arazzo_codegen::load_workflow(&root.join(doc), Some(&root), &mut diags);
        let why: Vec<String> = diags
            .errors()
            .filter(|d| d.pointer.starts_with("/sourceDescriptions") || d.pointer.is_empty() || loaded.is_none())
            .map(|d| format!("[{}] {}", d.code, d.message))
            .collect();
        let why = if !why.is_empty() {
            why.join("; ")
        } else {
            let unresolved: Vec<String> = match compile(&root, doc) {
                Ok(_) => Vec::new(),
                Err(d) => d
                    .errors()
                    .filter(|d| matches!(d.code, "unknown-operation" | "ambiguous-operation"))
                    .map(|d| format!("[{}] {}", d.code, d.message))
                    .collect(),
            };
            if unresolved.is_empty() {
                "every source loads (INDEX.md does not list it as complete)".to_string()
            } else {
                format!("sources load, operations do not resolve: {}", unresolved.join("; "))
            }
        };
        println!("  {doc}: {why}");
    }
}

/// An error in one of the specification's own examples that JSON Schema validation
/// cannot see, and that the checker must report.
struct SpecError {
    /// The documents that carry it, relative to the corpus root. The line and column are
    /// those of the first (the original) and are checked in every document with its
    /// text; copies with other text are checked by code and pointer only.
    docs: &'static [&'static str],
    /// The acceptable codes; the first is the one the Arazzo text calls for.
    codes: &'static [&'static str],
    pointer: &'static str,
    line: usize,
    column: usize,
    /// Text the help must contain.
    help: Option<&'static str>,
    /// Why it is an error, per the Arazzo (or OpenAPI) text.
    why: &'static str,
}

const FAPI_PAR: &[&str] = &[
    "OAI__Arazzo-Specification/examples/1.0.0/FAPI-PAR.arazzo.yaml",
    "BinkyLabs__openapi-arazzo-dotnet/tests/lib/Samples/ArazzoSpecification/1.0.0/FAPI-PAR.arazzo.yaml",
    "BinkyLabs__openapi-arazzo-dotnet/tests/lib/Samples/ArazzoSpecification/1.0.0/FAPI-PAR.arazzo.json",
];
const PET_COUPONS: &[&str] = &[
    "OAI__Arazzo-Specification/examples/1.0.0/pet-coupons.arazzo.yaml",
    "BinkyLabs__openapi-arazzo-dotnet/tests/lib/Samples/ArazzoSpecification/1.0.0/pet-coupons.arazzo.yaml",
];
const BNPL: &[&str] = &[
    "OAI__Arazzo-Specification/examples/1.0.0/bnpl-arazzo.yaml",
    "BinkyLabs__openapi-arazzo-dotnet/tests/lib/Samples/ArazzoSpecification/1.0.0/bnpl-arazzo.yaml",
];
/// bnpl as of commit 23852b8, and its copies in the JSON Schema test suites (1.0 and 1.1).
const BNPL_OLD: &[&str] = &["OAI__Arazzo-Specification/at-23852b8/examples/1.0.0/bnpl-arazzo.yaml"];
const BNPL_SUITES: &[&str] = &[
    "OAI__Arazzo-Specification/branches/v1.0-dev/tests/schema/pass/bnpl-example.yaml",
    "OAI__Arazzo-Specification/branches/dev/tests/schema/pass/bnpl-example.yaml",
];
const OAUTH: &[&str] = &[
    "OAI__Arazzo-Specification/examples/1.0.0/oauth.arazzo.yaml",
    "BinkyLabs__openapi-arazzo-dotnet/tests/lib/Samples/ArazzoSpecification/1.0.0/oauth.arazzo.yaml",
];

const SPEC_ERRORS: &[SpecError] = &[
    SpecError {
        docs: FAPI_PAR,
        codes: &["unknown-operation"],
        pointer: "/workflows/0/steps/0/operationId",
        line: 102,
        column: 22,
        help: Some("did you mean `Par`?"),
        why: "`$sourceDescriptions.auth-api.PAR`, but FAPI-PAR.openapi.yaml declares `Par`: operationIds are \
              case-sensitive (OpenAPI), and the Step Object's operationId must name an operation of the source",
    },
    SpecError {
        docs: FAPI_PAR,
        codes: &["no-body"],
        pointer: "/workflows/0/steps/1/outputs/code",
        line: 135,
        column: 17,
        help: None,
        why: "`$response.body#/code` on `Authorization`, whose only success response (302) has no content; the \
              example's own comment says the code is really a query parameter of the redirect",
    },
    SpecError {
        docs: PET_COUPONS,
        codes: &["undeclared-parameter", "unknown-parameter"],
        pointer: "/workflows/0/steps/0/parameters/0/name",
        line: 26,
        column: 13,
        help: None,
        why: "query parameter `pet_tags`: `findPetsByTags` declares `tags`. Per Arazzo a query parameter the \
              operation does not declare is still sent, so the right report is an `undeclared-parameter` warning",
    },
    SpecError {
        docs: PET_COUPONS,
        codes: &["unknown-parameter"],
        pointer: "/workflows/0/steps/1/parameters/0/name",
        line: 40,
        column: 13,
        help: None,
        why: "path parameter `pet_id`: the path `/pet/{petId}/coupons` has no slot for it, so it cannot be sent",
    },
    SpecError {
        docs: PET_COUPONS,
        codes: &["missing-parameter"],
        pointer: "/workflows/0/steps/1/operationId",
        line: 38,
        column: 22,
        help: None,
        why: "`getPetCoupons` requires the path parameter `petId` (OpenAPI: path parameters are required), \
              which the step never gives (it gives `pet_id`)",
    },
    SpecError {
        docs: BNPL,
        codes: &["unknown-output"],
        pointer: "/workflows/0/steps/5/parameters/0/value",
        line: 242,
        column: 16,
        help: Some("redirectAuthToken, loanTransactionResourceUrl"),
        why: "`$steps.initiateBnplTransaction.outputs.loanTransactionId`: that step's outputs are \
              `redirectAuthToken` and `loanTransactionResourceUrl`",
    },
    SpecError {
        docs: BNPL,
        codes: &["unknown-output"],
        pointer: "/workflows/0/steps/6/parameters/0/value",
        line: 253,
        column: 16,
        help: None,
        why: "the same undefined `loanTransactionId` output, read again by `updateOrderStatus`",
    },
    SpecError {
        docs: BNPL,
        codes: &["missing-parameter"],
        pointer: "/workflows/0/steps/4/operationId",
        line: 227,
        column: 18,
        help: None,
        why: "`getAuthorization` requires the query parameter `AuthorizationToken`; the step sends \
              `redirectAuthToken` instead, so the required one is never given",
    },
    SpecError {
        docs: BNPL,
        codes: &["unknown-property"],
        pointer: "/workflows/0/steps/0/outputs/eligibleProducts",
        line: 133,
        column: 25,
        help: None,
        why: "`$response.body#/products`: the 200 response of `findEligibleProducts` has `productCodes`, not \
              `products`, and `additionalProperties: false`, so the pointer can never resolve",
    },
    SpecError {
        docs: BNPL,
        codes: &["invalid-expression"],
        pointer: "/workflows/0/outputs/finalizedPaymentPlan",
        line: 260,
        column: 62,
        help: None,
        why: "`$steps.retrieveFinalizedPaymentPlan.finalizedPaymentPlan` lacks `.outputs.`: step values are \
              `$steps.<stepId>.outputs.<name>` (Runtime Expressions, examples table)",
    },
    SpecError {
        docs: BNPL_OLD,
        codes: &["invalid-expression"],
        pointer: "/workflows/0/steps/4/outputs/redirectUrl",
        line: 235,
        column: 30,
        help: None,
        why: "`$response.headers.Location`: the ABNF's header reference is `header.` token (fixed upstream \
              after 23852b8)",
    },
    SpecError {
        docs: BNPL_OLD,
        codes: &["unknown-output"],
        pointer: "/workflows/0/steps/5/parameters/0/value",
        line: 242,
        column: 16,
        help: None,
        why: "`loanTransactionId` is no output of `initiateBnplTransaction` (as in the current example)",
    },
    SpecError {
        docs: BNPL_SUITES,
        codes: &["invalid-expression"],
        pointer: "/workflows/0/steps/3/outputs/redirectAuthToken",
        line: 226,
        column: 36,
        help: None,
        why: "`$response.body.redirectAuthToken`: the ABNF's body reference is `body` [\"#\" json-pointer]; \
              dot navigation is not part of it",
    },
    SpecError {
        docs: BNPL_SUITES,
        codes: &["invalid-expression"],
        pointer: "/workflows/0/steps/4/outputs/redirectUrl",
        line: 246,
        column: 30,
        help: None,
        why: "`$response.headers.Location` (plural), as in the old example",
    },
    SpecError {
        docs: BNPL,
        codes: &["step-order", "unknown-output"],
        pointer: "/workflows/0/steps/4/parameters/0/value",
        line: 231,
        column: 16,
        help: None,
        why: "`$steps.authenticateCustomerAndAuthorizeLoan.outputs.redirectAuthToken` is read by that same step, \
              which defines no such output (`initiateBnplTransaction` was meant): a step reads only steps \
              that completed before it",
    },
    SpecError {
        docs: BNPL,
        codes: &["unknown-property"],
        pointer: "/workflows/0/steps/6/requestBody/payload/loanStatus",
        line: 256,
        column: 18,
        help: None,
        why: "payload `{ \"loanStatus\": \"Completed\" }`: the request body of `updateBnplLoanTransactionStatus` \
              has only `status`, with `additionalProperties: false`",
    },
    SpecError {
        docs: BNPL,
        codes: &["missing-property"],
        pointer: "/workflows/0/steps/6/requestBody/payload",
        line: 256,
        column: 7,
        help: None,
        why: "the same payload lacks `status`, which the request body schema requires",
    },
    SpecError {
        docs: BNPL_OLD,
        codes: &["unknown-input"],
        pointer: "/workflows/0/steps/2/requestBody/payload",
        line: 169,
        column: 9,
        help: None,
        why: "`{$inputs.customer.firstName}`: the input is `customer`; `customer.firstName` is no input \
              (`$inputs.customer#/firstName` was meant, as upstream now writes)",
    },
    SpecError {
        docs: OAUTH,
        codes: &["missing-property"],
        pointer: "/workflows/0/steps/1/requestBody/payload",
        line: 59,
        column: 11,
        help: None,
        why: "the refresh request's payload has `grant_type` and `refresh_token`, but `get-token`'s \
              form body requires `client_id` too",
    },
];

/// Errors in the examples that the checker does not report yet: `(document, pointer,
/// codes already reported there for other reasons, why)`. Printed only, so that a fix
/// shows up in the output (then move the entry to [`SPEC_ERRORS`]).
const SPEC_MISSES: &[(&str, &str, &[&str], &str)] = &[
    (
        "OAI__Arazzo-Specification/examples/1.0.0/oauth.arazzo.yaml",
        "/workflows/2/steps/0/outputs/code",
        &[],
        "`$response.body#/code` on `authorize`, whose 200 response declares no content; the example's own \
         comment says \"Not really, this is a query parameter\" (the checker reads an undescribed body as \
         untyped JSON)",
    ),
    (
        "OAI__Arazzo-Specification/at-23852b8/examples/1.0.0/bnpl-arazzo.yaml",
        "/workflows/0/steps/2/requestBody/payload",
        &["unknown-input"],
        "the `application/json` payload string is not JSON: no comma after the `postalCode` member",
    ),
];

/// Diagnostics the checker gives on the examples that the Arazzo and OpenAPI texts do not
/// support: `(document, code, pointer, why)`. Printed only, for the integrator.
const SPEC_FALSE_POSITIVES: &[(&str, &str, &str, &str)] = &[
    (
        "OAI__Arazzo-Specification/examples/1.0.0/FAPI-PAR.arazzo.yaml",
        "missing-parameter",
        "/workflows/0/steps/2/operationId",
        "the required header parameter `Content-Type` of `Token` does not count: OpenAPI says a header \
         parameter named `Accept`, `Content-Type` or `Authorization` SHALL be ignored",
    ),
    (
        "OAI__Arazzo-Specification/examples/1.0.0/bnpl-arazzo.yaml",
        "unknown-property",
        "/workflows/0/steps/2/outputs/customer",
        "`$response.body#/links/self` on `createCustomer`: the step succeeds on 200 or 201, and the 201 \
         response has `links` (only the 200 one does not)",
    ),
];

/// The errors (and warnings) of `doc`, or why it could not be checked.
fn check_spec_doc(root: &Path, doc: &str) -> Result<Vec<Diagnostic>, String> {
    let path = root.join(doc);
    if !path.is_file() {
        return Err(format!("{doc} is not in the corpus"));
    }
    let mut diags = Diagnostics::default();
    arazzo_codegen::load_workflow(&path, Some(root), &mut diags);
    let missing: Vec<String> = diags
        .errors()
        .filter(|d| matches!(d.code, "remote-source" | "missing-source"))
        .map(|d| format!("{} ({})", d.message, d.help.clone().unwrap_or_default()))
        .collect();
    if !missing.is_empty() {
        return Err(format!("a source is missing from the corpus: {}", missing.join("; ")));
    }
    Ok(match compile(root, doc) {
        Ok(d) | Err(d) => d.0,
    })
}

fn normalized_text(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok().map(|t| t.replace("\r\n", "\n"))
}

#[test]
fn spec_examples_errors() {
    let Some(root) = setup() else { return };
    let mut failures = Vec::new();
    let mut checked = 0;
    println!();
    for e in SPEC_ERRORS {
        let original = normalized_text(&root.join(e.docs[0]));
        for doc in e.docs {
            let diags = match check_spec_doc(&root, doc) {
                Ok(d) => d,
                Err(why) => {
                    println!("skipped {doc} #{}: {why}", e.pointer);
                    continue;
                }
            };
            checked += 1;
            let same_text = original.is_some() && normalized_text(&root.join(doc)) == original;
            let found = diags.iter().find(|d| d.pointer == e.pointer && e.codes.contains(&d.code));
            let Some(d) = found else {
                let near: Vec<String> = diags.iter().filter(|d| d.pointer == e.pointer).map(short).collect();
                failures.push(format!(
                    "{doc}: expected [{}] at #{}: {}\n    at that pointer: {}",
                    e.codes.join(" or "),
                    e.pointer,
                    e.why,
                    if near.is_empty() { "nothing".to_string() } else { near.join("; ") }
                ));
                continue;
            };
            if same_text && (d.line, d.column) != (e.line, e.column) {
                failures.push(format!(
                    "{doc}: [{}] at #{} is reported at {}:{}, expected {}:{}",
                    d.code, e.pointer, d.line, d.column, e.line, e.column
                ));
            }
            if let Some(help) = e.help
                && !d.help.as_deref().is_some_and(|h| h.contains(help))
            {
                failures.push(format!("{doc}: [{}] at #{}: help {:?} lacks {help:?}", d.code, e.pointer, d.help));
            }
            let note = if d.code == e.codes[0] {
                String::new()
            } else {
                format!(" — NOTE: the Arazzo text calls for [{}], the checker gives [{}]", e.codes[0], d.code)
            };
            println!("reported {doc}:{}:{} {}{note}", d.line, d.column, short(d));
        }
    }
    for (doc, pointer, other, why) in SPEC_MISSES {
        match check_spec_doc(&root, doc) {
            Err(reason) => println!("skipped {doc} #{pointer}: {reason}"),
            Ok(diags) => match diags.iter().find(|d| d.pointer.starts_with(pointer) && !other.contains(&d.code)) {
                Some(d) => println!("now reported (move it to SPEC_ERRORS) {doc}: {}", short(d)),
                None => println!("not reported yet {doc} #{pointer}: {why}"),
            },
        }
    }
    for (doc, code, pointer, why) in SPEC_FALSE_POSITIVES {
        match check_spec_doc(&root, doc) {
            Err(reason) => println!("skipped {doc} #{pointer}: {reason}"),
            Ok(diags) => match diags.iter().find(|d| d.pointer == *pointer && d.code == *code) {
                Some(d) => println!("false positive {doc}: {}: {why}", short(d)),
                None => println!("no longer reported (remove it from SPEC_FALSE_POSITIVES) {doc} [{code}] #{pointer}"),
            },
        }
    }
    println!("spec examples: {checked} expected errors checked, {} missing", failures.len());
    assert!(failures.is_empty(), "the checker misses errors of the specification's examples:\n{}", failures.join("\n"));
}
