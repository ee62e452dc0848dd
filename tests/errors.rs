//! Every error code a client can meet, each produced end to end from a recorded or crafted
//! upstream answer, and asserted on its structured shape.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use support::fake_youtube::FakeYouTube;
use support::harness::{Harness, text};

const MULTILANG: &str = "GJLlxj_dtq8";

fn multilang_player() -> Value {
    let raw = include_str!("fixtures/youtube/player_android_ok_multilang_GJLlxj_dtq8.json");
    serde_json::from_str(raw).expect("fixture is JSON")
}

/// Points every caption track's URL at `base_url` (keeping each track's own query).
fn with_caption_urls(mut player: Value, rewrite: impl Fn(&str) -> String) -> Value {
    let tracks = player["captions"]["playerCaptionsTracklistRenderer"]["captionTracks"]
        .as_array_mut()
        .expect("tracks");
    for track in tracks {
        let url = track["baseUrl"].as_str().expect("baseUrl").to_owned();
        track["baseUrl"] = json!(rewrite(&url));
    }
    player
}

async fn mount_player(fake: &FakeYouTube, id: &str, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path("/youtubei/v1/player"))
        .and(body_partial_json(json!({ "videoId": id })))
        .respond_with(response)
        .with_priority(1)
        .mount(fake.server())
        .await;
}

async fn mount_timedtext(fake: &FakeYouTube, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path("/api/timedtext"))
        .respond_with(response)
        .with_priority(1)
        .mount(fake.server())
        .await;
}

async fn transcript_error(harness: &Harness, video: &str) -> Value {
    harness.err("get_video_transcript", json!({ "video": video })).await
}

/// Asserts the parts of the error shape every code shares.
fn assert_shape(error: &Value, code: &str, retryable: bool) {
    assert_eq!(error["code"], code, "{error}");
    assert_eq!(error["retryable"], retryable, "{error}");
    assert!(!error["message"].as_str().unwrap_or_default().is_empty(), "{error}");
    assert!(!error["suggestions"].as_array().expect("suggestions").is_empty(), "{error}");
    assert!(error["details"].is_object(), "{error}");
}

#[tokio::test]
async fn invalid_input_names_the_parameter_and_the_accepted_forms() {
    let harness = Harness::start().await;

    let bad_url =
        harness.err("get_video_context", json!({ "video": "https://vimeo.com/12345" })).await;
    assert_shape(&bad_url, "invalid_input", false);
    assert_eq!(bad_url["details"]["parameter"], "video");
    assert!(bad_url["message"].as_str().unwrap().contains("youtu.be/ID"), "{bad_url}");

    let short = harness.err("get_video_context", json!({ "video": "GJLlxj_dtq" })).await;
    assert_eq!(short["code"], "invalid_input");

    let missing = harness.err("search_transcript", json!({ "video": MULTILANG })).await;
    assert_eq!(missing["details"]["parameter"], "query");

    let mistyped = harness.err("get_video_transcript", json!({ "video": 12 })).await;
    assert_eq!(mistyped["details"]["parameter"], "video");
    assert!(mistyped["message"].as_str().unwrap().contains("expected a string"));

    let too_many = harness
        .err("search_transcript", json!({ "video": MULTILANG, "query": "a", "max_results": 1000 }))
        .await;
    assert_eq!(too_many["details"]["parameter"], "max_results");
    assert_eq!(harness.fake.requests_to("/watch").await, 0, "bad input never goes upstream");
}

#[tokio::test]
async fn unknown_and_empty_answers_are_video_not_found() {
    let harness = Harness::start().await;
    for id in ["xxxxxxxxxxx", "EmptyReply0"] {
        let error = harness.err("get_video_context", json!({ "video": id })).await;
        assert_shape(&error, "video_not_found", false);
        assert_eq!(error["video_id"], id);
    }
}

#[tokio::test]
async fn playability_verdicts_become_their_own_codes() {
    let harness = Harness::start().await;
    let cases = [
        ("8VajtrESJzA", "video_private"),
        ("Njp5uhTorCo", "age_restricted"),
        ("MembersOnly", "members_only"),
        ("RegionBlock", "region_blocked"),
        ("CustomReasn", "video_unplayable"),
        ("sMJ8bRN2dak", "video_unplayable"),
        ("X4VbdwhkE10", "live_in_progress"),
        ("N-yVic7BbY0", "upcoming"),
        ("dsMFmonKDD4", "transcripts_disabled"),
    ];
    for (id, code) in cases {
        let error = transcript_error(&harness, id).await;
        assert_shape(&error, code, false);
        assert_eq!(error["video_id"], id);
    }

    let custom = transcript_error(&harness, "CustomReasn").await;
    assert_eq!(custom["details"]["reason"], "Custom Reason");
    assert_eq!(custom["details"]["subreasons"], json!(["Sub Reason 1", "Sub Reason 2"]));
}

#[tokio::test]
async fn a_missing_language_lists_the_tracks_and_the_call_that_works() {
    let harness = Harness::start().await;
    let error = harness
        .err("get_video_transcript", json!({ "video": "F1xioXWb8CY", "language": "de" }))
        .await;

    assert_shape(&error, "language_not_available", false);
    let codes: Vec<&str> = error["details"]["available_tracks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["language_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["en", "en"]);
    assert!(error["suggestions"].to_string().contains("language \\\"en\\\""), "{error}");
}

#[tokio::test]
async fn a_captcha_page_or_bot_check_is_request_blocked_never_transcripts_disabled() {
    let harness = Harness::start().await;

    let captcha = transcript_error(&harness, "CaptchaPage").await;
    assert_shape(&captcha, "request_blocked", false);
    assert_eq!(captcha["details"]["stage"], "watch_page");

    // A fresh server: the captcha opened the first one's block breaker.
    let harness = Harness::start().await;
    let bot = transcript_error(&harness, "BotCheck000").await;
    assert_shape(&bot, "request_blocked", false);
    assert_eq!(bot["details"]["stage"], "player");
}

#[tokio::test]
async fn http_429_is_rate_limited_with_the_wait_it_asked_for() {
    let fake = FakeYouTube::start().await;
    mount_player(&fake, MULTILANG, ResponseTemplate::new(429).insert_header("Retry-After", "30"))
        .await;
    let harness = Harness::with_fake(fake).await;

    let error = transcript_error(&harness, MULTILANG).await;
    assert_shape(&error, "rate_limited", true);
    assert_eq!(error["details"], json!({ "stage": "player", "retry_after_seconds": 30 }));
    assert_eq!(error["suggestions"][0], "Wait 30 seconds, then retry.");
}

#[tokio::test]
async fn a_consent_page_clears_once_and_a_consent_loop_is_consent_required() {
    let harness = Harness::start().await;
    let cleared = harness.ok("get_video_context", json!({ "video": "ConsentPage" })).await;
    assert_eq!(cleared["video_id"], "ConsentPage");

    // A fresh server, which has no innertube key yet and must get past the watch page.
    let harness = Harness::start().await;
    let looped = transcript_error(&harness, "ConsentLoop").await;
    assert_shape(&looped, "consent_required", false);
    assert_eq!(looped["details"]["stage"], "watch_page");
}

#[tokio::test]
async fn a_redirect_to_the_consent_service_that_does_not_clear_is_consent_required() {
    let fake = FakeYouTube::start().await;
    Mock::given(method("GET"))
        .and(path("/watch"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", "https://consent.youtube.com/m?continue=x"),
        )
        .with_priority(1)
        .mount(fake.server())
        .await;
    let harness = Harness::with_fake(fake).await;

    let error = transcript_error(&harness, MULTILANG).await;
    assert_shape(&error, "consent_required", false);
    assert_eq!(harness.fake.requests_to("/watch").await, 2, "one retry with the consent cookie");
}

#[tokio::test]
async fn a_gated_track_is_po_token_required_without_a_request() {
    let harness = Harness::start().await;
    let error = harness
        .err("get_video_transcript", json!({ "video": "PoTokenOnly", "language": "en" }))
        .await;

    assert_shape(&error, "po_token_required", false);
    assert_eq!(error["details"]["language_code"], "en");
    assert_eq!(harness.fake.requests_to("/api/timedtext").await, 0);
}

#[tokio::test]
async fn an_empty_caption_body_is_po_token_required_with_an_exp_marker_else_upstream_changed() {
    let fake = FakeYouTube::start().await;
    let player = with_caption_urls(multilang_player(), |url| format!("{url}&exp=xbt"));
    mount_player(&fake, MULTILANG, ResponseTemplate::new(200).set_body_json(&player)).await;
    mount_timedtext(&fake, ResponseTemplate::new(200).set_body_string("")).await;
    let harness = Harness::with_fake(fake).await;
    let error = transcript_error(&harness, MULTILANG).await;
    assert_shape(&error, "po_token_required", false);

    let fake = FakeYouTube::start().await;
    mount_timedtext(&fake, ResponseTemplate::new(200).set_body_string("")).await;
    let harness = Harness::with_fake(fake).await;
    let error = transcript_error(&harness, MULTILANG).await;
    assert_shape(&error, "upstream_changed", false);
    assert_eq!(error["details"]["stage"], "transcript");
}

#[tokio::test]
async fn a_slow_answer_is_upstream_timeout_naming_the_stage() {
    let fake = FakeYouTube::start().await;
    let slow = ResponseTemplate::new(200).set_delay(Duration::from_secs(5));
    mount_player(&fake, MULTILANG, slow).await;
    let harness = Harness::with_fake(fake).await;

    let error = transcript_error(&harness, MULTILANG).await;
    assert_shape(&error, "upstream_timeout", true);
    assert_eq!(error["details"]["stage"], "player");
}

#[tokio::test]
async fn a_server_error_is_retryable_upstream_error() {
    let fake = FakeYouTube::start().await;
    mount_timedtext(&fake, ResponseTemplate::new(503)).await;
    let harness = Harness::with_fake(fake).await;

    let error = transcript_error(&harness, MULTILANG).await;
    assert_shape(&error, "upstream_error", true);
    assert_eq!(error["details"], json!({ "stage": "transcript", "http_status": 503 }));
}

#[tokio::test]
async fn answers_about_another_video_or_foreign_hosts_are_upstream_changed_and_never_fetched() {
    let harness = Harness::start().await;
    let wrong = transcript_error(&harness, "WrongVideo1").await;
    assert_shape(&wrong, "upstream_changed", false);
    assert_eq!(wrong["details"]["stage"], "player");

    let fake = FakeYouTube::start().await;
    let foreign = with_caption_urls(multilang_player(), |url| {
        url.replace("https://www.youtube.com/", "https://captions.evil.example/")
    });
    mount_player(&fake, MULTILANG, ResponseTemplate::new(200).set_body_json(&foreign)).await;
    let harness = Harness::with_fake(fake).await;
    let error = transcript_error(&harness, MULTILANG).await;
    assert_shape(&error, "upstream_changed", false);
    assert!(error["details"]["what"].as_str().unwrap().contains("captions.evil.example"));
    assert_eq!(harness.fake.requests_to("/api/timedtext").await, 0);
}

#[tokio::test]
async fn a_redirect_to_a_foreign_host_is_refused() {
    let fake = FakeYouTube::start().await;
    Mock::given(method("GET"))
        .and(path("/watch"))
        .and(query_param("v", MULTILANG))
        .respond_with(
            ResponseTemplate::new(302).insert_header("Location", "https://evil.example/watch"),
        )
        .with_priority(1)
        .mount(fake.server())
        .await;
    let harness = Harness::with_fake(fake).await;

    let error = transcript_error(&harness, MULTILANG).await;
    assert_shape(&error, "upstream_changed", false);
    assert!(error["details"]["what"].as_str().unwrap().contains("evil.example"), "{error}");
}

#[tokio::test]
async fn a_watch_page_without_a_key_is_upstream_changed() {
    let fake = FakeYouTube::start().await;
    Mock::given(method("GET"))
        .and(path("/watch"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html><body>hello</body></html>"))
        .with_priority(1)
        .mount(fake.server())
        .await;
    let harness = Harness::with_fake(fake).await;

    let error = transcript_error(&harness, MULTILANG).await;
    assert_shape(&error, "upstream_changed", false);
    assert_eq!(error["details"]["stage"], "watch_page");
}

#[tokio::test]
async fn error_text_is_a_paragraph_a_person_can_act_on() {
    let harness = Harness::start().await;
    let result = harness.call("get_video_transcript", json!({ "video": "8VajtrESJzA" })).await;
    assert_eq!(
        text(&result),
        "Video 8VajtrESJzA is private (video_private). Only the owner can see a private video; \
         ask for a public or unlisted link."
    );
}

#[tokio::test]
async fn an_unknown_tool_is_a_protocol_error_not_a_tool_result() {
    use rmcp::model::CallToolRequestParams;

    let harness = Harness::start().await;
    let outcome = harness.raw_call(CallToolRequestParams::new("no_such_tool")).await;
    let message = outcome.expect_err("unknown tools are JSON-RPC errors").to_string();
    assert!(message.contains("-32602") || message.contains("tool not found"), "{message}");
}
