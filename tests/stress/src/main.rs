//! `arazzo-stress`: every description of the stress corpus (`../shared/openapi-corpus`)
//! through the whole pipeline, rustc included.
//!
//! ```text
//! arazzo-stress [--corpus DIR] [--out DIR] [--target-dir DIR] [--only NAME,…] [--sample] [--batch N]
//!               [--jobs N] [--no-rustc]
//! ```
//!
//! For each description it synthesises a workflow, runs `arazzo check` on it, generates
//! the client and the workflow module, and compiles the modules through rustc in batch
//! crates (`--batch` APIs each, default 20) that share one target folder (`--target-dir`,
//! default `target/stress-build`, kept between runs). A batch that
//! fails is attributed API by API from rustc's JSON messages (each API is in files of its
//! own); the failing APIs are removed and the batch is built again until it compiles.
//!
//! It prints one line per API (`compiled`, `rejected`, `failed`, `panicked`, `empty`)
//! and a summary table, and writes `report.md` and `report.json` to `--out` (default
//! `target/stress`). Exit 1 when any API failed or panicked.

// Shared with the CI sample's build script, which reads the files each API depends on
// (`Generated::files`) for `rerun-if-changed`; this binary does not.
#[allow(dead_code)]
#[path = "harness.rs"]
mod harness;
#[path = "synth.rs"]
mod synth;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Mutex;
use std::time::Instant;

use harness::{Api, Prepared, Reason, Verdict};
use serde_json::Value;

#[path = "sample.rs"]
mod sample;

struct Options {
    corpus: PathBuf,
    out: PathBuf,
    /// Where the batch crates are built (shared by runs: the dependencies are built once).
    target_dir: PathBuf,
    only: Vec<String>,
    batch: usize,
    rustc: bool,
    jobs: usize,
}

fn parse_args(root: &Path) -> Result<Options, String> {
    let mut o = Options {
        corpus: std::env::var_os("ARAZZO_OPENAPI_CORPUS")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("../shared/openapi-corpus")),
        out: root.join("target/stress"),
        target_dir: root.join("target/stress-build"),
        only: Vec::new(),
        batch: 20,
        rustc: true,
        jobs: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().ok_or_else(|| format!("{a} takes a value"));
        match a.as_str() {
            "--corpus" => o.corpus = PathBuf::from(value()?),
            "--out" => o.out = PathBuf::from(value()?),
            "--target-dir" => o.target_dir = PathBuf::from(value()?),
            "--only" => o.only.extend(value()?.split(',').map(str::to_string)),
            "--sample" => o.only.extend(sample::SAMPLE.iter().map(|(s, _)| s.to_string())),
            "--batch" => o.batch = value()?.parse().map_err(|_| "--batch takes a number")?,
            "--jobs" => o.jobs = value()?.parse().map_err(|_| "--jobs takes a number")?,
            "--no-rustc" => o.rustc = false,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(o)
}

const USAGE: &str = "usage: arazzo-stress [--corpus DIR] [--out DIR] [--target-dir DIR] [--only NAME,…] [--sample] [--batch N] [--jobs N] [--no-rustc]";

fn main() -> ExitCode {
    let cwd = std::env::current_dir().unwrap_or_default();
    let root = arazzo_codegen::workspace_root(&cwd).unwrap_or(cwd);
    let o = match parse_args(&root) {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let mut apis = harness::corpus_apis(&o.corpus);
    if apis.is_empty() {
        println!("skipped: stress corpus not found at {} (set ARAZZO_OPENAPI_CORPUS)", o.corpus.display());
        return ExitCode::SUCCESS;
    }
    if !o.only.is_empty() {
        apis.retain(|a| o.only.contains(&a.name));
    }
    let work = o.out.join("workflows");
    let gen_dir = o.out.join("gen");
    for d in [&work, &gen_dir] {
        if let Err(e) = std::fs::create_dir_all(d) {
            eprintln!("error: cannot create {}: {e}", d.display());
            return ExitCode::FAILURE;
        }
    }

    // The library: check, client, workflows (in parallel; each API is independent).
    let prepared = prepare_all(&apis, &work, &gen_dir, &root, o.jobs);
    let library_time = started.elapsed();
    let mut verdicts: Vec<Verdict> = Vec::with_capacity(prepared.len());
    let mut ready: Vec<usize> = Vec::new();
    for (i, p) in prepared.iter().enumerate() {
        match &p.outcome {
            Ok(g) => {
                let written = std::fs::write(gen_dir.join(format!("a{i}_client.rs")), &g.client)
                    .and_then(|_| std::fs::write(gen_dir.join(format!("a{i}_workflows.rs")), &g.workflows));
                match written {
                    Ok(()) => {
                        ready.push(i);
                        verdicts.push(if o.rustc {
                            Verdict::Failed(Reason::new("pending", ""))
                        } else {
                            Verdict::Compiled
                        });
                    }
                    Err(e) => verdicts.push(Verdict::Failed(Reason::new("write", e.to_string()))),
                }
            }
            Err(v) => verdicts.push(v.clone()),
        }
    }

    // rustc, in batches.
    if o.rustc {
        for (b, chunk) in ready.chunks(o.batch.max(1)).enumerate() {
            let results = build_batch(&o.out, &o.target_dir, &root, &gen_dir, b, chunk, &prepared);
            for (i, v) in results {
                verdicts[i] = v;
            }
        }
    }

    // The report.
    let mut lines = String::new();
    for (p, v) in prepared.iter().zip(&verdicts) {
        let line = harness::report_line(&p.api.name, p.steps, p.operations, v);
        println!("{line}");
        lines.push_str(&line);
        lines.push('\n');
    }
    let total = started.elapsed();
    let summary = summary(&prepared, &verdicts, library_time.as_secs_f64(), total.as_secs_f64());
    println!("\n{summary}");
    let records: Vec<Value> = prepared.iter().zip(&verdicts).map(|(p, v)| harness::record(p, v)).collect();
    let _ = std::fs::write(o.out.join("report.json"), serde_json::to_string_pretty(&records).unwrap_or_default());
    let _ = std::fs::write(o.out.join("report.md"), format!("{summary}\n```text\n{lines}```\n"));
    let bad = verdicts.iter().any(|v| matches!(v, Verdict::Failed(_) | Verdict::Panicked(_)));
    if bad { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn prepare_all(apis: &[Api], work: &Path, gen_dir: &Path, root: &Path, jobs: usize) -> Vec<Prepared> {
    let next = Mutex::new(0usize);
    let done: Mutex<Vec<Option<Prepared>>> = Mutex::new((0..apis.len()).map(|_| None).collect());
    // progenitor's panics are caught per API; keep the default hook from printing them.
    std::panic::set_hook(Box::new(|_| {}));
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1) {
            s.spawn(|| {
                loop {
                    let i = {
                        let Ok(mut n) = next.lock() else { return };
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some(api) = apis.get(i) else { return };
                    let client = format!("crate::a{i}::client");
                    let p = harness::prepare(api, work, Some(root), &client, gen_dir);
                    eprintln!("[{}/{}] {} {}", i + 1, apis.len(), api.name, status(&p));
                    if let Ok(mut d) = done.lock() {
                        d[i] = Some(p);
                    }
                }
            });
        }
    });
    let _ = std::panic::take_hook();
    done.into_inner().unwrap_or_default().into_iter().flatten().collect()
}

fn status(p: &Prepared) -> &'static str {
    match &p.outcome {
        Ok(_) => "generated",
        Err(v) => v.label(),
    }
}

/// Builds one batch crate until it compiles: the APIs rustc reports errors in are
/// removed (failed, with the first error) and the rest built again.
fn build_batch(
    out: &Path,
    target_dir: &Path,
    root: &Path,
    gen_dir: &Path,
    b: usize,
    members: &[usize],
    prepared: &[Prepared],
) -> Vec<(usize, Verdict)> {
    let dir = out.join("batches").join(format!("b{b}"));
    let mut results = Vec::new();
    let mut left: Vec<usize> = members.to_vec();
    let mut rounds = 0;
    while !left.is_empty() {
        rounds += 1;
        if let Err(e) = write_batch(&dir, root, gen_dir, &left, prepared) {
            for &i in &left {
                results.push((i, Verdict::Failed(Reason::new("write", e.clone()))));
            }
            return results;
        }
        eprintln!("batch {b} (round {rounds}): building {} APIs", left.len());
        let errors = cargo_build(&dir, target_dir);
        match errors {
            Ok(()) => {
                for &i in &left {
                    results.push((i, Verdict::Compiled));
                }
                return results;
            }
            Err(by_api) => {
                let attributed: Vec<usize> = left.iter().copied().filter(|i| by_api.contains_key(&Some(*i))).collect();
                if attributed.is_empty() {
                    let msg = by_api.values().next().cloned().unwrap_or_else(|| "cargo failed".into());
                    for &i in &left {
                        results.push((i, Verdict::Failed(Reason::new("rustc-batch", msg.clone()))));
                    }
                    return results;
                }
                for i in attributed {
                    let msg = by_api.get(&Some(i)).cloned().unwrap_or_default();
                    eprintln!("  rustc failed on {}: {}", prepared[i].api.name, msg.lines().next().unwrap_or_default());
                    results.push((i, Verdict::Failed(Reason::new("rustc", msg))));
                    left.retain(|&j| j != i);
                }
            }
        }
    }
    results
}

fn write_batch(
    dir: &Path,
    root: &Path,
    gen_dir: &Path,
    members: &[usize],
    prepared: &[Prepared],
) -> Result<(), String> {
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    // The crate holding the runtime (`ARAZZO_STRESS_RUNTIME_CRATE`: a copy of it, so that
    // editing the workspace during a long run does not change what the batches build).
    let client = std::env::var_os("ARAZZO_STRESS_RUNTIME_CRATE")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("generated-client"));
    let manifest = format!(
        r#"[package]
name = "stress-batch"
version = "0.0.0"
edition = "2024"
publish = false

# Not a member of the arazzo-codegen workspace.
[workspace]

[lib]
path = "src/lib.rs"

# Only what the README tells a user to add next to a generated client.
[dependencies]
generated-client = {{ path = {client:?} }}
progenitor-client = "0.15"
reqwest = {{ version = "0.13", default-features = false, features = ["json", "stream", "query", "rustls"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"

[profile.dev]
debug = false
"#,
        client = client.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    // The workspace's lock: the same versions as the tests use, and no resolution.
    if let Ok(lock) = std::fs::read(root.join("Cargo.lock")) {
        let _ = std::fs::write(dir.join("Cargo.lock"), lock);
    }
    let mut lib = String::from("//! @generated by arazzo-stress\n#![allow(unused, clippy::all)]\n");
    for &i in members {
        let include = |f: &str| format!("include!({:?});", gen_dir.join(f).display().to_string());
        lib.push_str(&harness::module_text(
            &format!("a{i}"),
            &prepared[i].api.name,
            "generated_client::arazzo_runtime",
            &include,
        ));
    }
    std::fs::write(dir.join("src/lib.rs"), lib).map_err(|e| e.to_string())
}

/// `cargo build` of a batch: `Ok` when it compiled; else the first rendered error per API
/// index (`None`: not in any API's files).
fn cargo_build(dir: &Path, target: &Path) -> Result<(), BTreeMap<Option<usize>, String>> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--message-format=json", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    let output = match output {
        Ok(o) => o,
        Err(e) => return Err(BTreeMap::from([(None, format!("cannot run cargo: {e}"))])),
    };
    if output.status.success() {
        return Ok(());
    }
    let mut errors: BTreeMap<Option<usize>, String> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<Value>(line) else { continue };
        if msg["reason"] != "compiler-message" || msg["message"]["level"] != "error" {
            continue;
        }
        let rendered = msg["message"]["rendered"].as_str().unwrap_or_default().to_string();
        let api = msg["message"]["spans"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["file_name"].as_str())
            .find_map(api_of_file);
        errors.entry(api).or_insert(rendered);
    }
    if errors.is_empty() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        errors.insert(None, stderr.lines().rev().take(20).collect::<Vec<_>>().join("\n"));
    }
    Err(errors)
}

/// `…/a12_client.rs` → 12.
fn api_of_file(f: &str) -> Option<usize> {
    let name = Path::new(f).file_name()?.to_str()?;
    let rest = name.strip_prefix('a')?;
    let (n, tail) = rest.split_once('_')?;
    (tail == "client.rs" || tail == "workflows.rs").then(|| n.parse().ok()).flatten()
}

/// The summary table (Markdown).
fn summary(prepared: &[Prepared], verdicts: &[Verdict], library_s: f64, total_s: f64) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut codes: BTreeMap<(&str, String), usize> = BTreeMap::new();
    for v in verdicts {
        *counts.entry(v.label()).or_default() += 1;
        if let Some(r) = v.reason() {
            *codes.entry((v.label(), r.code.clone())).or_default() += 1;
        }
    }
    let with_ops = verdicts.iter().filter(|v| !matches!(v, Verdict::Empty)).count();
    let steps: usize = prepared.iter().map(|p| p.steps).sum();
    let features: usize = prepared.iter().map(|p| p.features).sum();
    let covered: usize = prepared.iter().map(|p| p.covered).sum();
    let mut s = String::new();
    let _ = writeln!(s, "| verdict | APIs | share of APIs with operations |\n|---|---|---|");
    for label in ["compiled", "rejected", "failed", "panicked", "empty"] {
        let n = counts.get(label).copied().unwrap_or(0);
        let share = if label == "empty" || with_ops == 0 {
            "-".to_string()
        } else {
            format!("{:.1} %", 100.0 * n as f64 / with_ops as f64)
        };
        let _ = writeln!(s, "| {label} | {n} | {share} |");
    }
    let _ = writeln!(s, "| total | {} | |", verdicts.len());
    if !codes.is_empty() {
        let _ = writeln!(s, "\n| verdict | code | APIs |\n|---|---|---|");
        for ((label, code), n) in &codes {
            let _ = writeln!(s, "| {label} | `{code}` | {n} |");
        }
    }
    let _ = writeln!(
        s,
        "\n{steps} steps synthesised; {covered} of {features} parameter/body features covered; library {library_s:.0} s, total {total_s:.0} s."
    );
    s
}
