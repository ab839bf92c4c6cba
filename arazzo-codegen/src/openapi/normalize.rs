//! Normalisation: rewrite a (pruned) OpenAPI 3.1 document into the OpenAPI 3.0 that
//! progenitor 0.15 accepts, and make response types tolerant of what real servers send.
//!
//! Rules, each applied everywhere a schema can appear:
//! - `openapi: 3.1.x` becomes `3.0.3`;
//! - `type: [T, "null"]`, `anyOf`/`oneOf` with a `{type: "null"}` member, and
//!   `type: "null"` become `nullable: true` (progenitor panics on `type: 'null'`);
//! - `const: v` becomes `enum: [v]`; numeric `exclusiveMinimum`/`exclusiveMaximum`
//!   become `minimum`/`maximum` with the boolean form; `$ref` loses its siblings;
//! - keywords 3.0 does not have (`examples`, `$schema`, `prefixItems`, `x-…`, …) are dropped;
//! - **responses that are really files** — any media type that is not JSON, or a JSON
//!   response whose schema is a bare `type: string` (OpenAI's `downloadFile`) — become
//!   `application/octet-stream` with `format: binary`, so progenitor returns a byte
//!   stream that is never JSON-decoded;
//! - **request bodies progenitor cannot send** — `multipart/form-data` and XML — become
//!   `application/octet-stream` with `format: binary`: the runtime builds the bytes
//!   from the workflow's payload and sets the real `Content-Type`;
//! - **schemas reachable from responses are read leniently**: every property is
//!   `nullable` (real OpenAI objects carry `null` where the schema does not allow it),
//!   string enums are open (an unknown `status` such as `paused` must not fail; the
//!   known values move into the description), `additionalProperties: false` is
//!   dropped (servers add fields) and so is `required` (servers leave fields out);
//! - parameter `$ref`s are inlined; header and cookie parameters, and parameter styles
//!   progenitor cannot serialise, are dropped from the generated client: the workflow's
//!   values are still sent, by the runtime (this also keeps progenitor's argument order
//!   path, query, body, which its sort leaves ambiguous for headers next to a body).

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::METHODS;

/// (`title` is left out: typify names a type after its title, and titles clash with
/// component names and each other — `Source Modified Date` inside the component
/// `SourceModifiedDate`; without titles, types are named after their place.)
const SCHEMA_KEYWORDS_30: [&str; 34] = [
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
];

/// Schema keywords that are numbers in OpenAPI 3.0.
const SCHEMA_NUMBERS: &[&str] = &[
    "maximum",
    "minimum",
    "multipleOf",
    "maxLength",
    "minLength",
    "maxItems",
    "minItems",
    "maxProperties",
    "minProperties",
];
/// Schema keywords that are booleans in OpenAPI 3.0 (`exclusiveMinimum` and
/// `exclusiveMaximum` as numbers are 3.1's, rewritten before this applies).
const SCHEMA_BOOLEANS: &[&str] = &["nullable", "readOnly", "writeOnly", "deprecated", "uniqueItems"];
/// Parameter fields that are booleans.
const PARAMETER_BOOLEANS: &[&str] = &["required", "deprecated", "allowEmptyValue", "explode", "allowReserved"];

/// Descriptions written by hand carry `"true"` for `true` and `"2030"` for `2030`:
/// such strings become the value they spell, and what spells nothing is dropped (the
/// OpenAPI 3.0 model progenitor reads rejects the whole document otherwise).
fn coerce_keywords(map: &mut Map<String, Value>, numbers: &[&str], booleans: &[&str]) {
    for key in numbers {
        match map.get(*key) {
            Some(Value::Number(_)) | None => {}
            Some(Value::String(t)) => match t
                .trim()
                .parse::<i64>()
                .map(Value::from)
                .ok()
                .or_else(|| t.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number))
            {
                Some(n) => {
                    map.insert((*key).to_string(), n);
                }
                None => {
                    map.remove(*key);
                }
            },
            Some(_) => {
                map.remove(*key);
            }
        }
    }
    for key in booleans {
        match map.get(*key).map(boolean) {
            Some(Some(b)) => {
                map.insert((*key).to_string(), Value::Bool(b));
            }
            Some(None) => {
                map.remove(*key);
            }
            None => {}
        }
    }
}

/// A boolean as written: `true`, or the strings `"true"` / `"false"` of hand-written
/// descriptions (any case); `None` for anything else.
pub fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(t) if t.eq_ignore_ascii_case("true") => Some(true),
        Value::String(t) if t.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Normalises `doc` in place. `lenient` holds the JSON pointers of the components that
/// are reachable from responses (see [`super::prune::response_reachable`]).
pub fn normalize(doc: &mut Value, lenient: &HashSet<String>) {
    line_ends(doc);
    let shared_params = doc.pointer("/components/parameters").and_then(Value::as_object).cloned().unwrap_or_default();
    let Some(root) = doc.as_object_mut() else { return };
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    root.remove("webhooks");
    root.remove("security");
    root.remove("jsonSchemaDialect");
    if let Some(Value::Object(info)) = root.get_mut("info") {
        // 3.1 only.
        info.remove("summary");
        if let Some(Value::Object(license)) = info.get_mut("license") {
            license.remove("identifier");
        }
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else { continue };
            strip_extensions(item);
            let mut item_declared = Vec::new();
            if let Some(Value::Array(params)) = item.get_mut("parameters") {
                inline_parameters(params, &shared_params);
                item_declared = path_parameter_names(params);
                parameters(params);
            }
            let template = super::path_variables(path);
            if let Some(Value::Array(params)) = item.get_mut("parameters") {
                params.retain(|p| in_template(p, &template));
                item_declared.retain(|n| template.contains(n));
            }
            for method in METHODS {
                if let Some(Value::Object(op)) = item.get_mut(method) {
                    let mut declared = item_declared.clone();
                    if let Some(Value::Array(params)) = op.get_mut("parameters") {
                        inline_parameters(params, &shared_params);
                        // A path parameter the template has no `{name}` for goes
                        // nowhere (progenitor panics on it).
                        params.retain(|p| in_template(p, &template));
                        declared.extend(path_parameter_names(params));
                    }
                    declare_path_variables(op, path, &declared);
                    operation(op);
                    let shared = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
                    if let Some(Value::Object(op)) = item.get_mut(method) {
                        merge_parameters(op, &shared);
                    }
                }
            }
            // (Merged into each operation.)
            item.remove("parameters");
        }
    }
    let mut rewritten = Vec::new();
    if let Some(Value::Object(components)) = root.get_mut("components") {
        strip_extensions(components);
        rewritten = break_all_of_cycles(components);
        for (kind, entries) in components.iter_mut() {
            let Some(entries) = entries.as_object_mut() else { continue };
            for (name, value) in entries.iter_mut() {
                let pointer = format!("/components/{kind}/{}", crate::load::escape_token(name));
                let is_lenient = lenient.contains(&pointer);
                match kind.as_str() {
                    "schemas" => schema(value, is_lenient),
                    "parameters" => parameter(value),
                    "responses" => response(value),
                    "requestBodies" => request_body(value),
                    "headers" => header(value),
                    _ => {}
                }
            }
        }
        components.remove("pathItems");
        unique_type_names(components);
        // Security is applied by the workflow's own parameters (the runtime sends them);
        // some scheme types (`mutualTLS`) are 3.1-only and do not parse as 3.0.
        components.remove("securitySchemes");
    }
    // What was rewritten to something progenitor and typify take, for warnings (an
    // extension, which the OpenAPI 3.0 model keeps and progenitor ignores).
    if !rewritten.is_empty() {
        root.insert(REWRITTEN.into(), Value::Array(rewritten));
    }
}

/// The member of a normalised document that lists the schemas normalisation had to
/// rewrite into something else than the description says: `{"pointer", "message"}`
/// each (the pointer into the description as written).
pub const REWRITTEN: &str = "x-arazzo-rewritten";

/// Schemas that contain themselves through `allOf` alone (`A: allOf [B]`, `B: allOf [A,
/// …]`) describe no finite value, and typify recurses on them until the stack overflows
/// (which no `catch_unwind` catches). The `$ref` that closes such a cycle becomes `{}`
/// (any value), and the schema says so in its description.
fn break_all_of_cycles(components: &mut Map<String, Value>) -> Vec<Value> {
    let Some(Value::Object(schemas)) = components.get_mut("schemas") else { return Vec::new() };
    let prefix = "#/components/schemas/";
    let name_of = |r: &str| r.strip_prefix(prefix).map(|n| n.replace("~1", "/").replace("~0", "~"));
    // The components each one's `allOf` members name (directly or through a nested `allOf`).
    fn all_of_refs(v: &Value, out: &mut Vec<String>) {
        if let Some(r) = v.get("$ref").and_then(Value::as_str) {
            out.push(r.to_string());
        }
        for m in v.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            all_of_refs(m, out);
        }
    }
    let names: Vec<String> = schemas.keys().cloned().collect();
    let edges: std::collections::HashMap<String, Vec<String>> = names
        .iter()
        .map(|n| {
            let mut refs = Vec::new();
            if let Some(v) = schemas.get(n) {
                all_of_refs(v, &mut refs);
            }
            (n.clone(), refs.iter().filter_map(|r| name_of(r)).filter(|t| schemas.contains_key(t)).collect())
        })
        .collect();
    // Depth-first, iteratively (the graph may be deep): every edge into a schema on the
    // current path closes a cycle.
    let mut state: std::collections::HashMap<&str, u8> = std::collections::HashMap::new(); // 1 on path, 2 done
    let mut closing: Vec<(String, String)> = Vec::new();
    for start in &names {
        if state.contains_key(start.as_str()) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
        state.insert(start.as_str(), 1);
        while let Some((node, i)) = stack.pop() {
            let next = edges.get(node).and_then(|e| e.get(i));
            match next {
                Some(t) => {
                    stack.push((node, i + 1));
                    match state.get(t.as_str()) {
                        Some(1) => closing.push((node.to_string(), t.clone())),
                        Some(_) => {}
                        None => {
                            state.insert(t.as_str(), 1);
                            stack.push((t.as_str(), 0));
                        }
                    }
                }
                None => {
                    state.insert(node, 2);
                }
            }
        }
    }
    let mut rewritten = Vec::new();
    for (from, to) in closing {
        let target = format!("{prefix}{}", crate::load::escape_token(&to));
        rewritten.push(json!({
            "pointer": format!("/components/schemas/{}", crate::load::escape_token(&from)),
            "message": format!(
                "schema `{from}` contains itself through `allOf` alone (via `{to}`), which describes no finite value; its reference to `{to}` is read as any JSON value"
            ),
        }));
        if let Some(v) = schemas.get_mut(&from) {
            cut_all_of_ref(v, &target);
            if let Some(m) = v.as_object_mut() {
                let desc = m.get("description").and_then(Value::as_str).unwrap_or_default().trim_end().to_string();
                let sep = if desc.is_empty() { "" } else { "\n\n" };
                let note =
                    format!("{desc}{sep}(`{to}` contains this schema through `allOf` alone: read as any value there.)");
                m.insert("description".into(), Value::String(note));
            }
        }
    }
    rewritten
}

/// Replaces `{"$ref": target}` in `v` itself or its `allOf` members (recursively) by `{}`.
fn cut_all_of_ref(v: &mut Value, target: &str) {
    if v.get("$ref").and_then(Value::as_str) == Some(target) {
        *v = json!({});
        return;
    }
    if let Some(Value::Array(members)) = v.get_mut("allOf") {
        members.iter_mut().for_each(|m| cut_all_of_ref(m, target));
    }
}

/// typify names a component schema after its key, in PascalCase: two keys that differ
/// only in case or punctuation (`simple-user`, `SimpleUser`) would be two Rust types of
/// one name. A later key gets a number (`SimpleUser2`), and references follow it.
fn unique_type_names(components: &mut Map<String, Value>) {
    let Some(Value::Object(schemas)) = components.get_mut("schemas") else { return };
    let mut taken: HashSet<String> = HashSet::new();
    let mut renames: Vec<(String, String)> = Vec::new();
    let keys: Vec<String> = schemas.keys().cloned().collect();
    for key in keys {
        let base = crate::names::sanitize(&key, crate::names::Case::Pascal);
        if taken.insert(base.clone()) {
            continue;
        }
        let mut n = 2;
        let mut new = format!("{key}{n}");
        while !taken.insert(crate::names::sanitize(&new, crate::names::Case::Pascal)) || schemas.contains_key(&new) {
            n += 1;
            new = format!("{key}{n}");
        }
        if let Some(v) = schemas.remove(&key) {
            schemas.insert(new.clone(), v);
        }
        renames.push((key, new));
    }
    if renames.is_empty() {
        return;
    }
    let map: std::collections::HashMap<String, String> = renames
        .into_iter()
        .map(|(old, new)| {
            let esc = crate::load::escape_token;
            (format!("#/components/schemas/{}", esc(&old)), format!("#/components/schemas/{}", esc(&new)))
        })
        .collect();
    let mut whole = Value::Object(std::mem::take(components));
    super::rename_refs(&mut whole, &map);
    if let Value::Object(m) = whole {
        *components = m;
    }
}

/// Carriage returns in descriptions (`\r\n` from Windows editors, or a lone `\r`) end
/// up in doc comments, where rustc rejects a bare CR: they become `\n`.
fn line_ends(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                if let Value::String(t) = child
                    && matches!(k.as_str(), "description" | "summary" | "title")
                    && t.contains('\r')
                {
                    *t = t.replace("\r\n", "\n").replace('\r', "\n");
                } else {
                    line_ends(child);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(line_ends),
        _ => {}
    }
}

fn strip_extensions(map: &mut Map<String, Value>) {
    map.retain(|k, _| !k.starts_with("x-"));
}

fn operation(op: &mut Map<String, Value>) {
    strip_extensions(op);
    op.remove("callbacks");
    op.remove("security");
    if let Some(Value::Array(params)) = op.get_mut("parameters") {
        parameters(params);
    }
    if let Some(body) = op.get_mut("requestBody") {
        request_body(body);
    }
    if let Some(Value::Object(responses)) = op.get_mut("responses") {
        strip_extensions(responses);
        let success = |code: &str| code.starts_with('2');
        let has_success = responses.keys().any(|k| success(k));
        // Error responses are read from the raw response by the runtime (OpenAI's error
        // JSON is the same everywhere); progenitor allows one error type per operation,
        // and OpenAI's differ (`Error`, `ErrorResponse`), so they are left out.
        responses.retain(|code, _| success(code) || (code == "default" && !has_success));
        // With no 2xx response, `default` describes the success too: the client reads
        // it as one (progenitor would make it the error type as well).
        if !has_success && let Some(d) = responses.remove("default") {
            responses.insert("200".into(), d);
        }
        for (code, r) in responses.iter_mut() {
            response(r);
            // A success response the description gives no content may still have a
            // body (descriptions are often incomplete): the client returns its bytes
            // undecoded, and a workflow that reads it parses them as JSON.
            if success(code)
                && !matches!(code.as_str(), "204" | "205")
                && let Some(map) = r.as_object_mut()
                && !map.contains_key("$ref")
                && map.get("content").and_then(Value::as_object).is_none_or(Map::is_empty)
            {
                map.insert(
                    "content".into(),
                    json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}),
                );
            }
        }
        // progenitor also allows one success type: keep the 2xx responses whose content
        // is the lowest one's.
        let mut codes: Vec<String> = responses.keys().filter(|k| success(k)).cloned().collect();
        codes.sort();
        let canonical = codes.iter().find_map(|c| responses.get(c).and_then(|r| r.get("content")).cloned());
        if let Some(canonical) = canonical {
            responses.retain(|code, r| !success(code) || r.get("content") == Some(&canonical));
        }
    }
}

/// Replaces `{"$ref": "#/components/parameters/X"}` with the parameter (a few levels of
/// references deep), so that the rules below see where each parameter goes.
fn inline_parameters(params: &mut [Value], shared: &Map<String, Value>) {
    for p in params.iter_mut() {
        for _ in 0..8 {
            let Some(name) = p
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/parameters/"))
                .map(|n| n.replace("~1", "/").replace("~0", "~"))
            else {
                break;
            };
            match shared.get(&name) {
                Some(target) => *p = target.clone(),
                None => break,
            }
        }
    }
}

/// An operation's parameters with its path item's (which it overrides by name and
/// location) in the order progenitor reads them, without those whose argument name
/// would repeat an earlier one's ([`clashing`]): the runtime sends those.
fn merge_parameters(op: &mut Map<String, Value>, shared: &[Value]) {
    let own = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
    let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
    let mut merged: Vec<Value> = shared.iter().filter(|s| !own.iter().any(|o| key(o) == key(s))).cloned().collect();
    merged.extend(own);
    let names: Vec<(String, bool)> = merged
        .iter()
        .map(|p| {
            let name = p.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
            (name, p.get("in").and_then(Value::as_str) == Some("path"))
        })
        .collect();
    let clash = clashing(&names);
    let merged: Vec<Value> = merged.into_iter().zip(clash).filter(|(_, c)| !c).map(|(p, _)| p).collect();
    if merged.is_empty() {
        op.remove("parameters");
    } else {
        op.insert("parameters".into(), Value::Array(merged));
    }
}

/// For each parameter (name, whether it is a path parameter), whether another has the
/// same Rust argument name (`flightOrderId` and `flight-orderId` are both
/// `flight_order_id`): a path parameter, or an earlier one. Path parameters never clash
/// (the path needs each).
pub fn clashing(params: &[(String, bool)]) -> Vec<bool> {
    let snake = |n: &str| crate::names::sanitize(n, crate::names::Case::Snake);
    let mut seen: HashSet<String> = params.iter().filter(|(_, path)| *path).map(|(n, _)| snake(n)).collect();
    params.iter().map(|(n, path)| !*path && !seen.insert(snake(n))).collect()
}

/// Whether a parameter is not a path parameter, or one the path template names.
fn in_template(p: &Value, template: &[String]) -> bool {
    p.get("in").and_then(Value::as_str) != Some("path")
        || p.get("name").and_then(Value::as_str).is_some_and(|n| template.iter().any(|t| t == n))
}

/// The names of the path parameters in `params`.
fn path_parameter_names(params: &[Value]) -> Vec<String> {
    params
        .iter()
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_string))
        .collect()
}

/// Declares the template variables of `path` that no parameter declares (each MUST be
/// one; progenitor panics on one that is not: "missing path name mapping") as required
/// strings, the type [`super::operations`] gives them.
fn declare_path_variables(op: &mut Map<String, Value>, path: &str, declared: &[String]) {
    let missing: Vec<String> = super::path_variables(path).into_iter().filter(|v| !declared.contains(v)).collect();
    if missing.is_empty() {
        return;
    }
    if let Value::Array(params) = op.entry("parameters").or_insert_with(|| Value::Array(Vec::new())) {
        for name in missing {
            params.push(json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}));
        }
    }
}

/// Whether progenitor sends this parameter itself.
pub(crate) fn supported_parameter(p: &Value) -> bool {
    if p.get("$ref").is_some() {
        return true;
    }
    let location = p.get("in").and_then(Value::as_str).unwrap_or_default();
    let style = p.get("style").and_then(Value::as_str);
    match location {
        // `label` and `matrix` values are text the generated code writes (see `parameter`).
        "path" => matches!(style, None | Some("simple" | "label" | "matrix")) && p.get("schema").is_some(),
        // Arrays, objects and `explode: false` go through the runtime, which writes every
        // style (progenitor writes exploded `form` only).
        "query" => {
            matches!(style, None | Some("form"))
                && p.get("explode").and_then(Value::as_bool) != Some(false)
                && p.get("schema")
                    .is_some_and(|s| !matches!(s.get("type").and_then(Value::as_str), Some("array" | "object")))
        }
        _ => false,
    }
}

fn parameters(params: &mut Vec<Value>) {
    params.retain(supported_parameter);
    params.iter_mut().for_each(parameter);
}

fn parameter(p: &mut Value) {
    let Some(map) = p.as_object_mut() else { return };
    strip_extensions(map);
    map.remove("examples");
    map.remove("example");
    coerce_keywords(map, &[], PARAMETER_BOOLEANS);
    // Path parameters are required (OpenAPI: "MUST be true"; progenitor asserts it).
    if map.get("in").and_then(Value::as_str) == Some("path") {
        map.insert("required".into(), Value::Bool(true));
    }
    if !map.contains_key("content") {
        let s = parameter_schema(map.get("schema"), false);
        map.insert("schema".into(), s);
    }
    // progenitor formats path values with `to_string()`, which arrays and objects lack:
    // the client takes the text, which the generated code writes in the `simple` style.
    // `label` and `matrix` values (of any type) start with the style's prefix (`.`,
    // `;name=`), so the client takes them as text too, as a `simple` parameter (the
    // only path style progenitor accepts).
    let styled = matches!(map.get("style").and_then(Value::as_str), Some("label" | "matrix"));
    if map.get("in").and_then(Value::as_str) == Some("path")
        && let Some(schema) = map.get("schema")
        && (styled
            || (schema.get("$ref").is_none()
                && matches!(schema.get("type").and_then(Value::as_str), Some("array" | "object"))))
    {
        map.insert("schema".into(), json!({"type": "string"}));
        if styled {
            map.remove("style");
            map.remove("explode");
        }
    }
}

/// The schema progenitor is given for a parameter's `schema` (see [`parameter`]):
/// normalised like any schema, a string when there is none, and without an `enum` of
/// integers or booleans (typify makes an enum type of those, which the workflow's plain
/// values are not: such parameters take any value of the type). The lowering reads
/// parameter types from this too.
/// `lenient`: the schema is a component that responses reach too, which is read
/// leniently everywhere (its string enum is an open string).
pub fn parameter_schema(s: Option<&Value>, lenient: bool) -> Value {
    let mut s = match s {
        Some(v @ Value::Object(_)) => v.clone(),
        _ => return json!({"type": "string"}),
    };
    schema(&mut s, lenient);
    if let Some(m) = s.as_object_mut() {
        if m.get("enum").and_then(Value::as_array).is_some_and(|e| e.iter().any(|v| !v.is_string() && !v.is_null())) {
            m.remove("enum");
        }
        // A parameter is given or not; `null` is no value to send (and progenitor makes
        // a nullable path parameter an `Option` it cannot write into the path).
        m.remove("nullable");
    }
    s
}

fn header(h: &mut Value) {
    let Some(map) = h.as_object_mut() else { return };
    strip_extensions(map);
    map.remove("examples");
    if let Some(s) = map.get_mut("schema") {
        schema(s, true);
    }
}

fn is_json(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
}

/// Whether the runtime builds request bodies of this media type itself
/// (`multipart/form-data`, and XML: `application/xml`, `text/xml`, `*+xml`), which
/// progenitor 0.15 cannot send: the client takes them as raw bytes.
pub fn runtime_built(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    m == "multipart/form-data" || is_xml(&m)
}

/// Whether a media type is XML (`application/xml`, `text/xml`, `*/*+xml`).
pub fn is_xml(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    m == "application/xml" || m == "text/xml" || (m.contains('/') && m.ends_with("+xml"))
}

/// The media type of a request body's `content` that the generated client sends
/// (progenitor takes one): JSON, then form, then raw bytes; otherwise the first that
/// progenitor (`text/plain`) or the runtime ([`runtime_built`]) can send; otherwise the
/// first, so that progenitor reports it instead of panicking.
pub fn sent_request_media(content: &Map<String, Value>) -> Option<&str> {
    let preferred = ["application/json", "application/x-www-form-urlencoded", "application/octet-stream"];
    let text = |m: &str| {
        matches!(
            m.split(';').next().unwrap_or_default().trim().to_ascii_lowercase().as_str(),
            "text/plain" | "text/x-markdown"
        )
    };
    preferred
        .iter()
        .find_map(|m| content.get_key_value(*m).map(|(k, _)| k.as_str()))
        .or_else(|| content.keys().find(|m| json_like(m)).map(String::as_str))
        .or_else(|| content.keys().find(|m| text(m) || runtime_built(m)).map(String::as_str))
        .or_else(|| content.iter().find(|(m, v)| as_bytes(m, v)).map(|(m, _)| m.as_str()))
        .or_else(|| content.keys().next().map(String::as_str))
}

/// A JSON media type other than `application/json` (`application/vnd.api+json`,
/// `text/json`, `application/*+json`): progenitor is told `application/json`, and the
/// runtime sends the declared `Content-Type`.
pub fn json_like(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    m != "application/json" && (m == "text/json" || (m.contains('/') && m.ends_with("+json")))
}

/// A media type progenitor does not take, that is neither JSON nor built by the runtime
/// (`application/jwt`, `text/csv`, `application/zip`), or a wildcard (`*/*`,
/// `application/*`) whose schema is a string or absent: the body is the payload's text
/// (a string as it is, anything else as its JSON text), progenitor is told
/// `application/octet-stream`, and the runtime sends the declared `Content-Type`.
/// Wildcards with a structured schema are sent as JSON instead ([`wildcard_json`]).
pub fn as_bytes(media: &str, media_object: &Value) -> bool {
    let m = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let progenitor_takes = matches!(
        m.as_str(),
        "application/json"
            | "application/x-www-form-urlencoded"
            | "application/octet-stream"
            | "text/plain"
            | "text/x-markdown"
    );
    if progenitor_takes || json_like(&m) || runtime_built(&m) || !m.contains('/') {
        return false;
    }
    if !m.contains('*') {
        return true;
    }
    match media_object.get("schema") {
        None => true,
        Some(s) => {
            s.get("type").and_then(Value::as_str) == Some("string") || s.as_object().is_some_and(|o| o.is_empty())
        }
    }
}

/// `*/*` or `application/*` with a structured schema: sent as JSON.
pub fn wildcard_json(media: &str, media_object: &Value) -> bool {
    let m = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    (m == "*/*" || m == "application/*") && !as_bytes(&m, media_object)
}

/// The media type progenitor is told for a request body declared as `media`: the
/// declared one, or `application/json` for [`json_like`] and [`wildcard_json`] ones, or
/// `application/octet-stream` for [`as_bytes`] ones.
pub fn progenitor_request_media(media: &str, media_object: &Value) -> Option<&'static str> {
    if json_like(media) || wildcard_json(media, media_object) {
        Some("application/json")
    } else if as_bytes(media, media_object) {
        Some("application/octet-stream")
    } else {
        None
    }
}

fn request_body(body: &mut Value) {
    let Some(map) = body.as_object_mut() else { return };
    strip_extensions(map);
    let Some(Value::Object(content)) = map.get_mut("content") else { return };
    // progenitor takes one body type.
    if let Some(keep) = sent_request_media(content).map(str::to_string) {
        content.retain(|k, _| *k == keep);
        // Built by the runtime: raw bytes for progenitor, sent with their own
        // `Content-Type` (set by the runtime, replacing progenitor's).
        if runtime_built(&keep) {
            content.clear();
            content
                .insert("application/octet-stream".into(), json!({"schema": {"type": "string", "format": "binary"}}));
        } else if let Some(told) = content.get(&keep).and_then(|m| progenitor_request_media(&keep, m)) {
            let media = content.remove(&keep).unwrap_or_default();
            let media = if told == "application/octet-stream" {
                json!({"schema": {"type": "string", "format": "binary"}})
            } else {
                media
            };
            content.clear();
            content.insert(told.into(), media);
        }
    }
    for media in content.values_mut() {
        media_type(media, false);
        // A body is sent or not; progenitor makes a nullable one an `Option`.
        if let Some(Value::Object(s)) = media.get_mut("schema") {
            s.remove("nullable");
        }
    }
}

fn response(r: &mut Value) {
    let Some(map) = r.as_object_mut() else { return };
    if map.contains_key("$ref") {
        return;
    }
    strip_extensions(map);
    map.remove("links");
    // Optional since OpenAPI 3.2, required in 3.0.
    map.entry("description").or_insert_with(|| Value::String(String::new()));
    if let Some(Value::Object(headers)) = map.get_mut("headers") {
        headers.values_mut().for_each(header);
    }
    let Some(Value::Object(content)) = map.get_mut("content") else { return };
    let json_object = content.iter().find(|(media, m)| {
        is_json(media) && m.get("schema").is_none_or(|s| s.get("type").and_then(Value::as_str) != Some("string"))
    });
    let new_content = match json_object {
        Some((media, m)) => {
            let mut m = m.clone();
            media_type(&mut m, true);
            let mut c = Map::new();
            c.insert(if media == "application/json" { media.clone() } else { "application/json".into() }, m);
            c
        }
        None if content.is_empty() => Map::new(),
        // A file: raw bytes, never decoded.
        None => {
            let mut c = Map::new();
            c.insert("application/octet-stream".into(), json!({"schema": {"type": "string", "format": "binary"}}));
            c
        }
    };
    *content = new_content;
}

fn media_type(m: &mut Value, lenient: bool) {
    let Some(map) = m.as_object_mut() else { return };
    // progenitor panics on `encoding` (multipart parts' encodings are read from the
    // description as written, by the runtime).
    map.retain(|k, _| k == "schema");
    // progenitor panics on a media type without a schema: any JSON value.
    if !map.contains_key("schema") {
        map.insert("schema".into(), json!({}));
    }
    if let Some(s) = map.get_mut("schema") {
        schema(s, lenient);
    }
}

fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
        || v.get("enum").and_then(Value::as_array).is_some_and(|e| e.len() == 1 && e[0].is_null())
}

/// Normalises one schema (recursively). `lenient`: the schema describes data the
/// server sends.
pub fn schema(v: &mut Value, lenient: bool) {
    let Some(map) = v.as_object_mut() else {
        // `true` / `false` schemas (2020-12), and what is no schema at all (`null`, a
        // list): any value.
        *v = json!({});
        return;
    };
    coerce_keywords(map, SCHEMA_NUMBERS, SCHEMA_BOOLEANS);
    if map.contains_key("$ref") {
        map.retain(|k, _| k == "$ref");
        // A schema can only be another schema (`#/components/schemas/…`, after pruning
        // hoisted nested ones there); a reference to a parameter or a response where a
        // schema belongs is a mistake typify panics on: any value.
        if !map.get("$ref").and_then(Value::as_str).is_some_and(|r| r.starts_with("#/components/schemas/")) {
            map.clear();
        }
        return;
    }
    let mut nullable = map.get("nullable").and_then(Value::as_bool).unwrap_or(false);

    // type: [T, "null"] / type: "null"
    match map.get("type").cloned() {
        Some(Value::Array(types)) => {
            let non_null: Vec<Value> = types.iter().filter(|t| t.as_str() != Some("null")).cloned().collect();
            nullable |= non_null.len() < types.len();
            match non_null.as_slice() {
                [one] => {
                    map.insert("type".into(), one.clone());
                }
                _ => {
                    map.remove("type");
                }
            }
        }
        Some(Value::String(t)) if t == "null" => {
            map.remove("type");
            nullable = true;
        }
        _ => {}
    }
    if let Some(c) = map.remove("const") {
        if c.is_null() {
            nullable = true;
        } else {
            map.insert("enum".into(), Value::Array(vec![c]));
        }
    }
    for (key, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(n) = map.get(key).filter(|v| v.is_number()).cloned() {
            map.insert(bound.into(), n);
            map.insert(key.into(), Value::Bool(true));
        }
    }
    if let Some(Value::Array(items)) = map.get("items").cloned() {
        // Tuple form (2020-12 `prefixItems` style): any item.
        let _ = items;
        map.insert("items".into(), json!({}));
    }

    // anyOf / oneOf with a null member.
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(members)) = map.get(key).cloned() else { continue };
        let non_null: Vec<Value> = members.iter().filter(|m| !is_null_schema(m)).cloned().collect();
        if non_null.len() == members.len() {
            continue;
        }
        nullable = true;
        map.remove(key);
        match non_null.as_slice() {
            [] => {}
            [one] if one.get("$ref").is_some() => {
                map.insert("allOf".into(), Value::Array(vec![one.clone()]));
            }
            [Value::Object(one)] => {
                for (k, val) in one {
                    if k == "description" && map.contains_key("description") {
                        continue;
                    }
                    map.insert(k.clone(), val.clone());
                }
            }
            _ => {
                map.insert(key.into(), Value::Array(non_null));
            }
        }
    }
    // A member merged above may itself have been 3.1-style; normalise again.
    if map.get("type").is_some_and(|t| t.is_array() || t.as_str() == Some("null")) || map.contains_key("const") {
        let was_nullable = nullable;
        let mut again = Value::Object(std::mem::take(map));
        schema(&mut again, lenient);
        if let Value::Object(m) = again {
            *map = m;
        }
        nullable |= was_nullable;
    }

    map.retain(|k, _| SCHEMA_KEYWORDS_30.contains(&k.as_str()));
    types_and_formats(map);
    // typify checks a `default` against its schema and gives up on compositions
    // (`anyOf` of strings with a default, as in OpenAI's model names); a default is
    // meaningless when reading a response.
    if lenient || ["anyOf", "oneOf", "allOf"].iter().any(|k| map.contains_key(*k)) || !default_fits(map) {
        map.remove("default");
    }

    if lenient {
        let string_enum = map.get("type").and_then(Value::as_str) == Some("string") || !map.contains_key("type");
        if string_enum
            && let Some(Value::Array(values)) = map.get("enum").cloned()
            && values.iter().all(Value::is_string)
        {
            map.remove("enum");
            map.insert("type".into(), Value::String("string".into()));
            let known: Vec<String> = values.iter().filter_map(Value::as_str).map(|s| format!("`{s}`")).collect();
            let desc = map.get("description").and_then(Value::as_str).unwrap_or_default().trim_end().to_string();
            let sep = if desc.is_empty() { "" } else { "\n\n" };
            map.insert("description".into(), Value::String(format!("{desc}{sep}Known values: {}.", known.join(", "))));
        }
        // Other enums (`enum: [true]`, `enum: [0, 1, 2]`) are open too: any value of the type.
        if map.get("enum").is_some() {
            map.remove("enum");
        }
        if map.get("additionalProperties") == Some(&Value::Bool(false)) {
            map.remove("additionalProperties");
        }
        // Servers leave out fields the description requires: a missing field is `None`.
        map.remove("required");
    }

    if nullable {
        map.insert("nullable".into(), Value::Bool(true));
    }

    // Two properties whose Rust field names are the same (`Message` and `message`) would
    // be one field declared twice: the later one is left out (a response's extra member
    // is ignored; a request's is reported by the payload check).
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        let mut fields = HashSet::new();
        let clashing: Vec<String> = props
            .keys()
            .filter(|k| !fields.insert(crate::names::sanitize(k, crate::names::Case::Snake)))
            .cloned()
            .collect();
        for k in &clashing {
            props.remove(k);
        }
        if !clashing.is_empty()
            && let Some(Value::Array(required)) = map.get_mut("required")
        {
            required.retain(|r| !r.as_str().is_some_and(|r| clashing.iter().any(|c| c == r)));
        }
    }
    // Recurse.
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        for p in props.values_mut() {
            schema(p, lenient);
            if lenient {
                make_nullable(p);
            }
        }
    }
    for key in ["items", "not"] {
        if let Some(s) = map.get_mut(key) {
            schema(s, lenient);
        }
    }
    if let Some(s) = map.get_mut("additionalProperties")
        && s.is_object()
    {
        schema(s, lenient);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = map.get_mut(key) {
            members.iter_mut().for_each(|m| schema(m, lenient));
        }
    }
    if map.get("type").and_then(Value::as_str) == Some("array") && !map.contains_key("items") {
        map.insert("items".into(), json!({}));
    }
}

/// typify panics on a `type` that is not a JSON Schema type, and on a `format` on
/// anything but a string, integer or number (`type: object, format: application/json`,
/// `type: boolean, format: boolean`, a `format` with no `type`). Common misspellings of a
/// type are read as the type meant (`bool`, `int`, …); other unknown types and such
/// formats are dropped (a format is an annotation).
fn types_and_formats(map: &mut Map<String, Value>) {
    let fixed = match map.get("type") {
        Some(Value::String(t)) => match t.as_str() {
            "string" | "integer" | "number" | "boolean" | "object" | "array" => None,
            "bool" => Some(Some("boolean")),
            "int" | "long" | "int32" | "int64" => Some(Some("integer")),
            "float" | "double" | "decimal" => Some(Some("number")),
            "str" | "date" | "datetime" | "date-time" => Some(Some("string")),
            _ => Some(None),
        },
        Some(_) => Some(None),
        None => None,
    };
    match fixed {
        Some(Some(t)) => {
            map.insert("type".into(), Value::String(t.into()));
        }
        Some(None) => {
            map.remove("type");
        }
        None => {}
    }
    // Keywords of another type than the schema's (`type: array` with `properties`): the
    // type decides, as typify reads it.
    match map.get("type").and_then(Value::as_str) {
        Some("array") => {
            for k in ["properties", "required", "additionalProperties"] {
                map.remove(k);
            }
        }
        Some("string" | "integer" | "number" | "boolean") => {
            for k in ["properties", "required", "additionalProperties", "items"] {
                map.remove(k);
            }
        }
        _ => {}
    }
    let takes_format = matches!(map.get("type").and_then(Value::as_str), Some("string" | "integer" | "number"));
    if !takes_format || !map.get("format").is_some_and(Value::is_string) {
        map.remove("format");
    }
    // An `enum` without a `type` gets the type of its values (typify fails on, say,
    // `enum: [true]` made nullable); values of several types leave the enum open.
    if !map.contains_key("type")
        && let Some(Value::Array(values)) = map.get("enum")
    {
        let types: HashSet<&str> = values
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| match v {
                Value::Bool(_) => "boolean",
                Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                Value::Number(_) => "number",
                Value::String(_) => "string",
                Value::Array(_) => "array",
                _ => "object",
            })
            .collect();
        match types.into_iter().collect::<Vec<_>>().as_slice() {
            [one] => {
                map.insert("type".into(), Value::String((*one).to_string()));
            }
            _ => {
                map.remove("enum");
            }
        }
    }
    // typify checks `enum` values and a `default` against the type it makes, and fails
    // the whole client when one does not fit (`enum: ["Undefined", 1]` on an integer, a
    // default outside an integer format's range or not matching a `pattern`). Values of
    // another JSON type leave the `enum`; a `default` stays only on plain types (it
    // only fills in what a request leaves out, and workflows give their payloads).
    let ty = map.get("type").and_then(Value::as_str).map(str::to_string);
    if let (Some(ty), Some(Value::Array(values))) = (ty.as_deref(), map.get_mut("enum")) {
        values.retain(|v| v.is_null() || json_type_fits(ty, v));
        if values.iter().all(Value::is_null) {
            map.remove("enum");
        }
    }
    if map.contains_key("enum") && ty.as_deref() == Some("string") {
        map.remove("format");
    }
    let validated = ["format", "pattern", "minLength", "maxLength", "minimum", "maximum", "multipleOf", "enum"]
        .iter()
        .any(|k| map.contains_key(*k));
    if validated || map.get("nullable") == Some(&Value::Bool(true)) {
        map.remove("default");
    }
}

/// Whether `v` is of the JSON Schema type `ty`.
fn json_type_fits(ty: &str, v: &Value) -> bool {
    match ty {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    }
}

/// Whether a schema's `default` is of its type and among its `enum` values (OpenAI's
/// description has `default: []` on a string enum; typify rejects such a schema).
fn default_fits(map: &Map<String, Value>) -> bool {
    let Some(d) = map.get("default") else { return true };
    if let Some(Value::Array(values)) = map.get("enum")
        && !values.contains(d)
    {
        return false;
    }
    match map.get("type").and_then(Value::as_str) {
        Some("string") => d.is_string(),
        Some("integer") => d.is_i64() || d.is_u64(),
        Some("number") => d.is_number(),
        Some("boolean") => d.is_boolean(),
        Some("array") => d.is_array(),
        Some("object") => d.is_object(),
        _ => true,
    }
}

/// Lets a property be `null`.
fn make_nullable(p: &mut Value) {
    let Some(map) = p.as_object_mut() else { return };
    if map.contains_key("$ref") {
        let r = std::mem::take(map);
        map.insert("allOf".into(), Value::Array(vec![Value::Object(r)]));
    }
    map.insert("nullable".into(), Value::Bool(true));
}
