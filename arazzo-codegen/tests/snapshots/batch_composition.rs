// @generated from tests/batch-tools/workflows/batch-composition.arazzo.yml by arazzo-codegen; checked by tests/snapshot.rs.
const _: &[u8] = include_bytes!(
    "../../../tests/batch-tools/workflows/batch-composition.arazzo.yml"
);
const _: &[u8] = include_bytes!("../../../openapi/openai-openapi-master.yml");
const _: () = if !generated_client::arazzo_runtime::has_operation(
    generated_client::ARAZZO_OPERATIONS,
    "cancelBatch",
) {
    ::core::panic!(
        "operation `cancelBatch` is not in the generated client: add the workflow that uses it to the list in the client crate's build.rs (see the README, \"Adding your own workflow\")"
    )
};
const _: () = if !generated_client::arazzo_runtime::has_operation(
    generated_client::ARAZZO_OPERATIONS,
    "listBatches",
) {
    ::core::panic!(
        "operation `listBatches` is not in the generated client: add the workflow that uses it to the list in the client crate's build.rs (see the README, \"Adding your own workflow\")"
    )
};
const _: () = if !generated_client::arazzo_runtime::has_operation(
    generated_client::ARAZZO_OPERATIONS,
    "retrieveBatch",
) {
    ::core::panic!(
        "operation `retrieveBatch` is not in the generated client: add the workflow that uses it to the list in the client crate's build.rs (see the README, \"Adding your own workflow\")"
    )
};
/// Inputs of workflow `batch-status`.
#[derive(
    Clone,
    generated_client::arazzo_runtime::serde::Deserialize,
    generated_client::arazzo_runtime::serde::Serialize
)]
#[serde(crate = "generated_client::arazzo_runtime::serde")]
#[allow(clippy::all)]
pub struct BatchStatusInputs {
    /// OpenAI API key.
    #[serde(rename = "apiKey")]
    pub api_key: ::std::string::String,
    /// The batch.
    #[serde(rename = "batchId")]
    pub batch_id: ::std::string::String,
}
impl ::core::fmt::Debug for BatchStatusInputs {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("BatchStatusInputs")
            .field("api_key", &"<redacted>")
            .field("batch_id", &self.batch_id)
            .finish()
    }
}
/// Outputs of step `read`
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct BatchStatusReadOutputs {
    /// `status`: `$response.body#/status`
    pub status: ::core::option::Option<::std::string::String>,
}
/// Which way workflow `batch-status` ended.
#[derive(Debug)]
#[allow(clippy::all)]
pub enum BatchStatusEnd {
    /// The last step succeeded and no action ended the workflow earlier.
    Completed,
}
/// Outputs of workflow `batch-status`.
#[derive(Debug)]
#[allow(clippy::all)]
pub struct BatchStatusOutputs {
    /// `status`: `$steps.read.outputs.status`
    pub status: ::core::option::Option<::std::string::String>,
    /// `orgParameter`: `$components.parameters.org`
    pub org_parameter: ::core::option::Option<
        generated_client::arazzo_runtime::serde_json::Value,
    >,
    /// Which way the workflow ended.
    pub end: BatchStatusEnd,
    /// The HTTP status of the last response the workflow received (what
    /// `$statusCode` means in a step that calls this workflow).
    pub last_status: ::core::option::Option<u16>,
    /// The stepIds of the steps that completed, in document order (what an
    /// Arazzo 1.1 step-level `dependsOn` on them checks).
    pub completed_steps: ::std::vec::Vec<&'static str>,
}
#[allow(clippy::all)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BatchStatusStep {
    Read,
}
/// Read a batch's status.
#[allow(
    clippy::all,
    unused_variables,
    unused_mut,
    unreachable_code,
    unused_assignments,
    unused_parens
)]
pub async fn batch_status(
    client: &generated_client::Client,
    inputs: BatchStatusInputs,
) -> ::core::result::Result<
    BatchStatusOutputs,
    generated_client::arazzo_runtime::WorkflowError,
> {
    let secrets: &[&str] = &[inputs.api_key.as_str()];
    let mut step_read: ::core::option::Option<BatchStatusReadOutputs> = None;
    let mut next = BatchStatusStep::Read;
    let mut transitions: u32 = 0;
    let mut last_status: ::core::option::Option<u16> = None;
    let end = loop {
        transitions += 1;
        if transitions > 10000u32 {
            return Err(generated_client::arazzo_runtime::WorkflowError::StepLimit {
                workflow: "batch-status",
                limit: 10000u32,
            });
        }
        match next {
            BatchStatusStep::Read => {
                let arg0: ::std::string::String = inputs.batch_id.clone();
                generated_client::arazzo_runtime::check_path_segment(
                    "read",
                    "$inputs.batchId",
                    &arg0,
                )?;
                let mut extras = generated_client::arazzo_runtime::Extras::new();
                generated_client::arazzo_runtime::push_extra(
                    &mut extras,
                    generated_client::arazzo_runtime::Place::Header,
                    "Authorization",
                    &format!("Bearer {}", inputs.api_key),
                    "simple",
                    false,
                );
                generated_client::arazzo_runtime::push_extra(
                    &mut extras,
                    generated_client::arazzo_runtime::Place::Header,
                    "OpenAI-Organization",
                    &::std::string::String::from("org-composition"),
                    "simple",
                    false,
                );
                generated_client::arazzo_runtime::push_extra(
                    &mut extras,
                    generated_client::arazzo_runtime::Place::Cookie,
                    "trace",
                    &format!("composition-{}", inputs.batch_id),
                    "form",
                    true,
                );
                let started = ::std::time::Instant::now();
                let response = match generated_client::arazzo_runtime::tracing::Instrument::instrument(
                        generated_client::arazzo_runtime::with_extras(
                            extras,
                            client.retrieve_batch(arg0.as_str()),
                        ),
                        generated_client::arazzo_runtime::tracing::info_span!(
                            "step", workflow = "batch-status", step = "read", operation =
                            "retrieveBatch"
                        ),
                    )
                    .await
                {
                    Ok(response) => response,
                    Err(e) => {
                        let error = generated_client::arazzo_runtime::WorkflowError::from_client(
                                "read",
                                e,
                                secrets,
                            )
                            .await;
                        generated_client::arazzo_runtime::step_done(
                            "batch-status",
                            "read",
                            "retrieveBatch",
                            error.status(),
                            started,
                        );
                        last_status = error.status().or(last_status);
                        let status: u16 = error.status().unwrap_or(0);
                        if status == 404u16 {
                            return Err(error);
                        }
                        return Err(error);
                    }
                };
                let status = response.status().as_u16();
                last_status = Some(status);
                generated_client::arazzo_runtime::step_done(
                    "batch-status",
                    "read",
                    "retrieveBatch",
                    Some(status),
                    started,
                );
                let body = response.into_inner();
                if !(status == 200u16) {
                    let error = generated_client::arazzo_runtime::WorkflowError::CriteriaNotMet {
                        step: "read",
                        status,
                        criterion: "$statusCode == 200",
                    };
                    if status == 404u16 {
                        return Err(error);
                    }
                    return Err(error);
                }
                let outputs = BatchStatusReadOutputs {
                    status: body.status.clone(),
                };
                step_read = Some(outputs);
                break BatchStatusEnd::Completed;
            }
        }
    };
    let mut completed_steps = ::std::vec::Vec::new();
    if step_read.is_some() {
        completed_steps.push("read");
    }
    Ok(BatchStatusOutputs {
        status: step_read.as_ref().and_then(|o| o.status.clone()),
        org_parameter: Some(
            generated_client::arazzo_runtime::serde_json::from_str::<
                generated_client::arazzo_runtime::serde_json::Value,
            >(
                    "{\"name\":\"OpenAI-Organization\",\"in\":\"header\",\"value\":\"org-default\"}",
                )
                .unwrap_or_default(),
        ),
        end,
        last_status,
        completed_steps,
    })
}
/// Inputs of workflow `cancel-unless-done`.
#[derive(
    Clone,
    generated_client::arazzo_runtime::serde::Deserialize,
    generated_client::arazzo_runtime::serde::Serialize
)]
#[serde(crate = "generated_client::arazzo_runtime::serde")]
#[allow(clippy::all)]
pub struct CancelUnlessDoneInputs {
    /// OpenAI API key.
    #[serde(rename = "apiKey")]
    pub api_key: ::std::string::String,
    /// The batch.
    #[serde(rename = "batchId")]
    pub batch_id: ::std::string::String,
}
impl ::core::fmt::Debug for CancelUnlessDoneInputs {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("CancelUnlessDoneInputs")
            .field("api_key", &"<redacted>")
            .field("batch_id", &self.batch_id)
            .finish()
    }
}
/// Outputs of step `check`
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct CancelUnlessDoneCheckOutputs {
    /// `status`: `$outputs.status`
    pub status: ::core::option::Option<::std::string::String>,
}
/// Outputs of step `cancel`
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct CancelUnlessDoneCancelOutputs {
    /// `status`: `$response.body#/status`
    pub status: ::core::option::Option<::std::string::String>,
}
/// Which way workflow `cancel-unless-done` ended.
#[derive(Debug)]
#[allow(clippy::all)]
pub enum CancelUnlessDoneEnd {
    /// The last step succeeded and no action ended the workflow earlier.
    Completed,
    /// Ended by the workflow's `alreadyDone` success action.
    AlreadyDone,
}
/// Outputs of workflow `cancel-unless-done`.
#[derive(Debug)]
#[allow(clippy::all)]
pub struct CancelUnlessDoneOutputs {
    /// `before`: `$workflows.batch-status.outputs.status`
    pub before: ::core::option::Option<::std::string::String>,
    /// `checked`: `$steps.check.outputs.status`
    pub checked: ::core::option::Option<::std::string::String>,
    /// `after`: `$steps.cancel.outputs.status`
    pub after: ::core::option::Option<::std::string::String>,
    /// Which way the workflow ended.
    pub end: CancelUnlessDoneEnd,
    /// The HTTP status of the last response the workflow received (what
    /// `$statusCode` means in a step that calls this workflow).
    pub last_status: ::core::option::Option<u16>,
    /// The stepIds of the steps that completed, in document order (what an
    /// Arazzo 1.1 step-level `dependsOn` on them checks).
    pub completed_steps: ::std::vec::Vec<&'static str>,
}
#[allow(clippy::all)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CancelUnlessDoneStep {
    Check,
    Cancel,
}
/// Cancel a batch unless it has already completed.
///
/// Runs `batch-status` first (`dependsOn`), then again as a step, and cancels the batch unless the workflow-level success action sees it completed.
#[allow(
    clippy::all,
    unused_variables,
    unused_mut,
    unreachable_code,
    unused_assignments,
    unused_parens
)]
pub async fn cancel_unless_done(
    client: &generated_client::Client,
    inputs: CancelUnlessDoneInputs,
) -> ::core::result::Result<
    CancelUnlessDoneOutputs,
    generated_client::arazzo_runtime::WorkflowError,
> {
    let secrets: &[&str] = &[inputs.api_key.as_str()];
    let dep_batch_status = {
        let input0: ::std::string::String = inputs.api_key.clone();
        let input1: ::std::string::String = inputs.batch_id.clone();
        let result = ::std::boxed::Box::pin(
                batch_status(
                    client,
                    BatchStatusInputs {
                        api_key: input0,
                        batch_id: input1,
                    },
                ),
            )
            .await;
        result?
    };
    let mut step_check: ::core::option::Option<CancelUnlessDoneCheckOutputs> = None;
    let mut callee_check: ::core::option::Option<
        ::std::boxed::Box<BatchStatusOutputs>,
    > = None;
    let mut step_cancel: ::core::option::Option<CancelUnlessDoneCancelOutputs> = None;
    let mut next = CancelUnlessDoneStep::Check;
    let mut transitions: u32 = 0;
    let mut last_status: ::core::option::Option<u16> = None;
    let end = loop {
        transitions += 1;
        if transitions > 10000u32 {
            return Err(generated_client::arazzo_runtime::WorkflowError::StepLimit {
                workflow: "cancel-unless-done",
                limit: 10000u32,
            });
        }
        match next {
            CancelUnlessDoneStep::Check => {
                let input0: ::std::string::String = inputs.api_key.clone();
                let input1: ::std::string::String = inputs.batch_id.clone();
                let result = ::std::boxed::Box::pin(
                        batch_status(
                            client,
                            BatchStatusInputs {
                                api_key: input0,
                                batch_id: input1,
                            },
                        ),
                    )
                    .await;
                let callee = match result {
                    Ok(callee) => callee,
                    Err(error) => {
                        return Err(error);
                    }
                };
                let callee = &**callee_check.insert(::std::boxed::Box::new(callee));
                last_status = callee.last_status.or(last_status);
                let status: u16 = callee.last_status.unwrap_or(0);
                let outputs = CancelUnlessDoneCheckOutputs {
                    status: callee.status.clone(),
                };
                if generated_client::arazzo_runtime::eq_ignore_case(
                    (callee.status.clone()).as_deref(),
                    Some("completed"),
                ) {
                    step_check = Some(outputs);
                    break CancelUnlessDoneEnd::AlreadyDone;
                }
                step_check = Some(outputs);
                next = CancelUnlessDoneStep::Cancel;
            }
            CancelUnlessDoneStep::Cancel => {
                let arg0: ::std::string::String = inputs.batch_id.clone();
                generated_client::arazzo_runtime::check_path_segment(
                    "cancel",
                    "$inputs.batchId",
                    &arg0,
                )?;
                let mut extras = generated_client::arazzo_runtime::Extras::new();
                generated_client::arazzo_runtime::push_extra(
                    &mut extras,
                    generated_client::arazzo_runtime::Place::Header,
                    "Authorization",
                    &format!("Bearer {}", inputs.api_key),
                    "simple",
                    false,
                );
                generated_client::arazzo_runtime::push_extra(
                    &mut extras,
                    generated_client::arazzo_runtime::Place::Query,
                    "reason",
                    &::std::string::String::from("composition-test"),
                    "form",
                    true,
                );
                let started = ::std::time::Instant::now();
                let response = match generated_client::arazzo_runtime::tracing::Instrument::instrument(
                        generated_client::arazzo_runtime::with_extras(
                            extras,
                            client.cancel_batch(arg0.as_str()),
                        ),
                        generated_client::arazzo_runtime::tracing::info_span!(
                            "step", workflow = "cancel-unless-done", step = "cancel",
                            operation = "cancelBatch"
                        ),
                    )
                    .await
                {
                    Ok(response) => response,
                    Err(e) => {
                        let error = generated_client::arazzo_runtime::WorkflowError::from_client(
                                "cancel",
                                e,
                                secrets,
                            )
                            .await;
                        generated_client::arazzo_runtime::step_done(
                            "cancel-unless-done",
                            "cancel",
                            "cancelBatch",
                            error.status(),
                            started,
                        );
                        return Err(error);
                    }
                };
                let status = response.status().as_u16();
                last_status = Some(status);
                generated_client::arazzo_runtime::step_done(
                    "cancel-unless-done",
                    "cancel",
                    "cancelBatch",
                    Some(status),
                    started,
                );
                let body = response.into_inner();
                let outputs = CancelUnlessDoneCancelOutputs {
                    status: body.status.clone(),
                };
                if generated_client::arazzo_runtime::eq_ignore_case(
                    (dep_batch_status.status.clone()).as_deref(),
                    Some("completed"),
                ) {
                    step_cancel = Some(outputs);
                    break CancelUnlessDoneEnd::AlreadyDone;
                }
                step_cancel = Some(outputs);
                break CancelUnlessDoneEnd::Completed;
            }
        }
    };
    let mut completed_steps = ::std::vec::Vec::new();
    if step_check.is_some() {
        completed_steps.push("check");
    }
    if step_cancel.is_some() {
        completed_steps.push("cancel");
    }
    Ok(CancelUnlessDoneOutputs {
        before: dep_batch_status.status.clone(),
        checked: step_check.as_ref().and_then(|o| o.status.clone()),
        after: step_cancel.as_ref().and_then(|o| o.status.clone()),
        end,
        last_status,
        completed_steps,
    })
}
/// Inputs of workflow `list-page`.
#[derive(
    Clone,
    generated_client::arazzo_runtime::serde::Deserialize,
    generated_client::arazzo_runtime::serde::Serialize
)]
#[serde(crate = "generated_client::arazzo_runtime::serde")]
#[allow(clippy::all)]
pub struct ListPageInputs {
    #[serde(rename = "apiKey")]
    pub api_key: ::std::string::String,
    /// Which page.
    #[serde(rename = "page")]
    pub page: ListPageInputsPage,
    /// The status the first batch should have.
    #[serde(rename = "expect")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: ::core::option::Option<ListPageInputsExpect>,
    #[serde(rename = "tags")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: ::core::option::Option<::std::vec::Vec<::std::string::String>>,
}
impl ::core::fmt::Debug for ListPageInputs {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("ListPageInputs")
            .field("api_key", &"<redacted>")
            .field("page", &self.page)
            .field("expect", &self.expect)
            .field("tags", &self.tags)
            .finish()
    }
}
/// Which page.
#[derive(
    Clone,
    Debug,
    PartialEq,
    generated_client::arazzo_runtime::serde::Deserialize,
    generated_client::arazzo_runtime::serde::Serialize
)]
#[serde(crate = "generated_client::arazzo_runtime::serde")]
#[allow(clippy::all)]
pub struct ListPageInputsPage {
    #[serde(rename = "limit")]
    pub limit: i64,
    #[serde(rename = "after")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: ::core::option::Option<::std::string::String>,
}
impl generated_client::arazzo_runtime::ToText for ListPageInputsPage {
    fn to_text(&self) -> ::std::string::String {
        generated_client::arazzo_runtime::ToText::to_text(
            &generated_client::arazzo_runtime::serde_json::to_value(self)
                .unwrap_or_default(),
        )
    }
}
impl generated_client::arazzo_runtime::Truthy for ListPageInputsPage {
    fn truthy(&self) -> bool {
        true
    }
}
/// The status the first batch should have.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    generated_client::arazzo_runtime::serde::Deserialize,
    generated_client::arazzo_runtime::serde::Serialize
)]
#[serde(crate = "generated_client::arazzo_runtime::serde")]
#[allow(clippy::all)]
pub enum ListPageInputsExpect {
    /// `in_progress`
    #[serde(rename = "in_progress")]
    InProgress,
    /// `completed`
    #[serde(rename = "completed")]
    Completed,
    /// `failed`
    #[serde(rename = "failed")]
    Failed,
}
impl generated_client::arazzo_runtime::ToText for ListPageInputsExpect {
    fn to_text(&self) -> ::std::string::String {
        generated_client::arazzo_runtime::ToText::to_text(
            &generated_client::arazzo_runtime::serde_json::to_value(self)
                .unwrap_or_default(),
        )
    }
}
impl generated_client::arazzo_runtime::Truthy for ListPageInputsExpect {
    fn truthy(&self) -> bool {
        true
    }
}
/// Outputs of step `list`
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct ListPageListOutputs {
    /// `firstId`: `$response.body#/first_id`
    pub first_id: ::core::option::Option<::std::string::String>,
}
/// Which way workflow `list-page` ended.
#[derive(Debug)]
#[allow(clippy::all)]
pub enum ListPageEnd {
    /// The last step succeeded and no action ended the workflow earlier.
    Completed,
    /// Ended by the `firstAsExpected` action of step `list`.
    FirstAsExpected(ListPageListOutputs),
}
/// Outputs of workflow `list-page`.
#[derive(Debug)]
#[allow(clippy::all)]
pub struct ListPageOutputs {
    /// `firstId`: `$steps.list.outputs.firstId`
    pub first_id: ::core::option::Option<::std::string::String>,
    /// `expected`: `$inputs.expect`
    pub expected: ::core::option::Option<ListPageInputsExpect>,
    /// Which way the workflow ended.
    pub end: ListPageEnd,
    /// The HTTP status of the last response the workflow received (what
    /// `$statusCode` means in a step that calls this workflow).
    pub last_status: ::core::option::Option<u16>,
    /// The stepIds of the steps that completed, in document order (what an
    /// Arazzo 1.1 step-level `dependsOn` on them checks).
    pub completed_steps: ::std::vec::Vec<&'static str>,
}
#[allow(clippy::all)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListPageStep {
    List,
}
/// List one page of batches, with typed, nested inputs.
#[allow(
    clippy::all,
    unused_variables,
    unused_mut,
    unreachable_code,
    unused_assignments,
    unused_parens
)]
pub async fn list_page(
    client: &generated_client::Client,
    inputs: ListPageInputs,
) -> ::core::result::Result<
    ListPageOutputs,
    generated_client::arazzo_runtime::WorkflowError,
> {
    let secrets: &[&str] = &[inputs.api_key.as_str()];
    let mut step_list: ::core::option::Option<ListPageListOutputs> = None;
    let mut next = ListPageStep::List;
    let mut transitions: u32 = 0;
    let mut last_status: ::core::option::Option<u16> = None;
    let end = loop {
        transitions += 1;
        if transitions > 10000u32 {
            return Err(generated_client::arazzo_runtime::WorkflowError::StepLimit {
                workflow: "list-page",
                limit: 10000u32,
            });
        }
        match next {
            ListPageStep::List => {
                let arg0: ::core::option::Option<::std::string::String> = match generated_client::arazzo_runtime::json_pointer(
                    &Some(inputs.page.clone()),
                    "/after",
                ) {
                    Some(v) => Some(generated_client::arazzo_runtime::Display::val(&v)),
                    None => None,
                };
                let arg1: ::core::option::Option<i64> = match generated_client::arazzo_runtime::json_pointer(
                    &Some(inputs.page.clone()),
                    "/limit",
                ) {
                    Some(v) => {
                        Some(
                            v
                                .as_i64()
                                .ok_or(generated_client::arazzo_runtime::WorkflowError::InvalidValue {
                                    step: "list",
                                    expression: "$inputs.page#/limit",
                                    expected: "an integer",
                                })?,
                        )
                    }
                    None => None,
                };
                let mut extras = generated_client::arazzo_runtime::Extras::new();
                generated_client::arazzo_runtime::push_extra(
                    &mut extras,
                    generated_client::arazzo_runtime::Place::Header,
                    "Authorization",
                    &format!("Bearer {}", inputs.api_key),
                    "simple",
                    false,
                );
                generated_client::arazzo_runtime::push_extra(
                    &mut extras,
                    generated_client::arazzo_runtime::Place::Query,
                    "tag",
                    &format!(
                        "{}", generated_client::arazzo_runtime::Display::opt(& inputs
                        .tags.clone())
                    ),
                    "form",
                    true,
                );
                let started = ::std::time::Instant::now();
                let response = match generated_client::arazzo_runtime::tracing::Instrument::instrument(
                        generated_client::arazzo_runtime::with_extras(
                            extras,
                            client.list_batches(arg0.as_deref(), arg1),
                        ),
                        generated_client::arazzo_runtime::tracing::info_span!(
                            "step", workflow = "list-page", step = "list", operation =
                            "listBatches"
                        ),
                    )
                    .await
                {
                    Ok(response) => response,
                    Err(e) => {
                        let error = generated_client::arazzo_runtime::WorkflowError::from_client(
                                "list",
                                e,
                                secrets,
                            )
                            .await;
                        generated_client::arazzo_runtime::step_done(
                            "list-page",
                            "list",
                            "listBatches",
                            error.status(),
                            started,
                        );
                        return Err(error);
                    }
                };
                let status = response.status().as_u16();
                last_status = Some(status);
                generated_client::arazzo_runtime::step_done(
                    "list-page",
                    "list",
                    "listBatches",
                    Some(status),
                    started,
                );
                let body = response.into_inner();
                if !(status == 200u16) {
                    return Err(generated_client::arazzo_runtime::WorkflowError::CriteriaNotMet {
                        step: "list",
                        status,
                        criterion: "$statusCode == 200",
                    });
                }
                let outputs = ListPageListOutputs {
                    first_id: body.first_id.clone(),
                };
                if generated_client::arazzo_runtime::compare_simple(
                    &inputs.expect.clone(),
                    generated_client::arazzo_runtime::CmpOp::Eq,
                    &::std::string::String::from("in_progress"),
                ) {
                    let end = ListPageEnd::FirstAsExpected(outputs.clone());
                    step_list = Some(outputs);
                    break end;
                }
                step_list = Some(outputs);
                break ListPageEnd::Completed;
            }
        }
    };
    let mut completed_steps = ::std::vec::Vec::new();
    if step_list.is_some() {
        completed_steps.push("list");
    }
    Ok(ListPageOutputs {
        first_id: step_list.as_ref().and_then(|o| o.first_id.clone()),
        expected: inputs.expect.clone(),
        end,
        last_status,
        completed_steps,
    })
}
/// Inputs of workflow `status-via-step`.
#[derive(
    Clone,
    generated_client::arazzo_runtime::serde::Deserialize,
    generated_client::arazzo_runtime::serde::Serialize
)]
#[serde(crate = "generated_client::arazzo_runtime::serde")]
#[allow(clippy::all)]
pub struct StatusViaStepInputs {
    /// OpenAI API key.
    #[serde(rename = "apiKey")]
    pub api_key: ::std::string::String,
    /// The batch.
    #[serde(rename = "batchId")]
    pub batch_id: ::std::string::String,
}
impl ::core::fmt::Debug for StatusViaStepInputs {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("StatusViaStepInputs")
            .field("api_key", &"<redacted>")
            .field("batch_id", &self.batch_id)
            .finish()
    }
}
/// Outputs of step `callStatus`
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct StatusViaStepCallStatusOutputs {}
/// Which way workflow `status-via-step` ended.
#[derive(Debug)]
#[allow(clippy::all)]
pub enum StatusViaStepEnd {
    /// The last step succeeded and no action ended the workflow earlier.
    Completed,
}
/// Outputs of workflow `status-via-step`.
#[derive(Debug)]
#[allow(clippy::all)]
pub struct StatusViaStepOutputs {
    /// `status`: `$workflows.batch-status.outputs.status`
    pub status: ::core::option::Option<::std::string::String>,
    /// Which way the workflow ended.
    pub end: StatusViaStepEnd,
    /// The HTTP status of the last response the workflow received (what
    /// `$statusCode` means in a step that calls this workflow).
    pub last_status: ::core::option::Option<u16>,
    /// The stepIds of the steps that completed, in document order (what an
    /// Arazzo 1.1 step-level `dependsOn` on them checks).
    pub completed_steps: ::std::vec::Vec<&'static str>,
}
#[allow(clippy::all)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StatusViaStepStep {
    CallStatus,
}
/// Read a batch's status through a sub-workflow, and read the sub-workflow's outputs later.
#[allow(
    clippy::all,
    unused_variables,
    unused_mut,
    unreachable_code,
    unused_assignments,
    unused_parens
)]
pub async fn status_via_step(
    client: &generated_client::Client,
    inputs: StatusViaStepInputs,
) -> ::core::result::Result<
    StatusViaStepOutputs,
    generated_client::arazzo_runtime::WorkflowError,
> {
    let secrets: &[&str] = &[inputs.api_key.as_str()];
    let mut step_call_status: ::core::option::Option<StatusViaStepCallStatusOutputs> = None;
    let mut callee_call_status: ::core::option::Option<
        ::std::boxed::Box<BatchStatusOutputs>,
    > = None;
    let mut next = StatusViaStepStep::CallStatus;
    let mut transitions: u32 = 0;
    let mut last_status: ::core::option::Option<u16> = None;
    let end = loop {
        transitions += 1;
        if transitions > 10000u32 {
            return Err(generated_client::arazzo_runtime::WorkflowError::StepLimit {
                workflow: "status-via-step",
                limit: 10000u32,
            });
        }
        match next {
            StatusViaStepStep::CallStatus => {
                let input0: ::std::string::String = inputs.api_key.clone();
                let input1: ::std::string::String = inputs.batch_id.clone();
                let result = ::std::boxed::Box::pin(
                        batch_status(
                            client,
                            BatchStatusInputs {
                                api_key: input0,
                                batch_id: input1,
                            },
                        ),
                    )
                    .await;
                let callee = match result {
                    Ok(callee) => callee,
                    Err(error) => {
                        return Err(error);
                    }
                };
                let callee = &**callee_call_status
                    .insert(::std::boxed::Box::new(callee));
                last_status = callee.last_status.or(last_status);
                let status: u16 = callee.last_status.unwrap_or(0);
                if !(status == 200u16) {
                    return Err(generated_client::arazzo_runtime::WorkflowError::CriteriaNotMet {
                        step: "callStatus",
                        status,
                        criterion: "$statusCode == 200",
                    });
                }
                let outputs = StatusViaStepCallStatusOutputs {};
                step_call_status = Some(outputs);
                break StatusViaStepEnd::Completed;
            }
        }
    };
    let mut completed_steps = ::std::vec::Vec::new();
    if step_call_status.is_some() {
        completed_steps.push("callStatus");
    }
    Ok(StatusViaStepOutputs {
        status: callee_call_status.as_ref().and_then(|o| o.status.clone()),
        end,
        last_status,
        completed_steps,
    })
}
/// Inputs of workflow `read-or-list`.
#[derive(
    Clone,
    generated_client::arazzo_runtime::serde::Deserialize,
    generated_client::arazzo_runtime::serde::Serialize
)]
#[serde(crate = "generated_client::arazzo_runtime::serde")]
#[allow(clippy::all)]
pub struct ReadOrListInputs {
    /// OpenAI API key.
    #[serde(rename = "apiKey")]
    pub api_key: ::std::string::String,
    /// The batch.
    #[serde(rename = "batchId")]
    pub batch_id: ::std::string::String,
}
impl ::core::fmt::Debug for ReadOrListInputs {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("ReadOrListInputs")
            .field("api_key", &"<redacted>")
            .field("batch_id", &self.batch_id)
            .finish()
    }
}
/// Outputs of step `read`
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct ReadOrListReadOutputs {
    /// `status`: `$response.body#/status`
    pub status: ::core::option::Option<::std::string::String>,
}
/// Outputs of step `list`
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct ReadOrListListOutputs {
    /// `newest`: `$response.body#/first_id`
    pub newest: ::core::option::Option<::std::string::String>,
}
/// Which way workflow `read-or-list` ended.
#[derive(Debug)]
#[allow(clippy::all)]
pub enum ReadOrListEnd {
    /// The last step succeeded and no action ended the workflow earlier.
    Completed,
}
/// Outputs of workflow `read-or-list`.
#[derive(Debug)]
#[allow(clippy::all)]
pub struct ReadOrListOutputs {
    /// `status`: `$steps.read.outputs.status`
    pub status: ::core::option::Option<::std::string::String>,
    /// `newest`: `$steps.list.outputs.newest`
    pub newest: ::core::option::Option<::std::string::String>,
    /// Which way the workflow ended.
    pub end: ReadOrListEnd,
    /// The HTTP status of the last response the workflow received (what
    /// `$statusCode` means in a step that calls this workflow).
    pub last_status: ::core::option::Option<u16>,
    /// The stepIds of the steps that completed, in document order (what an
    /// Arazzo 1.1 step-level `dependsOn` on them checks).
    pub completed_steps: ::std::vec::Vec<&'static str>,
}
#[allow(clippy::all)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ReadOrListStep {
    Read,
    List,
}
/// Read a batch; when the API says it does not exist, list the newest instead.
///
/// The `onFailure` criteria read the failed response: its status, its JSON body and a header.
#[allow(
    clippy::all,
    unused_variables,
    unused_mut,
    unreachable_code,
    unused_assignments,
    unused_parens
)]
pub async fn read_or_list(
    client: &generated_client::Client,
    inputs: ReadOrListInputs,
) -> ::core::result::Result<
    ReadOrListOutputs,
    generated_client::arazzo_runtime::WorkflowError,
> {
    let secrets: &[&str] = &[inputs.api_key.as_str()];
    let mut step_read: ::core::option::Option<ReadOrListReadOutputs> = None;
    let mut step_list: ::core::option::Option<ReadOrListListOutputs> = None;
    let mut next = ReadOrListStep::Read;
    let mut transitions: u32 = 0;
    let mut last_status: ::core::option::Option<u16> = None;
    let end = loop {
        transitions += 1;
        if transitions > 10000u32 {
            return Err(generated_client::arazzo_runtime::WorkflowError::StepLimit {
                workflow: "read-or-list",
                limit: 10000u32,
            });
        }
        match next {
            ReadOrListStep::Read => {
                let arg0: ::std::string::String = inputs.batch_id.clone();
                generated_client::arazzo_runtime::check_path_segment(
                    "read",
                    "$inputs.batchId",
                    &arg0,
                )?;
                let mut extras = generated_client::arazzo_runtime::Extras::new();
                generated_client::arazzo_runtime::push_extra(
                    &mut extras,
                    generated_client::arazzo_runtime::Place::Header,
                    "Authorization",
                    &format!("Bearer {}", inputs.api_key),
                    "simple",
                    false,
                );
                let started = ::std::time::Instant::now();
                let response = match generated_client::arazzo_runtime::tracing::Instrument::instrument(
                        generated_client::arazzo_runtime::with_extras(
                            extras,
                            client.retrieve_batch(arg0.as_str()),
                        ),
                        generated_client::arazzo_runtime::tracing::info_span!(
                            "step", workflow = "read-or-list", step = "read", operation =
                            "retrieveBatch"
                        ),
                    )
                    .await
                {
                    Ok(response) => response,
                    Err(e) => {
                        let error = generated_client::arazzo_runtime::WorkflowError::from_client(
                                "read",
                                e,
                                secrets,
                            )
                            .await;
                        generated_client::arazzo_runtime::step_done(
                            "read-or-list",
                            "read",
                            "retrieveBatch",
                            error.status(),
                            started,
                        );
                        last_status = error.status().or(last_status);
                        let status: u16 = error.status().unwrap_or(0);
                        if ((status == 404u16
                            && generated_client::arazzo_runtime::compare_simple(
                                &error
                                    .response_json()
                                    .and_then(|v| v.pointer("/error/type").cloned()),
                                generated_client::arazzo_runtime::CmpOp::Eq,
                                &::std::string::String::from("invalid_request_error"),
                            )))
                            && (generated_client::arazzo_runtime::regex_criterion(
                                "json",
                                &error.response_header("content-type"),
                            ))
                        {
                            next = ReadOrListStep::List;
                            continue;
                        }
                        return Err(error);
                    }
                };
                let status = response.status().as_u16();
                last_status = Some(status);
                generated_client::arazzo_runtime::step_done(
                    "read-or-list",
                    "read",
                    "retrieveBatch",
                    Some(status),
                    started,
                );
                let body = response.into_inner();
                let outputs = ReadOrListReadOutputs {
                    status: body.status.clone(),
                };
                step_read = Some(outputs);
                next = ReadOrListStep::List;
            }
            ReadOrListStep::List => {
                let arg0: ::core::option::Option<::std::string::String> = None;
                let arg1: ::core::option::Option<i64> = Some(1i64);
                let mut extras = generated_client::arazzo_runtime::Extras::new();
                generated_client::arazzo_runtime::push_extra(
                    &mut extras,
                    generated_client::arazzo_runtime::Place::Header,
                    "Authorization",
                    &format!("Bearer {}", inputs.api_key),
                    "simple",
                    false,
                );
                let started = ::std::time::Instant::now();
                let response = match generated_client::arazzo_runtime::tracing::Instrument::instrument(
                        generated_client::arazzo_runtime::with_extras(
                            extras,
                            client.list_batches(arg0.as_deref(), arg1),
                        ),
                        generated_client::arazzo_runtime::tracing::info_span!(
                            "step", workflow = "read-or-list", step = "list", operation =
                            "listBatches"
                        ),
                    )
                    .await
                {
                    Ok(response) => response,
                    Err(e) => {
                        let error = generated_client::arazzo_runtime::WorkflowError::from_client(
                                "list",
                                e,
                                secrets,
                            )
                            .await;
                        generated_client::arazzo_runtime::step_done(
                            "read-or-list",
                            "list",
                            "listBatches",
                            error.status(),
                            started,
                        );
                        return Err(error);
                    }
                };
                let status = response.status().as_u16();
                last_status = Some(status);
                generated_client::arazzo_runtime::step_done(
                    "read-or-list",
                    "list",
                    "listBatches",
                    Some(status),
                    started,
                );
                let body = response.into_inner();
                let outputs = ReadOrListListOutputs {
                    newest: body.first_id.clone(),
                };
                step_list = Some(outputs);
                break ReadOrListEnd::Completed;
            }
        }
    };
    let mut completed_steps = ::std::vec::Vec::new();
    if step_read.is_some() {
        completed_steps.push("read");
    }
    if step_list.is_some() {
        completed_steps.push("list");
    }
    Ok(ReadOrListOutputs {
        status: step_read.as_ref().and_then(|o| o.status.clone()),
        newest: step_list.as_ref().and_then(|o| o.newest.clone()),
        end,
        last_status,
        completed_steps,
    })
}
