//! A fake YouTube on 127.0.0.1, for trying the server by hand without touching YouTube.
//!
//! ```text
//! cargo run --example fake_youtube -- --port 8765
//! ```
//!
//! Prints one line to stdout, the base URL (`http://127.0.0.1:8765`), then the video ids it
//! knows to stderr, and serves the same routes as the tests' fake (see
//! `tests/support/fake_youtube.rs`) until Ctrl-C, SIGTERM or `--max-seconds` elapse.

#[path = "../tests/support/fake_youtube.rs"]
mod fake_youtube;
#[path = "../tests/support/srv1_gen.rs"]
mod srv1_gen;

use std::net::TcpListener;
use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches, Parser};

use fake_youtube::{FakeYouTube, catalog};

/// Serve recorded and hand-made YouTube answers on loopback.
#[derive(Debug, Parser)]
#[command(name = "fake_youtube")]
struct Args {
    /// Address to listen on; only loopback is allowed.
    #[arg(long, default_value = "127.0.0.1", value_parser = ["127.0.0.1"])]
    host: String,

    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,

    /// Stop by itself after this many seconds, so a forgotten fake never lingers.
    #[arg(long, default_value_t = 3600)]
    max_seconds: u64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = parse_args();
    let listener = match TcpListener::bind((args.host.as_str(), args.port)) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("cannot listen on {}:{}: {error}", args.host, args.port);
            return ExitCode::FAILURE;
        }
    };

    let fake = FakeYouTube::start_on(listener).await;
    println!("{}", fake.uri());
    eprintln!("{}", catalog_text());

    let why = stop_signal(Duration::from_secs(args.max_seconds)).await;
    eprintln!("fake YouTube stopped: {why}");
    ExitCode::SUCCESS
}

/// Parses the arguments, with the catalog at the end of `--help`.
fn parse_args() -> Args {
    let command = Args::command().after_help(catalog_text());
    let matches = command.get_matches();
    Args::from_arg_matches(&matches).unwrap_or_else(|error| error.exit())
}

/// The known ids, one per line, for `--help` and stderr.
fn catalog_text() -> String {
    let mut text = String::from("Video ids (any other id is \"unavailable\"):\n");
    for entry in catalog() {
        text.push_str(&format!("  {}  {}\n", entry.id, entry.description));
    }
    text
}

/// Waits for Ctrl-C, SIGTERM or the time limit, and says which came first.
async fn stop_signal(limit: Duration) -> &'static str {
    tokio::select! {
        () = interrupted() => "interrupted",
        () = terminated() => "terminated",
        () = tokio::time::sleep(limit) => "--max-seconds elapsed",
    }
}

/// Ctrl-C; never, when the handler cannot be installed (the time limit still applies).
async fn interrupted() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

#[cfg(unix)]
async fn terminated() {
    use tokio::signal::unix::{SignalKind, signal};

    match signal(SignalKind::terminate()) {
        Ok(mut terminate) => {
            terminate.recv().await;
        }
        Err(_) => std::future::pending::<()>().await,
    }
}

#[cfg(not(unix))]
async fn terminated() {
    std::future::pending::<()>().await;
}
