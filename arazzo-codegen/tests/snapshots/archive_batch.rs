// @generated from tests/multi-source/workflows/archive-batch.arazzo.yml by arazzo-codegen; checked by tests/snapshot.rs.
const _: &[u8] = include_bytes!(
    "../../../tests/multi-source/workflows/archive-batch.arazzo.yml"
);
const _: &[u8] = include_bytes!("../../../openapi/openai-openapi-master.yml");
const _: &[u8] = include_bytes!(
    "../../../tests/multi-source/openapi/archive.openapi.yml"
);
const _: () = if !multi_source::clients::arazzo_runtime::has_operation(
    multi_source::clients::archive::ARAZZO_OPERATIONS,
    "getRecord",
) {
    ::core::panic!(
        "operation `getRecord` is not in the generated client: add the workflow that uses it to the list in the client crate's build.rs (see the README, \"Adding your own workflow\")"
    )
};
const _: () = if !multi_source::clients::arazzo_runtime::has_operation(
    multi_source::clients::archive::ARAZZO_OPERATIONS,
    "putRecord",
) {
    ::core::panic!(
        "operation `putRecord` is not in the generated client: add the workflow that uses it to the list in the client crate's build.rs (see the README, \"Adding your own workflow\")"
    )
};
const _: () = if !multi_source::clients::arazzo_runtime::has_operation(
    multi_source::clients::openai::ARAZZO_OPERATIONS,
    "retrieveBatch",
) {
    ::core::panic!(
        "operation `retrieveBatch` is not in the generated client: add the workflow that uses it to the list in the client crate's build.rs (see the README, \"Adding your own workflow\")"
    )
};
/// The clients of the OpenAPI descriptions the workflows call, one per source
/// description (the `client` argument of every workflow function here).
#[derive(Clone, Debug)]
pub struct Clients {
    /// The client of source description `archive`.
    pub archive: multi_source::clients::archive::Client,
    /// The client of source description `openai`.
    pub openai: multi_source::clients::openai::Client,
}
/// Inputs of workflow `archive-batch`.
#[derive(
    Clone,
    multi_source::clients::arazzo_runtime::serde::Deserialize,
    multi_source::clients::arazzo_runtime::serde::Serialize
)]
#[serde(crate = "multi_source::clients::arazzo_runtime::serde")]
#[allow(clippy::all)]
pub struct ArchiveBatchInputs {
    #[serde(rename = "api_key")]
    pub api_key: ::std::string::String,
    #[serde(rename = "batch_id")]
    pub batch_id: ::std::string::String,
    #[serde(rename = "note")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: ::core::option::Option<::std::string::String>,
}
impl ::core::fmt::Debug for ArchiveBatchInputs {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("ArchiveBatchInputs")
            .field("api_key", &"<redacted>")
            .field("batch_id", &self.batch_id)
            .field("note", &self.note)
            .finish()
    }
}
/// Outputs of step `read-batch`: Read the batch from OpenAI.
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct ArchiveBatchReadBatchOutputs {
    /// `status`: `$response.body#/status`
    pub status: ::core::option::Option<::std::string::String>,
    /// `output_file_id`: `$response.body#/output_file_id`
    pub output_file_id: ::core::option::Option<::std::string::String>,
}
/// Outputs of step `archive`: Store the record.
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct ArchiveBatchArchiveOutputs {
    /// `record_id`: `$response.body#/id`
    pub record_id: ::core::option::Option<::std::string::String>,
    /// `archived_at`: `$response.body#/archived_at`
    pub archived_at: ::core::option::Option<i64>,
}
/// Which way workflow `archive-batch` ended.
#[derive(Debug)]
#[allow(clippy::all)]
pub enum ArchiveBatchEnd {
    /// The last step succeeded and no action ended the workflow earlier.
    Completed,
    /// Ended by the `still-running` action of step `read-batch`.
    StillRunning(ArchiveBatchReadBatchOutputs),
}
/// Outputs of workflow `archive-batch`.
#[derive(Debug)]
#[allow(clippy::all)]
pub struct ArchiveBatchOutputs {
    /// `status`: `$steps.read-batch.outputs.status`
    pub status: ::core::option::Option<::std::string::String>,
    /// `record_id`: `$steps.archive.outputs.record_id`
    pub record_id: ::core::option::Option<::std::string::String>,
    /// `archived_at`: `$steps.archive.outputs.archived_at`
    pub archived_at: ::core::option::Option<i64>,
    /// Which way the workflow ended.
    pub end: ArchiveBatchEnd,
    /// The HTTP status of the last response the workflow received (what
    /// `$statusCode` means in a step that calls this workflow).
    pub last_status: ::core::option::Option<u16>,
    /// The stepIds of the steps that completed, in document order (what an
    /// Arazzo 1.1 step-level `dependsOn` on them checks).
    pub completed_steps: ::std::vec::Vec<&'static str>,
}
#[allow(clippy::all)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ArchiveBatchStep {
    ReadBatch,
    Archive,
}
/// Archive a finished batch.
///
/// Reads the batch; when it has ended, stores its record in the archive.
#[allow(
    clippy::all,
    unused_variables,
    unused_mut,
    unreachable_code,
    unused_assignments,
    unused_parens
)]
pub async fn archive_batch(
    client: &Clients,
    inputs: ArchiveBatchInputs,
) -> ::core::result::Result<
    ArchiveBatchOutputs,
    multi_source::clients::arazzo_runtime::WorkflowError,
> {
    let secrets: &[&str] = &[inputs.api_key.as_str()];
    let mut step_read_batch: ::core::option::Option<ArchiveBatchReadBatchOutputs> = None;
    let mut step_archive: ::core::option::Option<ArchiveBatchArchiveOutputs> = None;
    let mut next = ArchiveBatchStep::ReadBatch;
    let mut transitions: u32 = 0;
    let mut last_status: ::core::option::Option<u16> = None;
    let end = loop {
        transitions += 1;
        if transitions > 10000u32 {
            return Err(multi_source::clients::arazzo_runtime::WorkflowError::StepLimit {
                workflow: "archive-batch",
                limit: 10000u32,
            });
        }
        match next {
            ArchiveBatchStep::ReadBatch => {
                let arg0: ::std::string::String = inputs.batch_id.clone();
                multi_source::clients::arazzo_runtime::check_path_segment(
                    "read-batch",
                    "$inputs.batch_id",
                    &arg0,
                )?;
                let mut extras = multi_source::clients::arazzo_runtime::Extras::new();
                multi_source::clients::arazzo_runtime::push_extra(
                    &mut extras,
                    multi_source::clients::arazzo_runtime::Place::Header,
                    "Authorization",
                    &format!("Bearer {}", inputs.api_key),
                    "simple",
                    false,
                );
                let started = ::std::time::Instant::now();
                let response = match multi_source::clients::arazzo_runtime::tracing::Instrument::instrument(
                        multi_source::clients::arazzo_runtime::with_extras(
                            extras,
                            client.openai.retrieve_batch(arg0.as_str()),
                        ),
                        multi_source::clients::arazzo_runtime::tracing::info_span!(
                            "step", workflow = "archive-batch", step = "read-batch",
                            operation = "retrieveBatch"
                        ),
                    )
                    .await
                {
                    Ok(response) => response,
                    Err(e) => {
                        let error = multi_source::clients::arazzo_runtime::WorkflowError::from_client(
                                "read-batch",
                                e,
                                secrets,
                            )
                            .await;
                        multi_source::clients::arazzo_runtime::step_done(
                            "archive-batch",
                            "read-batch",
                            "retrieveBatch",
                            error.status(),
                            started,
                        );
                        return Err(error);
                    }
                };
                let status = response.status().as_u16();
                last_status = Some(status);
                multi_source::clients::arazzo_runtime::step_done(
                    "archive-batch",
                    "read-batch",
                    "retrieveBatch",
                    Some(status),
                    started,
                );
                let body = response.into_inner();
                if !(status == 200u16) {
                    return Err(multi_source::clients::arazzo_runtime::WorkflowError::CriteriaNotMet {
                        step: "read-batch",
                        status,
                        criterion: "$statusCode == 200",
                    });
                }
                let outputs = ArchiveBatchReadBatchOutputs {
                    status: body.status.clone(),
                    output_file_id: body.output_file_id.clone(),
                };
                if ((body.status.as_deref() == Some("in_progress")
                    || body.status.as_deref() == Some("validating"))
                    || body.status.as_deref() == Some("finalizing"))
                {
                    let end = ArchiveBatchEnd::StillRunning(outputs.clone());
                    step_read_batch = Some(outputs);
                    break end;
                }
                step_read_batch = Some(outputs);
                next = ArchiveBatchStep::Archive;
            }
            ArchiveBatchStep::Archive => {
                let arg0: ::std::string::String = inputs.batch_id.clone();
                multi_source::clients::arazzo_runtime::check_path_segment(
                    "archive",
                    "$inputs.batch_id",
                    &arg0,
                )?;
                let mut body_json: multi_source::clients::arazzo_runtime::serde_json::Value = {
                    let mut map = multi_source::clients::arazzo_runtime::serde_json::Map::new();
                    map.insert(
                        ::std::string::String::from("batch_id"),
                        multi_source::clients::arazzo_runtime::serde_json::to_value(
                                &inputs.batch_id.clone(),
                            )
                            .unwrap_or_default(),
                    );
                    map.insert(
                        ::std::string::String::from("status"),
                        multi_source::clients::arazzo_runtime::serde_json::to_value(
                                &step_read_batch.as_ref().and_then(|o| o.status.clone()),
                            )
                            .unwrap_or_default(),
                    );
                    map.insert(
                        ::std::string::String::from("output_file_id"),
                        multi_source::clients::arazzo_runtime::serde_json::to_value(
                                &step_read_batch
                                    .as_ref()
                                    .and_then(|o| o.output_file_id.clone()),
                            )
                            .unwrap_or_default(),
                    );
                    map.insert(
                        ::std::string::String::from("note"),
                        multi_source::clients::arazzo_runtime::serde_json::to_value(
                                &inputs.note.clone(),
                            )
                            .unwrap_or_default(),
                    );
                    multi_source::clients::arazzo_runtime::serde_json::Value::Object(map)
                };
                let body_arg = multi_source::clients::arazzo_runtime::body_from_json(
                    "archive",
                    body_json,
                )?;
                let started = ::std::time::Instant::now();
                let response = match multi_source::clients::arazzo_runtime::tracing::Instrument::instrument(
                        client.archive.put_record(arg0.as_str(), &body_arg),
                        multi_source::clients::arazzo_runtime::tracing::info_span!(
                            "step", workflow = "archive-batch", step = "archive",
                            operation = "putRecord"
                        ),
                    )
                    .await
                {
                    Ok(response) => response,
                    Err(e) => {
                        let error = multi_source::clients::arazzo_runtime::WorkflowError::from_client(
                                "archive",
                                e,
                                secrets,
                            )
                            .await;
                        multi_source::clients::arazzo_runtime::step_done(
                            "archive-batch",
                            "archive",
                            "putRecord",
                            error.status(),
                            started,
                        );
                        return Err(error);
                    }
                };
                let status = response.status().as_u16();
                last_status = Some(status);
                multi_source::clients::arazzo_runtime::step_done(
                    "archive-batch",
                    "archive",
                    "putRecord",
                    Some(status),
                    started,
                );
                let body = response.into_inner();
                if !(status == 201u16) {
                    return Err(multi_source::clients::arazzo_runtime::WorkflowError::CriteriaNotMet {
                        step: "archive",
                        status,
                        criterion: "$statusCode == 201",
                    });
                }
                let outputs = ArchiveBatchArchiveOutputs {
                    record_id: body.id.clone(),
                    archived_at: body.archived_at.clone(),
                };
                step_archive = Some(outputs);
                break ArchiveBatchEnd::Completed;
            }
        }
    };
    let mut completed_steps = ::std::vec::Vec::new();
    if step_read_batch.is_some() {
        completed_steps.push("read-batch");
    }
    if step_archive.is_some() {
        completed_steps.push("archive");
    }
    Ok(ArchiveBatchOutputs {
        status: step_read_batch.as_ref().and_then(|o| o.status.clone()),
        record_id: step_archive.as_ref().and_then(|o| o.record_id.clone()),
        archived_at: step_archive.as_ref().and_then(|o| o.archived_at.clone()),
        end,
        last_status,
        completed_steps,
    })
}
/// Inputs of workflow `read-record`.
#[derive(
    Clone,
    multi_source::clients::arazzo_runtime::serde::Deserialize,
    multi_source::clients::arazzo_runtime::serde::Serialize
)]
#[serde(crate = "multi_source::clients::arazzo_runtime::serde")]
#[allow(clippy::all)]
pub struct ReadRecordInputs {
    #[serde(rename = "batch_id")]
    pub batch_id: ::std::string::String,
}
impl ::core::fmt::Debug for ReadRecordInputs {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("ReadRecordInputs").field("batch_id", &self.batch_id).finish()
    }
}
/// Outputs of step `get`
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct ReadRecordGetOutputs {
    /// `status`: `$response.body#/status`
    pub status: ::core::option::Option<::std::string::String>,
    /// `output_file_id`: `$response.body#/output_file_id`
    pub output_file_id: ::core::option::Option<::std::string::String>,
}
/// Which way workflow `read-record` ended.
#[derive(Debug)]
#[allow(clippy::all)]
pub enum ReadRecordEnd {
    /// The last step succeeded and no action ended the workflow earlier.
    Completed,
}
/// Outputs of workflow `read-record`.
#[derive(Debug)]
#[allow(clippy::all)]
pub struct ReadRecordOutputs {
    /// `status`: `$steps.get.outputs.status`
    pub status: ::core::option::Option<::std::string::String>,
    /// `output_file_id`: `$steps.get.outputs.output_file_id`
    pub output_file_id: ::core::option::Option<::std::string::String>,
    /// Which way the workflow ended.
    pub end: ReadRecordEnd,
    /// The HTTP status of the last response the workflow received (what
    /// `$statusCode` means in a step that calls this workflow).
    pub last_status: ::core::option::Option<u16>,
    /// The stepIds of the steps that completed, in document order (what an
    /// Arazzo 1.1 step-level `dependsOn` on them checks).
    pub completed_steps: ::std::vec::Vec<&'static str>,
}
#[allow(clippy::all)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ReadRecordStep {
    Get,
}
/// Read an archived record.
#[allow(
    clippy::all,
    unused_variables,
    unused_mut,
    unreachable_code,
    unused_assignments,
    unused_parens
)]
pub async fn read_record(
    client: &Clients,
    inputs: ReadRecordInputs,
) -> ::core::result::Result<
    ReadRecordOutputs,
    multi_source::clients::arazzo_runtime::WorkflowError,
> {
    let secrets: &[&str] = &[];
    let mut step_get: ::core::option::Option<ReadRecordGetOutputs> = None;
    let mut next = ReadRecordStep::Get;
    let mut transitions: u32 = 0;
    let mut last_status: ::core::option::Option<u16> = None;
    let end = loop {
        transitions += 1;
        if transitions > 10000u32 {
            return Err(multi_source::clients::arazzo_runtime::WorkflowError::StepLimit {
                workflow: "read-record",
                limit: 10000u32,
            });
        }
        match next {
            ReadRecordStep::Get => {
                let arg0: ::std::string::String = inputs.batch_id.clone();
                multi_source::clients::arazzo_runtime::check_path_segment(
                    "get",
                    "$inputs.batch_id",
                    &arg0,
                )?;
                let started = ::std::time::Instant::now();
                let response = match multi_source::clients::arazzo_runtime::tracing::Instrument::instrument(
                        client.archive.get_record(arg0.as_str()),
                        multi_source::clients::arazzo_runtime::tracing::info_span!(
                            "step", workflow = "read-record", step = "get", operation =
                            "getRecord"
                        ),
                    )
                    .await
                {
                    Ok(response) => response,
                    Err(e) => {
                        let error = multi_source::clients::arazzo_runtime::WorkflowError::from_client(
                                "get",
                                e,
                                secrets,
                            )
                            .await;
                        multi_source::clients::arazzo_runtime::step_done(
                            "read-record",
                            "get",
                            "getRecord",
                            error.status(),
                            started,
                        );
                        return Err(error);
                    }
                };
                let status = response.status().as_u16();
                last_status = Some(status);
                multi_source::clients::arazzo_runtime::step_done(
                    "read-record",
                    "get",
                    "getRecord",
                    Some(status),
                    started,
                );
                let body = response.into_inner();
                if !(status == 200u16) {
                    return Err(multi_source::clients::arazzo_runtime::WorkflowError::CriteriaNotMet {
                        step: "get",
                        status,
                        criterion: "$statusCode == 200",
                    });
                }
                let outputs = ReadRecordGetOutputs {
                    status: body.status.clone(),
                    output_file_id: body.output_file_id.clone(),
                };
                step_get = Some(outputs);
                break ReadRecordEnd::Completed;
            }
        }
    };
    let mut completed_steps = ::std::vec::Vec::new();
    if step_get.is_some() {
        completed_steps.push("get");
    }
    Ok(ReadRecordOutputs {
        status: step_get.as_ref().and_then(|o| o.status.clone()),
        output_file_id: step_get.as_ref().and_then(|o| o.output_file_id.clone()),
        end,
        last_status,
        completed_steps,
    })
}
