//! The mock server itself: interceptors are used in order and as often as they say,
//! everything is recorded, and a request nothing expects gets 501.

use arazzo_corpus_e2e::mock::{Interceptor, MockServer};
use serde_json::json;

#[tokio::test]
async fn replays_in_order_and_records_everything() {
    let interceptors = [
        json!({"method": "POST", "path": "/v2/user", "times": "2", "reply_status": 400}),
        json!({"method": "POST", "path": "/v2/user", "reply_status": 201, "reply_body": {"id": 1},
               "reply_headers": {"x-rate-limit": 5000}}),
        json!({"method": "GET", "path": "/v2/pet/findByTags", "query": [[{"tags": "blue%2Cblack"}]],
               "reply": "<unparsed> 404, {}, {}"}),
    ]
    .iter()
    .map(Interceptor::from_json)
    .collect();
    let server = MockServer::start(interceptors).await.unwrap();
    let http = reqwest::Client::new();
    let url = server.url();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let r = http.post(format!("{url}/v2/user")).json(&json!({"a": 1})).send().await.unwrap();
        statuses.push(r.status().as_u16());
        if r.status() == 201 {
            assert_eq!(r.headers()["x-rate-limit"], "5000");
            assert_eq!(r.headers()["content-type"], "application/json");
            assert_eq!(r.text().await.unwrap(), r#"{"id":1}"#);
        }
    }
    let r = http.get(format!("{url}/v2/pet/findByTags?tags=blue,black")).send().await.unwrap();
    statuses.push(r.status().as_u16());
    let r = http.delete(format!("{url}/v2/user/x")).send().await.unwrap();
    statuses.push(r.status().as_u16());
    assert_eq!(statuses, [400, 400, 201, 404, 501]);

    let requests = server.requests();
    let used: Vec<Option<usize>> = requests.iter().map(|r| r.interceptor).collect();
    assert_eq!(used, [Some(0), Some(0), Some(1), Some(2), None]);
    assert_eq!(requests[0].body, br#"{"a":1}"#);
    assert_eq!(requests[0].header("content-type"), Some("application/json"));
    assert_eq!(requests[3].query.as_deref(), Some("tags=blue,black"));
    assert_eq!(server.uses_left(), [0, 0, 0]);
}

#[tokio::test]
async fn reads_chunked_bodies() {
    let interceptors = vec![Interceptor::from_json(&json!({"method": "PUT", "path": "/x", "reply_status": 200}))];
    let server = MockServer::start(interceptors).await.unwrap();
    let chunks: Vec<Result<&'static str, std::io::Error>> = vec![Ok("hello "), Ok("chunked "), Ok("world")];
    let body = reqwest::Body::wrap_stream(futures::stream::iter(chunks));
    let r = reqwest::Client::new().put(format!("{}/x", server.url())).body(body).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(server.requests()[0].body, b"hello chunked world");
}
