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
}

/// Step context: what `$response...` and `$statusCode` mean here.
struct StepCtx {
    /// False when the step's operation is unknown (already reported).
    resolved: bool,
    /// True for the criteria of `onFailure` actions.
    failure: bool,
    body: ir::BodyKind,
    schema: Option<Json>,
    reads_headers: bool,
}

struct Lowerer<'a> {
    doc: &'a Document,
    sources: &'a [ApiSource],
    diags: &'a mut Diagnostics,
    /// Sources that could not be loaded (already reported): no follow-on errors.
    failed: &'a [String],
}

fn ptr(base: &str, token: &str) -> String {
    format!("{base}/{}", escape_token(token))
}

/// Resolves and lowers every workflow of `doc`.
pub fn lower(
    doc: &Document,
    model: &Arazzo,
    sources: &[ApiSource],
    failed: &[String],
    diags: &mut Diagnostics,
) -> Vec<ir::Workflow> {
    let mut l = Lowerer { doc, sources, diags, failed };
    l.check_extra("", &model.extra, &["arazzo", "info", "sourceDescriptions", "workflows", "components"]);
    if !model.arazzo.starts_with("1.0.") && !model.arazzo.starts_with("1.1.") {
        l.diags.push(doc.error_at(
            "/arazzo",
            "unsupported-version",
            format!("Arazzo version `{}` is not supported; this generator reads 1.0.x and 1.1.x", model.arazzo),
        ));
    }
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for (wi, wf) in model.workflows.iter().enumerate() {
        let wp = format!("/workflows/{wi}");
        if let Some(prev) = seen.insert(wf.workflow_id.clone(), wi) {
            l.diags.push(doc.error_at(
                &format!("{wp}/workflowId"),
                "duplicate-id",
                format!("workflowId `{}` is already used by workflow #{prev}", wf.workflow_id),
            ));
        }
        out.push(l.workflow(wf, &wp));
    }
    out
}

impl Lowerer<'_> {
    fn error(&mut self, pointer: &str, code: &'static str, message: impl Into<String>) {
        let d = self.doc.error_at(pointer, code, message);
        self.diags.push(d);
    }

    fn check_extra(&mut self, base: &str, extra: &serde_json::Map<String, Json>, known: &[&str]) {
        for key in extra.keys() {
            if key.starts_with("x-") {
                continue;
            }
            let d = self
                .doc
                .error_at_key(&ptr(base, key), "unknown-field", format!("unknown field `{key}`"))
                .with_help(format!("expected one of: {}", known.join(", ")));
            self.diags.push(d);
        }
    }

    fn workflow(&mut self, wf: &arazzo::Workflow, wp: &str) -> ir::Workflow {
        self.check_extra(
            wp,
            &wf.extra,
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
        );
        for (list, key) in [
            (wf.success_actions.is_empty(), "successActions"),
            (wf.failure_actions.is_empty(), "failureActions"),
            (wf.depends_on.is_empty(), "dependsOn"),
        ] {
            if !list {
                let d = self.doc.error_at_key(
                    &format!("{wp}/{key}"),
                    "unsupported",
                    format!("workflow-level `{key}` is not supported yet; write it on the steps"),
                );
                self.diags.push(d);
            }
        }
        let type_prefix = sanitize(&wf.workflow_id, Case::Pascal);
        let inputs = self.inputs(wf, wp);

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
            step: None,
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
            let Some(text) = value.as_str() else {
                self.error(&op, "invalid-type", "an output is a runtime expression (a string)");
                continue;
            };
            if let Some(v) = self.value_expr(&op, text, &inputs, &steps, &wf.steps, None) {
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
            fn_name: sanitize(&wf.workflow_id, Case::Snake),
            type_prefix,
            doc,
            inputs,
            steps,
            outputs,
            ends,
        }
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
        let ip = format!("{wp}/inputs");
        if schema.get("$ref").is_some() {
            self.error(&ip, "unsupported", "`$ref` in workflow inputs is not supported yet; write the schema inline");
            return out;
        }
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
        for (name, p) in props {
            let ty = match p.get("type").and_then(Json::as_str) {
                Some("string") => Ty::String,
                Some("integer") => Ty::I64,
                Some("number") => Ty::F64,
                Some("boolean") => Ty::Bool,
                _ => Ty::Json,
            };
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
                if o.operation_id == op_id {
                    found.push((si, oi));
                }
            }
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
                let all: Vec<&str> =
                    self.sources.iter().flat_map(|s| s.operations.iter().map(|o| o.operation_id.as_str())).collect();
                let mut d = self.doc.error_at(pointer, "unknown-operation", format!("unknown operationId `{op_id}`"));
                if let Some(best) = closest(op_id, &all) {
                    d = d.with_help(format!("did you mean `{best}`?"));
                }
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
        self.check_extra(
            sp,
            &s.extra,
            &[
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
            ],
        );
        let mut step = ir::Step {
            id: s.step_id.clone(),
            field: sanitize(&s.step_id, Case::Snake),
            variant: sanitize(&s.step_id, Case::Pascal),
            doc: s.description.as_ref().map(|d| d.trim().to_string()),
            operation_id: String::new(),
            method: String::new(),
            args: Vec::new(),
            body: ir::BodyKind::Empty,
            reads_headers: false,
            success: Vec::new(),
            on_success: Vec::new(),
            on_failure: Vec::new(),
            outputs: Vec::new(),
        };
        let targets = [&s.operation_id, &s.operation_path, &s.workflow_id].iter().filter(|t| t.is_some()).count();
        if targets != 1 {
            let d = self.doc.error_at_key(
                &format!("{sp}/stepId"),
                "step-target",
                "a step needs exactly one of `operationId`, `operationPath` and `workflowId`",
            );
            self.diags.push(d);
        } else if s.operation_path.is_some() {
            self.error(
                &format!("{sp}/operationPath"),
                "unsupported",
                "`operationPath` is not supported yet; use `operationId`",
            );
        } else if s.workflow_id.is_some() {
            self.error(&format!("{sp}/workflowId"), "unsupported", "steps that call a workflow are not supported yet");
        }
        if s.request_body.is_some() {
            self.error(&format!("{sp}/requestBody"), "unsupported", "request bodies are not supported yet");
        }
        let operation = s
            .operation_id
            .as_ref()
            .and_then(|id| self.find_operation(&format!("{sp}/operationId"), id))
            .map(|(si, oi)| (&self.sources[si], &self.sources[si].operations[oi]));

        let mut ctx =
            StepCtx { resolved: false, failure: false, body: ir::BodyKind::Empty, schema: None, reads_headers: false };
        if let Some((source, op)) = operation {
            ctx.resolved = true;
            step.operation_id = op.operation_id.clone();
            step.method = method_name(&op.operation_id);
            let (body, schema) = response_body(source, op);
            ctx.body = body;
            ctx.schema = schema;
        }

        // Parameters: workflow-level, overridden by step-level (name + in).
        let mut given: Vec<(String, Option<String>, Json, String)> = Vec::new();
        let mut broken: Vec<String> = Vec::new();
        for (list, base) in [(&wf.parameters, "".to_string()), (&s.parameters, format!("{sp}/parameters"))] {
            for (pi, p) in list.iter().enumerate() {
                let pp = if base.is_empty() {
                    format!("{}/parameters/{pi}", sp.rsplit_once("/steps/").map_or("", |(w, _)| w))
                } else {
                    format!("{base}/{pi}")
                };
                if p.get("reference").is_some() {
                    self.error(&pp, "unsupported", "reusable parameter references are not supported yet");
                    continue;
                }
                let Ok(param) =
                    arazzo::from_value::<arazzo::Parameter>(self.doc, &pp, p).map_err(|d| self.diags.push(d))
                else {
                    // Reported; do not also report the parameter as missing.
                    if let Some(name) = p.get("name").and_then(Json::as_str) {
                        broken.push(name.to_string());
                    }
                    continue;
                };
                self.check_extra(&pp, &param.extra, &["name", "in", "value"]);
                given.retain(|(n, l, _, _)| !(n.eq_ignore_ascii_case(&param.name) && *l == param.location));
                given.push((param.name, param.location, param.value, pp));
            }
        }

        if let Some((_, op)) = operation {
            step.args = self.args(op, &given, &broken, sp, inputs, done, &wf.steps);
        }

        for (ci, c) in s.success_criteria.iter().enumerate() {
            let cp = format!("{sp}/successCriteria/{ci}");
            if let Some(cond) = self.criterion(&cp, c, inputs, done, &wf.steps, &mut ctx) {
                let text = c.get("condition").and_then(Json::as_str).unwrap_or_default().to_string();
                step.success.push((cond, text));
            }
        }

        for (list, key, failure) in [(&s.on_success, "onSuccess", false), (&s.on_failure, "onFailure", true)] {
            for (ai, a) in list.iter().enumerate() {
                let ap = format!("{sp}/{key}/{ai}");
                if a.get("reference").is_some() {
                    self.error(&ap, "unsupported", "reusable action references are not supported yet");
                    continue;
                }
                let Ok(action) = arazzo::from_value::<arazzo::Action>(self.doc, &ap, a).map_err(|d| self.diags.push(d))
                else {
                    continue;
                };
                self.check_extra(
                    &ap,
                    &action.extra,
                    &["name", "type", "workflowId", "stepId", "retryAfter", "retryLimit", "criteria"],
                );
                let kind = match action.kind.as_str() {
                    // After a failure, `end` ends the workflow with the step's error.
                    "end" if failure => Some(ir::ActionKind::Fail),
                    "end" => {
                        let variant = sanitize(&action.name, Case::Pascal);
                        let variant = if variant == "Completed" { format!("{variant}Action") } else { variant };
                        if let Some(e) = ends.iter().find(|e| e.variant == variant) {
                            if e.step != Some(si) {
                                self.error(
                                    &format!("{ap}/name"),
                                    "duplicate-id",
                                    format!("another `end` action is already named `{}`", action.name),
                                );
                            }
                        } else {
                            ends.push(ir::End {
                                variant: variant.clone(),
                                doc: format!("Ended by the `{}` action of step `{}`.", action.name, s.step_id),
                                step: Some(si),
                            });
                        }
                        Some(ir::ActionKind::End { variant })
                    }
                    "goto" => match (&action.step_id, &action.workflow_id) {
                        (Some(target), None) => match step_index.get(target.as_str()) {
                            Some(i) => Some(ir::ActionKind::Goto { step: *i }),
                            None => {
                                let ids: Vec<&str> = step_index.keys().copied().collect();
                                let mut d = self.doc.error_at(
                                    &format!("{ap}/stepId"),
                                    "unknown-step",
                                    format!(
                                        "`goto` names step `{target}`, which workflow `{}` does not have",
                                        wf.workflow_id
                                    ),
                                );
                                if let Some(best) = closest(target, &ids) {
                                    d = d.with_help(format!("did you mean `{best}`?"));
                                }
                                self.diags.push(d);
                                None
                            }
                        },
                        (None, Some(_)) => {
                            self.error(
                                &format!("{ap}/workflowId"),
                                "unsupported",
                                "`goto` a workflow is not supported yet",
                            );
                            None
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
                        after => Some(ir::ActionKind::Retry {
                            after: after.unwrap_or(0.0),
                            limit: action.retry_limit.unwrap_or(1),
                        }),
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
                let mut failure_ctx = StepCtx {
                    resolved: ctx.resolved,
                    failure: true,
                    body: ir::BodyKind::Empty,
                    schema: None,
                    reads_headers: false,
                };
                for (ci, c) in action.criteria.iter().enumerate() {
                    let cctx = if failure { &mut failure_ctx } else { &mut ctx };
                    if let Some(cond) = self.criterion(&format!("{ap}/criteria/{ci}"), c, inputs, done, &wf.steps, cctx)
                    {
                        criteria.push(cond);
                    }
                }
                if let Some(kind) = kind {
                    let a = ir::Action { name: action.name.clone(), kind, criteria };
                    if failure {
                        step.on_failure.push(a);
                    } else {
                        step.on_success.push(a);
                    }
                }
            }
        }

        for (name, value) in &s.outputs {
            let op = format!("{}/{}", ptr(sp, "outputs"), escape_token(name));
            self.check_name(&op, name);
            let Some(text) = value.as_str() else {
                self.error(&op, "invalid-type", "an output is a runtime expression (a string)");
                continue;
            };
            if let Some(v) = self.value_expr(&op, text, inputs, done, &wf.steps, Some(&mut ctx)) {
                step.outputs.push(ir::Output { name: name.clone(), field: sanitize(name, Case::Snake), value: v });
            }
        }
        step.body = ctx.body;
        step.reads_headers = ctx.reads_headers;
        step
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
        // by name, then headers (declaration order).
        let supported: Vec<&openapi::OperationParameter> =
            op.parameters.iter().filter(|p| matches!(p.location.as_str(), "path" | "query" | "header")).collect();
        let mut path: Vec<&openapi::OperationParameter> =
            supported.iter().copied().filter(|p| p.location == "path").collect();
        path.sort_by_key(|p| op.path.find(&format!("{{{}}}", p.name)).unwrap_or(usize::MAX));
        let mut query: Vec<&openapi::OperationParameter> =
            supported.iter().copied().filter(|p| p.location == "query").collect();
        query.sort_by(|a, b| a.name.cmp(&b.name));
        let header: Vec<&openapi::OperationParameter> =
            supported.iter().copied().filter(|p| p.location == "header").collect();

        let mut used = vec![false; given.len()];
        let mut args = Vec::new();
        for p in path.into_iter().chain(query).chain(header) {
            let ty = param_type(&p.schema);
            let found = given.iter().enumerate().find(|(_, (n, l, _, _))| {
                let name_match = if p.location == "header" { n.eq_ignore_ascii_case(&p.name) } else { *n == p.name };
                name_match && l.as_deref().is_none_or(|l| l == p.location)
            });
            let value = match found {
                Some((i, (_, _, v, pp))) => {
                    used[i] = true;
                    self.value(&format!("{pp}/value"), v, inputs, done, all_steps)
                }
                None => {
                    if p.required && !broken.iter().any(|b| b.eq_ignore_ascii_case(&p.name)) {
                        self.error(
                            &format!("{sp}/operationId"),
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
                kind: ir::ArgKind::Positional { ty: TyOpt { ty, optional }, path: p.location == "path" },
                value,
            });
        }
        for (i, (name, location, v, pp)) in given.iter().enumerate() {
            if used[i] {
                continue;
            }
            match location.as_deref() {
                Some("header") => {
                    if !is_header_name(name) {
                        self.error(
                            &format!("{pp}/name"),
                            "invalid-header",
                            format!("`{name}` is not a valid header name"),
                        );
                        continue;
                    }
                    let d = self
                        .doc
                        .error_at_key(
                            &format!("{pp}/name"),
                            "undeclared-parameter",
                            format!(
                                "operation `{}` does not declare the header `{name}`; it is sent anyway",
                                op.operation_id
                            ),
                        )
                        .warning();
                    self.diags.push(d);
                    if let Some(value) = self.value(&format!("{pp}/value"), v, inputs, done, all_steps) {
                        args.push(ir::Arg {
                            name: name.clone(),
                            kind: ir::ArgKind::ExtraHeader { name: name.clone() },
                            value: Some(value),
                        });
                    }
                }
                Some(loc @ ("path" | "query" | "cookie")) => {
                    self.error(&format!("{pp}/name"), "unknown-parameter", format!(
                        "operation `{}` has no {loc} parameter `{name}`; only undeclared headers can be sent for now",
                        op.operation_id
                    ));
                }
                Some(other) => {
                    self.error(
                        &format!("{pp}/in"),
                        "invalid-parameter",
                        format!("`in: {other}` is not one of path, query, header, cookie"),
                    );
                }
                None => {
                    let d = self.doc.error_at_key(&format!("{pp}/name"), "missing-in", format!(
                        "parameter `{name}` needs `in` (path, query, header or cookie): operation `{}` does not declare it",
                        op.operation_id
                    ));
                    self.diags.push(d);
                }
            }
        }
        args
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
            other => Some(Sourced { value: Value::Json(other.clone()), text: other.to_string() }),
        }
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
                            parts.push(self.expression(pointer, &e, inputs, done, all, ctx.as_deref_mut())?)
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
                    if let Some(best) = closest(name, &names) {
                        d = d.with_help(format!("did you mean `$inputs.{best}`?"));
                    }
                    self.diags.push(d);
                    return None;
                };
                if p.is_some() {
                    self.error(pointer, "unsupported", "JSON pointers into inputs are not supported yet");
                    return None;
                }
                Some(Value::Input { field: input.field.clone(), ty: input.ty.clone() })
            }
            Expr::StepOutput { step, output, pointer: p } => {
                let Some(target) = done.iter().find(|s| &s.id == step) else {
                    if all.iter().any(|s| &s.step_id == step) {
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
                        if let Some(best) = closest(step, &ids) {
                            d = d.with_help(format!("did you mean `{best}`?"));
                        }
                        self.diags.push(d);
                    }
                    return None;
                };
                let Some(out) = target.outputs.iter().find(|o| &o.name == output) else {
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
                if p.is_some() {
                    self.error(pointer, "unsupported", "JSON pointers into step outputs are not supported yet");
                    return None;
                }
                let ty = out.value.value.ty();
                Some(Value::StepOutput {
                    step: target.field.clone(),
                    field: out.field.clone(),
                    ty: TyOpt::opt(ty.ty),
                    field_optional: ty.optional,
                })
            }
            Expr::StatusCode | Expr::Response(_) => {
                let Some(ctx) = ctx else {
                    self.error(pointer, "no-response", format!("`{e}` reads a response, and there is none here"));
                    return None;
                };
                match e {
                    Expr::StatusCode => Some(Value::StatusCode),
                    Expr::Response(Source::Header(_)) if ctx.failure => {
                        self.error(
                            pointer,
                            "unsupported",
                            "the criteria of `onFailure` actions cannot read response headers yet",
                        );
                        None
                    }
                    Expr::Response(Source::Header(h)) => {
                        ctx.reads_headers = true;
                        Some(Value::ResponseHeader(h.to_ascii_lowercase()))
                    }
                    Expr::Response(Source::Body(p)) => self.body_value(pointer, ctx, p.as_deref()),
                    _ => {
                        self.error(pointer, "unsupported", format!("`{e}` is not supported yet"));
                        None
                    }
                }
            }
            _ => {
                self.error(pointer, "unsupported", format!("`{e}` is not supported in this position yet"));
                None
            }
        }
    }

    fn body_value(&mut self, pointer: &str, ctx: &mut StepCtx, p: Option<&str>) -> Option<Value> {
        if !ctx.resolved {
            // The operation is unknown (reported): nothing to check the body against.
            return Some(Value::BodyPointer(p.unwrap_or_default().to_string()));
        }
        if ctx.failure {
            self.error(
                pointer,
                "unsupported",
                "the criteria of `onFailure` actions can read `$statusCode`, inputs and step outputs, not the response yet",
            );
            return None;
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
                        if let Some(best) = closest(first, &names) {
                            d = d.with_help(format!("did you mean `{best}`?"));
                        }
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
        self.check_extra(cp, &c.extra, &["context", "condition", "type"]);
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
                let Some(value) = context else {
                    let d = self.doc.error_at_key(
                        &format!("{cp}/type"),
                        "missing-context",
                        "a `regex` criterion needs a `context`",
                    );
                    self.diags.push(d);
                    return None;
                };
                if let Err(e) = regex::Regex::new(&c.condition) {
                    self.error(&condp, "invalid-regex", format!("invalid regular expression: {e}"));
                    return None;
                }
                Some(Cond::Regex { value, pattern: c.condition.clone() })
            }
            "jsonpath" => {
                if let Some(v) = version.as_deref().filter(|v| *v != "rfc9535") {
                    self.error(
                        &format!("{cp}/type/version"),
                        "unsupported",
                        format!("JSONPath version `{v}` is not supported; use `rfc9535`"),
                    );
                    return None;
                }
                let Some(value) = context else {
                    let d = self.doc.error_at_key(
                        &format!("{cp}/type"),
                        "missing-context",
                        "a `jsonpath` criterion needs a `context`",
                    );
                    self.diags.push(d);
                    return None;
                };
                let query_error = match serde_json_path::JsonPath::parse(&c.condition) {
                    Ok(_) => return Some(Cond::JsonPathQuery { value, query: c.condition.clone() }),
                    Err(e) => e.to_string(),
                };
                match criteria::parse_jsonpath_expression(&c.condition) {
                    Ok(Some(ast)) => self.lower_ast(&condp, &ast, Some(&value), inputs, done, all, ctx),
                    Ok(None) => {
                        self.error(
                            &condp,
                            "invalid-jsonpath",
                            format!("invalid RFC 9535 JSONPath query: {query_error}"),
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
                self.error(
                    &format!("{cp}/type"),
                    "unsupported",
                    "`xpath` criteria are not supported: this generator evaluates no XPath version yet",
                );
                None
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
                    || matches!(lt, Ty::Json)
                    || matches!(rt, Ty::Json)
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
                    && (matches!(lt, Ty::Bool | Ty::Json | Ty::Body | Ty::Named(_))
                        || matches!(rt, Ty::Bool | Ty::Body | Ty::Named(_)))
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
                    _ => {
                        self.error(
                            pointer,
                            "unsupported",
                            "JSONPath conditions read the response body (`context: $response.body`) for now",
                        );
                        return None;
                    }
                }
            }
        })
    }
}

fn describe(v: &Value) -> String {
    let t = match v.ty().ty {
        Ty::String => "a string",
        Ty::I64 | Ty::U16 => "an integer",
        Ty::F64 => "a number",
        Ty::Bool => "a boolean",
        Ty::Json => "a JSON value",
        Ty::Named(_) => "an object",
        Ty::Body => "a file",
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
fn param_type(schema: &Json) -> Ty {
    match schema.get("type").and_then(Json::as_str) {
        Some("string") if schema.get("format").is_none() && schema.get("enum").is_none() => Ty::String,
        Some("integer") if schema.get("format").is_none() && schema.get("minimum").is_none() => Ty::I64,
        Some("boolean") => Ty::Bool,
        _ => Ty::Json,
    }
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
        Some("string") if schema.get("format").is_none() && schema.get("enum").is_none() => Some(Ty::String),
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
        return (ir::BodyKind::Stream, None);
    }
    let Some(schema) = content.get("application/json").and_then(|m| m.get("schema")) else {
        return (ir::BodyKind::Empty, None);
    };
    let ty = match schema.get("$ref").and_then(Json::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")) {
        Some(name) => Ty::Named(sanitize(&name.replace("~1", "/").replace("~0", "~"), Case::Pascal)),
        None => Ty::Json,
    };
    let resolved = openapi::resolve(root, schema).cloned();
    (ir::BodyKind::Typed(TyOpt::req(ty)), resolved)
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
