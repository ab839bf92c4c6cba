//! The main job: download a batch's results through the generated workflow function.
//!
//! With no `OPENAI_API_KEY`, it starts the embedded fake OpenAI server on 127.0.0.1
//! and downloads the demo batch `batch_demo_completed` (no network, no key). With
//! `OPENAI_API_KEY` set, it uses the real API and the batch id given as argument.
//!
//!     cargo run -p generated-client --example download_batch_results
//!     OPENAI_API_KEY=sk-... cargo run -p generated-client --example download_batch_results -- batch_abc123

use generated_client::{
    ClientOptions, DEFAULT_BASE_URL, DownloadBatchResultsEnd, DownloadBatchResultsInputs, download_batch_results,
    new_client,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arg = std::env::args().nth(1);
    let (_server, base_url, api_key, batch_id) = match std::env::var("OPENAI_API_KEY") {
        Ok(key) if !key.is_empty() => {
            let batch = arg.ok_or("usage: download_batch_results BATCH_ID (with OPENAI_API_KEY set)")?;
            (None, DEFAULT_BASE_URL.to_string(), key, batch)
        }
        _ => {
            let config = fake_openai::demo_config();
            let key = config.api_key.clone();
            let server = fake_openai::FakeOpenAi::start(config).await?;
            let url = server.base_url();
            eprintln!("OPENAI_API_KEY is not set: using the embedded fake OpenAI server at {url}");
            (Some(server), url, key, arg.unwrap_or_else(|| "batch_demo_completed".into()))
        }
    };

    let client = new_client(&base_url, &ClientOptions::default())?;
    let outputs =
        download_batch_results(&client, DownloadBatchResultsInputs { api_key, batch_id: batch_id.clone() }).await?;
    match outputs.end {
        DownloadBatchResultsEnd::Completed => {
            let contents = outputs.contents.ok_or("no contents")?;
            let bytes = contents.bytes().await?;
            let lines = bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count();
            eprintln!(
                "batch {batch_id}: completed; output file {} ({} bytes, {lines} results):",
                outputs.output_file_id.as_deref().unwrap_or("?"),
                bytes.len()
            );
            println!("{}", String::from_utf8_lossy(&bytes).trim_end());
        }
        DownloadBatchResultsEnd::BatchNotReady(batch) => {
            eprintln!(
                "batch {batch_id} is not completed yet: status `{}`",
                batch.status.as_deref().unwrap_or("unknown")
            );
        }
    }
    Ok(())
}
