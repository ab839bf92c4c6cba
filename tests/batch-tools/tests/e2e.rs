//! The user crate's own workflows, end to end against the fake OpenAI server.

use batch_tools::{CancelBatchInputs, ListBatchesInputs, cancel_batch, list_batches};
use fake_openai::{Config, FakeOpenAi, batch_json};

async fn server() -> FakeOpenAi {
    let batches = (0..5).map(|i| batch_json(&format!("batch_{i}"), "in_progress", None)).collect();
    FakeOpenAi::start(Config { api_key: "sk-user".into(), batches, ..Config::default() }).await.expect("server")
}

#[tokio::test]
async fn cancel_batch_moves_it_to_cancelling() {
    let s = server().await;
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");
    let out = cancel_batch(&client, CancelBatchInputs { api_key: "sk-user".into(), batch_id: "batch_2".into() })
        .await
        .expect("cancel");
    assert_eq!(out.status.as_deref(), Some("cancelling"));
    let r = s.requests();
    assert_eq!(r.len(), 1);
    assert_eq!((r[0].method.as_str(), r[0].raw_path.as_str()), ("POST", "/v1/batches/batch_2/cancel"));
    assert_eq!(r[0].header("authorization"), Some("Bearer sk-user"));
}

#[tokio::test]
async fn list_batches_sends_the_optional_query_parameter() {
    let s = server().await;
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");
    let out = list_batches(&client, ListBatchesInputs { api_key: "sk-user".into(), limit: Some(2), after: None })
        .await
        .expect("list");
    assert_eq!(out.has_more, Some(true));
    assert_eq!(out.first_id.as_deref(), Some("batch_0"));
    let batches = out.batches.expect("data");
    assert_eq!(batches.as_array().map(Vec::len), Some(2));
    assert_eq!(s.requests()[0].query.as_deref(), Some("limit=2"));

    let out = list_batches(&client, ListBatchesInputs { api_key: "sk-user".into(), limit: None, after: None })
        .await
        .expect("list");
    assert_eq!(out.has_more, Some(false));
    assert_eq!(s.requests()[1].query, None, "an input left out is not sent");
}

#[tokio::test]
async fn find_batch_ends_when_found_and_goes_to_the_list_on_404() {
    use batch_tools::{FindBatchEnd, FindBatchInputs, find_batch};
    let s = server().await;
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");
    let inputs = |id: &str| FindBatchInputs { api_key: "sk-user".into(), batch_id: id.into() };

    let out = find_batch(&client, inputs("batch_1")).await.expect("found");
    assert!(matches!(&out.end, FindBatchEnd::Found(read) if read.status.as_deref() == Some("in_progress")));
    assert_eq!(out.status.as_deref(), Some("in_progress"));
    assert_eq!(out.newest_id, None, "the list step did not run");

    // onFailure: a 404 goes to `listNewest`.
    let out = find_batch(&client, inputs("batch_nope")).await.expect("listed instead");
    assert!(matches!(out.end, FindBatchEnd::Completed));
    assert_eq!(out.status, None);
    assert_eq!(out.newest_id.as_deref(), Some("batch_0"));
    let last = s.requests().pop().expect("a request");
    assert_eq!(last.query.as_deref(), Some("limit=3"));

    // Any other failure is the step's error: the action's criteria do not hold.
    s.add_fault(fake_openai::Fault::times(
        "/v1/batches/batch_1",
        fake_openai::FaultKind::Status { status: 500, retry_after: None },
        1,
    ))
    .expect("fault");
    let err = find_batch(&client, inputs("batch_1")).await.expect_err("500");
    assert_eq!((err.step(), err.status()), (Some("read"), Some(500)));
}

#[tokio::test]
async fn values_cannot_change_the_target_or_inject_headers() {
    let s = server().await;
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");
    // A query value is one encoded value: no extra parameter, no fragment.
    let after = "x&limit=100#frag\r\nX-Injected: 1 ä%";
    let _ = list_batches(
        &client,
        ListBatchesInputs { api_key: "sk-user".into(), limit: Some(1), after: Some(after.into()) },
    )
    .await;
    let r = s.requests().pop().expect("request");
    let query = r.query.expect("query");
    assert!(!query.contains('#') && !query.contains('\n') && !query.contains("limit=100"), "{query}");
    assert!(query.contains("after=x%26limit%3D100%23frag%0D%0AX-Injected%3A+1+%C3%A4%25"), "{query}");

    // A header value with CR/LF is refused before anything is sent.
    let before = s.requests().len();
    let err = cancel_batch(
        &client,
        CancelBatchInputs { api_key: "sk-user\r\nX-Injected: 1".into(), batch_id: "batch_1".into() },
    )
    .await
    .expect_err("refused");
    assert_eq!(err.step(), Some("cancel"));
    assert!(!err.to_string().contains("sk-user"), "the key is not in the error: {err}");
    assert_eq!(s.requests().len(), before, "nothing was sent");

    // Path values: non-ASCII and reserved characters stay in one segment.
    let _ = cancel_batch(&client, CancelBatchInputs { api_key: "sk-user".into(), batch_id: "b?c#d%e/ä".into() }).await;
    let r = s.requests().pop().expect("request");
    assert_eq!(r.raw_path, "/v1/batches/b%3Fc%23d%25e%2F%C3%A4/cancel");
}

#[tokio::test]
async fn retry_actions_honour_retry_after_and_their_limit() {
    use batch_tools::{ReadBatchPatientlyInputs, read_batch_patiently};
    use fake_openai::{Fault, FaultKind};
    use std::time::{Duration, Instant};
    let s = server().await;
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");
    let inputs = || ReadBatchPatientlyInputs { api_key: "sk-user".into(), batch_id: "batch_1".into() };
    let status = |status: u16, retry_after: Option<&str>| FaultKind::Status {
        status,
        retry_after: retry_after.map(str::to_string),
    };

    // 429 with `Retry-After: 1`: the header wins over `retryAfter: 0.05`.
    s.add_fault(Fault::times("/v1/batches/batch_1", status(429, Some("1")), 1)).expect("fault");
    let started = Instant::now();
    let out = read_batch_patiently(&client, inputs()).await.expect("retried");
    assert_eq!(out.status.as_deref(), Some("in_progress"));
    assert!(started.elapsed() >= Duration::from_millis(950), "{:?}", started.elapsed());
    assert_eq!(s.requests().len(), 2);

    // 503 twice, no header: `retryAfter` seconds each.
    s.clear_requests();
    s.add_fault(Fault::times("/v1/batches/batch_1", status(503, None), 2)).expect("fault");
    let started = Instant::now();
    read_batch_patiently(&client, inputs()).await.expect("retried");
    assert!(started.elapsed() < Duration::from_millis(900));
    assert_eq!(s.requests().len(), 3);

    // A date in the past: no wait.
    s.clear_requests();
    s.add_fault(Fault::times("/v1/batches/batch_1", status(429, Some("Wed, 21 Oct 2015 07:28:00 GMT")), 1))
        .expect("fault");
    read_batch_patiently(&client, inputs()).await.expect("retried");
    assert_eq!(s.requests().len(), 2);

    // Always failing: 1 + retryLimit (3) requests, then the error.
    s.clear_requests();
    s.add_fault(Fault::always("/v1/batches/batch_1", status(500, None))).expect("fault");
    let err = read_batch_patiently(&client, inputs()).await.expect_err("gives up");
    assert_eq!(err.status(), Some(500));
    assert_eq!(s.requests().len(), 4);

    // Other statuses are not retried.
    let err =
        read_batch_patiently(&client, ReadBatchPatientlyInputs { api_key: "sk-wrong".into(), batch_id: "x".into() })
            .await
            .expect_err("401");
    assert_eq!(err.status(), Some(401));
}

#[tokio::test]
async fn composition_runs_dependencies_and_sub_workflows_and_sends_components() {
    use batch_tools::composition::{CancelUnlessDoneEnd, CancelUnlessDoneInputs, cancel_unless_done};
    let s = server().await;
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");
    let inputs = |id: &str| CancelUnlessDoneInputs { api_key: "sk-user".into(), batch_id: id.into() };

    let out = cancel_unless_done(&client, inputs("batch_3")).await.expect("cancelled");
    assert!(matches!(out.end, CancelUnlessDoneEnd::Completed));
    assert_eq!(out.before.as_deref(), Some("in_progress"));
    assert_eq!(out.checked.as_deref(), Some("in_progress"));
    assert_eq!(out.after.as_deref(), Some("cancelling"));
    let r = s.requests();
    // dependsOn, then the `check` step's sub-workflow, then the cancel.
    let calls: Vec<(&str, &str)> = r.iter().map(|q| (q.method.as_str(), q.raw_path.as_str())).collect();
    assert_eq!(
        calls,
        [("GET", "/v1/batches/batch_3"), ("GET", "/v1/batches/batch_3"), ("POST", "/v1/batches/batch_3/cancel")]
    );
    // Reusable parameters (with a `value` override), a cookie, an undeclared query parameter.
    assert_eq!(r[0].header("authorization"), Some("Bearer sk-user"));
    assert_eq!(r[0].header("openai-organization"), Some("org-composition"));
    assert_eq!(r[0].header("cookie"), Some("trace=composition-batch_3"));
    assert_eq!(r[2].query.as_deref(), Some("reason=composition-test"));
    assert_eq!(r[2].header("authorization"), Some("Bearer sk-user"));

    // A 404 in the dependency: the reusable failure action ends it with the error.
    let err = cancel_unless_done(&client, inputs("batch_nope")).await.expect_err("missing");
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.step(), Some("read"));
}

#[tokio::test]
async fn a_component_expression_is_the_component_itself() {
    use batch_tools::composition::{BatchStatusInputs, batch_status};
    let s = server().await;
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");
    let out = batch_status(&client, BatchStatusInputs { api_key: "sk-user".into(), batch_id: "batch_3".into() })
        .await
        .expect("status");
    let org = generated_client::arazzo_runtime::serde_json::json!({
        "name": "OpenAI-Organization", "in": "header", "value": "org-default"
    });
    assert_eq!(out.org_parameter, Some(org));
}

#[tokio::test]
async fn composition_workflow_level_success_action_ends_early() {
    use batch_tools::composition::{CancelUnlessDoneEnd, CancelUnlessDoneInputs, cancel_unless_done};
    let batches = vec![batch_json("batch_done", "completed", Some("file-out"))];
    let s =
        FakeOpenAi::start(Config { api_key: "sk-user".into(), batches, ..Config::default() }).await.expect("server");
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");
    let out = cancel_unless_done(
        &client,
        CancelUnlessDoneInputs { api_key: "sk-user".into(), batch_id: "batch_done".into() },
    )
    .await
    .expect("ended");
    assert!(matches!(out.end, CancelUnlessDoneEnd::AlreadyDone), "{:?}", out.end);
    assert_eq!(out.after, None, "the cancel step did not run");
    assert_eq!(s.requests().len(), 2);
}

#[tokio::test]
async fn typed_nested_inputs_become_structs_enums_and_vecs() {
    use batch_tools::composition::{ListPageEnd, ListPageInputs, ListPageInputsExpect, ListPageInputsPage, list_page};
    let s = server().await;
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");
    let inputs = ListPageInputs {
        api_key: "sk-user".into(),
        page: ListPageInputsPage { limit: 2, after: Some("batch_0".into()) },
        expect: Some(ListPageInputsExpect::InProgress),
        tags: Some(vec!["a".into(), "b".into()]),
    };
    // The inputs deserialise from the JSON a caller would send.
    let from_json: ListPageInputs =
        generated_client::arazzo_runtime::serde_json::from_value(generated_client::arazzo_runtime::serde_json::json!({
            "apiKey": "sk-user", "page": {"limit": 2, "after": "batch_0"}, "expect": "in_progress", "tags": ["a", "b"]
        }))
        .expect("inputs");
    assert_eq!(from_json.page, inputs.page);
    let out = list_page(&client, inputs).await.expect("listed");
    assert!(matches!(out.end, ListPageEnd::FirstAsExpected(_)), "{:?}", out.end);
    assert_eq!(out.first_id.as_deref(), Some("batch_1"));
    assert_eq!(out.expected, Some(ListPageInputsExpect::InProgress));
    let q = s.requests()[0].query.clone().unwrap_or_default();
    assert!(q.contains("limit=2") && q.contains("after=batch_0"), "{q}");
    assert!(q.contains("tag=%5B%22a%22%2C%22b%22%5D"), "a list in a template is JSON text: {q}");
}

#[tokio::test]
async fn a_later_expression_reads_the_outputs_of_a_workflow_an_earlier_step_called() {
    use batch_tools::composition::{StatusViaStepInputs, status_via_step};
    let s = server().await;
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");
    let out = status_via_step(&client, StatusViaStepInputs { api_key: "sk-user".into(), batch_id: "batch_4".into() })
        .await
        .expect("status");
    assert_eq!(out.status.as_deref(), Some("in_progress"));
}

#[tokio::test]
async fn a_querystring_parameter_sends_every_member() {
    use batch_tools::query::{ListWithQueryInputs, list_with_query};
    let s = server().await;
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");
    let query = generated_client::arazzo_runtime::serde_json::json!({"limit": 1, "after": "batch_1"});
    let out = list_with_query(&client, ListWithQueryInputs { api_key: "sk-user".into(), query }).await.expect("listed");
    assert_eq!(out.first_id.as_deref(), Some("batch_2"));
    assert_eq!(s.requests()[0].query.as_deref(), Some("limit=1&after=batch_1"));
}

#[tokio::test]
async fn failure_criteria_read_the_failed_response_body_and_headers() {
    use batch_tools::composition::{ReadOrListInputs, read_or_list};
    let s = server().await;
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");
    let inputs = |id: &str| ReadOrListInputs { api_key: "sk-user".into(), batch_id: id.into() };
    let out = read_or_list(&client, inputs("batch_nope")).await.expect("listed instead");
    assert_eq!(out.status, None);
    assert_eq!(out.newest.as_deref(), Some("batch_0"));
    // Found: the list step runs too (it is next), and the read's outputs are there.
    let out = read_or_list(&client, inputs("batch_2")).await.expect("read");
    assert_eq!(out.status.as_deref(), Some("in_progress"));
    // A wrong key is a 401 with `invalid_request_error` too, but not a 404: no goto.
    let bad = ReadOrListInputs { api_key: "sk-wrong".into(), batch_id: "batch_nope".into() };
    let err = read_or_list(&client, bad).await.expect_err("401");
    assert_eq!(err.status(), Some(401));
}

#[tokio::test]
async fn outputs_carry_the_last_status_which_is_status_code_in_a_calling_step() {
    use batch_tools::composition::{StatusViaStepInputs, status_via_step};
    let s = server().await;
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");
    let out = status_via_step(&client, StatusViaStepInputs { api_key: "sk-user".into(), batch_id: "batch_4".into() })
        .await
        .expect("status");
    assert_eq!(out.last_status, Some(200));
}

#[tokio::test]
async fn selector_objects_pick_values_with_jsonpath_jsonpointer_and_xpath() {
    use batch_tools::query::{ReadFromManifestInputs, SelectBatchesInputs, read_from_manifest, select_batches};
    use generated_client::arazzo_runtime::serde_json::json;
    let batches = vec![
        batch_json("batch_a", "completed", Some("file_a")),
        batch_json("batch_b", "in_progress", None),
        batch_json("batch_c", "completed", Some("file_c")),
    ];
    let s =
        FakeOpenAi::start(Config { api_key: "sk-user".into(), batches, ..Config::default() }).await.expect("server");
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");

    let out = select_batches(&client, SelectBatchesInputs { api_key: "sk-user".into() }).await.expect("selected");
    // A singular query is a typed pointer; a wildcard or filter query selects JSON at
    // run time: one node is the node, several are an array.
    assert_eq!(out.first_status, Some(json!("completed")));
    assert_eq!(out.ids, Some(json!(["batch_a", "batch_b", "batch_c"])));
    assert_eq!(out.completed_ids, Some(json!(["batch_a", "batch_c"])));
    assert_eq!(out.has_more, Some(false));
    // The jsonpointer selector on a step output fed the next step's path parameter.
    assert_eq!(out.read_status.map(|s| s.to_string()), Some("completed".to_string()));
    assert_eq!(s.requests()[1].raw_path, "/v1/batches/batch_a");

    let manifest = r#"<manifest><batch id="batch_b"/><batch id="batch_c"/></manifest>"#;
    let out =
        read_from_manifest(&client, ReadFromManifestInputs { api_key: "sk-user".into(), manifest: manifest.into() })
            .await
            .expect("read");
    assert_eq!(out.status.map(|s| s.to_string()), Some("in_progress".to_string()));
    assert_eq!(out.batch_id.as_deref(), Some("batch_c"));
    assert_eq!(s.requests()[2].raw_path, "/v1/batches/batch_b");
}

#[tokio::test]
async fn a_jsonpointer_criterion_fails_the_step_when_the_pointer_does_not_resolve() {
    use batch_tools::query::{SelectBatchesInputs, select_batches};
    let s = FakeOpenAi::start(Config { api_key: "sk-user".into(), ..Config::default() }).await.expect("server");
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");
    let err = select_batches(&client, SelectBatchesInputs { api_key: "sk-user".into() })
        .await
        .expect_err("an empty list has no /data/0");
    assert_eq!(err.status(), Some(200));
    assert_eq!(s.requests().len(), 1, "the next step did not run");
}

#[tokio::test]
async fn a_step_runs_only_after_the_steps_it_depends_on() {
    use batch_tools::query::{DependsOnStepsInputs, depends_on_steps};
    use generated_client::arazzo_runtime::WorkflowError;
    let batches = vec![batch_json("batch_a", "completed", Some("file_a")), batch_json("batch_b", "in_progress", None)];
    let s =
        FakeOpenAi::start(Config { api_key: "sk-user".into(), batches, ..Config::default() }).await.expect("server");
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");
    let inputs = |id: &str| DependsOnStepsInputs { api_key: "sk-user".into(), batch_id: id.into() };

    // In order: read, list, read-again.
    let out = depends_on_steps(&client, inputs("batch_b")).await.expect("ran");
    assert_eq!(out.status.map(|s| s.to_string()).as_deref(), Some("in_progress"));
    assert_eq!(s.requests().len(), 3);

    // The goto skips `list`, which `read-again` depends on: it does not run.
    let err = depends_on_steps(&client, inputs("batch_a")).await.expect_err("list was skipped");
    assert!(matches!(err, WorkflowError::DependencyNotMet { step: "read-again", depends_on: "list" }), "{err}");
    assert_eq!(s.requests().len(), 4, "only the first read was sent");
}

#[tokio::test]
async fn a_step_may_depend_on_steps_of_other_workflows() {
    use batch_tools::query::{AfterOtherWorkflowsInputs, after_other_workflows};
    use generated_client::arazzo_runtime::WorkflowError;
    let batches = vec![batch_json("batch_a", "completed", Some("file_a")), batch_json("batch_b", "in_progress", None)];
    let s =
        FakeOpenAi::start(Config { api_key: "sk-user".into(), batches, ..Config::default() }).await.expect("server");
    let client = generated_client::new_client(&s.base_url(), &Default::default()).expect("client");
    let inputs = |id: &str| AfterOtherWorkflowsInputs { api_key: "sk-user".into(), batch_id: id.into() };

    // `select-batches` (a dependency) ran `read-first`; `maybe-list` (called by the
    // first step) ran `list`: the last step runs.
    let out = after_other_workflows(&client, inputs("batch_b")).await.expect("ran");
    assert_eq!(out.status.map(|s| s.to_string()).as_deref(), Some("in_progress"));
    assert_eq!(out.completed_steps, ["call", "final"]);

    // For a completed batch `maybe-list` skips `list`: the last step does not run.
    let before = s.requests().len();
    let err = after_other_workflows(&client, inputs("batch_a")).await.expect_err("list was skipped");
    assert!(
        matches!(
            err,
            WorkflowError::DependencyNotMet { step: "final", depends_on: "$workflows.maybe-list.steps.list" }
        ),
        "{err}"
    );
    // select-batches (list, read-first), maybe-list (read, finish); not `final`.
    assert_eq!(s.requests().len() - before, 4);
}
