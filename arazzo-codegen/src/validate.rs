//! Structural validation: a document (or one object of it) checked against the Arazzo
//! 1.0.x / 1.1.x object model as the specification and its JSON Schema state it.
//!
//! This runs on the loaded JSON, before the document is deserialised into the model, so
//! that every problem is reported at its node, all at once: required fields, types, the
//! patterns of ids and names, enumerations, mutually exclusive fields, unknown fixed
//! fields, uniqueness, and `$components` references. It knows nothing of the OpenAPI
//! sources; [`crate::resolve`] checks the workflows against them.
//!
//! Where [`crate::resolve`] reports the same problem, the same code and node are used so
//! that [`Diagnostics::sort`] keeps one of the two.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostics;
use crate::load::{Document, escape_token};

/// Which Arazzo object a fragment is (for [`validate_fragment`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectKind {
    /// A whole Arazzo description.
    Document,
    /// The Info object.
    Info,
    /// A Source Description object.
    SourceDescription,
    /// A Workflow object.
    Workflow,
    /// A Step object.
    Step,
    /// A Parameter object.
    Parameter,
    /// A Success Action object.
    SuccessAction,
    /// A Failure Action object.
    FailureAction,
    /// A Criterion object.
    Criterion,
    /// A Criterion Expression Type object (1.1: Expression Type object).
    CriterionExpressionType,
    /// A Request Body object.
    RequestBody,
    /// A Payload Replacement object.
    PayloadReplacement,
    /// A Reusable object (`reference`, `value`).
    Reusable,
    /// The Components object.
    Components,
    /// A Selector object (1.1).
    Selector,
}

/// Checks a whole document. Every problem is one diagnostic; nothing stops at the first.
pub fn validate_document(doc: &Document, diags: &mut Diagnostics) {
    let mut v = Validator::new(doc, diags, &doc.root);
    v.document("", &doc.root);
}

/// Checks the object at `pointer` of `doc` as an object of kind `kind` (a fragment: the
/// rest of the document, if any, is not checked, and references into it are not
/// followed).
pub fn validate_fragment(doc: &Document, pointer: &str, kind: ObjectKind, diags: &mut Diagnostics) {
    let Some(value) = doc.get(pointer) else {
        diags.push(doc.error_at(pointer, "missing-field", "there is no object at this location"));
        return;
    };
    let mut v = Validator::new(doc, diags, &doc.root);
    v.fragment = true;
    match kind {
        ObjectKind::Document => v.document(pointer, value),
        ObjectKind::Info => v.info(pointer, value),
        ObjectKind::SourceDescription => v.source(pointer, value),
        ObjectKind::Workflow => v.workflow(pointer, value),
        ObjectKind::Step => {
            v.step(pointer, value, &HashSet::new());
        }
        ObjectKind::Parameter => v.parameter(pointer, value, false),
        ObjectKind::SuccessAction => v.action(pointer, value, false, None),
        ObjectKind::FailureAction => v.action(pointer, value, true, None),
        ObjectKind::Criterion => v.criterion(pointer, value),
        ObjectKind::CriterionExpressionType => v.expression_type(pointer, value, &["jsonpath", "xpath"]),
        ObjectKind::RequestBody => v.request_body(pointer, value),
        ObjectKind::PayloadReplacement => v.replacement(pointer, value),
        ObjectKind::Reusable => v.reusable(pointer, value, None),
        ObjectKind::Components => v.components(pointer, value),
        ObjectKind::Selector => v.selector(pointer, value),
    }
}

/// Drops the model's deserialisation errors (`invalid document: ...`, from
/// [`crate::arazzo::from_value`] in later stages) at nodes where this stage already
/// reported a problem: the same mistake, said twice.
pub fn drop_superseded(diags: &mut Diagnostics) {
    let superseded = |d: &crate::Diagnostic| d.code == "invalid-type" && d.message.starts_with("invalid document:");
    let explained: HashSet<(Option<String>, String)> = diags
        .0
        .iter()
        .filter(|d| d.is_error() && !superseded(d))
        .map(|d| (d.file.as_ref().map(|f| f.display.clone()), d.pointer.clone()))
        .collect();
    diags.0.retain(|d| {
        !superseded(d) || !explained.contains(&(d.file.as_ref().map(|f| f.display.clone()), d.pointer.clone()))
    });
}

/// `^[A-Za-z0-9_\-]+$`: workflow ids, step ids and source names.
fn is_id(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `^[a-zA-Z0-9\.\-_]+$`: component keys and output names.
fn is_key(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

/// `^1\.[01]\.\d+(-.+)?$`.
fn is_version(s: &str) -> bool {
    let (core, pre) = match s.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (s, None),
    };
    if pre.is_some_and(str::is_empty) {
        return false;
    }
    let mut parts = core.split('.');
    let ok = matches!(parts.next(), Some("1"))
        && matches!(parts.next(), Some("0" | "1"))
        && parts.next().is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    ok && parts.next().is_none()
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn ptr(base: &str, token: &str) -> String {
    format!("{base}/{}", escape_token(token))
}

struct Validator<'a> {
    doc: &'a Document,
    diags: &'a mut Diagnostics,
    /// Arazzo 1.1 (async steps, selectors, `$self`, ...).
    v11: bool,
    /// Checking a fragment: what lies outside it is unknown.
    fragment: bool,
    /// Source names and their types (`openapi` when absent).
    sources: HashMap<String, String>,
    /// The workflow ids of the document.
    workflows: HashSet<String>,
    /// The components, by kind and key.
    components: HashMap<String, HashSet<String>>,
}

impl<'a> Validator<'a> {
    fn new(doc: &'a Document, diags: &'a mut Diagnostics, root: &Value) -> Self {
        let v11 = root.get("arazzo").and_then(Value::as_str).is_some_and(|s| s.starts_with("1.1."));
        let mut sources = HashMap::new();
        if let Some(list) = root.get("sourceDescriptions").and_then(Value::as_array) {
            for s in list {
                if let Some(name) = s.get("name").and_then(Value::as_str) {
                    let kind = s.get("type").and_then(Value::as_str).unwrap_or("openapi");
                    sources.insert(name.to_string(), kind.to_string());
                }
            }
        }
        let mut workflows = HashSet::new();
        if let Some(list) = root.get("workflows").and_then(Value::as_array) {
            for w in list {
                if let Some(id) = w.get("workflowId").and_then(Value::as_str) {
                    workflows.insert(id.to_string());
                }
            }
        }
        let mut components = HashMap::new();
        if let Some(c) = root.get("components").and_then(Value::as_object) {
            for (kind, map) in c {
                if let Some(map) = map.as_object() {
                    components.insert(kind.clone(), map.keys().cloned().collect());
                }
            }
        }
        Validator { doc, diags, v11, fragment: false, sources, workflows, components }
    }

    fn err(&mut self, pointer: &str, code: &'static str, message: impl Into<String>) {
        let d = self.doc.error_at(pointer, code, message);
        self.diags.push(d);
    }

    fn err_key(&mut self, pointer: &str, code: &'static str, message: impl Into<String>) {
        let d = self.doc.error_at_key(pointer, code, message);
        self.diags.push(d);
    }

    /// The mapping at `p`, or an `invalid-type` error.
    fn object<'v>(&mut self, p: &str, v: &'v Value, what: &str) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.err(p, "invalid-type", format!("{what} is a mapping, not {}", describe(other)));
                None
            }
        }
    }

    /// Unknown fixed fields (anything not in `known` that does not start with `x-`).
    fn fields(&mut self, p: &str, m: &Map<String, Value>, known: &[&str], extensible: bool) {
        for key in m.keys() {
            if (extensible && key.starts_with("x-")) || known.contains(&key.as_str()) {
                continue;
            }
            let d = self
                .doc
                .error_at_key(&ptr(p, key), "unknown-field", format!("unknown field `{key}`"))
                .with_help(format!("expected one of: {}", known.join(", ")));
            self.diags.push(d);
        }
    }

    /// Reports `key` missing from the object at `p`; returns its value when present.
    fn required<'v>(&mut self, p: &str, m: &'v Map<String, Value>, key: &str, what: &str) -> Option<&'v Value> {
        let v = m.get(key);
        if v.is_none() {
            self.err_key(p, "missing-field", format!("{what} needs `{key}`"));
        }
        v
    }

    /// The string `key` of `m`, reporting another type.
    fn string<'v>(&mut self, p: &str, m: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
        match m.get(key)? {
            Value::String(s) => Some(s),
            other => {
                self.err(&ptr(p, key), "invalid-type", format!("`{key}` is a string, not {}", describe(other)));
                None
            }
        }
    }

    /// A required, non-empty string.
    fn required_string<'v>(&mut self, p: &str, m: &'v Map<String, Value>, key: &str, what: &str) -> Option<&'v str> {
        self.required(p, m, key, what)?;
        let s = self.string(p, m, key)?;
        if s.trim().is_empty() {
            self.err(&ptr(p, key), "missing-field", format!("{what} needs a non-empty `{key}`"));
            return None;
        }
        Some(s)
    }

    fn strings(&mut self, p: &str, m: &Map<String, Value>, keys: &[&str]) {
        for key in keys {
            self.string(p, m, key);
        }
    }

    /// The list `key` of `m` (reporting another type and, with `min_one`, an empty list).
    fn list<'v>(&mut self, p: &str, m: &'v Map<String, Value>, key: &str, min_one: bool) -> Option<&'v Vec<Value>> {
        match m.get(key)? {
            Value::Array(a) => {
                if min_one && a.is_empty() {
                    if key == "steps" {
                        self.err(&ptr(p, key), "missing-steps", "a workflow needs at least one step");
                    } else {
                        self.err(&ptr(p, key), "invalid-value", format!("`{key}` needs at least one entry"));
                    }
                }
                Some(a)
            }
            other => {
                self.err(&ptr(p, key), "invalid-type", format!("`{key}` is a list, not {}", describe(other)));
                None
            }
        }
    }

    fn enumeration(&mut self, p: &str, m: &Map<String, Value>, key: &str, allowed: &[&str], code: &'static str) {
        let Some(s) = self.string(p, m, key) else { return };
        if !allowed.contains(&s) {
            let list: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
            self.err(&ptr(p, key), code, format!("`{key}: {s}` is not one of {}", list.join(", ")));
        }
    }

    fn document(&mut self, p: &str, v: &Value) {
        let Value::Object(m) = v else {
            self.err(
                p,
                "invalid-type",
                "an Arazzo document is a mapping (with `arazzo`, `info`, `sourceDescriptions` and `workflows`)",
            );
            return;
        };
        if !m.contains_key("arazzo") && (m.contains_key("openapi") || m.contains_key("swagger")) {
            self.err(p, "not-arazzo", "this is an OpenAPI description, not an Arazzo document: it has no `arazzo`");
            return;
        }
        // `$schema` (a JSON Schema habit, common in the wild) is not an Arazzo field:
        // resolve.rs warns about it and ignores it.
        let mut known = vec!["arazzo", "info", "sourceDescriptions", "workflows", "components", "$schema"];
        if self.v11 {
            known.push("$self");
        }
        self.fields(p, m, &known, true);
        if self.required(p, m, "arazzo", "an Arazzo document").is_some()
            && let Some(version) = self.string(p, m, "arazzo")
            && !is_version(version)
        {
            self.err(
                &ptr(p, "arazzo"),
                "unsupported-version",
                format!("Arazzo version `{version}` is not supported; this generator reads 1.0.x and 1.1.x"),
            );
        }
        if self.v11
            && let Some(s) = self.string(p, m, "$self")
            && s.contains('#')
        {
            self.err(&ptr(p, "$self"), "invalid-value", "`$self` is a URI without a fragment (`#`)");
        }
        if let Some(info) = self.required(p, m, "info", "an Arazzo document") {
            self.info(&ptr(p, "info"), info);
        }
        self.required(p, m, "sourceDescriptions", "an Arazzo document");
        if let Some(list) = self.list(p, m, "sourceDescriptions", true) {
            let mut seen = HashSet::new();
            for (i, s) in list.iter().enumerate() {
                let sp = format!("{p}/sourceDescriptions/{i}");
                self.source(&sp, s);
                if let Some(name) = s.get("name").and_then(Value::as_str)
                    && !seen.insert(name)
                {
                    self.err(&format!("{sp}/name"), "duplicate-id", format!("source name `{name}` is used twice"));
                }
            }
        }
        self.required(p, m, "workflows", "an Arazzo document");
        if let Some(list) = self.list(p, m, "workflows", true) {
            let mut seen = HashSet::new();
            for (i, w) in list.iter().enumerate() {
                let wp = format!("{p}/workflows/{i}");
                self.workflow(&wp, w);
                if let Some(id) = w.get("workflowId").and_then(Value::as_str)
                    && !seen.insert(id)
                {
                    let prev = list
                        .iter()
                        .position(|w| w.get("workflowId").and_then(Value::as_str) == Some(id))
                        .unwrap_or_default();
                    self.err(
                        &format!("{wp}/workflowId"),
                        "duplicate-id",
                        format!("workflowId `{id}` is already used by workflow #{prev}"),
                    );
                }
            }
        }
        if let Some(c) = m.get("components") {
            self.components(&ptr(p, "components"), c);
        }
    }

    fn info(&mut self, p: &str, v: &Value) {
        let Some(m) = self.object(p, v, "`info`") else { return };
        self.fields(p, m, &["title", "summary", "description", "version"], true);
        self.required_string(p, m, "title", "`info`");
        self.required_string(p, m, "version", "`info`");
        self.strings(p, m, &["summary", "description"]);
    }

    fn source(&mut self, p: &str, v: &Value) {
        let Some(m) = self.object(p, v, "a source description") else { return };
        self.fields(p, m, &["name", "url", "type"], true);
        if let Some(name) = self.required_string(p, m, "name", "a source description")
            && !is_id(name)
        {
            self.err(
                &ptr(p, "name"),
                "invalid-name",
                format!("source name `{name}` may hold only letters, digits, `_` and `-`"),
            );
        }
        self.required_string(p, m, "url", "a source description");
        let types: &[&str] = if self.v11 { &["openapi", "arazzo", "asyncapi"] } else { &["openapi", "arazzo"] };
        if let Some(kind) = self.string(p, m, "type")
            && !types.contains(&kind)
        {
            let expected = if self.v11 { "`openapi`, `arazzo` nor `asyncapi`" } else { "`openapi` nor `arazzo`" };
            self.err(&ptr(p, "type"), "invalid-source", format!("source type `{kind}` is neither {expected}"));
        }
    }

    fn workflow(&mut self, p: &str, v: &Value) {
        let Some(m) = self.object(p, v, "a workflow") else { return };
        self.fields(
            p,
            m,
            &[
                "workflowId",
                "summary",
                "description",
                "inputs",
                "dependsOn",
                "steps",
                "successActions",
                "failureActions",
                "outputs",
                "parameters",
            ],
            true,
        );
        if let Some(id) = self.required_string(p, m, "workflowId", "a workflow")
            && !is_id(id)
        {
            self.err(
                &ptr(p, "workflowId"),
                "invalid-name",
                format!("workflowId `{id}` may hold only letters, digits, `_` and `-`"),
            );
        }
        self.strings(p, m, &["summary", "description"]);
        if let Some(inputs) = m.get("inputs")
            && !inputs.is_object()
            && !inputs.is_boolean()
        {
            self.err(&ptr(p, "inputs"), "invalid-type", "`inputs` is a JSON Schema (a mapping)");
        }
        if let Some(list) = self.list(p, m, "dependsOn", false) {
            let mut seen = HashSet::new();
            for (i, d) in list.iter().enumerate() {
                let dp = format!("{p}/dependsOn/{i}");
                let Some(id) = d.as_str() else {
                    self.err(&dp, "invalid-type", format!("a `dependsOn` entry is a workflowId, not {}", describe(d)));
                    continue;
                };
                if !seen.insert(id) {
                    self.err(&dp, "duplicate-id", format!("`{id}` is listed twice in `dependsOn`"));
                }
                self.workflow_ref(&dp, id, "dependsOn");
            }
        }
        let mut step_ids = HashSet::new();
        if let Some(steps) = m.get("steps").and_then(Value::as_array) {
            for s in steps {
                if let Some(id) = s.get("stepId").and_then(Value::as_str) {
                    step_ids.insert(id.to_string());
                }
            }
        }
        self.required(p, m, "steps", "a workflow");
        if let Some(list) = self.list(p, m, "steps", true) {
            let mut seen = HashSet::new();
            for (i, s) in list.iter().enumerate() {
                let sp = format!("{p}/steps/{i}");
                self.step(&sp, s, &step_ids);
                if let Some(id) = s.get("stepId").and_then(Value::as_str)
                    && !seen.insert(id)
                {
                    let wf = m.get("workflowId").and_then(Value::as_str).unwrap_or_default();
                    self.err(
                        &format!("{sp}/stepId"),
                        "duplicate-id",
                        format!("stepId `{id}` is used twice in workflow `{wf}`"),
                    );
                }
            }
        }
        self.actions(p, m, "successActions", false, Some(&step_ids));
        self.actions(p, m, "failureActions", true, Some(&step_ids));
        self.outputs(p, m);
        // Workflow parameters apply to every step: `in` is required when one calls an operation.
        let calls_operation = m.get("steps").and_then(Value::as_array).is_some_and(|steps| {
            steps.iter().any(|s| {
                s.get("operationId").is_some() || s.get("operationPath").is_some() || s.get("channelPath").is_some()
            })
        });
        self.parameters(p, m, calls_operation);
        self.inputs_ref(p, m);
    }

    /// `inputs: {$ref: '#/components/inputs/x'}` must resolve.
    fn inputs_ref(&mut self, p: &str, m: &Map<String, Value>) {
        let Some(r) = m.get("inputs").and_then(|i| i.get("$ref")) else { return };
        let rp = format!("{}/$ref", ptr(p, "inputs"));
        let Some(r) = r.as_str() else {
            self.err(&rp, "invalid-type", "`$ref` is a string");
            return;
        };
        if self.fragment {
            return;
        }
        if let Some(pointer) = r.strip_prefix('#') {
            let ok = (pointer.is_empty() || pointer.starts_with('/')) && self.doc.get(pointer).is_some();
            if !ok {
                self.err(&rp, "unknown-reference", format!("reference `{r}` does not resolve in this document"));
            }
        }
    }

    /// A workflow named by a step, an action or `dependsOn`: one of this document, or
    /// `$sourceDescriptions.<name>.<workflowId>` of an `arazzo` source.
    fn workflow_ref(&mut self, p: &str, id: &str, field: &str) {
        if self.fragment {
            return;
        }
        if let Some(rest) = id.strip_prefix("$sourceDescriptions.") {
            let Some((source, _)) = rest.split_once('.').filter(|(s, w)| !s.is_empty() && !w.is_empty()) else {
                self.err(p, "invalid-reference", format!("`{id}` is not `$sourceDescriptions.<name>.<workflowId>`"));
                return;
            };
            match self.sources.get(source).map(String::as_str) {
                None => self.err(
                    p,
                    "unknown-source",
                    format!("{field} value `{id}` references unknown sourceDescription `{source}`"),
                ),
                Some("arazzo") => {}
                Some(kind) => self.err(
                    p,
                    "invalid-reference",
                    format!(
                        "{field} value `{id}` references sourceDescription `{source}` of type `{kind}`, not `arazzo`"
                    ),
                ),
            }
        } else if id.starts_with('$') {
            self.err(
                p,
                "invalid-reference",
                format!("{field} value `{id}` must name a workflow of this document or use `$sourceDescriptions.<name>.<workflowId>`"),
            );
        } else if !self.workflows.contains(id) {
            self.err(p, "unknown-workflow", format!("{field} references unknown workflowId `{id}`"));
        }
    }

    fn step(&mut self, p: &str, v: &Value, step_ids: &HashSet<String>) {
        let Some(m) = self.object(p, v, "a step") else { return };
        let mut known = vec![
            "stepId",
            "description",
            "operationId",
            "operationPath",
            "workflowId",
            "parameters",
            "requestBody",
            "successCriteria",
            "onSuccess",
            "onFailure",
            "outputs",
        ];
        if self.v11 {
            known.extend(["timeout", "dependsOn", "channelPath", "correlationId", "action"]);
        }
        self.fields(p, m, &known, true);
        if let Some(id) = self.required_string(p, m, "stepId", "a step")
            && !is_id(id)
        {
            self.err(
                &ptr(p, "stepId"),
                "invalid-name",
                format!("stepId `{id}` may hold only letters, digits, `_` and `-`"),
            );
        }
        self.string(p, m, "description");
        let operation_id = self.string(p, m, "operationId");
        let operation_path = self.string(p, m, "operationPath");
        let workflow_id = self.string(p, m, "workflowId");
        let channel_path = if self.v11 { self.string(p, m, "channelPath") } else { None };
        // An AsyncAPI step: a `channelPath`, or an operation of an `asyncapi` source (an
        // unqualified operationId with `action` counts when the document has one).
        let has_async_source = self.fragment || self.sources.values().any(|k| k == "asyncapi");
        let async_step = self.v11
            && (channel_path.is_some()
                || operation_id.is_some_and(|id| self.source_of(id).is_some_and(|k| k == "asyncapi"))
                || (operation_id.is_some_and(|id| !id.starts_with('$'))
                    && m.contains_key("action")
                    && has_async_source));
        let targets = [m.contains_key("operationId"), m.contains_key("operationPath"), m.contains_key("workflowId")]
            .iter()
            .filter(|t| **t)
            .count()
            + usize::from(m.contains_key("channelPath") && self.v11);
        if targets != 1 {
            let what = if self.v11 {
                "exactly one of `operationId`, `operationPath`, `channelPath` and `workflowId`"
            } else {
                "exactly one of `operationId`, `operationPath` and `workflowId`"
            };
            let at = if m.contains_key("stepId") { ptr(p, "stepId") } else { p.to_string() };
            self.err_key(&at, "step-target", format!("a step needs {what}"));
        }
        if let Some(id) = operation_id {
            self.operation_id(&ptr(p, "operationId"), id);
        }
        if let Some(path) = operation_path {
            self.operation_path(&ptr(p, "operationPath"), path);
        }
        if let Some(id) = workflow_id {
            self.workflow_ref(&ptr(p, "workflowId"), id, "workflowId");
            if m.contains_key("requestBody") {
                self.err_key(
                    &ptr(p, "requestBody"),
                    "invalid-field",
                    "`requestBody` can only be given when the step calls an operation (`operationId` or `operationPath`)",
                );
            }
        }
        if self.v11 {
            if let Some(t) = m.get("timeout")
                && t.as_u64().is_none()
            {
                self.err(&ptr(p, "timeout"), "invalid-type", "`timeout` is a non-negative integer (milliseconds)");
            }
            if async_step {
                if workflow_id.is_some() || operation_path.is_some() {
                    // Reported as `step-target` above when both are present.
                } else if !m.contains_key("action") {
                    self.err_key(
                        &ptr(p, "stepId"),
                        "missing-field",
                        "an AsyncAPI step needs `action` (`send` or `receive`)",
                    );
                }
            } else {
                for key in ["action", "correlationId"] {
                    if m.contains_key(key) {
                        self.err_key(&ptr(p, key), "invalid-field", format!("`{key}` is only for AsyncAPI steps"));
                    }
                }
            }
            self.enumeration(p, m, "action", &["send", "receive"], "invalid-value");
            if m.contains_key("correlationId") && m.get("action").and_then(Value::as_str) != Some("receive") {
                self.err_key(
                    &ptr(p, "correlationId"),
                    "invalid-field",
                    "`correlationId` is only for steps whose `action` is `receive`",
                );
            }
            if let Some(list) = self.list(p, m, "dependsOn", true) {
                let mut seen = HashSet::new();
                for (i, d) in list.iter().enumerate() {
                    let dp = format!("{p}/dependsOn/{i}");
                    let Some(s) = d.as_str() else {
                        self.err(&dp, "invalid-type", "a `dependsOn` entry is a string");
                        continue;
                    };
                    if !seen.insert(s) {
                        self.err(&dp, "duplicate-id", format!("`{s}` is listed twice in `dependsOn`"));
                    }
                    self.step_dependency(&dp, s, step_ids);
                }
            }
        }
        let operation = operation_id.is_some() || operation_path.is_some() || channel_path.is_some();
        self.parameters(p, m, operation && workflow_id.is_none());
        if let Some(body) = m.get("requestBody") {
            self.request_body(&ptr(p, "requestBody"), body);
        }
        if let Some(list) = self.list(p, m, "successCriteria", true) {
            for (i, c) in list.iter().enumerate() {
                self.criterion(&format!("{p}/successCriteria/{i}"), c);
            }
        }
        // resolve.rs checks the `goto` targets of step actions (with suggestions).
        self.actions(p, m, "onSuccess", false, None);
        self.actions(p, m, "onFailure", true, None);
        self.outputs(p, m);
    }

    /// 1.1 step `dependsOn`: a step of this workflow, `$workflows.<id>.steps.<id>` or
    /// `$sourceDescriptions.<name>.<workflowId>.steps.<stepId>`.
    fn step_dependency(&mut self, p: &str, s: &str, step_ids: &HashSet<String>) {
        let parts: Vec<&str> = s.split('.').collect();
        let ok = match parts.as_slice() {
            ["$workflows", w, "steps", st] => !w.is_empty() && !st.is_empty(),
            ["$sourceDescriptions", n, w, "steps", st] => !n.is_empty() && !w.is_empty() && !st.is_empty(),
            _ => !s.starts_with('$') && !s.is_empty(),
        };
        if !ok {
            self.err(
                p,
                "invalid-reference",
                format!(
                    "`{s}` is neither a stepId, `$workflows.<workflowId>.steps.<stepId>` nor \
                     `$sourceDescriptions.<name>.<workflowId>.steps.<stepId>`"
                ),
            );
        } else if !s.starts_with('$') && !self.fragment && !step_ids.contains(s) {
            self.err(p, "unknown-step", format!("`dependsOn` names step `{s}`, which this workflow does not have"));
        }
    }

    /// The source named by `$sourceDescriptions.<name>.<operationId>`, when it is known.
    fn source_of(&self, id: &str) -> Option<&str> {
        let rest = id.strip_prefix("$sourceDescriptions.")?;
        let (name, _) = rest.split_once('.')?;
        self.sources.get(name).map(String::as_str)
    }

    fn operation_id(&mut self, p: &str, id: &str) {
        if id.is_empty() {
            self.err(p, "invalid-value", "`operationId` is empty");
            return;
        }
        let Some(rest) = id.strip_prefix("$sourceDescriptions.") else { return };
        // Same codes and messages as resolve.rs, which reports these too.
        let Some((name, _)) = rest.split_once('.').filter(|(n, o)| !n.is_empty() && !o.is_empty()) else {
            self.err(p, "invalid-operation-id", format!("`{id}` should be `$sourceDescriptions.<name>.<operationId>`"));
            return;
        };
        if self.fragment {
            return;
        }
        match self.sources.get(name).map(String::as_str) {
            None => {
                let mut names: Vec<&str> =
                    self.sources.iter().filter(|(_, k)| *k != "arazzo").map(|(n, _)| n.as_str()).collect();
                names.sort_unstable();
                let help = match crate::resolve::closest(name, &names) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("the sources are: {}", names.join(", ")),
                };
                let d = self
                    .doc
                    .error_at(p, "unknown-source", format!("there is no OpenAPI source description named `{name}`"))
                    .with_help(help);
                self.diags.push(d);
            }
            Some("arazzo") => self.err(
                p,
                "invalid-reference",
                format!(
                    "operationId `{id}` references sourceDescription `{name}` of type `arazzo`, which has no operations"
                ),
            ),
            Some(_) => {}
        }
    }

    /// `{$sourceDescriptions.<name>.url}#<JSON pointer>`.
    fn operation_path(&mut self, p: &str, path: &str) {
        let Some(rest) = path.strip_prefix("{$sourceDescriptions.") else {
            self.err(
                p,
                "invalid-reference",
                format!(
                    "operationPath `{path}` must be `{{$sourceDescriptions.<name>.url}}#<JSON pointer to an operation>`"
                ),
            );
            return;
        };
        let Some((name, pointer)) = rest.split_once(".url}").filter(|(n, _)| !n.is_empty()) else {
            self.err(
                p,
                "invalid-reference",
                format!(
                    "operationPath `{path}` must be `{{$sourceDescriptions.<name>.url}}#<JSON pointer to an operation>`"
                ),
            );
            return;
        };
        if !pointer.starts_with("#/") {
            self.err(
                p,
                "invalid-reference",
                format!("operationPath `{path}` must be followed by `#` and a JSON pointer to an operation"),
            );
            return;
        }
        // `#/paths/<path>/<method>` names an operation; other pointers are left to the source.
        let tokens: Vec<&str> = pointer.trim_start_matches("#/").split('/').collect();
        if tokens.first() == Some(&"paths") {
            let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
            let ok = tokens.len() == 3 && tokens.get(2).is_some_and(|m| methods.contains(m));
            if !ok {
                self.err(
                    p,
                    "invalid-reference",
                    format!(
                        "operationPath `{path}` must be followed by a JSON pointer to an operation, \
                         `#/paths/<escaped path>/<method>`"
                    ),
                );
                return;
            }
        }
        if self.fragment {
            return;
        }
        match self.sources.get(name).map(String::as_str) {
            None => self.err(
                p,
                "unknown-source",
                format!("operationPath `{path}` references unknown sourceDescription `{name}`"),
            ),
            Some("arazzo") => self.err(
                p,
                "invalid-reference",
                format!("operationPath `{path}` references sourceDescription `{name}` of type `arazzo`, which has no operations"),
            ),
            Some(_) => {}
        }
    }

    /// `parameters` of a workflow or step; `need_in` for steps that call an operation.
    fn parameters(&mut self, p: &str, m: &Map<String, Value>, need_in: bool) {
        let Some(list) = self.list(p, m, "parameters", false) else { return };
        let mut seen: HashMap<(String, Option<String>), usize> = HashMap::new();
        for (i, item) in list.iter().enumerate() {
            let pp = format!("{p}/parameters/{i}");
            if item.get("reference").is_some() {
                self.reusable(&pp, item, Some("parameters"));
                continue;
            }
            self.parameter(&pp, item, need_in);
            if let Some(name) = item.get("name").and_then(Value::as_str) {
                let location = item.get("in").and_then(Value::as_str).map(str::to_string);
                // Header names are case-insensitive (RFC 9110).
                let key =
                    if location.as_deref() == Some("header") { name.to_ascii_lowercase() } else { name.to_string() };
                if let Some(prev) = seen.insert((key, location.clone()), i) {
                    let where_ = location.as_deref().unwrap_or("<unspecified>");
                    self.err(
                        &format!("{pp}/name"),
                        "duplicate-id",
                        format!("duplicate parameter `{name}` in `{where_}` (also parameter #{prev})"),
                    );
                }
            }
        }
    }

    fn parameter(&mut self, p: &str, v: &Value, need_in: bool) {
        let Some(m) = self.object(p, v, "a parameter") else { return };
        self.fields(p, m, &["name", "in", "value"], true);
        let name = self.required_string(p, m, "name", "a parameter");
        let places: &[&str] = if self.v11 {
            &["path", "query", "header", "cookie", "querystring", "channel"]
        } else {
            &["path", "query", "header", "cookie"]
        };
        if let Some(place) = self.string(p, m, "in")
            && !places.contains(&place)
        {
            let message = format!("`in: {place}` is not one of {}", places.join(", "));
            self.err(&ptr(p, "in"), "invalid-parameter", message);
        }
        if need_in && !m.contains_key("in") {
            let message = match name {
                Some(n) => {
                    format!("parameter `{n}` needs `in` (path, query, header or cookie): the step calls an operation")
                }
                None => "a parameter of a step that calls an operation needs `in`".to_string(),
            };
            if m.contains_key("name") {
                self.err_key(&ptr(p, "name"), "missing-in", message);
            } else {
                self.err(p, "missing-in", message);
            }
        }
        self.required(p, m, "value", "a parameter");
        if self.v11
            && let Some(value @ Value::Object(_)) = m.get("value")
        {
            self.selector(&ptr(p, "value"), value);
        }
    }

    /// `successActions`/`failureActions`/`onSuccess`/`onFailure` of `m`.
    fn actions(
        &mut self,
        p: &str,
        m: &Map<String, Value>,
        key: &str,
        failure: bool,
        step_ids: Option<&HashSet<String>>,
    ) {
        let Some(list) = self.list(p, m, key, false) else { return };
        let mut names = HashSet::new();
        for (i, item) in list.iter().enumerate() {
            let ap = format!("{p}/{key}/{i}");
            if item.get("reference").is_some() {
                let kind = if failure { "failureActions" } else { "successActions" };
                self.reusable(&ap, item, Some(kind));
                if let Some(r) = item.get("reference").and_then(Value::as_str)
                    && !names.insert(r.to_string())
                {
                    self.err(&format!("{ap}/reference"), "duplicate-id", format!("`{r}` is listed twice"));
                }
                continue;
            }
            self.action(&ap, item, failure, step_ids);
            if let Some(name) = item.get("name").and_then(Value::as_str)
                && !names.insert(name.to_string())
            {
                self.err(&format!("{ap}/name"), "duplicate-id", format!("another action is already named `{name}`"));
            }
        }
    }

    fn action(&mut self, p: &str, v: &Value, failure: bool, step_ids: Option<&HashSet<String>>) {
        let what = if failure { "a failure action" } else { "a success action" };
        let Some(m) = self.object(p, v, what) else { return };
        let mut known = if failure {
            vec!["name", "type", "workflowId", "stepId", "retryAfter", "retryLimit", "criteria"]
        } else {
            vec!["name", "type", "workflowId", "stepId", "criteria"]
        };
        if self.v11 {
            known.push("parameters");
        }
        self.fields(p, m, &known, true);
        self.required_string(p, m, "name", what);
        let kind = if self.required(p, m, "type", what).is_some() { self.string(p, m, "type") } else { None };
        let allowed: &[&str] = if failure { &["end", "goto", "retry"] } else { &["end", "goto"] };
        if let Some(k) = kind
            && !allowed.contains(&k)
        {
            let list = if failure { "`end`, `goto` or `retry`" } else { "`end` or `goto`" };
            self.err(&ptr(p, "type"), "invalid-action", format!("unknown action type `{k}`; expected {list}"));
        }
        let workflow_id = self.string(p, m, "workflowId");
        let step_id = self.string(p, m, "stepId");
        if workflow_id.is_some() && step_id.is_some() {
            self.err_key(
                &ptr(p, "type"),
                "goto-target",
                "`workflowId` and `stepId` are mutually exclusive: an action can define only one of them",
            );
        } else if kind == Some("goto") && workflow_id.is_none() && step_id.is_none() {
            self.err_key(
                &ptr(p, "type"),
                "goto-target",
                "a `goto` action needs exactly one of `stepId` and `workflowId`",
            );
        }
        if let Some(id) = workflow_id {
            self.workflow_ref(&ptr(p, "workflowId"), id, "workflowId");
        }
        if let (Some(id), Some(ids)) = (step_id, step_ids)
            && !ids.contains(id)
        {
            self.err(&ptr(p, "stepId"), "unknown-step", format!("`{id}` is not a step of this workflow"));
        }
        if failure {
            if let Some(after) = m.get("retryAfter")
                && !after.as_f64().is_some_and(|a| a.is_finite() && a >= 0.0)
            {
                self.err(&ptr(p, "retryAfter"), "invalid-retry", "`retryAfter` is a non-negative number of seconds");
            }
            if let Some(limit) = m.get("retryLimit")
                && limit.as_u64().is_none()
            {
                self.err(&ptr(p, "retryLimit"), "invalid-retry", "`retryLimit` is a non-negative integer");
            }
            if kind.is_some_and(|k| k != "retry") {
                for key in ["retryAfter", "retryLimit"] {
                    if m.contains_key(key) {
                        self.err_key(&ptr(p, key), "invalid-field", format!("`{key}` is only for `retry` actions"));
                    }
                }
            }
        }
        if let Some(list) = self.list(p, m, "criteria", !failure) {
            for (i, c) in list.iter().enumerate() {
                self.criterion(&format!("{p}/criteria/{i}"), c);
            }
        }
        if self.v11 && m.contains_key("parameters") {
            if workflow_id.is_none() {
                self.err_key(
                    &ptr(p, "parameters"),
                    "invalid-field",
                    "`parameters` of an action are for the workflow it names: give `workflowId`",
                );
            }
            self.parameters(p, m, false);
        }
    }

    fn criterion(&mut self, p: &str, v: &Value) {
        let Some(m) = self.object(p, v, "a criterion") else { return };
        self.fields(p, m, &["context", "condition", "type"], true);
        self.required_string(p, m, "condition", "a criterion");
        self.string(p, m, "context");
        match m.get("type") {
            None => {}
            Some(Value::String(t)) if !["simple", "regex", "jsonpath", "xpath"].contains(&t.as_str()) => {
                self.err(
                    &ptr(p, "type"),
                    "unknown-criterion-type",
                    format!("unknown criterion type `{t}`; expected `simple`, `regex`, `jsonpath` or `xpath`"),
                );
            }
            Some(Value::String(_)) => {}
            Some(t @ Value::Object(_)) => self.expression_type(&ptr(p, "type"), t, &["jsonpath", "xpath"]),
            Some(other) => self.err(
                &ptr(p, "type"),
                "invalid-criterion",
                format!("`type` is a string or a Criterion Expression Type object, not {}", describe(other)),
            ),
        }
        let typed = matches!(m.get("type"), Some(Value::String(_) | Value::Object(_)));
        if typed && !m.contains_key("context") {
            let t = m.get("type").and_then(Value::as_str).unwrap_or("typed");
            self.err_key(&ptr(p, "type"), "missing-context", format!("a `{t}` criterion needs a `context`"));
        }
    }

    fn expression_type(&mut self, p: &str, v: &Value, types: &[&str]) {
        let Some(m) = self.object(p, v, "an expression type") else { return };
        self.fields(p, m, &["type", "version"], true);
        let mut types = types.to_vec();
        if self.v11 {
            types.push("jsonpointer");
        }
        let kind = if self.required(p, m, "type", "an expression type").is_some() {
            self.enumeration(p, m, "type", &types, "unknown-criterion-type");
            m.get("type").and_then(Value::as_str)
        } else {
            None
        };
        if self.required(p, m, "version", "an expression type").is_some()
            && let Some(version) = self.string(p, m, "version")
        {
            let versions: &[&str] = match kind {
                Some("jsonpath") => &["draft-goessner-dispatch-jsonpath-00", "rfc9535"],
                Some("xpath") if self.v11 => &["xpath-10", "xpath-20", "xpath-30", "xpath-31"],
                Some("xpath") => &["xpath-10", "xpath-20", "xpath-30"],
                Some("jsonpointer") => &["rfc6901"],
                _ => return,
            };
            if !versions.contains(&version) {
                let list: Vec<String> = versions.iter().map(|a| format!("`{a}`")).collect();
                self.err(
                    &ptr(p, "version"),
                    "invalid-value",
                    format!("`{version}` is not a version of `{}`: expected {}", kind.unwrap_or(""), list.join(", ")),
                );
            }
        }
    }

    fn request_body(&mut self, p: &str, v: &Value) {
        let Some(m) = self.object(p, v, "a request body") else { return };
        self.fields(p, m, &["contentType", "payload", "replacements"], true);
        self.string(p, m, "contentType");
        if let Some(payload) = m.get("payload") {
            self.embedded(&ptr(p, "payload"), payload);
        }
        if let Some(list) = self.list(p, m, "replacements", false) {
            for (i, r) in list.iter().enumerate() {
                self.replacement(&format!("{p}/replacements/{i}"), r);
            }
        }
    }

    /// The `{$...}` expressions embedded in the strings of `v` must parse.
    fn embedded(&mut self, p: &str, v: &Value) {
        match v {
            Value::String(s) => {
                let mut rest = s.as_str();
                while let Some(start) = rest.find("{$") {
                    let after = rest.get(start + 1..).unwrap_or_default();
                    let Some(end) = after.find('}') else {
                        self.err(p, "invalid-expression", format!("`{{{after}` is not closed by `}}`"));
                        break;
                    };
                    let inner = after.get(..end).unwrap_or_default();
                    if let Err(e) = crate::expr::parse(inner) {
                        self.err(
                            p,
                            "invalid-expression",
                            format!("invalid expression `{{{inner}}}` inside value: {e}"),
                        );
                    }
                    rest = after.get(end + 1..).unwrap_or_default();
                }
            }
            Value::Array(a) => {
                for (i, item) in a.iter().enumerate() {
                    self.embedded(&format!("{p}/{i}"), item);
                }
            }
            Value::Object(o) => {
                for (k, item) in o {
                    self.embedded(&ptr(p, k), item);
                }
            }
            _ => {}
        }
    }

    fn replacement(&mut self, p: &str, v: &Value) {
        let Some(m) = self.object(p, v, "a payload replacement") else { return };
        let mut known = vec!["target", "value"];
        if self.v11 {
            known.push("targetSelectorType");
        }
        self.fields(p, m, &known, true);
        self.required_string(p, m, "target", "a payload replacement");
        self.required(p, m, "value", "a payload replacement");
        if self.v11 {
            match m.get("targetSelectorType") {
                None => {}
                Some(t @ Value::Object(_)) => {
                    self.expression_type(&ptr(p, "targetSelectorType"), t, &["jsonpath", "xpath"]);
                }
                Some(_) => {
                    self.enumeration(p, m, "targetSelectorType", &["jsonpointer", "jsonpath", "xpath"], "invalid-value")
                }
            }
            if let Some(value @ Value::Object(_)) = m.get("value") {
                self.selector(&ptr(p, "value"), value);
            }
        }
    }

    fn selector(&mut self, p: &str, v: &Value) {
        let Some(m) = self.object(p, v, "a selector") else { return };
        self.fields(p, m, &["context", "selector", "type"], true);
        self.required_string(p, m, "context", "a selector");
        self.required_string(p, m, "selector", "a selector");
        match self.required(p, m, "type", "a selector") {
            Some(t @ Value::Object(_)) => self.expression_type(&ptr(p, "type"), t, &["jsonpath", "xpath"]),
            Some(_) => self.enumeration(p, m, "type", &["jsonpointer", "jsonpath", "xpath"], "invalid-value"),
            None => {}
        }
    }

    /// A Reusable object; `kind` is the components map it must point into.
    fn reusable(&mut self, p: &str, v: &Value, kind: Option<&str>) {
        let Some(m) = self.object(p, v, "a reusable object") else { return };
        let known: &[&str] =
            if kind.is_none_or(|k| k == "parameters") { &["reference", "value"] } else { &["reference"] };
        self.fields(p, m, known, false);
        let Some(reference) = self.required_string(p, m, "reference", "a reusable object") else { return };
        let rp = ptr(p, "reference");
        let parts: Option<(&str, &str)> =
            reference.strip_prefix("$components.").and_then(|r| r.split_once('.')).filter(|(_, n)| is_key(n));
        let Some((found_kind, name)) = parts else {
            self.err(
                &rp,
                "invalid-reference",
                format!("`{reference}` is not a `$components.<kind>.<name>` runtime expression"),
            );
            return;
        };
        if let Some(kind) = kind
            && found_kind != kind
        {
            self.err(&rp, "invalid-reference", format!("`{reference}` must point into `$components.{kind}` here"));
            return;
        }
        if self.fragment {
            return;
        }
        if !self.components.get(found_kind).is_some_and(|c| c.contains(name)) {
            let mut names: Vec<&str> =
                self.components.get(found_kind).map(|c| c.iter().map(String::as_str).collect()).unwrap_or_default();
            names.sort_unstable();
            let mut d = self.doc.error_at(
                &rp,
                "unknown-reference",
                format!("reference `{reference}` does not resolve: `components.{found_kind}` has no `{name}`"),
            );
            if let Some(best) = crate::resolve::closest(name, &names) {
                d = d.with_help(format!("did you mean `$components.{found_kind}.{best}`?"));
            }
            self.diags.push(d);
        }
    }

    fn outputs(&mut self, p: &str, m: &Map<String, Value>) {
        let Some(outputs) = m.get("outputs") else { return };
        let op = ptr(p, "outputs");
        let Some(outputs) = self.object(&op, outputs, "`outputs`") else { return };
        for (name, value) in outputs {
            let np = ptr(&op, name);
            if !is_key(name) {
                self.err_key(
                    &np,
                    "invalid-name",
                    format!("`{name}` is not a valid name (letters, digits, `.`, `-`, `_`)"),
                );
            }
            match value {
                Value::String(_) => {}
                Value::Object(_) if self.v11 => self.selector(&np, value),
                _ => self.err(&np, "invalid-type", "an output is a runtime expression (a string)"),
            }
        }
    }

    fn components(&mut self, p: &str, v: &Value) {
        let Some(m) = self.object(p, v, "`components`") else { return };
        self.fields(p, m, &["inputs", "parameters", "successActions", "failureActions"], true);
        for (kind, map) in m {
            if kind.starts_with("x-") {
                continue;
            }
            let kp = ptr(p, kind);
            let Some(map) = self.object(&kp, map, &format!("`components.{kind}`")) else { continue };
            for (key, item) in map {
                let ip = ptr(&kp, key);
                if !is_key(key) {
                    self.err_key(
                        &ip,
                        "invalid-name",
                        format!("component key `{key}` must match `^[a-zA-Z0-9.\\-_]+$`"),
                    );
                }
                match kind.as_str() {
                    "inputs" if !item.is_object() && !item.is_boolean() => {
                        self.err(&ip, "invalid-type", "a reusable input is a JSON Schema (a mapping)");
                    }
                    "parameters" => self.parameter(&ip, item, false),
                    "successActions" => self.action(&ip, item, false, None),
                    "failureActions" => self.action(&ip, item, true, None),
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(yaml: &str) -> Vec<(&'static str, String)> {
        let doc = match crate::load::parse_str(yaml.to_string(), std::path::Path::new("t.yml"), "t.yml".into()) {
            Ok(doc) => doc,
            // A test document that does not load: its one diagnostic is the answer.
            Err(d) => return vec![(d.code, d.pointer)],
        };
        let mut diags = Diagnostics::default();
        validate_document(&doc, &mut diags);
        diags.0.into_iter().map(|d| (d.code, d.pointer)).collect()
    }

    const BASE: &str = "arazzo: 1.0.1\ninfo: {title: t, version: '1'}\nsourceDescriptions: [{name: api, url: a.yml}]\n";

    #[test]
    fn versions_names_and_keys() {
        assert!(is_version("1.0.1") && is_version("1.1.0") && is_version("1.0.0-rc1"));
        assert!(!is_version("1.0") && !is_version("2.0.0") && !is_version("1.0.x") && !is_version("1.0.0-"));
        assert!(is_id("get-pet_1") && !is_id("get pet") && !is_id(""));
        assert!(is_key("a.b-c_d") && !is_key("bad key!"));
    }

    #[test]
    fn a_valid_document_has_no_diagnostics() {
        let doc = format!("{BASE}workflows:\n- workflowId: w\n  steps:\n  - stepId: s\n    operationId: op\n");
        assert_eq!(check(&doc), vec![]);
    }

    #[test]
    fn every_problem_is_reported_at_its_node() {
        let doc = "arazzo: '1.0'\ninfo: {version: '1'}\nsourceDescriptions: [{name: a b, url: x, type: swagger}]\n\
                   workflows:\n- workflowId: w\n  steps:\n  - stepId: s\n    operationId: op\n    workflowId: w\n    \
                   parameters: [{name: p, value: 1}]\n    onFailure: [{name: f, type: goto, retryAfter: 1}]\n";
        let got = check(doc);
        for want in [
            ("unsupported-version", "/arazzo"),
            ("missing-field", "/info"),
            ("invalid-name", "/sourceDescriptions/0/name"),
            ("invalid-source", "/sourceDescriptions/0/type"),
            ("step-target", "/workflows/0/steps/0/stepId"),
            ("goto-target", "/workflows/0/steps/0/onFailure/0/type"),
            ("invalid-field", "/workflows/0/steps/0/onFailure/0/retryAfter"),
        ] {
            assert!(got.iter().any(|(c, p)| *c == want.0 && p == want.1), "{want:?} not in {got:?}");
        }
    }
}
