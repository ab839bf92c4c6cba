//! `fake-openai`: runs the fake OpenAI Batch/Files API on loopback until Ctrl-C.
//!
//! Prints the base URL (e.g. `http://127.0.0.1:40123/v1`) as the first line on stdout.

use std::io::Write as _;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use clap::Parser;
use fake_openai::{Config, FakeOpenAi, demo_config};

/// A fake of OpenAI's Batch/Files REST API, listening on 127.0.0.1.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// API key to accept instead of the default ("sk-test-key", or "sk-demo-key" with --demo).
    #[arg(long)]
    api_key: Option<String>,
    /// Serve the demo batches and files (see `fake_openai::demo_config`).
    #[arg(long)]
    demo: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let mut config = if args.demo { demo_config() } else { Config::default() };
    if let Some(key) = args.api_key {
        config.api_key = key;
    }
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let server = match FakeOpenAi::start_at(config, addr).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("fake-openai: cannot start on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout();
    if writeln!(stdout, "{}", server.base_url()).and_then(|()| stdout.flush()).is_err() {
        return ExitCode::FAILURE;
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("fake-openai: cannot wait for Ctrl-C: {e}");
        return ExitCode::FAILURE;
    }
    drop(server);
    ExitCode::SUCCESS
}
