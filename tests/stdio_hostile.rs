//! Hostile JSON-RPC on stdio, sent as raw lines to the real binary: every case gets the
//! protocol's error or no reply, the server answers the next valid request, and its memory
//! stays bounded.
//!
//! What rmcp 3.11 answers was probed first (research note `mcp-tooling.md`, section 5.1). Where
//! it departs from JSON-RPC 2.0 the tests assert what it does and say so, so that a change in
//! rmcp shows up here. Each test runs its own server against its own fake YouTube; replies are
//! matched by id, since they may come out of order.

mod support;

use std::collections::HashMap;
use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::JoinHandle;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, ResponseTemplate};

use support::fake_youtube::{FakeYouTube, PLAYER_PATH};

/// Bound on any single wait (a reply, a write, the exit); the fake answers in milliseconds.
const WAIT: Duration = Duration::from_secs(15);

/// The video every session calls before and after the hostile input, and its recorded title.
const VIDEO: &str = "GJLlxj_dtq8";
const TITLE: &str = "Surface Go Review - It’s Awesome";

/// The line cap the binary sets on rmcp's transport (`MAX_LINE_BYTES` in `src/main.rs`).
const LINE_CAP: usize = 1 << 20;

/// The size of the oversized lines: ten times the cap, and about what rmcp's default cap
/// (16 MiB) would have buffered whole.
const BIG_LINE: usize = 10_000_000;

/// Bytes streamed without a newline. The debug binary discards them in about 2.5 s with the
/// other tests of this file running on 2 busy cores, within the file's time budget.
const ENDLESS_LINE: usize = 200 << 20;

/// The answer rmcp writes for well-formed JSON that is no JSON-RPC message it accepts.
/// JSON-RPC 2.0 asks for `"id": null` in it; rmcp leaves the member out.
fn invalid_request() -> Value {
    json!({ "jsonrpc": "2.0", "error": { "code": -32600, "message": "Invalid request" } })
}

/// One line from the server's stdout: a JSON-RPC 2.0 message, or the raw line if it is not.
type Line = Result<Value, String>;

/// The real binary on stdio, its stdout parsed line by line in the background.
struct Session {
    child: Child,
    stdin: ChildStdin,
    inbox: UnboundedReceiver<Line>,
    /// Messages received while waiting for another one, not yet claimed by a check.
    unclaimed: Vec<Value>,
    stderr: JoinHandle<String>,
    syncs: usize,
}

impl Session {
    /// Starts the binary against `fake` and completes the MCP handshake.
    async fn start(fake: &FakeYouTube) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_youtube-mcp"))
            .env("YOUTUBE_MCP_BASE_URL", fake.uri())
            .env("YOUTUBE_MCP_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("binary starts");

        let (sender, inbox) = unbounded_channel();
        tokio::spawn(read_stdout(child.stdout.take().expect("stdout"), sender));
        let mut stderr = child.stderr.take().expect("stderr");
        let stderr = tokio::spawn(async move {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text).await;
            text
        });

        let stdin = child.stdin.take().expect("stdin");
        let mut session = Self { child, stdin, inbox, unclaimed: Vec::new(), stderr, syncs: 0 };
        session.initialize().await;
        session
    }

    async fn initialize(&mut self) {
        let initialize = json!({
            "jsonrpc": "2.0", "id": "init", "method": "initialize",
            "params": {
                "protocolVersion": "2025-11-25", "capabilities": {},
                "clientInfo": { "name": "hostile", "version": "0" }
            }
        });
        self.send_json(&initialize).await;
        let reply = self.reply(&json!("init")).await;
        assert_eq!(reply["result"]["serverInfo"]["name"], "youtube-mcp", "{reply}");

        self.send_json(&json!({ "jsonrpc": "2.0", "method": "notifications/initialized" })).await;
    }

    /// Writes `bytes` as they are, with no newline.
    async fn write(&mut self, bytes: &[u8]) {
        let write = async {
            self.stdin.write_all(bytes).await?;
            self.stdin.flush().await
        };
        tokio::time::timeout(WAIT, write)
            .await
            .expect("the server reads its stdin in time")
            .expect("stdin stays open");
    }

    /// Writes one line: `bytes` and a newline.
    async fn send(&mut self, bytes: &[u8]) {
        let mut line = Vec::with_capacity(bytes.len() + 1);
        line.extend_from_slice(bytes);
        line.push(b'\n');
        self.write(&line).await;
    }

    async fn send_json(&mut self, message: &Value) {
        self.send(message.to_string().as_bytes()).await;
    }

    /// The next message on stdout, failing on a line that is not JSON-RPC.
    async fn next_message(&mut self) -> Value {
        let line = tokio::time::timeout(WAIT, self.inbox.recv())
            .await
            .unwrap_or_else(|_| panic!("no message in {WAIT:?}; unclaimed: {:?}", self.unclaimed))
            .expect("stdout stays open");
        line.unwrap_or_else(|raw| panic!("stdout carried a line that is not JSON-RPC: {raw:?}"))
    }

    /// The reply for `id`, keeping any other message for a later check.
    async fn reply(&mut self, id: &Value) -> Value {
        if let Some(at) = self.unclaimed.iter().position(|m| m.get("id") == Some(id)) {
            return self.unclaimed.remove(at);
        }
        loop {
            let message = self.next_message().await;
            if message.get("id") == Some(id) {
                return message;
            }
            self.unclaimed.push(message);
        }
    }

    /// Sends `tools/call` and returns its reply.
    async fn call(&mut self, id: Value, tool: &str, arguments: Value) -> Value {
        let params = json!({ "name": tool, "arguments": arguments });
        let request =
            json!({ "jsonrpc": "2.0", "id": id, "method": "tools/call", "params": params });
        self.send_json(&request).await;
        self.reply(&id).await
    }

    /// Pings and waits for the answer, then returns every other message not yet claimed.
    ///
    /// rmcp reads one line at a time and writes its `-32600` for a line before it reads the
    /// next, so whatever a line sent before the ping provokes has arrived by then.
    async fn sync(&mut self) -> Vec<Value> {
        self.syncs += 1;
        let id = json!(format!("sync-{}", self.syncs));
        self.send_json(&json!({ "jsonrpc": "2.0", "id": id, "method": "ping" })).await;

        let pong = self.reply(&id).await;
        assert_eq!(pong["result"], json!({}), "the server still answers a ping: {pong}");
        std::mem::take(&mut self.unclaimed)
    }

    async fn expect_no_reply(&mut self, case: &str) {
        let extra = self.sync().await;
        assert!(extra.is_empty(), "{case}: expected no reply, got {extra:?}");
    }

    async fn expect_invalid_request(&mut self, case: &str) {
        let extra = self.sync().await;
        assert_eq!(extra, vec![invalid_request()], "{case}");
    }

    /// Asserts the server still serves a real value from the fake.
    async fn expect_title(&mut self, id: &str) {
        let reply = self.call(json!(id), "get_video_context", json!({ "video": VIDEO })).await;
        assert_eq!(reply["result"]["isError"], false, "{reply}");
        assert_eq!(reply["result"]["structuredContent"]["title"], TITLE, "{reply}");
    }

    fn memory(&self) -> Memory {
        Memory::of(self.child.id().expect("the server is running"))
    }

    /// Checks no message came that no check claimed (such as a late reply to a request that
    /// must stay unanswered), closes stdin and returns stderr once the server has exited
    /// cleanly.
    async fn finish(mut self) -> String {
        let extra = self.sync().await;
        assert!(extra.is_empty(), "messages nobody asked for: {extra:?}");

        drop(self.stdin);
        let status = tokio::time::timeout(WAIT, self.child.wait())
            .await
            .expect("the server exits when stdin closes")
            .expect("exit status");
        assert!(status.success(), "{status}");
        self.stderr.await.expect("stderr reader")
    }
}

/// Forwards every stdout line, parsed; a line that is not a JSON-RPC 2.0 message is
/// forwarded raw so the test fails on it.
async fn read_stdout(stdout: ChildStdout, sender: UnboundedSender<Line>) {
    let mut stdout = BufReader::new(stdout);
    let mut line = Vec::new();
    while let Ok(read) = stdout.read_until(b'\n', &mut line).await {
        if read == 0 {
            return;
        }
        let parsed = serde_json::from_slice::<Value>(&line)
            .ok()
            .filter(|message| message["jsonrpc"] == "2.0")
            .ok_or_else(|| String::from_utf8_lossy(&line).into_owned());
        if sender.send(parsed).is_err() {
            return;
        }
        line.clear();
    }
}

/// The server's resident memory now and at its peak, from `/proc/<pid>/status`, in KiB.
#[derive(Debug, Clone, Copy)]
struct Memory {
    rss_kib: u64,
    peak_kib: u64,
}

impl Memory {
    fn of(pid: u32) -> Self {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
        let field = |name: &str| -> u64 {
            let line = status.lines().find(|line| line.starts_with(name)).expect(name);
            let kib = line.trim_start_matches(name).trim().trim_end_matches("kB").trim();
            kib.parse().expect("a number of kB")
        };
        Self { rss_kib: field("VmRSS:"), peak_kib: field("VmHWM:") }
    }

    /// Asserts that neither the resident size nor its peak grew by more than `limit_mib`.
    fn assert_grew_at_most(self, after: Memory, limit_mib: u64, case: &str) {
        let limit_kib = limit_mib * 1024;
        let grown_rss = after.rss_kib.saturating_sub(self.rss_kib);
        let grown_peak = after.peak_kib.saturating_sub(self.peak_kib);
        eprintln!("{case}: before {self:?}, after {after:?}");
        assert!(grown_rss <= limit_kib, "{case}: RSS grew {grown_rss} KiB: {self:?} {after:?}");
        assert!(grown_peak <= limit_kib, "{case}: peak grew {grown_peak} KiB: {self:?} {after:?}");
    }
}

/// A `tools/call` line of exactly `size` bytes (newline excluded); when read, its padding
/// makes it too heavy to queue, which the reply names.
fn padded_call(size: usize) -> Vec<u8> {
    let call = |padding: &str| {
        let arguments = json!({ "video": VIDEO, "padding": padding });
        let params = json!({ "name": "get_video_context", "arguments": arguments });
        json!({ "jsonrpc": "2.0", "id": "padded", "method": "tools/call", "params": params })
            .to_string()
    };
    let overhead = call("").len();
    call(&"a".repeat(size - overhead)).into_bytes()
}

// ---------------------------------------------------------------------------------------------
// Lines that are no message, and lines too long to read.

/// Growth allowed while the session drops oversized lines. A dropped line costs at most the
/// cap (1 MiB) in rmcp's line buffer, which keeps its capacity, and the line just under the
/// cap is parsed once; measured growth was 2 MiB, while one 10 MB line read whole would add
/// 10 MiB.
const OVERSIZED_GROWTH_MIB: u64 = 8;

/// Lines that are no message, or too long, get no reply and cost no memory to speak of.
#[tokio::test]
async fn garbage_and_oversized_lines_are_dropped_and_memory_stays_bounded() {
    let fake = FakeYouTube::start().await;
    let mut server = Session::start(&fake).await;
    // A first call builds the HTTP client and fills the cache: measure from after it.
    server.expect_title("warm-up").await;
    let before = server.memory();

    send_garbage(&mut server).await;
    send_oversized_lines(&mut server).await;
    server.expect_title("after").await;
    before.assert_grew_at_most(server.memory(), OVERSIZED_GROWTH_MIB, "oversized lines");

    let stderr = server.finish().await;
    let dropped = stderr.matches("exceeded the maximum line length").count();
    assert_eq!(dropped, 4, "each oversized line is logged as dropped: {stderr}");
}

/// Lines that are not JSON get no reply at all, so the request with invalid UTF-8 in it is
/// never answered. JSON-RPC 2.0 asks for a `-32700` parse error with `"id": null`; rmcp
/// ignores unparsable input on purpose (rust-sdk #938), like the other MCP SDKs, so that two
/// peers cannot trade error replies forever.
async fn send_garbage(server: &mut Session) {
    let request = json!({ "jsonrpc": "2.0", "id": "cut", "method": "tools/list" }).to_string();
    let truncated = &request.as_bytes()[..request.len() - 12];
    // "café" with its é in Latin-1 (0xE9), which is no UTF-8.
    let head = br#"{"jsonrpc":"2.0","id":"latin1","method":"ping","params":{"x":"caf"#;
    let latin1 = [head.as_slice(), b"\xe9\"}}"].concat();
    let garbage: [(&str, &[u8]); 8] = [
        ("text", b"this line is not JSON"),
        ("binary bytes", b"\x00\x01\x02\x7f\x80\xfe\xff\x1b[2J\x07"),
        ("invalid UTF-8", b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x90\x28\xbc"),
        ("invalid UTF-8 in a request", &latin1),
        ("a truncated request", truncated),
        ("an opening brace", b"{"),
        ("blanks", b"  \t "),
        ("empty", b""),
    ];
    for (case, line) in garbage {
        server.send(line).await;
        server.expect_no_reply(case).await;
    }
}

/// Lines past the cap are dropped unread, with no reply; the request on the padded one is
/// never answered. An endless line is discarded as it streams in.
async fn send_oversized_lines(server: &mut Session) {
    server.send(&vec![b'x'; BIG_LINE]).await;
    server.expect_no_reply("10 MB of garbage").await;

    server.send(&padded_call(BIG_LINE)).await;
    server.expect_no_reply("a 10 MB tools/call").await;

    let chunk = vec![b'y'; LINE_CAP];
    for _ in 0..ENDLESS_LINE / LINE_CAP {
        server.write(&chunk).await;
    }
    server.send(b"").await;
    server.expect_no_reply("200 MiB without a newline").await;

    // The cap counts the newline: a line of exactly the cap is read, one byte more is not.
    server.send(&padded_call(LINE_CAP)).await;
    server.expect_no_reply("a tools/call one byte over the cap").await;
    server.send(&padded_call(LINE_CAP - 1)).await;
    let reply = server.reply(&json!("padded")).await;
    let error = &reply["result"]["structuredContent"]["error"];
    assert_eq!(error["details"]["parameter"], "arguments", "read, and refused as too heavy");
}

// ---------------------------------------------------------------------------------------------
// Well-formed JSON that is a wrong request.

/// Growth allowed in sessions that only send small malformed messages; measured under 1 MiB.
const SMALL_INPUT_GROWTH_MIB: u64 = 4;

/// Requests for no method we have, or with params of the wrong shape, get an error reply.
#[tokio::test]
async fn unknown_methods_and_mistyped_tool_calls_get_json_rpc_errors() {
    let fake = FakeYouTube::start().await;
    let mut server = Session::start(&fake).await;
    server.expect_title("warm-up").await;
    let before = server.memory();

    for (id, method) in [(2, "foo/bar"), (3, ""), (4, "TOOLS/LIST"), (5, "prompts/list")] {
        server.send_json(&json!({ "jsonrpc": "2.0", "id": id, "method": method })).await;
        let reply = server.reply(&json!(id)).await;
        let error = json!({ "code": -32601, "message": method });
        assert_eq!(reply, json!({ "jsonrpc": "2.0", "id": id, "error": error }), "{method:?}");
    }
    send_mistyped_tool_calls(&mut server).await;

    server.expect_title("after").await;
    before.assert_grew_at_most(server.memory(), SMALL_INPUT_GROWTH_MIB, "wrong requests");
    server.finish().await;
}

/// `tools/call` whose params do not have the request's shape. JSON-RPC 2.0 asks for `-32602`
/// (invalid params); rmcp, failing to read them as `tools/call`, takes the message for an
/// unknown request and answers `-32601` naming the method. Params that are no object at all
/// make the message unreadable: `-32600` without an id.
async fn send_mistyped_tool_calls(server: &mut Session) {
    let method_not_found = [
        ("arguments a string", json!({ "name": "get_video_context", "arguments": "video=x" })),
        ("arguments a number", json!({ "name": "get_video_context", "arguments": 42 })),
        ("arguments an array", json!({ "name": "get_video_context", "arguments": [VIDEO] })),
        ("name a number", json!({ "name": 7, "arguments": { "video": VIDEO } })),
        ("params without a name", json!({ "arguments": { "video": VIDEO } })),
    ];
    for (n, (case, params)) in method_not_found.into_iter().enumerate() {
        let id = json!(format!("typed-{n}"));
        let call = json!({ "jsonrpc": "2.0", "id": id, "method": "tools/call", "params": params });
        server.send_json(&call).await;
        assert_eq!(error_code(&server.reply(&id).await), (-32601, "tools/call".into()), "{case}");
    }

    server.send_json(&json!({ "jsonrpc": "2.0", "id": "bare", "method": "tools/call" })).await;
    assert_eq!(error_code(&server.reply(&json!("bare")).await), (-32601, "tools/call".into()));

    let unknown = server.call(json!("unknown-tool"), "delete_video", json!({})).await;
    assert_eq!(error_code(&unknown), (-32602, "tool not found: delete_video".into()));

    send_mistyped_arguments(server).await;
    let string_params =
        json!({ "jsonrpc": "2.0", "id": "p", "method": "tools/call", "params": "x" });
    server.send_json(&string_params).await;
    server.expect_invalid_request("params a string").await;
}

/// Arguments that are an object of the wrong shape reach our tool, which answers with a tool
/// error result (`invalid_input`), not a JSON-RPC error.
async fn send_mistyped_arguments(server: &mut Session) {
    let cases = [("video a number", json!({ "video": 5 })), ("no video", json!({}))];
    for (n, (case, arguments)) in cases.into_iter().enumerate() {
        let reply = server.call(json!(format!("args-{n}")), "get_video_context", arguments).await;
        assert_eq!(reply["result"]["isError"], true, "{case}: {reply}");
        let code = &reply["result"]["structuredContent"]["error"]["code"];
        assert_eq!(code, "invalid_input", "{case}: {reply}");
    }
}

/// The code and message of a JSON-RPC error reply.
fn error_code(reply: &Value) -> (i64, String) {
    let error = &reply["error"];
    let code = error["code"].as_i64().unwrap_or_else(|| panic!("an error reply: {reply}"));
    (code, error["message"].as_str().unwrap_or_default().to_owned())
}

/// Ids of every JSON type: the valid ones are echoed, the rest make the request invalid.
#[tokio::test]
async fn ids_of_every_json_type_are_echoed_or_refused_as_invalid_requests() {
    let fake = FakeYouTube::start().await;
    let mut server = Session::start(&fake).await;
    server.expect_title("warm-up").await;
    let before = server.memory();

    echo_string_and_integer_ids(&mut server).await;
    refuse_other_ids(&mut server).await;

    server.expect_title("after").await;
    before.assert_grew_at_most(server.memory(), SMALL_INPUT_GROWTH_MIB, "odd ids");
    server.finish().await;
}

/// Strings and integers in the `i64` range come back as sent. An integral float is read as
/// the integer: `2.0` comes back as `2` and `1e3` as `1000`, the same JSON number written
/// another way (JSON-RPC only says ids SHOULD NOT have fractional parts).
async fn echo_string_and_integer_ids(server: &mut Session) {
    let long = "λ".repeat(20_000);
    let echoed: [(&str, Value); 10] = [
        (r#""abc""#, json!("abc")),
        (r#""""#, json!("")),
        (&format!(r#""{long}""#), json!(long)),
        ("-7", json!(-7)),
        ("0", json!(0)),
        ("9007199254740993", json!(9_007_199_254_740_993_i64)),
        ("9223372036854775807", json!(i64::MAX)),
        ("-9223372036854775808", json!(i64::MIN)),
        ("2.0", json!(2)),
        ("1e3", json!(1000)),
    ];
    for (raw, id) in echoed {
        server.send(&ping_with_raw_id(raw)).await;
        let reply = server.reply(&id).await;
        assert_eq!(reply, json!({ "jsonrpc": "2.0", "id": id, "result": {} }), "id {raw:.40}");
    }
}

/// A ping whose id is `raw`, written as it is.
fn ping_with_raw_id(raw: &str) -> Vec<u8> {
    format!(r#"{{"jsonrpc":"2.0","id":{raw},"method":"ping"}}"#).into_bytes()
}

/// Any other id makes the request invalid: `-32600`, sent without an id where JSON-RPC 2.0
/// asks for `"id": null`. Integers past `i64` are refused too, though JSON allows them.
async fn refuse_other_ids(server: &mut Session) {
    let refused = [
        "9223372036854775808",
        "123456789012345678901234567890",
        "1.5",
        "null",
        r#"{"a":1}"#,
        "[1]",
        "true",
    ];
    for raw in refused {
        server.send(&ping_with_raw_id(raw)).await;
        server.expect_invalid_request(&format!("id {raw}")).await;
    }
}

/// Batches and bad envelopes are refused, odd notifications and stray responses ignored.
#[tokio::test]
async fn batches_notifications_and_stray_responses_never_break_the_session() {
    let fake = FakeYouTube::start().await;
    let mut server = Session::start(&fake).await;
    server.expect_title("warm-up").await;
    let before = server.memory();

    send_invalid_envelopes(&mut server).await;
    send_odd_notifications(&mut server).await;
    send_stray_responses(&mut server).await;

    server.expect_title("after").await;
    before.assert_grew_at_most(server.memory(), SMALL_INPUT_GROWTH_MIB, "odd envelopes");
    server.finish().await;
}

/// Batches get one `-32600` and none of their members runs: MCP dropped JSON-RPC batching in
/// its 2025-06-18 revision. (JSON-RPC 2.0 would run the members, and answer `[1]` with one
/// error per member.) Messages that are not JSON-RPC 2.0 requests are refused the same way.
async fn send_invalid_envelopes(server: &mut Session) {
    let ping = json!({ "jsonrpc": "2.0", "id": 30, "method": "ping" });
    let list = json!({ "jsonrpc": "2.0", "id": 31, "method": "tools/list" });
    let invalid = [
        ("batch", json!([ping, list])),
        ("empty batch", json!([])),
        ("batch of numbers", json!([1, 2, 3])),
        ("a number", json!(42)),
        ("a string", json!("ping")),
        ("null", json!(null)),
        ("JSON-RPC 1.0", json!({ "jsonrpc": "1.0", "id": 32, "method": "ping" })),
        ("no jsonrpc member", json!({ "id": 33, "method": "ping" })),
        ("no method", json!({ "jsonrpc": "2.0", "id": 34 })),
        ("method a number", json!({ "jsonrpc": "2.0", "id": 35, "method": 42 })),
    ];
    for (case, message) in invalid {
        server.send_json(&message).await;
        server.expect_invalid_request(case).await;
    }
}

fn notification(method: &str, params: Option<Value>) -> Value {
    let mut message = json!({ "jsonrpc": "2.0", "method": method });
    if let Some(params) = params {
        message["params"] = params;
    }
    message
}

/// Notifications never get a reply, except those whose params are not an object (or whose
/// method is not a string): rmcp cannot read them as a message and answers `-32600`, which
/// JSON-RPC 2.0 allows for an invalid request even though it may have been meant as a
/// notification.
async fn send_odd_notifications(server: &mut Session) {
    let progress = json!({ "progressToken": [1], "progress": "a" });
    let ignored = [
        notification("notifications/cancelled", Some(json!({ "requestId": { "a": 1 } }))),
        notification("notifications/cancelled", Some(json!({ "requestId": 999 }))),
        notification("notifications/cancelled", None),
        notification("notifications/progress", Some(progress)),
        notification("notifications/message", Some(json!({ "level": "nope" }))),
        notification("notifications/unknown", Some(json!({ "a": 1 }))),
        notification("weird/notify", Some(Value::Null)),
        notification("notifications/initialized", None),
    ];
    for message in ignored {
        server.send_json(&message).await;
        server.expect_no_reply(&message.to_string()).await;
    }

    let refused = [
        notification("notifications/cancelled", Some(json!("x"))),
        notification("notifications/initialized", Some(json!([1, 2]))),
        notification("notifications/roots/list_changed", Some(json!(42))),
        json!({ "jsonrpc": "2.0", "method": 7 }),
    ];
    for message in refused {
        server.send_json(&message).await;
        server.expect_invalid_request(&message.to_string()).await;
    }
}

/// A response or error for a request the server never sent is dropped silently.
async fn send_stray_responses(server: &mut Session) {
    let stray = [
        json!({ "jsonrpc": "2.0", "id": 36, "result": {} }),
        json!({ "jsonrpc": "2.0", "id": "zzz", "result": { "a": 1 } }),
        json!({ "jsonrpc": "2.0", "id": 37, "error": { "code": 1, "message": "x" } }),
    ];
    for message in stray {
        server.send_json(&message).await;
        server.expect_no_reply(&message.to_string()).await;
    }
}

// ---------------------------------------------------------------------------------------------
// Ids used twice, and a burst.

/// How long the fake's player takes for [`SLOW_VIDEO`]: long enough for a second request to
/// arrive while the first is in flight.
const SLOW: Duration = Duration::from_millis(600);
const SLOW_VIDEO: &str = "F1xioXWb8CY";

async fn slow_player(fake: &FakeYouTube) {
    let raw = include_str!("fixtures/youtube/player_android_ok_en_only_F1xioXWb8CY.json");
    let slow = ResponseTemplate::new(200).set_body_raw(raw, "application/json").set_delay(SLOW);
    Mock::given(method("POST"))
        .and(path(PLAYER_PATH))
        .and(body_partial_json(json!({ "videoId": SLOW_VIDEO })))
        .respond_with(slow)
        .with_priority(1)
        .mount(fake.server())
        .await;
}

/// Growth allowed while duplicate ids are sent: the slow calls are the session's first for a
/// second video, whose watch page (1 MB) and player answer are fetched and parsed; measured
/// 2 to 4.5 MiB.
const DUPLICATE_GROWTH_MIB: u64 = 12;

/// An id reused while its request is in flight breaks the MCP rule that ids are unique in a
/// session, and JSON-RPC says nothing of it. rmcp answers exactly one of the requests, the
/// first to finish, and drops the other's reply. The id can be used again afterwards.
#[tokio::test]
async fn duplicate_ids_in_flight_get_exactly_one_reply() {
    let fake = FakeYouTube::start().await;
    slow_player(&fake).await;
    let mut server = Session::start(&fake).await;
    server.expect_title("warm-up").await;
    let before = server.memory();

    // All three calls wait for the same slow fetch, so the ping is done long before them.
    let slow_call = |id: &str| {
        let params = json!({ "name": "get_video_context", "arguments": { "video": SLOW_VIDEO } });
        json!({ "jsonrpc": "2.0", "id": id, "method": "tools/call", "params": params })
    };
    server.send_json(&slow_call("twice")).await;
    server.send_json(&slow_call("twice")).await;
    server.send_json(&slow_call("shared")).await;
    server.send_json(&json!({ "jsonrpc": "2.0", "id": "shared", "method": "ping" })).await;

    assert_eq!(server.reply(&json!("shared")).await["result"], json!({}));
    let reply = server.reply(&json!("twice")).await;
    assert_eq!(reply["result"]["structuredContent"]["video_id"], SLOW_VIDEO, "{reply}");
    tokio::time::sleep(SLOW).await;
    server.expect_no_reply("a second reply to a duplicate id").await;

    server.send_json(&json!({ "jsonrpc": "2.0", "id": "twice", "method": "ping" })).await;
    assert_eq!(server.reply(&json!("twice")).await["result"], json!({}));
    server.expect_title("after").await;
    before.assert_grew_at_most(server.memory(), DUPLICATE_GROWTH_MIB, "duplicate ids");
    server.finish().await;
}

/// Requests in the burst.
const BURST: usize = 1000;

/// The videos the burst's calls ask for; every tool succeeds on each of them.
const BURST_VIDEOS: [&str; 3] = ["GJLlxj_dtq8", "F1xioXWb8CY", "P3pFkriw10Q"];

const TOOLS: [&str; 4] = [
    "check_transcript_availability",
    "get_video_context",
    "get_video_transcript",
    "search_transcript",
];

/// Growth allowed by the burst. Its 250 tool calls run 32 at a time, each holding a fetched
/// page, a parsed player answer or transcript, or a rendered result until it is done; RSS and its
/// peak rose by 9 to 13 MiB in measurements (debug build), and stay there since the allocator
/// keeps what it got. 40 MiB leaves room for a loaded machine; 1,000 calls on distinct
/// videos, whose fetches cannot be shared, peaked about 300 MiB higher.
const BURST_GROWTH_MIB: u64 = 40;

/// What a request of the burst must get back.
#[derive(Debug)]
enum Expected {
    Pong,
    ToolList,
    Video(&'static str),
}

/// The burst as one write, and what each id must get: pings, tool lists and calls of every
/// tool on each of [`BURST_VIDEOS`], interleaved.
fn burst() -> (Vec<u8>, HashMap<u64, Expected>) {
    let mut lines = Vec::new();
    let mut expected = HashMap::new();
    for n in 0..BURST {
        let id = 10_000 + n as u64;
        // A call every fourth request: 250 calls, fewer than the 32 running calls and 256
        // waiting ones the server admits, so none may be refused as busy.
        let (mut message, expect) = match n % 4 {
            0 | 2 => (json!({ "method": "ping" }), Expected::Pong),
            1 => (json!({ "method": "tools/list" }), Expected::ToolList),
            _ => burst_call(n / 4),
        };
        message["jsonrpc"] = json!("2.0");
        message["id"] = json!(id);
        lines.extend_from_slice(message.to_string().as_bytes());
        lines.push(b'\n');
        expected.insert(id, expect);
    }
    (lines, expected)
}

/// The `n`th call of the burst: the tools in turn, over the videos in turn.
fn burst_call(n: usize) -> (Value, Expected) {
    let tool = TOOLS[n % TOOLS.len()];
    let video = BURST_VIDEOS[n % BURST_VIDEOS.len()];
    let mut arguments = json!({ "video": video });
    if tool == "search_transcript" {
        arguments["query"] = json!("the");
    }
    let params = json!({ "name": tool, "arguments": arguments });
    (json!({ "method": "tools/call", "params": params }), Expected::Video(video))
}

fn check_burst_reply(reply: &Value, expected: &Expected) {
    let result = &reply["result"];
    match expected {
        Expected::Pong => assert_eq!(result, &json!({}), "{reply}"),
        Expected::ToolList => {
            let mut names: Vec<_> = result["tools"]
                .as_array()
                .unwrap_or_else(|| panic!("a tool list: {reply}"))
                .iter()
                .map(|tool| tool["name"].as_str().unwrap_or_default())
                .collect();
            names.sort_unstable();
            assert_eq!(names, TOOLS, "{reply}");
        }
        Expected::Video(video) => {
            assert_eq!(result["isError"], false, "{reply}");
            assert_eq!(result["structuredContent"]["video_id"], *video, "{reply}");
        }
    }
}

/// Every request of a 1,000-message burst is answered exactly once and rightly, and memory
/// stays bounded. Nothing in it is a notification, so JSON-RPC lets the server
/// skip none of them.
#[tokio::test]
async fn a_burst_of_1000_requests_is_answered_in_full_with_bounded_memory() {
    let fake = FakeYouTube::start().await;
    let mut server = Session::start(&fake).await;
    server.expect_title("warm-up").await;
    let before = server.memory();

    let (lines, mut expected) = burst();
    server.write(&lines).await;
    while !expected.is_empty() {
        let reply = server.next_message().await;
        let id = reply["id"].as_u64().unwrap_or_else(|| panic!("a reply with an id: {reply}"));
        let expect = expected.remove(&id).unwrap_or_else(|| panic!("unexpected reply: {reply}"));
        check_burst_reply(&reply, &expect);
    }

    server.expect_title("after").await;
    before.assert_grew_at_most(server.memory(), BURST_GROWTH_MIB, "burst");
    server.finish().await;
}

/// Calls in the burst on distinct videos: more than the 32 running calls and the 256 that may
/// wait for them.
const DISTINCT_BURST: usize = 400;

/// Calls of the burst sure to be admitted: the slots and the queue are empty when it starts.
const ADMITTED_AT_LEAST: usize = 32 * 9;

/// Growth allowed by the distinct-video burst. Each running call holds a fetched page (the
/// "unavailable" watch page alone is 581 KB), and no fetch can be shared, so memory follows
/// how many calls run at once: 1,000 such calls grew RSS by about 475 MiB when all ran
/// together, and by 33 MiB with the default cap of 32 running calls (debug build).
const DISTINCT_BURST_GROWTH_MIB: u64 = 64;

/// Calls on hundreds of distinct videos wait for a call slot instead of all fetching at
/// once, and those past the full queue are refused as `server_busy`: every one is answered
/// once, and memory stays near what 32 running calls need.
#[tokio::test]
async fn a_burst_of_calls_on_distinct_videos_queues_or_is_refused_with_bounded_memory() {
    let fake = FakeYouTube::start().await;
    let mut server = Session::start(&fake).await;
    server.expect_title("warm-up").await;
    let before = server.memory();

    let mut lines = Vec::new();
    for n in 0..DISTINCT_BURST {
        let video = format!("D{n:010}");
        let params = json!({ "name": "get_video_context", "arguments": { "video": video } });
        let call = json!({ "jsonrpc": "2.0", "id": n, "method": "tools/call", "params": params });
        lines.extend_from_slice(call.to_string().as_bytes());
        lines.push(b'\n');
    }
    server.write(&lines).await;

    let mut answered = vec![false; DISTINCT_BURST];
    let mut refused = 0;
    for _ in 0..DISTINCT_BURST {
        let reply = server.next_message().await;
        let n = reply["id"].as_u64().unwrap_or_else(|| panic!("a reply with an id: {reply}"));
        let error = &reply["result"]["structuredContent"]["error"];
        if error["code"] == "server_busy" {
            refused += 1;
        } else {
            assert_eq!(error["code"], "video_not_found", "{reply}");
            assert_eq!(error["video_id"], format!("D{n:010}"), "{reply}");
        }
        assert!(!std::mem::replace(&mut answered[n as usize], true), "answered twice: {reply}");
    }
    assert!(refused <= DISTINCT_BURST - ADMITTED_AT_LEAST, "{refused} refused");

    server.expect_title("after").await;
    before.assert_grew_at_most(server.memory(), DISTINCT_BURST_GROWTH_MIB, "distinct burst");
    server.finish().await;
}
