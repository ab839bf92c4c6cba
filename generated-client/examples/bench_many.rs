//! Benchmark 4, many at once: `--concurrency` (default 1,000) concurrent
//! `download_batch_results` calls sharing one client (`new_client` with
//! `ClientOptions::default()`: connect timeout 15 s, read timeout 120 s, 64 idle
//! connections kept per host, no total timeout), each reading its small output file
//! whole, against a fake server. Repeated `--rounds` times; prints one `RESULT` line per
//! round and a summary (all must succeed; workflows/s; latency percentiles; peak RSS).
//!
//!     bench_many --base-url URL [--batch-id batch_small] [--concurrency 1000] [--rounds 5] [--api-key KEY]
//!
//! The server is another process (`bench_server`), so that the peak RSS is the client's.

use std::sync::Arc;
use std::time::{Duration, Instant};

use generated_client::{ClientOptions, DownloadBatchResultsInputs, download_batch_results, new_client};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut base_url, mut batch_id, mut api_key) = (None, "batch_small".to_string(), "sk-bench-key".to_string());
    let (mut concurrency, mut rounds) = (1000usize, 5usize);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--base-url" => base_url = Some(value()?),
            "--batch-id" => batch_id = value()?,
            "--api-key" => api_key = value()?,
            "--concurrency" => concurrency = value()?.parse()?,
            "--rounds" => rounds = value()?.parse()?,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let base_url = base_url.ok_or("--base-url is required")?;
    let options = ClientOptions::default();
    println!(
        "client: connect_timeout={:?} read_timeout={:?} pool_max_idle_per_host={} (no total timeout)",
        options.connect_timeout, options.read_timeout, options.pool_max_idle_per_host
    );
    let client = Arc::new(new_client(&base_url, &options)?);

    let (mut total_ok, mut total_err, mut total_time) = (0usize, 0usize, Duration::ZERO);
    let mut all_latencies = Vec::new();
    for round in 1..=rounds {
        let start = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..concurrency {
            let client = Arc::clone(&client);
            let inputs = DownloadBatchResultsInputs { api_key: api_key.clone(), batch_id: batch_id.clone() };
            tasks.spawn(async move {
                let t0 = Instant::now();
                let outputs = download_batch_results(&client, inputs).await.map_err(|e| e.to_string())?;
                let contents = outputs.contents.ok_or("no contents")?;
                let bytes = contents.bytes().await.map_err(|e| e.to_string())?;
                Ok::<_, String>((bytes.len(), t0.elapsed()))
            });
        }
        let (mut ok, mut errors, mut latencies) = (0usize, Vec::new(), Vec::with_capacity(concurrency));
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(Ok((_len, latency))) => {
                    ok += 1;
                    latencies.push(latency);
                }
                Ok(Err(e)) => errors.push(e),
                Err(e) => errors.push(format!("task: {e}")),
            }
        }
        let elapsed = start.elapsed();
        latencies.sort();
        println!(
            "RESULT many_round round={round} concurrency={concurrency} ok={ok} errors={} secs={:.3} \
             workflows_per_s={:.0} p50_ms={:.1} p99_ms={:.1} max_ms={:.1}",
            errors.len(),
            elapsed.as_secs_f64(),
            ok as f64 / elapsed.as_secs_f64(),
            pct(&latencies, 0.50),
            pct(&latencies, 0.99),
            pct(&latencies, 1.0),
        );
        for e in errors.iter().take(3) {
            println!("  error: {e}");
        }
        total_ok += ok;
        total_err += errors.len();
        total_time += elapsed;
        all_latencies.extend(latencies);
    }
    all_latencies.sort();
    println!(
        "RESULT many_total rounds={rounds} concurrency={concurrency} ok={total_ok} errors={total_err} \
         workflows_per_s={:.0} p50_ms={:.1} p99_ms={:.1} peak_rss_kib={}",
        total_ok as f64 / total_time.as_secs_f64(),
        pct(&all_latencies, 0.50),
        pct(&all_latencies, 0.99),
        peak_rss_kib().unwrap_or(0)
    );
    if total_err > 0 {
        std::process::exit(1);
    }
    Ok(())
}

fn pct(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i].as_secs_f64() * 1e3
}

/// Peak resident set size of this process (`VmHWM`), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
