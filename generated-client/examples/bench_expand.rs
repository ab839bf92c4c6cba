//! Benchmark 3 helper (for reference): the time of `arazzo_codegen::expand` itself,
//! in this process, on a workflow whose OpenAPI source may be OpenAI's full
//! description, without and with the expansion cache. `scripts/bench.sh` runs it in
//! debug (with the workspace's `opt-level` overrides for the parser and generator) and
//! in release, on a copy of the seed workflow next to the full spec.
//!
//!     bench_expand WORKFLOW.yml [--iterations N]
//!
//! Prints `RESULT expand ...` with the minimum and median of: `expand` (no cache),
//! `expand_cached` on a hit (a cache in a temporary folder), and the key alone.

use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let workflow = PathBuf::from(args.next().ok_or("usage: bench_expand WORKFLOW.yml [--iterations N]")?);
    let mut iterations = 5usize;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--iterations" => iterations = args.next().ok_or("--iterations needs a value")?.parse()?,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let workflow = std::fs::canonicalize(&workflow)?;
    let root = arazzo_codegen::workspace_root(workflow.parent().unwrap_or(&workflow));
    let client = "generated_client".parse().map_err(|e| format!("{e:?}"))?;
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };

    let mut cold = Vec::new();
    for _ in 0..iterations {
        let t = Instant::now();
        let expansion = arazzo_codegen::expand(&workflow, root.as_deref(), &client).map_err(|d| d.to_string())?;
        cold.push(t.elapsed());
        std::hint::black_box(expansion.tokens.to_string().len());
    }

    let cache = tempfile::tempdir()?;
    // SAFETY: single-threaded at this point; the variable is read by expand_cached.
    unsafe { std::env::set_var("ARAZZO_CACHE_DIR", cache.path()) };
    let (_, hit) = arazzo_codegen::expand_cached(&workflow, root.as_deref(), &client).map_err(|d| d.to_string())?;
    assert!(!hit, "the cache was empty");
    let mut warm = Vec::new();
    for _ in 0..iterations.max(20) {
        let t = Instant::now();
        let (expansion, hit) =
            arazzo_codegen::expand_cached(&workflow, root.as_deref(), &client).map_err(|d| d.to_string())?;
        warm.push(t.elapsed());
        assert!(hit, "expected a cache hit");
        std::hint::black_box(expansion.tokens.is_empty());
    }
    let mut key = Vec::new();
    for _ in 0..iterations.max(20) {
        let t = Instant::now();
        std::hint::black_box(arazzo_codegen::cache::key(&workflow, "generated_client"));
        key.push(t.elapsed());
    }
    let ms = |v: &mut Vec<Duration>| {
        v.sort();
        (v[0].as_secs_f64() * 1e3, v[v.len() / 2].as_secs_f64() * 1e3)
    };
    let (c_min, c_med) = ms(&mut cold);
    let (w_min, w_med) = ms(&mut warm);
    let (k_min, k_med) = ms(&mut key);
    println!(
        "RESULT expand profile={profile} spec_bytes={} cold_min_ms={c_min:.1} cold_median_ms={c_med:.1} \
         warm_min_ms={w_min:.2} warm_median_ms={w_med:.2} key_min_ms={k_min:.2} key_median_ms={k_med:.2}",
        spec_len(&workflow)
    );
    Ok(())
}

/// Bytes of the OpenAPI file next to the workflow (`../openapi/openai-openapi-master.yml`).
fn spec_len(workflow: &std::path::Path) -> u64 {
    let spec = workflow.parent().and_then(|d| d.parent()).map(|d| d.join("openapi/openai-openapi-master.yml"));
    spec.and_then(|s| std::fs::metadata(s).ok()).map(|m| m.len()).unwrap_or(0)
}
