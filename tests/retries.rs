//! Retries with exponential backoff and jitter, measured with short real delays against
//! wiremock (a paused tokio clock does not mix with real sockets).

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, Request, Respond, ResponseTemplate};

use support::fake_youtube::{FakeYouTube, PLAYER_PATH, TIMEDTEXT_PATH};
use support::stack::{Stack, fast_config};
use youtube_mcp::config::Config;

const VIDEO: &str = "GJLlxj_dtq8";

/// The first backoff; the second is twice as long. Equal jitter keeps each wait between half
/// its step and the whole step.
const BASE: Duration = Duration::from_millis(100);

/// Fails the first `failures` requests with a 503, then answers `then`; notes when each
/// request arrived.
struct Timed {
    arrivals: Arc<Mutex<Vec<Instant>>>,
    failures: usize,
    then: ResponseTemplate,
}

impl Respond for Timed {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut arrivals = self.arrivals.lock().expect("not poisoned");
        arrivals.push(Instant::now());
        if arrivals.len() <= self.failures { ResponseTemplate::new(503) } else { self.then.clone() }
    }
}

fn config(fake: &FakeYouTube) -> Config {
    Config { retry_attempts: 3, retry_base_delay: BASE.as_secs_f64(), ..fast_config(&fake.uri()) }
}

#[tokio::test]
async fn server_errors_are_retried_after_growing_jittered_waits_until_one_succeeds() {
    let fake = FakeYouTube::start().await;
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let raw = include_str!("fixtures/youtube/player_android_ok_multilang_GJLlxj_dtq8.json");
    let then = ResponseTemplate::new(200).set_body_raw(raw, "application/json");
    let flaky = Timed { arrivals: arrivals.clone(), failures: 2, then };
    Mock::given(method("POST"))
        .and(path(PLAYER_PATH))
        .and(body_partial_json(json!({ "videoId": VIDEO })))
        .respond_with(flaky)
        .with_priority(1)
        .mount(fake.server())
        .await;
    let stack = Stack::start(config(&fake)).await;

    let answer = stack.ok("check_transcript_availability", json!({ "video": VIDEO })).await;
    assert_eq!(answer["available"], true);
    assert_eq!(fake.requests_to(PLAYER_PATH).await, 3, "two 503s, then the answer");

    let arrivals = arrivals.lock().expect("not poisoned").clone();
    let first_wait = arrivals[1] - arrivals[0];
    let second_wait = arrivals[2] - arrivals[1];
    assert!(first_wait >= BASE / 2 && first_wait < BASE * 2, "first wait {first_wait:?}");
    assert!(second_wait >= BASE && second_wait < BASE * 4, "second wait {second_wait:?}");
    assert_eq!(stack.stats().await.resilience.retries.after_failure, 2);
}

#[tokio::test]
async fn a_client_error_is_not_retried() {
    let fake = FakeYouTube::start().await;
    Mock::given(method("GET"))
        .and(path(TIMEDTEXT_PATH))
        .respond_with(ResponseTemplate::new(404))
        .with_priority(1)
        .mount(fake.server())
        .await;
    let stack = Stack::start(config(&fake)).await;

    let started = Instant::now();
    let error = stack.err("get_video_transcript", json!({ "video": VIDEO })).await;
    assert_eq!(error["details"], json!({ "stage": "transcript", "http_status": 404 }));
    assert_eq!(error["retryable"], false);
    assert_eq!(fake.requests_to(TIMEDTEXT_PATH).await, 1);
    assert!(started.elapsed() < BASE * 3, "no backoff was waited");
    assert_eq!(stack.stats().await.resilience.retries.after_failure, 0);
}

#[tokio::test]
async fn an_unreachable_youtube_is_retried_then_upstream_error_naming_the_connection() {
    let refused = support::faults::refused_address().await;
    let config = Config { retry_attempts: 2, ..fast_config(&format!("http://{refused}")) };
    let stack = Stack::start(config).await;

    let started = Instant::now();
    let error = stack.err("get_video_transcript", json!({ "video": VIDEO })).await;
    assert_eq!(error["code"], "upstream_error");
    assert_eq!(error["details"], json!({ "stage": "watch_page" }));
    assert!(error["message"].as_str().unwrap().contains("could not connect"), "{error}");
    assert!(started.elapsed() >= Duration::from_millis(10), "one backoff was waited");
    let stats = stack.stats().await;
    assert_eq!((stats.upstream.watch_page, stats.resilience.retries.after_failure), (2, 1));
}
