//! The MCP Bundle manifest (`mcp-manifest.json`) stays valid and in step with the crate.
//!
//! The manifest is checked against the MCPB v0.3 schema vendored in `tests/fixtures/mcpb/`,
//! its version against `Cargo.toml`, and its tool list against what the real binary answers
//! to `tools/list` over stdio.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long the server may take to answer one request, start-up included.
const REPLY_TIMEOUT: Duration = Duration::from_secs(20);

/// The protocol revision the test client asks for (the newest one with `initialize`).
const PROTOCOL_VERSION: &str = "2025-11-25";

fn read_json(relative: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn manifest() -> Value {
    read_json("mcp-manifest.json")
}

/// Every schema violation in `manifest`, as `instance path: message`.
fn schema_errors(manifest: &Value) -> Vec<String> {
    let schema = read_json("tests/fixtures/mcpb/mcpb-manifest-v0.3.schema.json");
    let validator = jsonschema::validator_for(&schema).expect("the vendored schema compiles");

    validator
        .iter_errors(manifest)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

fn manifest_tool_names() -> Vec<String> {
    let manifest = manifest();
    let tools = manifest["tools"].as_array().expect("the manifest lists its tools");

    let mut names: Vec<String> = tools
        .iter()
        .map(|tool| tool["name"].as_str().expect("every tool has a name").to_owned())
        .collect();
    names.sort();
    names
}

/// The manifest satisfies the MCPB v0.3 schema that `mcpb validate` applies.
#[test]
fn manifest_matches_the_mcpb_v0_3_schema() {
    let errors = schema_errors(&manifest());

    assert!(errors.is_empty(), "mcp-manifest.json violates the schema:\n{}", errors.join("\n"));
}

/// A manifest with a server type the schema does not know is rejected at that field,
/// which shows the schema check above really runs.
#[test]
fn manifest_with_unknown_server_type_fails_validation() {
    let mut tampered = manifest();
    tampered["server"]["type"] = json!("rust");

    let errors = schema_errors(&tampered);

    assert_eq!(errors.len(), 1, "expected exactly one violation, got {errors:?}");
    assert!(errors[0].starts_with("/server/type:"), "wrong field reported: {}", errors[0]);
}

/// A manifest missing a required field is rejected too.
#[test]
fn manifest_without_author_fails_validation() {
    let mut tampered = manifest();
    tampered.as_object_mut().expect("the manifest is an object").remove("author");

    let errors = schema_errors(&tampered);

    assert_eq!(errors.len(), 1, "expected exactly one violation, got {errors:?}");
    assert!(errors[0].contains("author"), "the violation does not name author: {}", errors[0]);
}

/// The bundle version is the crate version, so a release cannot ship a stale manifest.
#[test]
fn manifest_version_equals_crate_version() {
    assert_eq!(manifest()["version"], json!(env!("CARGO_PKG_VERSION")));
}

/// Installing the bundle asks the user for nothing: no setting is required.
#[test]
fn manifest_requires_no_user_configuration() {
    let manifest = manifest();
    let empty = serde_json::Map::new();
    let settings = manifest["user_config"].as_object().unwrap_or(&empty);

    let required: Vec<&String> =
        settings.iter().filter(|(_, s)| s["required"] == json!(true)).map(|(k, _)| k).collect();

    assert!(required.is_empty(), "required settings: {required:?}");
}

/// The manifest advertises exactly the tools the server lists.
#[test]
fn manifest_tools_equal_server_tools_list() {
    let mut server = StdioServer::spawn();

    let init = server.request(1, "initialize", initialize_params());
    assert_eq!(init["result"]["protocolVersion"], json!(PROTOCOL_VERSION), "reply: {init}");
    server.notify("notifications/initialized");
    let listed = server.request(2, "tools/list", json!({}));

    assert!(listed["result"].get("nextCursor").is_none(), "tools/list is paginated: {listed}");
    assert_eq!(server_tool_names(&listed), manifest_tool_names());
}

fn initialize_params() -> Value {
    json!({
        "protocolVersion": PROTOCOL_VERSION,
        "capabilities": {},
        "clientInfo": { "name": "manifest-test", "version": env!("CARGO_PKG_VERSION") },
    })
}

fn server_tool_names(reply: &Value) -> Vec<String> {
    let tools = reply["result"]["tools"].as_array();
    let tools = tools.unwrap_or_else(|| panic!("tools/list returned no tools: {reply}"));

    let mut names: Vec<String> = tools
        .iter()
        .map(|tool| tool["name"].as_str().expect("every listed tool has a name").to_owned())
        .collect();
    names.sort();
    names
}

/// The real `youtube-mcp` binary, spoken to in newline-delimited JSON-RPC; killed on drop.
struct StdioServer {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
}

impl StdioServer {
    fn spawn() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_youtube-mcp"))
            .env("YOUTUBE_MCP_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the youtube-mcp binary starts");

        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");

        // A reader thread lets the test wait with a deadline instead of blocking forever.
        let (sender, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Self { child, stdin, lines }
    }

    fn send(&mut self, message: &Value) {
        writeln!(self.stdin, "{message}").expect("the server reads its stdin");
        self.stdin.flush().expect("the server reads its stdin");
    }

    fn notify(&mut self, method: &str) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method }));
    }

    /// Sends a request and returns the reply with the same id, skipping anything else.
    fn request(&mut self, id: u64, method: &str, params: Value) -> Value {
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + REPLY_TIMEOUT;

        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = match self.lines.recv_timeout(left) {
                Ok(line) => line,
                Err(RecvTimeoutError::Timeout) => {
                    panic!("no reply to {method} within {REPLY_TIMEOUT:?}")
                }
                Err(RecvTimeoutError::Disconnected) => panic!("server exited before {method}"),
            };

            let message: Value = serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("stdout line is not JSON ({e}): {line}"));
            if message["id"] == json!(id) {
                return message;
            }
        }
    }
}

impl Drop for StdioServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
