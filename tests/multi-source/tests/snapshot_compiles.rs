//! The snapshot of the two-source expansion (arazzo-codegen/tests/snapshots/archive_batch.rs)
//! compiles against this crate's clients, and runs like the macro's expansion.

#[allow(dead_code, clippy::all)]
mod snapshot {
    include!("../../../arazzo-codegen/tests/snapshots/archive_batch.rs");
}

#[tokio::test]
async fn the_snapshot_reads_a_record_through_the_archive_client() {
    use arazzo_corpus_e2e::mock::{Interceptor, MockServer};
    let reply = serde_json::json!({"id": "rec_1", "batch_id": "b1", "status": "completed", "archived_at": 1});
    let ar = MockServer::start(vec![Interceptor {
        method: "GET".into(),
        path: "/records/b1".into(),
        query: None,
        reqheaders: Vec::new(),
        badheaders: Vec::new(),
        request_body: None,
        times: 1,
        status: 200,
        reply_body: Some(reply),
        reply_headers: vec![("content-type".into(), "application/json".into())],
    }])
    .await
    .expect("archive");
    let client = snapshot::Clients {
        openai: multi_source::clients::openai::Client::new("http://127.0.0.1:9"),
        archive: multi_source::clients::archive::Client::new(&ar.url()),
    };
    let out = snapshot::read_record(&client, snapshot::ReadRecordInputs { batch_id: "b1".into() }).await.expect("read");
    assert_eq!(out.status.as_deref(), Some("completed"));
    assert_eq!(out.output_file_id, None);
}
