//! The Arazzo 1.0 document model (the parts the generator reads), deserialised from a
//! loaded [`Document`](crate::load::Document).
//!
//! Unknown fields are collected in `extra` so that validation can report them (only
//! `x-` extensions are allowed by the specification).

use serde::Deserialize;
use serde_json::{Map, Value};

/// An Arazzo description.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Arazzo {
    /// The Arazzo version, e.g. `1.0.1`.
    pub arazzo: String,
    /// Metadata.
    pub info: Info,
    /// The APIs and Arazzo documents the workflows use.
    pub source_descriptions: Vec<SourceDescription>,
    /// The workflows.
    pub workflows: Vec<Workflow>,
    /// Reusable objects.
    #[serde(default)]
    pub components: Option<Map<String, Value>>,
    /// Everything else (`x-` extensions, or mistakes).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The Info object.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Info {
    /// Title.
    pub title: String,
    /// Short summary.
    #[serde(default)]
    pub summary: Option<String>,
    /// Long description (CommonMark).
    #[serde(default)]
    pub description: Option<String>,
    /// Version of the document.
    pub version: String,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A Source Description object.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceDescription {
    /// The name steps use to refer to it.
    pub name: String,
    /// Where the document is (relative to the Arazzo file, or absolute).
    pub url: String,
    /// `openapi` or `arazzo`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A Workflow object.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workflow {
    /// Unique id.
    pub workflow_id: String,
    /// Summary.
    #[serde(default)]
    pub summary: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// JSON Schema of the inputs.
    #[serde(default)]
    pub inputs: Option<Value>,
    /// Workflows that must run first.
    #[serde(default)]
    pub depends_on: Vec<String>,
    /// The steps.
    pub steps: Vec<Step>,
    /// Actions for every step's success.
    #[serde(default)]
    pub success_actions: Vec<Value>,
    /// Actions for every step's failure.
    #[serde(default)]
    pub failure_actions: Vec<Value>,
    /// Workflow outputs: name → runtime expression.
    #[serde(default)]
    pub outputs: Map<String, Value>,
    /// Parameters for every step.
    #[serde(default)]
    pub parameters: Vec<Value>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A Step object.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// Unique id within the workflow.
    pub step_id: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// The operation to call, by id.
    #[serde(default)]
    pub operation_id: Option<String>,
    /// The operation to call, by JSON pointer into a source.
    #[serde(default)]
    pub operation_path: Option<String>,
    /// The workflow to call.
    #[serde(default)]
    pub workflow_id: Option<String>,
    /// Parameters (Parameter objects or Reusable objects).
    #[serde(default)]
    pub parameters: Vec<Value>,
    /// The request body.
    #[serde(default)]
    pub request_body: Option<Value>,
    /// All must hold for the step to succeed.
    #[serde(default)]
    pub success_criteria: Vec<Value>,
    /// Actions on success.
    #[serde(default)]
    pub on_success: Vec<Value>,
    /// Actions on failure.
    #[serde(default)]
    pub on_failure: Vec<Value>,
    /// Step outputs: name → runtime expression.
    #[serde(default)]
    pub outputs: Map<String, Value>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A Parameter object.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameter {
    /// Name.
    pub name: String,
    /// `path`, `query`, `header` or `cookie`.
    #[serde(default, rename = "in")]
    pub location: Option<String>,
    /// A constant or a runtime expression.
    pub value: Value,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A Criterion object.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Criterion {
    /// Runtime expression the condition is evaluated against.
    #[serde(default)]
    pub context: Option<String>,
    /// The condition.
    pub condition: String,
    /// `simple`, `regex`, `jsonpath`, `xpath`, or a Criterion Expression Type object.
    #[serde(default, rename = "type")]
    pub kind: Option<Value>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A Success or Failure Action object.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    /// Name.
    pub name: String,
    /// `end`, `goto` or (failure only) `retry`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Workflow to go to.
    #[serde(default)]
    pub workflow_id: Option<String>,
    /// Step to go to.
    #[serde(default)]
    pub step_id: Option<String>,
    /// Seconds to wait before retrying.
    #[serde(default)]
    pub retry_after: Option<f64>,
    /// How many retries.
    #[serde(default)]
    pub retry_limit: Option<u64>,
    /// All must hold for the action to apply.
    #[serde(default)]
    pub criteria: Vec<Value>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Deserialises `value` (found at `pointer` in `doc`) into `T`, turning a type error
/// into a diagnostic at the exact node.
pub fn from_value<T: serde::de::DeserializeOwned>(
    doc: &crate::load::Document,
    pointer: &str,
    value: &Value,
) -> Result<T, crate::Diagnostic> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut at = pointer.to_string();
        for segment in e.path().iter() {
            use serde_path_to_error::Segment;
            match segment {
                Segment::Seq { index } => at.push_str(&format!("/{index}")),
                Segment::Map { key } | Segment::Enum { variant: key } => {
                    at.push('/');
                    at.push_str(&crate::load::escape_token(key));
                }
                Segment::Unknown => {}
            }
        }
        let inner = e.into_inner().to_string();
        doc.error_at(&at, "invalid-type", format!("invalid document: {inner}"))
    })
}
