//! What the server tells its operator: the `youtube-mcp://stats` resource read through an MCP
//! client after a mix of calls, and the trace every call leaves in the logs.

mod support;

use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, ResponseTemplate};

use support::fake_youtube::FakeYouTube;
use support::harness::Harness;
use support::stack::fast_config;

const VIDEO: &str = "GJLlxj_dtq8";
const PRIVATE: &str = "8VajtrESJzA";
/// A video whose player answers 503 every time (mounted below).
const FAILING: &str = "Fails503xyz";

/// The fake, with the player of [`FAILING`] answering 503.
async fn fake_with_a_failing_player() -> FakeYouTube {
    let fake = FakeYouTube::start().await;
    Mock::given(method("POST"))
        .and(path("/youtubei/v1/player"))
        .and(body_partial_json(json!({ "videoId": FAILING })))
        .respond_with(ResponseTemplate::new(503))
        .with_priority(1)
        .mount(fake.server())
        .await;
    fake
}

/// Calls and errors of one tool, as `(calls, errors, errors_by_code)`.
fn tool(stats: &Value, name: &str) -> (u64, u64, Value) {
    let tool = &stats["tools"][name];
    let count = |field: &str| tool[field].as_u64().unwrap_or_else(|| panic!("{name}.{field}"));
    (count("calls"), count("errors"), tool["errors_by_code"].clone())
}

#[tokio::test]
async fn the_stats_resource_counts_a_mix_of_calls_by_tool_code_cache_kind_and_endpoint() {
    // fast_config: two attempts per request, short back-off.
    let config = fast_config("http://127.0.0.1:1");
    let harness = Harness::with_config(fake_with_a_failing_player().await, config).await;
    assert_eq!(harness.resource_uris().await, ["youtube-mcp://stats"]);

    harness.ok("get_video_context", json!({ "video": VIDEO })).await;
    harness.ok("get_video_context", json!({ "video": VIDEO })).await;
    harness.err("get_video_context", json!({ "video": "not a video" })).await;
    harness.err("get_video_transcript", json!({ "video": PRIVATE })).await;
    harness.ok("get_video_transcript", json!({ "video": VIDEO })).await;
    harness.ok("search_transcript", json!({ "video": VIDEO, "query": "test" })).await;
    harness.ok("search_transcript", json!({ "video": VIDEO, "query": "made" })).await;
    harness.err("check_transcript_availability", json!({ "video": FAILING })).await;
    let stats = harness.stats().await;

    assert_eq!(tool(&stats, "get_video_context"), (3, 1, json!({ "invalid_input": 1 })));
    assert_eq!(tool(&stats, "get_video_transcript"), (2, 1, json!({ "video_private": 1 })));
    assert_eq!(tool(&stats, "search_transcript"), (2, 0, json!({})));
    let availability = tool(&stats, "check_transcript_availability");
    assert_eq!(availability, (1, 1, json!({ "upstream_error": 1 })));
    for name in ["get_video_context", "search_transcript"] {
        let latency = &stats["tools"][name]["latency_ms"];
        let [p50, p99, max] = ["p50", "p99", "max"].map(|p| latency[p].as_f64().expect(p));
        assert!(p50 > 0.0 && p50 <= p99 && p99 <= max, "{name}: {latency}");
    }

    // The `player` kind holds player answers and watch pages: VIDEO's two, PRIVATE's player,
    // and not FAILING's, whose failure was not stored. The second context call and every
    // later step for VIDEO found its player in the cache.
    let player = &stats["cache"]["player"];
    assert_eq!((player["misses"].as_u64(), player["entries"].as_u64()), (Some(4), Some(3)));
    assert!(player["hits"].as_u64().unwrap() >= 4, "{player}");
    let index = &stats["cache"]["search_index"];
    let index_counts = ["misses", "hits", "entries"].map(|field| index[field].as_u64());
    assert_eq!(index_counts, [Some(1), Some(1), Some(1)], "built once, searched twice");

    // Every request the fake received is counted once, under the status it answered.
    let upstream = &stats["upstream"];
    for (endpoint, route) in [
        ("watch_page", "/watch"),
        ("player", "/youtubei/v1/player"),
        ("transcript", "/api/timedtext"),
    ] {
        let received = harness.fake.requests_to(route).await as u64;
        assert_eq!(upstream[endpoint]["requests"], received, "{endpoint}");
    }
    assert_eq!(upstream["player"]["answers"]["503"], 2, "two attempts, as configured");
    assert_eq!(upstream["transcript"]["answers"], json!({ "200": 1 }));
    assert_eq!(stats["retries"]["after_failure"], 1);
    assert_eq!(stats["breaker"]["state"], "closed");
    assert_eq!(stats["load"], json!({ "running": 0, "waiting": 0, "limit": 32 }));
    assert!(stats["server"]["uptime_seconds"].as_f64().unwrap() > 0.0);
}

#[tokio::test]
async fn an_unknown_resource_is_a_resource_not_found_error_naming_the_stats() {
    let harness = Harness::start().await;
    let error = harness.read_resource("youtube-mcp://secrets").await.expect_err("no such resource");
    let text = error.to_string();
    assert!(text.contains("-32002") || text.contains("not found"), "{text}");
    assert!(text.contains("youtube-mcp://stats"), "{text}");
}

#[tokio::test]
async fn the_tool_list_stays_the_four_tools() {
    let harness = Harness::start().await;
    let names: Vec<String> = harness.tools().await.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(names, youtube_mcp::tools::TOOL_NAMES);
}

/// A delay long enough for a dozen calls to arrive while the first still runs.
const SLOW: std::time::Duration = std::time::Duration::from_millis(800);

#[tokio::test]
async fn calls_past_a_full_queue_are_refused_as_server_busy_and_counted() {
    let fake = FakeYouTube::start().await;
    let raw = include_str!("fixtures/youtube/player_android_ok_multilang_GJLlxj_dtq8.json");
    let player: Value = serde_json::from_str(raw).expect("fixture is JSON");
    Mock::given(method("POST"))
        .and(path("/youtubei/v1/player"))
        .respond_with(ResponseTemplate::new(200).set_body_json(player).set_delay(SLOW))
        .with_priority(1)
        .mount(fake.server())
        .await;
    let config = youtube_mcp::config::Config { max_concurrent_calls: 1, ..Default::default() };
    let harness = Harness::with_config(fake, config).await;

    // One call runs, eight (one slot's worth of queue) wait, and the last three are refused.
    let calls = (0..12).map(|_| harness.call("get_video_context", json!({ "video": VIDEO })));
    let results = futures_util::future::join_all(calls).await;
    let busy: Vec<&Value> = results
        .iter()
        .filter_map(|r| r.structured_content.as_ref())
        .filter(|s| s["error"]["code"] == "server_busy")
        .collect();
    assert_eq!(busy.len(), 3, "{results:?}");
    assert_eq!(busy[0]["error"]["details"]["max_concurrent_calls"], 1);
    assert_eq!(busy[0]["error"]["retryable"], true);

    let stats = harness.stats().await;
    assert_eq!(tool(&stats, "get_video_context"), (12, 3, json!({ "server_busy": 3 })));
    assert_eq!(stats["load"], json!({ "running": 0, "waiting": 0, "limit": 1 }));
}

#[tokio::test]
async fn arguments_too_heavy_to_queue_are_refused_before_any_request() {
    let harness = Harness::start().await;
    let padded = json!({ "video": VIDEO, "notes": "x".repeat(300_000) });
    let error = harness.err("get_video_context", padded).await;
    assert_eq!(error["code"], "invalid_input");
    assert_eq!(error["details"]["parameter"], "arguments");
    assert_eq!(error["details"]["got"], 300_000 + "notes".len() + "video".len() + VIDEO.len());
    assert_eq!(harness.fake.requests_to("/youtubei/v1/player").await, 0);
}
