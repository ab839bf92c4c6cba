//! OpenAPI descriptions: loading (stage 1), the operation index used to resolve steps
//! (stage 2), and the pipeline that turns an OpenAPI 3.1 description into the pruned
//! OpenAPI 3.0 document progenitor accepts ([`prune`], [`normalize`]).

pub mod ids;
pub mod normalize;
#[cfg(feature = "progenitor")]
pub mod paths;
pub mod prune;

use serde_json::Value;

use crate::Diagnostic;
use crate::load::{Document, escape_token};

/// The HTTP methods of a Path Item object.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// One operation of a description.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Its operationId: unique, and unique as a method name (see [`ids`]).
    pub operation_id: String,
    /// The operationId the description declares (`None`: none), which steps name.
    pub declared: Option<String>,
    /// Lower-case HTTP method.
    pub method: String,
    /// The path template, e.g. `/batches/{batch_id}`.
    pub path: String,
    /// JSON pointer of the Operation object.
    pub pointer: String,
    /// Summary, for doc comments.
    pub summary: Option<String>,
    /// Parameters, path-level merged with operation-level (operation wins).
    pub parameters: Vec<OperationParameter>,
    /// The server of its own `servers` (or of its path item's), when it has one that
    /// differs from the description's root server: see [`server_url`].
    pub server: Option<String>,
}

/// A parameter an operation declares.
#[derive(Clone, Debug)]
pub struct OperationParameter {
    /// Its name.
    pub name: String,
    /// `path`, `query`, `header` or `cookie`.
    pub location: String,
    /// Whether it must be given.
    pub required: bool,
    /// Its schema (resolved one level), if any.
    pub schema: Value,
    /// Whether the generated client sends it itself (a path or query parameter of a
    /// style progenitor serialises); the runtime sends the others.
    pub client_sends: bool,
    /// Its `style`, when given.
    pub style: Option<String>,
    /// Its `explode`, when given.
    pub explode: Option<bool>,
    /// Whether its schema is a `$ref` (typify then makes a named type of it, a newtype
    /// even for a plain string).
    pub schema_ref: bool,
}

/// Whether some local `$ref` of `v` is percent-encoded (`#/paths/~1a~1%7Bid%7D`).
pub fn has_encoded_refs(v: &Value) -> bool {
    let mut refs = Vec::new();
    collect_refs(v, &mut refs);
    refs.iter().any(|r| r.contains('%'))
}

/// Percent-decodes every local `$ref` (a URI fragment: RFC 6901 §6 JSON pointers are
/// percent-encoded there), so that `$ref`s are plain JSON pointers after loading.
pub fn decode_refs(v: &mut Value) {
    map_refs(v, &mut |r| (r.starts_with('#') && r.contains('%')).then(|| percent_decode(r)));
}

/// Points every `$ref` that `renames` has (`#/…` → `#/…`) at its new target.
pub fn rename_refs(v: &mut Value, renames: &std::collections::HashMap<String, String>) {
    map_refs(v, &mut |r| renames.get(r).cloned());
}

/// Replaces each `$ref` of `v` for which `f` gives a new value.
fn map_refs(v: &mut Value, f: &mut dyn FnMut(&str) -> Option<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                match child {
                    Value::String(r) if k == "$ref" => {
                        if let Some(new) = f(r) {
                            *r = new;
                        }
                    }
                    _ => map_refs(child, f),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| map_refs(x, f)),
        _ => {}
    }
}

/// `%XX` escapes decoded (as UTF-8; a malformed escape is kept as written).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (b.get(i + 1).and_then(|c| hex(*c)), b.get(i + 2).and_then(|c| hex(*c)))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Follows local `$ref`s (`#/...`) until a non-reference node, at most 32 times.
pub fn resolve<'a>(root: &'a Value, mut value: &'a Value) -> Option<&'a Value> {
    for _ in 0..32 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(r) => value = root.pointer(r.strip_prefix('#')?)?,
            None => return Some(value),
        }
    }
    None
}

/// Every operation with an operationId (every one, after [`ids::assign`]), in document order.
pub fn operations(doc: &Document) -> Vec<Operation> {
    operations_with(doc, &prune::response_reachable(&doc.root))
}

/// [`operations`], given the components responses reach ([`prune::response_reachable`]):
/// they are read leniently (see `normalize`), also where a parameter names them (a
/// string enum there is an open string, passed by reference).
pub fn operations_with(doc: &Document, lenient: &std::collections::HashSet<String>) -> Vec<Operation> {
    let root = &doc.root;
    let mut out = Vec::new();
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        return out;
    };
    let root_server = root_server(doc);
    for (path, item) in paths {
        let Some(item) = resolve(root, item) else { continue };
        let path_params = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let Some(id) = op.get("operationId").and_then(Value::as_str) else { continue };
            let mut parameters: Vec<OperationParameter> = Vec::new();
            let op_params = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            // (name, location) of the operation's own parameters so far: a list that names
            // one twice (it MUST NOT) keeps the first, as the client does.
            let mut own: Vec<(String, String)> = Vec::new();
            let path_level = path_params.len();
            for (index, p) in path_params.iter().chain(op_params.iter()).enumerate() {
                let Some(p) = resolve(root, p) else { continue };
                let (Some(name), Some(location)) =
                    (p.get("name").and_then(Value::as_str), p.get("in").and_then(Value::as_str))
                else {
                    continue;
                };
                // A path parameter the template has no `{name}` for goes nowhere, and
                // Swagger 2.0 locations (`formData`, `body`) are no OpenAPI 3 parameters.
                if location == "path" && !path_variables(path).iter().any(|v| v == name)
                    || !matches!(location, "path" | "query" | "header" | "cookie" | "querystring")
                {
                    continue;
                }
                // The schema as progenitor is given it (normalised), `$ref` resolved.
                let written = p.get("schema").map(|s| resolve(root, s).cloned().unwrap_or_default());
                let schema = if p.get("content").is_some() && written.is_none() {
                    Value::Null
                } else {
                    let target = p.get("schema").and_then(|s| s.get("$ref")).and_then(Value::as_str);
                    let lenient = target.and_then(|r| r.strip_prefix('#')).is_some_and(|t| lenient.contains(t));
                    normalize::parameter_schema(written.as_ref(), lenient)
                };
                let schema_ref = p.get("schema").is_some_and(|s| s.get("$ref").is_some());
                let param = OperationParameter {
                    name: name.to_string(),
                    location: location.to_string(),
                    // (`"true"` as written by hand: what `normalize` gives progenitor.)
                    required: p.get("required").and_then(normalize::boolean).unwrap_or(location == "path"),
                    schema,
                    client_sends: normalize::supported_parameter(p),
                    style: p.get("style").and_then(Value::as_str).map(str::to_string),
                    explode: p.get("explode").and_then(Value::as_bool),
                    schema_ref,
                };
                if index >= path_level {
                    let key = (param.name.clone(), param.location.clone());
                    if own.contains(&key) {
                        continue;
                    }
                    own.push(key);
                }
                parameters.retain(|q| !(q.name == param.name && q.location == param.location));
                parameters.push(param);
            }
            // Parameters whose argument names repeat an earlier one's are sent by the
            // runtime (`normalize` leaves them out of the client).
            let sent: Vec<usize> = (0..parameters.len()).filter(|&i| parameters[i].client_sends).collect();
            let names: Vec<(String, bool)> =
                sent.iter().map(|&i| (parameters[i].name.clone(), parameters[i].location == "path")).collect();
            for (i, clash) in sent.into_iter().zip(normalize::clashing(&names)) {
                if clash {
                    parameters[i].client_sends = false;
                }
            }
            // A template variable no path parameter declares (each MUST be one): a
            // required string, as `normalize` declares it for progenitor.
            for name in path_variables(path) {
                if !parameters.iter().any(|p| p.location == "path" && p.name == name) {
                    parameters.push(OperationParameter {
                        name,
                        location: "path".to_string(),
                        required: true,
                        schema: serde_json::json!({"type": "string"}),
                        client_sends: true,
                        style: None,
                        explode: None,
                        schema_ref: false,
                    });
                }
            }
            out.push(Operation {
                operation_id: id.to_string(),
                declared: ids::declared(op).map(str::to_string),
                method: method.to_string(),
                path: path.clone(),
                pointer: format!("/paths/{}/{method}", escape_token(path)),
                summary: op.get("summary").and_then(Value::as_str).map(str::to_string),
                parameters,
                server: op
                    .get("servers")
                    .or_else(|| item.get("servers"))
                    .and_then(server_url)
                    .filter(|s| *s != root_server),
            });
        }
    }
    out
}

/// The URL of the first Server Object of a `servers` list, its variables at their
/// defaults (`http://h/{v}` with `v` defaulting to `v2` → `http://h/v2`), without a
/// trailing `/`. `None` for an empty or malformed list.
pub fn server_url(servers: &Value) -> Option<String> {
    let server = servers.as_array()?.first()?;
    let mut url = server.get("url")?.as_str()?.to_string();
    if let Some(vars) = server.get("variables").and_then(Value::as_object) {
        for (name, var) in vars {
            if let Some(default) = var.get("default").and_then(Value::as_str) {
                url = url.replace(&format!("{{{name}}}"), default);
            }
        }
    }
    Some(url.trim_end_matches('/').to_string())
}

/// The description's root server ([`server_url`] of its `servers`); OpenAPI's default,
/// `/`, is the empty string.
pub fn root_server(doc: &Document) -> String {
    doc.root.get("servers").and_then(server_url).unwrap_or_default()
}

/// The template variables of a path (`/pets/{petId}` → `petId`), in order.
pub fn path_variables(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| name.to_string()).collect()
}

/// Collects every local `$ref` target (`#/...`, without the `#`) inside `value`.
pub fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref")
                && let Some(p) = r.strip_prefix('#')
            {
                out.push(p.to_string());
            }
            for v in map.values() {
                collect_refs(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Checks every local `$ref` reachable from the operations at `pointers`: each must
/// point at something, and a chain of references must end (`A → B → A` is a cycle;
/// a schema that contains itself through `properties` is fine). Remote references are
/// not supported. Diagnostics point at the `$ref` in the description.
pub fn check_refs(doc: &Document, pointers: &[String]) -> Vec<Diagnostic> {
    let root = &doc.root;
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut todo: Vec<String> = pointers.to_vec();
    while let Some(p) = todo.pop() {
        if !seen.insert(p.clone()) {
            continue;
        }
        let Some(node) = root.pointer(&p) else { continue };
        let mut refs = Vec::new();
        refs_with_pointers(node, &p, &mut refs);
        for (at, r) in refs {
            let Some(target) = r.strip_prefix('#') else {
                out.push(doc.error_at(
                    &at,
                    "unsupported",
                    format!("the reference `{r}` is not local; only `#/...` references are supported"),
                ));
                continue;
            };
            if root.pointer(target).is_none() {
                let mut d = doc.error_at(&at, "unresolved-ref", format!("`{r}` points at nothing in this description"));
                if let Some((parent, name)) = target.rsplit_once('/')
                    && let Some(siblings) = root.pointer(parent).and_then(Value::as_object)
                {
                    let names: Vec<&str> = siblings.keys().map(String::as_str).collect();
                    if let Some(best) = crate::resolve::closest(name, &names) {
                        d = d.with_help(format!("did you mean `#{parent}/{best}`?"));
                    }
                }
                out.push(d);
                continue;
            }
            if resolve(root, &Value::Object([("$ref".to_string(), Value::String(r.clone()))].into_iter().collect()))
                .is_none()
            {
                out.push(doc.error_at(
                    &at,
                    "ref-cycle",
                    format!("`{r}` is a cycle of references that never reaches a definition"),
                ));
                continue;
            }
            todo.push(target.to_string());
        }
    }
    out
}

fn refs_with_pointers(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push((format!("{at}/$ref"), r.clone()));
            }
            for (k, v) in map {
                if k != "$ref" {
                    refs_with_pointers(v, &format!("{at}/{}", escape_token(k)), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                refs_with_pointers(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}
