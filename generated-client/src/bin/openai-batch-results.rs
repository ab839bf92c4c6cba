//! `openai-batch-results`: download the results of an OpenAI batch through the
//! generated `download_batch_results` workflow.
//!
//! Exit codes: 0 downloaded; 3 the batch is not completed (its status on stderr,
//! nothing written); 1 any error (one line naming the step, the HTTP status and the
//! API's message; `--verbose` for detail); 2 bad usage.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use generated_client::arazzo_runtime::Body;
use generated_client::{
    ClientOptions, DEFAULT_BASE_URL, DownloadBatchResultsEnd, DownloadBatchResultsInputs, WorkflowError,
    download_batch_results, new_client,
};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWrite;

/// Download the output file of a completed OpenAI batch.
///
/// Examples:
///   OPENAI_API_KEY=sk-... openai-batch-results --batch-id batch_abc123 --output results.jsonl
///   openai-batch-results --batch-id batch_abc123 --wait --timeout 3600 -o results.jsonl --json
///   openai-batch-results --batch-id batch_abc123 > results.jsonl
///   RUST_LOG=arazzo=info openai-batch-results --batch-id batch_abc123 -o out.jsonl   (one log line per step)
#[derive(Parser, Debug)]
#[command(version, verbatim_doc_comment)]
struct Args {
    /// The id of the batch whose results to download.
    #[arg(long, value_name = "ID")]
    batch_id: String,
    /// Write the contents to FILE (atomically: a temporary file renamed when complete)
    /// instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The API's base URL.
    #[arg(long, value_name = "URL", default_value = DEFAULT_BASE_URL)]
    base_url: String,
    /// The API key [default: $OPENAI_API_KEY].
    #[arg(long, value_name = "KEY", env = "OPENAI_API_KEY", hide_env_values = true)]
    api_key: Option<String>,
    /// Fail when no bytes arrive for this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 120)]
    read_timeout: u64,
    /// Wait until the batch reaches a terminal status, polling with backoff, then download.
    #[arg(long)]
    wait: bool,
    /// With --wait: the first delay between polls, doubled up to 10 times this value.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    poll_interval: f64,
    /// With --wait: give up (exit 3) after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 86_400.0)]
    timeout: f64,
    /// Print a JSON summary (batch id, status, output file id, bytes, sha256) on stdout;
    /// needs --output.
    #[arg(long, requires = "output")]
    json: bool,
    /// No progress bar and no messages but errors.
    #[arg(long, short)]
    quiet: bool,
    /// Print error details (the whole error chain) and the steps.
    #[arg(long, short)]
    verbose: bool,
}

/// Statuses after which a batch never changes.
const TERMINAL: [&str; 4] = ["completed", "failed", "expired", "cancelled"];

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    init_tracing(args.verbose);
    let Some(api_key) = args.api_key.clone().filter(|k| !k.is_empty()) else {
        eprintln!("error: no API key: pass --api-key or set OPENAI_API_KEY");
        return ExitCode::from(2);
    };
    let positive = |x: f64| x.is_finite() && x >= 0.0;
    if !(positive(args.poll_interval) && args.poll_interval > 0.0 && positive(args.timeout)) {
        eprintln!("error: --poll-interval and --timeout take positive numbers of seconds");
        return ExitCode::from(2);
    }
    match run(&args, api_key).await {
        Ok(code) => code,
        Err(e) => {
            if args.verbose {
                eprintln!("error: {e}\n  detail: {e:?}");
            } else {
                eprintln!("error: {e}");
            }
            ExitCode::from(1)
        }
    }
}

/// Logs go to stderr, filtered by `RUST_LOG` (nothing when unset; `--verbose` shows
/// the steps). They never hold the key: the generated code logs ids, operations,
/// statuses and durations only.
fn init_tracing(verbose: bool) {
    let filter = match std::env::var("RUST_LOG") {
        Ok(f) if !f.is_empty() => tracing_subscriber::EnvFilter::new(f),
        _ if verbose => tracing_subscriber::EnvFilter::new("arazzo=info"),
        _ => return,
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

#[derive(Debug)]
enum Failure {
    Workflow(WorkflowError),
    Other(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Workflow(e) => e.fmt(f),
            Failure::Other(m) => f.write_str(m),
        }
    }
}

impl From<WorkflowError> for Failure {
    fn from(e: WorkflowError) -> Self {
        Failure::Workflow(e)
    }
}

async fn run(args: &Args, api_key: String) -> Result<ExitCode, Failure> {
    let options =
        ClientOptions { read_timeout: Duration::from_secs(args.read_timeout.max(1)), ..ClientOptions::default() };
    let client = new_client(&args.base_url, &options)
        .map_err(|e| Failure::Other(format!("cannot create the HTTP client: {e}")))?;
    let inputs = DownloadBatchResultsInputs { api_key, batch_id: args.batch_id.clone() };
    let started = Instant::now();
    let mut delay = Duration::from_secs_f64(args.poll_interval);
    let max_delay = Duration::from_secs_f64(args.poll_interval * 10.0);
    let deadline = Duration::from_secs_f64(args.timeout);
    let outputs = loop {
        let outputs = download_batch_results(&client, inputs.clone()).await?;
        let DownloadBatchResultsEnd::BatchNotReady(batch) = &outputs.end else { break outputs };
        let status = batch.status.clone().unwrap_or_else(|| "unknown".into());
        let terminal = TERMINAL.contains(&status.as_str());
        if !args.wait || terminal || started.elapsed() + delay > deadline {
            let why = if args.wait && !terminal { " (gave up waiting)" } else { "" };
            eprintln!("batch {} is not completed: its status is `{status}`{why}", args.batch_id);
            return Ok(ExitCode::from(3));
        }
        if !args.quiet {
            eprintln!("batch {} is `{status}`; checking again in {:.0?}", args.batch_id, delay);
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(max_delay);
    };
    let Some(contents) = outputs.contents else {
        return Err(Failure::Other("step `downloadOutput` returned no contents".into()));
    };
    let progress = progress_bar(args.quiet, contents.content_length());
    match &args.output {
        Some(path) => {
            let summary = write_atomically(path, contents, progress, args.json).await?;
            if args.json {
                let json = serde_json_summary(&args.batch_id, outputs.output_file_id.as_deref(), &summary);
                println!("{json}");
            }
        }
        None => {
            let mut stdout = tokio::io::stdout();
            copy(contents, &mut stdout, progress, false).await?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn serde_json_summary(batch_id: &str, output_file_id: Option<&str>, s: &Copied) -> String {
    generated_client::arazzo_runtime::serde_json::json!({
        "batch_id": batch_id,
        "status": "completed",
        "output_file_id": output_file_id,
        "bytes": s.bytes,
        "sha256": s.sha256,
    })
    .to_string()
}

/// A progress bar on stderr when it is a terminal (bytes, rate, ETA), else nothing.
fn progress_bar(quiet: bool, len: Option<u64>) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = match len {
        Some(len) => indicatif::ProgressBar::new(len),
        None => indicatif::ProgressBar::no_length(),
    };
    let style =
        indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// What was written.
struct Copied {
    bytes: u64,
    sha256: Option<String>,
}

/// Streams `contents` into `writer`, hashing and counting; fails when the body ends
/// before its `Content-Length`.
async fn copy<W: AsyncWrite + Unpin>(
    contents: Body,
    writer: &mut W,
    progress: indicatif::ProgressBar,
    hash: bool,
) -> Result<Copied, Failure> {
    // Hashing costs as much as the copy: only when the summary needs it.
    let mut hasher = hash.then(Sha256::new);
    let bytes = contents
        .write_to_inspecting(writer, |chunk, written| {
            if let Some(h) = hasher.as_mut() {
                h.update(chunk);
            }
            progress.set_position(written);
        })
        .await?;
    progress.finish_and_clear();
    Ok(Copied { bytes, sha256: hasher.map(|h| hex::encode(h.finalize())) })
}

/// Streams `contents` into a temporary file beside `path` and renames it into place
/// only once the whole body arrived; on failure, nothing is left behind.
async fn write_atomically(
    path: &Path,
    contents: Body,
    progress: indicatif::ProgressBar,
    hash: bool,
) -> Result<Copied, Failure> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.partial-{}", std::process::id()));
    let result = async {
        let file = tokio::fs::File::create(&tmp)
            .await
            .map_err(|e| Failure::Other(format!("cannot create {}: {e}", tmp.display())))?;
        let mut writer = tokio::io::BufWriter::with_capacity(1 << 20, file);
        let copied = copy(contents, &mut writer, progress, hash).await?;
        let file = writer.into_inner();
        file.sync_all().await.map_err(|e| Failure::Other(format!("cannot write {}: {e}", tmp.display())))?;
        drop(file);
        tokio::fs::rename(&tmp, path)
            .await
            .map_err(|e| Failure::Other(format!("cannot rename {} to {}: {e}", tmp.display(), path.display())))?;
        Ok(copied)
    }
    .await;
    if result.is_err() {
        let _ = tokio::fs::remove_file(&tmp).await;
    }
    result
}
