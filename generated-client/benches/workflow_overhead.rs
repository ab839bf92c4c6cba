//! Benchmark 1, workflow overhead: the generated `download_batch_results` against the
//! hand-written reqwest code doing the same two requests (see `common/mod.rs`), one
//! call at a time over a warm keep-alive connection to the local fake server, with a
//! small output file (1 KiB). Target: generated / hand-written ≤ 1.02.
//!
//!     cargo bench -p generated-client --bench workflow_overhead
//!     BENCH_BASE_URL=http://127.0.0.1:PORT/v1 cargo bench ...   # a bench_server process
//!
//! Two measurements:
//! 1. criterion (`overhead/generated`, `overhead/handwritten`), each in its own run;
//! 2. interleaved blocks (`ROUNDS` rounds of `BLOCK` calls of each, alternating which
//!    goes first), so that drift of the machine hits both alike. It prints
//!    `RESULT overhead ...` lines that `scripts/bench.sh` collects.
//!
//! Both use the same Tokio runtime (multi-threaded, as `#[tokio::main]`), each its own
//! client built with the same settings (`ClientOptions::default()`), and the same server.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use generated_client::{ClientOptions, new_client};

use common::{API_KEY, Server, generated_download, handwritten_download, handwritten_http};

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
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
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

    let mut c = Criterion::default()
        .sample_size(100)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8))
        .configure_from_args();
    {
        let mut group = c.benchmark_group("overhead");
        group.bench_function("generated", |b| b.iter_custom(|iters| fx.generated(iters)));
        group.bench_function("handwritten", |b| b.iter_custom(|iters| fx.handwritten(iters)));
        group.finish();
    }
    c.final_summary();

    if !bench_mode {
        return;
    }
    // Interleaved A/B: alternating blocks, the order flipped every round.
    let rounds: usize = std::env::var("BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(40);
    let block: u64 = std::env::var("BENCH_BLOCK").ok().and_then(|v| v.parse().ok()).unwrap_or(250);
    let (mut gen_us, mut hand_us, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (g, h) = if round % 2 == 0 {
            let g = fx.generated(block);
            (g, fx.handwritten(block))
        } else {
            let h = fx.handwritten(block);
            (fx.generated(block), h)
        };
        let g = g.as_secs_f64() * 1e6 / block as f64;
        let h = h.as_secs_f64() * 1e6 / block as f64;
        gen_us.push(g);
        hand_us.push(h);
        ratios.push(g / h);
    }
    let g = median(&mut gen_us);
    let h = median(&mut hand_us);
    let r = median(&mut ratios);
    let (lo, hi) = (ratios[rounds / 4], ratios[(3 * rounds) / 4]);
    println!(
        "RESULT overhead interleaved rounds={rounds} block={block} generated_us={g:.2} handwritten_us={h:.2} \
         ratio_of_medians={:.4} median_ratio={r:.4} ratio_p25={lo:.4} ratio_p75={hi:.4} server={}",
        g / h,
        if server.in_process { "in-process" } else { "separate-process" }
    );
}
