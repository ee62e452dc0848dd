//! The fault matrix: every way YouTube can fail an answer, served by wiremock (through a
//! loopback front for cut-off and reset connections), and what a client sees.
//!
//! Each case asserts the error code and `details`, the requests spent, that nothing wrong was
//! cached, and that the next normal call succeeds (after the breaker's cool-down for the cases
//! that open it). The server runs with `fast_config`: 0.5 s request timeout, two tries 20 ms
//! apart, three innertube clients, a 400 ms breaker cool-down and a 1 MiB body cap.

mod support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockBuilder, ResponseTemplate};

use support::fake_youtube::{FakeYouTube, PLAYER_PATH, TIMEDTEXT_PATH, WATCH_PATH};
use support::faults::{FAULT_HEADER, FaultFront, RESET, Switch, TRUNCATE};
use support::stack::{Stack, fast_config};
use youtube_mcp::cache::Kind;
use youtube_mcp::youtube::resilience::BreakerState;

const VIDEO: &str = "GJLlxj_dtq8";

/// Tries per request in `fast_config`.
const TRIES: usize = 2;

/// Innertube clients in the default configuration.
const CLIENTS: usize = 3;

/// Three times the request timeout of `fast_config`.
const SLOW: Duration = Duration::from_millis(1500);

/// The body cap of these tests: 1 MiB.
const CAP: u64 = 1024 * 1024;

struct Matrix {
    fake: FakeYouTube,
    stack: Stack,
    _front: FaultFront,
}

async fn matrix() -> Matrix {
    let fake = FakeYouTube::start().await;
    let front = FaultFront::start(&fake.uri()).await;
    let config = youtube_mcp::config::Config { max_body_mib: 1, ..fast_config(&front.uri()) };
    let stack = Stack::start(config).await;
    Matrix { fake, stack, _front: front }
}

impl Matrix {
    async fn transcript_error(&self, video: &str) -> Value {
        self.stack.err("get_video_transcript", json!({ "video": video, "language": "en" })).await
    }

    async fn requests(&self, path: &str) -> usize {
        self.fake.requests_to(path).await
    }

    /// Entries the cache holds: (player data, transcripts).
    async fn cached(&self) -> (u64, u64) {
        let stats = self.stack.stats().await;
        (stats.kind(Kind::Player).entries, stats.kind(Kind::Transcript).entries)
    }

    /// The next normal call reaches YouTube and returns the recorded transcript.
    async fn assert_recovers(&self) {
        let answer = self
            .stack
            .ok("get_video_transcript", json!({ "video": VIDEO, "language": "en" }))
            .await;
        assert_eq!(answer["segments"][0]["text"], "Hey, this is just a test");
    }

    /// The breaker is open: calls fail fast without a request; after the cool-down the next
    /// normal call is the probe, succeeds and closes it.
    async fn assert_breaker_recovers(&self) {
        let sent = self.fake.server().received_requests().await.expect("recorded").len();
        let started = Instant::now();
        let refused = self.transcript_error(VIDEO).await;
        assert_eq!(refused["code"], "request_blocked", "{refused}");
        assert_eq!(refused["details"]["breaker"], "open", "{refused}");
        assert!(started.elapsed() < Duration::from_millis(200), "fails fast");
        let now = self.fake.server().received_requests().await.expect("recorded").len();
        assert_eq!(now, sent, "an open breaker sends nothing");

        tokio::time::sleep(Duration::from_millis(450)).await;
        self.assert_recovers().await;
        let breaker = self.stack.stats().await.resilience.breaker;
        assert_eq!((breaker.state, breaker.probes), (BreakerState::Closed, 1));
    }
}

/// Mounts a fault over the fake's routes until the returned switch is turned off.
async fn mount(fake: &FakeYouTube, requests: MockBuilder, response: ResponseTemplate) -> Switch {
    let switch = Switch::on();
    let mock = requests.and(switch.clone()).respond_with(response).with_priority(1);
    mock.mount(fake.server()).await;
    switch
}

fn player() -> MockBuilder {
    Mock::given(method("POST"))
        .and(path(PLAYER_PATH))
        .and(body_partial_json(json!({ "videoId": VIDEO })))
}

/// The player's requests as one innertube client only.
fn player_as(client: &str) -> MockBuilder {
    player().and(body_partial_json(json!({ "context": { "client": { "clientName": client } } })))
}

fn timedtext() -> MockBuilder {
    Mock::given(method("GET")).and(path(TIMEDTEXT_PATH))
}

fn watch() -> MockBuilder {
    Mock::given(method("GET")).and(path(WATCH_PATH))
}

fn multilang_player() -> Value {
    let raw = include_str!("fixtures/youtube/player_android_ok_multilang_GJLlxj_dtq8.json");
    serde_json::from_str(raw).expect("fixture is JSON")
}

fn rewrite_caption_urls(mut player: Value, rewrite: impl Fn(&str) -> String) -> Value {
    let tracks = player["captions"]["playerCaptionsTracklistRenderer"]["captionTracks"]
        .as_array_mut()
        .expect("tracks");
    for track in tracks {
        let url = track["baseUrl"].as_str().expect("baseUrl").to_owned();
        track["baseUrl"] = json!(rewrite(&url));
    }
    player
}

fn body(status: u16, text: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_string(text)
}

#[tokio::test]
async fn a_429_with_a_long_retry_after_is_rate_limited_at_once_with_that_wait() {
    let m = matrix().await;
    let fault =
        mount(&m.fake, player(), ResponseTemplate::new(429).insert_header("Retry-After", "30"))
            .await;

    let error = m.transcript_error(VIDEO).await;
    assert_eq!(error["code"], "rate_limited");
    assert_eq!(error["details"], json!({ "stage": "player", "retry_after_seconds": 30 }));
    assert_eq!(m.requests(PLAYER_PATH).await, 1, "a wait over the cap is not waited out");
    assert_eq!(m.cached().await, (0, 0));

    fault.off();
    m.assert_recovers().await;
}

#[tokio::test]
async fn a_429_without_retry_after_is_rate_limited_without_a_retry() {
    let m = matrix().await;
    let fault = mount(&m.fake, player(), ResponseTemplate::new(429)).await;

    let error = m.transcript_error(VIDEO).await;
    assert_eq!(error["code"], "rate_limited");
    assert_eq!(error["retryable"], true);
    assert_eq!(error["details"], json!({ "stage": "player", "retry_after_seconds": null }));
    assert_eq!(m.requests(PLAYER_PATH).await, 1);
    assert_eq!(m.cached().await, (0, 0));

    fault.off();
    m.assert_recovers().await;
}

#[tokio::test]
async fn a_429_with_a_short_retry_after_is_waited_out_and_the_call_succeeds() {
    let m = matrix().await;
    let limited = ResponseTemplate::new(429).insert_header("Retry-After", "1");
    player().respond_with(limited).up_to_n_times(1).with_priority(1).mount(m.fake.server()).await;

    let started = Instant::now();
    m.assert_recovers().await;
    assert!(started.elapsed() >= Duration::from_secs(1), "{:?}", started.elapsed());
    assert_eq!(m.requests(PLAYER_PATH).await, 2);
    assert_eq!(m.stack.stats().await.resilience.retries.after_retry_after, 1);
}

#[tokio::test]
async fn a_500_is_retried_then_upstream_error_and_never_cached() {
    let m = matrix().await;
    let fault = mount(&m.fake, player(), ResponseTemplate::new(500)).await;

    let error = m.transcript_error(VIDEO).await;
    assert_eq!(error["code"], "upstream_error");
    assert_eq!(error["retryable"], true);
    assert_eq!(error["details"], json!({ "stage": "player", "http_status": 500 }));
    assert_eq!(m.requests(PLAYER_PATH).await, TRIES);
    assert_eq!(m.cached().await, (0, 0));

    fault.off();
    m.assert_recovers().await;
}

#[tokio::test]
async fn a_503_on_the_caption_track_keeps_the_player_answer_but_caches_no_transcript() {
    let m = matrix().await;
    let fault = mount(&m.fake, timedtext(), ResponseTemplate::new(503)).await;

    let error = m.transcript_error(VIDEO).await;
    assert_eq!(error["details"], json!({ "stage": "transcript", "http_status": 503 }));
    assert_eq!(m.requests(TIMEDTEXT_PATH).await, TRIES);
    assert_eq!(m.cached().await, (1, 0), "the good player answer stays; no transcript");

    fault.off();
    m.assert_recovers().await;
    assert_eq!(m.requests(TIMEDTEXT_PATH).await, TRIES + 1);
}

async fn assert_timeout_at(stage_path: &str, stage: &str, requests: MockBuilder) {
    let m = matrix().await;
    let fault = mount(&m.fake, requests, body(200, "").set_delay(SLOW)).await;

    let error = m.transcript_error(VIDEO).await;
    assert_eq!(error["code"], "upstream_timeout", "{error}");
    assert_eq!(
        error["details"],
        json!({ "stage": stage, "timeout_seconds": 0.5, "deadline": "request" })
    );
    assert_eq!(m.requests(stage_path).await, 1, "a timeout already spent the wait: no retry");
    assert_eq!(m.cached().await.1, 0);

    fault.off();
    m.assert_recovers().await;
}

#[tokio::test]
async fn a_slow_watch_page_is_a_request_timeout_at_the_watch_page() {
    assert_timeout_at(WATCH_PATH, "watch_page", watch()).await;
}

#[tokio::test]
async fn a_slow_player_is_a_request_timeout_at_the_player() {
    assert_timeout_at(PLAYER_PATH, "player", player()).await;
}

#[tokio::test]
async fn a_slow_caption_track_is_a_request_timeout_at_the_transcript() {
    assert_timeout_at(TIMEDTEXT_PATH, "transcript", timedtext()).await;
}

#[tokio::test]
async fn a_reset_connection_is_retried_then_upstream_error_without_a_status() {
    let m = matrix().await;
    let reset = ResponseTemplate::new(200).insert_header(FAULT_HEADER, RESET);
    let fault = mount(&m.fake, player(), reset).await;

    let error = m.transcript_error(VIDEO).await;
    assert_eq!(error["code"], "upstream_error");
    assert_eq!(error["retryable"], true);
    assert_eq!(error["details"], json!({ "stage": "player" }));
    assert_eq!(m.requests(PLAYER_PATH).await, TRIES);
    assert_eq!(m.cached().await, (0, 0));

    fault.off();
    m.assert_recovers().await;
}

#[tokio::test]
async fn a_truncated_body_is_retried_then_upstream_error() {
    let m = matrix().await;
    let cut = ResponseTemplate::new(200)
        .set_body_json(multilang_player())
        .insert_header(FAULT_HEADER, TRUNCATE);
    let fault = mount(&m.fake, player(), cut).await;

    let error = m.transcript_error(VIDEO).await;
    assert_eq!(error["code"], "upstream_error");
    assert_eq!(error["details"], json!({ "stage": "player" }));
    assert!(error["message"].as_str().unwrap().contains("cut off"), "{error}");
    assert_eq!(m.requests(PLAYER_PATH).await, TRIES);
    assert_eq!(m.cached().await, (0, 0));

    fault.off();
    m.assert_recovers().await;
}

#[tokio::test]
async fn an_empty_200_from_every_client_is_upstream_changed_at_the_player() {
    let m = matrix().await;
    let fault = mount(&m.fake, player(), body(200, "")).await;

    let error = m.transcript_error(VIDEO).await;
    assert_eq!(error["code"], "upstream_changed");
    assert_eq!(error["details"]["stage"], "player");
    assert!(error["details"]["what"].as_str().unwrap().contains("not JSON"), "{error}");
    assert_eq!(m.requests(PLAYER_PATH).await, CLIENTS, "an odd answer tries the next client");
    assert_eq!(m.cached().await, (0, 0));

    fault.off();
    m.assert_recovers().await;
}

#[tokio::test]
async fn malformed_player_json_is_upstream_changed() {
    let m = matrix().await;
    let fault = mount(&m.fake, player(), body(200, r#"{"playabilityStatus": {"status": "#)).await;

    let error = m.transcript_error(VIDEO).await;
    assert_eq!(error["code"], "upstream_changed");
    assert_eq!(error["details"]["stage"], "player");
    assert_eq!(m.cached().await, (0, 0));

    fault.off();
    m.assert_recovers().await;
}

#[tokio::test]
async fn malformed_caption_xml_is_upstream_changed_at_the_transcript() {
    let m = matrix().await;
    let fault = mount(&m.fake, timedtext(), body(200, r#"<transcript><text start="0" dur"#)).await;

    let error = m.transcript_error(VIDEO).await;
    assert_eq!(error["code"], "upstream_changed");
    assert_eq!(error["details"]["stage"], "transcript");
    assert_eq!(m.cached().await, (1, 0));

    fault.off();
    m.assert_recovers().await;
}

#[tokio::test]
async fn a_malformed_watch_page_is_upstream_changed_at_the_watch_page() {
    let m = matrix().await;
    let fault = mount(&m.fake, watch(), body(200, "<html><body><div class=\"yt")).await;

    let error = m.transcript_error(VIDEO).await;
    assert_eq!(error["code"], "upstream_changed");
    assert_eq!(
        error["details"],
        json!({ "stage": "watch_page", "what": "no innertube API key in the watch page" })
    );
    assert_eq!(m.requests(PLAYER_PATH).await, 0);
    assert_eq!(m.cached().await, (0, 0));

    fault.off();
    m.assert_recovers().await;
}

#[tokio::test]
async fn a_captcha_page_is_request_blocked_and_opens_the_breaker_until_a_probe_succeeds() {
    let m = matrix().await;

    let error = m.transcript_error("CaptchaPage").await;
    assert_eq!(error["code"], "request_blocked");
    assert_eq!(
        error["details"],
        json!({ "stage": "watch_page", "why": "YouTube answered with a captcha page" })
    );
    assert_eq!(m.cached().await, (0, 0));

    m.assert_breaker_recovers().await;
}

#[tokio::test]
async fn a_consent_page_that_never_clears_is_consent_required() {
    let m = matrix().await;

    let error = m.transcript_error("ConsentLoop").await;
    assert_eq!(error["code"], "consent_required");
    assert_eq!(error["details"], json!({ "stage": "watch_page" }));
    assert_eq!(m.requests(WATCH_PATH).await, 2, "one retry with the page's consent cookie");
    assert_eq!(m.cached().await, (0, 0));

    m.assert_recovers().await;
}

#[tokio::test]
async fn a_bot_check_on_the_first_client_is_answered_by_the_second() {
    let m = matrix().await;
    let bot = include_str!("fixtures/youtube/player_android_bot_check_login_required.json");
    let _fault = mount(&m.fake, player_as("ANDROID"), body(200, bot)).await;

    let answer = m.stack.ok("check_transcript_availability", json!({ "video": VIDEO })).await;
    assert_eq!(answer["served_by"], "VISIONOS");
    assert_eq!(answer["available"], true);
    m.assert_recovers().await;

    assert_eq!(m.requests(PLAYER_PATH).await, 2, "ANDROID then VISIONOS, then the cache");
    let stats = m.stack.stats().await.resilience;
    assert_eq!(stats.innertube.fallbacks, 1);
    assert_eq!(stats.innertube.served[1], ("VISIONOS".to_owned(), 1));
    assert_eq!(stats.breaker.state, BreakerState::Closed, "one client's bot check is no block");
}

#[tokio::test]
async fn a_bot_check_on_every_client_is_request_blocked_and_opens_the_breaker() {
    let m = matrix().await;

    let error = m.transcript_error("BotCheck000").await;
    assert_eq!(error["code"], "request_blocked");
    assert_eq!(error["details"]["stage"], "player");
    assert_eq!(m.requests(PLAYER_PATH).await, CLIENTS);
    assert_eq!(m.cached().await, (0, 0));

    m.assert_breaker_recovers().await;
}

#[tokio::test]
async fn po_token_only_tracks_on_the_first_client_are_answered_by_the_second() {
    let m = matrix().await;
    let gated = rewrite_caption_urls(multilang_player(), |url| format!("{url}&exp=xpe"));
    let gated = ResponseTemplate::new(200).set_body_json(gated);
    let _fault = mount(&m.fake, player_as("ANDROID"), gated).await;

    m.assert_recovers().await;
    let answer = m.stack.ok("check_transcript_availability", json!({ "video": VIDEO })).await;
    assert_eq!(answer["served_by"], "VISIONOS");
    assert_eq!(m.requests(PLAYER_PATH).await, 2);
    assert_eq!(m.stack.stats().await.resilience.innertube.fallbacks, 1);
}

#[tokio::test]
async fn an_oversized_body_is_upstream_error_naming_the_cap() {
    let m = matrix().await;
    let mut huge = multilang_player();
    huge["padding"] = json!("x".repeat(2 * CAP as usize));
    let fault = mount(&m.fake, player(), ResponseTemplate::new(200).set_body_json(huge)).await;

    let error = m.transcript_error(VIDEO).await;
    assert_eq!(error["code"], "upstream_error");
    assert_eq!(error["retryable"], false);
    assert_eq!(
        error["details"],
        json!({ "stage": "player", "http_status": 200, "limit_bytes": CAP })
    );
    assert_eq!(m.requests(PLAYER_PATH).await, 1, "the same answer would come again: no retry");
    assert_eq!(m.cached().await, (0, 0));
    assert_eq!(m.stack.stats().await.resilience.retries.oversized, 1);

    fault.off();
    m.assert_recovers().await;
}

#[tokio::test]
async fn a_redirect_to_a_foreign_host_is_refused_as_upstream_changed() {
    let m = matrix().await;
    let away = ResponseTemplate::new(302).insert_header("Location", "https://evil.example/watch");
    let fault = mount(&m.fake, watch(), away).await;

    let error = m.transcript_error(VIDEO).await;
    assert_eq!(error["code"], "upstream_changed");
    assert_eq!(
        error["details"],
        json!({ "stage": "watch_page", "what": "refused a redirect to `evil.example`" })
    );
    assert_eq!(m.cached().await, (0, 0));

    fault.off();
    m.assert_recovers().await;
}

#[tokio::test]
async fn a_caption_url_on_a_foreign_host_refuses_the_answer_and_is_never_fetched() {
    let m = matrix().await;
    let foreign = rewrite_caption_urls(multilang_player(), |url| {
        url.replace("https://www.youtube.com/", "https://captions.evil.example/")
    });
    let fault = mount(&m.fake, player(), ResponseTemplate::new(200).set_body_json(foreign)).await;

    let error = m.transcript_error(VIDEO).await;
    assert_eq!(error["code"], "upstream_changed");
    assert_eq!(error["details"]["stage"], "player");
    let what = error["details"]["what"].as_str().unwrap();
    assert!(what.contains("captions.evil.example"), "{what}");
    assert_eq!(m.requests(TIMEDTEXT_PATH).await, 0);
    assert_eq!(m.cached().await, (0, 0), "the answer with a foreign URL is not kept");

    fault.off();
    m.assert_recovers().await;
}
