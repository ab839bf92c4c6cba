//! The snapshot of the two-source expansion (arazzo-codegen/tests/snapshots/archive_batch.rs)
//! compiles against this crate's clients, and runs like the macro's expansion; so does the
//! snapshot of the audit workflow (`archive_audit.rs`: an operation's own server, `$url`,
//! `$request.*`).

#[allow(dead_code, clippy::all)]
mod snapshot {
    include!("../../../arazzo-codegen/tests/snapshots/archive_batch.rs");
}

#[allow(dead_code, clippy::all)]
mod audit_snapshot {
    include!("../../../arazzo-codegen/tests/snapshots/archive_audit.rs");
}

#[tokio::test]
async fn the_audit_snapshot_calls_the_path_item_server() {
    use arazzo_corpus_e2e::mock::{Interceptor, MockServer};
    let record = serde_json::json!({"id": "rec_1", "batch_id": "b1", "status": "completed", "archived_at": 1});
    let mock = MockServer::start(vec![
        Interceptor::json("PUT", "/v1/records/b1", 201, record),
        Interceptor::json("GET", "/logs/audit", 200, serde_json::json!({"entries": []})),
    ])
    .await
    .expect("archive");
    let client = multi_source::clients::archive::Client::new(&format!("{}/v1", mock.url()));
    let out = audit_snapshot::audit_record(&client, audit_snapshot::AuditRecordInputs { batch_id: "b1".into() })
        .await
        .expect("audited");
    assert_eq!(out.audit_url, Some(format!("{}/logs/audit?recordId=b1", mock.url())));
    assert_eq!(out.entries, Some(serde_json::json!([])));
}

#[tokio::test]
async fn the_snapshot_reads_a_record_through_the_archive_client() {
    use arazzo_corpus_e2e::mock::{Interceptor, MockServer};
    let reply = serde_json::json!({"id": "rec_1", "batch_id": "b1", "status": "completed", "archived_at": 1});
    let ar = MockServer::start(vec![Interceptor::json("GET", "/records/b1", 200, reply)]).await.expect("archive");
    let client = snapshot::Clients {
        openai: multi_source::clients::openai::Client::new("http://127.0.0.1:9"),
        archive: multi_source::clients::archive::Client::new(&ar.url()),
    };
    let out = snapshot::read_record(&client, snapshot::ReadRecordInputs { batch_id: "b1".into() }).await.expect("read");
    assert_eq!(out.status.as_deref(), Some("completed"));
    assert_eq!(out.output_file_id, None);
}
