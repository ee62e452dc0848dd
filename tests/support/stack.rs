//! Our server built exactly from a test's configuration (origin, retries, breaker, proxies,
//! deadlines), with an MCP client that records the progress notifications it receives and can
//! cancel a call it sent.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rmcp::model::{
    CallToolRequest, CallToolRequestParams, CallToolResult, ClientRequest,
    ProgressNotificationParam,
};
use rmcp::service::{NotificationContext, PeerRequestOptions, RequestHandle, RunningService};
use rmcp::{ClientHandler, RoleClient, ServiceExt};
use serde_json::Value;
use url::Url;

use youtube_mcp::cache::{CacheStats, CachedYouTubeClient};
use youtube_mcp::config::Config;
use youtube_mcp::tools::YouTubeServer;
use youtube_mcp::youtube::http::HttpYouTubeClient;

use super::harness::text;

/// A configuration for survival tests against `origin`: short timeouts, two tries 20 ms
/// apart, a one-second `Retry-After` cap and a 400 ms breaker cool-down.
pub fn fast_config(origin: &str) -> Config {
    Config {
        youtube_base_url: Url::parse(origin).expect("origin parses"),
        request_timeout: 0.5,
        retry_attempts: 2,
        retry_base_delay: 0.02,
        retry_after_cap: 1.0,
        breaker_cooldown: 0.4,
        breaker_threshold: 3,
        ..Config::default()
    }
}

/// An MCP client handler that keeps every progress notification.
#[derive(Clone, Default)]
pub struct Recorder {
    progress: Arc<Mutex<Vec<ProgressNotificationParam>>>,
}

impl ClientHandler for Recorder {
    async fn on_progress(
        &self,
        params: ProgressNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        self.progress.lock().expect("not poisoned").push(params);
    }
}

/// The server (cache in front of HTTP, as in production) and a connected client.
pub struct Stack {
    pub youtube: CachedYouTubeClient,
    recorder: Recorder,
    client: RunningService<RoleClient, Recorder>,
}

impl Stack {
    pub async fn start(config: Config) -> Self {
        let upstream = HttpYouTubeClient::new(&config).expect("HTTP client builds");
        let server = YouTubeServer::from_config(&config, Arc::new(upstream));
        let youtube = server.cache().expect("the configured server caches").clone();

        let (server_end, client_end) = tokio::io::duplex(1 << 22);
        tokio::spawn(async move {
            if let Ok(running) = server.serve(server_end).await {
                let _ = running.waiting().await;
            }
        });
        let recorder = Recorder::default();
        let client = recorder.clone().serve(client_end).await.expect("MCP client connects");
        Self { youtube, recorder, client }
    }

    /// `tools/call` with a JSON object of arguments.
    pub async fn call(&self, tool: &str, arguments: Value) -> CallToolResult {
        self.client.call_tool(params(tool, arguments)).await.expect("tools/call answers")
    }

    /// Calls a tool that must succeed and returns its structured content.
    pub async fn ok(&self, tool: &str, arguments: Value) -> Value {
        let result = self.call(tool, arguments.clone()).await;
        assert_ne!(result.is_error, Some(true), "{tool} {arguments} failed: {}", text(&result));
        result.structured_content.expect("successful results carry structured content")
    }

    /// Calls a tool that must fail and returns `structuredContent.error`.
    pub async fn err(&self, tool: &str, arguments: Value) -> Value {
        let result = self.call(tool, arguments.clone()).await;
        assert_eq!(result.is_error, Some(true), "{tool} {arguments} succeeded: {}", text(&result));
        let structured = result.structured_content.expect("errors carry structured content");
        structured["error"].clone()
    }

    /// Sends `tools/call` and returns its handle, which can await the answer or cancel it
    /// with `notifications/cancelled`.
    pub async fn send(&self, tool: &str, arguments: Value) -> RequestHandle<RoleClient> {
        let request = ClientRequest::CallToolRequest(CallToolRequest::new(params(tool, arguments)));
        let options = PeerRequestOptions::no_options();
        self.client.send_request_with_option(request, options).await.expect("request sent")
    }

    /// The cache's and the client's counters.
    pub async fn stats(&self) -> CacheStats {
        self.youtube.stats().await
    }

    /// The `youtube-mcp://stats` document, read through the client.
    pub async fn server_stats(&self) -> Value {
        super::harness::read_stats(&self.client).await
    }

    /// The progress notifications received so far, waiting up to a second for `at_least`.
    pub async fn progress(&self, at_least: usize) -> Vec<ProgressNotificationParam> {
        for _ in 0..100 {
            let received = self.recorder.progress.lock().expect("not poisoned").clone();
            if received.len() >= at_least {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.recorder.progress.lock().expect("not poisoned").clone()
    }
}

fn params(tool: &str, arguments: Value) -> CallToolRequestParams {
    let arguments = arguments.as_object().cloned().expect("arguments are an object");
    CallToolRequestParams::new(tool.to_owned()).with_arguments(arguments)
}
