//! `openai-batch-results`: download the results of an OpenAI batch through the
//! generated `download_batch_results` workflow.
//!
//! Exit codes: 0 downloaded; 3 the batch is not completed (its status on stderr,
//! nothing written); 1 any error (one line naming the step, the HTTP status and the
//! API's message); 2 bad usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use generated_client::{
    ClientOptions, DEFAULT_BASE_URL, DownloadBatchResultsEnd, DownloadBatchResultsInputs, download_batch_results,
    new_client,
};

/// Download the output file of a completed OpenAI batch.
///
/// Examples:
///   OPENAI_API_KEY=sk-... openai-batch-results --batch-id batch_abc123 --output results.jsonl
///   openai-batch-results --batch-id batch_abc123 --api-key sk-... > results.jsonl
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
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let Some(api_key) = args.api_key.clone().filter(|k| !k.is_empty()) else {
        eprintln!("error: no API key: pass --api-key or set OPENAI_API_KEY");
        return ExitCode::from(2);
    };
    match run(&args, api_key).await {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

async fn run(args: &Args, api_key: String) -> Result<ExitCode, String> {
    let options =
        ClientOptions { read_timeout: Duration::from_secs(args.read_timeout.max(1)), ..ClientOptions::default() };
    let client = new_client(&args.base_url, &options).map_err(|e| format!("cannot create the HTTP client: {e}"))?;
    let inputs = DownloadBatchResultsInputs { api_key, batch_id: args.batch_id.clone() };
    let outputs = download_batch_results(&client, inputs).await.map_err(|e| e.to_string())?;
    match outputs.end {
        DownloadBatchResultsEnd::BatchNotReady(batch) => {
            let status = batch.status.as_deref().unwrap_or("unknown");
            eprintln!("batch {} is not completed: its status is `{status}`", args.batch_id);
            Ok(ExitCode::from(3))
        }
        DownloadBatchResultsEnd::Completed => {
            let Some(contents) = outputs.contents else {
                return Err("step `downloadOutput` returned no contents".into());
            };
            match &args.output {
                Some(path) => write_atomically(path, contents).await?,
                None => {
                    let mut stdout = tokio::io::stdout();
                    contents.write_to(&mut stdout).await.map_err(|e| e.to_string())?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Streams `contents` into a temporary file beside `path` and renames it into place
/// only once the whole body arrived; on failure, nothing is left behind.
async fn write_atomically(path: &Path, contents: generated_client::arazzo_runtime::Body) -> Result<(), String> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.partial-{}", std::process::id()));
    let result = async {
        let mut file =
            tokio::fs::File::create(&tmp).await.map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
        contents.write_to(&mut file).await.map_err(|e| e.to_string())?;
        file.sync_all().await.map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
        drop(file);
        tokio::fs::rename(&tmp, path)
            .await
            .map_err(|e| format!("cannot rename {} to {}: {e}", tmp.display(), path.display()))
    }
    .await;
    if result.is_err() {
        let _ = tokio::fs::remove_file(&tmp).await;
    }
    result
}
