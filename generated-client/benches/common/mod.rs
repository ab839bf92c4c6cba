//! Shared by the benchmarks: the hand-written reqwest baseline, the fake server they
//! run against, and a peak-RSS reader.
#![allow(dead_code)]

use std::error::Error;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use generated_client::ClientOptions;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};

/// The API key the benchmark servers accept.
pub const API_KEY: &str = "sk-bench-key";

/// A `reqwest::Client` built exactly as `generated_client::new_client` builds its own.
pub fn handwritten_http(options: &ClientOptions) -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(options.connect_timeout)
        .read_timeout(options.read_timeout)
        .pool_max_idle_per_host(options.pool_max_idle_per_host)
        .redirect(reqwest::redirect::Policy::limited(5))
        .build()
        .expect("reqwest client")
}

/// What the hand-written code reads of the Batch: the two fields the workflow uses.
#[derive(serde::Deserialize)]
struct BatchStatus {
    status: Option<String>,
    output_file_id: Option<String>,
}

/// The baseline: what one would write by hand with reqwest for the same job. The same
/// two requests as the generated workflow (`GET /batches/{id}` with `Accept:
/// application/json`, then `GET /files/{file_id}/content`, both with `Authorization:
/// Bearer`), the batch read into a small struct and checked for `status ==
/// "completed"`, then the file read whole.
pub async fn handwritten_download(
    http: &reqwest::Client,
    base_url: &str,
    api_key: &str,
    batch_id: &str,
) -> Result<Bytes, Box<dyn Error + Send + Sync>> {
    let mut auth = HeaderValue::from_str(&format!("Bearer {api_key}"))?;
    auth.set_sensitive(true);
    let response = http
        .get(format!("{base_url}/batches/{batch_id}"))
        .header(AUTHORIZATION, auth.clone())
        .header(ACCEPT, HeaderValue::from_static("application/json"))
        .send()
        .await?;
    if response.status() != reqwest::StatusCode::OK {
        return Err(format!("getBatch: HTTP {}", response.status()).into());
    }
    let batch: BatchStatus = response.json().await?;
    if batch.status.as_deref() != Some("completed") {
        return Err(format!("batch not completed: {:?}", batch.status).into());
    }
    let file_id = batch.output_file_id.ok_or("no output file")?;
    let response = http.get(format!("{base_url}/files/{file_id}/content")).header(AUTHORIZATION, auth).send().await?;
    if response.status() != reqwest::StatusCode::OK {
        return Err(format!("downloadOutput: HTTP {}", response.status()).into());
    }
    Ok(response.bytes().await?)
}

/// The generated workflow, the body read whole (as the baseline does).
pub async fn generated_download(
    client: &generated_client::Client,
    api_key: &str,
    batch_id: &str,
) -> Result<Bytes, Box<dyn Error + Send + Sync>> {
    let inputs =
        generated_client::DownloadBatchResultsInputs { api_key: api_key.to_string(), batch_id: batch_id.to_string() };
    let outputs = generated_client::download_batch_results(client, inputs).await?;
    let contents = outputs.contents.ok_or("no contents")?;
    Ok(contents.bytes().await?)
}

/// A fake server for the benchmarks: the one at `$BENCH_BASE_URL` (a `bench_server`
/// process, started by `scripts/bench.sh`), or one started in this process on a
/// runtime of its own (one worker thread), serving `batch_small` with `small_len` bytes.
pub struct Server {
    pub base_url: String,
    pub in_process: bool,
    _runtime: Option<tokio::runtime::Runtime>,
}

impl Server {
    pub fn start(small_len: u64) -> Server {
        if let Ok(url) = std::env::var("BENCH_BASE_URL")
            && !url.is_empty()
        {
            return Server { base_url: url, in_process: false, _runtime: None };
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("fake-openai")
            .enable_all()
            .build()
            .expect("server runtime");
        let config = fake_openai::Config {
            api_key: API_KEY.to_string(),
            batches: vec![fake_openai::batch_json("batch_small", "completed", Some("file-small"))],
            files: vec![("file-small".to_string(), fake_openai::FileBody::Generated { len: small_len })],
            faults: Vec::new(),
        };
        let server = Arc::new(runtime.block_on(fake_openai::FakeOpenAi::start(config)).expect("fake server"));
        let base_url = server.base_url();
        // Forget recorded requests now and then, so that long runs keep the memory flat.
        runtime.spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                server.clear_requests();
            }
        });
        Server { base_url, in_process: true, _runtime: Some(runtime) }
    }
}

/// Peak resident set size of this process so far (`VmHWM`), in KiB.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time (user + system, all threads) this process has used so far.
pub fn process_cpu_time() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}
