//! The four tools through a real MCP client, against the fake YouTube's recorded answers.

mod support;

use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, ResponseTemplate};

use support::fake_youtube::FakeYouTube;
use support::harness::{Harness, text};

const MULTILANG: &str = "GJLlxj_dtq8";
const EN_ONLY: &str = "F1xioXWb8CY";

/// The recorded ANDROID answer for the multilingual video, for tests that edit one field.
fn multilang_player() -> Value {
    let raw = include_str!("fixtures/youtube/player_android_ok_multilang_GJLlxj_dtq8.json");
    serde_json::from_str(raw).expect("fixture is JSON")
}

/// Serves `player` for `id` ahead of the fake's catalog.
async fn override_player(fake: &FakeYouTube, id: &str, player: &Value) {
    Mock::given(method("POST"))
        .and(path("/youtubei/v1/player"))
        .and(body_partial_json(json!({ "videoId": id })))
        .respond_with(ResponseTemplate::new(200).set_body_json(player))
        .with_priority(1)
        .mount(fake.server())
        .await;
}

#[tokio::test]
async fn tools_list_names_the_four_tools_with_schemas_and_read_only_annotations() {
    let harness = Harness::start().await;
    let tools = harness.tools().await;

    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    assert_eq!(
        names,
        [
            "get_video_context",
            "check_transcript_availability",
            "get_video_transcript",
            "search_transcript"
        ]
    );
    for tool in &tools {
        let annotations = tool.annotations.as_ref().expect("annotated");
        assert_eq!(annotations.read_only_hint, Some(true), "{}", tool.name);
        assert_eq!(annotations.open_world_hint, Some(true), "{}", tool.name);
        assert!(tool.output_schema.is_some(), "{}", tool.name);
        let properties = tool.input_schema["properties"].as_object().expect("properties");
        assert!(properties.contains_key("video"), "{}", tool.name);
    }

    // The transcript takes one video; the others take `video` or a batch of `videos`.
    let required = |i: usize| tools[i].input_schema.get("required").cloned();
    assert_eq!(required(0), None);
    assert_eq!(required(1), None);
    assert_eq!(required(2), Some(json!(["video"])));
    assert_eq!(required(3), Some(json!(["query"])));
    for i in [0, 1, 3] {
        assert!(tools[i].input_schema["properties"].get("videos").is_some(), "{}", tools[i].name);
    }
}

#[tokio::test]
async fn video_context_reports_recorded_metadata_and_captions() {
    let harness = Harness::start().await;
    let context = harness.ok("get_video_context", json!({ "video": MULTILANG })).await;

    assert_eq!(context["video_id"], MULTILANG);
    assert_eq!(context["title"], "Surface Go Review - It’s Awesome");
    assert_eq!(context["channel"]["name"], "Dave2D");
    assert_eq!(context["duration_seconds"], 316);
    assert_eq!(context["view_count"], 1856109);
    assert_eq!(context["live_status"], "none");
    assert_eq!(context["url"], "https://www.youtube.com/watch?v=GJLlxj_dtq8");
    assert_eq!(context["captions"]["available"], true);
    assert_eq!(context["captions"]["track_count"], 9);
    assert_eq!(
        context["captions"]["languages"],
        json!(["zh", "cs", "en", "de", "hi", "ja", "ko", "es"])
    );
    assert!(context["description"].as_str().unwrap().len() > 20);
}

#[tokio::test]
async fn video_context_takes_the_publish_date_from_the_matching_watch_page() {
    let harness = Harness::start().await;

    let own_page = harness.ok("get_video_context", json!({ "video": MULTILANG })).await;
    assert_eq!(own_page["published"], "2018-08-02");

    // The fake serves GJLlxj_dtq8's watch page as the key source for every other id: its
    // microformat describes another video and must not leak into this one.
    let other = harness.ok("get_video_context", json!({ "video": EN_ONLY })).await;
    assert!(other.get("published").is_none(), "{other}");
}

#[tokio::test]
async fn video_context_still_answers_when_captions_are_unavailable() {
    let harness = Harness::start().await;

    let age = harness.ok("get_video_context", json!({ "video": "Njp5uhTorCo" })).await;
    assert_eq!(age["video_id"], "Njp5uhTorCo");
    assert!(!age["title"].as_str().unwrap().is_empty());
    assert_eq!(age["captions"]["available"], false);

    let disabled = harness.ok("get_video_context", json!({ "video": "dsMFmonKDD4" })).await;
    assert_eq!(
        disabled["captions"],
        json!({ "available": false, "track_count": 0, "languages": [] })
    );

    let replay = harness.ok("get_video_context", json!({ "video": "Fjg5lYqvzUs" })).await;
    assert_eq!(replay["live_status"], "was_live");

    let live = harness.ok("get_video_context", json!({ "video": "X4VbdwhkE10" })).await;
    assert_eq!(live["live_status"], "live");
}

#[tokio::test]
async fn availability_lists_every_track_with_kind_and_the_default() {
    let harness = Harness::start().await;
    let answer = harness.ok("check_transcript_availability", json!({ "video": MULTILANG })).await;

    assert_eq!(answer["available"], true);
    assert_eq!(answer["tracks"].as_array().unwrap().len(), 9);
    assert_eq!(
        answer["tracks"][3],
        json!({ "language_code": "en", "language_name": "English (auto-generated)",
                "kind": "auto", "translatable": true })
    );
    assert_eq!(answer["translation_language_count"], 18);
    assert_eq!(answer["default_track"]["language_code"], "en");
    assert_eq!(answer["default_track"]["kind"], "manual");
    assert!(answer.get("reason").is_none());
}

#[tokio::test]
async fn availability_explains_why_no_transcript_can_be_had() {
    let harness = Harness::start().await;
    let cases = [
        ("dsMFmonKDD4", "transcripts_disabled"),
        ("Njp5uhTorCo", "age_restricted"),
        ("8VajtrESJzA", "video_private"),
        ("MembersOnly", "members_only"),
        ("RegionBlock", "region_blocked"),
        ("X4VbdwhkE10", "live_in_progress"),
        ("N-yVic7BbY0", "upcoming"),
        ("PoTokenOnly", "available"),
    ];
    for (id, expected) in cases {
        let answer = harness.ok("check_transcript_availability", json!({ "video": id })).await;
        if expected == "available" {
            // Only the manual en track is gated; the others can still be fetched.
            assert_eq!(answer["available"], true, "{id}");
            continue;
        }
        assert_eq!(answer["available"], false, "{id}");
        assert_eq!(answer["reason"]["code"], expected, "{id}");
        assert!(!answer["reason"]["suggestions"].as_array().unwrap().is_empty(), "{id}");
    }
}

#[tokio::test]
async fn availability_is_an_error_only_when_the_video_does_not_exist_or_cannot_be_learned() {
    let harness = Harness::start().await;
    let missing =
        harness.err("check_transcript_availability", json!({ "video": "xxxxxxxxxxx" })).await;
    assert_eq!(missing["code"], "video_not_found");

    let blocked =
        harness.err("check_transcript_availability", json!({ "video": "BotCheck000" })).await;
    assert_eq!(blocked["code"], "request_blocked");
}

#[tokio::test]
async fn transcript_text_is_one_timestamped_line_per_segment_with_entities_decoded() {
    let harness = Harness::start().await;
    let result = harness.call("get_video_transcript", json!({ "video": MULTILANG })).await;

    assert_eq!(
        text(&result),
        "[0:00] Hey, this is just a test\n\
         [0:01] this is not the original transcript\n\
         [0:05] just something shorter, I made up for testing\n"
    );
    let structured = result.structured_content.expect("structured");
    assert_eq!(
        structured["track"],
        json!({ "language_code": "en", "language_name": "English", "kind": "manual",
                "selected_because": "youtube_default" })
    );
    assert_eq!(
        structured["segments"][1],
        json!({ "start": 1.54, "duration": 4.16,
        "text": "this is not the original transcript" })
    );
    assert_eq!(structured["segments"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn numeric_entities_in_captions_become_the_characters_viewers_see() {
    let harness = Harness::start().await;
    let answer =
        harness.ok("get_video_transcript", json!({ "video": EN_ONLY, "language": "en" })).await;

    let texts: Vec<&str> = answer["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Hey, this is just a test",
            "this is not the original transcript",
            "test & test, like this \"test\" he's testing",
        ]
    );
    assert_eq!(answer["track"]["selected_because"], "requested_language_manual");
}

#[tokio::test]
async fn invalid_cues_from_upstream_are_left_out_never_served() {
    let harness = Harness::start().await;
    let answer = harness.ok("get_video_transcript", json!({ "video": "BadNumbers1" })).await;

    let segments = answer["segments"].as_array().unwrap();
    let mut previous = 0.0;
    for segment in segments {
        let start = segment["start"].as_f64().unwrap();
        let duration = segment["duration"].as_f64().unwrap();
        assert!(start >= previous && duration >= 0.0, "{segment}");
        previous = start;
    }
    assert!(!segments.is_empty());
}

#[tokio::test]
async fn default_track_follows_youtube_then_spoken_language_then_auto_then_first_manual() {
    let fake = FakeYouTube::start().await;

    // No default named by the player: the manual track in the spoken (auto) language wins.
    let mut player = multilang_player();
    player["captions"]["playerCaptionsTracklistRenderer"]
        .as_object_mut()
        .unwrap()
        .remove("audioTracks");
    override_player(&fake, MULTILANG, &player).await;
    let harness = Harness::with_fake(fake).await;
    let answer = harness.ok("check_transcript_availability", json!({ "video": MULTILANG })).await;
    assert_eq!(answer["default_track"]["language_code"], "en");
    let transcript = harness.ok("get_video_transcript", json!({ "video": MULTILANG })).await;
    assert_eq!(transcript["track"]["selected_because"], "manual_in_spoken_language");

    // Without the manual English track, the auto track is next.
    let fake = FakeYouTube::start().await;
    let tracks = player["captions"]["playerCaptionsTracklistRenderer"]["captionTracks"]
        .as_array_mut()
        .unwrap();
    tracks.retain(|t| !(t["languageCode"] == "en" && t.get("kind").is_none()));
    override_player(&fake, MULTILANG, &player).await;
    let harness = Harness::with_fake(fake).await;
    let transcript = harness.ok("get_video_transcript", json!({ "video": MULTILANG })).await;
    assert_eq!(transcript["track"]["kind"], "auto");
    assert_eq!(transcript["track"]["selected_because"], "auto_generated");

    // With no auto track either, the first manual track (Chinese) is chosen: never "en" by fiat.
    let fake = FakeYouTube::start().await;
    let tracks = player["captions"]["playerCaptionsTracklistRenderer"]["captionTracks"]
        .as_array_mut()
        .unwrap();
    tracks.retain(|t| t.get("kind").is_none());
    override_player(&fake, MULTILANG, &player).await;
    let harness = Harness::with_fake(fake).await;
    let transcript = harness.ok("get_video_transcript", json!({ "video": MULTILANG })).await;
    assert_eq!(transcript["track"]["language_code"], "zh");
    assert_eq!(transcript["track"]["selected_because"], "first_manual");
}

#[tokio::test]
async fn a_requested_language_prefers_the_manual_track() {
    let harness = Harness::start().await;
    let german =
        harness.ok("get_video_transcript", json!({ "video": MULTILANG, "language": "de" })).await;
    assert_eq!(german["track"]["language_code"], "de");
    assert_eq!(german["track"]["kind"], "manual");
    assert!(!german["segments"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn search_finds_whole_words_with_context_timestamps_and_deep_links() {
    let harness = Harness::start().await;
    let answer =
        harness.ok("search_transcript", json!({ "video": MULTILANG, "query": "TEST" })).await;

    // `test` is a word of the first line only: `testing` in the last line is another word.
    assert_eq!(answer["total_hits"], 1);
    let hit = &answer["hits"][0];
    assert_eq!(hit["start"], 0.0);
    assert_eq!(hit["end"], 1.54);
    assert_eq!(hit["timestamp"], "0:00");
    assert_eq!(hit["text"], "Hey, this is just a test this is not the original transcript");
    assert_eq!(hit["url"], "https://www.youtube.com/watch?v=GJLlxj_dtq8&t=0s");
    assert!(hit["score"].as_f64().unwrap() > 0.0, "{hit}");
    assert!(hit.get("chapter").is_none(), "the first auto chapter starts at 0:39: {hit}");
    assert_eq!(answer["track"]["language_code"], "en");

    let two = harness
        .ok("search_transcript", json!({ "video": MULTILANG, "query": "just", "context": 0 }))
        .await;
    assert_eq!(two["total_hits"], 2);
    let limited = harness
        .ok(
            "search_transcript",
            json!({ "video": MULTILANG, "query": "just", "context": 0, "max_results": 1 }),
        )
        .await;
    assert_eq!(limited["total_hits"], 2);
    assert_eq!(limited["hits"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn every_accepted_url_form_reaches_the_same_video() {
    let harness = Harness::start().await;
    let forms = [
        "GJLlxj_dtq8",
        "  GJLlxj_dtq8 ",
        "https://www.youtube.com/watch?v=GJLlxj_dtq8",
        "www.youtube.com/watch?v=GJLlxj_dtq8&t=42s&list=PL0123456789abcdef&index=3&pp=x",
        "https://youtu.be/GJLlxj_dtq8?si=AbCdEf123",
        "https://www.youtube.com/shorts/GJLlxj_dtq8",
        "https://www.youtube.com/live/GJLlxj_dtq8?feature=share",
        "https://www.youtube.com/embed/GJLlxj_dtq8?start=10",
        "https://www.youtube.com/v/GJLlxj_dtq8",
        "https://www.youtube.com/e/GJLlxj_dtq8",
        "https://m.youtube.com/watch?v=GJLlxj_dtq8",
        "https://music.youtube.com/watch?v=GJLlxj_dtq8",
        "https://www.youtube-nocookie.com/embed/GJLlxj_dtq8",
        "https://www.youtube.com/attribution_link?a=x&u=%2Fwatch%3Fv%3DGJLlxj_dtq8%26feature%3Dshare",
        "youtube.com/watch?v=GJLlxj_dtq8#t=30",
        "(https://youtu.be/GJLlxj_dtq8).",
    ];
    for form in forms {
        let answer = harness.ok("check_transcript_availability", json!({ "video": form })).await;
        assert_eq!(answer["video_id"], MULTILANG, "{form}");
    }
}

#[tokio::test]
async fn a_transcript_call_costs_one_request_per_upstream_endpoint() {
    let harness = Harness::start().await;
    harness.ok("get_video_transcript", json!({ "video": MULTILANG })).await;

    let fake = &harness.fake;
    assert_eq!(fake.requests_to("/watch").await, 1);
    assert_eq!(fake.requests_to("/youtubei/v1/player").await, 1);
    assert_eq!(fake.requests_to("/api/timedtext").await, 1);
}
