//! Stage 2, resolve and validate: check a loaded workflow document against the
//! operations of its sources and lower it to the intermediate form ([`crate::ir`]).
//!
//! Every problem is collected (serde_derive style); lowering goes on after an error
//! wherever it can, so one build reports all of them.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value as Json;

use crate::arazzo::{self, Arazzo};
use crate::criteria::{self, Ast, Operand, PathSegment};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::expr::{self, Expr, Segment, Source, StringValue};
use crate::ir::{self, Cond, Sourced, Ty, TyOpt, Value};
use crate::load::{Document, escape_token};
use crate::names::{Case, method_name, sanitize};
use crate::openapi::{self, Operation};

/// One OpenAPI source, loaded and normalised.
pub struct ApiSource {
    /// The source description's name.
    pub name: String,
    /// The document as written (positions).
    pub doc: std::sync::Arc<Document>,
    /// The document after normalisation (what progenitor sees).
    pub normalized: Json,
    /// Its operations.
    pub operations: Vec<Operation>,
    /// The operationIds the document's steps call in it (by `operationId` or `operationPath`).
    pub used: std::collections::BTreeSet<String>,
}

/// Step context: what `$response...` and `$statusCode` mean here.
#[derive(Default)]
struct StepCtx {
    /// False when the step's operation is unknown (already reported).
    resolved: bool,
    /// True for the criteria of `onFailure` actions.
    failure: bool,
    body: ir::BodyKind,
    schema: Option<Json>,
    reads_headers: bool,
    /// The HTTP method of the step's operation (`$method`) and its path template
    /// (`$request.path.<name>`).
    method: String,
    path: String,
    /// `$url` or `$request.*` is read: the request is captured as it is sent.
    reads_request: bool,
    /// The workflow a `workflowId` step calls: `$outputs.x` reads its outputs.
    callee: Option<(String, Vec<ir::Output>)>,
    /// An undescribed body is read (and the warning about it was given).
    reads_untyped: bool,
    warned_untyped: bool,
}

struct Lowerer<'a> {
    doc: &'a Document,
    model: &'a Arazzo,
    sources: &'a [ApiSource],
    diags: &'a mut Diagnostics,
    /// Sources that could not be loaded (already reported): no follow-on errors.
    failed: &'a [String],
    /// Workflows lowered so far (callees are lowered before their callers).
    lowered: HashMap<String, ir::Workflow>,
    /// Workflows that failed to lower or are part of a cycle (already reported).
    broken_workflows: Vec<String>,
    /// Outputs that failed to lower, by step id (already reported: no follow-on errors).
    broken_outputs: Vec<(String, String)>,
    /// The dependencies of the workflow being lowered (`dependsOn`): id, outputs variable.
    deps: Vec<(String, String, Vec<ir::Output>)>,
    /// Types generated for the inputs of the workflow being lowered.
    types: Vec<ir::LocalType>,
    /// Prefix of generated names (`<source name>-` in a document another one uses).
    prefix: String,
    /// Names of the `arazzo` sources.
    arazzo_sources: Vec<String>,
    /// `arazzo` sources that lead back to a document that uses this one.
    cyclic_sources: Vec<String>,
}

fn ptr(base: &str, token: &str) -> String {
    format!("{base}/{}", escape_token(token))
}

/// What a document sees of the documents of its `arazzo` sources.
#[derive(Default)]
pub struct External {
    /// Prefix of this document's workflow names (`<source name>-` for a used document).
    pub prefix: String,
    /// Their workflows, lowered, as `$sourceDescriptions.<name>.<workflowId>`.
    pub workflows: HashMap<String, ir::Workflow>,
    /// The names of the `arazzo` sources.
    pub arazzo_sources: Vec<String>,
    /// The `arazzo` sources that lead back to a document that uses this one.
    pub cyclic_sources: Vec<String>,
}

/// Resolves and lowers every workflow of `doc`.
pub fn lower(
    doc: &Document,
    model: &Arazzo,
    sources: &[ApiSource],
    failed: &[String],
    diags: &mut Diagnostics,
) -> Vec<ir::Workflow> {
    lower_with(doc, model, sources, failed, External::default(), diags)
}

/// [`lower`], for a document that uses other workflow documents.
pub fn lower_with(
    doc: &Document,
    model: &Arazzo,
    sources: &[ApiSource],
    failed: &[String],
    external: External,
    diags: &mut Diagnostics,
) -> Vec<ir::Workflow> {
    let External { prefix, workflows: external, arazzo_sources, cyclic_sources } = external;
    let mut l = Lowerer {
        doc,
        model,
        sources,
        diags,
        failed,
        lowered: external,
        prefix,
        arazzo_sources,
        cyclic_sources,
        broken_workflows: Vec::new(),
        broken_outputs: Vec::new(),
        deps: Vec::new(),
        types: Vec::new(),
    };
    if model.extra.contains_key("$schema") {
        let d =
            doc.error_at_key("/$schema", "ignored-field", "`$schema` is not an Arazzo field; it is ignored").warning();
        l.diags.push(d);
    }
    if !model.arazzo.starts_with("1.0.") && !model.arazzo.starts_with("1.1.") {
        l.diags.push(doc.error_at(
            "/arazzo",
            "unsupported-version",
            format!("Arazzo version `{}` is not supported; this generator reads 1.0.x and 1.1.x", model.arazzo),
        ));
    }
    let mut seen = HashMap::new();
    for (wi, wf) in model.workflows.iter().enumerate() {
        let wp = format!("/workflows/{wi}");
        if let Some(prev) = seen.insert(wf.workflow_id.clone(), wi) {
            l.diags.push(doc.error_at(
                &format!("{wp}/workflowId"),
                "duplicate-id",
                format!("workflowId `{}` is already used by workflow #{prev}", wf.workflow_id),
            ));
        }
    }
    // Callees first: a workflow is lowered after every workflow it calls, goes to or
    // depends on. A cycle cannot be compiled into plain async functions.
    let order = l.call_order();
    let mut out: Vec<Option<ir::Workflow>> = vec![None; model.workflows.len()];
    for wi in order {
        let wf = &model.workflows[wi];
        let wp = format!("/workflows/{wi}");
        let before = l.diags.error_count();
        let w = l.workflow(wf, &wp);
        if l.diags.error_count() > before {
            l.broken_workflows.push(wf.workflow_id.clone());
        }
        l.lowered.entry(wf.workflow_id.clone()).or_insert_with(|| w.clone());
        out[wi] = Some(w);
    }
    out.into_iter().flatten().collect()
}

/// The workflows a workflow refers to, with the pointer of each reference.
fn callees(wf: &arazzo::Workflow, wp: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, d) in wf.depends_on.iter().enumerate() {
        out.push((d.clone(), format!("{wp}/dependsOn/{i}")));
    }
    for (si, s) in wf.steps.iter().enumerate() {
        if let Some(id) = &s.workflow_id {
            out.push((id.clone(), format!("{wp}/steps/{si}/workflowId")));
        }
        for (key, list) in [("onSuccess", &s.on_success), ("onFailure", &s.on_failure)] {
            for (ai, a) in list.iter().enumerate() {
                if let Some(id) = a.get("workflowId").and_then(Json::as_str) {
                    out.push((id.to_string(), format!("{wp}/steps/{si}/{key}/{ai}/workflowId")));
                }
            }
        }
    }
    for (key, list) in [("successActions", &wf.success_actions), ("failureActions", &wf.failure_actions)] {
        for (ai, a) in list.iter().enumerate() {
            if let Some(id) = a.get("workflowId").and_then(Json::as_str) {
                out.push((id.to_string(), format!("{wp}/{key}/{ai}/workflowId")));
            }
        }
    }
    out
}

impl Lowerer<'_> {
    fn error(&mut self, pointer: &str, code: &'static str, message: impl Into<String>) {
        let d = self.doc.error_at(pointer, code, message);
        self.diags.push(d);
    }

    fn error_with_help(&mut self, pointer: &str, code: &'static str, message: String, help: &str) {
        let d = self.doc.error_at(pointer, code, message).with_help(help);
        self.diags.push(d);
    }

    fn workflow(&mut self, wf: &arazzo::Workflow, wp: &str) -> ir::Workflow {
        let qualified = format!("{}{}", self.prefix, wf.workflow_id);
        let type_prefix = sanitize(&qualified, Case::Pascal);
        self.types.clear();
        let inputs = self.inputs(wf, wp);
        let types = std::mem::take(&mut self.types);

        // Workflows this one depends on run first, with this workflow's inputs of the
        // same names (docs/semantics.md).
        let mut depends_on = Vec::new();
        self.deps.clear();
        for (di, dep) in wf.depends_on.iter().enumerate() {
            let dp = format!("{wp}/dependsOn/{di}");
            if depends_on.iter().any(|d: &ir::Dependency| &d.id == dep) {
                self.error(&dp, "duplicate-id", format!("`{dep}` is listed twice"));
                continue;
            }
            if let Some((call, outputs)) = self.workflow_call(&dp, dep, &[], &inputs, &[], &wf.steps, true) {
                let var = format!("dep_{}", sanitize(dep, Case::Snake));
                self.deps.push((dep.clone(), var.clone(), outputs));
                depends_on.push(ir::Dependency { id: dep.clone(), var, call });
            }
        }

        // Step ids first, for gotos.
        let mut step_index: HashMap<&str, usize> = HashMap::new();
        for (si, s) in wf.steps.iter().enumerate() {
            if step_index.insert(s.step_id.as_str(), si).is_some() {
                self.error(
                    &format!("{wp}/steps/{si}/stepId"),
                    "duplicate-id",
                    format!("stepId `{}` is used twice in workflow `{}`", s.step_id, wf.workflow_id),
                );
            }
        }
        if wf.steps.is_empty() {
            self.error(&format!("{wp}/steps"), "missing-steps", "a workflow needs at least one step");
        }

        let mut ends = vec![ir::End {
            variant: "Completed".into(),
            doc: "The last step succeeded and no action ended the workflow earlier.".into(),
            payload: ir::EndPayload::None,
        }];
        let mut steps: Vec<ir::Step> = Vec::new();
        for (si, s) in wf.steps.iter().enumerate() {
            let sp = format!("{wp}/steps/{si}");
            let step = self.step(wf, s, &sp, si, &inputs, &steps, &step_index, &mut ends);
            steps.push(step);
        }

        let mut outputs = Vec::new();
        for (name, value) in &wf.outputs {
            let op = format!("{}/{}", ptr(wp, "outputs"), escape_token(name));
            self.check_name(&op, name);
            if matches!(sanitize(name, Case::Snake).as_str(), "end" | "last_status" | "completed_steps") {
                let d = self.doc.error_at_key(
                    &op,
                    "reserved-name",
                    format!("output `{name}` would clash with the generated `end`, `last_status` and `completed_steps` fields"),
                );
                self.diags.push(d.with_help("rename the output"));
                continue;
            }
            let lowered = match value {
                Json::String(text) => self.value_expr(&op, text, &inputs, &steps, &wf.steps, None),
                Json::Object(m) if is_selector(m) => self.selector(&op, m, &inputs, &steps, &wf.steps, None),
                _ => {
                    self.error(
                        &op,
                        "invalid-type",
                        "an output is a runtime expression (a string) or a Selector Object",
                    );
                    continue;
                }
            };
            if let Some(v) = lowered {
                if matches!(v.value, Value::Json(_) | Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_))
                {
                    self.warn(
                        &op,
                        "constant-output",
                        format!("output `{name}` is the constant `{}`, not a runtime expression", v.text),
                    );
                }
                outputs.push(ir::Output { name: name.clone(), field: sanitize(name, Case::Snake), value: v });
            }
        }

        let mut doc = String::new();
        if let Some(s) = &wf.summary {
            doc.push_str(s.trim());
        }
        if let Some(d) = &wf.description {
            if !doc.is_empty() {
                doc.push_str("\n\n");
            }
            doc.push_str(d.trim());
        }
        self.warn_unreachable(&steps, wp);
        ir::Workflow {
            id: wf.workflow_id.clone(),
            fn_name: sanitize(&qualified, Case::Snake),
            type_prefix,
            doc,
            inputs,
            types,
            depends_on,
            steps,
            outputs,
            ends,
        }
    }

    fn warn(&mut self, pointer: &str, code: &'static str, message: impl Into<String>) {
        let d = self.doc.error_at(pointer, code, message).warning();
        self.diags.push(d);
    }

    /// The order to lower workflows in: every workflow after the ones it refers to.
    /// A cycle is an error at the reference that closes it.
    fn call_order(&mut self) -> Vec<usize> {
        let wfs = &self.model.workflows;
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, w) in wfs.iter().enumerate() {
            index.entry(w.workflow_id.as_str()).or_insert(i);
        }
        let edges: Vec<Vec<(usize, String)>> = wfs
            .iter()
            .enumerate()
            .map(|(i, w)| {
                callees(w, &format!("/workflows/{i}"))
                    .into_iter()
                    .filter_map(|(id, p)| index.get(id.as_str()).map(|j| (*j, p)))
                    .collect()
            })
            .collect();
        // 0: not seen, 1: on the stack, 2: done.
        let mut state = vec![0u8; wfs.len()];
        let mut order = Vec::new();
        let mut cycles = Vec::new();
        for start in 0..wfs.len() {
            if state[start] != 0 {
                continue;
            }
            let mut stack = vec![(start, 0usize)];
            state[start] = 1;
            while let Some((node, edge)) = stack.pop() {
                if let Some((next, p)) = edges[node].get(edge) {
                    stack.push((node, edge + 1));
                    match state[*next] {
                        0 => {
                            state[*next] = 1;
                            stack.push((*next, 0));
                        }
                        1 => cycles.push((p.clone(), wfs[node].workflow_id.clone(), wfs[*next].workflow_id.clone())),
                        _ => {}
                    }
                } else {
                    state[node] = 2;
                    order.push(node);
                }
            }
        }
        for (p, from, to) in cycles {
            let message = if from == to {
                format!("workflow `{from}` calls itself; recursive workflows are not supported")
            } else {
                format!(
                    "workflow `{from}` refers to `{to}`, which refers back to `{from}`; recursive workflows are not supported"
                )
            };
            self.error(&p, "workflow-cycle", message);
            self.broken_workflows.push(to);
        }
        order
    }

    /// Warns about steps that no path from the first step reaches: every step can go
    /// on to the next one unless an action without criteria always ends or jumps first.
    fn warn_unreachable(&mut self, steps: &[ir::Step], wp: &str) {
        let mut reached = vec![false; steps.len()];
        let mut todo = vec![0usize];
        while let Some(i) = todo.pop() {
            if i >= steps.len() || std::mem::replace(&mut reached[i], true) {
                continue;
            }
            let step = &steps[i];
            let mut falls_through = true;
            for a in &step.on_success {
                if let ir::ActionKind::Goto { step } = a.kind {
                    todo.push(step);
                }
                if a.criteria.is_empty() {
                    falls_through = false;
                    break;
                }
            }
            for a in &step.on_failure {
                if let ir::ActionKind::Goto { step } = a.kind {
                    todo.push(step);
                }
            }
            if falls_through {
                todo.push(i + 1);
            }
        }
        for (i, r) in reached.iter().enumerate() {
            if !r {
                let d = self
                    .doc
                    .error_at_key(
                        &format!("{wp}/steps/{i}/stepId"),
                        "unreachable-step",
                        format!("step `{}` can never run: no step goes to it", steps[i].id),
                    )
                    .warning();
                self.diags.push(d);
            }
        }
    }

    fn check_name(&mut self, pointer: &str, name: &str) {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) {
            let d = self.doc.error_at_key(
                pointer,
                "invalid-name",
                format!("`{name}` is not a valid name (letters, digits, `.`, `-`, `_`)"),
            );
            self.diags.push(d);
        }
    }

    fn inputs(&mut self, wf: &arazzo::Workflow, wp: &str) -> Vec<ir::Input> {
        let mut out = Vec::new();
        let Some(schema) = &wf.inputs else { return out };
        let mut ip = format!("{wp}/inputs");
        let mut schema = schema.clone();
        if let Some(r) = schema.get("$ref") {
            let rp = format!("{ip}/$ref");
            let Some(text) = r.as_str() else {
                self.error(&rp, "invalid-reference", "`$ref` is a string");
                return out;
            };
            let Some(name) = text.strip_prefix("#/components/inputs/") else {
                self.error(
                    &rp,
                    "unsupported",
                    format!("`{text}`: workflow inputs can refer to `#/components/inputs/<name>` only"),
                );
                return out;
            };
            let name = name.replace("~1", "/").replace("~0", "~");
            let Some((target, tp)) = self.component(&rp, "inputs", &Json::String(format!("$components.inputs.{name}")))
            else {
                return out;
            };
            schema = target;
            ip = tp;
        }
        let schema = &schema;
        if schema.get("type").and_then(Json::as_str).is_some_and(|t| t != "object") {
            self.error(&format!("{ip}/type"), "invalid-inputs", "workflow inputs must be an object schema");
            return out;
        }
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Json::as_array)
            .map(|r| r.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        let Some(props) = schema.get("properties").and_then(Json::as_object) else { return out };
        let prefix = format!("{}Inputs", sanitize(&format!("{}{}", self.prefix, wf.workflow_id), Case::Pascal));
        for (name, p) in props {
            let ty = self.schema_ty(&format!("{prefix}{}", sanitize(name, Case::Pascal)), p, 0);
            let lname = name.to_ascii_lowercase();
            let secret = p.get("format").and_then(Json::as_str) == Some("password")
                || ["key", "token", "secret", "password", "credential"].iter().any(|w| lname.contains(w));
            out.push(ir::Input {
                name: name.clone(),
                field: sanitize(name, Case::Snake),
                ty: TyOpt { ty, optional: !required.contains(&name.as_str()) },
                doc: p.get("description").and_then(Json::as_str).map(|s| s.trim().to_string()),
                secret,
            });
        }
        for (i, r) in required.iter().enumerate() {
            if !props.contains_key(*r) {
                self.error(
                    &format!("{ip}/required/{i}"),
                    "unknown-input",
                    format!("required input `{r}` has no property"),
                );
            }
        }
        out
    }

    /// The Rust type of an input schema: primitives, `Vec` for arrays with `items`, a
    /// generated struct for an object with `properties`, a generated enum for a string
    /// `enum`; anything else (`oneOf`, no `type`, ...) is JSON.
    fn schema_ty(&mut self, name: &str, schema: &Json, depth: usize) -> Ty {
        if depth > 16 {
            return Ty::Json;
        }
        let schema =
            match schema.get("$ref").and_then(Json::as_str).and_then(|r| r.strip_prefix("#/components/inputs/")) {
                Some(n) => match self.model.components.as_ref().and_then(|c| c.get("inputs")).and_then(|i| i.get(n)) {
                    Some(t) => t.clone(),
                    None => return Ty::Json,
                },
                None => schema.clone(),
            };
        let doc = schema.get("description").and_then(Json::as_str).map(|s| s.trim().to_string());
        match schema.get("type").and_then(Json::as_str) {
            Some("string") => match schema.get("enum").and_then(Json::as_array) {
                Some(values) if !values.is_empty() && values.iter().all(Json::is_string) => {
                    let mut variants: Vec<(String, String)> = Vec::new();
                    for v in values.iter().filter_map(Json::as_str) {
                        let mut variant = sanitize(v, Case::Pascal);
                        if variant.is_empty() || variant.starts_with(|c: char| c.is_ascii_digit()) {
                            variant = format!("V{variant}");
                        }
                        while variants.iter().any(|(n, _)| *n == variant) {
                            variant.push('_');
                        }
                        variants.push((variant, v.to_string()));
                    }
                    self.types.push(ir::LocalType::Enum { name: name.to_string(), doc, variants });
                    Ty::Local(name.to_string())
                }
                _ => Ty::String,
            },
            Some("integer") => Ty::I64,
            Some("number") => Ty::F64,
            Some("boolean") => Ty::Bool,
            Some("array") => match schema.get("items") {
                Some(items) => Ty::Vec(Box::new(self.schema_ty(&format!("{name}Item"), items, depth + 1))),
                None => Ty::Json,
            },
            Some("object") => {
                let Some(props) = schema.get("properties").and_then(Json::as_object).filter(|p| !p.is_empty()) else {
                    return Ty::Json;
                };
                let required: Vec<&str> = schema
                    .get("required")
                    .and_then(Json::as_array)
                    .map(|r| r.iter().filter_map(Json::as_str).collect())
                    .unwrap_or_default();
                let mut fields = Vec::new();
                for (field, p) in props {
                    let ty = self.schema_ty(&format!("{name}{}", sanitize(field, Case::Pascal)), p, depth + 1);
                    fields.push(ir::Input {
                        name: field.clone(),
                        field: sanitize(field, Case::Snake),
                        ty: TyOpt { ty, optional: !required.contains(&field.as_str()) },
                        doc: p.get("description").and_then(Json::as_str).map(|s| s.trim().to_string()),
                        secret: false,
                    });
                }
                self.types.push(ir::LocalType::Struct { name: name.to_string(), doc, fields });
                Ty::Local(name.to_string())
            }
            _ => Ty::Json,
        }
    }

    fn find_operation(&mut self, pointer: &str, id: &str) -> Option<(usize, usize)> {
        let (source, op_id) = match id.strip_prefix("$sourceDescriptions.") {
            Some(rest) => match rest.split_once('.') {
                Some((s, o)) => (Some(s), o),
                None => {
                    self.error(
                        pointer,
                        "invalid-operation-id",
                        format!("`{id}` should be `$sourceDescriptions.<name>.<operationId>`"),
                    );
                    return None;
                }
            },
            None => (None, id),
        };
        let mut found = Vec::new();
        for (si, s) in self.sources.iter().enumerate() {
            if source.is_some_and(|n| n != s.name) {
                continue;
            }
            for (oi, o) in s.operations.iter().enumerate() {
                if o.declared.as_deref() == Some(op_id) {
                    found.push((si, oi));
                }
            }
        }
        // One description that declares the id twice (or more).
        if let [(si, first), (sj, second), ..] = found.as_slice()
            && si == sj
        {
            let s = &self.sources[*si];
            let at = |oi: usize| {
                let o = &s.operations[oi];
                let pos =
                    s.doc.positions.get(&format!("{}/operationId", o.pointer)).map(|p| format!(" (line {})", p.line));
                format!("`{} {}`{}", o.method.to_uppercase(), o.path, pos.unwrap_or_default())
            };
            let d = self
                .doc
                .error_at(
                    pointer,
                    "ambiguous-operation",
                    format!(
                        "the description of source `{}` declares operationId `{op_id}` more than once: {} and {}",
                        s.name,
                        at(*first),
                        at(*second)
                    ),
                )
                .with_help(format!(
                    "call the operation by `operationPath`: `{{$sourceDescriptions.{}.url}}#{}`",
                    s.name, s.operations[*first].pointer
                ));
            self.diags.push(d);
            return None;
        }
        match found.as_slice() {
            [one] => Some(*one),
            [] => {
                // A source that failed to load was reported already.
                let quiet = match source {
                    Some(n) => self.failed.iter().any(|f| f == n),
                    None => !self.failed.is_empty(),
                };
                if quiet {
                    return None;
                }
                if let Some(n) = source
                    && !self.sources.iter().any(|s| s.name == n)
                {
                    let names: Vec<&str> = self.sources.iter().map(|s| s.name.as_str()).collect();
                    let d = self
                        .doc
                        .error_at(
                            pointer,
                            "unknown-source",
                            format!("there is no OpenAPI source description named `{n}`"),
                        )
                        .with_help(match closest(n, &names) {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => format!("the sources are: {}", names.join(", ")),
                        });
                    self.diags.push(d);
                    return None;
                }
                let all: Vec<&str> = self
                    .sources
                    .iter()
                    .flat_map(|s| s.operations.iter().filter_map(|o| o.declared.as_deref()))
                    .collect();
                let mut d = self.doc.error_at(pointer, "unknown-operation", format!("unknown operationId `{op_id}`"));
                d = suggest(d, op_id, &all, "");
                self.diags.push(d);
                None
            }
            _ => {
                self.error(
                    pointer,
                    "ambiguous-operation",
                    format!("operationId `{op_id}` is in several sources; write `$sourceDescriptions.<name>.{op_id}`"),
                );
                None
            }
        }
    }

    /// The target of a `$components.<kind>.<name>` reference: its value and pointer.
    fn component(&mut self, pointer: &str, kind: &str, reference: &Json) -> Option<(Json, String)> {
        let Some(text) = reference.as_str() else {
            self.error(
                pointer,
                "invalid-reference",
                format!("`reference` is a `$components.{kind}.<name>` expression"),
            );
            return None;
        };
        let Some(name) = text.strip_prefix(&format!("$components.{kind}.")) else {
            self.error(
                pointer,
                "invalid-reference",
                format!("`{text}` is not a reference to `components.{kind}`; write `$components.{kind}.<name>`"),
            );
            return None;
        };
        let entries = self.model.components.as_ref().and_then(|c| c.get(kind)).and_then(Json::as_object);
        match entries.and_then(|e| e.get(name)) {
            Some(v) => Some((v.clone(), format!("/components/{kind}/{}", escape_token(name)))),
            None => {
                let names: Vec<&str> = entries.map(|e| e.keys().map(String::as_str).collect()).unwrap_or_default();
                let mut d = self.doc.error_at(
                    pointer,
                    "unknown-reference",
                    format!("`{text}` names nothing: `components.{kind}` has no `{name}`"),
                );
                if let Some(best) = closest(name, &names) {
                    d = d.with_help(format!("did you mean `$components.{kind}.{best}`?"));
                }
                self.diags.push(d);
                None
            }
        }
    }

    /// Follows a Reusable Object (`reference` + optional `value`) to the object it names.
    fn reusable(&mut self, pointer: &str, kind: &str, v: &Json) -> Option<(Json, String)> {
        let Some(reference) = v.get("reference") else { return Some((v.clone(), pointer.to_string())) };
        let (mut target, tp) = self.component(&format!("{pointer}/reference"), kind, reference)?;
        if let Some(value) = v.get("value") {
            if kind == "parameters"
                && let Some(obj) = target.as_object_mut()
            {
                obj.insert("value".into(), value.clone());
                // The value's own position, for errors in it.
                return Some((target, pointer.to_string()));
            }
            self.error(
                &format!("{pointer}/value"),
                "invalid-reference",
                "only a parameter reference may override `value`",
            );
        }
        Some((target, tp))
    }

    /// Resolves `operationPath` (`{$sourceDescriptions.<name>.url}#<JSON pointer to an operation>`).
    fn find_operation_path(&mut self, pointer: &str, path: &str) -> Option<(usize, usize)> {
        let bad = |l: &mut Self, msg: String| {
            l.error(pointer, "invalid-reference", msg);
            None
        };
        let Some((head, fragment)) = path.split_once('#') else {
            return bad(
                self,
                format!("`{path}` has no `#`: write `{{$sourceDescriptions.<name>.url}}#/paths/~1pets/get`"),
            );
        };
        let name = head
            .strip_prefix("{$sourceDescriptions.")
            .and_then(|r| r.strip_suffix(".url}"))
            .or_else(|| head.strip_prefix("$sourceDescriptions.").and_then(|r| r.strip_suffix(".url")));
        // `$sourceDescriptions.<name>#/paths/...` (Redocly's form): the same operation,
        // though not the spec's syntax.
        let name = match name {
            Some(n) => Some(n),
            None => {
                let short = head.strip_prefix("$sourceDescriptions.").filter(|n| !n.contains(['.', '{', '}']));
                if let Some(n) = short {
                    self.warn(
                        pointer,
                        "operation-path-form",
                        format!(
                            "write `{{$sourceDescriptions.{n}.url}}#{fragment}`; `{head}#` is not the Arazzo syntax"
                        ),
                    );
                }
                short
            }
        };
        let source = match name {
            Some(n) => match self.sources.iter().position(|s| s.name == n) {
                Some(i) => i,
                None => {
                    if self.failed.iter().any(|f| f == n) {
                        return None;
                    }
                    return bad(self, format!("there is no OpenAPI source description named `{n}`"));
                }
            },
            None => match self.sources.iter().position(|s| self.model_source_url(&s.name) == Some(head)) {
                Some(i) => i,
                None => {
                    return bad(
                        self,
                        format!(
                            "`{head}` is not `{{$sourceDescriptions.<name>.url}}` nor the url of a source description"
                        ),
                    );
                }
            },
        };
        // Percent-encoded braces (`%7BpetId%7D`) are the same path as `{petId}`.
        let fragment = fragment.replace("%7B", "{").replace("%7b", "{").replace("%7D", "}").replace("%7d", "}");
        let fragment = fragment.replace("%20", " ");
        let s = &self.sources[source];
        match s.operations.iter().position(|o| o.pointer == fragment) {
            Some(oi) => Some((source, oi)),
            None => {
                let mut d = self.doc.error_at(
                    pointer,
                    "unknown-operation",
                    format!("`#{fragment}` is not an operation of source `{}`", s.name),
                );
                let all: Vec<&str> = s.operations.iter().map(|o| o.pointer.as_str()).collect();
                d = suggest(d, &fragment, &all, "#");
                self.diags.push(d);
                None
            }
        }
    }

    fn model_source_url(&self, name: &str) -> Option<&str> {
        self.model.source_descriptions.iter().find(|s| s.name == name).map(|s| s.url.as_str())
    }

    /// A call of workflow `id` with these parameters (a `workflowId` step, or `goto`).
    #[allow(clippy::too_many_arguments)]
    fn workflow_call(
        &mut self,
        pointer: &str,
        id: &str,
        given: &[(String, Option<String>, Json, String)],
        inputs: &[ir::Input],
        done: &[ir::Step],
        all: &[arazzo::Step],
        by_name: bool,
    ) -> Option<(ir::Call, Vec<ir::Output>)> {
        let Some(callee) = self.lowered.get(id).cloned() else {
            if self.broken_workflows.iter().any(|b| b == id) {
                return None;
            }
            if let Some(rest) = id.strip_prefix("$sourceDescriptions.") {
                let (source, wid) = rest.split_once('.').unwrap_or((rest, ""));
                if self.failed.iter().any(|f| f == source) {
                    return None;
                }
                if self.cyclic_sources.iter().any(|c| c == source) {
                    self.error(
                        pointer,
                        "workflow-cycle",
                        format!(
                            "`{id}` calls back into a document that uses this one (through source `{source}`); recursive workflows are not supported"
                        ),
                    );
                    return None;
                }
                if !self.arazzo_sources.iter().any(|a| a == source) {
                    let names = self.arazzo_sources.join(", ");
                    self.error(
                        pointer,
                        "unknown-source",
                        format!(
                            "`{id}`: there is no `arazzo` source description named `{source}`{}",
                            if names.is_empty() {
                                String::new()
                            } else {
                                format!(" (the arazzo sources are: {names})")
                            }
                        ),
                    );
                    return None;
                }
                let prefix = format!("$sourceDescriptions.{source}.");
                let ids: Vec<&str> = self.lowered.keys().filter_map(|k| k.strip_prefix(prefix.as_str())).collect();
                if !ids.contains(&wid) && !self.broken_workflows.iter().any(|b| b == id) {
                    let mut d = self.doc.error_at(
                        pointer,
                        "unknown-workflow",
                        format!("source `{source}` has no workflow `{wid}`"),
                    );
                    if let Some(best) = closest(wid, &ids) {
                        d = d.with_help(format!("did you mean `{prefix}{best}`?"));
                    }
                    self.diags.push(d);
                }
                return None;
            }
            let ids: Vec<&str> = self.model.workflows.iter().map(|w| w.workflow_id.as_str()).collect();
            if !ids.contains(&id) {
                let mut d = self.doc.error_at(pointer, "unknown-workflow", format!("there is no workflow `{id}`"));
                d = suggest(d, id, &ids, "");
                self.diags.push(d);
            }
            return None;
        };
        let mut values = Vec::new();
        let mut used = vec![false; given.len()];
        for input in &callee.inputs {
            let found = given.iter().enumerate().find(|(_, (n, _, _, _))| *n == input.name);
            let value = match found {
                Some((i, (_, _, v, pp))) => {
                    used[i] = true;
                    self.value(&format!("{pp}/value"), v, inputs, done, all)
                }
                // An input no parameter gives is this workflow's input of the same name
                // (always so for `dependsOn` and `goto`).
                None => inputs.iter().find(|i| i.name == input.name).map(|i| Sourced {
                    value: Value::Input { field: i.field.clone(), ty: i.ty.clone() },
                    text: format!("$inputs.{}", i.name),
                }),
            };
            if value.is_none() && !input.ty.optional {
                self.error(
                    pointer,
                    "missing-input",
                    format!(
                        "workflow `{id}` requires the input `{}`, which {}",
                        input.name,
                        if by_name {
                            "this workflow's inputs do not have (its inputs are passed by name)"
                        } else {
                            "neither the step's parameters nor this workflow's inputs give"
                        }
                    ),
                );
            }
            values.push((input.field.clone(), input.ty.clone(), value));
        }
        for (i, (name, _, _, pp)) in given.iter().enumerate() {
            if !used[i] && !by_name {
                let names: Vec<&str> = callee.inputs.iter().map(|i| i.name.as_str()).collect();
                let mut d = self.doc.error_at_key(
                    &format!("{pp}/name"),
                    "unknown-input",
                    format!("workflow `{id}` has no input `{name}`"),
                );
                d = suggest(d, name, &names, "");
                self.diags.push(d);
            }
        }
        let call = ir::Call {
            id: id.to_string(),
            fn_name: callee.fn_name.clone(),
            type_prefix: callee.type_prefix.clone(),
            inputs: values,
        };
        Some((call, callee.outputs))
    }

    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        wf: &arazzo::Workflow,
        s: &arazzo::Step,
        sp: &str,
        si: usize,
        inputs: &[ir::Input],
        done: &[ir::Step],
        step_index: &HashMap<&str, usize>,
        ends: &mut Vec<ir::End>,
    ) -> ir::Step {
        // Arazzo 1.1 fields this generator does not compile yet: an error, never ignored.
        for (key, what) in [
            ("channelPath", "AsyncAPI steps (`channelPath`, Arazzo 1.1)"),
            ("action", "AsyncAPI steps (`action`, Arazzo 1.1)"),
            ("correlationId", "AsyncAPI steps (`correlationId`, Arazzo 1.1)"),
            ("timeout", "step `timeout` (Arazzo 1.1)"),
        ] {
            if s.extra.contains_key(key) {
                let d = self.doc.error_at_key(&ptr(sp, key), "unsupported", format!("{what} is not supported yet"));
                self.diags.push(d);
            }
        }
        let mut step = ir::Step {
            id: s.step_id.clone(),
            field: sanitize(&s.step_id, Case::Snake),
            variant: sanitize(&s.step_id, Case::Pascal),
            doc: s.description.as_ref().map(|d| d.trim().to_string()),
            operation_id: String::new(),
            source: String::new(),
            call: None,
            depends_on: self.step_depends_on(s, sp, step_index, done),
            request_body: None,
            method: String::new(),
            args: Vec::new(),
            body: ir::BodyKind::Empty,
            reads_headers: false,
            reads_request: false,
            server: None,
            success: Vec::new(),
            on_success: Vec::new(),
            on_failure: Vec::new(),
            outputs: Vec::new(),
        };
        let targets = [&s.operation_id, &s.operation_path, &s.workflow_id].iter().filter(|t| t.is_some()).count();
        if targets != 1 && !s.extra.contains_key("channelPath") {
            let d = self.doc.error_at_key(
                &format!("{sp}/stepId"),
                "step-target",
                "a step needs exactly one of `operationId`, `operationPath` and `workflowId`",
            );
            self.diags.push(d);
        }
        let target = if s.operation_id.is_some() { "operationId" } else { "operationPath" };
        let found = if targets != 1 {
            None
        } else if let Some(id) = &s.operation_id {
            self.find_operation(&format!("{sp}/operationId"), id)
        } else if let Some(path) = &s.operation_path {
            self.find_operation_path(&format!("{sp}/operationPath"), path)
        } else {
            None
        };
        // RFC 6570 operators in a path template (`{+name}`: reserved expansion, which
        // keeps `/` unencoded) are not OpenAPI's `{name}`: progenitor cannot call them.
        let found = found.filter(|&(si, oi)| {
            let op = &self.sources[si].operations[oi];
            let Some(var) = openapi::path_variables(&op.path).into_iter().find(|v| v.starts_with(['+', '#', '.', '/', ';', '?', '&']))
            else {
                return true;
            };
            let message = format!(
                "operation `{} {}` has the RFC 6570 expression `{{{var}}}` in its path, which is not supported (OpenAPI path templates are `{{name}}`)",
                op.method.to_uppercase(),
                op.path
            );
            self.error(&format!("{sp}/{target}"), "unsupported", message);
            false
        });
        let operation = found.map(|(si, oi)| (&self.sources[si], &self.sources[si].operations[oi]));

        let mut ctx = StepCtx::default();
        if let Some((source, op)) = operation {
            ctx.resolved = true;
            step.operation_id = op.operation_id.clone();
            step.source = crate::clean_path(&source.doc.file.path).to_string_lossy().into_owned();
            step.method = method_name(&op.operation_id);
            step.server = op.server.clone().map(|url| ir::Server { url, root: openapi::root_server(&source.doc) });
            ctx.method = op.method.to_ascii_uppercase();
            ctx.path = op.path.clone();
            let (body, schema) = response_body(source, op);
            ctx.body = body;
            ctx.schema = schema;
        }

        // Parameters: workflow-level, overridden by step-level (name + in).
        let mut given: Vec<(String, Option<String>, Json, String)> = Vec::new();
        let mut broken: Vec<String> = Vec::new();
        let wp = sp.rsplit_once("/steps/").map_or("", |(w, _)| w).to_string();
        for (list, base, from_workflow) in
            [(&wf.parameters, format!("{wp}/parameters"), true), (&s.parameters, format!("{sp}/parameters"), false)]
        {
            for (pi, p) in list.iter().enumerate() {
                let pp = format!("{base}/{pi}");
                let Some((p, pp)) = self.reusable(&pp, "parameters", p) else {
                    // Reported; which parameter it was is unknown: no "missing" errors.
                    broken.push("*".into());
                    continue;
                };
                let Ok(param) =
                    arazzo::from_value::<arazzo::Parameter>(self.doc, &pp, &p).map_err(|d| self.diags.push(d))
                else {
                    // Reported; do not also report the parameter as missing.
                    if let Some(name) = p.get("name").and_then(Json::as_str) {
                        broken.push(name.to_string());
                    }
                    continue;
                };
                // A workflow-level parameter goes to the steps that call an operation.
                if from_workflow && s.workflow_id.is_some() && param.location.is_some() {
                    continue;
                }
                given.retain(|(n, l, _, _)| !(n.eq_ignore_ascii_case(&param.name) && *l == param.location));
                given.push((param.name, param.location, param.value, pp));
            }
        }

        if let Some((source, op)) = operation {
            step.args = self.args(op, &given, &broken, sp, inputs, done, &wf.steps);
            if let Some(rb) = &s.request_body {
                step.request_body =
                    self.request_body(rb, &format!("{sp}/requestBody"), source, op, inputs, done, &wf.steps);
            } else if source
                .normalized
                .pointer(&format!("{}/requestBody", op.pointer))
                .and_then(|b| openapi::resolve(&source.normalized, b))
                .and_then(|b| b.get("content"))
                .and_then(Json::as_object)
                .is_some_and(|c| !c.is_empty())
            {
                let d = self
                    .doc
                    .error_at_key(
                        &format!("{sp}/stepId"),
                        "missing-request-body",
                        format!("operation `{}` takes a request body, and the step gives no `requestBody`", op.operation_id),
                    )
                    .with_help("add `requestBody: {payload: ...}` (the generated client always sends the body the operation declares)");
                self.diags.push(d);
            }
        } else if let (Some(id), 1) = (&s.workflow_id, targets) {
            if s.request_body.is_some() {
                self.error(
                    &format!("{sp}/requestBody"),
                    "invalid-step",
                    "a step that calls a workflow sends no request body",
                );
            }
            if let Some((call, outputs)) =
                self.workflow_call(&format!("{sp}/workflowId"), id, &given, inputs, done, &wf.steps, false)
            {
                ctx.resolved = true;
                ctx.callee = Some((id.clone(), outputs));
                step.call = Some(call);
            }
        } else if let Some(payload) = s.request_body.as_ref().and_then(|rb| rb.get("payload")) {
            // The operation is unknown (reported): the payload's expressions are still checked.
            let _ = self.payload(&format!("{sp}/requestBody/payload"), payload, inputs, done, &wf.steps);
        }

        for (ci, c) in s.success_criteria.iter().enumerate() {
            let cp = format!("{sp}/successCriteria/{ci}");
            if let Some(cond) = self.criterion(&cp, c, inputs, done, &wf.steps, &mut ctx) {
                let text = c.get("condition").and_then(Json::as_str).unwrap_or_default().to_string();
                step.success.push((cond, text));
            }
        }

        // Step-level actions first, then the workflow's (a step-level action of the same
        // name replaces the workflow's).
        for (list, wlist, key, wkey, failure) in [
            (&s.on_success, &wf.success_actions, "onSuccess", "successActions", false),
            (&s.on_failure, &wf.failure_actions, "onFailure", "failureActions", true),
        ] {
            let kind = if failure { "failureActions" } else { "successActions" };
            let mut names: Vec<String> = Vec::new();
            let mut resolved: Vec<(Json, String, bool)> = Vec::new();
            for (ai, a) in list.iter().enumerate() {
                if let Some((a, ap)) = self.reusable(&format!("{sp}/{key}/{ai}"), kind, a) {
                    if let Some(n) = a.get("name").and_then(Json::as_str) {
                        names.push(n.to_string());
                    }
                    resolved.push((a, ap, false));
                }
            }
            for (ai, a) in wlist.iter().enumerate() {
                if let Some((a, ap)) = self.reusable(&format!("{wp}/{wkey}/{ai}"), kind, a) {
                    let overridden = a.get("name").and_then(Json::as_str).is_some_and(|n| names.iter().any(|m| m == n));
                    if !overridden {
                        resolved.push((a, ap, true));
                    }
                }
            }
            for (a, ap, workflow_level) in resolved {
                let Some(action) =
                    self.action(&a, &ap, failure, workflow_level, wf, s, si, inputs, done, step_index, ends, &mut ctx)
                else {
                    continue;
                };
                if failure {
                    step.on_failure.push(action);
                } else {
                    step.on_success.push(action);
                }
            }
        }

        for (name, value) in &s.outputs {
            let op = format!("{}/{}", ptr(sp, "outputs"), escape_token(name));
            self.check_name(&op, name);
            let lowered = match value {
                Json::String(text) => self.value_expr(&op, text, inputs, done, &wf.steps, Some(&mut ctx)),
                Json::Object(m) if is_selector(m) => self.selector(&op, m, inputs, done, &wf.steps, Some(&mut ctx)),
                _ => {
                    self.error(
                        &op,
                        "invalid-type",
                        "an output is a runtime expression (a string) or a Selector Object",
                    );
                    self.broken_outputs.push((s.step_id.clone(), name.clone()));
                    continue;
                }
            };
            match lowered {
                Some(v) => {
                    step.outputs.push(ir::Output { name: name.clone(), field: sanitize(name, Case::Snake), value: v })
                }
                None => self.broken_outputs.push((s.step_id.clone(), name.clone())),
            }
        }
        step.body = match ctx.body {
            // Not read: not parsed either.
            ir::BodyKind::Untyped if !ctx.reads_untyped => ir::BodyKind::Stream,
            other => other,
        };
        step.reads_headers = ctx.reads_headers;
        step.reads_request = ctx.reads_request;
        step
    }

    /// One success or failure action.
    #[allow(clippy::too_many_arguments)]
    fn action(
        &mut self,
        a: &Json,
        ap: &str,
        failure: bool,
        workflow_level: bool,
        wf: &arazzo::Workflow,
        s: &arazzo::Step,
        si: usize,
        inputs: &[ir::Input],
        done: &[ir::Step],
        step_index: &HashMap<&str, usize>,
        ends: &mut Vec<ir::End>,
        ctx: &mut StepCtx,
    ) -> Option<ir::Action> {
        let action = arazzo::from_value::<arazzo::Action>(self.doc, ap, a).map_err(|d| self.diags.push(d)).ok()?;
        let mut new_end = |l: &mut Self, variant: &str, payload: ir::EndPayload, doc: String| {
            if let Some(e) = ends.iter().find(|e| e.variant == variant) {
                if e.payload != payload {
                    l.error(
                        &format!("{ap}/name"),
                        "duplicate-id",
                        format!("another `end` or `goto` action is already named `{}`", action.name),
                    );
                }
            } else {
                ends.push(ir::End { variant: variant.to_string(), doc, payload });
            }
        };
        let variant = {
            let v = sanitize(&action.name, Case::Pascal);
            if v == "Completed" { format!("{v}Action") } else { v }
        };
        let kind = match action.kind.as_str() {
            // After a failure, `end` ends the workflow with the step's error.
            "end" if failure => Some(ir::ActionKind::Fail),
            "end" => {
                let (payload, doc) = if workflow_level {
                    (ir::EndPayload::None, format!("Ended by the workflow's `{}` success action.", action.name))
                } else {
                    (
                        ir::EndPayload::Step(si),
                        format!("Ended by the `{}` action of step `{}`.", action.name, s.step_id),
                    )
                };
                new_end(self, &variant, payload, doc);
                Some(ir::ActionKind::End { variant: variant.clone() })
            }
            "goto" => match (&action.step_id, &action.workflow_id) {
                (Some(target), None) => match step_index.get(target.as_str()) {
                    Some(i) => Some(ir::ActionKind::Goto { step: *i }),
                    None => {
                        let ids: Vec<&str> = step_index.keys().copied().collect();
                        let mut d = self.doc.error_at(
                            &format!("{ap}/stepId"),
                            "unknown-step",
                            format!("`goto` names step `{target}`, which workflow `{}` does not have", wf.workflow_id),
                        );
                        d = suggest(d, target, &ids, "");
                        self.diags.push(d);
                        None
                    }
                },
                (None, Some(target)) => {
                    let mut given = Vec::new();
                    for (pi, p) in a.get("parameters").and_then(Json::as_array).into_iter().flatten().enumerate() {
                        if let (Some(name), Some(value)) = (p.get("name").and_then(Json::as_str), p.get("value")) {
                            given.push((name.to_string(), None, value.clone(), format!("{ap}/parameters/{pi}")));
                        }
                    }
                    let wfp = format!("{ap}/workflowId");
                    match self.workflow_call(&wfp, target, &given, inputs, done, &wf.steps, true) {
                        Some((call, _)) => {
                            let payload = ir::EndPayload::Workflow(call.type_prefix.clone());
                            new_end(
                                self,
                                &variant,
                                payload,
                                format!("Went on to workflow `{target}` (action `{}`).", action.name),
                            );
                            Some(ir::ActionKind::GotoWorkflow { call, variant: variant.clone() })
                        }
                        None => None,
                    }
                }
                _ => {
                    let d = self.doc.error_at_key(
                        &format!("{ap}/type"),
                        "goto-target",
                        "a `goto` action needs exactly one of `stepId` and `workflowId`",
                    );
                    self.diags.push(d);
                    None
                }
            },
            "retry" if failure => match action.retry_after {
                Some(after) if !(after.is_finite() && after >= 0.0) => {
                    self.error(
                        &format!("{ap}/retryAfter"),
                        "invalid-retry",
                        "`retryAfter` is a non-negative number of seconds",
                    );
                    None
                }
                // Absent `retryLimit`: exactly one retry (docs/semantics.md).
                after => {
                    Some(ir::ActionKind::Retry { after: after.unwrap_or(0.0), limit: action.retry_limit.unwrap_or(1) })
                }
            },
            other => {
                let allowed = if failure { "`end`, `goto` or `retry`" } else { "`end` or `goto`" };
                self.error(
                    &format!("{ap}/type"),
                    "invalid-action",
                    format!("unknown action type `{other}`; expected {allowed}"),
                );
                None
            }
        };
        let mut criteria = Vec::new();
        // After a failure there is a status code but no typed body.
        let mut failure_ctx = StepCtx { resolved: ctx.resolved, failure: true, ..StepCtx::default() };
        for (ci, c) in action.criteria.iter().enumerate() {
            let cctx = if failure { &mut failure_ctx } else { &mut *ctx };
            if let Some(cond) = self.criterion(&format!("{ap}/criteria/{ci}"), c, inputs, done, &wf.steps, cctx) {
                criteria.push(cond);
            }
        }
        Some(ir::Action { name: action.name.clone(), kind: kind?, criteria })
    }

    #[allow(clippy::too_many_arguments)]
    fn args(
        &mut self,
        op: &Operation,
        given: &[(String, Option<String>, Json, String)],
        broken: &[String],
        sp: &str,
        inputs: &[ir::Input],
        done: &[ir::Step],
        all_steps: &[arazzo::Step],
    ) -> Vec<ir::Arg> {
        // progenitor's order: path parameters as in the template, then query parameters
        // by name (the client keeps no header or cookie parameters: the runtime sends
        // them, see openapi::normalize).
        let mut path: Vec<&openapi::OperationParameter> =
            op.parameters.iter().filter(|p| p.location == "path" && p.client_sends).collect();
        path.sort_by_key(|p| op.path.find(&format!("{{{}}}", p.name)).unwrap_or(usize::MAX));
        let mut query: Vec<&openapi::OperationParameter> =
            op.parameters.iter().filter(|p| p.location == "query" && p.client_sends).collect();
        query.sort_by(|a, b| a.name.cmp(&b.name));

        // Where a missing parameter is reported: the step's operationId or operationPath.
        let target = match self.doc.root.pointer(&ptr(sp, "operationPath")) {
            Some(_) => ptr(sp, "operationPath"),
            None => ptr(sp, "operationId"),
        };
        let mut used = vec![false; given.len()];
        let mut args = Vec::new();
        let find = |p: &openapi::OperationParameter| {
            given.iter().enumerate().find(|(_, (n, l, _, _))| {
                let name_match = if p.location == "header" { n.eq_ignore_ascii_case(&p.name) } else { *n == p.name };
                name_match && l.as_deref().is_none_or(|l| l == p.location)
            })
        };
        for p in path.into_iter().chain(query) {
            // Path values the client takes as text, which the generated code writes in the
            // parameter's style (see openapi::normalize): `matrix` and `label` values of
            // any type, arrays and objects in the `simple` style.
            let kind = match p.style.as_deref() {
                _ if p.location != "path" => None,
                Some("matrix") => Some(ir::PathStyleKind::Matrix),
                Some("label") => Some(ir::PathStyleKind::Label),
                _ if !p.schema_ref
                    && matches!(p.schema.get("type").and_then(Json::as_str), Some("array" | "object")) =>
                {
                    Some(ir::PathStyleKind::Simple)
                }
                _ => None,
            };
            let styled = kind.map(|kind| ir::PathStyle { kind, explode: p.explode.unwrap_or(false) });
            let ty = if styled.is_some() { Ty::String } else { param_type(p) };
            let value = match find(p) {
                Some((i, (_, _, v, pp))) => {
                    used[i] = true;
                    self.parameter_value(&format!("{pp}/value"), v, inputs, done, all_steps)
                }
                None => {
                    if p.required && !broken.iter().any(|b| b == "*" || b.eq_ignore_ascii_case(&p.name)) {
                        self.error(
                            &target,
                            "missing-parameter",
                            format!(
                                "operation `{}` requires the {} parameter `{}`, which the step does not give",
                                op.operation_id, p.location, p.name
                            ),
                        );
                    }
                    None
                }
            };
            let optional = !p.required;
            args.push(ir::Arg {
                name: p.name.clone(),
                kind: ir::ArgKind::Positional { ty: TyOpt { ty, optional }, path: p.location == "path", styled },
                value,
            });
        }
        // Declared parameters the client does not send itself go through the runtime.
        for p in op.parameters.iter().filter(|p| !p.client_sends) {
            // OpenAPI: header parameters named Accept, Content-Type or Authorization are ignored.
            let ignored = p.location == "header"
                && ["accept", "content-type", "authorization"].contains(&p.name.to_ascii_lowercase().as_str());
            match find(p) {
                None if ignored => {}
                Some((i, _)) => used[i] = true,
                None if p.required && !broken.iter().any(|b| b == "*" || b.eq_ignore_ascii_case(&p.name)) => {
                    self.error(
                        &target,
                        "missing-parameter",
                        format!(
                            "operation `{}` requires the {} parameter `{}`, which the step does not give",
                            op.operation_id, p.location, p.name
                        ),
                    );
                }
                None => {}
            }
        }
        for (i, (name, location, v, pp)) in given.iter().enumerate() {
            let declared = op.parameters.iter().any(|p| {
                (if p.location == "header" { p.name.eq_ignore_ascii_case(name) } else { p.name == *name })
                    && location.as_deref().is_none_or(|l| l == p.location)
                    && !p.client_sends
            });
            if used[i] && !declared {
                continue;
            }
            let location = match location.as_deref() {
                Some(l) => l,
                None => {
                    // A declared parameter the client does not send, without `in`.
                    match op.parameters.iter().find(|p| p.name == *name && !p.client_sends) {
                        Some(p) => p.location.as_str(),
                        None => {
                            let d = self.doc.error_at_key(&format!("{pp}/name"), "missing-in", format!(
                                "parameter `{name}` needs `in` (path, query, header or cookie): operation `{}` does not declare it",
                                op.operation_id
                            ));
                            self.diags.push(d);
                            continue;
                        }
                    }
                }
            };
            // The declared parameter's serialisation (OpenAPI defaults otherwise).
            let decl = op.parameters.iter().find(|p| {
                p.location == location
                    && (if location == "header" { p.name.eq_ignore_ascii_case(name) } else { p.name == *name })
            });
            let style = decl
                .and_then(|p| p.style.clone())
                .unwrap_or_else(|| if location == "header" { "simple".into() } else { "form".into() });
            let explode = decl.and_then(|p| p.explode).unwrap_or(style == "form");
            let kind = match location {
                "header" => {
                    if !is_header_name(name) {
                        self.error(
                            &format!("{pp}/name"),
                            "invalid-header",
                            format!("`{name}` is not a valid header name"),
                        );
                        continue;
                    }
                    ir::ArgKind::ExtraHeader { name: name.clone(), style, explode }
                }
                "query" => ir::ArgKind::ExtraQuery { name: name.clone(), style, explode },
                // Arazzo 1.1 (OpenAPI 3.2): the whole query string, from an object or a
                // `a=1&b=2` string.
                "querystring" => {
                    ir::ArgKind::ExtraQuery { name: name.clone(), style: "querystring".into(), explode: true }
                }
                "cookie" => {
                    if !is_header_name(name) || name.contains(['=', ';', ',']) {
                        self.error(
                            &format!("{pp}/name"),
                            "invalid-cookie",
                            format!("`{name}` is not a valid cookie name"),
                        );
                        continue;
                    }
                    ir::ArgKind::Cookie { name: name.clone(), style, explode }
                }
                "path" if op.parameters.iter().any(|p| p.location == "path" && p.name == *name) => {
                    let style = op
                        .parameters
                        .iter()
                        .find(|p| p.location == "path" && p.name == *name)
                        .and_then(|p| p.style.clone())
                        .unwrap_or_else(|| "simple".into());
                    let d = self.doc.error_at_key(&format!("{pp}/name"), "unsupported", format!(
                        "path parameter `{name}` of operation `{}` uses style `{style}`, which the generated client cannot send yet (only `simple`, `label` and `matrix`)",
                        op.operation_id
                    ));
                    self.diags.push(d);
                    continue;
                }
                "path" => {
                    let d = self.doc.error_at_key(&format!("{pp}/name"), "unknown-parameter", format!(
                        "operation `{}` has no path parameter `{name}`: its path `{}` has no `{{{name}}}` to put it in",
                        op.operation_id, op.path
                    ));
                    let names: Vec<&str> =
                        op.parameters.iter().filter(|p| p.location == "path").map(|p| p.name.as_str()).collect();
                    let d = match closest(name, &names) {
                        Some(best) => d.with_help(format!("did you mean `{best}`?")),
                        None => d,
                    };
                    self.diags.push(d);
                    continue;
                }
                other => {
                    self.error(
                        &format!("{pp}/in"),
                        "invalid-parameter",
                        format!("`in: {other}` is not one of path, query, header, cookie"),
                    );
                    continue;
                }
            };
            if !declared {
                let names: Vec<&str> =
                    op.parameters.iter().filter(|p| p.location == location).map(|p| p.name.as_str()).collect();
                let mut d = self
                    .doc
                    .error_at_key(
                        &format!("{pp}/name"),
                        "undeclared-parameter",
                        format!(
                            "operation `{}` does not declare the {location} parameter `{name}`; it is sent anyway",
                            op.operation_id
                        ),
                    )
                    .warning();
                d = suggest(d, name, &names, "");
                self.diags.push(d);
            }
            if let Some(value) = self.parameter_value(&format!("{pp}/value"), v, inputs, done, all_steps) {
                args.push(ir::Arg { name: name.clone(), kind, value: Some(value) });
            }
        }
        args
    }

    /// A parameter's value: any value but a streamed file, which has no text without
    /// reading it whole.
    fn parameter_value(
        &mut self,
        pointer: &str,
        v: &Json,
        inputs: &[ir::Input],
        done: &[ir::Step],
        all_steps: &[arazzo::Step],
    ) -> Option<Sourced> {
        let value = self.value(pointer, v, inputs, done, all_steps)?;
        if value.value.ty().ty == Ty::Body {
            self.error(
                pointer,
                "file-in-string",
                format!("`{}` is a streamed file (a raw response body); it cannot be a parameter's value", value.text),
            );
            return None;
        }
        Some(value)
    }

    /// A step's `requestBody`, checked against the operation's.
    #[allow(clippy::too_many_arguments)]
    fn request_body(
        &mut self,
        rb: &Json,
        rp: &str,
        source: &ApiSource,
        op: &Operation,
        inputs: &[ir::Input],
        done: &[ir::Step],
        all: &[arazzo::Step],
    ) -> Option<ir::RequestBody> {
        let Some(obj) = rb.as_object() else {
            self.error(
                rp,
                "invalid-type",
                "`requestBody` is an object with `contentType`, `payload` and `replacements`",
            );
            return None;
        };
        // What the operation declares (as written) and what the client sends (normalised).
        let declared = source
            .doc
            .root
            .pointer(&format!("{}/requestBody", op.pointer))
            .and_then(|b| openapi::resolve(&source.doc.root, b))
            .and_then(|b| b.get("content"))
            .and_then(Json::as_object);
        let Some(declared) = declared else {
            self.error(rp, "no-request-body", format!("operation `{}` takes no request body", op.operation_id));
            return None;
        };
        let sent = source
            .normalized
            .pointer(&format!("{}/requestBody", op.pointer))
            .and_then(|b| openapi::resolve(&source.normalized, b))
            .and_then(|b| b.get("content"))
            .and_then(Json::as_object)
            .and_then(|c| c.iter().next())
            .map(|(m, v)| (m.clone(), v.clone()));
        let Some((mut media, sent_media)) = sent else {
            self.error(rp, "no-request-body", format!("operation `{}` takes no request body", op.operation_id));
            return None;
        };
        // Multipart and XML bodies reach progenitor as raw bytes: the media type sent is
        // the declared one (the runtime builds the body and sets its `Content-Type`).
        if let Some(m) =
            openapi::normalize::sent_request_media(declared).filter(|m| openapi::normalize::runtime_built(m))
        {
            media = m.to_string();
        }
        // JSON and byte bodies of media types progenitor does not take: progenitor is
        // told `application/json` or `application/octet-stream` (`told`), and the
        // runtime sends the declared `Content-Type`.
        let mut told: Option<&'static str> = None;
        if let Some((m, o)) = openapi::normalize::sent_request_media(declared).and_then(|m| declared.get_key_value(m))
            && let Some(t) = openapi::normalize::progenitor_request_media(m, o)
        {
            media = m.clone();
            told = Some(t);
        }
        let base = |m: &str| m.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        let content_type = match obj.get("contentType") {
            // A wildcard is no `Content-Type`: send what the body is.
            None if media.contains('*') => told.unwrap_or("application/json").to_string(),
            None => media.clone(),
            Some(Json::String(ct)) => {
                let json_family = |m: &str| m == "application/json" || openapi::normalize::json_like(m);
                let matches = |m: &str| {
                    let (a, b) = (base(m), base(ct));
                    a == b
                        || a.ends_with("/*") && b.starts_with(a.trim_end_matches('*'))
                        || a == "*/*"
                        || (json_family(&a) && json_family(&b))
                };
                if !declared.keys().any(|m| matches(m)) {
                    let names: Vec<&str> = declared.keys().map(String::as_str).collect();
                    self.error(
                        &format!("{rp}/contentType"),
                        "unknown-content-type",
                        format!(
                            "operation `{}` does not take `{ct}`; it takes {}",
                            op.operation_id,
                            names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                        ),
                    );
                    return None;
                }
                if !matches(&media) {
                    self.error(
                        &format!("{rp}/contentType"),
                        "unsupported",
                        format!("the generated client sends `{media}` for operation `{}`, not `{ct}`", op.operation_id),
                    );
                    return None;
                }
                ct.clone()
            }
            Some(_) => {
                self.error(&format!("{rp}/contentType"), "invalid-type", "`contentType` is a media type string");
                return None;
            }
        };
        let media_base = base(&media);
        // The runtime sends the `Content-Type` the step names when progenitor sends the
        // body as another media type (not for a wildcard such as `application/*+json`).
        let sent_as = told.map(str::to_string).unwrap_or_else(|| base(&media));
        let header = !content_type.contains('*') && base(&content_type) != sent_as;
        let schema = sent_media.get("schema").map(|s| openapi::resolve(&source.normalized, s).unwrap_or(s)).cloned();
        let (arg, json) = match told.unwrap_or(media_base.as_str()) {
            "application/json" | "application/x-www-form-urlencoded" => {
                // A named schema is a type of typify's (a newtype even for a plain string,
                // passed by reference), but for an enum of plain values (by value).
                let named = sent_media.get("schema").is_some_and(|s| s.get("$ref").is_some());
                let arg = match schema.as_ref().and_then(|s| s.get("type")).and_then(Json::as_str) {
                    Some("string") if schema.as_ref().is_some_and(|s| s.get("enum").is_some()) => ir::BodyArg::ByValue,
                    _ if named => ir::BodyArg::Ref,
                    Some("string") => ir::BodyArg::Str,
                    Some("integer" | "number" | "boolean") => ir::BodyArg::ByValue,
                    _ => ir::BodyArg::Ref,
                };
                (arg, true)
            }
            "application/octet-stream" | "text/plain" | "text/x-markdown" => (ir::BodyArg::Raw, false),
            "multipart/form-data" => {
                let declared_media = declared.iter().find(|(m, _)| base(m) == media_base).map(|(_, m)| m);
                (ir::BodyArg::Multipart(form_parts(declared_media, &source.doc.root)), true)
            }
            m if openapi::normalize::is_xml(m) => (ir::BodyArg::Xml, false),
            other => {
                self.error(
                    rp,
                    "unsupported",
                    format!(
                        "`{other}` request bodies are not supported yet (JSON, form, multipart, XML, text and raw bytes are)"
                    ),
                );
                return None;
            }
        };
        let pp = format!("{rp}/payload");
        let raw_payload = obj.get("payload").cloned().unwrap_or(Json::Null);
        let declared_schema = declared.iter().find(|(m, _)| base(m) == media_base).and_then(|(_, m)| m.get("schema"));
        let has_replacements = obj.get("replacements").and_then(Json::as_array).is_some_and(|r| !r.is_empty());
        match &arg {
            ir::BodyArg::Xml => {
                if !self.check_xml_payload(&pp, &raw_payload) {
                    return None;
                }
            }
            ir::BodyArg::Multipart(parts) => {
                // The file members are checked for their own form; the rest as JSON.
                let checked = self.check_form_payload(&pp, &raw_payload, parts)?;
                if let Some(declared_schema) = declared_schema {
                    self.check_payload(&pp, &checked, declared_schema, &source.doc.root, 0, has_replacements);
                }
            }
            _ => {
                if json && let Some(declared_schema) = declared_schema {
                    self.check_payload(&pp, &raw_payload, declared_schema, &source.doc.root, 0, has_replacements);
                }
            }
        }
        let payload = self.payload(&pp, &raw_payload, inputs, done, all)?;
        let parse_text = json
            && matches!(&payload, ir::Payload::Value(v) if matches!(v.value, Value::Template(_)))
            && raw_payload.as_str().is_some_and(|t| t.trim_start().starts_with(['{', '[']));
        let mut replacements = Vec::new();
        for (i, r) in obj.get("replacements").and_then(Json::as_array).into_iter().flatten().enumerate() {
            let ip = format!("{rp}/replacements/{i}");
            let xml = matches!(arg, ir::BodyArg::Xml);
            let Some(target) = r.get("target").and_then(Json::as_str) else {
                let what = if xml { "an XPath 1.0 expression" } else { "a JSON pointer" };
                self.error(&ip, "missing-field", format!("a replacement needs a `target` ({what})"));
                continue;
            };
            if xml {
                if !self.check_xpath_target(&format!("{ip}/target"), target) {
                    continue;
                }
            } else if !json {
                self.error(
                    &format!("{ip}/target"),
                    "unsupported",
                    "replacements apply to JSON, form, multipart and XML bodies only",
                );
                continue;
            } else if !(target.is_empty() || target.starts_with('/')) || target.starts_with("//") {
                let what = if target.starts_with("//") {
                    "is an XPath expression (`//`)"
                } else {
                    "is not a JSON pointer (`/member/0`)"
                };
                let d = self
                    .doc
                    .error_at(
                        &format!("{ip}/target"),
                        "invalid-pointer",
                        format!(
                            "the replacement target `{target}` {what}: XPath targets apply to XML bodies, and this body is `{media_base}`"
                        ),
                    )
                    .with_help("a JSON pointer starts with `/` and names members and array indices: `/order/items/0/sku`");
                self.diags.push(d);
                continue;
            }
            let Some(value) = r.get("value") else {
                self.error(&ip, "missing-field", "a replacement needs a `value`");
                continue;
            };
            if let Some(v) = self.value(&format!("{ip}/value"), value, inputs, done, all) {
                replacements.push((target.to_string(), v));
            }
        }
        Some(ir::RequestBody { content_type, header, arg, payload, parse_text, replacements })
    }

    /// A payload template: constants stay constants, strings may hold runtime expressions.
    fn payload(
        &mut self,
        pointer: &str,
        v: &Json,
        inputs: &[ir::Input],
        done: &[ir::Step],
        all: &[arazzo::Step],
    ) -> Option<ir::Payload> {
        Some(match v {
            Json::String(s) if s.contains('$') => match self.value_expr(pointer, s, inputs, done, all, None)? {
                Sourced { value: Value::Str(s), .. } => ir::Payload::Const(Json::String(s)),
                other => ir::Payload::Value(other),
            },
            // Arazzo 1.1: a member may be a Selector Object (exactly its three fields).
            Json::Object(map)
                if self.model.arazzo.starts_with("1.1.")
                    && is_selector(map)
                    && map.len() == 3
                    && map.contains_key("type") =>
            {
                ir::Payload::Value(self.selector(pointer, map, inputs, done, all, None)?)
            }
            Json::Object(map) => {
                let mut members = Vec::new();
                let mut ok = true;
                for (k, v) in map {
                    match self.payload(&ptr(pointer, k), v, inputs, done, all) {
                        Some(p) => members.push((k.clone(), p)),
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                if members.iter().all(|(_, p)| matches!(p, ir::Payload::Const(_))) {
                    ir::Payload::Const(v.clone())
                } else {
                    ir::Payload::Object(members)
                }
            }
            Json::Array(items) => {
                let mut out = Vec::new();
                for (i, v) in items.iter().enumerate() {
                    out.push(self.payload(&format!("{pointer}/{i}"), v, inputs, done, all)?);
                }
                if out.iter().all(|p| matches!(p, ir::Payload::Const(_))) {
                    ir::Payload::Const(v.clone())
                } else {
                    ir::Payload::Array(out)
                }
            }
            other => ir::Payload::Const(other.clone()),
        })
    }

    /// Checks the constant parts of a JSON payload against the operation's schema:
    /// properties it does not have, required properties it lacks, constants of the wrong type.
    fn check_payload(
        &mut self,
        pointer: &str,
        payload: &Json,
        schema: &Json,
        root: &Json,
        depth: usize,
        replaced: bool,
    ) {
        if depth > 32 {
            return;
        }
        let Some(schema) = openapi::resolve(root, schema) else { return };
        if payload.as_str().is_some_and(|s| s.contains('$')) {
            return;
        }
        let types: Vec<&str> = match schema.get("type") {
            Some(Json::String(t)) => vec![t.as_str()],
            Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
            _ => Vec::new(),
        };
        if !types.is_empty() {
            let nullable = schema.get("nullable") == Some(&Json::Bool(true)) || types.contains(&"null");
            let ok = match payload {
                Json::Null => nullable,
                Json::Bool(_) => types.contains(&"boolean"),
                Json::Number(n) => {
                    types.contains(&"number") || (types.contains(&"integer") && (n.is_i64() || n.is_u64()))
                }
                Json::String(_) => types.contains(&"string"),
                Json::Array(_) => types.contains(&"array"),
                Json::Object(_) => types.contains(&"object"),
            };
            if !ok {
                let d = self.doc.error_at(
                    pointer,
                    "type-mismatch",
                    format!(
                        "the operation's request body schema wants {} here, not {}",
                        types.join(" or "),
                        json_kind(payload)
                    ),
                );
                self.diags.push(d);
                return;
            }
        }
        if let Some(values) = schema.get("enum").and_then(Json::as_array)
            && !payload.is_null()
            && !values.contains(payload)
        {
            let list: Vec<String> = values.iter().map(Json::to_string).collect();
            self.error(pointer, "invalid-value", format!("{payload} is not one of {}", list.join(", ")));
        }
        match payload {
            Json::Object(map) => {
                let props = schema.get("properties").and_then(Json::as_object);
                if let Some(required) = schema.get("required").and_then(Json::as_array).filter(|_| !replaced) {
                    for r in required.iter().filter_map(Json::as_str) {
                        if !map.contains_key(r) {
                            let d = self.doc.error_at_key(
                                pointer,
                                "missing-property",
                                format!("the request body needs the property `{r}`, which the payload does not have"),
                            );
                            self.diags.push(d.with_help("add it, or set it with a `replacements` entry"));
                        }
                    }
                }
                for (k, v) in map {
                    let kp = ptr(pointer, k);
                    match props.and_then(|p| p.get(k)) {
                        Some(ps) => self.check_payload(&kp, v, ps, root, depth + 1, replaced),
                        None if props.is_some() && schema.get("additionalProperties") == Some(&Json::Bool(false)) => {
                            let names: Vec<&str> =
                                props.map(|p| p.keys().map(String::as_str).collect()).unwrap_or_default();
                            let mut d = self.doc.error_at_key(
                                &kp,
                                "unknown-property",
                                format!("the request body has no property `{k}`"),
                            );
                            d = suggest(d, k, &names, "");
                            self.diags.push(d);
                        }
                        None => {}
                    }
                }
            }
            Json::Array(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (i, v) in items.iter().enumerate() {
                        self.check_payload(&format!("{pointer}/{i}"), v, item_schema, root, depth + 1, replaced);
                    }
                }
            }
            _ => {}
        }
    }

    /// Checks an XML payload: XML text (a string: a constant, a template whose values are
    /// XML-escaped, or one expression), well-formed where it is known at compile time
    /// (expressions of a template count as text). False after an error.
    fn check_xml_payload(&mut self, pointer: &str, payload: &Json) -> bool {
        let Json::String(text) = payload else {
            self.error(
                pointer,
                "type-mismatch",
                format!(
                    "an XML payload is XML text (a string, in which `{{$…}}` values are XML-escaped), not {}",
                    json_kind(payload)
                ),
            );
            return false;
        };
        // The text with each `{$…}` replaced by as many `x` (a name and text both): byte
        // offsets stay those of the payload. A whole expression is checked at run time.
        let check = match expr::parse_string(text) {
            Ok(StringValue::Literal(_)) => text.clone(),
            Ok(StringValue::Template { bare: false, .. }) => {
                let mut check = text.clone().into_bytes();
                let mut from = 0;
                while let Some(start) = text.get(from..).and_then(|r| r.find("{$")).map(|s| s + from) {
                    let Some(end) = text.get(start..).and_then(|r| r.find('}')).map(|e| e + start) else { break };
                    check[start..=end].fill(b'x');
                    from = end + 1;
                }
                String::from_utf8(check).unwrap_or_default()
            }
            // A whole expression, or a template the value checks report on.
            _ => return true,
        };
        if let Err(e) = sxd_document::parser::parse(&check) {
            let offset = e.location().min(text.len());
            let before = text.get(..offset).unwrap_or_default();
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
            // sxd's `XML parsing error at 12: {MismatchedElementEndName}`, in words.
            let reason = e.to_string();
            let reason = reason.split_once(": ").map_or(reason.as_str(), |(_, r)| r).trim_matches(['{', '}']);
            let words = |name: &str| {
                let mut out = String::new();
                for (i, c) in name.chars().enumerate() {
                    if c.is_ascii_uppercase() && i > 0 {
                        out.push(' ');
                    }
                    out.push(c.to_ascii_lowercase());
                }
                out
            };
            let reason = reason.split(", ").map(words).collect::<Vec<_>>().join(" or ");
            let mut d = self.doc.error_at(
                pointer,
                "invalid-xml",
                format!("the XML payload is not well-formed at line {line}, column {column} of the payload: {reason}"),
            );
            // A literal block (`payload: |`): its lines are the file's, indented.
            let block = self.doc.positions.get(pointer).copied().filter(|pos| {
                let payload_line = text.split('\n').nth(line - 1);
                self.doc.file.line_text(pos.line + line - 1).is_some_and(|l| {
                    Some(l.chars().skip(pos.column.saturating_sub(1)).collect::<String>().as_str()) == payload_line
                })
            });
            match block {
                Some(pos) => {
                    d.line = pos.line + line - 1;
                    d.column = pos.column + column - 1;
                    d.width = 1;
                }
                None => self.point_into(&mut d, pointer, text, offset),
            }
            self.diags.push(d);
            return false;
        }
        true
    }

    /// Checks the form of a `multipart/form-data` payload: an object (or a JSON template
    /// or expression), whose file members are a string or `{content, filename}`. Returns
    /// the payload to check against the schema as JSON (file members replaced by a
    /// placeholder the schema check skips); `None` after an error.
    fn check_form_payload(&mut self, pointer: &str, payload: &Json, parts: &[ir::FormPart]) -> Option<Json> {
        let map = match payload {
            Json::Object(map) => map,
            // A whole expression or a JSON template: checked at run time.
            Json::String(s) if s.contains('$') => return Some(payload.clone()),
            other => {
                self.error(
                    pointer,
                    "type-mismatch",
                    format!(
                        "a `multipart/form-data` payload is an object (each member is a part), not {}",
                        json_kind(other)
                    ),
                );
                return None;
            }
        };
        let mut checked = map.clone();
        let mut ok = true;
        for part in parts.iter().filter(|p| p.file) {
            let Some(value) = map.get(&part.name) else { continue };
            let mp = ptr(pointer, &part.name);
            if let Json::Object(file) = value {
                for k in file.keys().filter(|k| !matches!(k.as_str(), "content" | "filename")) {
                    let d = self.doc.error_at_key(
                        &ptr(&mp, k),
                        "unknown-property",
                        format!(
                            "a file part is a string (its bytes) or an object with `content` and `filename`; `{k}` is neither"
                        ),
                    );
                    self.diags.push(d);
                    ok = false;
                }
                if !file.contains_key("content") {
                    let d = self.doc.error_at_key(
                        &mp,
                        "missing-property",
                        format!("the file part `{}` is given as an object without `content` (its bytes)", part.name),
                    );
                    self.diags.push(d);
                    ok = false;
                }
                if let Some(f) = file.get("filename").filter(|f| !f.is_string()) {
                    self.error(
                        &ptr(&mp, "filename"),
                        "type-mismatch",
                        format!("a file part's `filename` is a string, not {}", json_kind(f)),
                    );
                    ok = false;
                }
            }
            // Any value is bytes (a string's UTF-8, anything else its JSON text).
            checked.insert(part.name.clone(), Json::String("$file".into()));
        }
        ok.then_some(Json::Object(checked))
    }

    /// Checks the target of a replacement in an XML body: an XPath 1.0 expression. False
    /// after an error.
    fn check_xpath_target(&mut self, pointer: &str, target: &str) -> bool {
        let Err(e) = criteria::check_xpath("xpath-10", target) else { return true };
        // `/items/0`, `/order/-`, `/a~1b`, ``: JSON pointers, not XPath.
        let pointer_like = target.is_empty()
            || (target.starts_with('/')
                && !target.contains(['[', ']', '(', ')', '@', '*', ':', '\'', '"', '=', '|', ' ']));
        let mut d = if pointer_like {
            self.doc
                .error_at(
                    pointer,
                    "invalid-xpath",
                    format!(
                        "the replacement target `{target}` is a JSON pointer, but this body is XML: its targets are XPath 1.0 expressions"
                    ),
                )
                .with_help("select the element whose text to set (`/order/item[1]/sku`) or the attribute (`/order/@id`)")
        } else {
            let detail = e.message.strip_prefix("invalid XPath 1.0 expression: ").unwrap_or(&e.message);
            self.doc.error_at(
                pointer,
                "invalid-xpath",
                format!("the replacement target `{target}` is not an XPath 1.0 expression: {detail}"),
            )
        };
        // (XPath 1.0 errors carry no offset: the whole target is underlined.)
        if e.offset > 0 {
            self.point_into(&mut d, pointer, target, e.offset);
        }
        self.diags.push(d);
        false
    }

    /// A parameter value or similar: a constant, an expression or a template.
    fn value(
        &mut self,
        pointer: &str,
        v: &Json,
        inputs: &[ir::Input],
        done: &[ir::Step],
        all: &[arazzo::Step],
    ) -> Option<Sourced> {
        match v {
            Json::String(s) => self.value_expr(pointer, s, inputs, done, all, None),
            Json::Number(n) => Some(Sourced {
                value: n.as_i64().map(Value::Int).unwrap_or_else(|| Value::Float(n.as_f64().unwrap_or_default())),
                text: n.to_string(),
            }),
            Json::Bool(b) => Some(Sourced { value: Value::Bool(*b), text: b.to_string() }),
            Json::Null => Some(Sourced { value: Value::Null, text: "null".into() }),
            // Arazzo 1.1's Selector Object (`context` + `selector`): not a constant.
            Json::Object(m) if is_selector(m) => self.selector(pointer, m, inputs, done, all, None),
            other => Some(Sourced { value: Value::Json(other.clone()), text: other.to_string() }),
        }
    }

    /// Arazzo 1.1 step-level `dependsOn`: steps that must have completed. Steps run one
    /// after another here, so nothing is waited for: the generated code checks that each
    /// has completed. A stepId is a step of this workflow;
    /// `$workflows.<id>.steps.<stepId>` (or `$sourceDescriptions.<name>.<id>.steps.<stepId>`)
    /// a step of a workflow this one depends on, or that an earlier step called.
    fn step_depends_on(
        &mut self,
        s: &arazzo::Step,
        sp: &str,
        step_index: &HashMap<&str, usize>,
        done: &[ir::Step],
    ) -> Vec<ir::StepDependency> {
        let Some(list) = s.extra.get("dependsOn") else { return Vec::new() };
        let dp = ptr(sp, "dependsOn");
        let Some(items) = list.as_array() else {
            // The document validation reported it.
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let ip = format!("{dp}/{i}");
            let Some(id) = item.as_str() else { continue };
            if id.starts_with('$') {
                if let Some(d) = self.other_workflow_step(&ip, id, done) {
                    out.push(d);
                }
                continue;
            }
            if id == s.step_id {
                self.error(&ip, "invalid-dependency", format!("step `{id}` cannot depend on itself"));
                continue;
            }
            if !step_index.contains_key(id) {
                let mut ids: Vec<&str> = step_index.keys().copied().collect();
                ids.sort_unstable();
                let d = self.doc.error_at(&ip, "unknown-step", format!("there is no step `{id}` in this workflow"));
                self.diags.push(suggest(d, id, &ids, ""));
                continue;
            }
            out.push(ir::StepDependency::Local { step_id: id.to_string(), field: sanitize(id, Case::Snake) });
        }
        out
    }

    /// `$workflows.<id>.steps.<stepId>` in a step's `dependsOn`: a step of a workflow
    /// this one depends on, or of the one the last earlier step that called it called.
    fn other_workflow_step(&mut self, ip: &str, reference: &str, done: &[ir::Step]) -> Option<ir::StepDependency> {
        let parsed = reference
            .strip_prefix("$workflows.")
            .map(str::to_string)
            .or_else(|| reference.strip_prefix("$sourceDescriptions.").map(|r| format!("$sourceDescriptions.{r}")))
            .and_then(|r| r.rsplit_once(".steps.").map(|(w, s)| (w.to_string(), s.to_string())));
        let Some((workflow, step_id)) = parsed.filter(|(w, s)| !w.is_empty() && !s.is_empty()) else {
            self.error(
                ip,
                "invalid-reference",
                format!("`{reference}` is not `$workflows.<workflowId>.steps.<stepId>` or `$sourceDescriptions.<name>.<workflowId>.steps.<stepId>`"),
            );
            return None;
        };
        // A source that could not be loaded was reported already.
        if let Some(rest) = workflow.strip_prefix("$sourceDescriptions.")
            && self.failed.iter().any(|f| rest.split('.').next() == Some(f.as_str()))
        {
            return None;
        }
        let names = |id: &str| id == workflow || id.ends_with(&format!(".{workflow}"));
        let dependency = self.deps.iter().find(|(id, _, _)| names(id)).map(|(id, var, _)| (id.clone(), var.clone()));
        let (callee_id, found) = match dependency {
            Some((id, var)) => {
                (id, ir::StepDependency::OfDependency { reference: reference.into(), var, step_id: step_id.clone() })
            }
            None => {
                let Some((step, call)) =
                    done.iter().rev().find_map(|s| s.call.as_ref().filter(|c| names(&c.id)).map(|c| (s, c)))
                else {
                    self.error(
                        ip,
                        "unknown-workflow",
                        format!(
                            "`{reference}` names a step of workflow `{workflow}`, which this workflow neither depends on (`dependsOn`) nor called in an earlier step"
                        ),
                    );
                    return None;
                };
                let found = ir::StepDependency::OfCallee {
                    reference: reference.into(),
                    step: step.field.clone(),
                    step_id: step_id.clone(),
                };
                (call.id.clone(), found)
            }
        };
        let steps: Vec<String> =
            self.lowered.get(&callee_id).map(|w| w.steps.iter().map(|s| s.id.clone()).collect()).unwrap_or_default();
        if !steps.contains(&step_id) {
            let ids: Vec<&str> = steps.iter().map(String::as_str).collect();
            let d = self.doc.error_at(ip, "unknown-step", format!("workflow `{workflow}` has no step `{step_id}`"));
            self.diags.push(suggest(d, &step_id, &ids, ""));
            return None;
        }
        Some(found)
    }

    /// An Arazzo 1.1 Selector Object: `selector` applied to the value of `context`. A
    /// JSON pointer, or an RFC 9535 singular query (`$.a.b[0]`), becomes the pointer of
    /// a runtime expression (`$response.body#/a/b/0`), typed through the schema where
    /// the context has one; another query selects at run time (JSON); an XPath
    /// expression reads the string value of its result on XML text.
    fn selector(
        &mut self,
        pointer: &str,
        m: &serde_json::Map<String, Json>,
        inputs: &[ir::Input],
        done: &[ir::Step],
        all: &[arazzo::Step],
        mut ctx: Option<&mut StepCtx>,
    ) -> Option<Sourced> {
        // The document validation reported missing or mistyped fields.
        let context = m.get("context").and_then(Json::as_str)?;
        let selector = m.get("selector").and_then(Json::as_str)?;
        let (kind, version) = match m.get("type") {
            Some(Json::String(t)) => (t.as_str(), None),
            Some(Json::Object(o)) => (o.get("type").and_then(Json::as_str)?, o.get("version").and_then(Json::as_str)),
            _ => return None,
        };
        let sp = format!("{pointer}/selector");
        let text = format!("{context} ({kind} `{selector}`)");
        let base = self.value_expr(&format!("{pointer}/context"), context, inputs, done, all, ctx.as_deref_mut())?;
        let json_pointer = match kind {
            "jsonpointer" => {
                if let Err(e) = check_json_pointer(selector) {
                    self.error(&sp, "invalid-pointer", format!("`{selector}` is not an RFC 6901 JSON pointer: {e}"));
                    return None;
                }
                Some(selector.to_string())
            }
            "jsonpath" => {
                let query = match version {
                    Some(criteria::GOESSNER) => match criteria::goessner_to_rfc9535(selector) {
                        Ok(q) => q,
                        Err(e) => {
                            let mut d = self.doc.error_at(&sp, "unsupported", e.message.clone());
                            self.point_into(&mut d, &sp, selector, e.offset);
                            self.diags.push(d);
                            return None;
                        }
                    },
                    _ => selector.to_string(),
                };
                if let Err(e) = serde_json_path::JsonPath::parse(&query) {
                    self.error(&sp, "invalid-jsonpath", format!("invalid RFC 9535 JSONPath query `{selector}`: {e}"));
                    return None;
                }
                match criteria::singular_query_pointer(&query) {
                    Some(p) => Some(p),
                    None => {
                        let value = Value::JsonPath { base: Box::new(base.value), query };
                        return Some(Sourced { value, text });
                    }
                }
            }
            "xpath" => {
                let version = version.unwrap_or("xpath-31").to_string();
                if !criteria::XPATH_VERSIONS.contains(&version.as_str()) {
                    // The document validation reported the version.
                    return None;
                }
                if !matches!(base.value.ty().ty, Ty::String | Ty::Json) {
                    self.error(
                        &format!("{pointer}/context"),
                        "type-mismatch",
                        format!("an `xpath` selector reads XML text, but its context is {}", describe(&base.value)),
                    );
                    return None;
                }
                if let Err(e) = criteria::check_xpath(&version, selector) {
                    let mut d = self.doc.error_at(
                        &sp,
                        "invalid-xpath",
                        format!("invalid {version} selector `{selector}`: {}", e.message),
                    );
                    self.point_into(&mut d, &sp, selector, e.offset);
                    self.diags.push(d);
                    return None;
                }
                let value = Value::XPath { base: Box::new(base.value), expr: selector.to_string(), version };
                return Some(Sourced { value, text });
            }
            // The document validation reported the type.
            _ => return None,
        };
        let p = json_pointer.unwrap_or_default();
        // Typed through the schema: the same value as the runtime expression with the
        // pointer appended (`$response.body#/a`, `$inputs.x#/a`), where that is one.
        let joined = if context.contains('#') { format!("{context}{p}") } else { format!("{context}#{p}") };
        if matches!(expr::parse_string(&joined), Ok(StringValue::Expr(_)))
            && let Some(v) = self.value_expr(&format!("{pointer}/context"), &joined, inputs, done, all, ctx)
        {
            return Some(Sourced { value: v.value, text });
        }
        Some(Sourced { value: with_pointer(base.value, Some(&p)), text })
    }

    fn value_expr(
        &mut self,
        pointer: &str,
        text: &str,
        inputs: &[ir::Input],
        done: &[ir::Step],
        all: &[arazzo::Step],
        mut ctx: Option<&mut StepCtx>,
    ) -> Option<Sourced> {
        let parsed = match expr::parse_string(text) {
            Ok(p) => p,
            Err(e) => {
                let mut d = self.doc.error_at(
                    pointer,
                    "invalid-expression",
                    format!("malformed runtime expression `{text}`: {e}"),
                );
                self.point_into(&mut d, pointer, text, e.offset);
                self.diags.push(d);
                return None;
            }
        };
        let value = match parsed {
            StringValue::Literal(s) => Value::Str(s),
            StringValue::Expr(e) => self.expression(pointer, &e, inputs, done, all, ctx)?,
            StringValue::Template { segments, bare } => {
                if bare {
                    let d = self
                        .doc
                        .error_at(
                            pointer,
                            "bare-expression",
                            format!(
                                "`{text}` embeds a runtime expression without braces; it is read as `{}`",
                                segments
                                    .iter()
                                    .map(|s| match s {
                                        Segment::Text(t) => t.clone(),
                                        Segment::Expr(e, _) => format!("{{{e}}}"),
                                    })
                                    .collect::<String>()
                            ),
                        )
                        .warning();
                    self.diags.push(d);
                }
                let mut parts = Vec::new();
                for seg in segments {
                    match seg {
                        Segment::Text(t) => parts.push(Value::Str(t)),
                        Segment::Expr(e, _) => {
                            let part = self.expression(pointer, &e, inputs, done, all, ctx.as_deref_mut())?;
                            // A streamed file has no text without reading it whole.
                            if part.ty().ty == Ty::Body {
                                self.error(
                                    pointer,
                                    "file-in-string",
                                    format!("`{e}` is a streamed file (a raw response body); it cannot be written into a string"),
                                );
                                return None;
                            }
                            parts.push(part)
                        }
                    }
                }
                Value::Template(parts)
            }
        };
        Some(Sourced { value, text: text.to_string() })
    }

    /// Moves the caret of `d` (at the string value `pointer`) onto byte `offset` of the
    /// value's text, when the text stands verbatim on its line (not folded, no escapes
    /// before the offset); otherwise the caret stays on the whole value.
    fn point_into(&self, d: &mut Diagnostic, pointer: &str, text: &str, offset: usize) {
        let Some(pos) = self.doc.positions.get(pointer) else { return };
        let Some(line) = self.doc.file.line_text(pos.line) else { return };
        let start: String = line.chars().skip(pos.column.saturating_sub(1)).collect();
        let quoted = start.starts_with('"') || start.starts_with('\'');
        let body = if quoted { &start[1..] } else { start.as_str() };
        let Some(prefix) = text.get(..offset) else { return };
        if body.starts_with(prefix) {
            d.column = pos.column + usize::from(quoted) + prefix.chars().count();
            d.width = 1;
        }
    }

    fn expression(
        &mut self,
        pointer: &str,
        e: &Expr,
        inputs: &[ir::Input],
        done: &[ir::Step],
        all: &[arazzo::Step],
        ctx: Option<&mut StepCtx>,
    ) -> Option<Value> {
        match e {
            Expr::Inputs { name, pointer: p } => {
                let Some(input) = inputs.iter().find(|i| &i.name == name) else {
                    let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
                    let mut d = self.doc.error_at(
                        pointer,
                        "unknown-input",
                        format!("`{e}` names input `{name}`, which the workflow's inputs do not declare"),
                    );
                    d = suggest(d, name, &names, "$inputs.");
                    self.diags.push(d);
                    return None;
                };
                let v = Value::Input { field: input.field.clone(), ty: input.ty.clone() };
                Some(with_pointer(v, p.as_deref()))
            }
            Expr::StepOutput { step, output, pointer: p } => {
                let Some(target) = done.iter().find(|s| &s.id == step) else {
                    if all.iter().position(|s| &s.step_id == step) == Some(done.len()) {
                        self.error(
                            pointer,
                            "step-order",
                            format!(
                                "`{e}` reads the outputs of the step it is in; a step can only read steps before it"
                            ),
                        );
                    } else if all.iter().any(|s| &s.step_id == step) {
                        self.error(
                            pointer,
                            "step-order",
                            format!(
                                "`{e}` reads step `{step}`, which comes later; a step can only read steps before it"
                            ),
                        );
                    } else {
                        let ids: Vec<&str> = all.iter().map(|s| s.step_id.as_str()).collect();
                        let mut d = self.doc.error_at(
                            pointer,
                            "unknown-step",
                            format!("`{e}` names step `{step}`, which does not exist"),
                        );
                        d = suggest(d, step, &ids, "");
                        self.diags.push(d);
                    }
                    return None;
                };
                let Some(out) = target.outputs.iter().find(|o| &o.name == output) else {
                    if self.broken_outputs.iter().any(|(s, o)| s == step && o == output) {
                        return None;
                    }
                    let names: Vec<&str> = target.outputs.iter().map(|o| o.name.as_str()).collect();
                    let mut d =
                        self.doc.error_at(pointer, "unknown-output", format!("step `{step}` has no output `{output}`"));
                    d = d.with_help(if names.is_empty() {
                        format!("step `{step}` defines no outputs")
                    } else {
                        format!("its outputs are: {}", names.join(", "))
                    });
                    self.diags.push(d);
                    return None;
                };
                let ty = out.value.value.ty();
                let v = Value::StepOutput {
                    step: target.field.clone(),
                    field: out.field.clone(),
                    ty: TyOpt::opt(ty.ty),
                    field_optional: ty.optional,
                };
                Some(with_pointer(v, p.as_deref()))
            }
            Expr::Outputs { name, pointer: p } => {
                let Some((callee, outputs)) = ctx.as_ref().and_then(|c| c.callee.clone()) else {
                    self.error(
                        pointer,
                        "no-outputs",
                        format!("`{e}` reads the outputs of the workflow a step calls; there is none here"),
                    );
                    return None;
                };
                self.workflow_output(pointer, e, &callee, &outputs, name, p.as_deref(), |field, ty| {
                    Value::CalleeOutput { field, ty }
                })
            }
            Expr::Workflow { workflow, field, name, pointer: p } if field == "outputs" => {
                let names = |id: &str| id == workflow || id.ends_with(&format!(".{workflow}"));
                if let Some((callee, outputs)) = ctx.as_ref().and_then(|c| c.callee.clone())
                    && names(&callee)
                {
                    return self.workflow_output(pointer, e, &callee, &outputs, name, p.as_deref(), |field, ty| {
                        Value::CalleeOutput { field, ty }
                    });
                }
                // The last earlier step that called it.
                if !self.deps.iter().any(|(id, _, _)| names(id))
                    && let Some(step) = done.iter().rev().find(|s| s.call.as_ref().is_some_and(|c| names(&c.id)))
                    && let Some(callee) = step.call.as_ref().and_then(|c| self.lowered.get(&c.id))
                {
                    let (step, outputs) = (step.field.clone(), callee.outputs.clone());
                    return self.workflow_output(pointer, e, workflow, &outputs, name, p.as_deref(), |field, ty| {
                        Value::EarlierCallee { step, field, ty }
                    });
                }
                let Some((_, var, outputs)) = self.deps.iter().find(|(id, _, _)| names(id)).cloned() else {
                    self.error(
                        pointer,
                        "unknown-workflow",
                        format!(
                            "`{e}` reads workflow `{workflow}`, which this workflow neither depends on (`dependsOn`) nor called in this or an earlier step"
                        ),
                    );
                    return None;
                };
                self.workflow_output(pointer, e, workflow, &outputs, name, p.as_deref(), |field, ty| {
                    Value::WorkflowOutput { var, field, ty }
                })
            }
            // A dependency's inputs are this workflow's inputs of the same names.
            Expr::Workflow { workflow, field, name, pointer: p }
                if field == "inputs"
                    && self.deps.iter().any(|(id, _, _)| id == workflow || id.ends_with(&format!(".{workflow}"))) =>
            {
                let Some(input) = inputs.iter().find(|i| &i.name == name) else {
                    self.error(
                        pointer,
                        "unknown-input",
                        format!("`{e}`: workflow `{workflow}` gets this workflow's inputs, which have no `{name}`"),
                    );
                    return None;
                };
                let v = Value::Input { field: input.field.clone(), ty: input.ty.clone() };
                Some(with_pointer(v, p.as_deref()))
            }
            Expr::SourceDescription { name, rest } if rest.as_deref() == Some("url") => {
                match self.model_source_url(name) {
                    Some(url) => Some(Value::Known(url.to_string())),
                    None => {
                        self.error(pointer, "unknown-source", format!("there is no source description named `{name}`"));
                        None
                    }
                }
            }
            // `$sourceDescriptions.<name>.<workflowId>.outputs.<output>`: an output of a
            // workflow of an `arazzo` source, read as `$workflows.<id>.outputs.<output>`.
            Expr::SourceDescription { name, rest: Some(rest) }
                if self.arazzo_sources.contains(name)
                    && let Some((wf, output)) = rest.split_once(".outputs.") =>
            {
                let (output, p) = match output.split_once('#') {
                    Some((o, p)) => (o.to_string(), Some(p.to_string())),
                    None => (output.to_string(), None),
                };
                let qualified = Expr::Workflow {
                    workflow: format!("$sourceDescriptions.{name}.{wf}"),
                    field: "outputs".into(),
                    name: output,
                    pointer: p,
                };
                self.expression(pointer, &qualified, inputs, done, all, ctx)
            }
            // Arazzo 1.1: the document's `$self` URI, or (without one) its path as shown in
            // diagnostics (relative to the workspace root).
            Expr::SelfUri => {
                let uri = self.model.extra.get("$self").and_then(Json::as_str).map(str::to_string);
                Some(Value::Known(uri.unwrap_or_else(|| self.doc.file.display.clone())))
            }
            Expr::Request(Source::Payload(_)) | Expr::Response(Source::Payload(_)) => {
                self.error(
                    pointer,
                    "unsupported",
                    format!("`{e}` reads an AsyncAPI message (Arazzo 1.1); AsyncAPI steps are not supported"),
                );
                None
            }
            Expr::Url | Expr::Method | Expr::Request(_) => {
                let Some(ctx) = ctx else {
                    self.error_with_help(
                        pointer,
                        "no-request",
                        format!("`{e}` reads the request a step sent, and there is none here"),
                        "a step's `successCriteria`, `outputs` and actions can read the request it sent",
                    );
                    return None;
                };
                if ctx.callee.is_some() {
                    self.error_with_help(
                        pointer,
                        "no-request",
                        format!("`{e}` reads the request a step sent; a step that calls a workflow sends none"),
                        "read the workflow's outputs with `$outputs.<name>`",
                    );
                    return None;
                }
                if !ctx.resolved {
                    return None;
                }
                if !matches!(e, Expr::Method) {
                    ctx.reads_request = true;
                }
                match e {
                    Expr::Method => Some(Value::Known(ctx.method.clone())),
                    Expr::Url => Some(Value::Request(ir::RequestPart::Url)),
                    Expr::Request(Source::Header(h)) => {
                        Some(Value::Request(ir::RequestPart::Header(h.to_ascii_lowercase())))
                    }
                    Expr::Request(Source::Query(q)) => Some(Value::Request(ir::RequestPart::Query(q.clone()))),
                    Expr::Request(Source::Path(name)) => {
                        if !openapi::path_variables(&ctx.path).contains(name) {
                            self.error(
                                pointer,
                                "unknown-parameter",
                                format!("`{e}`: the operation's path `{}` has no `{{{name}}}`", ctx.path),
                            );
                            return None;
                        }
                        Some(Value::Request(ir::RequestPart::Path { template: ctx.path.clone(), name: name.clone() }))
                    }
                    Expr::Request(Source::Body(p)) => {
                        Some(Value::Request(ir::RequestPart::Body(p.clone().unwrap_or_default())))
                    }
                    // `payload`: answered above.
                    _ => None,
                }
            }
            Expr::StatusCode | Expr::Response(_) => {
                let Some(ctx) = ctx else {
                    self.error(pointer, "no-response", format!("`{e}` reads a response, and there is none here"));
                    return None;
                };
                // A step that calls a workflow gets that workflow's outputs, not a response;
                // `$statusCode` is the last status the called workflow received.
                if ctx.callee.is_some() && !matches!(e, Expr::StatusCode) {
                    let d = self
                        .doc
                        .error_at(
                            pointer,
                            "no-response",
                            format!("`{e}` reads a response; a step that calls a workflow has none"),
                        )
                        .with_help("read the workflow's outputs with `$outputs.<name>`");
                    self.diags.push(d);
                    return None;
                }
                match e {
                    Expr::StatusCode => Some(Value::StatusCode),
                    Expr::Response(Source::Header(h)) if ctx.failure => {
                        Some(Value::FailedHeader(h.to_ascii_lowercase()))
                    }
                    Expr::Response(Source::Header(h)) => {
                        ctx.reads_headers = true;
                        Some(Value::ResponseHeader(h.to_ascii_lowercase()))
                    }
                    Expr::Response(Source::Body(p)) => self.body_value(pointer, ctx, p.as_deref()),
                    Expr::Response(Source::Query(_) | Source::Path(_)) => {
                        self.error_with_help(
                            pointer,
                            "invalid-expression",
                            format!("`{e}`: a response has no query or path parameters"),
                            "`$request.query.<name>` and `$request.path.<name>` read those of the request",
                        );
                        None
                    }
                    // `payload`: answered above.
                    _ => None,
                }
            }
            // The component itself, as a JSON constant.
            Expr::Component { kind, name } => {
                let reference = Json::String(format!("$components.{kind}.{name}"));
                self.component(pointer, kind, &reference).map(|(v, _)| Value::Json(v))
            }
            _ => {
                self.error(pointer, "unsupported", format!("`{e}` is not supported in this position yet"));
                None
            }
        }
    }

    /// Output `name` of workflow `workflow` (one of `outputs`), as the value `make`
    /// builds from its field and type, with `p` a JSON pointer into it. Unknown names
    /// get a did-you-mean; a streamed file cannot leave the workflow that read it.
    #[allow(clippy::too_many_arguments)]
    fn workflow_output(
        &mut self,
        pointer: &str,
        e: &Expr,
        workflow: &str,
        outputs: &[ir::Output],
        name: &str,
        p: Option<&str>,
        make: impl FnOnce(String, TyOpt) -> Value,
    ) -> Option<Value> {
        let Some(out) = outputs.iter().find(|o| o.name == name) else {
            if self.broken_workflows.iter().any(|b| b == workflow) {
                return None;
            }
            let names: Vec<&str> = outputs.iter().map(|o| o.name.as_str()).collect();
            let d = self
                .doc
                .error_at(pointer, "unknown-output", format!("`{e}`: workflow `{workflow}` has no output `{name}`"))
                .with_help(match closest(name, &names) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None if names.is_empty() => format!("workflow `{workflow}` defines no outputs"),
                    None => format!("its outputs are: {}", names.join(", ")),
                });
            self.diags.push(d);
            return None;
        };
        if out.value.value.ty().ty == Ty::Body {
            self.error(
                pointer,
                "unsupported",
                format!("`{e}` is a streamed file; reading it out of the workflow that read it is not supported yet"),
            );
            return None;
        }
        let v = make(out.field.clone(), TyOpt::opt(out.value.value.ty().ty));
        Some(with_pointer(v, p))
    }

    fn body_value(&mut self, pointer: &str, ctx: &mut StepCtx, p: Option<&str>) -> Option<Value> {
        if !ctx.resolved {
            // The operation is unknown (reported): nothing to check the body against.
            return Some(Value::BodyPointer(p.unwrap_or_default().to_string()));
        }
        if ctx.failure {
            // The failed response, read as JSON (`None` after a transport error, or when
            // the step failed on a success criterion).
            return Some(Value::FailedBody(p.unwrap_or_default().to_string()));
        }
        match (&ctx.body, p) {
            (ir::BodyKind::Stream, None | Some("")) => Some(Value::BodyWhole { ty: TyOpt::opt(Ty::Body) }),
            (ir::BodyKind::Stream, Some(_)) => {
                self.error(
                    pointer,
                    "pointer-into-file",
                    "this response is a raw file; a JSON pointer cannot read into it",
                );
                None
            }
            (ir::BodyKind::Empty, _) => {
                self.error(pointer, "no-body", "the operation's success response has no body");
                None
            }
            (ir::BodyKind::Untyped, p) => {
                if !ctx.warned_untyped {
                    ctx.warned_untyped = true;
                    self.warn(
                        pointer,
                        "undescribed-body",
                        "the operation's description gives its success response no content; the body is read as untyped JSON",
                    );
                }
                ctx.reads_untyped = true;
                Some(match p {
                    None | Some("") => Value::BodyWhole { ty: TyOpt::req(Ty::Json) },
                    Some(p) => Value::BodyPointer(p.to_string()),
                })
            }
            (ir::BodyKind::Typed(t), None | Some("")) => Some(Value::BodyWhole { ty: t.clone() }),
            (ir::BodyKind::Typed(_), Some(p)) => {
                let schema = ctx.schema.clone().unwrap_or_default();
                let tokens: Vec<String> =
                    p.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect();
                // Check the pointer against the schema, as far as the schema says.
                if let Some(first) = tokens.first() {
                    let props = schema.get("properties").and_then(Json::as_object);
                    let closed = schema.get("additionalProperties") == Some(&Json::Bool(false));
                    if let Some(props) = props
                        && !props.contains_key(first)
                        && (closed || schema.get("additionalProperties").is_none())
                    {
                        let names: Vec<&str> = props.keys().map(String::as_str).collect();
                        let mut d = self.doc.error_at(
                            pointer,
                            "unknown-property",
                            format!("the response body has no property `{first}`"),
                        );
                        d = suggest(d, first, &names, "");
                        self.diags.push(d);
                        return None;
                    }
                    if tokens.len() == 1
                        && let Some(ps) = props.and_then(|m| m.get(first))
                        && let Some(ty) = primitive(ps)
                    {
                        return Some(Value::BodyField { field: sanitize(first, Case::Snake), ty: TyOpt::opt(ty) });
                    }
                }
                Some(Value::BodyPointer(p.to_string()))
            }
        }
    }

    fn criterion(
        &mut self,
        cp: &str,
        c: &Json,
        inputs: &[ir::Input],
        done: &[ir::Step],
        all: &[arazzo::Step],
        ctx: &mut StepCtx,
    ) -> Option<Cond> {
        if c.get("reference").is_some() {
            self.error(cp, "unsupported", "reusable criteria are not supported");
            return None;
        }
        let c: arazzo::Criterion = arazzo::from_value(self.doc, cp, c).map_err(|d| self.diags.push(d)).ok()?;
        let (kind, version) = match &c.kind {
            None => ("simple".to_string(), None),
            Some(Json::String(s)) => (s.clone(), None),
            Some(Json::Object(o)) => (
                o.get("type").and_then(Json::as_str).unwrap_or_default().to_string(),
                o.get("version").and_then(Json::as_str).map(str::to_string),
            ),
            Some(_) => {
                self.error(
                    &format!("{cp}/type"),
                    "invalid-criterion",
                    "`type` is a string or a Criterion Expression Type object",
                );
                return None;
            }
        };
        let condp = format!("{cp}/condition");
        let context = match &c.context {
            Some(text) => Some(self.value_expr(&format!("{cp}/context"), text, inputs, done, all, Some(ctx))?.value),
            None => None,
        };
        match kind.as_str() {
            "simple" => {
                let ast = match criteria::parse_simple(&c.condition) {
                    Ok(a) => a,
                    Err(e) => {
                        self.syntax_error(&condp, &c.condition, "simple", e);
                        return None;
                    }
                };
                self.lower_ast(&condp, &ast, None, inputs, done, all, ctx)
            }
            "regex" => {
                let value = self.criterion_context(cp, "regex", context)?;
                if let Err(e) = regex::Regex::new(&c.condition) {
                    self.error(&condp, "invalid-regex", format!("invalid regular expression: {e}"));
                    return None;
                }
                Some(Cond::Regex { value, pattern: c.condition.clone() })
            }
            "jsonpath" => {
                if !expression_type_version_ok(&c.kind) {
                    self.error(
                        &format!("{cp}/type"),
                        "invalid-criterion",
                        "a Criterion Expression Type Object needs a string `version` (for `jsonpath`: `rfc9535` or \
                         `draft-goessner-dispatch-jsonpath-00`)",
                    );
                    return None;
                }
                let goessner = match version.as_deref() {
                    None | Some("rfc9535") => false,
                    Some(criteria::GOESSNER) => true,
                    Some(v) => {
                        let vp = format!("{cp}/type/version");
                        if !already_reported(self.diags, &vp) {
                            self.error(
                                &vp,
                                "unsupported",
                                format!(
                                    "JSONPath version `{v}` is not supported; use `rfc9535` or `{}`",
                                    criteria::GOESSNER
                                ),
                            );
                        }
                        return None;
                    }
                };
                let value = self.criterion_context(cp, "jsonpath", context)?;
                let condition = if goessner {
                    match criteria::goessner_to_rfc9535(&c.condition) {
                        Ok(text) => text,
                        Err(e) => {
                            let mut d = self.doc.error_at(&condp, "unsupported", e.message.clone());
                            self.point_into(&mut d, &condp, &c.condition, e.offset);
                            self.diags.push(d);
                            return None;
                        }
                    }
                } else {
                    c.condition.clone()
                };
                let query_error = match serde_json_path::JsonPath::parse(&condition) {
                    Ok(_) => return Some(Cond::JsonPathQuery { value, query: condition }),
                    Err(e) => e.to_string(),
                };
                let read_as =
                    if condition != c.condition { format!(" (read as `{condition}`)") } else { String::new() };
                match criteria::parse_jsonpath_expression(&condition) {
                    Ok(Some(ast)) => self.lower_ast(&condp, &ast, Some(&value), inputs, done, all, ctx),
                    Ok(None) => {
                        self.error(
                            &condp,
                            "invalid-jsonpath",
                            format!("invalid RFC 9535 JSONPath query{read_as}: {query_error}"),
                        );
                        None
                    }
                    Err(e) if condition != c.condition => {
                        self.error(
                            &condp,
                            "invalid-condition",
                            format!("invalid jsonpath condition `{}`{read_as}: {}", c.condition, e.message),
                        );
                        None
                    }
                    Err(e) => {
                        self.syntax_error(&condp, &c.condition, "jsonpath", e);
                        None
                    }
                }
            }
            "xpath" => {
                if !expression_type_version_ok(&c.kind) {
                    self.error(
                        &format!("{cp}/type"),
                        "invalid-criterion",
                        "a Criterion Expression Type Object needs a string `version` (for `xpath`: `xpath-10`, \
                         `xpath-20`, `xpath-30` or `xpath-31`)",
                    );
                    return None;
                }
                // Arazzo 1.0.1: without a Criterion Expression Type Object, XPath 3.1.
                let version = version.unwrap_or_else(|| "xpath-31".to_string());
                if !criteria::XPATH_VERSIONS.contains(&version.as_str()) {
                    let vp = format!("{cp}/type/version");
                    if !already_reported(self.diags, &vp) {
                        self.error(
                            &vp,
                            "unsupported",
                            format!(
                                "XPath version `{version}` is not supported; use one of `{}`",
                                criteria::XPATH_VERSIONS.join("`, `")
                            ),
                        );
                    }
                    return None;
                }
                let value = self.criterion_context(cp, "xpath", context)?;
                match value.ty().ty {
                    Ty::String | Ty::Json => {}
                    Ty::Body => {
                        self.error(
                            &format!("{cp}/context"),
                            "unsupported",
                            "an `xpath` criterion on a streamed (file) body is not supported yet; \
                             its context must be a string value",
                        );
                        return None;
                    }
                    _ => {
                        self.error(
                            &format!("{cp}/context"),
                            "type-mismatch",
                            format!("an `xpath` criterion reads XML text, but its context is {}", describe(&value)),
                        );
                        return None;
                    }
                }
                if let Err(e) = criteria::check_xpath(&version, &c.condition) {
                    let mut d = self.doc.error_at(
                        &condp,
                        "invalid-xpath",
                        format!("invalid {version} condition `{}`: {}", c.condition, e.message),
                    );
                    self.point_into(&mut d, &condp, &c.condition, e.offset);
                    self.diags.push(d);
                    return None;
                }
                Some(Cond::XPath { value, expr: c.condition.clone(), version })
            }
            // Arazzo 1.1: the condition is an RFC 6901 pointer into the context; it holds
            // when the pointer resolves.
            "jsonpointer" if self.model.arazzo.starts_with("1.1.") => {
                if let Some(v) = version.as_deref().filter(|v| *v != "rfc6901") {
                    self.error(
                        &format!("{cp}/type/version"),
                        "unsupported",
                        format!("JSON Pointer version `{v}` is not supported; use `rfc6901`"),
                    );
                    return None;
                }
                let value = self.criterion_context(cp, "jsonpointer", context)?;
                if let Err(e) = check_json_pointer(&c.condition) {
                    self.error(
                        &condp,
                        "invalid-pointer",
                        format!("`{}` is not an RFC 6901 JSON pointer: {e}", c.condition),
                    );
                    return None;
                }
                Some(Cond::JsonPointer { value, pointer: c.condition.clone() })
            }
            other => {
                self.error(
                    &format!("{cp}/type"),
                    "unknown-criterion-type",
                    format!("unknown criterion type `{other}`; expected `simple`, `regex`, `jsonpath` or `xpath`"),
                );
                None
            }
        }
    }

    /// The context a `regex`, `jsonpath`, `xpath` or `jsonpointer` criterion needs;
    /// `missing-context` without one.
    fn criterion_context(&mut self, cp: &str, kind: &str, context: Option<Value>) -> Option<Value> {
        if context.is_none() {
            let article = if kind.starts_with('x') { "an" } else { "a" };
            let d = self.doc.error_at_key(
                &format!("{cp}/type"),
                "missing-context",
                format!("{article} `{kind}` criterion needs a `context`"),
            );
            self.diags.push(d);
        }
        context
    }

    fn syntax_error(&mut self, pointer: &str, text: &str, kind: &str, e: criteria::SyntaxError) {
        let mut d = self.doc.error_at(
            pointer,
            "invalid-condition",
            format!("invalid {kind} condition `{text}`: {}", e.message),
        );
        self.point_into(&mut d, pointer, text, e.offset);
        self.diags.push(d);
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_ast(
        &mut self,
        pointer: &str,
        ast: &Ast,
        context: Option<&Value>,
        inputs: &[ir::Input],
        done: &[ir::Step],
        all: &[arazzo::Step],
        ctx: &mut StepCtx,
    ) -> Option<Cond> {
        match ast {
            Ast::And(a, b) => Some(Cond::And(
                Box::new(self.lower_ast(pointer, a, context, inputs, done, all, ctx)?),
                Box::new(self.lower_ast(pointer, b, context, inputs, done, all, ctx)?),
            )),
            Ast::Or(a, b) => Some(Cond::Or(
                Box::new(self.lower_ast(pointer, a, context, inputs, done, all, ctx)?),
                Box::new(self.lower_ast(pointer, b, context, inputs, done, all, ctx)?),
            )),
            Ast::Not(a) => Some(Cond::Not(Box::new(self.lower_ast(pointer, a, context, inputs, done, all, ctx)?))),
            Ast::Test(o) => Some(Cond::Truthy(self.operand(pointer, o, context, inputs, done, all, ctx)?)),
            Ast::Cmp(l, op, r) => {
                let lhs = self.operand(pointer, l, context, inputs, done, all, ctx)?;
                let rhs = self.operand(pointer, r, context, inputs, done, all, ctx)?;
                let (lt, rt) = (lhs.ty().ty, rhs.ty().ty);
                let numeric = |t: &Ty| matches!(t, Ty::I64 | Ty::F64 | Ty::U16);
                let ok = lt == rt
                    || (numeric(&lt) && numeric(&rt))
                    || lt.is_structured()
                    || rt.is_structured()
                    || matches!(lhs, Value::Null)
                    || matches!(rhs, Value::Null);
                if !ok {
                    self.error(
                        pointer,
                        "type-mismatch",
                        format!(
                            "this condition compares {} with {}; they can never be equal",
                            describe(&lhs),
                            describe(&rhs)
                        ),
                    );
                    return None;
                }
                let ordered = !matches!(op, ir::CmpOp::Eq | ir::CmpOp::Ne);
                if ordered
                    && (matches!(lt, Ty::Bool | Ty::Body | Ty::Named { .. } | Ty::Vec(_))
                        || matches!(rt, Ty::Bool | Ty::Body | Ty::Named { .. } | Ty::Vec(_)))
                {
                    self.error(pointer, "type-mismatch", "`<`, `<=`, `>` and `>=` compare numbers or strings");
                    return None;
                }
                Some(Cond::Cmp { lhs, op: *op, rhs, case_insensitive: context.is_none() })
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn operand(
        &mut self,
        pointer: &str,
        o: &Operand,
        context: Option<&Value>,
        inputs: &[ir::Input],
        done: &[ir::Step],
        all: &[arazzo::Step],
        ctx: &mut StepCtx,
    ) -> Option<Value> {
        Some(match o {
            Operand::Str(s) => Value::Str(s.clone()),
            Operand::Num(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Value::Int(*n as i64),
            Operand::Num(n) => Value::Float(*n),
            Operand::Bool(b) => Value::Bool(*b),
            Operand::Null => Value::Null,
            Operand::Expr(text) => match expr::parse(text) {
                Ok(e) => self.expression(pointer, &e, inputs, done, all, Some(ctx))?,
                Err(e) => {
                    self.error(pointer, "invalid-expression", format!("malformed runtime expression `{text}`: {e}"));
                    return None;
                }
            },
            Operand::Path(segs) => {
                let Some(context) = context else {
                    self.error(pointer, "missing-context", "a JSONPath needs a `context`");
                    return None;
                };
                match (context, segs.as_slice()) {
                    (_, []) => context.clone(),
                    (Value::BodyWhole { .. }, [PathSegment::Name(n)]) => {
                        let p = format!("/{}", escape_token(n));
                        self.body_value(pointer, ctx, Some(&p))?
                    }
                    (Value::BodyWhole { .. }, segs) => {
                        let p: String = segs
                            .iter()
                            .map(|s| match s {
                                PathSegment::Name(n) => format!("/{}", escape_token(n)),
                                PathSegment::Index(i) => format!("/{i}"),
                            })
                            .collect();
                        Value::BodyPointer(p)
                    }
                    // Any other context: a JSON pointer into its JSON.
                    (_, segs) => {
                        if segs.iter().any(|s| matches!(s, PathSegment::Index(i) if *i < 0)) {
                            self.error(
                                pointer,
                                "unsupported",
                                "a negative index (counting from the end) is supported only on the response body",
                            );
                            return None;
                        }
                        let p: String = segs
                            .iter()
                            .map(|s| match s {
                                PathSegment::Name(n) => format!("/{}", escape_token(n)),
                                PathSegment::Index(i) => format!("/{i}"),
                            })
                            .collect();
                        with_pointer(context.clone(), Some(&p))
                    }
                }
            }
        })
    }
}

/// The parts of a `multipart/form-data` body that its media type object says something
/// about: members whose schema is `format: binary` or has `contentMediaType` (files),
/// and members with an `encoding.<name>.contentType`.
fn form_parts(media: Option<&Json>, root: &Json) -> Vec<ir::FormPart> {
    let Some(media) = media else { return Vec::new() };
    // The first media type of a list (`image/png, image/jpeg`); none for a wildcard or
    // text a header cannot hold.
    let concrete = |v: Option<&Json>| {
        let m = v?.as_str()?.split(',').next()?.trim();
        (m.contains('/') && !m.contains('*') && m.chars().all(|c| c.is_ascii_graphic() || c == ' '))
            .then(|| m.to_string())
    };
    let schema = media.get("schema").and_then(|s| openapi::resolve(root, s));
    let props = schema.and_then(|s| s.get("properties")).and_then(Json::as_object);
    let encoding = media.get("encoding").and_then(Json::as_object);
    let mut names: Vec<&String> = props.map(|p| p.keys().collect()).unwrap_or_default();
    for n in encoding.map(|e| e.keys().collect::<Vec<_>>()).unwrap_or_default() {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    let mut parts = Vec::new();
    for name in names {
        let prop = props.and_then(|p| p.get(name)).and_then(|p| openapi::resolve(root, p));
        let file = prop.is_some_and(|p| {
            p.get("format").and_then(Json::as_str) == Some("binary") || p.get("contentMediaType").is_some()
        });
        let content_type = concrete(encoding.and_then(|e| e.get(name)).and_then(|e| e.get("contentType")))
            .or_else(|| if file { concrete(prop.and_then(|p| p.get("contentMediaType"))) } else { None });
        if file || content_type.is_some() {
            parts.push(ir::FormPart { name: name.clone(), content_type, file });
        }
    }
    parts
}

fn json_kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

fn describe(v: &Value) -> String {
    let t = match v.ty().ty {
        Ty::String => "a string",
        Ty::I64 | Ty::U16 => "an integer",
        Ty::F64 => "a number",
        Ty::Bool => "a boolean",
        Ty::Json => "a JSON value",
        Ty::Named { .. } => "an object",
        Ty::Body => "a file",
        Ty::Local(_) => "an input value",
        Ty::Vec(_) => "a list",
        Ty::Infer(_) => "a parameter value",
    };
    match v {
        Value::Str(s) => format!("{t} (`{s:?}`)"),
        Value::Int(i) => format!("{t} (`{i}`)"),
        Value::StatusCode => "the status code (an integer)".into(),
        _ => t.to_string(),
    }
}

fn is_header_name(n: &str) -> bool {
    !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// The Rust type progenitor uses for a parameter of this schema.
fn param_type(p: &openapi::OperationParameter) -> Ty {
    let schema = &p.schema;
    let has = |k: &str| schema.get(k).is_some();
    let string_enum = schema.get("type").and_then(Json::as_str) == Some("string") && has("enum");
    if p.schema_ref {
        // A named schema: typify makes a type of it, a newtype even for a plain string
        // (an enum of plain values is passed by value).
        return Ty::Infer(!string_enum);
    }
    match schema.get("type").and_then(Json::as_str) {
        Some("string") if string_enum => Ty::Infer(false),
        Some("string") if typify_string(schema) => Ty::String,
        Some("integer") if !has("format") && !has("minimum") && !has("maximum") => Ty::I64,
        Some("integer" | "number") => Ty::Infer(false),
        Some("boolean") => Ty::Bool,
        _ => Ty::Infer(true),
    }
}

/// Whether typify makes a plain `String` of a string schema: not of an `enum` (an enum
/// type), a constrained string (`pattern`, `minLength`, `maxLength`: a newtype) or the
/// formats it has types for (`uuid`, `date`, `date-time`, `ip`, `ipv4`, `ipv6`).
fn typify_string(schema: &Json) -> bool {
    let has = |k: &str| schema.get(k).is_some();
    schema.get("type").and_then(Json::as_str) == Some("string")
        && !matches!(
            schema.get("format").and_then(Json::as_str),
            Some("uuid" | "date" | "date-time" | "ip" | "ipv4" | "ipv6")
        )
        && !has("enum")
        && !has("pattern")
        && !has("minLength")
        && !has("maxLength")
}

/// The Rust type typify generates for a schema, when it is a plain primitive.
fn primitive(schema: &Json) -> Option<Ty> {
    if schema.get("$ref").is_some()
        || schema.get("allOf").is_some()
        || schema.get("anyOf").is_some()
        || schema.get("oneOf").is_some()
    {
        return None;
    }
    match schema.get("type").and_then(Json::as_str) {
        Some("string") if typify_string(schema) => Some(Ty::String),
        Some("boolean") => Some(Ty::Bool),
        Some("integer")
            if matches!(schema.get("format").and_then(Json::as_str), None | Some("unixtime"))
                && schema.get("minimum").is_none()
                && schema.get("maximum").is_none() =>
        {
            Some(Ty::I64)
        }
        _ => None,
    }
}

/// How the success response of `op` is read, from the normalised document.
fn response_body(source: &ApiSource, op: &Operation) -> (ir::BodyKind, Option<Json>) {
    let root = &source.normalized;
    let Some(responses) = root.pointer(&format!("{}/responses", op.pointer)).and_then(Json::as_object) else {
        return (ir::BodyKind::Empty, None);
    };
    let success = responses.iter().find(|(code, _)| code.starts_with('2'));
    let Some((_, resp)) = success else { return (ir::BodyKind::Empty, None) };
    let Some(resp) = openapi::resolve(root, resp) else { return (ir::BodyKind::Empty, None) };
    let Some(content) = resp.get("content").and_then(Json::as_object) else { return (ir::BodyKind::Empty, None) };
    if content.contains_key("application/octet-stream") {
        // Undescribed (no content in the description as written) or a file.
        let described = source
            .doc
            .root
            .pointer(&format!("{}/responses", op.pointer))
            .and_then(Json::as_object)
            .and_then(|r| r.iter().find(|(code, _)| code.starts_with('2')))
            .and_then(|(_, r)| openapi::resolve(&source.doc.root, r))
            .and_then(|r| r.get("content"))
            .and_then(Json::as_object)
            .is_some_and(|c| !c.is_empty());
        return (if described { ir::BodyKind::Stream } else { ir::BodyKind::Untyped }, None);
    }
    let Some(schema) = content.get("application/json").and_then(|m| m.get("schema")) else {
        return (ir::BodyKind::Empty, None);
    };
    let ty = match schema.get("$ref").and_then(Json::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")) {
        Some(name) => Ty::Named {
            source: crate::clean_path(&source.doc.file.path).to_string_lossy().into_owned(),
            name: sanitize(&name.replace("~1", "/").replace("~0", "~"), Case::Pascal),
        },
        None => Ty::Json,
    };
    let resolved = openapi::resolve(root, schema).cloned();
    (ir::BodyKind::Typed(TyOpt::req(ty)), resolved)
}

/// `d` with "did you mean `{prefix}{best}`?" when a candidate is close to `name`.
fn suggest(d: Diagnostic, name: &str, candidates: &[&str], prefix: &str) -> Diagnostic {
    match closest(name, candidates) {
        Some(best) => d.with_help(format!("did you mean `{prefix}{best}`?")),
        None => d,
    }
}

/// Whether a value is an Arazzo 1.1 Selector Object (rather than a JSON constant).
fn is_selector(m: &serde_json::Map<String, Json>) -> bool {
    m.contains_key("selector") && m.contains_key("context")
}

/// Checks RFC 6901 syntax: empty, or `/`-separated tokens where `~` is only followed
/// by `0` or `1`.
fn check_json_pointer(p: &str) -> Result<(), &'static str> {
    if !p.is_empty() && !p.starts_with('/') {
        return Err("a non-empty pointer starts with `/`");
    }
    let mut chars = p.chars();
    while let Some(c) = chars.next() {
        if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
            return Err("`~` is written `~0` and `/` inside a token `~1`");
        }
    }
    Ok(())
}

/// `v`, or a JSON pointer into it (`$inputs.x#/a`, `$steps.s.outputs.o#/0`).
fn with_pointer(v: Value, p: Option<&str>) -> Value {
    match p {
        Some(p) if !p.is_empty() => Value::Pointer { base: Box::new(v), pointer: p.to_string() },
        _ => v,
    }
}

/// The closest candidate by edit distance, if it is close enough.
pub fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // Suggestions are for typos in names of ordinary length; the distance is quadratic.
    if name.len() > 256 {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c.len() > 256 || c.len().abs_diff(name.len()) > (name.len().max(3) / 3).max(2) {
            continue;
        }
        let d = edit_distance(&name.to_lowercase(), &c.to_lowercase());
        if d <= (name.len().max(3) / 3).max(2) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The operations a set of workflows calls, by source name.
pub fn operations_used(model: &Arazzo) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for wf in &model.workflows {
        for s in &wf.steps {
            if let Some(id) = &s.operation_id {
                let (source, op) = match id.strip_prefix("$sourceDescriptions.").and_then(|r| r.split_once('.')) {
                    Some((s, o)) => (s.to_string(), o.to_string()),
                    None => (String::new(), id.clone()),
                };
                let list = out.entry(source).or_default();
                if !list.contains(&op) {
                    list.push(op);
                }
            }
        }
    }
    out
}

/// Whether a criterion's `type`, when it is a Criterion Expression Type Object, has the
/// string `version` Arazzo requires of it (a plain string `type` needs none).
fn expression_type_version_ok(kind: &Option<Json>) -> bool {
    match kind {
        Some(Json::Object(o)) => o.get("version").is_some_and(Json::is_string),
        _ => true,
    }
}

/// Whether an error at `pointer` was reported already (by the document validation,
/// which checks the versions of a Criterion Expression Type Object).
fn already_reported(diags: &Diagnostics, pointer: &str) -> bool {
    diags.errors().any(|d| d.pointer == pointer)
}
