//! `parse_watch_page` against recorded pages (MIT fixtures) and minimal inline pages.

use std::path::Path;

use super::*;
use crate::youtube::model::{Playability, TrackKind};
use crate::youtube::player::parse_player_value;

const WEB_KEY: &str = "AIzaSyAO_FJ2SlqU8Q4STEHLGCilw_Y9_11qcW8";

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/youtube").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn id(text: &str) -> VideoId {
    VideoId::from_bare(text).expect("test ids are valid")
}

/// The key and embedded player of a page that must be a normal watch page.
fn page(html: &str) -> (Option<String>, Option<Value>) {
    match parse_watch_page(html) {
        WatchPage::Page { api_key, embedded_player, .. } => (api_key, embedded_player),
        other => panic!("expected a watch page, got {other:?}"),
    }
}

#[test]
fn ok_page_yields_the_web_key_and_the_embedded_player() {
    let (api_key, player) = page(&fixture("watch_page_ok_GJLlxj_dtq8.html"));

    assert_eq!(api_key.as_deref(), Some(WEB_KEY));
    let player = player.expect("page embeds ytInitialPlayerResponse");
    assert_eq!(player["videoDetails"]["videoId"], "GJLlxj_dtq8");
    assert_eq!(player["playabilityStatus"]["status"], "OK");
}

#[test]
fn ok_page_dates_its_own_video_only() {
    let (_, player) = page(&fixture("watch_page_ok_GJLlxj_dtq8.html"));
    let player = player.expect("page embeds ytInitialPlayerResponse");

    assert_eq!(published_date(&player, &id("GJLlxj_dtq8")).as_deref(), Some("2018-08-02"));
    assert_eq!(published_date(&player, &id("F1xioXWb8CY")), None);
}

#[test]
fn ok_page_embedded_tracks_all_need_a_po_token() {
    let (_, player) = page(&fixture("watch_page_ok_GJLlxj_dtq8.html"));
    let player = player.expect("page embeds ytInitialPlayerResponse");
    let info = parse_player_value(&player, &id("GJLlxj_dtq8")).expect("embedded answer parses");

    assert_eq!(info.captions.tracks.len(), 9);
    assert!(info.captions.tracks.iter().all(|track| track.po_token_required));
    assert_eq!(info.captions.tracks[0].language_name, "Chinese");
    assert_eq!(info.details.expect("details").published.as_deref(), Some("2018-08-02"));
}

#[test]
fn age_restricted_page_has_a_key_and_an_age_gated_player() {
    let (api_key, player) = page(&fixture("watch_page_age_restricted_Njp5uhTorCo.html"));
    assert_eq!(api_key.as_deref(), Some(WEB_KEY));

    let player = player.expect("page embeds ytInitialPlayerResponse");
    assert_eq!(published_date(&player, &id("Njp5uhTorCo")).as_deref(), Some("2022-08-07"));
    let info = parse_player_value(&player, &id("Njp5uhTorCo")).expect("embedded answer parses");
    let reason = "Sign in to confirm your age".to_owned();
    assert_eq!(info.playability, Playability::AgeRestricted { reason });
}

#[test]
fn unavailable_page_has_a_key_and_a_not_found_player_without_date() {
    let (api_key, player) = page(&fixture("watch_page_video_unavailable.html"));
    assert_eq!(api_key.as_deref(), Some(WEB_KEY));

    let player = player.expect("page embeds ytInitialPlayerResponse");
    assert_eq!(player["playabilityStatus"]["reason"], "Video unavailable");
    assert_eq!(published_date(&player, &id("GJLlxj_dtq8")), None);
    let info = parse_player_value(&player, &id("GJLlxj_dtq8")).expect("embedded answer parses");
    assert_eq!(info.playability, Playability::NotFound);
}

#[test]
fn asr_track_without_translation_languages_is_not_translatable() {
    let html = fixture("watch_page_asr_no_translation_languages_P3pFkriw10Q.html");
    let (api_key, player) = page(&html);
    assert_eq!(api_key.as_deref(), Some(WEB_KEY));

    let player = player.expect("page embeds ytInitialPlayerResponse");
    let info = parse_player_value(&player, &id("P3pFkriw10Q")).expect("embedded answer parses");
    let track = &info.captions.tracks[..];
    assert_eq!(track.len(), 1);
    assert_eq!((track[0].language_code.as_str(), track[0].kind), ("ar", TrackKind::Auto));
    assert!(!track[0].translatable);
    assert_eq!(published_date(&player, &id("P3pFkriw10Q")).as_deref(), Some("2023-01-06"));
}

#[test]
fn eu_consent_page_yields_the_consent_value() {
    let found = parse_watch_page(&fixture("consent_page_eu_de.html"));
    let v = Some("cb.20210328-17-p0.de+FX+119".to_owned());
    assert_eq!(found, WatchPage::Consent { v });
}

#[test]
fn consent_form_without_v_input_has_no_value() {
    let html = r#"<form action="https://consent.youtube.com/s" method="POST">
        <input type="hidden" name="gl" value="DE"><button>Alle akzeptieren</button></form>"#;
    assert_eq!(parse_watch_page(html), WatchPage::Consent { v: None });
}

#[test]
fn consent_value_has_html_entities_decoded() {
    let html = r#"<form action="https://consent.youtube.com/s">
        <input type="hidden" name="v" value="cb.2021&amp;x+1"></form>"#;
    let v = Some("cb.2021&x+1".to_owned());
    assert_eq!(parse_watch_page(html), WatchPage::Consent { v });
}

#[test]
fn recaptcha_page_is_a_captcha() {
    assert_eq!(parse_watch_page(&fixture("too_many_requests_recaptcha.html")), WatchPage::Captcha);
}

#[test]
fn captcha_widget_next_to_a_key_is_still_a_page() {
    let html =
        r#"<div class="g-recaptcha"></div><script>{"INNERTUBE_API_KEY":"AIzaK-_9"}</script>"#;
    assert_eq!(page(html).0.as_deref(), Some("AIzaK-_9"));
}

#[test]
fn json_escaped_key_is_found() {
    let html =
        r#"<script>var cfg = "{\"INNERTUBE_API_KEY\":\"AIzaEscaped_-1\",\"X\":1}";</script>"#;
    assert_eq!(page(html).0.as_deref(), Some("AIzaEscaped_-1"));
}

#[test]
fn key_with_space_after_the_colon_is_found() {
    let html = r#"ytcfg.set({"INNERTUBE_API_KEY": "AIzaSpaced"});"#;
    assert_eq!(page(html).0.as_deref(), Some("AIzaSpaced"));
}

#[test]
fn malformed_key_is_skipped_for_a_later_well_formed_one() {
    let html = r#"{"INNERTUBE_API_KEY":"bad key"} {"INNERTUBE_API_KEY":""}
        {"INNERTUBE_API_KEY":"AIzaGood"}"#;
    assert_eq!(page(html).0.as_deref(), Some("AIzaGood"));
}

#[test]
fn key_with_foreign_characters_is_refused() {
    let html = r#"{"INNERTUBE_API_KEY":"AIza<script>"}"#;
    assert_eq!(page(html).0, None);
}

#[test]
fn page_with_neither_key_nor_captcha_is_a_page_without_key() {
    let html = "<html><body>Something else entirely</body></html>";
    let expected = WatchPage::Page { api_key: None, embedded_player: None, chapters: None };
    assert_eq!(parse_watch_page(html), expected);
}

#[test]
fn embedded_player_is_read_past_nested_closing_braces() {
    let html = r#"<script>window.x = "ytInitialPlayerResponse";
        var ytInitialPlayerResponse = null;
        var ytInitialPlayerResponse = {"a":{"b":"};"},"videoDetails":{"videoId":"GJLlxj_dtq8"}};
        var meta = document.createElement('meta');</script>"#;
    let (_, player) = page(html);
    let player = player.expect("third occurrence is the assignment");
    assert_eq!(player["a"]["b"], "};");
    assert_eq!(player["videoDetails"]["videoId"], "GJLlxj_dtq8");
}

#[test]
fn truncated_embedded_player_is_left_out() {
    let html = r#"var ytInitialPlayerResponse = {"videoDetails":{"videoId":"GJLl"#;
    assert_eq!(page(html).1, None);
}

#[test]
fn player_without_microformat_has_no_date() {
    let player = serde_json::json!({ "videoDetails": { "videoId": "GJLlxj_dtq8" } });
    assert_eq!(published_date(&player, &id("GJLlxj_dtq8")), None);
}

/// The facts a parsed page gives for `requested`.
fn facts(html: &str, requested: &str) -> PageFacts {
    match parse_watch_page(html) {
        WatchPage::Page { embedded_player, chapters, .. } => {
            page_facts(embedded_player.as_ref(), chapters, &id(requested))
        }
        other => panic!("expected a watch page, got {other:?}"),
    }
}

#[test]
fn ok_page_has_ten_auto_chapters_and_its_date() {
    let page = facts(&fixture("watch_page_ok_GJLlxj_dtq8.html"), "GJLlxj_dtq8");

    assert_eq!(page.published.as_deref(), Some("2018-08-02"));
    let titles: Vec<&str> = page.chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Build Quality",
            "Screen",
            "Pen Support",
            "Webcam",
            "Keyboard",
            "Trackpad",
            "Performance",
            "Battery Life",
            "Gaming Performance",
            "Ports"
        ]
    );
    assert_eq!(page.chapters[0].start, 39.16);
    assert_eq!(page.chapters[9].start, 254.709);
}

#[test]
fn ok_page_gives_no_facts_to_another_video() {
    let page = facts(&fixture("watch_page_ok_GJLlxj_dtq8.html"), "F1xioXWb8CY");
    assert_eq!(page, PageFacts::default());
}

#[test]
fn pages_without_chapter_panels_have_no_chapters() {
    let age = facts(&fixture("watch_page_age_restricted_Njp5uhTorCo.html"), "Njp5uhTorCo");
    assert_eq!(age.published.as_deref(), Some("2022-08-07"));
    assert!(age.chapters.is_empty());

    let asr = fixture("watch_page_asr_no_translation_languages_P3pFkriw10Q.html");
    assert!(facts(&asr, "P3pFkriw10Q").chapters.is_empty());
}
