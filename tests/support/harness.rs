//! An MCP client talking to our real server (over an in-memory pipe), whose YouTube is the fake.
//!
//! Tests assert on what a client sees: the tool result's text, `isError`, and structured content.

use std::sync::Arc;

use rmcp::model::{CallToolRequestParams, CallToolResult, Tool};
use rmcp::service::RunningService;
use rmcp::{RoleClient, ServiceExt};
use serde_json::Value;
use url::Url;

use youtube_mcp::cache::CachedYouTubeClient;
use youtube_mcp::config::Config;
use youtube_mcp::tools::YouTubeServer;
use youtube_mcp::youtube::http::HttpYouTubeClient;

use super::fake_youtube::FakeYouTube;

/// Seconds a test lets one upstream request take; the fake answers in milliseconds.
pub const TEST_REQUEST_TIMEOUT: f64 = 2.0;

/// A fake YouTube, our server pointed at it, and an MCP client connected to the server.
pub struct Harness {
    pub fake: FakeYouTube,
    /// The server's YouTube client, as in production: the cache in front of HTTP.
    pub youtube: CachedYouTubeClient,
    client: RunningService<RoleClient, ()>,
}

impl Harness {
    /// Starts the fake with its recorded catalog.
    pub async fn start() -> Self {
        Self::with_fake(FakeYouTube::start().await).await
    }

    /// Connects a server and a client to an already started (and perhaps extended) fake.
    pub async fn with_fake(fake: FakeYouTube) -> Self {
        Self::with_config(fake, Config::default()).await
    }

    /// As [`Harness::with_fake`], with the server configured by `config` (its base URL and
    /// request timeout are set here).
    pub async fn with_config(fake: FakeYouTube, config: Config) -> Self {
        let config = Config {
            youtube_base_url: Url::parse(&fake.uri()).expect("fake URI parses"),
            request_timeout: TEST_REQUEST_TIMEOUT,
            ..config
        };
        let upstream = HttpYouTubeClient::new(&config).expect("HTTP client builds");
        let server = YouTubeServer::from_config(&config, Arc::new(upstream));
        let youtube = server.cache().expect("the configured server caches").clone();

        let (server_end, client_end) = tokio::io::duplex(1 << 22);
        tokio::spawn(async move {
            if let Ok(running) = server.serve(server_end).await {
                let _ = running.waiting().await;
            }
        });
        let client = ().serve(client_end).await.expect("MCP client connects");
        Self { fake, youtube, client }
    }

    /// `tools/list`.
    pub async fn tools(&self) -> Vec<Tool> {
        self.client.list_all_tools().await.expect("tools/list answers")
    }

    /// `tools/call` with a JSON object of arguments.
    pub async fn call(&self, tool: &str, arguments: Value) -> CallToolResult {
        let arguments = arguments.as_object().cloned().expect("arguments are an object");
        let params = CallToolRequestParams::new(tool.to_owned()).with_arguments(arguments);
        self.client.call_tool(params).await.expect("tools/call answers")
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
}

/// The text of a result's first content block.
pub fn text(result: &CallToolResult) -> String {
    result
        .content
        .first()
        .and_then(|block| block.as_text())
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

impl Harness {
    /// `tools/call` exactly as given, returning protocol errors instead of panicking.
    pub async fn raw_call(
        &self,
        params: rmcp::model::CallToolRequestParams,
    ) -> Result<CallToolResult, rmcp::ServiceError> {
        self.client.call_tool(params).await
    }
}

impl Harness {
    /// `resources/list`: the URIs the server offers.
    pub async fn resource_uris(&self) -> Vec<String> {
        let resources = self.client.list_all_resources().await.expect("resources/list answers");
        resources.into_iter().map(|r| r.uri.clone()).collect()
    }

    /// `resources/read` of `uri`: its one text content, or the protocol error.
    pub async fn read_resource(&self, uri: &str) -> Result<String, rmcp::ServiceError> {
        read_text(&self.client, uri).await
    }

    /// The `youtube-mcp://stats` document.
    pub async fn stats(&self) -> Value {
        read_stats(&self.client).await
    }
}

/// `resources/read` of `uri` through any client: its one text content, or the protocol error.
pub async fn read_text(
    client: &rmcp::Peer<RoleClient>,
    uri: &str,
) -> Result<String, rmcp::ServiceError> {
    let params = rmcp::model::ReadResourceRequestParams::new(uri);
    let result = client.read_resource(params).await?;
    match result.contents.into_iter().next() {
        Some(rmcp::model::ResourceContents::TextResourceContents { text, .. }) => Ok(text),
        other => panic!("{uri} is not one text content: {other:?}"),
    }
}

/// The `youtube-mcp://stats` document, read through any client.
pub async fn read_stats(client: &rmcp::Peer<RoleClient>) -> Value {
    let text = read_text(client, "youtube-mcp://stats").await.expect("the stats read");
    serde_json::from_str(&text).expect("the stats are JSON")
}
