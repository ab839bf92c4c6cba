//! Benchmark 2 helper (the library path of a large download): runs the generated
//! `download_batch_results` and streams the output file into a file on disk with
//! `Body::write_to` on a `tokio::fs::File`, then prints one `RESULT` line (bytes,
//! seconds, MiB/s, peak RSS). `scripts/bench.sh` runs it under `/usr/bin/time -v`
//! against a `bench_server` process.
//!
//!     bench_download --base-url URL --batch-id ID --output FILE [--api-key KEY] [--sync]
//!
//! `--sync` also `fsync`s the file before stopping the clock (as the CLI does).

use std::time::Instant;

use generated_client::{ClientOptions, DownloadBatchResultsInputs, download_batch_results, new_client};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut base_url, mut batch_id, mut output, mut api_key, mut sync) =
        (None, None, None, "sk-bench-key".to_string(), false);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--base-url" => base_url = Some(value()?),
            "--batch-id" => batch_id = Some(value()?),
            "--output" => output = Some(value()?),
            "--api-key" => api_key = value()?,
            "--sync" => sync = true,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let base_url = base_url.ok_or("--base-url is required")?;
    let batch_id = batch_id.ok_or("--batch-id is required")?;
    let output = output.ok_or("--output is required")?;

    let start = Instant::now();
    let client = new_client(&base_url, &ClientOptions::default())?;
    let outputs = download_batch_results(&client, DownloadBatchResultsInputs { api_key, batch_id }).await?;
    let contents = outputs.contents.ok_or("the batch has no output to download")?;
    let mut file = tokio::fs::File::create(&output).await?;
    let bytes = contents.write_to(&mut file).await?;
    if sync {
        file.sync_all().await?;
    }
    drop(file);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "RESULT library_download bytes={bytes} secs={secs:.3} mib_per_s={:.1} sync={sync} peak_rss_kib={}",
        bytes as f64 / secs / (1 << 20) as f64,
        peak_rss_kib().unwrap_or(0)
    );
    Ok(())
}

/// Peak resident set size of this process (`VmHWM`), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
