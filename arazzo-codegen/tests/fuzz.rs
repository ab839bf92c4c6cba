//! "Never panics, never hangs": property-based tests of everything a proc macro feeds
//! with user input — the YAML/JSON loader, runtime expressions, criteria conditions,
//! the whole pipeline (`expand`) and the OpenAPI pruning/normalisation.
//!
//! Every property checks, besides the absence of panics, that one input takes less
//! than [`CASE_LIMIT`] (the pipeline: [`PIPELINE_LIMIT`]), so that a hang shows up as
//! a failure with the input that caused it.
//!
//! The number of inputs per property is small by default (CI runs the file in debug in
//! well under a minute); set `ARAZZO_FUZZ_CASES` for more. The long run, one property
//! (or group, by name prefix) at a time, in release:
//!
//! ```text
//! ARAZZO_FUZZ_CASES=10000000 cargo test --release -p arazzo-codegen --test fuzz -- <property> --nocapture
//! ```
//!
//! with `<property>` one of `yaml_` (a), `expr_` (b), `criteria_` (c), `pipeline_` (d),
//! `prepare_openapi_` (e). Each property prints its count, time and rate to stderr (and
//! progress every million inputs). A failure prints proptest's minimal failing input and
//! is saved in `proptest-regressions/`.
//!
//! Rates in release on the 2-core development machine (shared with other builds):
//! criteria 120k–300k inputs/s, expressions 40k–150k/s, YAML 3.7k–76k/s (mutated real
//! files are the slowest: 10 million take about 30–45 minutes).
//!
//! The regression tests at the end of the file pin the bugs the harness found.

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use arazzo_codegen::criteria;
use arazzo_codegen::expr::{self, Expr, Segment, StringValue};
use arazzo_codegen::load::{self, Document};
use arazzo_codegen::{Diagnostic, Diagnostics};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{FileFailurePersistence, TestCaseError, TestRunner};
use serde_json::{Map, Value, json};

/// Longest one input may take (debug build).
const CASE_LIMIT: Duration = Duration::from_secs(1);
/// Longest one run of the whole pipeline may take (debug build; it reads two files,
/// checks, emits and formats the generated code).
const PIPELINE_LIMIT: Duration = Duration::from_secs(5);

/// Inputs per property: `ARAZZO_FUZZ_CASES`, or `default`.
fn cases(default: u32) -> u32 {
    std::env::var("ARAZZO_FUZZ_CASES").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

/// Runs `test` on `cases(default_cases)` inputs of `strategy`, failing an input that
/// panics, fails or takes `limit` or longer; prints the count, the time and the rate.
fn fuzz<S>(
    name: &str,
    default_cases: u32,
    limit: Duration,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S: Strategy,
    S::Value: Debug,
{
    let config = ProptestConfig {
        source_file: Some(file!()),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct("proptest-regressions/fuzz.txt"))),
        ..ProptestConfig::with_cases(cases(default_cases))
    };
    let total = config.cases;
    let mut runner = TestRunner::new(config);
    let count = AtomicU64::new(0);
    let start = Instant::now();
    let result = runner.run(&strategy, |input| {
        let n = count.fetch_add(1, Ordering::Relaxed) + 1;
        if n.is_multiple_of(1_000_000) {
            eprintln!("{name}: {n} inputs, {:.0?}", start.elapsed());
        }
        let t = Instant::now();
        test(input)?;
        let took = t.elapsed();
        prop_assert!(took < limit, "one input took {took:?} (limit {limit:?})");
        Ok(())
    });
    let elapsed = start.elapsed();
    let n = count.load(Ordering::Relaxed);
    eprintln!(
        "{name}: {n} inputs ({total} cases asked) in {elapsed:.2?}, {:.0} inputs/s, {}",
        n as f64 / elapsed.as_secs_f64().max(1e-9),
        if result.is_ok() { "no failure" } else { "FAILED" }
    );
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

// ---------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The real files the mutations start from: `(name, text)`.
fn real_files() -> &'static [(String, String)] {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut out = Vec::new();
        for dir in ["workflows", "openapi"] {
            let Ok(entries) = std::fs::read_dir(repo_root().join(dir)) else { continue };
            let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for p in paths {
                if p.extension().is_some_and(|e| e == "yml" || e == "yaml")
                    && let Ok(text) = std::fs::read_to_string(&p)
                {
                    out.push((format!("{dir}/{}", p.file_name().unwrap_or_default().to_string_lossy()), text));
                }
            }
        }
        assert!(out.len() >= 2, "the real workflow and OpenAPI files are missing");
        out
    })
}

const WORKFLOW: &str = "workflows/openai-download-batch-results-workflow.yml";
const OPENAPI: &str = "openapi/openai-openapi-master.yml";

// As in the crate: diagnostics are large and only on the error path.
#[allow(clippy::result_large_err)]
fn parse_yaml(text: &str) -> Result<Document, Diagnostic> {
    load::parse_str(text.to_string(), Path::new("fuzz.yml"), "fuzz.yml".into())
}

/// A real file as a JSON value.
fn real_value(name: &str) -> &'static Value {
    static WF: OnceLock<Value> = OnceLock::new();
    static API: OnceLock<Value> = OnceLock::new();
    let cell = if name == WORKFLOW { &WF } else { &API };
    cell.get_or_init(|| {
        let text = std::fs::read_to_string(repo_root().join(name)).unwrap_or_default();
        match parse_yaml(&text) {
            Ok(d) => d.root,
            Err(e) => panic!("{name} does not load: {e}"),
        }
    })
}

/// Arbitrary text: any characters (control characters included), printable ASCII, or
/// bytes read as UTF-8 lossily.
fn any_text(max: usize) -> BoxedStrategy<String> {
    prop_oneof![
        any::<String>(),
        vec(any::<char>(), 0..max).prop_map(|c| c.into_iter().collect()),
        proptest::string::string_regex(&format!("[ -~\t\n\r]{{0,{max}}}")).expect("regex"),
        vec(any::<u8>(), 0..max).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
    .boxed()
}

/// Text built from `fragments` and a few generated pieces.
fn soup(fragments: &'static [&'static str], extra: BoxedStrategy<String>, max: usize) -> BoxedStrategy<String> {
    vec(prop_oneof![8 => select(fragments).prop_map(str::to_string), 2 => extra], 0..max)
        .prop_map(|parts| parts.concat())
        .boxed()
}

const YAML_FRAGMENTS: &[&str] = &[
    ": ",
    ":",
    "- ",
    "-",
    "&a ",
    "&b ",
    "*a",
    "*b",
    "*c",
    "&a [",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ",",
    "'",
    "''",
    "\"",
    "\\\"",
    "\\",
    "\\x41",
    "\\u00e9",
    "\\U0001F600",
    "!!int ",
    "!!str ",
    "!!float ",
    "!!bool ",
    "!!null ",
    "!!map ",
    "!!seq ",
    "!local ",
    "!<tag:yaml.org,2002:str> ",
    "<<: ",
    "<<: *a",
    "? ",
    "|",
    "|-",
    "|+",
    ">",
    ">-",
    "|2",
    "# comment",
    " #",
    "%YAML 1.2\n",
    "%TAG ! tag:x,2000:\n",
    "---\n",
    "--- ",
    "...\n",
    "\t",
    "\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "    ",
    "\n  ",
    "\n    ",
    "\n- ",
    "\n  - ",
    "key",
    "a",
    "b",
    "~",
    "null",
    "true",
    "False",
    "0",
    "-1",
    "+1",
    "0x1F",
    "0xFFFFFFFFFFFFFFFFF",
    "0o17",
    "0o",
    "0x",
    ".5",
    "1.",
    "1e999",
    "-1e999",
    "1e-999",
    ".inf",
    "-.inf",
    ".nan",
    "123456789012345678901234567890",
    "18446744073709551616",
    "-9223372036854775809",
    "9223372036854775807",
    "3.14",
    "1_000",
    "é",
    "日本",
    "😀",
    "\u{feff}",
    "\u{85}",
    "\u{2028}",
    "\u{a0}",
    "\0",
    "@",
    "`",
    "%",
    "&",
    "*",
    "!",
    "=",
    "$ref",
    "openapi: 3.1.0\n",
    "arazzo: 1.0.1\n",
];

/// YAML-ish text.
fn yaml_soup() -> BoxedStrategy<String> {
    let extra = prop_oneof![
        "[a-z]{1,6}",
        "-?[0-9]{1,40}",
        "[0-9]{1,3}(\\.[0-9]{1,3})?[eE][+-]?[0-9]{1,4}",
        "\n {0,12}",
        any::<char>().prop_map(String::from),
    ]
    .boxed();
    soup(YAML_FRAGMENTS, extra, 80)
}

/// A text edit.
#[derive(Clone, Debug)]
enum Edit {
    Delete(Index, usize),
    Insert(Index, Vec<u8>),
    Replace(Index, u8),
    /// Copies a range somewhere else (duplicate keys, anchors, lines).
    Copy(Index, usize, Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), 1usize..24).prop_map(|(i, n)| Edit::Delete(i, n)),
        (
            any::<Index>(),
            prop_oneof![vec(any::<u8>(), 1..8), select(YAML_FRAGMENTS).prop_map(|s| s.as_bytes().to_vec())]
        )
            .prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<Index>(), 1usize..200, any::<Index>()).prop_map(|(i, n, j)| Edit::Copy(i, n, j)),
    ]
}

fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut b = text.as_bytes().to_vec();
    for e in edits {
        let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
        match e {
            Edit::Delete(i, n) => {
                let s = at(i, b.len());
                let end = (s + n).min(b.len());
                b.drain(s..end);
            }
            Edit::Insert(i, bytes) => {
                let s = at(i, b.len());
                b.splice(s..s, bytes.iter().copied());
            }
            Edit::Replace(i, byte) => {
                if !b.is_empty() {
                    let s = i.index(b.len());
                    b[s] = *byte;
                }
            }
            Edit::Copy(i, n, j) => {
                let s = at(i, b.len());
                let end = (s + n).min(b.len());
                let piece: Vec<u8> = b[s..end].to_vec();
                let d = at(j, b.len());
                b.splice(d..d, piece);
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// A real file with a few edits.
fn mutated_file() -> impl Strategy<Value = (usize, Vec<Edit>)> {
    (any::<Index>(), vec(edit(), 1..8)).prop_map(|(f, e)| (f.index(real_files().len()), e))
}

// ---------------------------------------------------------------------------------
// (a) The YAML loader
// ---------------------------------------------------------------------------------

/// Lines as YAML counts them: `\r\n`, `\r` and `\n` each end one. (`str::lines` does
/// not count a lone `\r`; see the ignored test `lone_cr_lines_match_line_text`.)
fn line_count(text: &str) -> usize {
    let breaks = text.replace("\r\n", "\n").bytes().filter(|b| matches!(b, b'\n' | b'\r')).count();
    breaks + usize::from(!text.is_empty() && !text.ends_with(['\n', '\r']))
}

/// Loads `text`; every position must lie in the text, and so must the error's.
fn check_yaml(text: &str) -> Result<(), TestCaseError> {
    let lines = line_count(text);
    match parse_yaml(text) {
        Ok(doc) => {
            for (pointer, pos) in doc.positions.iter().chain(doc.key_positions.iter()) {
                prop_assert!(
                    pos.line >= 1 && pos.line <= lines + 1 && pos.column >= 1,
                    "position {pos:?} of `{pointer}` is outside the text ({lines} lines)"
                );
            }
        }
        Err(e) => check_diagnostic(&e)?,
    }
    Ok(())
}

/// A diagnostic with a file must have a line and a column in that file, and render.
fn check_diagnostic(d: &Diagnostic) -> Result<(), TestCaseError> {
    if let Some(file) = &d.file {
        let lines = line_count(&file.text);
        prop_assert!(
            d.line >= 1 && d.line <= lines + 1 && d.column >= 1,
            "diagnostic at {}:{} is outside {} ({lines} lines): {}",
            d.line,
            d.column,
            file.display,
            d.message
        );
    }
    let _ = d.to_string();
    Ok(())
}

#[test]
fn yaml_arbitrary_text() {
    fuzz("yaml_arbitrary_text", 256, CASE_LIMIT, any_text(200), |s| check_yaml(&s));
}

#[test]
fn yaml_fragments() {
    fuzz("yaml_fragments", 256, CASE_LIMIT, yaml_soup(), |s| check_yaml(&s));
}

#[test]
fn yaml_mutated_real_files() {
    fuzz("yaml_mutated_real_files", 256, CASE_LIMIT, mutated_file(), |(f, edits)| {
        check_yaml(&apply_edits(&real_files()[f].1, &edits))
    });
}

// ---------------------------------------------------------------------------------
// (b) Runtime expressions
// ---------------------------------------------------------------------------------

const EXPR_FRAGMENTS: &[&str] = &[
    "$",
    "$url",
    "$method",
    "$statusCode",
    "$request.",
    "$response.",
    "$inputs.",
    "$outputs.",
    "$steps.",
    "$workflows.",
    "$sourceDescriptions.",
    "$components.",
    "inputs.",
    "steps.",
    "outputs.",
    "inputs",
    "outputs",
    "header.",
    "query.",
    "path.",
    "body",
    "body#",
    "response.body#/",
    ".outputs.",
    ".",
    "#",
    "#/",
    "/",
    "~",
    "~0",
    "~1",
    "~2",
    "{",
    "}",
    "{$",
    "{$inputs.a}",
    " ",
    "\t",
    "\n",
    "\u{a0}",
    "\u{3000}",
    "a",
    "b",
    "x1",
    "getBatch",
    "Retry-After",
    "é",
    "日本",
    "😀",
    "-",
    "_",
    "0",
    "'",
    "\"",
    "%",
    "\\",
    "parameters.",
    "$$",
];

fn expr_soup() -> BoxedStrategy<String> {
    let extra = prop_oneof!["[a-zA-Z0-9_]{1,6}", any::<char>().prop_map(String::from)].boxed();
    soup(EXPR_FRAGMENTS, extra, 24)
}

/// An `Expr` must print as text that parses back to itself.
fn check_round_trip(e: &Expr) -> Result<(), TestCaseError> {
    let text = e.to_string();
    match expr::parse(&text) {
        Ok(back) => prop_assert_eq!(&back, e, "`{}` does not parse back to the same expression", text),
        Err(err) => prop_assert!(false, "`{text}` (the Display of {e:?}) does not parse: {err:?}"),
    }
    Ok(())
}

fn check_expr(s: &str) -> Result<(), TestCaseError> {
    match expr::parse(s) {
        Ok(e) => check_round_trip(&e)?,
        Err(e) => prop_assert!(e.offset <= s.len(), "offset {} > length {} ({e:?})", e.offset, s.len()),
    }
    match expr::parse_string(s) {
        Ok(StringValue::Literal(_)) => {}
        Ok(StringValue::Expr(e)) => check_round_trip(&e)?,
        Ok(StringValue::Template { segments, .. }) => {
            for seg in &segments {
                if let Segment::Expr(e, at) = seg {
                    prop_assert!(*at <= s.len(), "segment offset {at} > length {}", s.len());
                    check_round_trip(e)?;
                }
            }
        }
        Err(e) => prop_assert!(e.offset <= s.len(), "offset {} > length {} ({e:?})", e.offset, s.len()),
    }
    Ok(())
}

#[test]
fn expr_arbitrary_text() {
    fuzz("expr_arbitrary_text", 256, CASE_LIMIT, any_text(64), |s| check_expr(&s));
}

#[test]
fn expr_fragments() {
    fuzz("expr_fragments", 256, CASE_LIMIT, expr_soup(), |s| check_expr(&s));
}

// ---------------------------------------------------------------------------------
// (c) Criteria conditions
// ---------------------------------------------------------------------------------

const CRITERIA_TOKENS: &[&str] = &[
    "$statusCode",
    "$response.body#/a",
    "$response.header.X",
    "$inputs.x",
    "$steps.s.outputs.o",
    "$",
    "$.a",
    "$.",
    "$..a",
    "$.é",
    "$['b']",
    "$[\"b\"]",
    "$[0]",
    "$[-1]",
    "$[*]",
    "$[?@.a]",
    "[0]",
    "[-1]",
    "[99999999999999999999]",
    "[--1]",
    "['x']",
    "[",
    "]",
    ".b",
    ".",
    "..",
    "==",
    "!=",
    "<=",
    ">=",
    "<",
    ">",
    "=",
    "&&",
    "||",
    "&",
    "|",
    "!",
    "!!",
    "(",
    ")",
    "((",
    "))",
    "1",
    "0",
    "-2.5",
    "1e999",
    "-1e999",
    "1e-999",
    "1e",
    "1e+",
    "-",
    "--1",
    "0x10",
    "1.2.3",
    "+1",
    "'str'",
    "\"str\"",
    "'a\\'b'",
    "\"a\\\"b\"",
    "'\\n\\t\\u00e9'",
    "'\\",
    "\"\\",
    "'unterminated",
    "'",
    "\"",
    "\\",
    "true",
    "false",
    "null",
    "trueish",
    "nullx",
    "@",
    "@.a",
    "é",
    "😀",
    "\u{a0}",
    "\u{3000}",
];

fn criteria_soup() -> BoxedStrategy<String> {
    vec((select(CRITERIA_TOKENS), select(&["", " ", " ", "  ", "\t", "\n"][..])), 0..24)
        .prop_map(|parts| parts.into_iter().flat_map(|(t, s)| [t, s]).collect())
        .boxed()
}

fn check_criteria(s: &str) -> Result<(), TestCaseError> {
    if let Err(e) = criteria::parse_simple(s) {
        prop_assert!(e.offset <= s.len(), "simple: offset {} > length {} ({e:?})", e.offset, s.len());
    }
    if let Err(e) = criteria::parse_jsonpath_expression(s) {
        prop_assert!(e.offset <= s.len(), "jsonpath: offset {} > length {} ({e:?})", e.offset, s.len());
    }
    Ok(())
}

#[test]
fn criteria_arbitrary_text() {
    fuzz("criteria_arbitrary_text", 256, CASE_LIMIT, any_text(64), |s| check_criteria(&s));
}

#[test]
fn criteria_token_soup() {
    fuzz("criteria_token_soup", 256, CASE_LIMIT, criteria_soup(), |s| check_criteria(&s));
}

// ---------------------------------------------------------------------------------
// Structure-aware mutations of JSON values (for (d) and (e))
// ---------------------------------------------------------------------------------

/// Every node of `v` by JSON pointer, in document order.
fn pointers(v: &Value) -> Vec<String> {
    fn walk(v: &Value, p: String, out: &mut Vec<String>) {
        out.push(p.clone());
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    walk(c, format!("{p}/{}", load::escape_token(k)), out);
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    walk(c, format!("{p}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, String::new(), &mut out);
    out
}

fn last_token(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or_default()
}

fn parent(p: &str) -> &str {
    p.rfind('/').map_or("", |i| &p[..i])
}

/// Picks one of the pointers of `v` that satisfy `keep`.
fn pick(v: &Value, i: &Index, keep: impl Fn(&str, &Value) -> bool) -> Option<String> {
    let all: Vec<String> = pointers(v).into_iter().filter(|p| v.pointer(p).is_some_and(|n| keep(p, n))).collect();
    (!all.is_empty()).then(|| all[i.index(all.len())].clone())
}

#[derive(Clone, Debug)]
enum Mutation {
    DropKey(Index, Index),
    DropItem(Index, Index),
    Set(Index, Value),
    AddKey(Index, String, Value),
    RenameKey(Index, Index, String),
    /// A new expression or condition in a `value`, `condition`, `context` or output.
    SetExpr(Index, String),
    /// A new `stepId`, `workflowId`, `operationId`, `name` or `$ref`.
    SetName(Index, String),
    DuplicateStep(Index, Index),
    SwapStepIds(Index, Index, Index),
}

fn apply_mutation(v: &mut Value, m: &Mutation) {
    match m {
        Mutation::DropKey(n, k) => {
            if let Some(p) = pick(v, n, |_, n| n.as_object().is_some_and(|o| !o.is_empty()))
                && let Some(Value::Object(o)) = v.pointer_mut(&p)
                && let Some(key) = o.keys().nth(k.index(o.len())).cloned()
            {
                o.shift_remove(&key);
            }
        }
        Mutation::DropItem(n, k) => {
            if let Some(p) = pick(v, n, |_, n| n.as_array().is_some_and(|a| !a.is_empty()))
                && let Some(Value::Array(a)) = v.pointer_mut(&p)
            {
                a.remove(k.index(a.len()));
            }
        }
        Mutation::Set(n, value) => {
            if let Some(p) = pick(v, n, |p, _| !p.is_empty())
                && let Some(node) = v.pointer_mut(&p)
            {
                *node = value.clone();
            }
        }
        Mutation::AddKey(n, key, value) => {
            if let Some(p) = pick(v, n, |_, n| n.is_object())
                && let Some(Value::Object(o)) = v.pointer_mut(&p)
            {
                o.insert(key.clone(), value.clone());
            }
        }
        Mutation::RenameKey(n, k, name) => {
            if let Some(p) = pick(v, n, |_, n| n.as_object().is_some_and(|o| !o.is_empty()))
                && let Some(Value::Object(o)) = v.pointer_mut(&p)
                && let Some(key) = o.keys().nth(k.index(o.len())).cloned()
                && let Some(value) = o.shift_remove(&key)
            {
                o.insert(name.clone(), value);
            }
        }
        Mutation::SetExpr(n, text) => {
            let slot = |p: &str, _: &Value| {
                matches!(last_token(p), "value" | "condition" | "context" | "url")
                    || last_token(parent(p)) == "outputs"
                    || last_token(parent(parent(p))) == "outputs"
            };
            if let Some(p) = pick(v, n, slot)
                && let Some(node) = v.pointer_mut(&p)
            {
                *node = Value::String(text.clone());
            }
        }
        Mutation::SetName(n, name) => {
            let slot = |p: &str, _: &Value| {
                matches!(last_token(p), "stepId" | "workflowId" | "operationId" | "name" | "$ref" | "type" | "in")
            };
            if let Some(p) = pick(v, n, slot)
                && let Some(node) = v.pointer_mut(&p)
            {
                *node = Value::String(name.clone());
            }
        }
        Mutation::DuplicateStep(w, s) => {
            if let Some(p) = pick(v, w, |p, n| last_token(p) == "steps" && n.as_array().is_some_and(|a| !a.is_empty()))
                && let Some(Value::Array(steps)) = v.pointer_mut(&p)
            {
                let i = s.index(steps.len());
                let copy = steps[i].clone();
                steps.insert(i + 1, copy);
            }
        }
        Mutation::SwapStepIds(w, a, b) => {
            if let Some(p) = pick(v, w, |p, n| last_token(p) == "steps" && n.as_array().is_some_and(|a| !a.is_empty()))
                && let Some(Value::Array(steps)) = v.pointer_mut(&p)
            {
                let (i, j) = (a.index(steps.len()), b.index(steps.len()));
                let x = steps[i].get("stepId").cloned().unwrap_or_default();
                let y = steps[j].get("stepId").cloned().unwrap_or_default();
                if let Some(o) = steps[i].as_object_mut() {
                    o.insert("stepId".into(), y);
                }
                if let Some(o) = steps[j].as_object_mut() {
                    o.insert("stepId".into(), x);
                }
            }
        }
    }
}

/// Names: identifiers, keywords, names Rust rejects, unicode, the real ids.
fn name() -> BoxedStrategy<String> {
    const NAMES: &[&str] = &[
        "self",
        "Self",
        "crate",
        "super",
        "_",
        "__",
        "type",
        "r#type",
        "fn",
        "1up",
        "-1",
        "+1",
        "",
        " ",
        "a-b",
        "a.b",
        "a/b",
        "a~b",
        "a#b",
        "a b",
        "ǅ",
        "ß",
        "İ",
        "ŉ",
        "\u{345}",
        "\u{300}a",
        "a\u{200d}b",
        "²",
        "ⅰ",
        "日本",
        "😀",
        "getBatch",
        "downloadOutput",
        "download-batch-results",
        "retrieveBatch",
        "downloadFile",
        "listBatches",
        "cancelBatch",
        "contents",
        "status",
        "outputFileId",
        "apiKey",
        "batchId",
        "batch_id",
        "file_id",
        "Authorization",
        "openaiApi",
        "#/components/schemas/Batch",
        "#",
        "#/",
        "#/paths",
        "path",
        "query",
        "header",
        "cookie",
        "goto",
        "end",
        "retry",
        "simple",
        "jsonpath",
        "regex",
        "xpath",
        "openapi",
        "arazzo",
    ];
    prop_oneof![
        4 => select(NAMES).prop_map(str::to_string),
        2 => "[a-zA-Z_][a-zA-Z0-9_-]{0,10}",
        1 => "\\PC{0,12}",
    ]
    .boxed()
}

/// Expressions, templates and conditions.
fn expression() -> BoxedStrategy<String> {
    const EXPRS: &[&str] = &[
        "$statusCode",
        "$response.body",
        "$response.body#/status",
        "$response.body#/output_file_id",
        "$response.body#/nope",
        "$response.body#/status/0",
        "$response.body#",
        "$response.header.Retry-After",
        "$request.body",
        "$inputs.apiKey",
        "$inputs.batchId",
        "$inputs.nope",
        "$inputs.apiKey#/x",
        "$steps.getBatch.outputs.status",
        "$steps.getBatch.outputs.outputFileId",
        "$steps.downloadOutput.outputs.contents",
        "$steps.getBatch.outputs.nope",
        "$steps.nope.outputs.x",
        "$steps.getBatch.outputs.status#/a",
        "$outputs.x",
        "$workflows.w.outputs.o",
        "$sourceDescriptions.openaiApi.retrieveBatch",
        "$components.parameters.p",
        "$url",
        "$method",
        "Bearer {$inputs.apiKey}",
        "Bearer $inputs.apiKey",
        "{$steps.getBatch.outputs.status}-{$inputs.batchId}",
        "{$inputs.apiKey",
        "$statusCode == 200",
        "$statusCode != 200 && $response.body#/status == 'completed'",
        "$statusCode == 1e999",
        "!($statusCode < 300) || $inputs.batchId",
        "$.status == \"completed\"",
        "$.status != 'failed' && $['output_file_id'] != null",
        "$[?@.status == 'completed']",
        "$..status",
        "$.a[0].b >= -1.5",
        "$",
        "",
        "costs $5",
    ];
    prop_oneof![
        4 => select(EXPRS).prop_map(str::to_string),
        2 => expr_soup(),
        2 => criteria_soup(),
    ]
    .boxed()
}

/// JSON values of every type.
fn json_value() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        Just(json!(1e300)),
        Just(json!(200)),
        Just(json!("")),
        name().prop_map(Value::String),
        expression().prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec((name(), inner), 0..4).prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
    .boxed()
}

/// Schema fragments OpenAPI 3.1 normalisation rewrites.
fn schema_value() -> BoxedStrategy<Value> {
    let snippets = vec![
        json!({"type": ["string", "null"]}),
        json!({"type": ["null"]}),
        json!({"type": ["null", "null"]}),
        json!({"type": []}),
        json!({"type": "null"}),
        json!({"type": 7}),
        json!({"const": null}),
        json!({"const": "x", "type": "string"}),
        json!({"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/Batch"}]}),
        json!({"oneOf": [{"type": "null"}, {"type": ["integer", "null"], "const": 3}]}),
        json!({"anyOf": [{"type": "null"}, {"anyOf": [{"type": "null"}, {"anyOf": [{"enum": [null]}, {"type": ["string", "null"]}]}]}]}),
        json!({"anyOf": [{"enum": [null]}]}),
        json!({"anyOf": "x"}),
        json!({"oneOf": [{"type": "null"}, {"type": "string"}, {"type": "integer"}]}),
        json!({"exclusiveMinimum": 1, "exclusiveMaximum": 2.5}),
        json!({"items": [{"type": "string"}], "type": "array"}),
        json!({"type": "array"}),
        json!({"type": "string", "enum": ["a", "b"], "default": []}),
        json!({"type": "integer", "default": "x"}),
        json!({"type": "object", "additionalProperties": false, "properties": {"a": {"$ref": "#/components/schemas/Batch"}}}),
        json!({"additionalProperties": {"type": ["null"]}}),
        json!({"properties": {"a": true, "b": false, "c": null}}),
        json!({"not": {"type": "null"}}),
        json!({"$ref": "#/components/schemas/Batch", "description": "x"}),
        json!({"$ref": "#"}),
        json!({"$ref": "#/paths"}),
        json!({"$ref": "#/components/schemas/Nope"}),
        json!({"$ref": "#/components/schemas/Batch/properties/errors"}),
        json!({"$ref": "https://example.com/x.yml"}),
        json!({"$ref": 3}),
        json!({"content": {"text/plain": {"schema": {"type": "string"}}}}),
        json!({"content": {"application/json": {"schema": {"type": "string"}}, "application/x+json": {}}}),
        json!({"content": {"APPLICATION/JSON; charset=utf-8": {"schema": {"type": "object"}}}}),
        json!({"content": {}}),
        json!({"in": "cookie", "name": "c", "schema": {"type": "string"}}),
        json!({"in": "query", "name": "q", "style": "deepObject", "schema": {"type": "object"}}),
        json!({"in": "path", "name": "batch_id"}),
        json!(true),
        json!(false),
    ];
    prop_oneof![3 => select(snippets), 1 => json_value()].boxed()
}

fn mutation(values: BoxedStrategy<Value>) -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => (any::<Index>(), any::<Index>()).prop_map(|(n, k)| Mutation::DropKey(n, k)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(n, k)| Mutation::DropItem(n, k)),
        3 => (any::<Index>(), values.clone()).prop_map(|(n, v)| Mutation::Set(n, v)),
        1 => (any::<Index>(), name(), values).prop_map(|(n, k, v)| Mutation::AddKey(n, k, v)),
        1 => (any::<Index>(), any::<Index>(), name()).prop_map(|(n, k, s)| Mutation::RenameKey(n, k, s)),
        3 => (any::<Index>(), expression()).prop_map(|(n, e)| Mutation::SetExpr(n, e)),
        2 => (any::<Index>(), name()).prop_map(|(n, s)| Mutation::SetName(n, s)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(w, s)| Mutation::DuplicateStep(w, s)),
        1 => (any::<Index>(), any::<Index>(), any::<Index>()).prop_map(|(w, a, b)| Mutation::SwapStepIds(w, a, b)),
    ]
}

fn mutated(base: &Value, mutations: &[Mutation]) -> Value {
    let mut v = base.clone();
    for m in mutations {
        apply_mutation(&mut v, m);
    }
    v
}

// ---------------------------------------------------------------------------------
// (d) The whole pipeline
// ---------------------------------------------------------------------------------

/// How a mutated workflow is written: as JSON, or as the real YAML text with edits.
#[derive(Clone, Debug)]
enum WorkflowInput {
    Json(Vec<Mutation>, bool),
    YamlEdits(Vec<Edit>),
    /// The same, starting from the composition workflows (sub-workflows, `dependsOn`,
    /// components, typed inputs, `querystring`-free 1.0.1).
    CompositionJson(Vec<Mutation>, bool),
    CompositionEdits(Vec<Edit>),
}

const COMPOSITION: &str = "tests/batch-tools/workflows/batch-composition.arazzo.yml";

/// The composition workflows, with their source URL pointing at `openapi/` beside
/// `workflows/` (the layout of [`pipeline_dir`]).
fn composition_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        std::fs::read_to_string(repo_root().join(COMPOSITION))
            .expect("the composition workflow")
            .replace("../../../openapi/", "../openapi/")
    })
}

fn composition_value() -> &'static Value {
    static VALUE: OnceLock<Value> = OnceLock::new();
    VALUE.get_or_init(|| parse_yaml(composition_text()).expect("the composition workflow parses").root.clone())
}

fn check_expand(dir: &Path, input: &WorkflowInput) -> Result<(), TestCaseError> {
    let text = match input {
        WorkflowInput::Json(mutations, pretty) => {
            let v = mutated(real_value(WORKFLOW), mutations);
            let text = if *pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) };
            text.map_err(|e| TestCaseError::fail(e.to_string()))?
        }
        WorkflowInput::YamlEdits(edits) => {
            let base = real_files().iter().find(|(n, _)| n == WORKFLOW).map(|(_, t)| t.as_str()).unwrap_or_default();
            apply_edits(base, edits)
        }
        WorkflowInput::CompositionJson(mutations, pretty) => {
            let v = mutated(composition_value(), mutations);
            let text = if *pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) };
            text.map_err(|e| TestCaseError::fail(e.to_string()))?
        }
        WorkflowInput::CompositionEdits(edits) => apply_edits(composition_text(), edits),
    };
    let path = dir.join("workflows/x.yml");
    std::fs::write(&path, &text).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let check_all = |diags: &Diagnostics| -> Result<(), TestCaseError> {
        for d in &diags.0 {
            if d.file.is_some() {
                prop_assert!(d.line >= 1, "diagnostic without a line: {d:?}");
            }
            check_diagnostic(d)?;
        }
        Ok(())
    };
    match arazzo_codegen::expand(&path, None, &quote::quote!(crate)) {
        Ok(expansion) => {
            check_all(&expansion.diagnostics)?;
            prop_assert!(!expansion.diagnostics.has_errors(), "Ok with errors: {}", expansion.diagnostics);
            if let Err(e) = arazzo_codegen::format_tokens(expansion.tokens) {
                prop_assert!(false, "the generated code does not parse: {e}\n--- workflow:\n{text}");
            }
        }
        Err(diags) => {
            prop_assert!(diags.has_errors(), "Err without an error");
            check_all(&diags)?;
        }
    }
    Ok(())
}

/// A temporary `workflows/` + `openapi/` pair, so that the workflow's relative
/// source URL resolves.
fn pipeline_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = std::fs::read(repo_root().join(OPENAPI)).expect("the OpenAPI file");
    std::fs::create_dir_all(dir.path().join("workflows")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("openapi")).expect("mkdir");
    std::fs::write(dir.path().join(OPENAPI), api).expect("write");
    dir
}

#[test]
fn pipeline_unmutated_workflow_compiles() {
    let dir = pipeline_dir();
    let r = check_expand(dir.path(), &WorkflowInput::Json(Vec::new(), true));
    assert!(r.is_ok(), "{r:?}");
    let path = dir.path().join("workflows/x.yml");
    assert!(arazzo_codegen::expand(&path, None, &quote::quote!(crate)).is_ok());
}

#[test]
fn pipeline_mutated_workflows() {
    let dir = pipeline_dir();
    let strategy = prop_oneof![
        3 => (vec(mutation(json_value()), 1..5), any::<bool>()).prop_map(|(m, p)| WorkflowInput::Json(m, p)),
        1 => vec(edit(), 1..6).prop_map(WorkflowInput::YamlEdits),
    ];
    fuzz("pipeline_mutated_workflows", 256, PIPELINE_LIMIT, strategy, |input| check_expand(dir.path(), &input));
}

#[test]
fn pipeline_unmutated_composition_compiles() {
    let dir = pipeline_dir();
    let r = check_expand(dir.path(), &WorkflowInput::CompositionJson(Vec::new(), true));
    assert!(r.is_ok(), "{r:?}");
    let path = dir.path().join("workflows/x.yml");
    let expanded = arazzo_codegen::expand(&path, None, &quote::quote!(crate));
    assert!(expanded.is_ok(), "{:?}", expanded.err().map(|d| d.to_string()));
}

#[test]
fn pipeline_mutated_composition() {
    let dir = pipeline_dir();
    let strategy = prop_oneof![
        3 => (vec(mutation(json_value()), 1..5), any::<bool>()).prop_map(|(m, p)| WorkflowInput::CompositionJson(m, p)),
        1 => vec(edit(), 1..6).prop_map(WorkflowInput::CompositionEdits),
    ];
    fuzz("pipeline_mutated_composition", 256, PIPELINE_LIMIT, strategy, |input| check_expand(dir.path(), &input));
}

// ---------------------------------------------------------------------------------
// (e) prepare_openapi
// ---------------------------------------------------------------------------------

fn keep_set() -> impl Strategy<Value = BTreeSet<String>> {
    vec(name(), 0..5).prop_map(|v| v.into_iter().collect())
}

#[test]
fn prepare_openapi_mutated() {
    let strategy = (vec(mutation(schema_value()), 1..8), keep_set());
    fuzz("prepare_openapi_mutated", 256, CASE_LIMIT, strategy, |(mutations, keep)| {
        let spec = mutated(real_value(OPENAPI), &mutations);
        let out = arazzo_codegen::prepare_openapi(&spec, &keep);
        // Normalising twice must not panic either.
        let _ = arazzo_codegen::prepare_openapi(&out, &keep);
        Ok(())
    });
}

#[test]
fn prepare_openapi_arbitrary_values() {
    let strategy = (json_value(), keep_set());
    fuzz("prepare_openapi_arbitrary_values", 256, CASE_LIMIT, strategy, |(spec, keep)| {
        let _ = arazzo_codegen::prepare_openapi(&spec, &keep);
        let wrapped =
            json!({"openapi": "3.1.0", "paths": {"/x": {"get": spec.clone()}}, "components": {"schemas": {"A": spec}}});
        let _ = arazzo_codegen::prepare_openapi(&wrapped, &keep);
        Ok(())
    });
}

// ---------------------------------------------------------------------------------
// Explicit limits: alias bombs and deep nesting
// ---------------------------------------------------------------------------------

/// `text` must be rejected, within a second (debug build).
fn assert_fast_error(what: &str, text: &str) {
    let t = Instant::now();
    let r = parse_yaml(text);
    let loaded = r.is_ok();
    drop(r);
    let took = t.elapsed();
    assert!(!loaded && took < CASE_LIMIT, "{what}: {} in {took:?}", if loaded { "loaded" } else { "rejected" });
}

/// `l0: &l0 [lol × 10]`, `l1: &l1 [*l0 × 10]`, …: `levels` anchors, the last of
/// 10^levels scalars.
fn laughs(levels: usize) -> String {
    let mut s = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..levels {
        let p = format!("*l{}", i - 1);
        s.push_str(&format!("l{i}: &l{i} [{}]\n", [p.as_str(); 10].join(", ")));
    }
    s
}

#[test]
fn alias_bomb_fails_fast() {
    // Billion laughs: 10 levels of 10 aliases, 10^10 nodes.
    assert_fast_error("alias bomb (flow)", &laughs(10));
    // The same in block style.
    let mut s = String::from("l0: &l0\n");
    s.push_str(&"  - lol\n".repeat(10));
    for i in 1..10 {
        s.push_str(&format!("l{i}: &l{i}\n"));
        s.push_str(&format!("  - *l{}\n", i - 1).repeat(10));
    }
    assert_fast_error("alias bomb (block)", &s);
}

#[test]
fn deep_nesting_fails_fast() {
    const DEPTH: usize = 100_000;
    assert_fast_error("[ nesting", &"[".repeat(DEPTH));
    assert_fast_error("{ nesting", &"{".repeat(DEPTH));
    assert_fast_error("- nesting", &"- ".repeat(DEPTH));
    assert_fast_error("{a: nesting", &"{a: ".repeat(DEPTH));
    assert_fast_error("a: [ nesting", &"a: [".repeat(DEPTH));
    assert_fast_error("? nesting", &"? ".repeat(DEPTH));
    assert_fast_error("&a [ nesting", &"&a [".repeat(DEPTH));
    assert_fast_error("closed [ nesting", &format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH)));
    // Block mappings by indentation (1000 levels: the text grows with the square).
    let mut s = String::new();
    for i in 0..1000 {
        s.push_str(&" ".repeat(i));
        s.push_str("a:\n");
    }
    assert_fast_error("indented mappings", &s);
}

// ---------------------------------------------------------------------------------
// Known bugs, found by this harness or while writing it. Each test fails today; run
// them with `-- --ignored`. (Several take a second or more and up to ~1.5 GB.)
// ---------------------------------------------------------------------------------

/// Found by `yaml_arbitrary_text` (minimal input `"A\r\r\r\r\t:\r"`: a syntax error
/// at 5:2 of a file that `str::lines` sees as one line). yaml-rust2 ends a line at a
/// lone `\r`, `SourceFile::line_text` (`str::lines`) does not: the diagnostics of a
/// file with old-Mac line ends point at lines that have no text, and show no snippet.
#[test]
fn lone_cr_lines_match_line_text() {
    let doc = parse_yaml("a: 1\rb: 2\r").expect("loads");
    let pos = doc.key_positions.get("/b").copied().unwrap_or_default();
    assert_eq!(pos.line, 2);
    assert_eq!(doc.file.line_text(pos.line), Some("b: 2"));
    let e = parse_yaml("A\r\r\r\r\t:\r").expect_err("a syntax error");
    assert!(e.file.as_ref().is_some_and(|f| f.line_text(e.line).is_some()), "{e:?}");
}

/// `criteria::P::unary` recurses once per `(` or `!` with no limit: 10,000 `(` overflow
/// an 8 MiB stack (what rustc runs proc macros on), which aborts the compiler instead of
/// reporting an error. A condition is any string of the workflow file.
#[test]
fn criteria_deep_nesting_is_an_error() {
    if std::env::var_os("ARAZZO_FUZZ_CHILD").is_none() {
        // A stack overflow aborts the whole process: check in a child process.
        let exe = std::env::current_exe().expect("the test binary");
        let out = std::process::Command::new(exe)
            .args(["--exact", "criteria_deep_nesting_is_an_error", "--nocapture", "--test-threads=1"])
            .env("ARAZZO_FUZZ_CHILD", "1")
            .output()
            .expect("run the child");
        assert!(out.status.success(), "the child failed ({}):\n{}", out.status, String::from_utf8_lossy(&out.stderr));
        return;
    }
    let check = || {
        let deep = 100_000;
        let texts =
            ["(".repeat(deep), "!".repeat(deep), format!("{}$statusCode == 200{}", "(".repeat(deep), ")".repeat(deep))];
        for text in &texts {
            let t = Instant::now();
            assert!(criteria::parse_simple(text).is_err(), "simple: no error");
            assert!(criteria::parse_jsonpath_expression(text).is_err(), "jsonpath: no error");
            assert!(t.elapsed() < CASE_LIMIT, "took {:?}", t.elapsed());
        }
    };
    let thread = std::thread::Builder::new().stack_size(8 << 20).spawn(check).expect("spawn");
    if let Err(e) = thread.join() {
        std::panic::resume_unwind(e);
    }
}

/// Every anchored node is stored (cloned) in `Builder::anchors` without being counted:
/// anchors nested around one alias of a large node (within `MAX_NODES`) copy it once
/// per anchor. Here 60 nested anchors around an alias of 10^5 nodes: 6·10^6 uncounted
/// copies from 600 bytes. (When `MAX_NODES` was 5M, 40 around 10^6 nodes took 14 s
/// and 4.8 GB; up to `MAX_DEPTH` anchors can be nested.)
#[test]
fn nested_anchors_are_counted() {
    let mut s = laughs(5);
    s.push_str("n: ");
    for i in 0..60 {
        s.push_str(&format!("&n{i} ["));
    }
    s.push_str("*l4");
    s.push_str(&"]".repeat(60));
    assert_fast_error("nested anchors", &s);
}

/// `MAX_NODES` counts nodes, not bytes: a 50 KB scalar copied 10^4 times through aliases
/// (~11,000 nodes counted) is 500 MB from a 50 KB file (a 1 MB scalar and one more
/// level: 100 GB).
#[test]
fn aliased_long_scalars_are_counted() {
    let mut s = format!("s: &s \"{}\"\n", "x".repeat(50 * 1024));
    s.push_str("a1: &a1 [*s, *s, *s, *s, *s, *s, *s, *s, *s, *s]\n");
    for i in 2..=4 {
        let p = format!("*a{}", i - 1);
        s.push_str(&format!("a{i}: &a{i} [{}]\n", [p.as_str(); 10].join(", ")));
    }
    assert_fast_error("aliased long scalar", &s);
}

/// An alias used as a mapping key becomes the JSON text of its node (`other.to_string()`
/// in `Builder::node`), uncounted; the mapping then counts as 2 nodes however long that
/// key is. `{*l4 : 1}` (a 400 KB key) copied 1000 times: 400 MB from 500 bytes.
#[test]
fn alias_keys_are_counted() {
    let mut s = laughs(5);
    s.push_str("k0: &k0 {*l4 : 1}\n");
    for i in 1..=3 {
        let p = format!("*k{}", i - 1);
        s.push_str(&format!("k{i}: &k{i} [{}]\n", [p.as_str(); 10].join(", ")));
    }
    assert_fast_error("alias keys", &s);
}

/// `positions` and `key_positions` hold the full JSON pointer of every node: with 250
/// levels of 1000-character keys, each node below them costs 250 KB. 1500 leaves: a
/// 260 KB file makes ~0.8 GB of pointer strings (memory grows with leaves × depth × key
/// length, i.e. with the square of the file's size).
#[test]
fn long_pointers_are_bounded() {
    let mut s = String::new();
    for i in 0..250 {
        s.push_str(&format!("{{{}{i}: ", "k".repeat(1000)));
    }
    s.push('{');
    for i in 0..1500 {
        s.push_str(&format!("l{i}: 1, "));
    }
    s.push('}');
    s.push_str(&"}".repeat(250));
    let t = Instant::now();
    let r = parse_yaml(&s);
    let bytes: usize =
        r.as_ref().map_or(0, |d| d.positions.keys().chain(d.key_positions.keys()).map(String::len).sum());
    drop(r);
    let took = t.elapsed();
    assert!(took < CASE_LIMIT && bytes < 64 << 20, "{bytes} bytes of pointers, {took:?}");
}

/// `resolve::closest` computes a full edit distance (O(n·m)) between an unknown name and
/// every candidate, whatever their lengths: a step reading an unknown 40,000-character
/// step id, in a workflow with another such step id, takes seconds.
#[test]
fn suggestions_on_long_names_are_fast() {
    let dir = pipeline_dir();
    let mut wf = real_value(WORKFLOW).clone();
    let long = "a".repeat(40_000);
    if let Some(id) = wf.pointer_mut("/workflows/0/steps/0/stepId") {
        *id = Value::String(long.clone());
    }
    if let Some(v) = wf.pointer_mut("/workflows/0/steps/1/parameters/1/value") {
        *v = Value::String(format!("$steps.{}.outputs.x", "b".repeat(40_000)));
    }
    let path = dir.path().join("workflows/x.yml");
    std::fs::write(&path, serde_json::to_string_pretty(&wf).expect("json")).expect("write");
    let t = Instant::now();
    let r = arazzo_codegen::expand(&path, None, &quote::quote!(crate));
    let took = t.elapsed();
    assert!(r.is_err(), "the workflow names an unknown step");
    assert!(took < CASE_LIMIT, "took {took:?}");
}
