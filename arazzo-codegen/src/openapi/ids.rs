//! Unique operationIds for progenitor, which names a method after each one and needs
//! every operation to have one.
//!
//! An OpenAPI description may leave `operationId` out (steps then call the operation by
//! `operationPath`), give an empty one, declare one twice, or declare two that become
//! the same method name (`getUser` and `get_user`). [`assign`] gives each such operation
//! a unique id in the in-memory document — `<method>_<path>` for one without an id,
//! `<id>_2`, `<id>_3`, … for a repeat — and records what the description declared in
//! [`DECLARED`] (`null` when it declared nothing). Steps still name operations by the
//! declared id (an id declared twice is ambiguous) or by `operationPath`.

use std::collections::HashSet;

use serde_json::Value;

use super::METHODS;
use crate::names::{self, Case};

/// Method names progenitor's `Client` has besides one per operation (its constructors,
/// `ClientInfo`, and the `ClientHooks` the generated client implements).
const RESERVED: &[&str] =
    &["new", "new_with_client", "baseurl", "client", "api_version", "inner", "pre", "post", "exec"];

/// The member that records the operationId an operation declared, on every operation
/// [`assign`] gave another one.
pub const DECLARED: &str = "x-arazzo-declared-operation-id";

/// The operationId the description declares for `op`, which may differ from its
/// `operationId` after [`assign`] (`None`: it declares none, or an empty one).
pub fn declared(op: &Value) -> Option<&str> {
    match op.get(DECLARED) {
        Some(v) => v.as_str(),
        None => op.get("operationId").and_then(Value::as_str),
    }
    .filter(|id| !id.is_empty())
}

/// Gives every operation of `root` (path items written in place, not `$ref`s) a unique,
/// non-empty operationId, unique also as a method name. Returns whether it changed
/// anything.
pub fn assign(root: &mut Value) -> bool {
    let plan = plan(root);
    for r in &plan {
        if let Some(obj) = root.pointer_mut(&r.pointer).and_then(Value::as_object_mut) {
            obj.insert(DECLARED.to_string(), r.declared.clone().map(Value::String).unwrap_or(Value::Null));
            obj.insert("operationId".to_string(), Value::String(r.id.clone()));
        }
    }
    !plan.is_empty()
}

/// An operation [`assign`] gives an id.
pub struct Renamed {
    /// The Operation object's JSON pointer.
    pub pointer: String,
    /// What the description declares.
    pub declared: Option<String>,
    /// The id it gets.
    pub id: String,
}

/// What [`assign`] would change (nothing, for almost every description).
pub fn plan(root: &Value) -> Vec<Renamed> {
    let mut out = Vec::new();
    let Some(paths) = root.get("paths").and_then(Value::as_object) else { return out };
    // (path, method, declared id) in document order.
    let mut ops: Vec<(String, &'static str, Option<String>)> = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            if let Some(op) = item.get(method).filter(|o| o.is_object()) {
                let id = op.get("operationId").and_then(Value::as_str).filter(|s| !s.is_empty());
                ops.push((path.clone(), method, id.map(str::to_string)));
            }
        }
    }
    // The first operation with each method name keeps its id; the names of the
    // client's own methods (`new`, `baseurl`, the hooks `pre`/`post`/`exec`) are taken.
    let mut taken: HashSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    let mut renamed: Vec<usize> = Vec::new();
    for (i, (_, _, id)) in ops.iter().enumerate() {
        match id {
            Some(id) if taken.insert(names::method_name(id)) => {}
            _ => renamed.push(i),
        }
    }
    for i in renamed {
        let (path, method, declared) = &ops[i];
        let base = match declared {
            Some(id) => id.clone(),
            None => names::sanitize(&format!("{method} {path}"), Case::Snake),
        };
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(names::method_name(&id)) {
            id = format!("{base}_{n}");
            n += 1;
        }
        let pointer = format!("/paths/{}/{method}", crate::load::escape_token(path));
        out.push(Renamed { pointer, declared: declared.clone(), id });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_empty_repeated_and_clashing_ids_become_unique() {
        let mut doc = json!({"paths": {
            "/a/{id}": {"get": {}, "post": {"operationId": ""}},
            "/b": {"get": {"operationId": "getUser"}, "put": {"operationId": "get_user"}, "post": {"operationId": "getUser"}}
        }});
        assert!(assign(&mut doc));
        let id = |p: &str| doc.pointer(p).and_then(Value::as_str).map(str::to_string);
        assert_eq!(id("/paths/~1a~1{id}/get/operationId").as_deref(), Some("get_a_id"));
        assert_eq!(id("/paths/~1a~1{id}/post/operationId").as_deref(), Some("post_a_id"));
        assert_eq!(id("/paths/~1b/get/operationId").as_deref(), Some("getUser"));
        assert_eq!(id("/paths/~1b/put/operationId").as_deref(), Some("get_user_2"));
        assert_eq!(id("/paths/~1b/post/operationId").as_deref(), Some("getUser_3"));
        assert_eq!(declared(&doc["paths"]["/b"]["post"]), Some("getUser"));
        assert_eq!(declared(&doc["paths"]["/a/{id}"]["get"]), None);
        let mut clean = json!({"paths": {"/b": {"get": {"operationId": "x"}}}});
        assert!(!assign(&mut clean));
        // A client method's name.
        let mut hook = json!({"paths": {"/b": {"post": {"operationId": "post"}}}});
        assert!(assign(&mut hook));
        assert_eq!(hook.pointer("/paths/~1b/post/operationId"), Some(&json!("post_2")));
        assert_eq!(declared(&hook["paths"]["/b"]["post"]), Some("post"));
    }
}
