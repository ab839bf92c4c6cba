//! Benchmark helper: the fake OpenAI server in a process of its own, serving the batches
//! the benchmarks download (`scripts/bench.sh` starts it and kills it by its pid).
//!
//!     bench_server [--port N] [--api-key KEY] [--big-len BYTES] [--small-len BYTES] [--big-mem] [--threads N]
//!
//! Prints the base URL (`http://127.0.0.1:PORT/v1`) as the first line on stdout, then
//! serves until killed, on a Tokio runtime of `--threads` worker threads (default 1).
//! Batches (all `completed`):
//!
//! | batch | output file | contents |
//! | --- | --- | --- |
//! | `batch_small` | `file-small` | `--small-len` bytes (default 1024) of generated JSONL |
//! | `batch_big` | `file-big` | `--big-len` bytes (default 1 GiB), generated while sending (64 KiB chunks) |
//! | `batch_big_mem` | `file-big-mem` | with `--big-mem` only: the same bytes, generated once at start and held in memory, so the server does no work per byte but copy |
//!
//! Recorded requests are forgotten every second, so that long runs do not grow the
//! server's memory.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use fake_openai::{Config, FakeOpenAi, FileBody, batch_json, generated_bytes};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut port = 0u16;
    let mut api_key = "sk-bench-key".to_string();
    let mut big_len: u64 = 1 << 30;
    let mut small_len: u64 = 1024;
    let mut big_mem = false;
    let mut threads = 1usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--port" => port = value()?.parse()?,
            "--api-key" => api_key = value()?,
            "--big-len" => big_len = value()?.parse()?,
            "--small-len" => small_len = value()?.parse()?,
            "--threads" => threads = value()?.parse()?,
            "--big-mem" => big_mem = true,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }

    let mut batches = vec![
        batch_json("batch_small", "completed", Some("file-small")),
        batch_json("batch_big", "completed", Some("file-big")),
    ];
    let mut files = vec![
        ("file-small".to_string(), FileBody::Generated { len: small_len }),
        ("file-big".to_string(), FileBody::Generated { len: big_len }),
    ];
    if big_mem {
        let mut all = Vec::with_capacity(big_len as usize);
        for chunk in generated_bytes(big_len) {
            all.extend_from_slice(&chunk);
        }
        batches.push(batch_json("batch_big_mem", "completed", Some("file-big-mem")));
        files.push(("file-big-mem".to_string(), FileBody::Bytes(all.into())));
    }

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(threads.max(1)).enable_all().build()?;
    let config = Config { api_key, batches, files, faults: Vec::new() };
    let server = runtime.block_on(FakeOpenAi::start_at(config, SocketAddr::from((Ipv4Addr::LOCALHOST, port))))?;
    println!("{}", server.base_url());
    runtime.block_on(async {
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            server.clear_requests();
        }
    })
}
