//! Benchmark 1, where the overhead goes: variants between the hand-written reqwest code
//! and the generated workflow, each doing the whole two-request job on a small output
//! file, measured interleaved (every round runs a block of each, in rotating order).
//! Prints the median wall time and process CPU time per call of each, and the
//! difference to `handwritten`. The server must be another process (`bench_server`).
//!
//!     bench_overhead_breakdown --base-url URL [--runtime multi|current] [--rounds 30] [--block 300]
//!
//! | variant | what it adds to the one above it in the list |
//! | --- | --- |
//! | `handwritten` | the baseline (`benches/common/mod.rs`): small struct, `Response::bytes()` |
//! | `hand_typed` | the batch decoded into the generated `types::Batch` (every field) |
//! | `hand_stream` | and the file read as `bytes_stream()` collected into a `Vec` (what `Body::bytes` does) |
//! | `hand_as_progenitor` | and the request and response handled as progenitor's methods do (see the function) |
//! | `progenitor` | the generated client's `retrieve_batch`/`download_file` + `Body`, the key as a default header of the `reqwest::Client` (no task-local) |
//! | `progenitor_tl` | the same calls with the key sent through `arazzo_runtime::with_headers` (the task-local the workflow uses) |
//! | `generated` | the generated `download_batch_results` |

#[path = "../benches/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures::StreamExt;
use generated_client::arazzo_runtime::{Body, with_headers};
use generated_client::{Client, ClientOptions, new_client};
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue};

use common::{API_KEY, generated_download, handwritten_download, handwritten_http, process_cpu_time};

type Res = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>;

struct Ctx {
    base_url: String,
    http: reqwest::Client,
    client: Client,
    client_with_key: Client,
}

const VARIANTS: &[&str] =
    &["handwritten", "hand_typed", "hand_stream", "hand_as_progenitor", "progenitor", "progenitor_tl", "generated"];

/// `hand_stream` with the request and response handled the way progenitor's generated
/// methods do: the URL through a `to_string()` and percent-encoding, an `api-version`
/// header added (and removed again by the client's hook), `build()` + `execute`, the
/// response headers cloned into the `ResponseValue`, the batch read with `bytes()` +
/// `serde_json::from_slice`, the file kept as a boxed `bytes_stream()`.
async fn hand_as_progenitor(ctx: &Ctx) -> Res {
    let auth = || {
        let mut auth = HeaderValue::from_str(&format!("Bearer {API_KEY}")).expect("header");
        auth.set_sensitive(true);
        auth
    };
    let request = |url: String, accept: bool| {
        let mut map = HeaderMap::with_capacity(1);
        map.append(reqwest::header::HeaderName::from_static("api-version"), HeaderValue::from_static("2.3.0"));
        let mut b = ctx.http.get(url);
        if accept {
            b = b.header(ACCEPT, HeaderValue::from_static("application/json"));
        }
        let mut req = b.headers(map).build()?;
        req.headers_mut().remove("api-version");
        req.headers_mut().insert(AUTHORIZATION, auth());
        Ok::<_, reqwest::Error>(req)
    };
    let id = "batch_small".to_string();
    let response =
        ctx.http.execute(request(format!("{}/batches/{}", ctx.base_url, encode(&id.to_string())), true)?).await?;
    if response.status().as_u16() != 200 {
        return Err("getBatch".into());
    }
    let headers = response.headers().clone();
    let full = response.bytes().await?;
    let batch: generated_client::types::Batch = serde_json::from_slice(&full)?;
    black_box(headers);
    if batch.status.as_deref() != Some("completed") {
        return Err("not completed".into());
    }
    let file_id = batch.output_file_id.clone().ok_or("no file")?;
    let response = ctx
        .http
        .execute(request(format!("{}/files/{}/content", ctx.base_url, encode(&file_id.to_string())), false)?)
        .await?;
    if response.status().as_u16() != 200 {
        return Err("downloadOutput".into());
    }
    let headers = response.headers().clone();
    black_box(headers);
    let len = response.content_length();
    let mut s: std::pin::Pin<Box<dyn futures::Stream<Item = reqwest::Result<Bytes>> + Send>> =
        Box::pin(response.bytes_stream());
    let mut buf = Vec::with_capacity(len.unwrap_or(0) as usize);
    while let Some(chunk) = s.next().await {
        buf.extend_from_slice(&chunk?);
    }
    Ok(Bytes::from(buf))
}

/// Percent-encoding of a path segment, as progenitor's `encode_path`.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn hand_variant(ctx: &Ctx, typed: bool, stream: bool) -> Res {
    let mut auth = HeaderValue::from_str(&format!("Bearer {API_KEY}"))?;
    auth.set_sensitive(true);
    let response = ctx
        .http
        .get(format!("{}/batches/batch_small", ctx.base_url))
        .header(AUTHORIZATION, auth.clone())
        .header(ACCEPT, HeaderValue::from_static("application/json"))
        .send()
        .await?;
    if response.status() != reqwest::StatusCode::OK {
        return Err("getBatch".into());
    }
    let (status, file_id) = if typed {
        let b: generated_client::types::Batch = response.json().await?;
        (b.status, b.output_file_id)
    } else {
        let v: serde_json::Value = response.json().await?;
        (v["status"].as_str().map(str::to_string), v["output_file_id"].as_str().map(str::to_string))
    };
    if status.as_deref() != Some("completed") {
        return Err("not completed".into());
    }
    let file_id = file_id.ok_or("no file")?;
    let response =
        ctx.http.get(format!("{}/files/{file_id}/content", ctx.base_url)).header(AUTHORIZATION, auth).send().await?;
    if response.status() != reqwest::StatusCode::OK {
        return Err("downloadOutput".into());
    }
    if stream {
        let mut buf = Vec::with_capacity(response.content_length().unwrap_or(0) as usize);
        let mut s = response.bytes_stream();
        while let Some(chunk) = s.next().await {
            buf.extend_from_slice(&chunk?);
        }
        Ok(Bytes::from(buf))
    } else {
        Ok(response.bytes().await?)
    }
}

async fn progenitor_variant(ctx: &Ctx, task_local: bool) -> Res {
    let (batch, file) = if task_local {
        let h = vec![("Authorization", format!("Bearer {API_KEY}"))];
        let batch = with_headers(h, ctx.client.retrieve_batch("batch_small")).await?;
        let id = batch.into_inner().output_file_id.ok_or("no file")?;
        let h = vec![("Authorization", format!("Bearer {API_KEY}"))];
        (id.clone(), with_headers(h, ctx.client.download_file(&id)).await?)
    } else {
        let batch = ctx.client_with_key.retrieve_batch("batch_small").await?;
        let id = batch.into_inner().output_file_id.ok_or("no file")?;
        (id.clone(), ctx.client_with_key.download_file(&id).await?)
    };
    black_box(batch);
    Ok(Body::from_response("downloadOutput", file).bytes().await?)
}

async fn run(ctx: &Ctx, variant: &str) -> Res {
    match variant {
        "handwritten" => handwritten_download(&ctx.http, &ctx.base_url, API_KEY, "batch_small").await,
        "hand_typed" => hand_variant(ctx, true, false).await,
        "hand_stream" => hand_variant(ctx, true, true).await,
        "hand_as_progenitor" => hand_as_progenitor(ctx).await,
        "progenitor" => progenitor_variant(ctx, false).await,
        "progenitor_tl" => progenitor_variant(ctx, true).await,
        "generated" => generated_download(&ctx.client, API_KEY, "batch_small").await,
        other => Err(format!("unknown variant {other}").into()),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut base_url, mut current, mut rounds, mut block) = (None, false, 30usize, 300u64);
    let mut only: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--base-url" => base_url = Some(value()?),
            "--runtime" => current = value()? == "current",
            "--rounds" => rounds = value()?.parse()?,
            "--block" => block = value()?.parse()?,
            // one variant only, `rounds` blocks (for profilers: perf, strace -c)
            "--only" => only = Some(value()?),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let base_url = base_url.ok_or("--base-url is required (a bench_server process)")?;
    let runtime = if current {
        tokio::runtime::Builder::new_current_thread().enable_all().build()?
    } else {
        tokio::runtime::Builder::new_multi_thread().enable_all().build()?
    };
    let _guard = runtime.enter();
    let options = ClientOptions::default();
    let mut default_headers = HeaderMap::new();
    default_headers.insert(AUTHORIZATION, HeaderValue::from_str(&format!("Bearer {API_KEY}"))?);
    let http_with_key = reqwest::Client::builder()
        .connect_timeout(options.connect_timeout)
        .read_timeout(options.read_timeout)
        .pool_max_idle_per_host(options.pool_max_idle_per_host)
        .redirect(reqwest::redirect::Policy::limited(5))
        .default_headers(default_headers)
        .build()?;
    let ctx = Ctx {
        http: handwritten_http(&options),
        client: new_client(&base_url, &options)?,
        client_with_key: Client::new_with_client(&base_url, http_with_key),
        base_url,
    };
    let block_run = |variant: &str| -> (f64, f64) {
        let c0 = process_cpu_time();
        let wall = runtime.block_on(async {
            let t = Instant::now();
            for _ in 0..block {
                let body = run(&ctx, variant).await.expect(variant);
                assert_eq!(body.len(), 1024, "{variant}: expected a 1 KiB file (bench_server's batch_small)");
                black_box(body);
            }
            t.elapsed()
        });
        let per = |d: Duration| d.as_secs_f64() * 1e6 / block as f64;
        (per(wall), per(process_cpu_time() - c0))
    };
    if let Some(v) = only {
        for _ in 0..rounds {
            let (w, c) = block_run(&v);
            println!("{v}: wall_us={w:.2} cpu_us={c:.2}");
        }
        return Ok(());
    }
    for v in VARIANTS {
        block_run(v); // warm up every pool
    }
    let mut samples: Vec<(Vec<f64>, Vec<f64>)> = VARIANTS.iter().map(|_| (Vec::new(), Vec::new())).collect();
    for round in 0..rounds {
        for k in 0..VARIANTS.len() {
            let i = (k + round) % VARIANTS.len();
            let (w, c) = block_run(VARIANTS[i]);
            samples[i].0.push(w);
            samples[i].1.push(c);
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let mut base = (0.0, 0.0);
    let runtime_kind = if current { "current-thread" } else { "multi-thread" };
    for (i, v) in VARIANTS.iter().enumerate() {
        let w = median(&mut samples[i].0);
        let c = median(&mut samples[i].1);
        if i == 0 {
            base = (w, c);
        }
        println!(
            "RESULT breakdown runtime={runtime_kind} variant={v} wall_us={w:.2} cpu_us={c:.2} wall_delta_us={:+.2} \
             cpu_delta_us={:+.2} wall_ratio={:.4} cpu_ratio={:.4}",
            w - base.0,
            c - base.1,
            w / base.0,
            c / base.1
        );
    }
    Ok(())
}
