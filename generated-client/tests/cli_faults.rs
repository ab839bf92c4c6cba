//! Bad servers and bad networks, through the `openai-batch-results` CLI: every fault
//! is exit 1 with one line naming the step, no output file is left behind, nothing
//! partial is reported as success, and the key is never printed.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use fake_openai::{Config, FakeOpenAi, Fault, FaultKind, FileBody, batch_json};

const KEY: &str = "sk-faults-Vb5kQe8Rz1";

async fn server(faults: Vec<Fault>) -> FakeOpenAi {
    FakeOpenAi::start(Config {
        api_key: KEY.into(),
        batches: vec![batch_json("batch_1", "completed", Some("file-out"))],
        files: vec![("file-out".into(), FileBody::Generated { len: 2 << 20 })],
        faults,
    })
    .await
    .expect("fake server")
}

async fn cli(base_url: &str, output: &Path, extra: &[&str]) -> (Output, Duration) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_openai-batch-results"));
    cmd.args(["--batch-id", "batch_1", "--base-url", base_url, "--output"])
        .arg(output)
        .args(extra)
        .env("OPENAI_API_KEY", KEY);
    let started = Instant::now();
    let out = tokio::task::spawn_blocking(move || cmd.output()).await.expect("join").expect("run the CLI");
    (out, started.elapsed())
}

/// Runs the CLI against a server with `fault`; checks exit 1, one line on stderr with
/// the step, no file in the output folder, no key. Returns stderr.
async fn fails_cleanly(fault: Fault, extra: &[&str]) -> String {
    let s = server(vec![fault]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (out, _) = cli(&s.base_url(), &dir.path().join("out.jsonl"), extra).await;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("getBatch") || stderr.contains("downloadOutput"), "names the step: {stderr}");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0, "no output or temporary file left");
    assert!(!stderr.contains(KEY) && !String::from_utf8_lossy(&out.stdout).contains(KEY));
    stderr
}

#[tokio::test]
async fn error_statuses_are_one_line_with_step_status_and_message() {
    for (path, status) in [
        ("/v1/batches/", 403u16),
        ("/v1/batches/", 404),
        ("/v1/batches/", 409),
        ("/v1/files/", 500),
        ("/v1/files/", 502),
        ("/v1/files/", 503),
    ] {
        let stderr = fails_cleanly(Fault::always(path, FaultKind::Status { status, retry_after: None }), &[]).await;
        assert!(stderr.contains(&format!("HTTP {status}")), "{stderr}");
    }
}

#[tokio::test]
async fn rate_limits_are_not_retried_without_a_policy() {
    for retry_after in ["2", "Wed, 21 Oct 2026 07:28:00 GMT"] {
        let s = server(vec![Fault::always(
            "/v1/batches/",
            FaultKind::Status { status: 429, retry_after: Some(retry_after.into()) },
        )])
        .await;
        let dir = tempfile::tempdir().expect("tempdir");
        let (out, _) = cli(&s.base_url(), &dir.path().join("out.jsonl"), &[]).await;
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("HTTP 429"));
        // The workflow has no `retry` action and the client has no retry policy: one request.
        assert_eq!(s.requests().len(), 1);
    }
}

#[tokio::test]
async fn a_connection_reset_mid_body_leaves_no_file() {
    let stderr =
        fails_cleanly(Fault::always("/v1/files/", FaultKind::ResetMidBody { after_bytes: 300_000 }), &[]).await;
    assert!(stderr.contains("downloadOutput"), "{stderr}");
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_leaves_no_file() {
    let stderr = fails_cleanly(Fault::always("/v1/files/", FaultKind::ShortBody { after_bytes: 100_000 }), &[]).await;
    assert!(stderr.contains("downloadOutput"), "{stderr}");
}

#[tokio::test]
async fn a_stalled_download_fails_after_the_read_timeout() {
    let s = server(vec![Fault::always("/v1/files/", FaultKind::StallAfter { after_bytes: 50_000 })]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (out, took) = cli(&s.base_url(), &dir.path().join("out.jsonl"), &["--read-timeout", "1"]).await;
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(took < Duration::from_secs(10), "gave up after {took:?}");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}

#[tokio::test]
async fn a_slow_but_moving_download_succeeds() {
    let s = server(vec![Fault::always("/v1/files/", FaultKind::SlowBody { chunk: 256 << 10, delay_ms: 400 })]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("out.jsonl");
    let (out, took) = cli(&s.base_url(), &file, &["--read-timeout", "1"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(took > Duration::from_secs(2), "the body was slow: {took:?}");
    assert_eq!(std::fs::metadata(&file).expect("file").len(), 2 << 20);
}

#[tokio::test]
async fn malformed_json_a_wrong_content_type_and_an_empty_body_are_errors() {
    for kind in [FaultKind::MalformedJson, FaultKind::WrongContentType, FaultKind::EmptyBody] {
        let stderr = fails_cleanly(Fault::always("/v1/batches/", kind.clone()), &[]).await;
        assert!(stderr.contains("getBatch"), "{kind:?}: {stderr}");
    }
}

#[tokio::test]
async fn the_key_does_not_follow_a_redirect_to_another_host() {
    let other = FakeOpenAi::start(Config { api_key: "sk-other".into(), ..Config::default() }).await.expect("server");
    let location = format!("{}/batches/batch_1", other.base_url());
    let s = server(vec![Fault::always("/v1/batches/", FaultKind::RedirectTo { location })]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (out, _) = cli(&s.base_url(), &dir.path().join("out.jsonl"), &[]).await;
    assert_eq!(out.status.code(), Some(1));
    let followed = other.requests();
    assert_eq!(followed.len(), 1, "the redirect was followed");
    assert_eq!(followed[0].header("authorization"), None, "the Authorization header stayed behind");
    assert!(String::from_utf8_lossy(&out.stderr).contains("401"));
}
