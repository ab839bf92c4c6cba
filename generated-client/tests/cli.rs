//! The `openai-batch-results` binary against the fake OpenAI server: exit codes,
//! output files, messages, and the key never printed.

use std::process::{Command, Output};

use bytes::Bytes;
use fake_openai::{Config, FakeOpenAi, FileBody, batch_json};

const KEY: &str = "sk-cli-Pw7rNx2Jd9";
const CONTENTS: &[u8] = b"{\"custom_id\":\"r1\",\"response\":{\"status_code\":200}}\n{\"custom_id\":\"r2\",\"response\":{\"status_code\":200}}\n";

async fn server() -> FakeOpenAi {
    FakeOpenAi::start(Config {
        api_key: KEY.into(),
        batches: vec![
            batch_json("batch_done", "completed", Some("file-out")),
            batch_json("batch_running", "in_progress", None),
            batch_json("batch_gone_file", "completed", Some("file-missing")),
        ],
        files: vec![("file-out".into(), FileBody::Bytes(Bytes::from_static(CONTENTS)))],
        faults: vec![],
    })
    .await
    .expect("fake server")
}

async fn cli(args: &[&str], env_key: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_openai-batch-results"));
    cmd.args(args).env_remove("OPENAI_API_KEY");
    if let Some(k) = env_key {
        cmd.env("OPENAI_API_KEY", k);
    }
    tokio::task::spawn_blocking(move || cmd.output()).await.expect("join").expect("run the CLI")
}

fn no_key(out: &Output) {
    for stream in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(KEY), "the key was printed");
    }
}

#[tokio::test]
async fn downloads_to_a_file_with_exit_0() {
    let s = server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("results.jsonl");
    let out = cli(
        &["--batch-id", "batch_done", "--output", file.to_str().expect("utf-8"), "--base-url", &s.base_url()],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&file).expect("output file"), CONTENTS);
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1, "no temporary file left behind");
    no_key(&out);
}

#[tokio::test]
async fn downloads_to_stdout_with_the_key_from_the_flag() {
    let s = server().await;
    let out = cli(&["--batch-id", "batch_done", "--base-url", &s.base_url(), "--api-key", KEY], None).await;
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout, CONTENTS);
}

#[tokio::test]
async fn a_batch_not_completed_exits_3_with_its_status_and_writes_nothing() {
    let s = server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("results.jsonl");
    let out = cli(
        &["--batch-id", "batch_running", "--output", file.to_str().expect("utf-8"), "--base-url", &s.base_url()],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("in_progress"), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0, "nothing written");
    assert_eq!(s.requests().len(), 1, "no file request");
}

#[tokio::test]
async fn errors_exit_1_with_one_line_naming_step_status_and_message() {
    let s = server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("results.jsonl");
    let out = cli(
        &["--batch-id", "batch_gone_file", "--output", file.to_str().expect("utf-8"), "--base-url", &s.base_url()],
        Some(KEY),
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("downloadOutput") && stderr.contains("404") && stderr.contains("No such File object"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0, "no partial file");

    let out = cli(&["--batch-id", "batch_done", "--base-url", &s.base_url()], Some("sk-not-the-right-one")).await;
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("getBatch") && stderr.contains("401") && stderr.contains("Incorrect API key"), "{stderr}");
    assert!(!stderr.contains("sk-not-the-right-one"));
}

#[tokio::test]
async fn no_key_is_a_usage_error() {
    let out = cli(&["--batch-id", "b"], None).await;
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test]
async fn help_does_not_print_the_environment_key() {
    let out = cli(&["--help"], Some(KEY)).await;
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--batch-id") && help.contains("OPENAI_API_KEY"));
    no_key(&out);
}

async fn cli_env(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_openai-batch-results"));
    cmd.args(args).env_remove("OPENAI_API_KEY").env_remove("RUST_LOG").env("OPENAI_API_KEY", KEY);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    tokio::task::spawn_blocking(move || cmd.output()).await.expect("join").expect("run the CLI")
}

#[tokio::test]
async fn json_prints_a_summary_with_the_sha256() {
    let s = server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("r.jsonl");
    let out = cli_env(
        &["--batch-id", "batch_done", "-o", file.to_str().expect("utf-8"), "--base-url", &s.base_url(), "--json"],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["batch_id"], "batch_done");
    assert_eq!(v["status"], "completed");
    assert_eq!(v["output_file_id"], "file-out");
    assert_eq!(v["bytes"], CONTENTS.len());
    use sha2::Digest;
    assert_eq!(v["sha256"], hex::encode(sha2::Sha256::digest(CONTENTS)));
    // --json needs --output.
    let out = cli_env(&["--batch-id", "batch_done", "--base-url", &s.base_url(), "--json"], &[]).await;
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test]
async fn wait_polls_until_completed_then_downloads() {
    let s = server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("r.jsonl");
    let base = s.base_url();
    let path = file.to_str().expect("utf-8").to_string();
    let run = tokio::spawn(async move {
        cli_env(
            &["--batch-id", "batch_running", "-o", &path, "--base-url", &base, "--wait", "--poll-interval", "0.2"],
            &[],
        )
        .await
    });
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    s.put_batch(batch_json("batch_running", "completed", Some("file-out"))).expect("update");
    let out = run.await.expect("join");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&file).expect("file"), CONTENTS);
    let polls = s.requests().iter().filter(|r| r.raw_path == "/v1/batches/batch_running").count();
    assert!(polls >= 2, "polled {polls} times");
}

#[tokio::test]
async fn wait_gives_up_at_the_timeout_and_stops_at_terminal_statuses() {
    let s = server().await;
    let started = std::time::Instant::now();
    let out = cli_env(
        &[
            "--batch-id",
            "batch_running",
            "--base-url",
            &s.base_url(),
            "--wait",
            "--poll-interval",
            "0.1",
            "--timeout",
            "0.5",
        ],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("gave up"));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));

    s.put_batch(batch_json("batch_running", "expired", None)).expect("update");
    s.clear_requests();
    let out = cli_env(&["--batch-id", "batch_running", "--base-url", &s.base_url(), "--wait"], &[]).await;
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expired"));
    assert_eq!(s.requests().len(), 1, "a terminal status is not polled again");
}

#[tokio::test]
async fn logs_at_trace_level_name_the_steps_and_never_the_key() {
    let s = server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("r.jsonl");
    let out = cli_env(
        &["--batch-id", "batch_done", "-o", file.to_str().expect("utf-8"), "--base-url", &s.base_url()],
        &[("RUST_LOG", "trace")],
    )
    .await;
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("getBatch") && stderr.contains("downloadOutput") && stderr.contains("status=200"),
        "{stderr}"
    );
    assert!(!stderr.contains(KEY), "the key is in the trace logs");

    // A failure with --verbose: details, still no key.
    let out =
        cli_env(&["--batch-id", "nope", "--base-url", &s.base_url(), "--verbose"], &[("RUST_LOG", "trace")]).await;
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("detail:") && !stderr.contains(KEY), "{stderr}");
}

#[tokio::test]
async fn quiet_prints_nothing_on_success() {
    let s = server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("r.jsonl");
    let out = cli_env(
        &["--batch-id", "batch_done", "-o", file.to_str().expect("utf-8"), "--base-url", &s.base_url(), "-q"],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty() && out.stdout.is_empty());
}
