// @generated from workflows/openai-download-batch-results-workflow.yml by arazzo-codegen; checked by tests/snapshot.rs.
const _: &[u8] = include_bytes!(
    "../../../workflows/openai-download-batch-results-workflow.yml"
);
const _: &[u8] = include_bytes!("../../../openapi/openai-openapi-master.yml");
const _: () = if !crate::arazzo_runtime::has_operation(
    crate::ARAZZO_OPERATIONS,
    "downloadFile",
) {
    ::core::panic!(
        "operation `downloadFile` is not in the generated client: add the workflow that uses it to the list in the client crate's build.rs (see the README, \"Adding your own workflow\")"
    )
};
const _: () = if !crate::arazzo_runtime::has_operation(
    crate::ARAZZO_OPERATIONS,
    "retrieveBatch",
) {
    ::core::panic!(
        "operation `retrieveBatch` is not in the generated client: add the workflow that uses it to the list in the client crate's build.rs (see the README, \"Adding your own workflow\")"
    )
};
/// Inputs of workflow `download-batch-results`.
#[derive(
    Clone,
    crate::arazzo_runtime::serde::Deserialize,
    crate::arazzo_runtime::serde::Serialize
)]
#[serde(crate = "crate::arazzo_runtime::serde")]
#[allow(clippy::all)]
pub struct DownloadBatchResultsInputs {
    /// OpenAI API key used as a Bearer token.
    #[serde(rename = "apiKey")]
    pub api_key: ::std::string::String,
    /// The id of the batch whose results should be downloaded.
    #[serde(rename = "batchId")]
    pub batch_id: ::std::string::String,
}
impl ::core::fmt::Debug for DownloadBatchResultsInputs {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("DownloadBatchResultsInputs")
            .field("api_key", &"<redacted>")
            .field("batch_id", &self.batch_id)
            .finish()
    }
}
/// Outputs of step `getBatch`: Retrieve the batch and branch on whether it has completed.
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct DownloadBatchResultsGetBatchOutputs {
    /// `status`: `$response.body#/status`
    pub status: ::core::option::Option<::std::string::String>,
    /// `outputFileId`: `$response.body#/output_file_id`
    pub output_file_id: ::core::option::Option<::std::string::String>,
}
/// Outputs of step `downloadOutput`: Download the contents of the batch output file.
#[derive(Debug)]
#[allow(clippy::all)]
pub struct DownloadBatchResultsDownloadOutputOutputs {
    /// `contents`: `$response.body`
    pub contents: ::core::option::Option<crate::arazzo_runtime::Body>,
}
/// Which way workflow `download-batch-results` ended.
#[derive(Debug)]
#[allow(clippy::all)]
pub enum DownloadBatchResultsEnd {
    /// The last step succeeded and no action ended the workflow earlier.
    Completed,
    /// Ended by the `batchNotReady` action of step `getBatch`.
    BatchNotReady(DownloadBatchResultsGetBatchOutputs),
}
/// Outputs of workflow `download-batch-results`.
#[derive(Debug)]
#[allow(clippy::all)]
pub struct DownloadBatchResultsOutputs {
    /// `outputFileId`: `$steps.getBatch.outputs.outputFileId`
    pub output_file_id: ::core::option::Option<::std::string::String>,
    /// `contents`: `$steps.downloadOutput.outputs.contents`
    pub contents: ::core::option::Option<crate::arazzo_runtime::Body>,
    /// Which way the workflow ended.
    pub end: DownloadBatchResultsEnd,
    /// The HTTP status of the last response the workflow received (what
    /// `$statusCode` means in a step that calls this workflow).
    pub last_status: ::core::option::Option<u16>,
    /// The stepIds of the steps that completed, in document order (what an
    /// Arazzo 1.1 step-level `dependsOn` on them checks).
    pub completed_steps: ::std::vec::Vec<&'static str>,
}
#[allow(clippy::all)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DownloadBatchResultsStep {
    GetBatch,
    DownloadOutput,
}
/// Download the output file of a completed batch.
///
/// Reads the batch to find its output file id, and only when the batch is completed does it download the raw output file contents.
#[allow(
    clippy::all,
    unused_variables,
    unused_mut,
    unreachable_code,
    unused_assignments,
    unused_parens
)]
pub async fn download_batch_results(
    client: &crate::Client,
    inputs: DownloadBatchResultsInputs,
) -> ::core::result::Result<
    DownloadBatchResultsOutputs,
    crate::arazzo_runtime::WorkflowError,
> {
    let secrets: &[&str] = &[inputs.api_key.as_str()];
    let mut step_get_batch: ::core::option::Option<
        DownloadBatchResultsGetBatchOutputs,
    > = None;
    let mut step_download_output: ::core::option::Option<
        DownloadBatchResultsDownloadOutputOutputs,
    > = None;
    let mut next = DownloadBatchResultsStep::GetBatch;
    let mut transitions: u32 = 0;
    let mut last_status: ::core::option::Option<u16> = None;
    let end = loop {
        transitions += 1;
        if transitions > 10000u32 {
            return Err(crate::arazzo_runtime::WorkflowError::StepLimit {
                workflow: "download-batch-results",
                limit: 10000u32,
            });
        }
        match next {
            DownloadBatchResultsStep::GetBatch => {
                let arg0: ::std::string::String = inputs.batch_id.clone();
                crate::arazzo_runtime::check_path_segment(
                    "getBatch",
                    "$inputs.batchId",
                    &arg0,
                )?;
                let mut extras = crate::arazzo_runtime::Extras::new();
                crate::arazzo_runtime::push_extra(
                    &mut extras,
                    crate::arazzo_runtime::Place::Header,
                    "Authorization",
                    &format!("Bearer {}", inputs.api_key),
                    "simple",
                    false,
                );
                let started = ::std::time::Instant::now();
                let response = match crate::arazzo_runtime::tracing::Instrument::instrument(
                        crate::arazzo_runtime::with_extras(
                            extras,
                            client.retrieve_batch(arg0.as_str()),
                        ),
                        crate::arazzo_runtime::tracing::info_span!(
                            "step", workflow = "download-batch-results", step =
                            "getBatch", operation = "retrieveBatch"
                        ),
                    )
                    .await
                {
                    Ok(response) => response,
                    Err(e) => {
                        let error = crate::arazzo_runtime::WorkflowError::from_client(
                                "getBatch",
                                e,
                                secrets,
                            )
                            .await;
                        crate::arazzo_runtime::step_done(
                            "download-batch-results",
                            "getBatch",
                            "retrieveBatch",
                            error.status(),
                            started,
                        );
                        return Err(error);
                    }
                };
                let status = response.status().as_u16();
                last_status = Some(status);
                crate::arazzo_runtime::step_done(
                    "download-batch-results",
                    "getBatch",
                    "retrieveBatch",
                    Some(status),
                    started,
                );
                let body = response.into_inner();
                if !(status == 200u16) {
                    return Err(crate::arazzo_runtime::WorkflowError::CriteriaNotMet {
                        step: "getBatch",
                        status,
                        criterion: "$statusCode == 200",
                    });
                }
                let outputs = DownloadBatchResultsGetBatchOutputs {
                    status: body.status.clone(),
                    output_file_id: body.output_file_id.clone(),
                };
                if body.status.as_deref() == Some("completed") {
                    step_get_batch = Some(outputs);
                    next = DownloadBatchResultsStep::DownloadOutput;
                    continue;
                }
                if body.status.as_deref() != Some("completed") {
                    let end = DownloadBatchResultsEnd::BatchNotReady(outputs.clone());
                    step_get_batch = Some(outputs);
                    break end;
                }
                step_get_batch = Some(outputs);
                next = DownloadBatchResultsStep::DownloadOutput;
            }
            DownloadBatchResultsStep::DownloadOutput => {
                let arg0: ::std::string::String = match step_get_batch
                    .as_ref()
                    .and_then(|o| o.output_file_id.clone())
                {
                    Some(v) => v,
                    None => {
                        return Err(crate::arazzo_runtime::WorkflowError::MissingValue {
                            step: "downloadOutput",
                            expression: "$steps.getBatch.outputs.outputFileId",
                        });
                    }
                };
                crate::arazzo_runtime::check_path_segment(
                    "downloadOutput",
                    "$steps.getBatch.outputs.outputFileId",
                    &arg0,
                )?;
                let mut extras = crate::arazzo_runtime::Extras::new();
                crate::arazzo_runtime::push_extra(
                    &mut extras,
                    crate::arazzo_runtime::Place::Header,
                    "Authorization",
                    &format!("Bearer {}", inputs.api_key),
                    "simple",
                    false,
                );
                let started = ::std::time::Instant::now();
                let response = match crate::arazzo_runtime::tracing::Instrument::instrument(
                        crate::arazzo_runtime::with_extras(
                            extras,
                            client.download_file(arg0.as_str()),
                        ),
                        crate::arazzo_runtime::tracing::info_span!(
                            "step", workflow = "download-batch-results", step =
                            "downloadOutput", operation = "downloadFile"
                        ),
                    )
                    .await
                {
                    Ok(response) => response,
                    Err(e) => {
                        let error = crate::arazzo_runtime::WorkflowError::from_client(
                                "downloadOutput",
                                e,
                                secrets,
                            )
                            .await;
                        crate::arazzo_runtime::step_done(
                            "download-batch-results",
                            "downloadOutput",
                            "downloadFile",
                            error.status(),
                            started,
                        );
                        return Err(error);
                    }
                };
                let status = response.status().as_u16();
                last_status = Some(status);
                crate::arazzo_runtime::step_done(
                    "download-batch-results",
                    "downloadOutput",
                    "downloadFile",
                    Some(status),
                    started,
                );
                let mut body = Some(
                    crate::arazzo_runtime::Body::from_response(
                        "downloadOutput",
                        response,
                    ),
                );
                if !(status == 200u16) {
                    return Err(crate::arazzo_runtime::WorkflowError::CriteriaNotMet {
                        step: "downloadOutput",
                        status,
                        criterion: "$statusCode == 200",
                    });
                }
                let outputs = DownloadBatchResultsDownloadOutputOutputs {
                    contents: body.take(),
                };
                step_download_output = Some(outputs);
                break DownloadBatchResultsEnd::Completed;
            }
        }
    };
    let mut completed_steps = ::std::vec::Vec::new();
    if step_get_batch.is_some() {
        completed_steps.push("getBatch");
    }
    if step_download_output.is_some() {
        completed_steps.push("downloadOutput");
    }
    Ok(DownloadBatchResultsOutputs {
        output_file_id: step_get_batch.as_ref().and_then(|o| o.output_file_id.clone()),
        contents: step_download_output.as_mut().and_then(|o| o.contents.take()),
        end,
        last_status,
        completed_steps,
    })
}
