//! The real binary over stdio: an rmcp client drives it, and its raw stdout is checked to
//! carry protocol messages only.

mod support;

use std::process::Stdio;
use std::time::Duration;

use rmcp::ServiceExt;
use rmcp::model::CallToolRequestParams;
use rmcp::transport::TokioChildProcess;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::Command;

use support::fake_youtube::FakeYouTube;

/// Bound on any single wait in these tests; the fake answers in milliseconds.
const WAIT: Duration = Duration::from_secs(20);

fn server_command(fake: &FakeYouTube) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_youtube-mcp"));
    command
        .env("YOUTUBE_MCP_BASE_URL", fake.uri())
        .env("YOUTUBE_MCP_LOG", "debug")
        .kill_on_drop(true);
    command
}

fn arguments(value: Value) -> rmcp::model::JsonObject {
    value.as_object().cloned().expect("object")
}

#[tokio::test]
async fn an_mcp_client_lists_and_calls_every_tool_over_stdio() {
    let fake = FakeYouTube::start().await;
    let transport = TokioChildProcess::new(server_command(&fake)).expect("binary starts");
    let client = ().serve(transport).await.expect("initialize succeeds");

    let tools = client.list_all_tools().await.expect("tools/list");
    assert_eq!(tools.len(), 4);

    let calls = [
        ("get_video_context", json!({ "video": "https://youtu.be/GJLlxj_dtq8" })),
        ("check_transcript_availability", json!({ "video": "GJLlxj_dtq8" })),
        ("get_video_transcript", json!({ "video": "GJLlxj_dtq8" })),
        ("search_transcript", json!({ "video": "GJLlxj_dtq8", "query": "test" })),
    ];
    for (tool, args) in calls {
        let params = CallToolRequestParams::new(tool).with_arguments(arguments(args));
        let result = client.call_tool(params).await.expect("tools/call");
        assert_ne!(result.is_error, Some(true), "{tool}: {:?}", result.content);
        let structured = result.structured_content.expect("structured content");
        assert_eq!(structured["video_id"], "GJLlxj_dtq8", "{tool}");
    }

    let params = CallToolRequestParams::new("get_video_transcript")
        .with_arguments(arguments(json!({ "video": "8VajtrESJzA" })));
    let failed = client.call_tool(params).await.expect("tools/call");
    assert_eq!(failed.is_error, Some(true));
    assert_eq!(failed.structured_content.expect("error")["error"]["code"], "video_private");

    client.cancel().await.expect("client closes");
}

/// Writes one JSON-RPC line to the server.
async fn send(stdin: &mut tokio::process::ChildStdin, message: &str) {
    stdin.write_all(message.as_bytes()).await.expect("write");
    stdin.write_all(b"\n").await.expect("write newline");
    stdin.flush().await.expect("flush");
}

#[tokio::test]
async fn stdout_carries_only_json_rpc_messages_and_logs_go_to_stderr() {
    let fake = FakeYouTube::start().await;
    let mut child = server_command(&fake)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout")).lines();

    let initialize = concat!(
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","#,
        r#""capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}"#
    );
    send(&mut stdin, initialize).await;
    send(&mut stdin, r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).await;
    send(&mut stdin, "this line is not JSON").await;
    let transcript = concat!(
        r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_video_transcript","#,
        r#""arguments":{"video":"GJLlxj_dtq8"}}}"#
    );
    send(&mut stdin, transcript).await;
    let bad_video = concat!(
        r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_video_context","#,
        r#""arguments":{"video":"not a video"}}}"#
    );
    send(&mut stdin, bad_video).await;

    let mut answered = Vec::new();
    while answered.len() < 3 {
        let line = tokio::time::timeout(WAIT, stdout.next_line())
            .await
            .expect("the server answers in time")
            .expect("stdout readable")
            .expect("stdout stays open");
        let message: Value = serde_json::from_str(&line).expect("every stdout line is JSON");
        assert_eq!(message["jsonrpc"], "2.0", "{line}");
        if let Some(id) = message["id"].as_i64() {
            answered.push((id, message));
        }
    }
    answered.sort_by_key(|(id, _)| *id);
    assert_eq!(answered[1].1["result"]["isError"], false);
    assert_eq!(answered[2].1["result"]["isError"], true);
    assert_eq!(answered[2].1["result"]["structuredContent"]["error"]["code"], "invalid_input");

    drop(stdin);
    let output = tokio::time::timeout(WAIT, child.wait_with_output())
        .await
        .expect("the server exits when stdin closes")
        .expect("output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("serving MCP on stdio"), "{stderr}");
    assert!(output.stdout.is_empty() || std::str::from_utf8(&output.stdout).is_ok());
}
