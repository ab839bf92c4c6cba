//! Synthesises an Arazzo workflow that exercises an OpenAPI description: a sample of its
//! operations (every one for a small API; at most [`MAX_STEPS`], chosen first to cover
//! every parameter location, style and request-body media type the API uses), each a
//! step with:
//!
//! - parameters (every required one, and optional ones that add a location or style)
//!   filled from the description's examples, defaults, enums or types;
//! - a payload built from the request schema (required members at least);
//! - outputs that read response fields down to depth 3, arrays by index;
//! - a success criterion on a typed field of the response, and an `onSuccess` goto
//!   (the next step) on the same field.
//!
//! The synthesis is deterministic: the same description gives the same document.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

/// The most steps one synthesised workflow has.
pub const MAX_STEPS: usize = 40;

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/// How far `$ref`s are followed before giving up (cycles).
const MAX_REF_HOPS: usize = 32;

/// One operation of the description.
#[derive(Clone, Debug)]
pub struct Op {
    /// `operationId`, when the description gives one.
    pub id: Option<String>,
    pub path: String,
    pub method: String,
    /// Resolved parameter objects (path-level merged with operation-level).
    pub params: Vec<Value>,
    /// The resolved `requestBody`, if any.
    pub body: Option<Value>,
    /// The resolved operation object.
    pub op: Value,
    /// What the operation adds to the coverage: `param:<in>:<style>:<explode>:<type>`,
    /// `body:<media type>`.
    pub features: BTreeSet<String>,
}

/// What [`synthesise`] made of a description.
pub struct Synthesis {
    /// The Arazzo document.
    pub document: Value,
    /// The operations in the description.
    pub operations: usize,
    /// The steps (operations sampled).
    pub steps: usize,
    /// Every feature the description's operations use, and those the sample covers.
    pub features: BTreeSet<String>,
    pub covered: BTreeSet<String>,
}

/// Follows `$ref` (`#/…` only) from `v`.
pub fn deref<'a>(doc: &'a Value, mut v: &'a Value) -> &'a Value {
    for _ in 0..MAX_REF_HOPS {
        let Some(r) = v.get("$ref").and_then(Value::as_str) else { return v };
        let Some(ptr) = r.strip_prefix('#') else { return v };
        match doc.pointer(ptr) {
            Some(t) => v = t,
            None => return v,
        }
    }
    v
}

/// Every operation of the description, in document order.
pub fn operations(doc: &Value) -> Vec<Op> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else { return out };
    for (path, item) in paths {
        let item = deref(doc, item);
        let Some(item_obj) = item.as_object() else { continue };
        let shared: Vec<Value> = params_of(doc, item_obj.get("parameters"));
        for method in METHODS {
            let Some(op) = item_obj.get(*method) else { continue };
            let op = deref(doc, op);
            if !op.is_object() {
                continue;
            }
            let own = params_of(doc, op.get("parameters"));
            let mut params: Vec<Value> = shared
                .iter()
                .filter(|p| !own.iter().any(|o| o.get("name") == p.get("name") && o.get("in") == p.get("in")))
                .cloned()
                .collect();
            params.extend(own);
            let body = op.get("requestBody").map(|b| deref(doc, b).clone()).filter(Value::is_object);
            let mut o = Op {
                id: op.get("operationId").and_then(Value::as_str).map(str::to_string),
                path: path.clone(),
                method: method.to_string(),
                params,
                body,
                op: op.clone(),
                features: BTreeSet::new(),
            };
            o.features = features(doc, &o);
            out.push(o);
        }
    }
    // An operationId that is empty or declared twice names no operation: such
    // operations are called by `operationPath`.
    let ids: Vec<Option<String>> = out.iter().map(|o| o.id.clone()).collect();
    for o in &mut out {
        if o.id
            .as_deref()
            .is_some_and(|id| id.is_empty() || ids.iter().filter(|i| i.as_deref() == Some(id)).count() > 1)
        {
            o.id = None;
        }
    }
    out
}

fn params_of(doc: &Value, list: Option<&Value>) -> Vec<Value> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| deref(doc, p).clone())
        .filter(|p| p.get("name").is_some_and(Value::is_string) && p.get("in").is_some_and(Value::is_string))
        .collect()
}

fn features(doc: &Value, op: &Op) -> BTreeSet<String> {
    let mut f = BTreeSet::new();
    for p in &op.params {
        let loc = p["in"].as_str().unwrap_or_default();
        let style = p.get("style").and_then(Value::as_str).unwrap_or("default");
        let explode = p.get("explode").and_then(Value::as_bool).map(|b| b.to_string()).unwrap_or_default();
        let ty = param_schema(doc, p).map(|s| schema_type(doc, s)).unwrap_or("content");
        f.insert(format!("param:{loc}:{style}:{explode}:{ty}"));
    }
    if let Some(content) = op.body.as_ref().and_then(|b| b.get("content")).and_then(Value::as_object) {
        for mt in content.keys() {
            f.insert(format!("body:{mt}"));
        }
    }
    f
}

fn param_schema<'a>(doc: &'a Value, p: &'a Value) -> Option<&'a Value> {
    if let Some(s) = p.get("schema") {
        return Some(deref(doc, s));
    }
    let content = p.get("content")?.as_object()?;
    content.values().next().and_then(|m| m.get("schema")).map(|s| deref(doc, s))
}

/// The JSON type a schema describes (`object`, `array`, `string`, …; `any` when open).
fn schema_type<'a>(doc: &'a Value, s: &'a Value) -> &'a str {
    let s = deref(doc, s);
    match s.get("type") {
        Some(Value::String(t)) => t,
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null").unwrap_or("any"),
        _ => {
            if s.get("properties").is_some() {
                "object"
            } else if s.get("items").is_some() {
                "array"
            } else if let Some(first) = ["allOf", "oneOf", "anyOf"].iter().find_map(|k| s.get(*k)?.as_array()?.first())
            {
                schema_type(doc, first)
            } else {
                "any"
            }
        }
    }
}

/// Picks at most `max` operations: first those that add a feature no operation picked so
/// far has (greedily, the most new features first), then the rest in document order.
pub fn select(ops: &[Op], max: usize) -> Vec<usize> {
    if ops.len() <= max {
        return (0..ops.len()).collect();
    }
    let mut picked: Vec<usize> = Vec::new();
    let mut covered: BTreeSet<&String> = BTreeSet::new();
    while picked.len() < max {
        let best = (0..ops.len())
            .filter(|i| !picked.contains(i))
            .map(|i| (ops[i].features.iter().filter(|f| !covered.contains(f)).count(), i))
            .filter(|(n, _)| *n > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let Some((_, i)) = best else { break };
        covered.extend(ops[i].features.iter());
        picked.push(i);
    }
    for i in 0..ops.len() {
        if picked.len() >= max {
            break;
        }
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    picked.sort_unstable();
    picked
}

/// A value for a schema: its example, default, first enum value or const, else one
/// built from its type (objects with their required members, arrays with one item
/// when they must not be empty).
pub fn sample(doc: &Value, schema: &Value, depth: usize) -> Value {
    let s = deref(doc, schema);
    if depth > 6 {
        return Value::Null;
    }
    let ty = schema_type(doc, s);
    let candidates = ["example", "default", "const"].into_iter().filter_map(|k| s.get(k));
    let listed = s.get("examples").and_then(Value::as_array).into_iter().flatten();
    if let Some(v) = candidates.chain(listed).find(|v| fits(doc, s, ty, v)) {
        return v.clone();
    }
    if let Some(Value::Array(e)) = s.get("enum")
        && let Some(v) = e.iter().find(|v| !v.is_null())
    {
        return v.clone();
    }
    if let Some(Value::Array(parts)) = s.get("allOf") {
        let mut merged = Map::new();
        for p in parts {
            match sample(doc, p, depth + 1) {
                Value::Object(m) => merged.extend(m),
                other if parts.len() == 1 => return other,
                _ => {}
            }
        }
        return Value::Object(merged);
    }
    for key in ["oneOf", "anyOf"] {
        // An object whose `oneOf` members only add `required` lists is built below.
        if s.get("properties").is_some() {
            break;
        }
        if let Some(Value::Array(parts)) = s.get(key)
            && let Some(first) = parts.iter().find(|p| deref(doc, p).get("type") != Some(&json!("null")))
        {
            return sample(doc, first, depth + 1);
        }
    }
    let format = s.get("format").and_then(Value::as_str).unwrap_or_default();
    match ty {
        "object" => {
            let mut m = Map::new();
            let props = s.get("properties").and_then(Value::as_object);
            // The object's own required members, and those of its first `oneOf`/`anyOf`.
            let first_choice = ["oneOf", "anyOf"]
                .iter()
                .find_map(|k| s.get(*k)?.as_array()?.first())
                .map(|c| deref(doc, c).clone())
                .unwrap_or_default();
            let own = s.get("required").and_then(Value::as_array).into_iter().flatten();
            let chosen = first_choice.get("required").and_then(Value::as_array).into_iter().flatten();
            for name in own.chain(chosen).filter_map(Value::as_str) {
                let v = props.and_then(|p| p.get(name)).map(|p| sample(doc, p, depth + 1)).unwrap_or(json!("x"));
                m.insert(name.to_string(), v);
            }
            Value::Object(m)
        }
        "array" => {
            let min = s.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            match s.get("items") {
                Some(items) if min > 0 || depth == 0 => json!([sample(doc, items, depth + 1)]),
                _ => json!([]),
            }
        }
        "integer" => json!(number_in(s, 1.0) as i64),
        "number" => json!(number_in(s, 1.5)),
        "boolean" => json!(true),
        "string" => json!(string_for(s, format)),
        "null" => Value::Null,
        _ => json!("x"),
    }
}

/// Whether an example or default can stand for a value of the schema: its JSON type is
/// the schema's, and an object has every required member (examples are often partial).
fn fits(doc: &Value, s: &Value, ty: &str, v: &Value) -> bool {
    let same = match (ty, v) {
        (_, Value::Null) => false,
        ("string", Value::String(_)) | ("boolean", Value::Bool(_)) | ("array", Value::Array(_)) => true,
        ("integer", Value::Number(n)) => n.is_i64() || n.is_u64(),
        ("number", Value::Number(_)) => true,
        // Examples of objects are often partial or of another shape: built from the
        // properties instead, unless there are none.
        ("object", Value::Object(_)) => s.get("properties").is_none() && s.get("allOf").is_none(),
        ("string", _) if v.as_str().is_some_and(|t| t.starts_with('$') || t.contains("{$")) => false,
        ("any", _) => true,
        _ => false,
    };
    let literal = !v.as_str().is_some_and(|t| t.starts_with('$') || t.contains("{$"));
    // An array's items must fit its `items` too (examples contradict schemas).
    let items_fit = match (v, s.get("items")) {
        (Value::Array(a), Some(items)) => {
            let is = deref(doc, items);
            let ity = schema_type(doc, is);
            a.iter().all(|x| fits(doc, is, ity, x))
        }
        _ => true,
    };
    same && literal && items_fit
}

/// `preferred`, moved into `[minimum, maximum]`.
fn number_in(s: &Value, preferred: f64) -> f64 {
    let min = s.get("minimum").and_then(Value::as_f64);
    let max = s.get("maximum").and_then(Value::as_f64);
    let mut v = preferred;
    if let Some(min) = min
        && v < min
    {
        v = min;
    }
    if let Some(max) = max
        && v > max
    {
        v = max;
    }
    v
}

fn string_for(s: &Value, format: &str) -> String {
    let base = match format {
        "date-time" => "2024-01-01T00:00:00Z",
        "date" => "2024-01-01",
        "time" => "12:00:00",
        "uuid" => "00000000-0000-4000-8000-000000000000",
        "email" => "user@example.com",
        "uri" | "url" => "https://example.com/",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "eA==",
        "int64" | "int32" => "1",
        _ => "x",
    };
    let mut v = base.to_string();
    let min = s.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    while v.chars().count() < min {
        v.push('x');
    }
    v
}

/// A JSON pointer token.
fn token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// A name Arazzo accepts for step and output ids (`[A-Za-z0-9_\-]+`).
fn id_part(s: &str) -> String {
    let mut out: String =
        s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect();
    out.truncate(48);
    out
}

/// A field of the success response worth reading: a JSON pointer, and the scalar type at
/// its end (`None` for objects and arrays).
#[derive(Clone, Debug)]
struct Field {
    pointer: String,
    scalar: Option<&'static str>,
    depth: usize,
}

/// The first 2xx response with a JSON schema: its status code and schema.
fn success_response<'a>(doc: &'a Value, op: &'a Value) -> Option<(String, Option<&'a Value>)> {
    let responses = op.get("responses")?.as_object()?;
    let (code, resp) = responses.iter().find(|(c, _)| c.starts_with('2'))?;
    let resp = deref(doc, resp);
    let schema = resp.get("content").and_then(Value::as_object).and_then(|c| {
        c.iter().find(|(mt, _)| mt.contains("json")).and_then(|(_, m)| m.get("schema")).map(|s| deref(doc, s))
    });
    Some((code.clone(), schema))
}

/// Fields of a response schema down to depth 3 (arrays by index 0), at most `max`.
fn fields(doc: &Value, schema: &Value, max: usize) -> Vec<Field> {
    let mut out = Vec::new();
    walk(doc, schema, String::new(), 1, &mut out, max);
    out
}

fn walk(doc: &Value, schema: &Value, prefix: String, depth: usize, out: &mut Vec<Field>, max: usize) {
    if depth > 3 || out.len() >= max {
        return;
    }
    let s = resolve_composition(doc, schema);
    match schema_type(doc, s) {
        "array" => {
            if let Some(items) = s.get("items") {
                walk(doc, items, format!("{prefix}/0"), depth + 1, out, max);
            }
        }
        "object" => {
            let Some(props) = s.get("properties").and_then(Value::as_object) else { return };
            // Scalars first, then one nested object or array per level.
            let mut nested = 0;
            for (name, p) in props {
                if out.len() >= max {
                    return;
                }
                // `{` and `}` delimit expressions in strings: no runtime expression can name them.
                if name.contains(['{', '}']) || name.is_empty() {
                    continue;
                }
                let ptr = format!("{prefix}/{}", token(name));
                let ty = schema_type(doc, resolve_composition(doc, p));
                match ty {
                    // One scalar of each type per level.
                    "string" | "integer" | "number" | "boolean"
                        if !out.iter().any(|f| f.scalar == Some(scalar(ty)) && f.depth == depth) =>
                    {
                        out.push(Field { pointer: ptr, scalar: Some(scalar(ty)), depth });
                    }
                    "object" | "array" if nested < 1 => {
                        nested += 1;
                        walk(doc, p, ptr, depth + 1, out, max);
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

fn scalar(ty: &str) -> &'static str {
    match ty {
        "string" => "string",
        "integer" => "integer",
        "number" => "number",
        _ => "boolean",
    }
}

/// A schema with a single-member `allOf`/`oneOf`/`anyOf` (or one that is `null` besides)
/// replaced by that member.
fn resolve_composition<'a>(doc: &'a Value, s: &'a Value) -> &'a Value {
    let mut s = deref(doc, s);
    for _ in 0..8 {
        if s.get("properties").is_some() || s.get("type").is_some() {
            return s;
        }
        let next = ["allOf", "oneOf", "anyOf"].iter().find_map(|k| {
            let parts = s.get(*k)?.as_array()?;
            let real: Vec<&Value> =
                parts.iter().filter(|p| deref(doc, p).get("type") != Some(&json!("null"))).collect();
            (real.len() == 1).then(|| deref(doc, real[0]))
        });
        match next {
            Some(n) => s = n,
            None => return s,
        }
    }
    s
}

/// The criterion on a typed field: a `simple` condition (`$response.body#/a/b …`).
fn simple_condition(f: &Field) -> String {
    let lhs = format!("$response.body#{}", f.pointer);
    match f.scalar {
        Some("integer") | Some("number") => format!("{lhs} >= 0"),
        Some("boolean") => format!("{lhs} == true"),
        _ => format!("{lhs} != ''"),
    }
}

/// The same test as an RFC 9535 logical expression over `$response.body`.
fn jsonpath_condition(f: &Field) -> String {
    let mut path = String::from("$");
    for seg in f.pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if seg.parse::<usize>().is_ok() {
            path.push_str(&format!("[{seg}]"));
        } else {
            path.push_str(&format!("['{}']", seg.replace('\\', "\\\\").replace('\'', "\\'")));
        }
    }
    match f.scalar {
        Some("integer") | Some("number") => format!("{path} >= 0"),
        Some("boolean") => format!("{path} == true"),
        _ => format!("{path} != null"),
    }
}

/// The document for `doc` (an OpenAPI description at `url`, relative to where the
/// document is written), named after `title`.
pub fn synthesise(doc: &Value, url: &str, title: &str) -> Synthesis {
    let ops = operations(doc);
    let picked = select(&ops, MAX_STEPS);
    let features: BTreeSet<String> = ops.iter().flat_map(|o| o.features.iter().cloned()).collect();
    let covered: BTreeSet<String> = picked.iter().flat_map(|&i| ops[i].features.iter().cloned()).collect();
    let step_ids: Vec<String> = picked
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let o = &ops[i];
            let name = o.id.clone().unwrap_or_else(|| format!("{}{}", o.method, o.path));
            format!("s{n}_{}", id_part(&name))
        })
        .collect();
    let mut inputs = Map::new();
    let mut steps = Vec::new();
    for (n, &i) in picked.iter().enumerate() {
        let next = step_ids.get(n + 1);
        steps.push(step(doc, &ops[i], &step_ids[n], next, &mut inputs));
    }
    let mut workflow = Map::new();
    workflow.insert("workflowId".into(), json!("stress"));
    workflow.insert("summary".into(), json!(format!("Exercises {} operations of {title}.", steps.len())));
    if !inputs.is_empty() {
        workflow.insert("inputs".into(), json!({"type": "object", "properties": Value::Object(inputs)}));
    }
    let last_outputs: Map<String, Value> = step_ids
        .last()
        .map(|s| {
            steps
                .last()
                .and_then(|st: &Value| st.get("outputs"))
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .take(1)
                .map(|(k, _)| (format!("last_{k}"), json!(format!("$steps.{s}.outputs.{k}"))))
                .collect()
        })
        .unwrap_or_default();
    if !last_outputs.is_empty() {
        workflow.insert("outputs".into(), Value::Object(last_outputs));
    }
    workflow.insert("steps".into(), Value::Array(steps));
    let steps = picked.len();
    let document = json!({
        "arazzo": "1.0.1",
        "info": {"title": format!("Stress: {title}"), "version": "1.0.0"},
        "sourceDescriptions": [{"name": "api", "url": url, "type": "openapi"}],
        "workflows": [Value::Object(workflow)],
    });
    Synthesis { document, operations: ops.len(), steps, features, covered }
}

fn step(doc: &Value, op: &Op, step_id: &str, next: Option<&String>, inputs: &mut Map<String, Value>) -> Value {
    let mut st = Map::new();
    st.insert("stepId".into(), json!(step_id));
    match &op.id {
        Some(id) => st.insert("operationId".into(), json!(id)),
        None => st.insert(
            "operationPath".into(),
            json!(format!("{{$sourceDescriptions.api.url}}#/paths/{}/{}", token(&op.path), op.method)),
        ),
    };
    let params = parameters(doc, op, step_id, inputs);
    if !params.is_empty() {
        st.insert("parameters".into(), Value::Array(params));
    }
    if let Some(body) = request_body(doc, op) {
        st.insert("requestBody".into(), body);
    }
    let (code, schema) = success_response(doc, &op.op).unwrap_or_else(|| ("200".into(), None));
    let status = code.parse::<u16>().unwrap_or(200);
    let fields = schema.map(|s| fields(doc, s, 4)).unwrap_or_default();
    let mut criteria = vec![json!({"condition": format!("$statusCode == {status}")})];
    let typed = fields.iter().find(|f| f.scalar.is_some());
    if let Some(f) = typed {
        criteria.push(json!({"condition": simple_condition(f)}));
    }
    st.insert("successCriteria".into(), Value::Array(criteria));
    let mut outputs = Map::new();
    for (k, f) in fields.iter().enumerate() {
        outputs.insert(format!("o{k}"), json!(format!("$response.body#{}", f.pointer)));
    }
    if fields.is_empty() && schema.is_some() {
        outputs.insert("body".into(), json!("$response.body"));
    }
    if !outputs.is_empty() {
        st.insert("outputs".into(), Value::Object(outputs));
    }
    let mut on_success = Vec::new();
    if let Some(f) = typed {
        let action = match next {
            Some(next) => json!({"name": "onField", "type": "goto", "stepId": next}),
            None => json!({"name": "onField", "type": "end"}),
        };
        let mut action = action;
        action["criteria"] =
            json!([{"context": "$response.body", "condition": jsonpath_condition(f), "type": "jsonpath"}]);
        on_success.push(action);
    }
    if !on_success.is_empty() {
        st.insert("onSuccess".into(), Value::Array(on_success));
    }
    Value::Object(st)
}

/// Every required parameter, and optional ones whose (location, style) no parameter
/// of the step has yet; the first string path parameter comes from the inputs.
fn parameters(doc: &Value, op: &Op, step_id: &str, inputs: &mut Map<String, Value>) -> Vec<Value> {
    let mut out = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut optional = 0;
    for p in &op.params {
        let name = p["name"].as_str().unwrap_or_default();
        let loc = p["in"].as_str().unwrap_or_default();
        // Swagger 2.0 leftovers (`formData`, `body`) and path parameters the template has
        // no `{name}` for are no parameters a step can give.
        if !matches!(loc, "path" | "query" | "header" | "cookie" | "querystring")
            || (loc == "path" && !op.path.contains(&format!("{{{name}}}")))
        {
            continue;
        }
        let required = loc == "path"
            || match p.get("required") {
                Some(Value::Bool(b)) => *b,
                Some(Value::String(t)) => t.eq_ignore_ascii_case("true"),
                _ => false,
            };
        let style = p.get("style").and_then(Value::as_str).unwrap_or("default");
        let key = format!("{loc}:{style}");
        if !required {
            if seen.contains(&key) || optional >= 3 {
                continue;
            }
            optional += 1;
        }
        seen.insert(key);
        let schema = param_schema(doc, p);
        let mut value = p
            .get("example")
            .cloned()
            .or_else(|| {
                p.get("examples")
                    .and_then(Value::as_object)
                    .and_then(|e| e.values().next())
                    .and_then(|e| deref(doc, e).get("value").cloned())
            })
            .filter(|v| schema.is_none_or(|s| fits(doc, s, schema_type(doc, s), v)))
            .unwrap_or_else(|| schema.map(|s| sample(doc, s, 0)).unwrap_or(json!("x")));
        if loc == "path" && (value.is_null() || value == json!("") || value == json!(".") || value == json!("..")) {
            value = json!("x");
        }
        if loc == "path" && value.is_string() && inputs.is_empty() {
            let input = format!("{}_{}", id_part(step_id), id_part(name));
            inputs.insert(input.clone(), json!({"type": "string", "default": value}));
            value = json!(format!("$inputs.{input}"));
        }
        out.push(json!({"name": name, "in": loc, "value": value}));
    }
    // Path template variables no parameter declares (the step must still give them).
    for var in op.path.split('{').skip(1).filter_map(|s| s.split_once('}')).map(|(v, _)| v) {
        let declared = op.params.iter().any(|p| p["in"] == "path" && p["name"] == var);
        if !declared && !var.is_empty() {
            out.push(json!({"name": var, "in": "path", "value": "x"}));
        }
    }
    out
}

/// The payload: for the first media type the runtime sends (JSON first), a value built
/// from the schema.
fn request_body(doc: &Value, op: &Op) -> Option<Value> {
    let body = op.body.as_ref()?;
    let content = body.get("content")?.as_object()?;
    let rank = |mt: &str| {
        if mt.contains("json") {
            0
        } else if mt == "application/x-www-form-urlencoded" {
            1
        } else if mt == "multipart/form-data" {
            2
        } else if mt.starts_with("text/plain") || mt == "application/octet-stream" {
            3
        } else {
            4
        }
    };
    let (mt, media) = content.iter().min_by_key(|(mt, _)| rank(mt))?;
    let schema = media.get("schema");
    let payload = schema.map(|s| sample(doc, s, 0)).unwrap_or(json!({}));
    let payload = match rank(mt) {
        2 if !payload.is_object() => json!({}),
        3 | 4 if !payload.is_string() => json!(payload.to_string()),
        _ => payload,
    };
    Some(json!({"contentType": mt, "payload": payload}))
}
