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

    // Schemas referenced inside other objects (`#/components/schemas/A/definitions/b`,
    // `#/paths/…/schema/properties/x`): typify resolves only references to whole
    // components, so each becomes a component of its own.
    let hoisted = hoist_targets(root, &seen);
    if !hoisted.is_empty() {
        let mut taken: HashSet<String> = root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let mut names: Vec<(String, String)> = Vec::new();
        for pointer in &hoisted {
            let base = hoisted_name(pointer);
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}{n}");
                n += 1;
            }
            names.push((pointer.clone(), name));
        }
        let schemas = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(schemas) = schemas {
            for (pointer, name) in &names {
                if let Some(target) = root.pointer(pointer) {
                    schemas.insert(name.clone(), target.clone());
                }
            }
        }
        let map: std::collections::HashMap<String, String> = names
            .into_iter()
            .map(|(p, n)| (format!("#{p}"), format!("#/components/schemas/{}", crate::load::escape_token(&n))))
            .collect();
        for part in [&mut paths, &mut components] {
            let mut whole = Value::Object(std::mem::take(part));
            super::rename_refs(&mut whole, &map);
            if let Value::Object(m) = whole {
                *part = m;
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

/// The referenced pointers that are schemas inside other objects, not whole components.
fn hoist_targets(root: &Value, seen: &HashSet<String>) -> Vec<String> {
    let mut out: Vec<String> = seen
        .iter()
        .filter(|p| {
            let whole_component = p.starts_with("/components/") && p.matches('/').count() == 3;
            let schema_like = [
                "/schema",
                "/properties/",
                "/definitions/",
                "/items",
                "/allOf/",
                "/oneOf/",
                "/anyOf/",
                "/additionalProperties",
                "/components/schemas/",
            ]
            .iter()
            .any(|k| p.contains(k));
            !whole_component && schema_like && root.pointer(p).is_some_and(Value::is_object)
        })
        .cloned()
        .collect();
    out.sort();
    out
}

/// A component name for a schema at `pointer` (`/components/schemas/A/definitions/b` →
/// `A_definitions_b`).
fn hoisted_name(pointer: &str) -> String {
    let tail = pointer.strip_prefix("/components/schemas/").unwrap_or(pointer.trim_start_matches('/'));
    let name: String = tail
        .replace("~1", "_")
        .replace("~0", "_")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let name = name.trim_matches('_').to_string();
    if name.is_empty() { "Schema".to_string() } else { name }
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
