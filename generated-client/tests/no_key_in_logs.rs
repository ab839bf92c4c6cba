//! Every scenario of the end-to-end suite once more, with every log line at trace
//! level captured (tracing, and the `log` records of reqwest and hyper): a distinctive
//! key appears in no log line, no error (`Display` or `Debug`) and no output. A test
//! binary of its own, so that the capturing subscriber is the global one.

use bytes::Bytes;
use fake_openai::{Config, FakeOpenAi, Fault, FaultKind, FileBody, batch_json};
use generated_client::{ClientOptions, DownloadBatchResultsInputs, download_batch_results, new_client};

const KEY: &str = "sk-logs-Qw4eRt6Yu8";
const JSONL: &[u8] = b"{\"custom_id\":\"a\"}\n";

async fn server(batches: Vec<serde_json::Value>, files: Vec<(&str, FileBody)>) -> FakeOpenAi {
    let files = files.into_iter().map(|(id, b)| (id.to_string(), b)).collect();
    FakeOpenAi::start(Config { api_key: KEY.into(), batches, files, faults: vec![] }).await.expect("server")
}

#[tokio::test]
async fn the_key_appears_nowhere() {
    use std::sync::{Arc, Mutex};
    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Capture {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // Also routes the `log` records of reqwest and hyper into the capture.
    tracing_subscriber::util::SubscriberInitExt::try_init(subscriber).expect("the only subscriber");

    let s = server(
        vec![
            batch_json("done", "completed", Some("f")),
            batch_json("running", "in_progress", None),
            batch_json("empty", "completed", None),
            batch_json("gone", "completed", Some("missing")),
        ],
        vec![("f", FileBody::Bytes(Bytes::from_static(JSONL)))],
    )
    .await;
    let mut texts = Vec::new();
    for (id, key) in
        [("done", KEY), ("running", KEY), ("empty", KEY), ("gone", KEY), ("nope", KEY), ("done", "sk-wrong-key-9")]
    {
        let client = new_client(&s.base_url(), &ClientOptions::default()).expect("client");
        let inputs = DownloadBatchResultsInputs { api_key: key.into(), batch_id: id.into() };
        match download_batch_results(&client, inputs).await {
            Ok(out) => texts.push(format!("{out:?}")),
            Err(e) => texts.push(format!("{e} {e:?}")),
        }
    }
    s.add_fault(Fault::times("/v1/batches/", FaultKind::Status { status: 500, retry_after: None }, 1)).expect("fault");
    let client = new_client(&s.base_url(), &ClientOptions::default()).expect("client");
    let inputs = DownloadBatchResultsInputs { api_key: KEY.into(), batch_id: "done".into() };
    texts.push(format!("{:?}", download_batch_results(&client, inputs).await.map(|_| ())));
    let logs = String::from_utf8_lossy(&capture.0.lock().expect("logs")).into_owned();
    assert!(logs.contains("getBatch") && logs.contains("status=200"), "the logs were captured: {logs}");
    assert!(!logs.contains(KEY), "the key is in the logs");
    assert!(!logs.contains("sk-wrong-key-9"), "a wrong key is in the logs");
    for t in &texts {
        assert!(!t.contains(KEY) && !t.contains("sk-wrong-key-9"), "{t}");
    }
}
