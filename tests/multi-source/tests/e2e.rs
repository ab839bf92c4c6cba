//! One Arazzo document, two APIs: the fake OpenAI server and a mock of the archive
//! service, each behind its own generated client.

use arazzo_corpus_e2e::mock::{Interceptor, MockServer};
use fake_openai::{Config, FakeOpenAi, batch_json};
use multi_source::clients::{archive, openai};
use multi_source::{
    ArchiveBatchEnd, ArchiveBatchInputs, Clients, ReadRecordEnd, ReadRecordInputs, archive_batch, read_record,
};
use serde_json::{Value, json};

fn interceptor(method: &str, path: &str, status: u16, reply: Value) -> Interceptor {
    Interceptor { badheaders: vec!["authorization".into()], ..Interceptor::json(method, path, status, reply) }
}

fn record(id: &str, status: &str, file: Option<&str>) -> Value {
    json!({"id": format!("rec_{id}"), "batch_id": id, "status": status, "output_file_id": file, "archived_at": 1_700_000_000})
}

async fn openai_server() -> FakeOpenAi {
    let batches = vec![
        batch_json("batch_done", "completed", Some("file_out")),
        batch_json("batch_running", "in_progress", None),
        batch_json("batch_failed", "failed", None),
    ];
    FakeOpenAi::start(Config { api_key: "sk-user".into(), batches, ..Config::default() }).await.expect("openai")
}

fn clients(openai_url: &str, archive_url: &str) -> Clients {
    Clients { openai: openai::Client::new(openai_url), archive: archive::Client::new(archive_url) }
}

fn inputs(batch: &str, note: Option<&str>) -> ArchiveBatchInputs {
    ArchiveBatchInputs { api_key: "sk-user".into(), batch_id: batch.into(), note: note.map(Into::into) }
}

#[tokio::test]
async fn a_finished_batch_is_read_from_one_api_and_archived_in_the_other() {
    let oa = openai_server().await;
    let ar = MockServer::start(vec![interceptor(
        "PUT",
        "/v1/records/batch_done",
        201,
        record("batch_done", "completed", Some("file_out")),
    )])
    .await
    .expect("archive");
    let client = clients(&oa.base_url(), &format!("{}/v1", ar.url()));

    let out = archive_batch(&client, inputs("batch_done", Some("weekly"))).await.expect("archived");
    assert!(matches!(out.end, ArchiveBatchEnd::Completed));
    assert_eq!(out.status.as_deref(), Some("completed"));
    assert_eq!(out.record_id.as_deref(), Some("rec_batch_done"));
    assert_eq!(out.archived_at, Some(1_700_000_000));
    assert_eq!(out.last_status, Some(201));

    // Each request went to its own API.
    let sent = oa.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].raw_path, "/v1/batches/batch_done");
    assert_eq!(sent[0].header("authorization"), Some("Bearer sk-user"));
    let archived = ar.requests();
    assert_eq!(archived.len(), 1);
    assert_eq!(archived[0].interceptor, Some(0));
    assert_eq!(archived[0].header("authorization"), None, "the OpenAI key goes to OpenAI only");
    let body: Value = serde_json::from_slice(&archived[0].body).expect("JSON body");
    assert_eq!(
        body,
        json!({"batch_id": "batch_done", "status": "completed", "output_file_id": "file_out", "note": "weekly"})
    );
}

#[tokio::test]
async fn a_running_batch_ends_before_the_archive_is_called() {
    let oa = openai_server().await;
    let ar = MockServer::start(Vec::new()).await.expect("archive");
    let client = clients(&oa.base_url(), &format!("{}/v1", ar.url()));
    let out = archive_batch(&client, inputs("batch_running", None)).await.expect("ended");
    assert!(matches!(&out.end, ArchiveBatchEnd::StillRunning(read) if read.status.as_deref() == Some("in_progress")));
    assert_eq!(out.record_id, None, "the archive step did not run");
    assert!(ar.requests().is_empty());
}

#[tokio::test]
async fn a_null_output_file_and_a_missing_note_are_left_out() {
    let oa = openai_server().await;
    let ar = MockServer::start(vec![interceptor(
        "PUT",
        "/v1/records/batch_failed",
        201,
        record("batch_failed", "failed", None),
    )])
    .await
    .expect("archive");
    let client = clients(&oa.base_url(), &format!("{}/v1", ar.url()));
    let out = archive_batch(&client, inputs("batch_failed", None)).await.expect("archived");
    assert_eq!(out.status.as_deref(), Some("failed"));
    let body: Value = serde_json::from_slice(&ar.requests()[0].body).expect("JSON body");
    // progenitor's body type has `Option` fields that skip `None`: a nullable member
    // that is not required is left out rather than sent as `null`.
    assert_eq!(body, json!({"batch_id": "batch_failed", "status": "failed"}));
}

#[tokio::test]
async fn an_archive_error_fails_the_step_with_its_status() {
    let oa = openai_server().await;
    let ar =
        MockServer::start(vec![interceptor("PUT", "/v1/records/batch_done", 503, json!({"error": "maintenance"}))])
            .await
            .expect("archive");
    let client = clients(&oa.base_url(), &format!("{}/v1", ar.url()));
    let err = archive_batch(&client, inputs("batch_done", None)).await.expect_err("the archive is down");
    let text = err.to_string();
    assert!(text.contains("archive") && text.contains("503"), "{text}");
}

#[tokio::test]
async fn a_workflow_of_the_same_document_may_use_only_one_of_the_clients() {
    let ar = MockServer::start(vec![
        interceptor("GET", "/v1/records/batch_done", 200, record("batch_done", "completed", Some("file_out"))),
        interceptor("GET", "/v1/records/nope", 404, json!({"error": "not found"})),
    ])
    .await
    .expect("archive");
    // The OpenAI client is never called: any URL will do.
    let client = clients("http://127.0.0.1:9/v1", &format!("{}/v1", ar.url()));
    let out = read_record(&client, ReadRecordInputs { batch_id: "batch_done".into() }).await.expect("read");
    assert!(matches!(out.end, ReadRecordEnd::Completed));
    assert_eq!(out.output_file_id.as_deref(), Some("file_out"));
    let err = read_record(&client, ReadRecordInputs { batch_id: "nope".into() }).await.expect_err("missing");
    assert!(err.to_string().contains("404"), "{err}");
}
