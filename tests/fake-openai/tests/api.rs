//! End-to-end tests of the fake server over real HTTP.

use std::time::{Duration, Instant};

use bytes::Bytes;
use fake_openai::{Config, FakeOpenAi, Fault, FaultKind, FileBody, batch_json, demo_config, generated_bytes};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const KEY: &str = "sk-test-key";

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().expect("client")
}

fn sample_config() -> Config {
    Config {
        batches: vec![
            batch_json("batch_done", "completed", Some("file-out")),
            batch_json("batch_running", "in_progress", None),
        ],
        files: vec![
            ("file-out".to_owned(), FileBody::Bytes(Bytes::from_static(b"{\"a\":1}\n{\"a\":2}\n"))),
            ("file-big".to_owned(), FileBody::Generated { len: 5 * 1024 * 1024 }),
        ],
        ..Config::default()
    }
}

async fn start(config: Config) -> FakeOpenAi {
    FakeOpenAi::start(config).await.expect("start fake server")
}

async fn get(server: &FakeOpenAi, path: &str) -> reqwest::Response {
    client().get(format!("{}{path}", server.base_url())).bearer_auth(KEY).send().await.expect("send")
}

fn content_type(response: &reqwest::Response) -> String {
    response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// Sends raw bytes on a fresh connection and reads until the server closes it.
async fn raw_exchange(server: &FakeOpenAi, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(server.addr()).await.expect("connect");
    stream.write_all(request).await.expect("write");
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut out))
        .await
        .expect("server closed in time")
        .expect("read");
    String::from_utf8(out).expect("utf8 response")
}

fn collect(len: u64) -> Vec<u8> {
    generated_bytes(len).flat_map(|chunk| chunk.to_vec()).collect()
}

#[tokio::test]
async fn base_url_and_addr() {
    let server = start(Config::default()).await;
    assert!(server.addr().ip().is_loopback());
    assert_eq!(server.base_url(), format!("http://127.0.0.1:{}/v1", server.addr().port()));
}

#[tokio::test]
async fn missing_api_key_is_401() {
    let server = start(sample_config()).await;
    let response = client().get(format!("{}/batches/batch_done", server.base_url())).send().await.expect("send");
    assert_eq!(response.status(), 401);
    assert!(content_type(&response).starts_with("application/json"));
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        body,
        json!({"error": {
            "message": "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            "type": "invalid_request_error", "param": null, "code": null}})
    );
}

#[tokio::test]
async fn wrong_api_key_is_401_and_never_echoed() {
    let server = start(sample_config()).await;
    let wrong = "sk-wrong-secret-123456";
    for path in ["/batches/batch_done", "/files/file-out/content", "/nope"] {
        let response =
            client().get(format!("{}{path}", server.base_url())).bearer_auth(wrong).send().await.expect("send");
        assert_eq!(response.status(), 401);
        let headers = format!("{:?}", response.headers());
        let text = response.text().await.expect("text");
        for secret in [wrong, "wrong-secret", "123456", KEY, "test-key"] {
            assert!(!text.contains(secret), "{secret} echoed in {text}");
            assert!(!headers.contains(secret), "{secret} echoed in headers");
        }
        let body: Value = serde_json::from_str(&text).expect("json");
        assert_eq!(
            body,
            json!({"error": {
                "message": "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
                "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}})
        );
    }
    // The right key is accepted.
    assert_eq!(get(&server, "/batches/batch_done").await.status(), 200);
    // Config's Debug output does not reveal the key either.
    assert!(!format!("{:?}", Config::default()).contains(KEY));
}

#[tokio::test]
async fn batch_is_served_as_is_with_nulls() {
    let server = start(sample_config()).await;
    let response = get(&server, "/batches/batch_done").await;
    assert_eq!(response.status(), 200);
    assert_eq!(content_type(&response), "application/json");
    assert!(response.headers().contains_key("x-request-id"));
    let body: Value = response.json().await.expect("json");
    assert_eq!(body, batch_json("batch_done", "completed", Some("file-out")));
    for field in
        ["errors", "error_file_id", "model", "usage", "metadata", "failed_at", "cancelled_at", "output_expires_after"]
    {
        assert!(body.get(field).is_some_and(Value::is_null), "{field}");
    }
    assert_eq!(body["output_file_id"], "file-out");

    let running: Value = get(&server, "/batches/batch_running").await.json().await.expect("json");
    assert_eq!(running["status"], "in_progress");
    assert!(running["output_file_id"].is_null());
}

#[tokio::test]
async fn unknown_batch_and_file_are_404_json() {
    let server = start(sample_config()).await;
    let response = get(&server, "/batches/batch_missing").await;
    assert_eq!(response.status(), 404);
    assert!(content_type(&response).starts_with("application/json"));
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        body,
        json!({"error": {"message": "No batch found with id 'batch_missing'.",
            "type": "invalid_request_error", "param": null, "code": null}})
    );

    let response = get(&server, "/files/file-missing/content").await;
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"]["message"], "No such File object: file-missing");
    assert_eq!(body["error"]["type"], "invalid_request_error");

    let response = get(&server, "/not/a/route").await;
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"]["message"], "Invalid URL (GET /v1/not/a/route)");
}

#[tokio::test]
async fn file_content_bytes_and_headers() {
    let server = start(sample_config()).await;
    let response = get(&server, "/files/file-out/content").await;
    assert_eq!(response.status(), 200);
    assert_eq!(content_type(&response), "application/octet-stream");
    assert_eq!(response.content_length(), Some(16));
    assert_eq!(response.bytes().await.expect("body").as_ref(), b"{\"a\":1}\n{\"a\":2}\n");

    let file: Value = get(&server, "/files/file-big").await.json().await.expect("json");
    assert_eq!(file["object"], "file");
    assert_eq!(file["bytes"], 5 * 1024 * 1024);
}

#[tokio::test]
async fn generated_file_matches_helper() {
    let len = 5 * 1024 * 1024;
    let server = start(sample_config()).await;
    let mut response = get(&server, "/files/file-big/content").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.content_length(), Some(len));
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.expect("chunk") {
        body.extend_from_slice(&chunk);
    }
    assert_eq!(body.len() as u64, len);
    assert!(body == collect(len), "generated content differs from helper");
    let text = std::str::from_utf8(&body).expect("utf8");
    let first: Value = serde_json::from_str(text.lines().next().expect("line")).expect("json");
    assert_eq!(first["custom_id"], "request-1");
}

#[tokio::test]
async fn raw_path_is_recorded_and_segments_split_before_decoding() {
    let mut config = sample_config();
    config.batches.push(batch_json("a/../../files/x", "completed", None));
    let server = start(config).await;

    let path = "/v1/batches/a%2F..%2F..%2Ffiles%2Fx";
    let response =
        client().get(format!("http://{}{path}?limit=1", server.addr())).bearer_auth(KEY).send().await.expect("send");
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["id"], "a/../../files/x");

    let response = get(&server, "/batches/nope%2F..%2Fbatch_done").await;
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"]["message"], "No batch found with id 'nope/../batch_done'.");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].raw_path, path);
    assert_eq!(requests[0].query.as_deref(), Some("limit=1"));
    assert_eq!(requests[0].header("Authorization"), Some(format!("Bearer {KEY}").as_str()));
    assert_eq!(requests[1].raw_path, "/v1/batches/nope%2F..%2Fbatch_done");
    assert_eq!(requests[1].query, None);

    // Exactly as on the wire, even encodings a client library might normalise.
    server.clear_requests();
    let response = raw_exchange(
        &server,
        b"GET /v1/batches/%62atch_done HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-test-key\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert_eq!(server.requests()[0].raw_path, "/v1/batches/%62atch_done");
}

#[tokio::test]
async fn cancel_changes_and_stores_status() {
    let server = start(sample_config()).await;
    let response = client()
        .post(format!("{}/batches/batch_running/cancel", server.base_url()))
        .bearer_auth(KEY)
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["status"], "cancelling");
    assert!(body["cancelling_at"].is_u64());
    assert_eq!(body["id"], "batch_running");

    let stored: Value = get(&server, "/batches/batch_running").await.json().await.expect("json");
    assert_eq!(stored["status"], "cancelling");
    assert_eq!(server.batch("batch_running").expect("stored")["status"], "cancelling");

    let response = client()
        .post(format!("{}/batches/batch_nope/cancel", server.base_url()))
        .bearer_auth(KEY)
        .json(&json!({}))
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"]["message"], "No batch found with id 'batch_nope'.");

    // GET on the cancel route is not a route.
    assert_eq!(get(&server, "/batches/batch_running/cancel").await.status(), 404);
}

#[tokio::test]
async fn list_paginates_with_cursor() {
    let batches: Vec<Value> = (1..=5).map(|i| batch_json(&format!("batch_{i}"), "completed", None)).collect();
    let server = start(Config { batches, ..Config::default() }).await;

    let all: Value = get(&server, "/batches").await.json().await.expect("json");
    assert_eq!(all["object"], "list");
    assert_eq!(all["data"].as_array().map(Vec::len), Some(5));
    assert_eq!(all["first_id"], "batch_1");
    assert_eq!(all["last_id"], "batch_5");
    assert_eq!(all["has_more"], false);

    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let path = match &after {
            Some(cursor) => format!("/batches?limit=2&after={cursor}"),
            None => "/batches?limit=2".to_owned(),
        };
        let page: Value = get(&server, &path).await.json().await.expect("json");
        let data = page["data"].as_array().expect("data");
        assert!(data.len() <= 2);
        seen.extend(data.iter().map(|b| b["id"].as_str().expect("id").to_owned()));
        if page["has_more"] == false {
            break;
        }
        after = Some(page["last_id"].as_str().expect("last_id").to_owned());
    }
    assert_eq!(seen, ["batch_1", "batch_2", "batch_3", "batch_4", "batch_5"]);

    let empty: Value = get(&server, "/batches?after=batch_5").await.json().await.expect("json");
    assert_eq!(empty, json!({"object": "list", "data": [], "first_id": null, "last_id": null, "has_more": false}));

    let response = get(&server, "/batches?limit=0").await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"]["param"], "limit");

    // Default limit is 20.
    let many: Vec<Value> = (0..25).map(|i| batch_json(&format!("b{i:02}"), "validating", None)).collect();
    let server = start(Config { batches: many, ..Config::default() }).await;
    let page: Value = get(&server, "/batches").await.json().await.expect("json");
    assert_eq!(page["data"].as_array().map(Vec::len), Some(20));
    assert_eq!(page["has_more"], true);
    assert_eq!(page["last_id"], "b19");
}

#[tokio::test]
async fn put_batch_updates_while_running() {
    let server = start(sample_config()).await;
    server.put_batch(batch_json("batch_running", "completed", Some("file-out"))).expect("put");
    let body: Value = get(&server, "/batches/batch_running").await.json().await.expect("json");
    assert_eq!(body["status"], "completed");
    assert!(server.put_batch(json!({"no": "id"})).is_err());
}

#[tokio::test]
async fn invalid_config_is_rejected() {
    let no_id = Config { batches: vec![json!({"object": "batch"})], ..Config::default() };
    assert!(FakeOpenAi::start(no_id).await.is_err());
    let bad_status = Config {
        faults: vec![Fault::always("/v1", FaultKind::Status { status: 100, retry_after: None })],
        ..Config::default()
    };
    assert!(FakeOpenAi::start(bad_status).await.is_err());
}

#[tokio::test]
async fn status_fault_with_retry_after_then_recovers() {
    let mut config = sample_config();
    config.faults = vec![
        Fault::times("/v1/batches/batch_done", FaultKind::Status { status: 429, retry_after: Some("2".to_owned()) }, 1),
        Fault::times("/v1/batches/batch_done", FaultKind::Status { status: 503, retry_after: None }, 1),
    ];
    let server = start(config).await;

    let response = get(&server, "/batches/batch_done").await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("2"));
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"]["type"], "rate_limit_error");
    assert!(body["error"]["param"].is_null());
    assert!(body["error"]["code"].is_null());

    let response = get(&server, "/batches/batch_done").await;
    assert_eq!(response.status(), 503);
    assert!(!response.headers().contains_key("retry-after"));
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"]["type"], "server_error");

    assert_eq!(get(&server, "/batches/batch_done").await.status(), 200);
    // Other paths are unaffected.
    assert_eq!(get(&server, "/batches/batch_running").await.status(), 200);
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn fault_applies_always_when_times_is_none() {
    let mut config = sample_config();
    config.faults = vec![Fault::always("/v1/files/", FaultKind::Status { status: 500, retry_after: None })];
    let server = start(config).await;
    for _ in 0..3 {
        assert_eq!(get(&server, "/files/file-out/content").await.status(), 500);
    }
    assert_eq!(get(&server, "/batches/batch_done").await.status(), 200);
}

#[tokio::test]
async fn reset_mid_body_is_a_client_error() {
    let mut config = sample_config();
    config.faults =
        vec![Fault::times("/v1/files/file-big/content", FaultKind::ResetMidBody { after_bytes: 1024 * 1024 }, 1)];
    let server = start(config).await;
    let mut response = get(&server, "/files/file-big/content").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.content_length(), Some(5 * 1024 * 1024));
    let mut received = Vec::new();
    let error = loop {
        match response.chunk().await {
            Ok(Some(chunk)) => received.extend_from_slice(&chunk),
            Ok(None) => panic!("body completed despite reset"),
            Err(e) => break e,
        }
    };
    assert!(error.is_body() || error.is_decode() || error.is_request(), "{error:?}");
    assert_eq!(received.len(), 1024 * 1024, "bytes before the reset");
    assert_eq!(received, collect(5 * 1024 * 1024)[..1024 * 1024]);

    // Only the first request was faulted.
    let body = get(&server, "/files/file-big/content").await.bytes().await.expect("body");
    assert_eq!(body.len(), 5 * 1024 * 1024);
}

#[tokio::test]
async fn reset_is_a_tcp_reset() {
    let mut config = sample_config();
    config.faults = vec![Fault::always("/v1/files/", FaultKind::ResetMidBody { after_bytes: 4 })];
    let server = start(config).await;
    let mut stream = TcpStream::connect(server.addr()).await.expect("connect");
    stream
        .write_all(b"GET /v1/files/file-out/content HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-test-key\r\n\r\n")
        .await
        .expect("write");
    let mut out = Vec::new();
    let mut buf = [0u8; 1024];
    let result = loop {
        match stream.read(&mut buf).await {
            Ok(0) => break Ok(()),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => break Err(e),
        }
    };
    let error = result.expect_err("connection must be reset, not closed");
    assert_eq!(error.kind(), std::io::ErrorKind::ConnectionReset);
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("content-length: 16\r\n"), "{text}");
    assert!(text.ends_with("\r\n\r\n{\"a\""), "{text}");
}

#[tokio::test]
async fn short_body_is_a_client_error() {
    let mut config = sample_config();
    config.faults = vec![Fault::always("/v1/files/file-big/content", FaultKind::ShortBody { after_bytes: 1000 })];
    let server = start(config).await;
    let mut response = get(&server, "/files/file-big/content").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.content_length(), Some(5 * 1024 * 1024));
    let mut received = 0usize;
    let error = loop {
        match response.chunk().await {
            Ok(Some(chunk)) => received += chunk.len(),
            Ok(None) => panic!("short body accepted as complete"),
            Err(e) => break e,
        }
    };
    assert!(error.is_body() || error.is_decode() || error.is_request(), "{error:?}");
    assert_eq!(received, 1000);

    // On the wire: a clean close (EOF) after exactly 1000 body bytes.
    let text = raw_exchange(
        &server,
        b"GET /v1/files/file-big/content HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-test-key\r\n\r\n",
    )
    .await;
    let (head, body) = text.split_once("\r\n\r\n").expect("head");
    assert!(head.contains("content-length: 5242880"), "{head}");
    assert_eq!(body.len(), 1000);
}

#[tokio::test]
async fn stall_after_trips_a_read_timeout() {
    let mut config = sample_config();
    config.faults = vec![Fault::always("/v1/files/", FaultKind::StallAfter { after_bytes: 5 })];
    let server = start(config).await;
    let client = reqwest::Client::builder().no_proxy().read_timeout(Duration::from_secs(1)).build().expect("client");
    let started = Instant::now();
    let mut response = client
        .get(format!("{}/files/file-out/content", server.base_url()))
        .bearer_auth(KEY)
        .send()
        .await
        .expect("headers arrive");
    assert_eq!(response.status(), 200);
    let mut received = Vec::new();
    let error = loop {
        match response.chunk().await {
            Ok(Some(chunk)) => received.extend_from_slice(&chunk),
            Ok(None) => panic!("stalled body completed"),
            Err(e) => break e,
        }
    };
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(received, b"{\"a\":");
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[tokio::test]
async fn slow_body_is_complete_but_slow() {
    let mut config = sample_config();
    config.faults = vec![Fault::times("/v1/files/file-out/content", FaultKind::SlowBody { chunk: 4, delay_ms: 50 }, 1)];
    let server = start(config).await;
    let started = Instant::now();
    let body = get(&server, "/files/file-out/content").await.bytes().await.expect("body");
    assert_eq!(body.as_ref(), b"{\"a\":1}\n{\"a\":2}\n");
    // 16 bytes in 4 pieces: 3 pauses of 50 ms.
    assert!(started.elapsed() >= Duration::from_millis(150));
    // The connection stays usable.
    assert_eq!(get(&server, "/batches/batch_done").await.status(), 200);
}

#[tokio::test]
async fn body_faults_apply_to_json_too() {
    let mut config = sample_config();
    config.faults = vec![Fault::always("/v1/batches/batch_done", FaultKind::ShortBody { after_bytes: 10 })];
    let server = start(config).await;
    let result = get(&server, "/batches/batch_done").await.json::<Value>().await;
    assert!(result.is_err());
}

#[tokio::test]
async fn malformed_json_wrong_type_and_empty_body() {
    let mut config = sample_config();
    config.faults = vec![
        Fault::times("/v1/batches/", FaultKind::MalformedJson, 1),
        Fault::times("/v1/batches/", FaultKind::WrongContentType, 1),
        Fault::times("/v1/batches/", FaultKind::EmptyBody, 1),
    ];
    let server = start(config).await;

    let response = get(&server, "/batches/batch_done").await;
    assert_eq!(response.status(), 200);
    assert_eq!(content_type(&response), "application/json");
    let text = response.text().await.expect("text");
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");

    let response = get(&server, "/batches/batch_done").await;
    assert_eq!(response.status(), 200);
    assert!(content_type(&response).starts_with("text/html"));
    assert!(response.text().await.expect("text").contains("<html>"));

    let response = get(&server, "/batches/batch_done").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.content_length(), Some(0));
    assert!(response.bytes().await.expect("body").is_empty());

    assert_eq!(get(&server, "/batches/batch_done").await.status(), 200);
}

#[tokio::test]
async fn redirect_is_a_307_with_location() {
    let target = start(sample_config()).await;
    let location = format!("{}/files/file-out/content", target.base_url());
    let mut config = sample_config();
    config.faults =
        vec![Fault::always("/v1/files/file-out/content", FaultKind::RedirectTo { location: location.clone() })];
    let server = start(config).await;
    let no_redirects =
        reqwest::Client::builder().no_proxy().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let response = no_redirects
        .get(format!("{}/files/file-out/content", server.base_url()))
        .bearer_auth(KEY)
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 307);
    assert_eq!(response.headers().get("location").and_then(|v| v.to_str().ok()), Some(location.as_str()));
    assert_eq!(target.requests().len(), 0);
}

#[tokio::test]
async fn keep_alive_and_chunked_request_bodies() {
    let server = start(sample_config()).await;
    let mut stream = TcpStream::connect(server.addr()).await.expect("connect");
    // Two requests on one connection (the first with a chunked body), pipelined.
    stream
        .write_all(
            b"POST /v1/batches/batch_running/cancel HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-test-key\r\n\
              Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n\
              GET /v1/files/file-out/content HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-test-key\r\n\r\n",
        )
        .await
        .expect("write");
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while !out.ends_with(b"{\"a\":1}\n{\"a\":2}\n") {
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
            .await
            .expect("response in time")
            .expect("read");
        assert_ne!(n, 0, "connection closed early");
        out.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&out);
    assert_eq!(text.matches("HTTP/1.1 200 OK\r\n").count(), 2, "{text}");
    assert!(text.contains("\"status\":\"cancelling\""));
    assert!(!text.contains("connection: close"));
    // Connection is still open for a third request.
    stream
        .write_all(b"GET /v1/batches/batch_done HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-test-key\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).await.expect("read");
    let rest = String::from_utf8_lossy(&rest);
    assert!(rest.starts_with("HTTP/1.1 200 OK\r\n"), "{rest}");
    assert!(rest.contains("connection: close\r\n"));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn malformed_request_gets_400() {
    let server = start(sample_config()).await;
    let text = raw_exchange(&server, b"NOT HTTP AT ALL\r\n\r\n").await;
    assert!(text.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_clients() {
    let server = start(sample_config()).await;
    let base = server.base_url();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..300 {
        let url =
            if i % 2 == 0 { format!("{base}/batches/batch_done") } else { format!("{base}/files/file-out/content") };
        tasks.spawn(async move {
            // A client per task: a separate connection each.
            let response = client().get(url).bearer_auth(KEY).send().await?;
            let status = response.status();
            response.bytes().await?;
            Ok::<_, reqwest::Error>(status)
        });
    }
    while let Some(result) = tasks.join_next().await {
        assert_eq!(result.expect("task").expect("request"), 200);
    }
    assert_eq!(server.requests().len(), 300);
}

#[tokio::test]
async fn dropping_the_server_stops_it() {
    let server = start(sample_config()).await;
    let addr = server.addr();
    drop(server);
    let mut refused = false;
    for _ in 0..100 {
        if TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(refused, "listener still accepting after drop");
}

#[tokio::test]
async fn demo_config_serves_the_demo() {
    let server = start(demo_config()).await;
    let c = client();
    let get = |path: &str| c.get(format!("{}{path}", server.base_url())).bearer_auth("sk-demo-key").send();
    let done: Value = get("/batches/batch_demo_completed").await.expect("send").json().await.expect("json");
    assert_eq!(done["status"], "completed");
    assert_eq!(done["output_file_id"], "file-demo-output");
    let output = get("/files/file-demo-output/content").await.expect("send").text().await.expect("text");
    assert_eq!(output.lines().count(), 3);
    for line in output.lines() {
        let v: Value = serde_json::from_str(line).expect("json line");
        assert!(v["id"].as_str().expect("id").starts_with("batch_req_"));
        assert_eq!(v["response"]["status_code"], 200);
        assert_eq!(v["response"]["body"]["object"], "chat.completion");
        assert!(v["error"].is_null());
    }
    let running: Value = get("/batches/batch_demo_in_progress").await.expect("send").json().await.expect("json");
    assert_eq!(running["status"], "in_progress");
    assert!(running["output_file_id"].is_null());
    let failed: Value = get("/batches/batch_demo_failed_all").await.expect("send").json().await.expect("json");
    assert_eq!(failed["status"], "completed");
    assert!(failed["output_file_id"].is_null());
    assert_eq!(get("/batches/batch_demo_completed").await.map(|r| r.status().as_u16()).ok(), Some(200));
}
