//! A `multipart/form-data` request body end to end: the upload workflow
//! (`workflows/batch-upload.arazzo.yml`, OpenAI's `createFile`) against a recording
//! mock server, whose received body the test parses part by part.

use arazzo_corpus_e2e::mock::{Interceptor, MockServer, Recorded};
use batch_tools::upload::{UploadBatchInputInputs, upload_batch_input};
use serde_json::json;

/// Two requests of a batch, one per line (with a character beyond ASCII: the file's
/// bytes are the string's UTF-8).
const JSONL: &str = concat!(
    r#"{"custom_id": "r1", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Café?"}]}}"#,
    "\n",
    r#"{"custom_id": "r2", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Tea?"}]}}"#,
    "\n",
);

fn files_interceptor(filename: &str) -> Interceptor {
    let file = json!({
        "id": "file-abc123", "object": "file", "bytes": JSONL.len(), "created_at": 1_700_000_000,
        "filename": filename, "purpose": "batch", "status": "processed",
    });
    Interceptor::json("POST", "/v1/files", 200, file)
}

/// One part of a multipart body: its headers (names lowercased) and its bytes.
#[derive(Debug)]
struct Part {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Part {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// Parses a `multipart/form-data` body (RFC 7578, RFC 2046 §5.1.1) strictly: it starts
/// with the first delimiter, every delimiter is on its own line, the close delimiter
/// ends it, and nothing precedes or follows.
fn parse_multipart(body: &[u8], boundary: &str) -> Vec<Part> {
    let delimiter = format!("--{boundary}");
    assert!(body.starts_with(format!("{delimiter}\r\n").as_bytes()), "the body starts with the first delimiter");
    assert!(body.ends_with(format!("\r\n{delimiter}--\r\n").as_bytes()), "the body ends with the close delimiter");
    let separator = format!("\r\n{delimiter}");
    let mut parts = Vec::new();
    let mut at = delimiter.len() + 2;
    loop {
        let end = find(body, separator.as_bytes(), at).expect("a delimiter after each part");
        let raw = &body[at..end];
        let head_end = find(raw, b"\r\n\r\n", 0).expect("headers, then an empty line");
        let headers = std::str::from_utf8(&raw[..head_end])
            .expect("ASCII headers")
            .split("\r\n")
            .map(|line| {
                let (k, v) = line.split_once(": ").expect("`Name: value`");
                (k.to_ascii_lowercase(), v.to_string())
            })
            .collect();
        parts.push(Part { headers, body: raw[head_end + 4..].to_vec() });
        let next = end + separator.len();
        if body[next..].starts_with(b"--") {
            assert_eq!(next + 4, body.len(), "nothing after the close delimiter");
            return parts;
        }
        assert!(body[next..].starts_with(b"\r\n"), "a delimiter ends its line");
        at = next + 2;
    }
}

/// The one upload request the server received, with its parts.
fn received(server: &MockServer) -> (Recorded, Vec<Part>) {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "one request");
    let request = requests.into_iter().next().expect("a request");
    assert_eq!(request.interceptor, Some(0));
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/v1/files"));
    let content_types: Vec<&str> =
        request.headers.iter().filter(|(k, _)| k == "content-type").map(|(_, v)| v.as_str()).collect();
    assert_eq!(content_types.len(), 1, "one Content-Type (the runtime's replaces the client's): {content_types:?}");
    let boundary = content_types[0]
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("a multipart Content-Type: {}", content_types[0]))
        .to_string();
    assert!(!boundary.is_empty() && boundary.len() <= 70, "RFC 2046 boundary length: {boundary}");
    let parts = parse_multipart(&request.body, &boundary);
    for p in &parts {
        assert!(find(&p.body, boundary.as_bytes(), 0).is_none(), "the boundary occurs in no part");
    }
    (request, parts)
}

#[tokio::test]
async fn uploads_the_jsonl_file_as_multipart_form_data() {
    let server = MockServer::start(vec![files_interceptor("requests.jsonl")]).await.expect("server");
    let client = generated_client::new_client(&format!("{}/v1", server.url()), &Default::default()).expect("client");
    let inputs = UploadBatchInputInputs {
        api_key: "sk-user".into(),
        jsonl: JSONL.into(),
        filename: Some("requests.jsonl".into()),
    };
    let out = upload_batch_input(&client, inputs).await.expect("uploaded");
    assert_eq!(out.file_id.as_deref(), Some("file-abc123"));
    assert_eq!(out.filename.as_deref(), Some("requests.jsonl"));
    assert_eq!(out.last_status, Some(200));

    let (request, parts) = received(&server);
    assert_eq!(request.header("authorization"), Some("Bearer sk-user"));
    assert_eq!(parts.len(), 2, "{parts:?}");
    // The payload's members, in order: `purpose` (a text part: no Content-Type, RFC
    // 7578's default `text/plain`), then `file` (binary: a filename, octet-stream).
    assert_eq!(parts[0].headers, [("content-disposition".to_string(), "form-data; name=\"purpose\"".to_string())]);
    assert_eq!(parts[0].body, b"batch");
    assert_eq!(
        parts[1].headers,
        [
            ("content-disposition".to_string(), "form-data; name=\"file\"; filename=\"requests.jsonl\"".to_string()),
            ("content-type".to_string(), "application/octet-stream".to_string()),
        ]
    );
    assert_eq!(parts[1].body, JSONL.as_bytes());
}

#[tokio::test]
async fn without_a_filename_the_file_part_is_named_after_its_member() {
    let server = MockServer::start(vec![files_interceptor("file")]).await.expect("server");
    let client = generated_client::new_client(&format!("{}/v1", server.url()), &Default::default()).expect("client");
    let inputs = UploadBatchInputInputs { api_key: "sk-user".into(), jsonl: JSONL.into(), filename: None };
    let out = upload_batch_input(&client, inputs).await.expect("uploaded");
    assert_eq!(out.file_id.as_deref(), Some("file-abc123"));

    let (_, parts) = received(&server);
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert_eq!(parts[1].header("content-disposition"), Some("form-data; name=\"file\"; filename=\"file\""));
    assert_eq!(parts[1].header("content-type"), Some("application/octet-stream"));
    assert_eq!(parts[1].body, JSONL.as_bytes());
}
