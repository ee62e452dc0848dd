//! A rate-limited address under load: what concurrent calls cost, how the block breaker opens,
//! fails fast, and closes after one probe.

mod support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockBuilder, ResponseTemplate};

use support::fake_youtube::{FakeYouTube, PLAYER_PATH, WATCH_PATH};
use support::faults::Switch;
use support::stack::{Stack, fast_config};
use youtube_mcp::config::Config;
use youtube_mcp::youtube::resilience::BreakerState;

const VIDEO: &str = "GJLlxj_dtq8";
const OTHER: &str = "F1xioXWb8CY";

/// Tries per request, rate limits in a row that open the breaker, and its cool-down.
const TRIES: u32 = 3;
const THRESHOLD: u32 = 3;
const COOLDOWN: Duration = Duration::from_secs(1);

fn config(fake: &FakeYouTube) -> Config {
    Config {
        retry_attempts: TRIES,
        breaker_threshold: THRESHOLD,
        breaker_cooldown: COOLDOWN.as_secs_f64(),
        ..fast_config(&fake.uri())
    }
}

async fn mount(fake: &FakeYouTube, requests: MockBuilder, response: ResponseTemplate) -> Switch {
    let switch = Switch::on();
    let mock = requests.and(switch.clone()).respond_with(response).with_priority(1);
    mock.mount(fake.server()).await;
    switch
}

fn player_of(video: &str) -> MockBuilder {
    Mock::given(method("POST"))
        .and(path(PLAYER_PATH))
        .and(body_partial_json(json!({ "videoId": video })))
}

/// A 429 that asks for no wait: every try is retried after the backoff alone.
fn too_many() -> ResponseTemplate {
    ResponseTemplate::new(429).insert_header("Retry-After", "0")
}

async fn all_requests(fake: &FakeYouTube) -> usize {
    fake.server().received_requests().await.expect("recorded").len()
}

async fn concurrently(stack: &Stack, calls: &[(&str, Value)]) -> Vec<Value> {
    let calls = calls.iter().map(|(tool, args)| stack.err(tool, args.clone()));
    futures_util::future::join_all(calls).await
}

#[tokio::test]
async fn ten_concurrent_calls_for_a_rate_limited_video_cost_one_watch_page_and_three_tries() {
    let fake = FakeYouTube::start().await;
    let stack = Stack::start(config(&fake)).await;
    let fault = mount(&fake, player_of(VIDEO), too_many()).await;

    // The ten calls share one fetch (the cache's single flight); its three tries are 429s,
    // and the third opens the breaker.
    let calls = vec![("get_video_transcript", json!({ "video": VIDEO })); 10];
    for error in concurrently(&stack, &calls).await {
        assert_eq!(error["code"], "rate_limited", "{error}");
        assert_eq!(error["details"], json!({ "stage": "player", "retry_after_seconds": 0 }));
    }
    assert_eq!(fake.requests_to(WATCH_PATH).await, 1);
    assert_eq!(fake.requests_to(PLAYER_PATH).await, TRIES as usize);

    let stats = stack.stats().await.resilience;
    assert_eq!((stats.retries.rate_limited, stats.retries.after_retry_after), (3, 2));
    assert_eq!((stats.breaker.state, stats.breaker.opened), (BreakerState::Open, 1));
    assert_eq!(stats.breaker.why.as_deref(), Some("3 rate-limited answers in a row"));

    assert_fails_fast_while_open(&fake, &stack).await;
    fault.off();
    assert_one_probe_closes_it(&fake, &stack).await;
}

/// Calls of every kind, for any video, fail fast without a request while the breaker is open.
async fn assert_fails_fast_while_open(fake: &FakeYouTube, stack: &Stack) {
    let before = all_requests(fake).await;
    let started = Instant::now();
    let calls = [
        ("get_video_transcript", json!({ "video": VIDEO })),
        ("get_video_transcript", json!({ "video": OTHER })),
        ("check_transcript_availability", json!({ "video": OTHER })),
        ("search_transcript", json!({ "video": OTHER, "query": "test" })),
        ("get_video_context", json!({ "video": "dsMFmonKDD4" })),
    ];
    for error in concurrently(stack, &calls).await {
        assert_eq!(error["code"], "request_blocked", "{error}");
        assert_eq!(error["details"]["breaker"], "open");
        assert_eq!(error["details"]["stage"], "player");
        assert_eq!(error["retryable"], false);
    }
    assert!(started.elapsed() < Duration::from_millis(300), "{:?}", started.elapsed());
    assert_eq!(all_requests(fake).await, before, "not one request while open");
    // Calls for one video share one refused fetch; the context call is refused twice (watch
    // page and player): at least four refusals for the four videos' fetches.
    assert!(stack.stats().await.resilience.breaker.fast_failures >= 4);
}

/// After the cool-down one call probes; the others fail fast until it has answered, and its
/// success closes the breaker.
async fn assert_one_probe_closes_it(fake: &FakeYouTube, stack: &Stack) {
    let raw = include_str!("fixtures/youtube/player_android_ok_multilang_GJLlxj_dtq8.json");
    let slow = ResponseTemplate::new(200)
        .set_body_raw(raw, "application/json")
        .set_delay(Duration::from_millis(400));
    let slow_probe = mount(fake, player_of(VIDEO), slow).await;
    tokio::time::sleep(COOLDOWN + Duration::from_millis(50)).await;

    let probe = stack.ok("check_transcript_availability", json!({ "video": VIDEO }));
    let during = async {
        tokio::time::sleep(Duration::from_millis(150)).await;
        stack.err("check_transcript_availability", json!({ "video": OTHER })).await
    };
    let (probe, during) = tokio::join!(probe, during);
    assert_eq!(probe["available"], true);
    assert_eq!(probe["served_by"], "ANDROID");
    assert_eq!(during["code"], "request_blocked", "{during}");
    slow_probe.off();

    let breaker = stack.stats().await.resilience.breaker;
    assert_eq!((breaker.state, breaker.probes), (BreakerState::Closed, 1));
    stack.ok("get_video_transcript", json!({ "video": OTHER })).await;
}

#[tokio::test]
async fn ten_concurrent_calls_for_ten_rate_limited_videos_are_not_retried_once_it_opens() {
    let fake = FakeYouTube::start().await;
    let stack = Stack::start(config(&fake)).await;
    let player = Mock::given(method("POST")).and(path(PLAYER_PATH));
    let _fault = mount(&fake, player, too_many()).await;

    let videos = [
        VIDEO,
        OTHER,
        "dsMFmonKDD4",
        "Fjg5lYqvzUs",
        "PoTokenOnly",
        "WrongVideo1",
        "CustomReasn",
        "EmptyReply0",
        "8VajtrESJzA",
        "sMJ8bRN2dak",
    ];
    let calls: Vec<_> =
        videos.iter().map(|v| ("get_video_transcript", json!({ "video": v }))).collect();
    for error in concurrently(&stack, &calls).await {
        assert_eq!(error["code"], "rate_limited", "{error}");
    }

    // Ten first tries; a retry goes out only while fewer than THRESHOLD 429s have come back,
    // so at most THRESHOLD - 1 retries can slip in before the breaker opens.
    let tries = fake.requests_to(PLAYER_PATH).await;
    let bound = videos.len() + (THRESHOLD as usize - 1);
    assert!((videos.len()..=bound).contains(&tries), "{tries} player requests");
    assert_eq!(fake.requests_to(WATCH_PATH).await, 1, "one watch page for the shared key");
    assert_eq!(stack.stats().await.resilience.breaker.state, BreakerState::Open);
}
