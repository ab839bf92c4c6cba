//! Pruning: keep only the operations the workflows use and everything they reference.
//!
//! The full OpenAI description has hundreds of operations and generates ~160k lines
//! of Rust; a workflow needs a handful. The result keeps `openapi`, `info`, `servers`,
//! the kept operations (with their path-level parameters) and the transitive `$ref`
//! closure of components, in document order.

use std::collections::{BTreeSet, HashSet};

use serde_json::{Map, Value};

use super::{METHODS, collect_refs};

/// A copy of `root` with only the operations in `keep`, and the components they need.
pub fn prune(root: &Value, keep: &BTreeSet<String>) -> Value {
    let mut paths = Map::new();
    if let Some(all) = root.get("paths").and_then(Value::as_object) {
        for (path, item) in all {
            let Some(item_map) = item.as_object() else { continue };
            let mut kept = Map::new();
            for (key, value) in item_map {
                let is_method = METHODS.contains(&key.as_str());
                let keep_op = value.get("operationId").and_then(Value::as_str).is_some_and(|id| keep.contains(id));
                if (is_method && keep_op) || (!is_method && key != "$ref") {
                    kept.insert(key.clone(), value.clone());
                }
            }
            if kept.keys().any(|k| METHODS.contains(&k.as_str())) {
                paths.insert(path.clone(), Value::Object(kept));
            }
        }
    }

    // Transitive closure of `#/components/...` references.
    let mut seen: HashSet<String> = HashSet::new();
    let mut queue = Vec::new();
    collect_refs(&Value::Object(paths.clone()), &mut queue);
    while let Some(r) = queue.pop() {
        if !seen.insert(r.clone()) {
            continue;
        }
        if let Some(target) = root.pointer(&r) {
            collect_refs(target, &mut queue);
        }
    }

    let mut components = Map::new();
    if let Some(all) = root.get("components").and_then(Value::as_object) {
        for (kind, entries) in all {
            let Some(entries) = entries.as_object() else { continue };
            let mut kept = Map::new();
            for (name, value) in entries {
                let pointer = format!("/components/{kind}/{}", crate::load::escape_token(name));
                if kind == "securitySchemes" || seen.contains(&pointer) {
                    kept.insert(name.clone(), value.clone());
                }
            }
            if !kept.is_empty() {
                components.insert(kind.clone(), Value::Object(kept));
            }
        }
    }

    let mut out = Map::new();
    for key in ["openapi", "info", "servers", "security"] {
        if let Some(v) = root.get(key) {
            out.insert(key.to_string(), v.clone());
        }
    }
    out.insert("paths".into(), Value::Object(paths));
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    Value::Object(out)
}

/// Names (JSON pointers) of the components reachable from any operation's responses in
/// the whole document. Normalisation reads those leniently; computing this on the full
/// document makes the result independent of which operations were kept.
pub fn response_reachable(root: &Value) -> HashSet<String> {
    let mut queue = Vec::new();
    if let Some(paths) = root.get("paths").and_then(Value::as_object) {
        for item in paths.values() {
            for method in METHODS {
                if let Some(responses) = item.get(method).and_then(|op| op.get("responses")) {
                    collect_refs(responses, &mut queue);
                }
            }
        }
    }
    let mut seen = HashSet::new();
    while let Some(r) = queue.pop() {
        if !seen.insert(r.clone()) {
            continue;
        }
        if let Some(target) = root.pointer(&r) {
            collect_refs(target, &mut queue);
        }
    }
    seen
}
