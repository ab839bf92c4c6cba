//! Every criteria/condition vector of the third-party corpus (`$ARAZZO_CORPUS`, else
//! `../shared/corpus` beside the workspace), checked against our parsers and the
//! runtime's condition helpers.
//!
//! Parse/validate vectors: a valid condition must be accepted and an invalid one
//! rejected by the parsers the generator uses (`criteria::parse_simple`,
//! `parse_jsonpath_expression`, RFC 9535 via `serde_json_path`, the Goessner
//! translation, `check_xpath`). Evaluate vectors: the condition is parsed the same way
//! and interpreted here, resolving operands from the vector's JSON context and calling
//! the runtime's helpers (`compare_simple`, `compare_json`, `truthy`,
//! `regex_criterion`, `jsonpath_criterion`, `xpath_eval`) for every test, so that the
//! semantics under test are the ones the generated code uses.
//!
//! Where an implementation disagrees with the Arazzo text (1.0.1, or 1.1.0 where it
//! settles a question), the vector is listed in `DIVERGENCES` with the reason, and
//! counted apart. Any other mismatch fails the test.

use std::path::PathBuf;

use arazzo_codegen::criteria::{self, Ast, Operand, PathSegment};
use arazzo_codegen::ir::CmpOp as IrOp;
use generated_client::arazzo_runtime::{
    self as rt, CmpOp, XPathError, XPathVersion, compare_json, compare_simple, jsonpath_criterion, regex_criterion,
    truthy, xpath_eval,
};
use serde_json::{Value, json};

/// (file, test name or input, reason). A vector matches an entry when its file is the
/// same and its `test` name or its condition text equals the second field.
const DIVERGENCES: &[(&str, &str, &str)] = &[
    // strefethen: operators that are not in Arazzo's simple-condition grammar.
    ("strefethen__arazzo-cli", "contains", "`contains` is an arazzo-cli extension, not an Arazzo operator"),
    ("strefethen__arazzo-cli", "matches", "`matches` is an arazzo-cli extension (Arazzo has `type: regex`)"),
    ("strefethen__arazzo-cli", " in [", "`in [...]` is an arazzo-cli extension, not an Arazzo operator"),
    (
        "strefethen__arazzo-cli",
        "$inputs.zero",
        "JavaScript-style truthiness (0 is false): Arazzo defines none; a bare operand here holds unless it is \
         false, null or missing",
    ),
    (
        "strefethen__arazzo-cli",
        "$inputs.empty",
        "JavaScript-style truthiness (\"\" is false): Arazzo defines none; a bare operand here holds unless it is \
         false, null or missing",
    ),
    (
        "strefethen__arazzo-cli",
        "just a string",
        "bare text is no condition in Arazzo's grammar (literals, operators, runtime expressions): rejected",
    ),
    ("strefethen__arazzo-cli", "", "`condition` is REQUIRED; an empty condition is rejected, not false"),
    // speakeasy: a stricter or looser reading of the simple-condition grammar.
    ("speakeasy-api__openapi", "empty string", "`condition` is REQUIRED; an empty condition is rejected"),
    (
        "speakeasy-api__openapi",
        "expression only",
        "a bare operand is a condition (Arazzo lists `!`, which applies to one operand; others evaluate it)",
    ),
    (
        "speakeasy-api__openapi",
        "TestCriterion_GetCondition_Success/raw value returns nil",
        "bare text is no condition in Arazzo's grammar: rejected",
    ),
    // wso2: lenient runtime behaviour where the text says the expression MUST conform.
    (
        "wso2__arazzo-tools",
        "empty condition",
        "`condition` is REQUIRED and must be a JSONPath: rejected at compile time",
    ),
    (
        "wso2__arazzo-tools",
        "invalid JSONPath syntax",
        "the expression MUST conform to RFC 9535: an invalid one is a compile error, not false",
    ),
    (
        "wso2__arazzo-tools",
        "context is raw JSON string",
        "wso2 parses a string context as JSON; the context is the value the runtime expression gives (a string)",
    ),
    // ritza: Goessner/JavaScript comparison over a non-singular query.
    (
        "ritza-co__e2e-testing-arazzo",
        "$[?(@['director'] == 'Sam Mendes' && @['releasedate'] == \"2024-09-01\")][0].id == 2456",
        "a comparison needs singular queries (RFC 9535); ritza compares the JavaScript array a filter returns",
    ),
    // usearazzo: 1.1.0 tooling that rejects the 1.0.x versions.
    (
        "usearazzo__arazzo-toolkit",
        "should throw for a non-rfc9535 jsonpath version",
        "draft-goessner-dispatch-jsonpath-00 is the one version Arazzo 1.0.1 names; it is translated to RFC 9535",
    ),
    (
        "usearazzo__arazzo-toolkit",
        "should read the type from a Criterion Expression Type Object",
        "a Criterion Expression Type Object's `type` is `jsonpath` or `xpath` and its `version` is REQUIRED \
         (Arazzo 1.0.1 and 1.1.0); `{type: regex}` is rejected",
    ),
    (
        "usearazzo__arazzo-toolkit",
        "should throw for a non-xpath-31 version",
        "xpath-30 is an Arazzo 1.0.1 and 1.1.0 version; XPath 3.0 expressions are evaluated by the 3.1 engine",
    ),
];

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("ARAZZO_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus")));
    dir.join("INDEX.md").is_file().then_some(dir)
}

/// What a vector expects, or what we got.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    /// Accepted by the parsers (parse/validate kinds).
    Valid,
    /// Rejected at compile time.
    Invalid,
    /// Evaluated.
    Bool(bool),
    /// Compiled, but evaluating failed (XML that is not well-formed, a context that is
    /// not XML).
    Error,
}

/// How a criterion's runtime expressions find their values.
enum Ctx<'a> {
    /// A runtime context: `{statusCode, response: {body, header}, inputs, steps}`.
    Runtime(&'a Value),
    /// The criterion's context value itself (`None`: undefined).
    Direct(Option<&'a Value>),
}

fn resolve_expr(text: &str, rc: &Value) -> Option<Value> {
    let (base, pointer) = match text.split_once('#') {
        Some((b, p)) => (b, Some(p)),
        None => (text, None),
    };
    let v = if base == "$statusCode" {
        rc.get("statusCode").or_else(|| rc.pointer("/response/statusCode")).cloned()
    } else if base == "$response.body" {
        rc.pointer("/response/body").cloned()
    } else if let Some(name) = base.strip_prefix("$response.header.") {
        let headers = rc.pointer("/response/header").or_else(|| rc.pointer("/response/headers"))?;
        headers.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone())
    } else if let Some(name) = base.strip_prefix("$inputs.") {
        rc.get("inputs")?.get(name).cloned()
    } else if let Some(rest) = base.strip_prefix("$steps.") {
        let (step, rest) = rest.split_once('.')?;
        let name = rest.strip_prefix("outputs.")?;
        rc.get("steps")?.get(step)?.get("outputs")?.get(name).cloned()
    } else {
        None
    };
    match pointer {
        Some(p) => v?.pointer(p).cloned(),
        None => v,
    }
}

fn op(op: IrOp) -> CmpOp {
    match op {
        IrOp::Eq => CmpOp::Eq,
        IrOp::Ne => CmpOp::Ne,
        IrOp::Lt => CmpOp::Lt,
        IrOp::Le => CmpOp::Le,
        IrOp::Gt => CmpOp::Gt,
        IrOp::Ge => CmpOp::Ge,
    }
}

/// The value of an operand (`None`: missing). `Err` when an expression is malformed
/// (the generator rejects it at compile time).
fn operand(o: &Operand, ctx: &Ctx, context: Option<&Value>) -> Result<Option<Value>, ()> {
    Ok(match o {
        Operand::Str(s) => Some(json!(s)),
        Operand::Num(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(json!(*n as i64)),
        Operand::Num(n) => Some(json!(n)),
        Operand::Bool(b) => Some(json!(b)),
        Operand::Null => Some(Value::Null),
        Operand::Expr(text) => {
            arazzo_codegen::expr::parse(text).map_err(|_| ())?;
            match ctx {
                Ctx::Runtime(rc) => resolve_expr(text, rc),
                Ctx::Direct(_) => None,
            }
        }
        Operand::Path(segs) => {
            let mut v = context.cloned();
            for s in segs {
                v = match (v, s) {
                    (Some(Value::Object(mut m)), PathSegment::Name(n)) => m.remove(n),
                    (Some(Value::Array(a)), PathSegment::Index(i)) => {
                        let i = if *i < 0 { a.len() as i64 + i } else { *i };
                        usize::try_from(i).ok().and_then(|i| a.get(i).cloned())
                    }
                    _ => None,
                };
            }
            v
        }
    })
}

/// Interprets a parsed condition: `simple` (`context == None`) or a JSONPath logical
/// expression on `context`.
fn interpret(ast: &Ast, ctx: &Ctx, context: Option<&Value>, simple: bool) -> Result<bool, ()> {
    Ok(match ast {
        Ast::And(a, b) => interpret(a, ctx, context, simple)? && interpret(b, ctx, context, simple)?,
        Ast::Or(a, b) => interpret(a, ctx, context, simple)? || interpret(b, ctx, context, simple)?,
        Ast::Not(a) => !interpret(a, ctx, context, simple)?,
        Ast::Test(o) => truthy(&operand(o, ctx, context)?),
        Ast::Cmp(l, o, r) => {
            let (l, r) = (operand(l, ctx, context)?, operand(r, ctx, context)?);
            if simple { compare_simple(&l, op(*o), &r) } else { compare_json(&l, op(*o), &r) }
        }
    })
}

/// A criterion object (`condition`, `type`, `context`), compiled and evaluated the way
/// the generator and the runtime do. `evaluate: false` stops after compiling.
fn criterion(c: &Value, ctx: &Ctx, evaluate: bool) -> Outcome {
    let Some(condition) = c.get("condition").and_then(Value::as_str) else { return Outcome::Invalid };
    if condition.trim().is_empty() {
        return Outcome::Invalid;
    }
    let (kind, version) = match c.get("type") {
        None => ("simple", None),
        Some(Value::String(s)) => (s.as_str(), None),
        Some(Value::Object(o)) => {
            // Arazzo: the object's `type` is `jsonpath` or `xpath`, its `version` REQUIRED.
            let Some(kind) = o.get("type").and_then(Value::as_str).filter(|k| matches!(*k, "jsonpath" | "xpath"))
            else {
                return Outcome::Invalid;
            };
            let Some(version) = o.get("version").and_then(Value::as_str) else { return Outcome::Invalid };
            (kind, Some(version))
        }
        Some(_) => return Outcome::Invalid,
    };
    // The context: a runtime expression (required with a `type`), or given.
    let context: Option<Value> = match ctx {
        Ctx::Direct(v) => v.cloned(),
        Ctx::Runtime(rc) => match c.get("context").and_then(Value::as_str) {
            Some(text) => {
                if arazzo_codegen::expr::parse(text).is_err() {
                    return Outcome::Invalid;
                }
                resolve_expr(text, rc)
            }
            None if kind == "simple" => None,
            None => return Outcome::Invalid,
        },
    };
    let done = |b: Result<bool, ()>| match b {
        Ok(b) if evaluate => Outcome::Bool(b),
        Ok(_) => Outcome::Valid,
        Err(()) => Outcome::Invalid,
    };
    match kind {
        "simple" => match criteria::parse_simple(condition) {
            Ok(ast) if evaluate => done(interpret(&ast, ctx, None, true)),
            Ok(ast) => done(check_operands(&ast)),
            Err(_) => Outcome::Invalid,
        },
        "regex" => {
            if regex::Regex::new(condition).is_err() {
                return Outcome::Invalid;
            }
            done(Ok(regex_criterion(condition, &context)))
        }
        "jsonpath" => {
            let text = match version {
                None | Some("rfc9535") => condition.to_string(),
                Some(criteria::GOESSNER) => match criteria::goessner_to_rfc9535(condition) {
                    Ok(t) => t,
                    Err(_) => return Outcome::Invalid,
                },
                Some(_) => return Outcome::Invalid,
            };
            if serde_json_path::JsonPath::parse(&text).is_ok() {
                return done(Ok(jsonpath_criterion(&text, &context)));
            }
            match criteria::parse_jsonpath_expression(&text) {
                Ok(Some(ast)) => done(interpret(&ast, ctx, context.as_ref(), false)),
                _ => Outcome::Invalid,
            }
        }
        "xpath" => {
            let version = version.unwrap_or("xpath-31");
            let Some(v) = XPathVersion::from_name(version) else { return Outcome::Invalid };
            if criteria::check_xpath(version, condition).is_err() {
                return Outcome::Invalid;
            }
            if !evaluate {
                return Outcome::Valid;
            }
            match xpath_eval(v, condition, &context) {
                Ok(b) => Outcome::Bool(b),
                Err(XPathError::Expression(_)) => Outcome::Invalid,
                Err(_) => Outcome::Error,
            }
        }
        _ => Outcome::Invalid,
    }
}

/// Every runtime expression of a simple condition must parse (compile-time check).
fn check_operands(ast: &Ast) -> Result<bool, ()> {
    match ast {
        Ast::And(a, b) | Ast::Or(a, b) => check_operands(a).and(check_operands(b)),
        Ast::Not(a) => check_operands(a),
        Ast::Test(o) => operand(o, &Ctx::Direct(None), None).map(|_| true),
        Ast::Cmp(l, _, r) => {
            operand(l, &Ctx::Direct(None), None)?;
            operand(r, &Ctx::Direct(None), None).map(|_| true)
        }
    }
}

/// The expected outcome of a vector.
fn expected(v: &Value, evaluate: bool) -> Vec<Outcome> {
    let valid = v.get("valid").and_then(Value::as_bool).unwrap_or(true);
    match (valid, evaluate) {
        (false, _) => vec![Outcome::Invalid, Outcome::Error],
        (true, false) => vec![Outcome::Valid],
        (true, true) => match v.get("expected").and_then(Value::as_bool) {
            Some(b) => vec![Outcome::Bool(b)],
            None => vec![Outcome::Valid],
        },
    }
}

/// The outcome of one vector; `None` when its kind is not a criteria kind.
fn run(repo: &str, v: &Value, contexts: &Value) -> Option<(Outcome, bool)> {
    let kind = v.get("kind")?.as_str()?;
    let input = v.get("input")?;
    let direct = |v: &Value| -> Option<Value> {
        if let Some(r) = v.get("context_ref").and_then(Value::as_str) {
            let name = r.split_whitespace().next().unwrap_or_default();
            return contexts.get(name).cloned();
        }
        match v.get("context_value") {
            Some(Value::String(s)) if s == "<undefined>" => None,
            other => other.cloned(),
        }
    };
    let empty = json!({});
    let rc = v.get("context").unwrap_or(&empty);
    Some(match (repo, kind) {
        // Simple conditions given as text.
        ("strefethen__arazzo-cli", "evaluate-condition") => {
            (criterion(&json!({"condition": input}), &Ctx::Runtime(rc), true), true)
        }
        ("speakeasy-api__openapi", "parse-simple-condition") => {
            (criterion(&json!({"condition": input}), &Ctx::Runtime(rc), false), false)
        }
        ("speakeasy-api__openapi", "validate-criterion") => (criterion(input, &Ctx::Runtime(rc), false), false),
        ("speakeasy-api__openapi", "validate-criterion-expression-type") => {
            // A Criterion Expression Type Object alone: checked with a condition of its kind.
            let cond = match input.get("type").and_then(Value::as_str) {
                Some("xpath") => "//a",
                _ => "$.a",
            };
            let c = json!({"condition": cond, "context": "$response.body", "type": input});
            (criterion(&c, &Ctx::Runtime(rc), false), false)
        }
        ("ritza-co__e2e-testing-arazzo", "parse-jsonpath-condition") => {
            let c = json!({"condition": input["condition"], "context": "$response.body", "type": input["type"]});
            (criterion(&c, &Ctx::Runtime(rc), false), false)
        }
        (_, "evaluate-simple" | "evaluate-simple-criterion" | "evaluate-criterion") => {
            let rc = if rc.is_string() { &empty } else { rc };
            (criterion(input, &Ctx::Runtime(rc), true), true)
        }
        (_, "evaluate-regex" | "evaluate-jsonpath" | "evaluate-xpath") => {
            (criterion(input, &Ctx::Runtime(rc), true), true)
        }
        (_, "evaluate-regex-criterion" | "evaluate-jsonpath-criterion" | "evaluate-xpath-criterion") => {
            let value = direct(v);
            (criterion(input, &Ctx::Direct(value.as_ref()), true), true)
        }
        _ => return None,
    })
}

fn divergence(repo: &str, v: &Value) -> Option<&'static str> {
    let test = v.get("test").and_then(Value::as_str).unwrap_or_default();
    let input = v.get("input").unwrap_or(&Value::Null);
    let text = input.as_str().or_else(|| input.get("condition").and_then(Value::as_str)).unwrap_or_default();
    DIVERGENCES.iter().find_map(|(r, key, reason)| {
        let hit = *r == repo
            && (test == *key
                || text == *key
                || (matches!(*key, "contains" | "matches" | " in [") && text.contains(key) && !text.is_empty()));
        hit.then_some(*reason)
    })
}

#[test]
fn corpus_criteria_vectors() {
    let Some(root) = corpus() else {
        println!(
            "skipped: corpus not found at {}",
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus (or $ARAZZO_CORPUS)")
        );
        return;
    };
    let files = [
        "JaredCE__Arazzo-Runner/vectors-criteria-and-expressions.json",
        "strefethen__arazzo-cli/vectors-runtime-expressions.json",
        "speakeasy-api__openapi/vectors-criteria.json",
        "usearazzo__arazzo-toolkit/vectors-criteria.json",
        "wso2__arazzo-tools/vectors-criteria.json",
        "ritza-co__e2e-testing-arazzo/vectors-criteria.json",
    ];
    let contexts: Value = std::fs::read_to_string(root.join("wso2__arazzo-tools/extracted/criteria-contexts.json"))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let mut failures = Vec::new();
    let (mut total_all, mut matched_all, mut diverged_all) = (0, 0, 0);
    for file in files {
        let path = root.join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            failures.push(format!("{file}: cannot read"));
            continue;
        };
        let vectors: Vec<Value> = serde_json::from_str(&text).expect("a JSON array of vectors");
        let repo = file.split('/').next().unwrap_or_default();
        let (mut total, mut matched, mut diverged) = (0, 0, 0);
        for v in &vectors {
            let Some((got, evaluate)) = run(repo, v, &contexts) else { continue };
            total += 1;
            let want = expected(v, evaluate);
            let ok = want.contains(&got);
            match (ok, divergence(repo, v)) {
                (true, Some(_)) => {
                    failures.push(format!("{file}: {v} now matches; remove it from DIVERGENCES"));
                }
                (true, None) => matched += 1,
                (false, Some(_)) => diverged += 1,
                (false, None) => failures.push(format!("{file}: got {got:?}, expected {want:?}: {v}")),
            }
        }
        println!("{file}: {matched}/{total} matched, {diverged} documented divergences");
        total_all += total;
        matched_all += matched;
        diverged_all += diverged;
    }
    println!("all criteria vectors: {matched_all}/{total_all} matched, {diverged_all} documented divergences");
    assert!(failures.is_empty(), "{} unexplained mismatches:\n{}", failures.len(), failures.join("\n"));
    assert!(total_all > 150, "expected the corpus's criteria vectors, found {total_all}");
}

/// The XPath versions, end to end through the runtime: 1.0 semantics on `xpath-10`,
/// 3.1 functions elsewhere, errors for non-XML contexts.
#[test]
fn xpath_versions() {
    let xml = json!("<order><status>available</status><item id=\"1\"/><item id=\"2\"/></order>");
    assert_eq!(xpath_eval(XPathVersion::V1_0, "//status = 'available'", &xml), Ok(true));
    assert_eq!(xpath_eval(XPathVersion::V1_0, "count(//item) = 2", &xml), Ok(true));
    assert_eq!(xpath_eval(XPathVersion::V3_1, "string-join(//item/@id, ',') = '1,2'", &xml), Ok(true));
    assert_eq!(xpath_eval(XPathVersion::V3_0, "//missing", &xml), Ok(false));
    assert_eq!(xpath_eval(XPathVersion::V3_1, "//status", &Value::Null), Ok(false));
    assert_eq!(xpath_eval(XPathVersion::V3_1, "//status", &json!({"status": "x"})), Err(XPathError::NotXml));
    assert!(matches!(xpath_eval(XPathVersion::V3_1, "//a", &json!("<a>")), Err(XPathError::Xml(_))));
    assert!(!rt::xpath_matches(XPathVersion::V2_0, "//a", &json!("<a>")));
    assert!(criteria::check_xpath("xpath-31", "//[").is_err());
    assert!(criteria::check_xpath("xpath-10", "//[").is_err());
    assert!(criteria::check_xpath("xpath-10", "//a[@b = 'c']").is_ok());
    let deep = format!("{}{}", "<a>".repeat(1001), "</a>".repeat(1001));
    assert!(matches!(xpath_eval(XPathVersion::V3_1, "//a", &json!(deep)), Err(XPathError::Xml(_))));
    let fine = format!("{}<b/>{}", "<a>".repeat(1000), "</a>".repeat(1000));
    assert_eq!(xpath_eval(XPathVersion::V1_0, "count(//a) = 1000", &json!(fine)), Ok(true));
}
