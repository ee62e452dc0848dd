//! The `youtube-mcp` binary: configuration, logging to stderr, and the stdio transport.

use std::process::ExitCode;
use std::sync::Arc;

use rmcp::ServiceExt;
use rmcp::service::ServerInitializeError;
use rmcp::transport::async_rw::AsyncRwTransport;
use tracing::{error, info, warn};
use tracing_subscriber::EnvFilter;

use youtube_mcp::config::{Config, DEFAULT_LOG_FILTER, LogFormat};
use youtube_mcp::tools::YouTubeServer;
use youtube_mcp::youtube::YouTubeClient;
use youtube_mcp::youtube::http::HttpYouTubeClient;
use youtube_mcp::youtube::lazy::LazyClient;

/// The longest JSON-RPC line accepted on stdin; a longer one is dropped, not buffered.
const MAX_LINE_BYTES: usize = 1 << 20;

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::from_args();
    init_logging(&config.log_filter(), config.log_format);

    match serve_stdio(&config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            error!(%message, "server stopped");
            ExitCode::FAILURE
        }
    }
}

/// Logs go to stderr, without colour: stdout carries protocol messages only.
fn init_logging(filter: &str, format: LogFormat) {
    let (filter, refused) = match EnvFilter::try_new(filter) {
        Ok(filter) => (filter, None),
        Err(error) => (EnvFilter::new(DEFAULT_LOG_FILTER), Some(error)),
    };
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false);
    match format {
        LogFormat::Pretty => logs.init(),
        // Every line carries its spans, so a warning deep in a fetch still names its call.
        LogFormat::Json => logs.json().with_current_span(true).with_span_list(true).init(),
    }
    if let Some(error) = refused {
        warn!(%error, "unreadable log filter; using {DEFAULT_LOG_FILTER}");
    }
}

async fn serve_stdio(config: &Config) -> Result<(), String> {
    // Built in the background: the handshake need not wait for TLS roots and pools.
    let http_config = config.clone();
    let upstream = LazyClient::spawn(move || {
        let client = HttpYouTubeClient::new(&http_config)?;
        Ok(Arc::new(client) as Arc<dyn YouTubeClient>)
    });
    let server = YouTubeServer::from_config(config, Arc::new(upstream));
    info!(
        base_url = %config.youtube_base_url,
        cache_max_mib = config.cache_max_mib,
        cursor_key = if config.cursor_secret.is_some() { "configured" } else { "random" },
        proxies = config.proxy.len(),
        max_concurrent_calls = config.max_concurrent_calls,
        clients = ?config.innertube_clients.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        "serving MCP on stdio"
    );

    let transport = AsyncRwTransport::new_server(tokio::io::stdin(), tokio::io::stdout())
        .with_max_line_length(MAX_LINE_BYTES);
    let running = match server.serve(transport).await {
        Ok(running) => running,
        // A client that goes away before initializing is an ordinary end, not a failure.
        Err(ServerInitializeError::ConnectionClosed(_)) => {
            info!("stdin closed before the client initialized");
            return Ok(());
        }
        Err(error) => return Err(error.to_string()),
    };
    let reason = running.waiting().await.map_err(|e| e.to_string())?;
    info!(?reason, "stdio session ended");
    Ok(())
}
