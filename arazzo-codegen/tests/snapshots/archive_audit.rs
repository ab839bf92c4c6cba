// @generated from tests/multi-source/workflows/archive-audit.arazzo.yml by arazzo-codegen; checked by tests/snapshot.rs.
const _: &[u8] = include_bytes!(
    "../../../tests/multi-source/workflows/archive-audit.arazzo.yml"
);
const _: &[u8] = include_bytes!(
    "../../../tests/multi-source/openapi/archive.openapi.yml"
);
const _: () = if !multi_source::clients::archive::arazzo_runtime::has_operation(
    multi_source::clients::archive::ARAZZO_OPERATIONS,
    "getAuditLog",
) {
    ::core::panic!(
        "operation `getAuditLog` is not in the generated client: add the workflow that uses it to the list in the client crate's build.rs (see the README, \"Adding your own workflow\")"
    )
};
const _: () = if !multi_source::clients::archive::arazzo_runtime::has_operation(
    multi_source::clients::archive::ARAZZO_OPERATIONS,
    "putRecord",
) {
    ::core::panic!(
        "operation `putRecord` is not in the generated client: add the workflow that uses it to the list in the client crate's build.rs (see the README, \"Adding your own workflow\")"
    )
};
/// Inputs of workflow `audit-record`.
#[derive(
    Clone,
    multi_source::clients::archive::arazzo_runtime::serde::Deserialize,
    multi_source::clients::archive::arazzo_runtime::serde::Serialize
)]
#[serde(crate = "multi_source::clients::archive::arazzo_runtime::serde")]
#[allow(clippy::all)]
pub struct AuditRecordInputs {
    #[serde(rename = "batch_id")]
    pub batch_id: ::std::string::String,
}
impl ::core::fmt::Debug for AuditRecordInputs {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("AuditRecordInputs").field("batch_id", &self.batch_id).finish()
    }
}
/// Outputs of step `store`
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct AuditRecordStoreOutputs {
    /// `url`: `$url`
    pub url: ::std::string::String,
    /// `method`: `$method`
    pub method: ::std::string::String,
    /// `record_id`: `$request.path.recordId`
    pub record_id: ::core::option::Option<::std::string::String>,
    /// `request_id`: `$request.header.x-request-id`
    pub request_id: ::core::option::Option<::std::string::String>,
    /// `sent`: `$request.body`
    pub sent: ::core::option::Option<
        multi_source::clients::archive::arazzo_runtime::serde_json::Value,
    >,
}
/// Outputs of step `audit`: The audit log is on another server than the records.
#[derive(Clone, Debug)]
#[allow(clippy::all)]
pub struct AuditRecordAuditOutputs {
    /// `url`: `$url`
    pub url: ::std::string::String,
    /// `record_id`: `$request.query.recordId`
    pub record_id: ::core::option::Option<::std::string::String>,
    /// `entries`: `$response.body#/entries`
    pub entries: ::core::option::Option<
        multi_source::clients::archive::arazzo_runtime::serde_json::Value,
    >,
}
/// Which way workflow `audit-record` ended.
#[derive(Debug)]
#[allow(clippy::all)]
pub enum AuditRecordEnd {
    /// The last step succeeded and no action ended the workflow earlier.
    Completed,
}
/// Outputs of workflow `audit-record`.
#[derive(Debug)]
#[allow(clippy::all)]
pub struct AuditRecordOutputs {
    /// `store_url`: `$steps.store.outputs.url`
    pub store_url: ::core::option::Option<::std::string::String>,
    /// `method`: `$steps.store.outputs.method`
    pub method: ::core::option::Option<::std::string::String>,
    /// `record_id`: `$steps.store.outputs.record_id`
    pub record_id: ::core::option::Option<::std::string::String>,
    /// `request_id`: `$steps.store.outputs.request_id`
    pub request_id: ::core::option::Option<::std::string::String>,
    /// `sent`: `$steps.store.outputs.sent`
    pub sent: ::core::option::Option<
        multi_source::clients::archive::arazzo_runtime::serde_json::Value,
    >,
    /// `audit_url`: `$steps.audit.outputs.url`
    pub audit_url: ::core::option::Option<::std::string::String>,
    /// `audited`: `$steps.audit.outputs.record_id`
    pub audited: ::core::option::Option<::std::string::String>,
    /// `entries`: `$steps.audit.outputs.entries`
    pub entries: ::core::option::Option<
        multi_source::clients::archive::arazzo_runtime::serde_json::Value,
    >,
    /// Which way the workflow ended.
    pub end: AuditRecordEnd,
    /// The HTTP status of the last response the workflow received (what
    /// `$statusCode` means in a step that calls this workflow).
    pub last_status: ::core::option::Option<u16>,
    /// The stepIds of the steps that completed, in document order (what an
    /// Arazzo 1.1 step-level `dependsOn` on them checks).
    pub completed_steps: ::std::vec::Vec<&'static str>,
}
#[allow(clippy::all)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AuditRecordStep {
    Store,
    Audit,
}
/// Store a record, then read its audit log.
#[allow(
    clippy::all,
    unused_variables,
    unused_mut,
    unreachable_code,
    unused_assignments,
    unused_parens
)]
pub async fn audit_record(
    client: &multi_source::clients::archive::Client,
    inputs: AuditRecordInputs,
) -> ::core::result::Result<
    AuditRecordOutputs,
    multi_source::clients::archive::arazzo_runtime::WorkflowError,
> {
    let secrets: &[&str] = &[];
    let mut step_store: ::core::option::Option<AuditRecordStoreOutputs> = None;
    let mut step_audit: ::core::option::Option<AuditRecordAuditOutputs> = None;
    let mut next = AuditRecordStep::Store;
    let mut transitions: u32 = 0;
    let mut last_status: ::core::option::Option<u16> = None;
    let end = loop {
        transitions += 1;
        if transitions > 10000u32 {
            return Err(multi_source::clients::archive::arazzo_runtime::WorkflowError::StepLimit {
                workflow: "audit-record",
                limit: 10000u32,
            });
        }
        match next {
            AuditRecordStep::Store => {
                let arg0: ::std::string::String = inputs.batch_id.clone();
                multi_source::clients::archive::arazzo_runtime::check_path_segment(
                    "store",
                    "$inputs.batch_id",
                    &arg0,
                )?;
                let mut body_json: multi_source::clients::archive::arazzo_runtime::serde_json::Value = {
                    let mut map = multi_source::clients::archive::arazzo_runtime::serde_json::Map::new();
                    map.insert(
                        ::std::string::String::from("batch_id"),
                        multi_source::clients::archive::arazzo_runtime::serde_json::to_value(
                                &inputs.batch_id.clone(),
                            )
                            .unwrap_or_default(),
                    );
                    map.insert(
                        ::std::string::String::from("status"),
                        multi_source::clients::archive::arazzo_runtime::serde_json::from_str::<
                            multi_source::clients::archive::arazzo_runtime::serde_json::Value,
                        >("\"completed\"")
                            .unwrap_or_default(),
                    );
                    multi_source::clients::archive::arazzo_runtime::serde_json::Value::Object(
                        map,
                    )
                };
                let body_arg = multi_source::clients::archive::arazzo_runtime::body_from_json(
                    "store",
                    body_json,
                )?;
                let mut extras = multi_source::clients::archive::arazzo_runtime::Extras::new();
                multi_source::clients::archive::arazzo_runtime::push_extra(
                    &mut extras,
                    multi_source::clients::archive::arazzo_runtime::Place::Header,
                    "X-Request-Id",
                    &format!("audit-{}", inputs.batch_id),
                    "simple",
                    false,
                );
                let started = ::std::time::Instant::now();
                let (sent, sent_request) = multi_source::clients::archive::arazzo_runtime::capture_request(
                        multi_source::clients::archive::arazzo_runtime::tracing::Instrument::instrument(
                            multi_source::clients::archive::arazzo_runtime::with_extras(
                                extras,
                                client.put_record(arg0.as_str(), &body_arg),
                            ),
                            multi_source::clients::archive::arazzo_runtime::tracing::info_span!(
                                "step", workflow = "audit-record", step = "store", operation
                                = "putRecord"
                            ),
                        ),
                    )
                    .await;
                let response = match sent {
                    Ok(response) => response,
                    Err(e) => {
                        let error = multi_source::clients::archive::arazzo_runtime::WorkflowError::from_client(
                                "store",
                                e,
                                secrets,
                            )
                            .await;
                        multi_source::clients::archive::arazzo_runtime::step_done(
                            "audit-record",
                            "store",
                            "putRecord",
                            error.status(),
                            started,
                        );
                        return Err(error);
                    }
                };
                let status = response.status().as_u16();
                last_status = Some(status);
                multi_source::clients::archive::arazzo_runtime::step_done(
                    "audit-record",
                    "store",
                    "putRecord",
                    Some(status),
                    started,
                );
                let body = response.into_inner();
                if !(status == 201u16) {
                    return Err(multi_source::clients::archive::arazzo_runtime::WorkflowError::CriteriaNotMet {
                        step: "store",
                        status,
                        criterion: "$statusCode == 201",
                    });
                }
                if !(multi_source::clients::archive::arazzo_runtime::eq_ignore_case(
                    (Some(::std::string::String::from("PUT"))).as_deref(),
                    Some("PUT"),
                )) {
                    return Err(multi_source::clients::archive::arazzo_runtime::WorkflowError::CriteriaNotMet {
                        step: "store",
                        status,
                        criterion: "$method == 'PUT'",
                    });
                }
                if !(multi_source::clients::archive::arazzo_runtime::compare_simple(
                    &sent_request.body_json("/status"),
                    multi_source::clients::archive::arazzo_runtime::CmpOp::Eq,
                    &::std::string::String::from("completed"),
                )) {
                    return Err(multi_source::clients::archive::arazzo_runtime::WorkflowError::CriteriaNotMet {
                        step: "store",
                        status,
                        criterion: "$request.body#/status == 'completed'",
                    });
                }
                let outputs = AuditRecordStoreOutputs {
                    url: sent_request.url(),
                    method: ::std::string::String::from("PUT"),
                    record_id: sent_request
                        .path_param("/records/{recordId}", "recordId"),
                    request_id: sent_request.header("x-request-id"),
                    sent: sent_request.body_json(""),
                };
                step_store = Some(outputs);
                next = AuditRecordStep::Audit;
            }
            AuditRecordStep::Audit => {
                let server_client = {
                    use multi_source::clients::archive::arazzo_runtime::ClientInfo as _;
                    multi_source::clients::archive::Client::new_with_client(
                        &multi_source::clients::archive::arazzo_runtime::rebase_server(
                            client.baseurl(),
                            "https://archive.example.com/v1",
                            "https://archive.example.com/logs",
                        ),
                        client.client().clone(),
                    )
                };
                let arg0: ::std::string::String = match step_store
                    .as_ref()
                    .and_then(|o| o.record_id.clone())
                {
                    Some(v) => v,
                    None => {
                        return Err(multi_source::clients::archive::arazzo_runtime::WorkflowError::MissingValue {
                            step: "audit",
                            expression: "$steps.store.outputs.record_id",
                        });
                    }
                };
                let started = ::std::time::Instant::now();
                let (sent, sent_request) = multi_source::clients::archive::arazzo_runtime::capture_request(
                        multi_source::clients::archive::arazzo_runtime::tracing::Instrument::instrument(
                            server_client.get_audit_log(arg0.as_str()),
                            multi_source::clients::archive::arazzo_runtime::tracing::info_span!(
                                "step", workflow = "audit-record", step = "audit", operation
                                = "getAuditLog"
                            ),
                        ),
                    )
                    .await;
                let response = match sent {
                    Ok(response) => response,
                    Err(e) => {
                        let error = multi_source::clients::archive::arazzo_runtime::WorkflowError::from_client(
                                "audit",
                                e,
                                secrets,
                            )
                            .await;
                        multi_source::clients::archive::arazzo_runtime::step_done(
                            "audit-record",
                            "audit",
                            "getAuditLog",
                            error.status(),
                            started,
                        );
                        return Err(error);
                    }
                };
                let status = response.status().as_u16();
                last_status = Some(status);
                multi_source::clients::archive::arazzo_runtime::step_done(
                    "audit-record",
                    "audit",
                    "getAuditLog",
                    Some(status),
                    started,
                );
                let body = response.into_inner();
                if !(status == 200u16) {
                    return Err(multi_source::clients::archive::arazzo_runtime::WorkflowError::CriteriaNotMet {
                        step: "audit",
                        status,
                        criterion: "$statusCode == 200",
                    });
                }
                let outputs = AuditRecordAuditOutputs {
                    url: sent_request.url(),
                    record_id: sent_request.query("recordId"),
                    entries: multi_source::clients::archive::arazzo_runtime::serde_json::to_value(
                            &body,
                        )
                        .ok()
                        .and_then(|v| v.pointer("/entries").cloned()),
                };
                step_audit = Some(outputs);
                break AuditRecordEnd::Completed;
            }
        }
    };
    let mut completed_steps = ::std::vec::Vec::new();
    if step_store.is_some() {
        completed_steps.push("store");
    }
    if step_audit.is_some() {
        completed_steps.push("audit");
    }
    Ok(AuditRecordOutputs {
        store_url: step_store.as_ref().map(|o| o.url.clone()),
        method: step_store.as_ref().map(|o| o.method.clone()),
        record_id: step_store.as_ref().and_then(|o| o.record_id.clone()),
        request_id: step_store.as_ref().and_then(|o| o.request_id.clone()),
        sent: step_store.as_ref().and_then(|o| o.sent.clone()),
        audit_url: step_audit.as_ref().map(|o| o.url.clone()),
        audited: step_audit.as_ref().and_then(|o| o.record_id.clone()),
        entries: step_audit.as_ref().and_then(|o| o.entries.clone()),
        end,
        last_status,
        completed_steps,
    })
}
