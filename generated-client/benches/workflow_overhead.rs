//! Benchmark 1, workflow overhead: the generated `download_batch_results` against the
//! hand-written reqwest code doing the same two requests (see `common/mod.rs`), one
//! call at a time over a warm keep-alive connection to the local fake server, with a
//! small output file (1 KiB). Target: generated / hand-written ≤ 1.02.
//!
//!     cargo bench -p generated-client --bench workflow_overhead
//!     BENCH_BASE_URL=http://127.0.0.1:PORT/v1 cargo bench ...   # a bench_server process
//!
//! Two measurements:
//! 1. criterion (`overhead_multi/generated`, `overhead_multi/handwritten`; `overhead_current/…`
//!    with `BENCH_RUNTIME=current`), each in its own run;
//! 2. interleaved blocks (`BENCH_ROUNDS` rounds, default 60, of `BENCH_BLOCK` calls of
//!    each, default 300, alternating which goes first), so that drift of the machine hits
//!    both alike; wall time and this process's CPU time per call. It prints
//!    `RESULT overhead_wall ...` and `RESULT overhead_cpu ...` lines that
//!    `scripts/bench.sh` collects (only under `cargo bench`, not `cargo test --benches`).
//!
//! Both use the same Tokio runtime (multi-threaded, as `#[tokio::main]`; or current-thread
//! with `BENCH_RUNTIME=current`), each its own client built with the same settings
//! (`ClientOptions::default()`), and the same server. `examples/bench_overhead_breakdown.rs`
//! says where the difference comes from.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use generated_client::{ClientOptions, new_client};

use common::{API_KEY, Server, generated_download, handwritten_download, handwritten_http, process_cpu_time};

const SMALL_LEN: u64 = 1024;
const BATCH: &str = "batch_small";

struct Fixture {
    runtime: tokio::runtime::Runtime,
    generated: generated_client::Client,
    http: reqwest::Client,
    base_url: String,
}

impl Fixture {
    fn generated(&self, iters: u64) -> Duration {
        self.runtime.block_on(async {
            let start = Instant::now();
            for _ in 0..iters {
                let body = generated_download(&self.generated, API_KEY, BATCH).await.expect("generated workflow");
                assert_eq!(body.len() as u64, SMALL_LEN);
                black_box(body);
            }
            start.elapsed()
        })
    }

    fn handwritten(&self, iters: u64) -> Duration {
        self.runtime.block_on(async {
            let start = Instant::now();
            for _ in 0..iters {
                let body =
                    handwritten_download(&self.http, &self.base_url, API_KEY, BATCH).await.expect("hand-written");
                assert_eq!(body.len() as u64, SMALL_LEN);
                black_box(body);
            }
            start.elapsed()
        })
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

fn main() {
    let server = Server::start(SMALL_LEN);
    // BENCH_RUNTIME=current: a current-thread runtime (no hand-offs between worker
    // threads, which on a small VM add noise of the order of the whole difference).
    let current = std::env::var("BENCH_RUNTIME").is_ok_and(|v| v == "current");
    let runtime = if current {
        tokio::runtime::Builder::new_current_thread().enable_all().build()
    } else {
        tokio::runtime::Builder::new_multi_thread().enable_all().build()
    }
    .expect("runtime");
    let options = ClientOptions::default();
    let generated = {
        let _guard = runtime.enter();
        new_client(&server.base_url, &options).expect("client")
    };
    let http = {
        let _guard = runtime.enter();
        handwritten_http(&options)
    };
    let fx = Fixture { runtime, generated, http, base_url: server.base_url.clone() };
    // Warm both pools (one keep-alive connection each) and check both work.
    fx.generated(50);
    fx.handwritten(50);

    let bench_mode = std::env::args().any(|a| a == "--bench");
    let runtime_kind = if current { "current-thread" } else { "multi-thread" };

    let mut c = Criterion::default()
        .sample_size(100)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8))
        .configure_from_args();
    {
        let mut group = c.benchmark_group(if current { "overhead_current" } else { "overhead_multi" });
        group.bench_function("generated", |b| b.iter_custom(|iters| fx.generated(iters)));
        group.bench_function("handwritten", |b| b.iter_custom(|iters| fx.handwritten(iters)));
        group.finish();
    }
    c.final_summary();

    if !bench_mode {
        return;
    }
    // Interleaved A/B: alternating blocks, the order flipped every round. Wall time per
    // call, and this process's CPU time per call (meaningful when the server is another
    // process: then it is the client's own work, insensitive to other load on the machine).
    let rounds: usize = std::env::var("BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(60);
    let block: u64 = std::env::var("BENCH_BLOCK").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
    let mut wall = (Vec::new(), Vec::new(), Vec::new());
    let mut cpu = (Vec::new(), Vec::new(), Vec::new());
    let per_call = |d: Duration| d.as_secs_f64() * 1e6 / block as f64;
    let measure = |f: &dyn Fn(u64) -> Duration| {
        let c0 = process_cpu_time();
        let w = f(block);
        (per_call(w), per_call(process_cpu_time() - c0))
    };
    for round in 0..rounds {
        let run_g = |n| fx.generated(n);
        let run_h = |n| fx.handwritten(n);
        let (g, h) = if round % 2 == 0 {
            let g = measure(&run_g);
            (g, measure(&run_h))
        } else {
            let h = measure(&run_h);
            (measure(&run_g), h)
        };
        wall.0.push(g.0);
        wall.1.push(h.0);
        wall.2.push(g.0 / h.0);
        cpu.0.push(g.1);
        cpu.1.push(h.1);
        cpu.2.push(g.1 / h.1);
    }
    let server_kind = if server.in_process { "in-process" } else { "separate-process" };
    if std::env::var_os("BENCH_VERBOSE").is_some() {
        for i in 0..rounds {
            println!("round {i}: wall {:.1} {:.1} cpu {:.1} {:.1}", wall.0[i], wall.1[i], cpu.0[i], cpu.1[i]);
        }
    }
    for (name, (g, h, r)) in [("wall", &mut wall), ("cpu", &mut cpu)] {
        let gm = median(g);
        let hm = median(h);
        let rm = median(r);
        let (lo, hi) = (r[rounds / 4], r[(3 * rounds) / 4]);
        println!(
            "RESULT overhead_{name} rounds={rounds} block={block} generated_us={gm:.2} handwritten_us={hm:.2} \
             ratio_of_medians={:.4} median_ratio={rm:.4} ratio_p25={lo:.4} ratio_p75={hi:.4} server={server_kind} runtime={runtime_kind}",
            gm / hm
        );
    }
}
