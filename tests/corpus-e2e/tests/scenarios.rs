//! JaredCE/Arazzo-Runner's end-to-end scenarios, through our generated code.
//!
//! For every scenario whose Arazzo file compiled (see `build.rs` and the manifest): a
//! mock server replays the scenario's interceptors, the scenario's workflows run
//! against it (all the file's workflows in document order, each with
//! `inputs[workflowId]` from the scenario's inputs file, as JaredCE's runner does), and
//! the scenario *matches* when
//! - every interceptor was used as often as it says (`times`), in order, and no other
//!   request was sent;
//! - each request carried the expected query, `reqheaders` (and none of the
//!   `badheaders`) and body;
//! - the run failed iff the scenario expects an error.
//!
//! The assertions the runner's tests make beyond that (`spy.callCount`, error message
//! texts) are about the runner's internals; they are not checked.
//!
//! Every scenario that compiled must match, except those in [`KNOWN_MISMATCHES`] (each
//! with its reason). Set `CORPUS_E2E_STRICT=1` to also fail on allow-listed scenarios
//! that now match (to prune the list).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use arazzo_corpus_e2e::mock::{Interceptor, MockServer, Recorded, decode};
use serde_json::Value;

/// Scenarios (by index in `scenarios-e2e.json`) that compile but are known not to
/// match, with the reason.
const KNOWN_MISMATCHES: &[(usize, &str)] = &[
    (41, BODY_SHAPE),
    (42, BODY_SHAPE),
    (111, OUTPUT_UNRESOLVED),
    (112, UNUSED_INTERCEPTOR),
    (113, ERROR_STATUS),
    (115, UNDECLARED_STATUS),
    (118, FAILURE_END),
    (121, SELF_GOTO),
    (125, RETRY_COUNTER),
    (137, FAILURE_END),
    (140, SELF_GOTO),
    (34, INPUT_TYPE),
    (35, INPUT_TYPE),
    (36, BODY_SHAPE),
    (37, BODY_SHAPE),
    (38, BODY_SHAPE),
    (39, BODY_SHAPE),
    (40, BODY_SHAPE),
    (43, BODY_SHAPE),
    (44, BODY_SHAPE),
    (45, BODY_SHAPE),
    (46, BODY_SHAPE),
    (56, FAILURE_END),
    (57, FAILURE_END),
    (58, FAILURE_END),
    (59, FAILURE_END),
    (61, WRAPPED_PAYLOAD),
    (62, WRAPPED_PAYLOAD),
    (63, REUSED_INTERCEPTOR),
    (64, WRAPPED_PAYLOAD),
    (69, RETRY_EXHAUSTED),
    (74, REPLY_TYPE),
    (76, WORKFLOW_ACTIONS),
    (78, WRAPPED_PAYLOAD),
    (79, WRAPPED_PAYLOAD),
    (80, REPLY_TYPE),
    (81, REPLY_TYPE),
    (83, WORKFLOW_ACTIONS),
    (90, SECURITY_SCHEMES),
    (91, SECURITY_SCHEMES),
    (93, MUTUAL_TLS),
    (94, MUTUAL_TLS),
    (95, MUTUAL_TLS),
    (96, MUTUAL_TLS),
];

/// The input does not fit the parameter's schema (`"blue"` for an integer `petId`):
/// JaredCE sends it; the generated code refuses it (`WorkflowError::InvalidValue`).
const INPUT_TYPE: &str =
    "an input that does not fit the parameter's schema is refused here (InvalidValue), sent by JaredCE";
/// The payload wraps the body (`{"user": {...}}`) in a property the operation's schema
/// does not have: JaredCE sends it as written; the generated code refuses it
/// (`WorkflowError::InvalidBody`) instead of dropping the member.
const WRAPPED_PAYLOAD: &str =
    "the payload has a property the request body schema lacks: refused here (InvalidBody), sent by JaredCE";
/// A `goto` back to the first step calls its interceptor twice; nock allows it, this
/// harness checks interceptor order strictly.
const REUSED_INTERCEPTOR: &str =
    "a goto re-uses an earlier interceptor, which this harness's strict order check reports";
/// After the last retry fails, JaredCE goes on to the next step; here the workflow
/// fails with the step's error (docs/semantics.md, `retryLimit`).
const RETRY_EXHAUSTED: &str =
    "when retries are exhausted JaredCE goes on to the next step; here the step's error ends the workflow";
/// The mock's reply does not fit the response schema (a string `id` for an integer).
const REPLY_TYPE: &str = "the reply body does not fit the response schema (string for integer): a decode error here";
/// Workflow-level `successActions` apply after every step (Arazzo 1.0.1) here, so an
/// action whose criteria hold after the first step fires there; JaredCE applies it later.
const WORKFLOW_ACTIONS: &str =
    "workflow-level successActions apply after every step here (Arazzo text), from the first step";
/// JaredCE applies the OpenAPI security scheme (Basic base64, `Bearer ` prefix) to the
/// value; here the workflow's `Authorization` value is sent as written.
const SECURITY_SCHEMES: &str =
    "JaredCE encodes security-scheme values (Basic, Bearer); the generated code sends the value as written";
/// mutualTLS client certificates are not supported: nothing checks the certificate inputs.
const MUTUAL_TLS: &str = "mutualTLS client certificates are not supported (the inputs are not checked)";

/// An `onFailure` action of type `end` whose criteria match ends the workflow without
/// error in JaredCE; here it returns the step's error (docs/semantics.md, "Ends").
const FAILURE_END: &str = "`onFailure: end` returns the step's error here, ends the workflow successfully in JaredCE";
/// A step whose `onFailure` goes to itself: JaredCE stops it as an infinite loop (an
/// error); here the loop runs until the step succeeds (up to 10,000 transitions).
const SELF_GOTO: &str = "a `goto` to the failing step itself is an infinite-loop error in JaredCE, a loop here";
/// Two `retry` actions (`retryLimit: 3` on 400, none on 404); the scenario merges the
/// interceptors of several runs of the runner's test, which one run cannot use.
const RETRY_COUNTER: &str = "the scenario merges the interceptors of several runs of the runner's test";

/// JaredCE fails a step whose output's JSON pointer does not resolve in the body
/// (`$response.body#/id` on `{"john": "paul"}`); here the output is `None`
/// (docs/semantics.md: a missing value is an error only where a request needs it).
const OUTPUT_UNRESOLVED: &str = "an output that does not resolve is `None` here, an error in JaredCE";
/// The runner's test sets up an interceptor the workflow never calls (nock does not
/// require every interceptor to be used; this harness does).
const UNUSED_INTERCEPTOR: &str = "the test sets up an interceptor for an operation the workflow never calls";
/// A step without `successCriteria` whose response is 4xx/5xx succeeds in JaredCE; here
/// an error status fails the step (docs/semantics.md, "Ends").
const ERROR_STATUS: &str = "an error status without successCriteria fails the step here, not in JaredCE";
/// The mock answers with a status the operation does not declare (200 where only 201
/// is declared): progenitor's client reports an unexpected response.
const UNDECLARED_STATUS: &str = "the reply status is not declared by the operation: progenitor reports it as an error";

/// The mock replies `{"id": 1}` where the OpenAPI response is an array of `Pet`:
/// JaredCE's runner never reads the body, our typed client fails to decode it
/// (`WorkflowError::Decode`).
const BODY_SHAPE: &str = "the reply body is an object where the response schema is an array: a decode error here";

/// One scenario's verdict.
struct Verdict {
    index: usize,
    test: String,
    problems: Vec<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jaredce_scenarios() {
    if !arazzo_corpus_e2e::CORPUS_FOUND {
        println!("skipped: corpus not found at {}", arazzo_corpus_e2e::CORPUS_DIR);
        return;
    }
    let corpus = PathBuf::from(arazzo_corpus_e2e::CORPUS_DIR);
    let runner = corpus.join("JaredCE__Arazzo-Runner");
    let manifest: Value = serde_json::from_str(arazzo_corpus_e2e::MANIFEST).expect("manifest");
    let entries = manifest["scenarios"].as_array().expect("scenarios").clone();
    let scenarios: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(runner.join("scenarios-e2e.json")).expect("scenarios file"))
            .expect("scenarios json");
    assert_eq!(entries.len(), scenarios.len(), "the manifest is stale: rebuild");

    let mut not_compiled: BTreeMap<String, usize> = BTreeMap::new();
    let mut runs = tokio::task::JoinSet::new();
    for (entry, scenario) in entries.iter().zip(&scenarios) {
        if entry["compiled"] != Value::Bool(true) {
            *not_compiled.entry(entry["reason"]["code"].as_str().unwrap_or("?").to_string()).or_default() += 1;
            continue;
        }
        let entry = entry.clone();
        let scenario = scenario.clone();
        let runner = runner.clone();
        runs.spawn(async move { run_one(&entry, &scenario, &runner).await });
    }
    let mut verdicts = Vec::new();
    while let Some(v) = runs.join_next().await {
        verdicts.push(v.expect("scenario task"));
    }
    verdicts.sort_by_key(|v| v.index);

    let total = scenarios.len();
    let compiled = verdicts.len();
    let matched = verdicts.iter().filter(|v| v.problems.is_empty()).count();
    let allowed: BTreeMap<usize, &str> = KNOWN_MISMATCHES.iter().copied().collect();
    let mut report = String::new();
    let histogram: Vec<String> = not_compiled.iter().map(|(code, n)| format!("{code}={n}")).collect();
    report.push_str(&format!(
        "compiled {compiled}/{total}, matched {matched}/{compiled}, not compiled: {}\n",
        if histogram.is_empty() { "none".to_string() } else { histogram.join(", ") }
    ));
    let mut first_reasons: BTreeMap<String, usize> = BTreeMap::new();
    for e in entries.iter().filter(|e| e["compiled"] != Value::Bool(true)) {
        let key = format!(
            "{}: {}",
            e["reason"]["code"].as_str().unwrap_or("?"),
            e["reason"]["message"].as_str().unwrap_or("")
        );
        *first_reasons.entry(key).or_default() += 1;
    }
    for (reason, n) in &first_reasons {
        report.push_str(&format!("  not compiled ×{n}: {reason}\n"));
    }
    let mut unexpected = Vec::new();
    let mut stale = Vec::new();
    for v in &verdicts {
        match (v.problems.is_empty(), allowed.get(&v.index)) {
            (true, Some(_)) => stale.push(v.index),
            (true, None) => report.push_str(&format!("  matched #{} {}\n", v.index, v.test)),
            (false, Some(why)) => report.push_str(&format!(
                "  known mismatch #{} {} ({why}): {}\n",
                v.index,
                v.test,
                v.problems.join("; ")
            )),
            (false, None) => {
                report.push_str(&format!("  MISMATCH #{} {}: {}\n", v.index, v.test, v.problems.join("; ")));
                unexpected.push(v.index);
            }
        }
    }
    for i in &stale {
        report.push_str(&format!("  allow-listed #{i} matches now: remove it from KNOWN_MISMATCHES\n"));
    }
    // The stable summary line, for scripts.
    report.push_str(&format!(
        "CORPUS_E2E total={total} compiled={compiled} matched={matched} known_mismatches={} unexpected_mismatches={} not_compiled={}\n",
        compiled - matched - unexpected.len(),
        unexpected.len(),
        if histogram.is_empty() { "none".to_string() } else { histogram.join(",") }
    ));
    println!("{report}");
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("corpus-e2e-report.txt");
    let _ = std::fs::write(&out, &report);

    assert!(unexpected.is_empty(), "scenarios that compiled but do not match (see above): {unexpected:?}");
    if std::env::var_os("CORPUS_E2E_STRICT").is_some() {
        assert!(stale.is_empty(), "allow-listed scenarios that match now: {stale:?}");
    }
}

/// Runs one compiled scenario against its own mock server and compares.
async fn run_one(entry: &Value, scenario: &Value, runner: &std::path::Path) -> Verdict {
    let index = entry["index"].as_u64().unwrap_or_default() as usize;
    let test = entry["test"].as_str().unwrap_or_default().to_string();
    let mut problems = Vec::new();
    let interceptors: Vec<Interceptor> = scenario["mock_interceptors"]
        .as_array()
        .map(|a| a.iter().map(Interceptor::from_json).collect())
        .unwrap_or_default();
    let inputs = match scenario["inputs_file"].as_str() {
        Some(f) => std::fs::read_to_string(runner.join(f))
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .unwrap_or_else(|| serde_json::json!({})),
        None => serde_json::json!({}),
    };
    let server = MockServer::start(interceptors.clone()).await.expect("mock server");
    let base = server.url();
    let result =
        tokio::time::timeout(Duration::from_secs(60), arazzo_corpus_e2e::run_scenario(index, &base, inputs)).await;
    let result = match result {
        Ok(r) => r,
        Err(_) => Err("timed out after 60 s".to_string()),
    };
    let expect_error = scenario["expect_error"] == Value::Bool(true);
    match (&result, expect_error) {
        (Ok(_), true) => problems.push("succeeded, but the scenario expects an error".to_string()),
        (Err(e), false) => problems.push(format!("failed: {e}")),
        _ => {}
    }

    let requests = server.requests();
    let mut last = 0;
    for (n, r) in requests.iter().enumerate() {
        let Some(k) = r.interceptor else {
            let q = r.query.as_deref().map(|q| format!("?{q}")).unwrap_or_default();
            problems.push(format!("request {n} `{} {}{q}` matches no interceptor", r.method, r.path));
            continue;
        };
        if k < last {
            problems.push(format!("request {n} used interceptor {k} after interceptor {last}: out of order"));
        }
        last = k;
        problems.extend(compare(n, r, &interceptors[k]));
        // A request to a server on another host than the client's (an operation's own
        // server, reached through the routed client) must be for the interceptor's host.
        let host = r.header("host").unwrap_or_default();
        let expected = scenario["mock_interceptors"][k]["base"].as_str().unwrap_or_default();
        let expected_host = expected.split_once("://").map_or("", |(_, a)| a.rsplit_once(':').map_or(a, |(h, _)| h));
        if !host.starts_with("127.0.0.1") && !host.eq_ignore_ascii_case(expected_host) {
            problems.push(format!("request {n} went to host `{host}`, expected `{expected_host}`"));
        }
    }
    // An interceptor at an origin that no server of the descriptions has (such as
    // `http://host:443`, next to the `http://host:80` the runner uses) cannot be reached
    // by a conforming runner: the scenario's nock test never requires it.
    let origins: Vec<&str> =
        entry["server_origins"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let reachable = |k: usize| {
        let base = scenario["mock_interceptors"][k]["base"].as_str().unwrap_or_default().to_ascii_lowercase();
        origins.is_empty() || origins.contains(&base.as_str())
    };
    for (k, left) in server.uses_left().iter().enumerate() {
        if *left > 0 && reachable(k) {
            let i = &interceptors[k];
            problems.push(format!("interceptor {k} `{} {}` not used ({left} use(s) left)", i.method, i.path));
        }
    }
    Verdict { index, test, problems }
}

/// What differs between a request and the interceptor that answered it.
fn compare(n: usize, r: &Recorded, i: &Interceptor) -> Vec<String> {
    let mut problems = Vec::new();
    // Query: nock compares the whole query (no `.query()`: there must be none).
    let actual = query_pairs(r.query.as_deref().unwrap_or(""));
    let expected = i.query.as_ref().map(expected_query).unwrap_or_default();
    if actual != expected {
        problems.push(format!("request {n}: query {actual:?}, expected {expected:?}"));
    }
    for (name, value) in &i.reqheaders {
        match r.header(name) {
            Some(v) if v == value => {}
            Some(v) => problems.push(format!("request {n}: header `{name}: {v}`, expected `{value}`")),
            None => problems.push(format!("request {n}: header `{name}` missing (expected `{value}`)")),
        }
    }
    for name in &i.badheaders {
        if r.header(name).is_some() {
            problems.push(format!("request {n}: header `{name}` must not be sent"));
        }
    }
    if let Some(expected) = &i.request_body
        && let Some(problem) = compare_body(r, expected)
    {
        problems.push(format!("request {n}: {problem}"));
    }
    problems
}

/// Decoded query parameters, by name, values in order.
fn query_pairs(q: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in form_urlencoded::parse(q.as_bytes()) {
        out.entry(k.into_owned()).or_default().push(v.into_owned());
    }
    out
}

/// nock's `.query(...)` arguments (recorded as a list of argument lists of objects,
/// keys and values already encoded): every object merged, decoded.
fn expected_query(v: &Value) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    fn walk(v: &Value, out: &mut BTreeMap<String, Vec<String>>) {
        match v {
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(m) => {
                for (k, v) in m {
                    let values = match v {
                        Value::Array(a) => a.iter().map(scalar).collect(),
                        other => vec![scalar(other)],
                    };
                    out.entry(decode(k)).or_default().extend(values.iter().map(|s| decode(s)));
                }
            }
            _ => {}
        }
    }
    walk(v, &mut out);
    out
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// nock's body matching: JSON deep-equal for an object or array (a form body is read
/// as its fields), the exact text for a string. `[object Object]` is what the corpus's
/// extractor wrote for a body held in a variable: not checkable.
fn compare_body(r: &Recorded, expected: &Value) -> Option<String> {
    let text = String::from_utf8_lossy(&r.body).into_owned();
    match expected {
        Value::String(s) if s.contains("[object Object]") => None,
        Value::String(s) => (s != &text).then(|| format!("body {text:?}, expected {s:?}")),
        json => {
            let is_form = r.header("content-type").is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
            let actual: Option<Value> = if is_form {
                let m: serde_json::Map<String, Value> = form_urlencoded::parse(&r.body)
                    .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                    .collect();
                Some(Value::Object(m))
            } else {
                serde_json::from_slice(&r.body).ok()
            };
            (actual.as_ref() != Some(json)).then(|| format!("body {text}, expected {json}"))
        }
    }
}
