//! Progress notifications: sent for each upstream step of a call when, and only when, the
//! client sent a progress token.

mod support;

use std::sync::Arc;
use std::time::Duration;

use rmcp::ServiceExt;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use support::fake_youtube::FakeYouTube;
use support::stack::{Stack, fast_config};
use youtube_mcp::config::Config;
use youtube_mcp::engine::Engine;
use youtube_mcp::tools::YouTubeServer;
use youtube_mcp::youtube::http::HttpYouTubeClient;

const VIDEO: &str = "GJLlxj_dtq8";

#[tokio::test]
async fn a_transcript_call_reports_each_upstream_step() {
    let fake = FakeYouTube::start().await;
    let stack = Stack::start(fast_config(&fake.uri())).await;

    stack.ok("get_video_transcript", json!({ "video": VIDEO })).await;

    let progress = stack.progress(2).await;
    let steps: Vec<(f64, Option<&str>)> =
        progress.iter().map(|p| (p.progress, p.message.as_deref())).collect();
    assert_eq!(
        steps,
        [(1.0, Some("read the video's player answer")), (2.0, Some("fetched the transcript"))]
    );
    assert!(progress.iter().all(|p| p.total.is_none()), "two steps of an open-ended call");
}

/// Speaks raw JSON-RPC to our server and returns every message it sent until the answer to
/// request 2, the `tools/call` built from `call_params`.
async fn raw_session(config: Config, call_params: Value) -> Vec<Value> {
    let upstream = HttpYouTubeClient::new(&config).expect("client builds");
    let server = YouTubeServer::new(Engine::new(Arc::new(upstream)));
    let (server_end, client_end) = tokio::io::duplex(1 << 20);
    tokio::spawn(async move {
        if let Ok(running) = server.serve(server_end).await {
            let _ = running.waiting().await;
        }
    });

    let (read, mut write) = tokio::io::split(client_end);
    let initialize = json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": { "name": "raw", "version": "1" } } });
    let initialized = json!({ "jsonrpc": "2.0", "method": "notifications/initialized" });
    let call = json!({ "jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": call_params });
    for message in [initialize, initialized, call] {
        write.write_all(format!("{message}\n").as_bytes()).await.expect("write");
    }

    let mut lines = BufReader::new(read).lines();
    let mut received = Vec::new();
    let read_all = async {
        while let Some(line) = lines.next_line().await.expect("read") {
            let message: Value = serde_json::from_str(&line).expect("JSON-RPC line");
            let done = message["id"] == 2;
            received.push(message);
            if done {
                break;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), read_all).await.expect("the call answers");
    received
}

fn progress_of(messages: &[Value]) -> Vec<&Value> {
    messages.iter().filter(|m| m["method"] == "notifications/progress").collect()
}

#[tokio::test]
async fn progress_goes_out_only_with_a_progress_token_and_carries_that_token() {
    let fake = FakeYouTube::start().await;
    let arguments = json!({ "video": VIDEO });

    let without = json!({ "name": "get_video_transcript", "arguments": arguments });
    let messages = raw_session(fast_config(&fake.uri()), without).await;
    assert!(messages.last().unwrap()["result"].is_object(), "{messages:?}");
    assert!(progress_of(&messages).is_empty(), "{messages:?}");

    let with = json!({ "name": "get_video_transcript", "arguments": arguments,
                       "_meta": { "progressToken": "t-42" } });
    let messages = raw_session(fast_config(&fake.uri()), with).await;
    let progress = progress_of(&messages);
    assert_eq!(progress.len(), 2, "{messages:?}");
    assert!(progress.iter().all(|p| p["params"]["progressToken"] == "t-42"));
    assert_eq!(progress[1]["params"]["progress"], 2.0);
}
