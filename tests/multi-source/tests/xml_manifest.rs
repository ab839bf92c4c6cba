//! XML request bodies end to end (`workflows/archive-manifest.arazzo.yml`): a payload
//! template whose values are XML-escaped, XPath replacement targets (an element's text,
//! an attribute), and `InvalidBody` before anything is sent when a target selects
//! nothing or the payload is not XML.

use arazzo_corpus_e2e::mock::{Interceptor, MockServer, Recorded};
use multi_source::clients::arazzo_runtime::WorkflowError;
use multi_source::clients::archive;
use multi_source::manifest::{PutManifestInputs, StampManifestInputs, put_manifest, stamp_manifest};

fn manifest_interceptor(record: &str) -> Interceptor {
    Interceptor {
        reply_body: None,
        reply_headers: Vec::new(),
        ..Interceptor::json("PUT", &format!("/v1/records/{record}/manifest"), 204, serde_json::Value::Null)
    }
}

fn client(server: &MockServer) -> archive::Client {
    archive::Client::new(&format!("{}/v1", server.url()))
}

/// The one request the server received.
fn received(server: &MockServer) -> Recorded {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "one request");
    let request = requests.into_iter().next().expect("a request");
    assert_eq!(request.interceptor, Some(0));
    let content_types: Vec<&str> =
        request.headers.iter().filter(|(k, _)| k == "content-type").map(|(_, v)| v.as_str()).collect();
    assert_eq!(content_types, ["application/xml"], "the body's media type, replacing the client's");
    request
}

#[tokio::test]
async fn the_template_is_escaped_and_the_xpath_targets_are_replaced() {
    let server = MockServer::start(vec![manifest_interceptor("rec_1")]).await.expect("server");
    let inputs = PutManifestInputs {
        record_id: "rec_1".into(),
        note: r#"Tea & "biscuits" <b>"#.into(),
        output_file_id: "file_out<1>".into(),
    };
    let out = put_manifest(&client(&server), inputs).await.expect("stored");
    assert_eq!(out.last_status, Some(204));

    let request = received(&server);
    assert_eq!((request.method.as_str(), request.path.as_str()), ("PUT", "/v1/records/rec_1/manifest"));
    // The replacements rewrote the document: a new declaration, the output file's id
    // (element text) and the version (attribute) set, the rest as written.
    assert_eq!(
        String::from_utf8(request.body).expect("UTF-8"),
        concat!(
            r#"<?xml version="1.0"?><manifest record="rec_1" version="2">"#,
            "\n  ",
            r#"<note>Tea &amp; "biscuits" &lt;b&gt;</note>"#,
            "\n  ",
            r#"<file role="input"><id>unchanged</id></file>"#,
            "\n  ",
            r#"<file role="output"><id>file_out&lt;1&gt;</id></file>"#,
            "\n",
            "</manifest>",
        )
    );
}

#[tokio::test]
async fn a_caller_written_manifest_is_stamped() {
    let server = MockServer::start(vec![manifest_interceptor("rec_2")]).await.expect("server");
    let inputs = StampManifestInputs {
        record_id: "rec_2".into(),
        manifest: r#"<manifest record="?"><note>n</note></manifest>"#.into(),
    };
    stamp_manifest(&client(&server), inputs).await.expect("stored");
    let request = received(&server);
    assert_eq!(
        String::from_utf8(request.body).expect("UTF-8"),
        r#"<?xml version="1.0"?><manifest record="rec_2"><note>n</note></manifest>"#
    );
}

#[tokio::test]
async fn a_target_that_selects_nothing_sends_nothing() {
    let server = MockServer::start(vec![manifest_interceptor("rec_3")]).await.expect("server");
    // No `<manifest>` root: `/manifest/@record` selects nothing.
    let inputs = StampManifestInputs { record_id: "rec_3".into(), manifest: "<inventory record=\"?\"/>".into() };
    let err = stamp_manifest(&client(&server), inputs).await.expect_err("invalid body");
    match &err {
        WorkflowError::InvalidBody { step, message } => {
            assert_eq!(*step, "put-manifest");
            assert!(message.contains("`/manifest/@record` selects nothing"), "{message}");
        }
        other => panic!("expected InvalidBody, got {other:?}"),
    }
    // Not well-formed XML: the same.
    let inputs = StampManifestInputs { record_id: "rec_3".into(), manifest: "<manifest record=\"?\">".into() };
    let err = stamp_manifest(&client(&server), inputs).await.expect_err("invalid body");
    assert!(
        matches!(&err, WorkflowError::InvalidBody { message, .. } if message.contains("not well-formed XML")),
        "{err:?}"
    );
    assert!(server.requests().is_empty(), "nothing was sent");
}
