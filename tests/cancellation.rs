//! `notifications/cancelled` and the per-call deadline: a call that is given up stops its
//! work, except a fetch that other calls still wait for.

mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, ResponseTemplate};

use support::fake_youtube::{FakeYouTube, PLAYER_PATH, TIMEDTEXT_PATH};
use support::faults::Switch;
use support::stack::{Stack, fast_config};
use youtube_mcp::cache::Kind;
use youtube_mcp::config::Config;

const VIDEO: &str = "GJLlxj_dtq8";

/// How long the slow player takes to answer.
const SLOW: Duration = Duration::from_millis(800);

/// Makes the player slow for `VIDEO` until switched off.
async fn slow_player(fake: &FakeYouTube) -> Switch {
    let raw = include_str!("fixtures/youtube/player_android_ok_multilang_GJLlxj_dtq8.json");
    let slow = ResponseTemplate::new(200).set_body_raw(raw, "application/json").set_delay(SLOW);
    let switch = Switch::on();
    Mock::given(method("POST"))
        .and(path(PLAYER_PATH))
        .and(body_partial_json(json!({ "videoId": VIDEO })))
        .and(switch.clone())
        .respond_with(slow)
        .with_priority(1)
        .mount(fake.server())
        .await;
    switch
}

fn config(fake: &FakeYouTube) -> Config {
    Config { request_timeout: 5.0, ..fast_config(&fake.uri()) }
}

/// Waits until the fake has received `count` player requests.
async fn player_requests_reach(fake: &FakeYouTube, count: usize) {
    for _ in 0..200 {
        if fake.requests_to(PLAYER_PATH).await >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("the player never received {count} request(s)");
}

async fn player_inserts(stack: &Stack) -> u64 {
    stack.stats().await.kind(Kind::Player).inserts
}

#[tokio::test]
async fn a_cancelled_lone_call_stops_its_fetch_and_stores_nothing() {
    let fake = FakeYouTube::start().await;
    let slow = slow_player(&fake).await;
    let stack = Stack::start(config(&fake)).await;

    let call = stack.send("get_video_transcript", json!({ "video": VIDEO })).await;
    player_requests_reach(&fake, 1).await;
    call.cancel(Some("the user moved on".into())).await.expect("cancellation sent");

    // Had the fetch gone on, its answer would be stored by now and the transcript fetched.
    tokio::time::sleep(SLOW + Duration::from_millis(400)).await;
    assert_eq!(player_inserts(&stack).await, 0, "the player fetch was stopped");
    assert_eq!(fake.requests_to(TIMEDTEXT_PATH).await, 0, "the call's next step never ran");

    slow.off();
    stack.ok("get_video_transcript", json!({ "video": VIDEO })).await;
    assert_eq!(fake.requests_to(PLAYER_PATH).await, 2, "nothing of the first fetch was kept");

    let calls = &stack.server_stats().await["tools"]["get_video_transcript"];
    assert_eq!(
        (&calls["calls"], &calls["cancelled"], &calls["errors"]),
        (&json!(2), &json!(1), &json!(0))
    );
}

#[tokio::test]
async fn cancelling_one_of_two_calls_sharing_a_fetch_leaves_the_fetch_to_the_other() {
    let fake = FakeYouTube::start().await;
    let _slow = slow_player(&fake).await;
    let stack = Stack::start(config(&fake)).await;

    let quitter = stack.send("get_video_transcript", json!({ "video": VIDEO })).await;
    player_requests_reach(&fake, 1).await;
    let stayer = stack.ok("check_transcript_availability", json!({ "video": VIDEO }));
    let cancel = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        quitter.cancel(None).await.expect("cancellation sent");
    };
    let (answer, ()) = tokio::join!(stayer, cancel);

    assert_eq!(answer["available"], true);
    assert_eq!(fake.requests_to(PLAYER_PATH).await, 1, "one fetch, shared");
    assert_eq!(player_inserts(&stack).await, 1, "the shared fetch ran to the end and was kept");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(fake.requests_to(TIMEDTEXT_PATH).await, 0, "the cancelled call did no more");
}

#[tokio::test]
async fn a_call_past_its_deadline_is_a_call_timeout_and_its_fetch_stops() {
    let fake = FakeYouTube::start().await;
    let _slow = slow_player(&fake).await;
    let stack = Stack::start(Config { call_timeout: 0.3, ..config(&fake) }).await;

    let started = Instant::now();
    let error = stack.err("get_video_transcript", json!({ "video": VIDEO })).await;
    assert_eq!(error["code"], "upstream_timeout");
    assert_eq!(
        error["details"],
        json!({ "stage": "player", "timeout_seconds": 0.3, "deadline": "call" })
    );
    assert!(error["suggestions"][0].as_str().unwrap().contains("--call-timeout"), "{error}");
    assert!(started.elapsed() < SLOW, "{:?}", started.elapsed());

    tokio::time::sleep(SLOW).await;
    assert_eq!(player_inserts(&stack).await, 0, "the abandoned fetch stored nothing");
}
