// @generated from tests/batch-tools/workflows/batch-admin.arazzo.yml by arazzo-codegen; checked by tests/snapshot.rs.
const _: &[u8] = include_bytes!(
    "../../../tests/batch-tools/workflows/batch-admin.arazzo.yml"
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
/// Inputs of workflow `cancel-batch`.
#[derive(
    Clone,
    generated_client::arazzo_runtime::serde::Deserialize,
    generated_client::arazzo_runtime::serde::Serialize
)]
#[serde(crate = "generated_client::arazzo_runtime::serde")]
#[allow(clippy::all)]
pub struct CancelBatchInputs {
    /// OpenAI API key.
    #[serde(rename = "apiKey")]
    pub api_key: ::std::string::String,
    /// The batch to cancel.
    #[serde(rename = "batchId")]
    pub batch_id: ::std::string::String,
}
impl ::core::fmt::Debug for CancelBatchInputs {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("CancelBatchInputs")
            .field("api_key", &"<redacted>")
            .field("batch_id", &self.batch_id)
            .finish()
    }
}
/// Outputs of step `cancel`: Cancel the batch.
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct CancelBatchCancelOutputs {
    /// `status`: `$response.body#/status`
    pub status: ::core::option::Option<::std::string::String>,
}
/// Which way workflow `cancel-batch` ended.
#[derive(Debug)]
#[allow(clippy::all)]
pub enum CancelBatchEnd {
    /// The last step succeeded and no action ended the workflow earlier.
    Completed,
}
/// Outputs of workflow `cancel-batch`.
#[derive(Debug)]
#[allow(clippy::all)]
pub struct CancelBatchOutputs {
    /// `status`: `$steps.cancel.outputs.status`
    pub status: ::core::option::Option<::std::string::String>,
    /// Which way the workflow ended.
    pub end: CancelBatchEnd,
    /// The HTTP status of the last response the workflow received (what
    /// `$statusCode` means in a step that calls this workflow).
    pub last_status: ::core::option::Option<u16>,
    /// The stepIds of the steps that completed, in document order (what an
    /// Arazzo 1.1 step-level `dependsOn` on them checks).
    pub completed_steps: ::std::vec::Vec<&'static str>,
}
#[allow(clippy::all)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CancelBatchStep {
    Cancel,
}
/// Cancel a batch that is still running.
///
/// Asks the API to cancel the batch and reports the status it moved to (usually `cancelling`).
#[allow(
    clippy::all,
    unused_variables,
    unused_mut,
    unreachable_code,
    unused_assignments,
    unused_parens
)]
pub async fn cancel_batch(
    client: &generated_client::Client,
    inputs: CancelBatchInputs,
) -> ::core::result::Result<
    CancelBatchOutputs,
    generated_client::arazzo_runtime::WorkflowError,
> {
    let secrets: &[&str] = &[inputs.api_key.as_str()];
    let mut step_cancel: ::core::option::Option<CancelBatchCancelOutputs> = None;
    let mut next = CancelBatchStep::Cancel;
    let mut transitions: u32 = 0;
    let mut last_status: ::core::option::Option<u16> = None;
    let end = loop {
        transitions += 1;
        if transitions > 10000u32 {
            return Err(generated_client::arazzo_runtime::WorkflowError::StepLimit {
                workflow: "cancel-batch",
                limit: 10000u32,
            });
        }
        match next {
            CancelBatchStep::Cancel => {
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
                let started = ::std::time::Instant::now();
                let response = match generated_client::arazzo_runtime::tracing::Instrument::instrument(
                        generated_client::arazzo_runtime::with_extras(
                            extras,
                            client.cancel_batch(arg0.as_str()),
                        ),
                        generated_client::arazzo_runtime::tracing::info_span!(
                            "step", workflow = "cancel-batch", step = "cancel", operation
                            = "cancelBatch"
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
                            "cancel-batch",
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
                    "cancel-batch",
                    "cancel",
                    "cancelBatch",
                    Some(status),
                    started,
                );
                let body = response.into_inner();
                if !(status == 200u16) {
                    return Err(generated_client::arazzo_runtime::WorkflowError::CriteriaNotMet {
                        step: "cancel",
                        status,
                        criterion: "$statusCode == 200",
                    });
                }
                let outputs = CancelBatchCancelOutputs {
                    status: body.status.clone(),
                };
                step_cancel = Some(outputs);
                break CancelBatchEnd::Completed;
            }
        }
    };
    let mut completed_steps = ::std::vec::Vec::new();
    if step_cancel.is_some() {
        completed_steps.push("cancel");
    }
    Ok(CancelBatchOutputs {
        status: step_cancel.as_ref().and_then(|o| o.status.clone()),
        end,
        last_status,
        completed_steps,
    })
}
/// Inputs of workflow `list-batches`.
#[derive(
    Clone,
    generated_client::arazzo_runtime::serde::Deserialize,
    generated_client::arazzo_runtime::serde::Serialize
)]
#[serde(crate = "generated_client::arazzo_runtime::serde")]
#[allow(clippy::all)]
pub struct ListBatchesInputs {
    #[serde(rename = "apiKey")]
    pub api_key: ::std::string::String,
    /// How many batches (1 to 100).
    #[serde(rename = "limit")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: ::core::option::Option<i64>,
    /// The id of the last batch of the previous page.
    #[serde(rename = "after")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: ::core::option::Option<::std::string::String>,
}
impl ::core::fmt::Debug for ListBatchesInputs {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("ListBatchesInputs")
            .field("api_key", &"<redacted>")
            .field("limit", &self.limit)
            .field("after", &self.after)
            .finish()
    }
}
/// Outputs of step `list`
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct ListBatchesListOutputs {
    /// `hasMore`: `$response.body#/has_more`
    pub has_more: ::core::option::Option<bool>,
    /// `firstId`: `$response.body#/first_id`
    pub first_id: ::core::option::Option<::std::string::String>,
    /// `batches`: `$response.body#/data`
    pub batches: ::core::option::Option<
        generated_client::arazzo_runtime::serde_json::Value,
    >,
}
/// Which way workflow `list-batches` ended.
#[derive(Debug)]
#[allow(clippy::all)]
pub enum ListBatchesEnd {
    /// The last step succeeded and no action ended the workflow earlier.
    Completed,
}
/// Outputs of workflow `list-batches`.
#[derive(Debug)]
#[allow(clippy::all)]
pub struct ListBatchesOutputs {
    /// `hasMore`: `$steps.list.outputs.hasMore`
    pub has_more: ::core::option::Option<bool>,
    /// `firstId`: `$steps.list.outputs.firstId`
    pub first_id: ::core::option::Option<::std::string::String>,
    /// `batches`: `$steps.list.outputs.batches`
    pub batches: ::core::option::Option<
        generated_client::arazzo_runtime::serde_json::Value,
    >,
    /// Which way the workflow ended.
    pub end: ListBatchesEnd,
    /// The HTTP status of the last response the workflow received (what
    /// `$statusCode` means in a step that calls this workflow).
    pub last_status: ::core::option::Option<u16>,
    /// The stepIds of the steps that completed, in document order (what an
    /// Arazzo 1.1 step-level `dependsOn` on them checks).
    pub completed_steps: ::std::vec::Vec<&'static str>,
}
#[allow(clippy::all)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListBatchesStep {
    List,
}
/// List the newest batches.
#[allow(
    clippy::all,
    unused_variables,
    unused_mut,
    unreachable_code,
    unused_assignments,
    unused_parens
)]
pub async fn list_batches(
    client: &generated_client::Client,
    inputs: ListBatchesInputs,
) -> ::core::result::Result<
    ListBatchesOutputs,
    generated_client::arazzo_runtime::WorkflowError,
> {
    let secrets: &[&str] = &[inputs.api_key.as_str()];
    let mut step_list: ::core::option::Option<ListBatchesListOutputs> = None;
    let mut next = ListBatchesStep::List;
    let mut transitions: u32 = 0;
    let mut last_status: ::core::option::Option<u16> = None;
    let end = loop {
        transitions += 1;
        if transitions > 10000u32 {
            return Err(generated_client::arazzo_runtime::WorkflowError::StepLimit {
                workflow: "list-batches",
                limit: 10000u32,
            });
        }
        match next {
            ListBatchesStep::List => {
                let arg0: ::core::option::Option<::std::string::String> = match inputs
                    .after
                    .clone()
                {
                    Some(v) => Some(v),
                    None => None,
                };
                let arg1: ::core::option::Option<i64> = match inputs.limit.clone() {
                    Some(v) => Some(v),
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
                let started = ::std::time::Instant::now();
                let response = match generated_client::arazzo_runtime::tracing::Instrument::instrument(
                        generated_client::arazzo_runtime::with_extras(
                            extras,
                            client.list_batches(arg0.as_deref(), arg1),
                        ),
                        generated_client::arazzo_runtime::tracing::info_span!(
                            "step", workflow = "list-batches", step = "list", operation =
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
                            "list-batches",
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
                    "list-batches",
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
                if !(body.object.as_deref() == Some("list")) {
                    return Err(generated_client::arazzo_runtime::WorkflowError::CriteriaNotMet {
                        step: "list",
                        status,
                        criterion: "$.object == \"list\"",
                    });
                }
                let outputs = ListBatchesListOutputs {
                    has_more: body.has_more.clone(),
                    first_id: body.first_id.clone(),
                    batches: generated_client::arazzo_runtime::serde_json::to_value(
                            &body,
                        )
                        .ok()
                        .and_then(|v| v.pointer("/data").cloned()),
                };
                step_list = Some(outputs);
                break ListBatchesEnd::Completed;
            }
        }
    };
    let mut completed_steps = ::std::vec::Vec::new();
    if step_list.is_some() {
        completed_steps.push("list");
    }
    Ok(ListBatchesOutputs {
        has_more: step_list.as_ref().and_then(|o| o.has_more.clone()),
        first_id: step_list.as_ref().and_then(|o| o.first_id.clone()),
        batches: step_list.as_ref().and_then(|o| o.batches.clone()),
        end,
        last_status,
        completed_steps,
    })
}
/// Inputs of workflow `find-batch`.
#[derive(
    Clone,
    generated_client::arazzo_runtime::serde::Deserialize,
    generated_client::arazzo_runtime::serde::Serialize
)]
#[serde(crate = "generated_client::arazzo_runtime::serde")]
#[allow(clippy::all)]
pub struct FindBatchInputs {
    #[serde(rename = "apiKey")]
    pub api_key: ::std::string::String,
    #[serde(rename = "batchId")]
    pub batch_id: ::std::string::String,
}
impl ::core::fmt::Debug for FindBatchInputs {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("FindBatchInputs")
            .field("api_key", &"<redacted>")
            .field("batch_id", &self.batch_id)
            .finish()
    }
}
/// Outputs of step `read`
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct FindBatchReadOutputs {
    /// `status`: `$response.body#/status`
    pub status: ::core::option::Option<::std::string::String>,
}
/// Outputs of step `listNewest`: The batch does not exist; list the newest ones instead.
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct FindBatchListNewestOutputs {
    /// `newestId`: `$response.body#/first_id`
    pub newest_id: ::core::option::Option<::std::string::String>,
}
/// Which way workflow `find-batch` ended.
#[derive(Debug)]
#[allow(clippy::all)]
pub enum FindBatchEnd {
    /// The last step succeeded and no action ended the workflow earlier.
    Completed,
    /// Ended by the `found` action of step `read`.
    Found(FindBatchReadOutputs),
}
/// Outputs of workflow `find-batch`.
#[derive(Debug)]
#[allow(clippy::all)]
pub struct FindBatchOutputs {
    /// `status`: `$steps.read.outputs.status`
    pub status: ::core::option::Option<::std::string::String>,
    /// `newestId`: `$steps.listNewest.outputs.newestId`
    pub newest_id: ::core::option::Option<::std::string::String>,
    /// Which way the workflow ended.
    pub end: FindBatchEnd,
    /// The HTTP status of the last response the workflow received (what
    /// `$statusCode` means in a step that calls this workflow).
    pub last_status: ::core::option::Option<u16>,
    /// The stepIds of the steps that completed, in document order (what an
    /// Arazzo 1.1 step-level `dependsOn` on them checks).
    pub completed_steps: ::std::vec::Vec<&'static str>,
}
#[allow(clippy::all)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FindBatchStep {
    Read,
    ListNewest,
}
/// Read a batch, or list the newest batches when it does not exist.
#[allow(
    clippy::all,
    unused_variables,
    unused_mut,
    unreachable_code,
    unused_assignments,
    unused_parens
)]
pub async fn find_batch(
    client: &generated_client::Client,
    inputs: FindBatchInputs,
) -> ::core::result::Result<
    FindBatchOutputs,
    generated_client::arazzo_runtime::WorkflowError,
> {
    let secrets: &[&str] = &[inputs.api_key.as_str()];
    let mut step_read: ::core::option::Option<FindBatchReadOutputs> = None;
    let mut step_list_newest: ::core::option::Option<FindBatchListNewestOutputs> = None;
    let mut next = FindBatchStep::Read;
    let mut transitions: u32 = 0;
    let mut last_status: ::core::option::Option<u16> = None;
    let end = loop {
        transitions += 1;
        if transitions > 10000u32 {
            return Err(generated_client::arazzo_runtime::WorkflowError::StepLimit {
                workflow: "find-batch",
                limit: 10000u32,
            });
        }
        match next {
            FindBatchStep::Read => {
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
                            "step", workflow = "find-batch", step = "read", operation =
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
                            "find-batch",
                            "read",
                            "retrieveBatch",
                            error.status(),
                            started,
                        );
                        last_status = error.status().or(last_status);
                        let status: u16 = error.status().unwrap_or(0);
                        if status == 404u16 {
                            next = FindBatchStep::ListNewest;
                            continue;
                        }
                        return Err(error);
                    }
                };
                let status = response.status().as_u16();
                last_status = Some(status);
                generated_client::arazzo_runtime::step_done(
                    "find-batch",
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
                        next = FindBatchStep::ListNewest;
                        continue;
                    }
                    return Err(error);
                }
                let outputs = FindBatchReadOutputs {
                    status: body.status.clone(),
                };
                if true {
                    let end = FindBatchEnd::Found(outputs.clone());
                    step_read = Some(outputs);
                    break end;
                }
                step_read = Some(outputs);
                next = FindBatchStep::ListNewest;
            }
            FindBatchStep::ListNewest => {
                let arg0: ::core::option::Option<::std::string::String> = None;
                let arg1: ::core::option::Option<i64> = Some(3i64);
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
                            "step", workflow = "find-batch", step = "listNewest",
                            operation = "listBatches"
                        ),
                    )
                    .await
                {
                    Ok(response) => response,
                    Err(e) => {
                        let error = generated_client::arazzo_runtime::WorkflowError::from_client(
                                "listNewest",
                                e,
                                secrets,
                            )
                            .await;
                        generated_client::arazzo_runtime::step_done(
                            "find-batch",
                            "listNewest",
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
                    "find-batch",
                    "listNewest",
                    "listBatches",
                    Some(status),
                    started,
                );
                let body = response.into_inner();
                if !(status == 200u16) {
                    return Err(generated_client::arazzo_runtime::WorkflowError::CriteriaNotMet {
                        step: "listNewest",
                        status,
                        criterion: "$statusCode == 200",
                    });
                }
                let outputs = FindBatchListNewestOutputs {
                    newest_id: body.first_id.clone(),
                };
                step_list_newest = Some(outputs);
                break FindBatchEnd::Completed;
            }
        }
    };
    let mut completed_steps = ::std::vec::Vec::new();
    if step_read.is_some() {
        completed_steps.push("read");
    }
    if step_list_newest.is_some() {
        completed_steps.push("listNewest");
    }
    Ok(FindBatchOutputs {
        status: step_read.as_ref().and_then(|o| o.status.clone()),
        newest_id: step_list_newest.as_ref().and_then(|o| o.newest_id.clone()),
        end,
        last_status,
        completed_steps,
    })
}
/// Inputs of workflow `read-batch-patiently`.
#[derive(
    Clone,
    generated_client::arazzo_runtime::serde::Deserialize,
    generated_client::arazzo_runtime::serde::Serialize
)]
#[serde(crate = "generated_client::arazzo_runtime::serde")]
#[allow(clippy::all)]
pub struct ReadBatchPatientlyInputs {
    #[serde(rename = "apiKey")]
    pub api_key: ::std::string::String,
    #[serde(rename = "batchId")]
    pub batch_id: ::std::string::String,
}
impl ::core::fmt::Debug for ReadBatchPatientlyInputs {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("ReadBatchPatientlyInputs")
            .field("api_key", &"<redacted>")
            .field("batch_id", &self.batch_id)
            .finish()
    }
}
/// Outputs of step `read`
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct ReadBatchPatientlyReadOutputs {
    /// `status`: `$response.body#/status`
    pub status: ::core::option::Option<::std::string::String>,
}
/// Which way workflow `read-batch-patiently` ended.
#[derive(Debug)]
#[allow(clippy::all)]
pub enum ReadBatchPatientlyEnd {
    /// The last step succeeded and no action ended the workflow earlier.
    Completed,
}
/// Outputs of workflow `read-batch-patiently`.
#[derive(Debug)]
#[allow(clippy::all)]
pub struct ReadBatchPatientlyOutputs {
    /// `status`: `$steps.read.outputs.status`
    pub status: ::core::option::Option<::std::string::String>,
    /// Which way the workflow ended.
    pub end: ReadBatchPatientlyEnd,
    /// The HTTP status of the last response the workflow received (what
    /// `$statusCode` means in a step that calls this workflow).
    pub last_status: ::core::option::Option<u16>,
    /// The stepIds of the steps that completed, in document order (what an
    /// Arazzo 1.1 step-level `dependsOn` on them checks).
    pub completed_steps: ::std::vec::Vec<&'static str>,
}
#[allow(clippy::all)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ReadBatchPatientlyStep {
    Read,
}
/// Read a batch, retrying when the API is rate limited or unavailable.
#[allow(
    clippy::all,
    unused_variables,
    unused_mut,
    unreachable_code,
    unused_assignments,
    unused_parens
)]
pub async fn read_batch_patiently(
    client: &generated_client::Client,
    inputs: ReadBatchPatientlyInputs,
) -> ::core::result::Result<
    ReadBatchPatientlyOutputs,
    generated_client::arazzo_runtime::WorkflowError,
> {
    let secrets: &[&str] = &[inputs.api_key.as_str()];
    let mut step_read: ::core::option::Option<ReadBatchPatientlyReadOutputs> = None;
    let mut retries_read_0: u64 = 0;
    let mut next = ReadBatchPatientlyStep::Read;
    let mut transitions: u32 = 0;
    let mut last_status: ::core::option::Option<u16> = None;
    let end = loop {
        transitions += 1;
        if transitions > 10000u32 {
            return Err(generated_client::arazzo_runtime::WorkflowError::StepLimit {
                workflow: "read-batch-patiently",
                limit: 10000u32,
            });
        }
        match next {
            ReadBatchPatientlyStep::Read => {
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
                            "step", workflow = "read-batch-patiently", step = "read",
                            operation = "retrieveBatch"
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
                            "read-batch-patiently",
                            "read",
                            "retrieveBatch",
                            error.status(),
                            started,
                        );
                        last_status = error.status().or(last_status);
                        let status: u16 = error.status().unwrap_or(0);
                        if (status == 429u16 || status >= 500u16)
                            && retries_read_0 < 3u64
                        {
                            retries_read_0 += 1;
                            let delay = error
                                .retry_after()
                                .unwrap_or(::std::time::Duration::from_secs_f64(0.05f64));
                            generated_client::arazzo_runtime::retrying(
                                "read-batch-patiently",
                                "read",
                                retries_read_0,
                                delay,
                            );
                            generated_client::arazzo_runtime::sleep(delay).await;
                            continue;
                        }
                        return Err(error);
                    }
                };
                let status = response.status().as_u16();
                last_status = Some(status);
                generated_client::arazzo_runtime::step_done(
                    "read-batch-patiently",
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
                    if (status == 429u16 || status >= 500u16) && retries_read_0 < 3u64 {
                        retries_read_0 += 1;
                        let delay = error
                            .retry_after()
                            .unwrap_or(::std::time::Duration::from_secs_f64(0.05f64));
                        generated_client::arazzo_runtime::retrying(
                            "read-batch-patiently",
                            "read",
                            retries_read_0,
                            delay,
                        );
                        generated_client::arazzo_runtime::sleep(delay).await;
                        continue;
                    }
                    return Err(error);
                }
                let outputs = ReadBatchPatientlyReadOutputs {
                    status: body.status.clone(),
                };
                step_read = Some(outputs);
                break ReadBatchPatientlyEnd::Completed;
            }
        }
    };
    let mut completed_steps = ::std::vec::Vec::new();
    if step_read.is_some() {
        completed_steps.push("read");
    }
    Ok(ReadBatchPatientlyOutputs {
        status: step_read.as_ref().and_then(|o| o.status.clone()),
        end,
        last_status,
        completed_steps,
    })
}
