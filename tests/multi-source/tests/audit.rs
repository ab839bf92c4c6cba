//! A path item with servers of its own, and steps that read back the request they sent
//! (`workflows/archive-audit.arazzo.yml`), against a mock of the archive service.

use arazzo_corpus_e2e::mock::{Interceptor, MockServer};
use multi_source::audit::{AuditRecordInputs, audit_record};
use multi_source::clients::archive;
use serde_json::json;

async fn archive_mock() -> MockServer {
    let record = json!({"id": "rec_b 1", "batch_id": "b 1", "status": "completed", "archived_at": 1});
    MockServer::start(vec![
        Interceptor::json("PUT", "/v1/records/b%201", 201, record),
        Interceptor {
            query: Some(json!({"recordId": "b 1"})),
            ..Interceptor::json("GET", "/logs/audit", 200, json!({"entries": ["stored", "read"]}))
        },
    ])
    .await
    .expect("archive")
}

#[tokio::test]
async fn a_path_item_server_is_rebased_like_the_client_and_steps_read_their_request() {
    let mock = archive_mock().await;
    // The client's base URL stands for the description's server (`…/v1`). `/audit` is
    // served from `https://archive.example.com/logs`, on the same origin: it moves with
    // the client, to `<mock>/logs/audit`.
    let client = archive::Client::new(&format!("{}/v1", mock.url()));
    let out = audit_record(&client, AuditRecordInputs { batch_id: "b 1".into() }).await;
    let out = out.unwrap_or_else(|e| panic!("{e}: {:?}", mock.requests()));

    let sent = mock.requests();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!((sent[0].method.as_str(), sent[0].path.as_str()), ("PUT", "/v1/records/b%201"));
    assert_eq!((sent[1].method.as_str(), sent[1].path.as_str()), ("GET", "/logs/audit"));
    assert_eq!(sent[1].query.as_deref(), Some("recordId=b+1"));

    // `$url`, `$method` and `$request.*` are what was sent.
    assert_eq!(out.store_url, Some(format!("{}/v1/records/b%201", mock.url())));
    assert_eq!(out.method.as_deref(), Some("PUT"));
    assert_eq!(out.record_id.as_deref(), Some("b 1"), "path parameters are decoded");
    assert_eq!(out.request_id.as_deref(), Some("audit-b 1"));
    assert_eq!(out.sent, Some(json!({"batch_id": "b 1", "status": "completed"})));
    assert_eq!(out.audit_url, Some(format!("{}/logs/audit?recordId=b+1", mock.url())));
    assert_eq!(out.audited.as_deref(), Some("b 1"));
    assert_eq!(out.entries, Some(json!(["stored", "read"])));
}
