//! OpenAPI descriptions: loading (stage 1), the operation index used to resolve steps
//! (stage 2), and the pipeline that turns an OpenAPI 3.1 description into the pruned
//! OpenAPI 3.0 document progenitor accepts ([`prune`], [`normalize`]).

pub mod normalize;
pub mod prune;

use serde_json::Value;

use crate::load::{Document, escape_token};

/// The HTTP methods of a Path Item object.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// One operation of a description.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Its operationId.
    pub operation_id: String,
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

/// Every operation with an operationId, in document order.
pub fn operations(doc: &Document) -> Vec<Operation> {
    let root = &doc.root;
    let mut out = Vec::new();
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let Some(item) = resolve(root, item) else { continue };
        let path_params = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let Some(id) = op.get("operationId").and_then(Value::as_str) else { continue };
            let mut parameters: Vec<OperationParameter> = Vec::new();
            let op_params = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            for p in path_params.iter().chain(op_params.iter()) {
                let Some(p) = resolve(root, p) else { continue };
                let (Some(name), Some(location)) =
                    (p.get("name").and_then(Value::as_str), p.get("in").and_then(Value::as_str))
                else {
                    continue;
                };
                let schema = p.get("schema").and_then(|s| resolve(root, s)).cloned().unwrap_or(Value::Null);
                let param = OperationParameter {
                    name: name.to_string(),
                    location: location.to_string(),
                    required: p.get("required").and_then(Value::as_bool).unwrap_or(location == "path"),
                    schema,
                };
                parameters.retain(|q| !(q.name == param.name && q.location == param.location));
                parameters.push(param);
            }
            out.push(Operation {
                operation_id: id.to_string(),
                method: method.to_string(),
                path: path.clone(),
                pointer: format!("/paths/{}/{method}", escape_token(path)),
                summary: op.get("summary").and_then(Value::as_str).map(str::to_string),
                parameters,
            });
        }
    }
    out
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
