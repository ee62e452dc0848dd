//! `parse_player` against recorded ANDROID answers (MIT fixtures) and minimal inline answers.

use std::path::Path;

use serde_json::json;

use super::*;
use crate::error::ErrorCode;
use crate::youtube::model::{LiveStatus, TrackKind};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/youtube").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn id(text: &str) -> VideoId {
    VideoId::from_bare(text).expect("test ids are valid")
}

fn parse_fixture(name: &str, video: &str) -> VideoInfo {
    parse_player(&fixture(name), &id(video)).expect("recorded answer parses")
}

#[test]
fn multilang_answer_lists_nine_tracks_in_youtube_order() {
    let info = parse_fixture("player_android_ok_multilang_GJLlxj_dtq8.json", "GJLlxj_dtq8");

    let listed: Vec<_> = info
        .captions
        .tracks
        .iter()
        .map(|t| (t.language_code.as_str(), t.kind, t.language_name.as_str()))
        .collect();
    let expected = [
        ("zh", TrackKind::Manual, "Chinese"),
        ("cs", TrackKind::Manual, "Czech"),
        ("en", TrackKind::Manual, "English"),
        ("en", TrackKind::Auto, "English (auto-generated)"),
        ("de", TrackKind::Manual, "German"),
        ("hi", TrackKind::Manual, "Hindi"),
        ("ja", TrackKind::Manual, "Japanese"),
        ("ko", TrackKind::Manual, "Korean"),
        ("es", TrackKind::Manual, "Spanish"),
    ];
    assert_eq!(listed, expected);
    assert!(info.captions.tracks.iter().all(|t| t.translatable && !t.po_token_required));
}

#[test]
fn multilang_answer_has_eighteen_translation_targets_and_english_default() {
    let info = parse_fixture("player_android_ok_multilang_GJLlxj_dtq8.json", "GJLlxj_dtq8");
    let targets = &info.captions.translation_languages;

    assert_eq!(targets.len(), 18);
    assert_eq!((targets[0].code.as_str(), targets[0].name.as_str()), ("ar", "Arabic"));
    assert_eq!(targets[1].code, "zh-Hant");
    assert_eq!(targets[1].name, "Chinese (Traditional)");
    assert_eq!(targets[17].code, "vi");

    let default = info.captions.default_track.expect("audio track names a default");
    assert_eq!(default, 2);
    assert_eq!(info.captions.tracks[default].language_name, "English");
}

#[test]
fn multilang_answer_keeps_the_caption_url_raw() {
    let info = parse_fixture("player_android_ok_multilang_GJLlxj_dtq8.json", "GJLlxj_dtq8");
    let url = &info.captions.tracks[2].base_url;

    assert!(url.starts_with("https://www.youtube.com/api/timedtext?v=GJLlxj_dtq8&ei="));
    assert!(url.ends_with("&key=yt8&lang=en&fmt=srv3"));
}

#[test]
fn multilang_answer_carries_the_video_metadata() {
    let info = parse_fixture("player_android_ok_multilang_GJLlxj_dtq8.json", "GJLlxj_dtq8");
    let details = info.details.expect("OK answer has videoDetails");

    assert_eq!(info.playability, Playability::Ok);
    assert_eq!(details.title, "Surface Go Review - It\u{2019}s Awesome");
    assert_eq!(details.channel_name, "Dave2D");
    assert_eq!(details.channel_id.as_deref(), Some("UCVYamHliCI9rw1tHR1xbkfw"));
    assert_eq!(details.duration_seconds, Some(316));
    assert_eq!(details.view_count, Some(1_856_109));
    assert!(details.description.starts_with("Dave2D review of the Microsoft Surface Go. "));
    assert_eq!(details.keywords.len(), 15);
    assert_eq!(details.keywords[..2], ["Dave2D", "Review"]);
    assert_eq!(details.live_status, LiveStatus::None);
    let thumbnail = "https://i.ytimg.com/vi/GJLlxj_dtq8/sddefault.jpg";
    assert_eq!(details.thumbnail_url.as_deref(), Some(thumbnail));
    assert_eq!(details.published, None, "ANDROID answers carry no microformat");
}

#[test]
fn english_only_answer_has_manual_and_generated_english() {
    let info = parse_fixture("player_android_ok_en_only_F1xioXWb8CY.json", "F1xioXWb8CY");

    let kinds: Vec<_> =
        info.captions.tracks.iter().map(|t| (t.language_code.as_str(), t.kind)).collect();
    assert_eq!(kinds, [("en", TrackKind::Manual), ("en", TrackKind::Auto)]);
    assert_eq!(info.captions.translation_languages.len(), 17);
    assert_eq!(info.captions.default_track, Some(0));

    let details = info.details.expect("OK answer has videoDetails");
    assert_eq!(details.channel_name, "The Great War");
    assert_eq!(details.duration_seconds, Some(1509));
}

#[test]
fn only_the_track_with_exp_xpe_needs_a_po_token() {
    let name = "player_android_po_token_required_exp_xpe_GJLlxj_dtq8.json";
    let info = parse_fixture(name, "GJLlxj_dtq8");

    let gated: Vec<_> = info
        .captions
        .tracks
        .iter()
        .filter(|t| t.po_token_required)
        .map(|t| (t.language_code.as_str(), t.kind))
        .collect();
    assert_eq!(gated, [("en", TrackKind::Manual)]);
    assert!(info.captions.tracks[2].base_url.contains("&exp=xpe&"));
}

#[test]
fn age_restricted_answer_keeps_metadata_and_has_no_captions() {
    let info = parse_fixture("player_android_age_restricted_Njp5uhTorCo.json", "Njp5uhTorCo");

    let reason = "This video may be inappropriate for some users.".to_owned();
    assert_eq!(info.playability, Playability::AgeRestricted { reason });
    assert_eq!(info.captions, Captions::default());

    let details = info.details.expect("age-gated answers still carry videoDetails");
    assert_eq!(details.title, "Laura Branigan - Self Control (Moreno J Remix) Age-restricted");
    assert_eq!(details.channel_id.as_deref(), Some("UCJqyF-E8VW75fQz61ftchzg"));
    assert_eq!(details.view_count, Some(179_579));
}

#[test]
fn bot_check_answer_is_a_bot_check_without_metadata() {
    let info = parse_fixture("player_android_bot_check_login_required.json", "GJLlxj_dtq8");

    let reason = "Sign in to confirm you\u{2019}re not a bot".to_owned();
    assert_eq!(info.playability, Playability::BotCheck { reason });
    assert_eq!(info.details, None);
    let error = info.playability.transcript_error(&info.id).expect("bot check blocks");
    assert_eq!(error.code(), ErrorCode::RequestBlocked);
}

#[test]
fn unavailable_answer_is_not_found() {
    let info = parse_fixture("player_android_video_unavailable.json", "GJLlxj_dtq8");

    assert_eq!(info.playability, Playability::NotFound);
    assert_eq!(info.details, None);
}

#[test]
fn custom_status_keeps_youtubes_words_and_subreasons() {
    let info = parse_fixture("player_android_unplayable_custom_reason_edited.json", "GJLlxj_dtq8");

    let expected = Playability::Unplayable {
        status: "CUSTOM".into(),
        reason: "Custom Reason".into(),
        subreasons: vec!["Sub Reason 1".into(), "Sub Reason 2".into()],
    };
    assert_eq!(info.playability, expected);
}

#[test]
fn answer_without_captions_is_playable_with_no_tracks() {
    let info = parse_fixture("player_android_transcripts_disabled_dsMFmonKDD4.json", "dsMFmonKDD4");

    assert_eq!(info.playability, Playability::Ok);
    assert_eq!(info.captions, Captions::default());
    let details = info.details.expect("OK answer has videoDetails");
    assert_eq!(details.title, "Ang\u{e8}le - Eels x Richard Cocciante | A Take Away Show");
    assert_eq!(details.channel_name, "Blogoth\u{e8}que");
    assert_eq!(details.view_count, Some(16_537_399));
}

#[test]
fn past_live_stream_is_playable_and_was_live() {
    let name = "player_android_transcripts_disabled_live_replay_Fjg5lYqvzUs.json";
    let info = parse_fixture(name, "Fjg5lYqvzUs");

    assert_eq!(info.playability, Playability::Ok);
    assert!(info.captions.tracks.is_empty());
    let details = info.details.expect("OK answer has videoDetails");
    assert_eq!(details.live_status, LiveStatus::WasLive);
    assert_eq!(details.duration_seconds, Some(23_169));
    assert_eq!(details.channel_name, "Washington Post");
    let thumbnail = "https://i.ytimg.com/vi/Fjg5lYqvzUs/sddefault.jpg?v=5e669e1c";
    assert_eq!(details.thumbnail_url.as_deref(), Some(thumbnail));
}

#[test]
fn answer_about_another_video_is_refused() {
    let body = fixture("player_android_ok_multilang_GJLlxj_dtq8.json");
    let error = parse_player(&body, &id("F1xioXWb8CY")).expect_err("wrong video must be refused");

    assert_eq!(error.code(), ErrorCode::UpstreamChanged);
    assert!(error.to_string().contains("GJLlxj_dtq8"), "{error}");
    assert_eq!(error.details()["stage"], "player");
}

#[test]
fn non_string_video_id_is_refused_too() {
    let body = r#"{"videoDetails": {"videoId": 42}, "playabilityStatus": {"status": "OK"}}"#;
    let error = parse_player(body, &id("GJLlxj_dtq8")).expect_err("a number is not our id");
    assert_eq!(error.code(), ErrorCode::UpstreamChanged);
}

#[test]
fn empty_object_means_the_video_does_not_exist() {
    let info = parse_player("{}", &id("don-t-exist")).expect("{} is a valid answer");

    assert_eq!(info.playability, Playability::NotFound);
    assert_eq!(info.details, None);
    assert_eq!(info.id.as_str(), "don-t-exist");
}

#[test]
fn non_json_and_non_object_answers_are_upstream_changes() {
    for body in ["<html>Sorry</html>", "", "[]", "\"OK\"", "null", "{\"a\":"] {
        let error = parse_player(body, &id("GJLlxj_dtq8")).expect_err(body);
        assert_eq!(error.code(), ErrorCode::UpstreamChanged, "{body:?}");
        assert_eq!(error.details()["stage"], "player", "{body:?}");
    }
}

#[test]
fn garbage_numbers_are_left_out_not_guessed() {
    let answer = json!({
        "playabilityStatus": { "status": "OK" },
        "videoDetails": {
            "videoId": "GJLlxj_dtq8", "title": "T", "author": "A",
            "lengthSeconds": "3:16", "viewCount": "-5",
        },
    });
    let info = parse_player_value(&answer, &id("GJLlxj_dtq8")).expect("answer parses");
    let details = info.details.expect("videoDetails present");

    assert_eq!(details.duration_seconds, None);
    assert_eq!(details.view_count, None);
    assert_eq!(details.title, "T");
}

#[test]
fn web_answer_fills_the_publish_date_from_the_microformat() {
    for (written, day) in
        [("2018-08-02T06:00:08-07:00", "2018-08-02"), ("2023-02-27", "2023-02-27")]
    {
        let answer = json!({
            "videoDetails": { "videoId": "GJLlxj_dtq8", "title": "T" },
            "microformat": { "playerMicroformatRenderer": { "publishDate": written } },
        });
        let info = parse_player_value(&answer, &id("GJLlxj_dtq8")).expect("answer parses");
        assert_eq!(info.details.expect("details").published.as_deref(), Some(day));
    }
}

#[test]
fn unreadable_publish_date_is_left_out() {
    let answer = json!({
        "videoDetails": { "videoId": "GJLlxj_dtq8" },
        "microformat": { "playerMicroformatRenderer": { "publishDate": "Aug 2, 2018" } },
    });
    let info = parse_player_value(&answer, &id("GJLlxj_dtq8")).expect("answer parses");
    assert_eq!(info.details.expect("details").published, None);
}

#[test]
fn live_now_answer_is_live_with_live_status() {
    let answer = json!({
        "playabilityStatus": { "status": "OK", "liveStreamability": {
            "liveStreamabilityRenderer": { "videoId": "X4VbdwhkE10", "broadcastId": "1" },
        }},
        "videoDetails": {
            "videoId": "X4VbdwhkE10", "lengthSeconds": "0", "isLive": true, "isLiveContent": true,
        },
    });
    let info = parse_player_value(&answer, &id("X4VbdwhkE10")).expect("answer parses");

    assert_eq!(info.playability, Playability::LiveNow);
    let details = info.details.expect("details");
    assert_eq!(details.live_status, LiveStatus::Live);
    assert_eq!(details.duration_seconds, Some(0));
}

#[test]
fn upcoming_answer_has_upcoming_status_and_start() {
    let answer = json!({
        "playabilityStatus": {
            "status": "LIVE_STREAM_OFFLINE",
            "reason": "This live event will begin in 18 hours.",
        },
        "videoDetails": { "videoId": "N-yVic7BbY0", "isUpcoming": true, "isLiveContent": true },
        "microformat": { "playerMicroformatRenderer": {
            "publishDate": "2023-02-27",
            "liveBroadcastDetails": {
                "isLiveNow": false,
                "startTimestamp": "2023-02-28T14:00:00+00:00",
            },
        }},
    });
    let info = parse_player_value(&answer, &id("N-yVic7BbY0")).expect("answer parses");

    let starts_at = Some("2023-02-28T14:00:00Z".to_owned());
    assert_eq!(info.playability, Playability::Upcoming { starts_at });
    let details = info.details.expect("details");
    assert_eq!(details.live_status, LiveStatus::Upcoming);
    assert_eq!(details.published.as_deref(), Some("2023-02-27"));
}

#[test]
fn members_only_answer_keeps_metadata() {
    let reason = "Join this channel to get access to members-only content like this video.";
    let answer = json!({
        "playabilityStatus": { "status": "UNPLAYABLE", "reason": reason },
        "videoDetails": { "videoId": "GJLlxj_dtq8", "title": "Members stream", "author": "A" },
    });
    let info = parse_player_value(&answer, &id("GJLlxj_dtq8")).expect("answer parses");

    assert_eq!(info.playability, Playability::MembersOnly { reason: reason.into() });
    assert_eq!(info.details.expect("details").title, "Members stream");
}

#[test]
fn video_details_that_are_not_an_object_are_left_out() {
    let answer = json!({ "playabilityStatus": { "status": "OK" }, "videoDetails": "oops" });
    let info = parse_player_value(&answer, &id("GJLlxj_dtq8")).expect("answer parses");
    assert_eq!(info.details, None);
}
