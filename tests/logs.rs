//! The real binary's logs on stderr: one span per tool call with what it cost and how it
//! ended, `pretty` and `json` formats, `RUST_LOG`-style filters, and no secret in any log line
//! or result.

mod support;

use std::process::Stdio;
use std::time::Duration;

use base64::Engine as _;
use rmcp::ServiceExt;
use rmcp::model::{CallToolRequestParams, ReadResourceRequestParams};
use rmcp::transport::TokioChildProcess;
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;
use tokio::process::Command;
use wiremock::matchers::{body_partial_json, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use support::fake_youtube::{CONSENT_COOKIE, FakeYouTube};
use support::faults::{HttpProxy, refused_address};

const VIDEO: &str = "GJLlxj_dtq8";

/// Bound on a whole session; the fake answers in milliseconds.
const WAIT: Duration = Duration::from_secs(60);

/// What one session with the binary left behind.
struct Session {
    /// Every tool result and resource read, serialised as the client received it.
    results: Vec<String>,
    stderr: String,
}

/// Runs the binary with `env`, makes `calls` in order (a call whose arguments hold
/// `"cursor": "NEXT"` gets the previous result's `next_cursor`), reads the stats, and stops.
async fn session(fake: &FakeYouTube, env: &[(&str, &str)], calls: &[(&str, Value)]) -> Session {
    let mut command = Command::new(env!("CARGO_BIN_EXE_youtube-mcp"));
    command.env("YOUTUBE_MCP_BASE_URL", fake.uri()).env_remove("RUST_LOG");
    command.env_remove("YOUTUBE_MCP_LOG").env_remove("YOUTUBE_MCP_LOG_FORMAT");
    command.envs(env.iter().copied());
    let (transport, stderr) = TokioChildProcess::builder(command)
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stderr = stderr.expect("stderr is captured");
    // Read while the server runs: a full pipe would stall it at trace level.
    let logs = tokio::spawn(async move {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text).await;
        text
    });

    let results = tokio::time::timeout(WAIT, async {
        let client = ().serve(transport).await.expect("initialize succeeds");
        let mut results = Vec::new();
        let mut cursor = Value::Null;
        for (tool, arguments) in calls {
            let mut arguments = arguments.as_object().cloned().expect("object");
            if arguments.get("cursor") == Some(&json!("NEXT")) {
                arguments.insert("cursor".into(), cursor.clone());
            }
            let params = CallToolRequestParams::new(tool.to_string()).with_arguments(arguments);
            let result = client.call_tool(params).await.expect("tools/call answers");
            let structured = result.structured_content.clone().unwrap_or_default();
            cursor = structured["next_cursor"].clone();
            results.push(serde_json::to_string(&result).expect("serialisable"));
        }
        let stats = ReadResourceRequestParams::new("youtube-mcp://stats");
        let stats = client.read_resource(stats).await.expect("the stats read");
        results.push(serde_json::to_string(&stats).expect("serialisable"));
        client.cancel().await.expect("the client closes");
        results
    })
    .await
    .expect("the session ends in time");

    let stderr = tokio::time::timeout(WAIT, logs).await.expect("stderr closes").expect("read");
    Session { results, stderr }
}

/// Serves 200 lines as the English track of [`VIDEO`], ahead of the recorded short one, so
/// its transcript comes in several pages.
async fn serve_long_english_track(fake: &FakeYouTube) {
    let cues: String = (0..200)
        .map(|i| format!(r#"<text start="{i}" dur="1">line {i} of a long talk</text>"#))
        .collect();
    let body = format!(r#"<?xml version="1.0" encoding="utf-8" ?><transcript>{cues}</transcript>"#);
    Mock::given(method("GET"))
        .and(path("/api/timedtext"))
        .and(query_param("v", VIDEO))
        .and(query_param("lang", "en"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "text/xml; charset=UTF-8"))
        .with_priority(1)
        .mount(fake.server())
        .await;
}

/// The JSON log lines, every one of which must parse.
fn json_lines(stderr: &str) -> Vec<Value> {
    stderr
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// The span fields of every "tool call ended" event, in order.
fn ended_calls(lines: &[Value]) -> Vec<Value> {
    let ended = lines.iter().filter(|l| l["fields"]["message"] == "tool call ended");
    ended.map(|line| line["span"].clone()).collect()
}

#[tokio::test]
async fn proxy_credentials_cookies_and_the_cursor_secret_never_reach_a_log_line_or_result() {
    let fake = FakeYouTube::start().await;
    serve_long_english_track(&fake).await;
    let good = HttpProxy::start(Some("yt:Pr0xyPassGood")).await;
    let strict = HttpProxy::start(Some("yt:Pr0xyPassRight")).await;
    let gone = refused_address().await;
    let proxies = [
        good.url("yt:Pr0xyPassGood@"),
        strict.url("yt:Pr0xyPassWrong@"),
        format!("http://yt:Pr0xyPassGone@{gone}"),
        format!("http://Pr0xyTokenAsUser@{gone}"),
    ]
    .join(",");
    let cursor_secret = "CursorSecret-7f3a9c2e51";
    let consent_value = CONSENT_COOKIE.trim_start_matches("CONSENT=YES+");
    // The first calls meet the proxy refusing its credentials and the one that is gone; each
    // is then skipped for its cool-down and the rest go through the good one.
    let calls = [
        ("get_video_context", json!({ "video": "F1xioXWb8CY" })),
        ("get_video_context", json!({ "video": "F1xioXWb8CY" })),
        ("get_video_transcript", json!({ "video": VIDEO, "max_chars": 1000 })),
        ("get_video_transcript", json!({ "video": VIDEO, "cursor": "NEXT" })),
        ("get_video_context", json!({ "video": "ConsentPage" })),
        ("search_transcript", json!({ "video": VIDEO, "query": "test" })),
        ("check_transcript_availability", json!({ "video": "F1xioXWb8CY" })),
        ("get_video_transcript", json!({ "video": "8VajtrESJzA" })),
    ];

    for format in ["pretty", "json"] {
        let env = [
            ("YOUTUBE_MCP_PROXY", proxies.as_str()),
            ("YOUTUBE_MCP_CURSOR_SECRET", cursor_secret),
            ("YOUTUBE_MCP_LOG", "trace"),
            ("YOUTUBE_MCP_LOG_FORMAT", format),
        ];
        let session = session(&fake, &env, &calls).await;

        let mut secrets =
            vec![cursor_secret.to_owned(), consent_value.to_owned(), "Pr0xyTokenAsUser".into()];
        for password in ["Pr0xyPassGood", "Pr0xyPassWrong", "Pr0xyPassGone"] {
            let basic = base64::engine::general_purpose::STANDARD.encode(format!("yt:{password}"));
            secrets.extend([password.to_owned(), basic]);
        }
        for text in session.results.iter().map(String::as_str).chain(session.stderr.lines()) {
            for secret in &secrets {
                assert!(!text.contains(secret.as_str()), "{format}: {secret} leaked in: {text}");
            }
        }

        // The check had something to look at: the refused credentials came back as an
        // error, proxies were logged (redacted), a cursor was signed, the consent flow ran.
        assert!(session.results[0].contains(r#""http_status":407"#), "{}", session.results[0]);
        assert!(session.stderr.contains("yt:***@127.0.0.1"), "{format}: proxy labels logged");
        assert!(session.stderr.lines().count() > 50, "{format}: trace logs were written");
        assert!(session.results[2].contains("next_cursor"), "{}", session.results[2]);
        let structured = |i: usize| -> Value {
            let result: Value = serde_json::from_str(&session.results[i]).expect("JSON");
            result["structuredContent"].clone()
        };
        let (first, second) = (structured(2)["page"].clone(), structured(3)["page"].clone());
        assert_eq!(second["first_segment"], first["segment_count"], "the cursor continued");
        assert!(session.results[4].contains(r#""video_id":"ConsentPage""#));
        assert!(session.results[4].contains(r#""isError":false"#), "{}", session.results[4]);
    }
}

#[tokio::test]
async fn json_logs_give_each_tool_call_a_span_with_its_video_cache_requests_time_and_outcome() {
    let fake = FakeYouTube::start().await;
    Mock::given(method("POST"))
        .and(path("/youtubei/v1/player"))
        .and(body_partial_json(json!({ "videoId": "Fails503xyz" })))
        .respond_with(ResponseTemplate::new(503))
        .with_priority(1)
        .mount(fake.server())
        .await;
    let env = [
        ("YOUTUBE_MCP_LOG", "info,youtube_mcp=debug"),
        ("YOUTUBE_MCP_LOG_FORMAT", "json"),
        ("YOUTUBE_MCP_RETRY_BASE_DELAY", "0.1"),
    ];
    let calls = [
        ("get_video_transcript", json!({ "video": VIDEO })),
        ("get_video_transcript", json!({ "video": VIDEO })),
        ("search_transcript", json!({ "video": "not a video", "query": "x" })),
        ("get_video_context", json!({ "video": "Fails503xyz" })),
    ];
    let session = session(&fake, &env, &calls).await;
    let lines = json_lines(&session.stderr);

    let ended = ended_calls(&lines);
    assert_eq!(ended.len(), 4, "{ended:?}");
    let facts = |call: &Value| {
        let keys = ["tool", "video", "outcome", "cache", "upstream_requests"];
        keys.map(|key| call[key].clone())
    };
    assert_eq!(
        facts(&ended[0]),
        [json!("get_video_transcript"), json!(VIDEO), json!("ok"), json!("miss"), json!(3)]
    );
    assert_eq!(
        facts(&ended[1]),
        [json!("get_video_transcript"), json!(VIDEO), json!("ok"), json!("hit"), json!(0)]
    );
    assert_eq!(ended[2]["outcome"], "invalid_input");
    assert_eq!(ended[2]["cache"], "none");
    assert_eq!(ended[3]["outcome"], "upstream_error");
    assert!(ended.iter().all(|call| call["duration_ms"].as_f64().is_some_and(|ms| ms > 0.0)));

    // Recoverable upstream trouble is a warning that names its call; lifecycle is info.
    let retry = lines.iter().find(|l| l["fields"]["message"] == "retrying").expect("a retry");
    assert_eq!(retry["level"], "WARN");
    let spans = retry["spans"].as_array().expect("the span list");
    assert!(spans.iter().any(|s| s["tool"] == "get_video_context"), "{retry}");
    let serving = lines.iter().find(|l| l["fields"]["message"] == "serving MCP on stdio");
    assert_eq!(serving.expect("the start is logged")["level"], "INFO");
}

#[tokio::test]
async fn rust_log_sets_the_filter_when_no_flag_does_and_the_default_omits_call_lines() {
    let fake = FakeYouTube::start().await;
    let calls = [("get_video_context", json!({ "video": VIDEO }))];

    let default = session(&fake, &[], &calls).await;
    assert!(default.stderr.contains("serving MCP on stdio"), "{}", default.stderr);
    assert!(!default.stderr.contains("tool call ended"), "{}", default.stderr);
    assert!(!default.stderr.starts_with('{'), "pretty lines by default");

    let from_rust_log = session(&fake, &[("RUST_LOG", "youtube_mcp=debug")], &calls).await;
    let ended = from_rust_log.stderr.lines().find(|line| line.contains("tool call ended"));
    let ended = ended.unwrap_or_else(|| panic!("no call line in {}", from_rust_log.stderr));
    assert!(ended.contains(r#"tool_call{tool="get_video_context" video="GJLlxj_dtq8""#), "{ended}");
    assert!(ended.contains("upstream_requests=2"), "{ended}");

    let flag_wins = [("RUST_LOG", "youtube_mcp=debug"), ("YOUTUBE_MCP_LOG", "warn")];
    let quiet = session(&fake, &flag_wins, &calls).await;
    assert!(!quiet.stderr.contains("serving MCP on stdio"), "{}", quiet.stderr);
}

#[test]
fn help_never_prints_the_secrets_set_in_the_environment() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_youtube-mcp"))
        .arg("--help")
        .env("YOUTUBE_MCP_PROXY", "http://yt:Pr0xyPassHelp@127.0.0.1:9")
        .env("YOUTUBE_MCP_CURSOR_SECRET", "CursorSecret-help-0123")
        .output()
        .expect("the binary runs");
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("YOUTUBE_MCP_PROXY"), "{help}");
    assert!(!help.contains("Pr0xyPassHelp") && !help.contains("CursorSecret-help"), "{help}");
}

/// Command-line arguments and environment variables of one start.
type Start<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);

#[test]
fn a_refused_value_of_a_secret_flag_is_never_repeated_in_the_startup_error() {
    let cases: [Start; 4] = [
        (&["--proxy", "http://yt:Pr0xyPassBad@127.0.0.1:99999"], &[]),
        (&["--proxy", "ftp://yt:Pr0xyPassBad@127.0.0.1:21"], &[]),
        (&["--cursor-secret", "Pr0xyPassBad"], &[]),
        (&[], &[("YOUTUBE_MCP_PROXY", "http://yt:Pr0xyPassBad@[::1")]),
    ];
    for (args, env) in cases {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_youtube-mcp"))
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .output()
            .expect("the binary runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?} {env:?}: {stderr}");
        assert!(stderr.contains("invalid value for --"), "{stderr}");
        assert!(!stderr.contains("Pr0xyPassBad"), "{args:?} {env:?}: {stderr}");
    }
}
