//! End to end: the generated `download_batch_results` against the fake OpenAI server
//! on 127.0.0.1, one test per branch of the workflow and per property the issue lists.

use bytes::Bytes;
use fake_openai::{Config, FakeOpenAi, Fault, FaultKind, FileBody, RecordedRequest, batch_json};
use generated_client::arazzo_runtime::WorkflowError;
use generated_client::{
    ClientOptions, DownloadBatchResultsEnd, DownloadBatchResultsInputs, DownloadBatchResultsOutputs,
    download_batch_results, new_client,
};

const KEY: &str = "sk-e2e-Zq8tQv3LmK5";
const JSONL: &[u8] = b"{\"id\":\"batch_req_1\",\"custom_id\":\"a\",\"response\":{\"status_code\":200},\"error\":null}\n{\"id\":\"batch_req_2\",\"custom_id\":\"b\",\"response\":null,\"error\":{\"code\":\"x\"}}\n";

async fn server(batches: Vec<serde_json::Value>, files: Vec<(&str, FileBody)>) -> FakeOpenAi {
    let config = Config {
        api_key: KEY.into(),
        batches,
        files: files.into_iter().map(|(id, b)| (id.to_string(), b)).collect(),
        faults: vec![],
    };
    FakeOpenAi::start(config).await.expect("the fake server starts")
}

async fn run(server: &FakeOpenAi, batch_id: &str, key: &str) -> Result<DownloadBatchResultsOutputs, WorkflowError> {
    let client = new_client(&server.base_url(), &ClientOptions::default()).expect("client");
    download_batch_results(&client, DownloadBatchResultsInputs { api_key: key.into(), batch_id: batch_id.into() }).await
}

fn paths(requests: &[RecordedRequest]) -> Vec<String> {
    requests.iter().map(|r| format!("{} {}", r.method, r.raw_path)).collect()
}

#[tokio::test]
async fn completed_batch_downloads_the_exact_bytes() {
    let s = server(
        vec![batch_json("batch_1", "completed", Some("file-out"))],
        vec![("file-out", FileBody::Bytes(Bytes::from_static(JSONL)))],
    )
    .await;
    let out = run(&s, "batch_1", KEY).await.expect("workflow succeeds");
    assert!(matches!(out.end, DownloadBatchResultsEnd::Completed));
    assert_eq!(out.output_file_id.as_deref(), Some("file-out"));
    let contents = out.contents.expect("contents are present when the download step ran");
    assert_eq!(contents.content_length(), Some(JSONL.len() as u64));
    assert_eq!(contents.bytes().await.expect("body").as_ref(), JSONL, "contents are the raw bytes, not JSON-decoded");

    let requests = s.requests();
    assert_eq!(paths(&requests), ["GET /v1/batches/batch_1", "GET /v1/files/file-out/content"]);
    for r in &requests {
        // The undeclared Authorization parameter is sent exactly as the workflow builds it.
        assert_eq!(r.header("authorization"), Some(format!("Bearer {KEY}").as_str()));
        // progenitor's invented `api-version` header is not sent.
        assert_eq!(r.header("api-version"), None);
    }
}

#[tokio::test]
async fn statuses_other_than_completed_end_through_batch_not_ready() {
    for status in ["validating", "in_progress", "finalizing", "failed", "expired", "cancelling", "cancelled", "paused"]
    {
        let s = server(vec![batch_json("batch_1", status, None)], vec![]).await;
        let out = run(&s, "batch_1", KEY).await.unwrap_or_else(|e| panic!("status {status}: {e}"));
        match &out.end {
            DownloadBatchResultsEnd::BatchNotReady(batch) => assert_eq!(batch.status.as_deref(), Some(status)),
            other => panic!("status {status}: ended through {other:?}"),
        }
        assert!(out.contents.is_none(), "no contents when the download step did not run");
        assert_eq!(paths(&s.requests()), ["GET /v1/batches/batch_1"], "status {status}: no request for a file");
    }
}

#[tokio::test]
async fn completed_batch_without_output_file_is_a_typed_error_and_no_request() {
    let s = server(vec![batch_json("batch_1", "completed", None)], vec![]).await;
    let err = run(&s, "batch_1", KEY).await.expect_err("no output file");
    match &err {
        WorkflowError::MissingValue { step, expression } => {
            assert_eq!(*step, "downloadOutput");
            assert_eq!(*expression, "$steps.getBatch.outputs.outputFileId");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().contains("downloadOutput"));
    assert_eq!(paths(&s.requests()), ["GET /v1/batches/batch_1"], "never requests /files/null/content");
}

#[tokio::test]
async fn nulls_and_unknown_fields_in_the_batch_deserialize() {
    let mut b = batch_json("batch_1", "in_progress", None);
    let obj = b.as_object_mut().expect("object");
    for field in ["model", "errors", "usage", "metadata", "request_counts", "error_file_id", "expires_at"] {
        obj.insert(field.into(), serde_json::Value::Null);
    }
    obj.insert("brand_new_field".into(), serde_json::json!({"nested": [1, 2, 3]}));
    let s = server(vec![b], vec![]).await;
    let out = run(&s, "batch_1", KEY).await.expect("tolerant decoding");
    assert!(matches!(out.end, DownloadBatchResultsEnd::BatchNotReady(_)));
}

#[tokio::test]
async fn wrong_key_is_an_api_error_that_never_shows_the_key() {
    let s = server(vec![batch_json("batch_1", "completed", Some("f"))], vec![]).await;
    let wrong = "sk-wrong-Hk29dLq0";
    let err = run(&s, "batch_1", wrong).await.expect_err("401");
    match &err {
        WorkflowError::Api { step, status, message, .. } => {
            assert_eq!(*step, "getBatch");
            assert_eq!(*status, 401);
            assert!(message.contains("Incorrect API key"), "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }
    let text = format!("{err} {err:?}");
    assert!(!text.contains(wrong) && !text.contains(KEY), "{text}");
    let display = err.to_string();
    assert!(display.contains("getBatch") && display.contains("401"), "{display}");
}

#[tokio::test]
async fn unknown_batch_is_a_404_with_the_api_message() {
    let s = server(vec![], vec![]).await;
    let err = run(&s, "batch_missing", KEY).await.expect_err("404");
    assert!(
        matches!(&err, WorkflowError::Api { step: "getBatch", status: 404, message, .. } if message.contains("No batch found")),
        "{err:?}"
    );
}

#[tokio::test]
async fn missing_output_file_is_a_404_of_the_download_step() {
    let s = server(vec![batch_json("batch_1", "completed", Some("file-gone"))], vec![]).await;
    let err = run(&s, "batch_1", KEY).await.expect_err("404");
    assert_eq!(err.step(), Some("downloadOutput"));
    assert_eq!(err.status(), Some(404));
}

#[tokio::test]
async fn path_parameters_are_one_encoded_segment() {
    let s = server(vec![], vec![]).await;
    let _ = run(&s, "a/../../files/x", KEY).await;
    let _ = run(&s, "id?x=1#frag%20", KEY).await;
    let p = paths(&s.requests());
    assert_eq!(p[0], "GET /v1/batches/a%2F..%2F..%2Ffiles%2Fx");
    assert_eq!(p[1], "GET /v1/batches/id%3Fx=1%23frag%2520");
    // `..` on its own would be a path segment: it is refused before any request.
    let err = run(&s, "..", KEY).await.expect_err("refused");
    assert!(matches!(err, WorkflowError::InvalidValue { step: "getBatch", .. }), "{err:?}");
    assert_eq!(s.requests().len(), 2);
}

#[tokio::test]
async fn inputs_debug_redacts_the_key() {
    let inputs = DownloadBatchResultsInputs { api_key: KEY.into(), batch_id: "batch_1".into() };
    let debug = format!("{inputs:?}");
    assert!(!debug.contains(KEY) && debug.contains("batch_1") && debug.contains("redacted"), "{debug}");
}

#[tokio::test]
async fn a_large_file_streams_through_with_the_right_bytes() {
    const LEN: u64 = 48 << 20;
    let s =
        server(vec![batch_json("batch_1", "completed", Some("big"))], vec![("big", FileBody::Generated { len: LEN })])
            .await;
    let out = run(&s, "batch_1", KEY).await.expect("workflow");
    let contents = out.contents.expect("contents");
    assert_eq!(contents.content_length(), Some(LEN));
    // Compare chunk by chunk against the generator, never holding the file.
    use futures::StreamExt;
    let mut expected = fake_openai::generated_bytes(LEN).flat_map(|b| b.to_vec());
    let mut stream = contents.into_stream();
    let mut n = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("chunk");
        for b in chunk.iter() {
            assert_eq!(Some(*b), expected.next(), "byte {n}");
            n += 1;
        }
    }
    assert_eq!(n, LEN);
}

#[tokio::test]
async fn a_body_cut_short_is_an_error_not_a_success() {
    let s =
        server(vec![batch_json("batch_1", "completed", Some("f"))], vec![("f", FileBody::Generated { len: 1 << 20 })])
            .await;
    s.add_fault(Fault::always("/v1/files/f/content", FaultKind::ShortBody { after_bytes: 1000 })).expect("fault");
    let out = run(&s, "batch_1", KEY).await.expect("headers arrive");
    let err = out.contents.expect("contents").bytes().await.expect_err("short body");
    assert_eq!(err.step(), Some("downloadOutput"));
}

#[tokio::test]
async fn server_errors_carry_step_status_and_message() {
    for status in [403u16, 409, 429, 500, 502, 503] {
        let s = server(vec![batch_json("batch_1", "completed", Some("f"))], vec![]).await;
        s.add_fault(Fault::always("/v1/batches/", FaultKind::Status { status, retry_after: None })).expect("fault");
        let err = run(&s, "batch_1", KEY).await.expect_err("error status");
        assert!(matches!(&err, WorkflowError::Api { step: "getBatch", status: st, .. } if *st == status), "{err:?}");
        assert!(err.to_string().contains(&status.to_string()));
    }
}

#[tokio::test]
async fn a_slow_but_moving_download_succeeds_and_a_stalled_one_fails_after_the_read_timeout() {
    use std::time::{Duration, Instant};
    let s =
        server(vec![batch_json("batch_1", "completed", Some("f"))], vec![("f", FileBody::Generated { len: 40_000 })])
            .await;
    // 40 chunks of 1000 bytes, 60 ms apart: about 2.4 s in all, never 1 s without bytes.
    s.add_fault(Fault::times("/v1/files/f/content", FaultKind::SlowBody { chunk: 1000, delay_ms: 60 }, 1))
        .expect("fault");
    let options = ClientOptions { read_timeout: Duration::from_secs(1), ..ClientOptions::default() };
    let client = new_client(&s.base_url(), &options).expect("client");
    let inputs = || DownloadBatchResultsInputs { api_key: KEY.into(), batch_id: "batch_1".into() };
    let started = Instant::now();
    let out = download_batch_results(&client, inputs()).await.expect("workflow");
    let bytes = out.contents.expect("contents").bytes().await.expect("a slow body is not a timeout");
    assert_eq!(bytes.len(), 40_000);
    assert!(started.elapsed() > Duration::from_secs(2), "the body really was slow");

    s.add_fault(Fault::times("/v1/files/f/content", FaultKind::StallAfter { after_bytes: 5000 }, 1)).expect("fault");
    let started = Instant::now();
    let out = download_batch_results(&client, inputs()).await.expect("headers arrive");
    let err = out.contents.expect("contents").bytes().await.expect_err("stalled");
    assert_eq!(err.step(), Some("downloadOutput"));
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(900) && waited < Duration::from_secs(10), "{waited:?}");
}

#[tokio::test]
async fn faults_through_the_generated_function() {
    // Reset in the middle of the file: the stream fails, naming the step.
    let s =
        server(vec![batch_json("batch_1", "completed", Some("f"))], vec![("f", FileBody::Generated { len: 1 << 20 })])
            .await;
    s.add_fault(Fault::times("/v1/files/f/content", FaultKind::ResetMidBody { after_bytes: 200_000 }, 1))
        .expect("fault");
    let out = run(&s, "batch_1", KEY).await.expect("headers arrive");
    let err = out.contents.expect("contents").bytes().await.expect_err("reset");
    assert!(matches!(err, WorkflowError::Transport { step: "downloadOutput", .. }), "{err:?}");

    // Malformed JSON, a wrong content type, an empty body: decoding errors of the step.
    for kind in [FaultKind::MalformedJson, FaultKind::WrongContentType, FaultKind::EmptyBody] {
        s.add_fault(Fault::times("/v1/batches/batch_1", kind.clone(), 1)).expect("fault");
        let err = run(&s, "batch_1", KEY).await.expect_err("undecodable");
        assert_eq!(err.step(), Some("getBatch"), "{kind:?}: {err:?}");
        assert!(matches!(err, WorkflowError::Decode { .. }), "{kind:?}: {err:?}");
    }

    // 429 with Retry-After: the workflow has no retry action, so the caller gets it,
    // with the delay the server asked for.
    s.add_fault(Fault::times(
        "/v1/batches/batch_1",
        FaultKind::Status { status: 429, retry_after: Some("7".into()) },
        1,
    ))
    .expect("fault");
    let err = run(&s, "batch_1", KEY).await.expect_err("429");
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(7)));

    // A redirect to another host does not carry the key.
    let other = FakeOpenAi::start(Config { api_key: "sk-other".into(), ..Config::default() }).await.expect("server");
    let location = format!("{}/batches/batch_1", other.base_url());
    s.add_fault(Fault::times("/v1/batches/batch_1", FaultKind::RedirectTo { location }, 1)).expect("fault");
    let err = run(&s, "batch_1", KEY).await.expect_err("401 at the other host");
    assert_eq!(err.status(), Some(401));
    assert_eq!(other.requests()[0].header("authorization"), None);
}
