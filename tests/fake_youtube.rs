//! The fake YouTube serves what our client will ask for, the way it will ask, and nothing else;
//! the transcript generator behind it produces well-formed, doubly escaped srv1 bodies.

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::fake_youtube::{
    API_KEY, CONSENT_COOKIE, FIXTURE_DIR, FakeYouTube, GENERATED_SEGMENTS, PLAYER_PATH,
    TIMEDTEXT_PATH, WATCH_PATH, catalog,
};
use support::srv1_gen::{self, Cue, Kind, Spec};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

/// A client that never goes through a proxy: every request stays on loopback.
fn http() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().expect("build a reqwest client")
}

async fn get(url: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut request = http().get(url);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.expect("the fake answers");
    let status = response.status();
    (status, response.text().await.expect("a text body"))
}

async fn watch(fake: &FakeYouTube, id: &str, cookie: Option<&str>) -> (StatusCode, String) {
    get(&format!("{}{WATCH_PATH}?v={id}", fake.uri()), cookie).await
}

/// Posts a player request shaped like the client's (ANDROID context, `videoId`).
async fn player(fake: &FakeYouTube, key: &str, body: Value) -> (StatusCode, Value) {
    let url = format!("{}{PLAYER_PATH}?key={key}", fake.uri());
    let response = http().post(url).json(&body).send().await.expect("the fake answers");
    let status = response.status();
    (status, response.json().await.expect("a JSON body"))
}

fn player_body(id: &str) -> Value {
    json!({
        "context": { "client": { "clientName": "ANDROID", "clientVersion": "20.10.38" } },
        "videoId": id,
    })
}

async fn player_for(fake: &FakeYouTube, id: &str) -> Value {
    let (status, answer) = player(fake, API_KEY, player_body(id)).await;
    assert_eq!(status, StatusCode::OK, "player answer for {id}");
    answer
}

/// What the client does with a caption `baseUrl`: drop `fmt=srv3`, move it onto the fake.
fn local_caption_url(fake: &FakeYouTube, base_url: &str) -> String {
    let rest = base_url.strip_prefix("https://www.youtube.com").expect("a youtube.com URL");
    format!("{}{}", fake.uri(), rest.replace("&fmt=srv3", ""))
}

fn caption_base_urls(answer: &Value) -> Vec<String> {
    let tracks = answer.pointer("/captions/playerCaptionsTracklistRenderer/captionTracks");
    let tracks = tracks.and_then(Value::as_array).cloned().unwrap_or_default();
    tracks.iter().map(|t| t["baseUrl"].as_str().expect("a baseUrl").to_owned()).collect()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURE_DIR}/{name}")).expect("a copied fixture")
}

/// Compares a served page with a fixture without printing a megabyte of HTML on failure.
fn assert_is_fixture(served: &str, name: &str) {
    let expected = fixture(name);
    assert!(
        served == expected,
        "served {} bytes, not {name} ({} bytes)",
        served.len(),
        expected.len()
    );
}

/// Reads an srv1 body back the way YouTube's escaping requires: XML unescape, then HTML.
fn parse_srv1(body: &str) -> Vec<(String, String, String)> {
    let inner = body.split_once("<transcript>").expect("a transcript element").1;
    let cues = inner.split("<text ").skip(1);
    cues.map(|cue| {
        let (attributes, rest) = cue.split_once('>').expect("a closed start tag");
        let text = rest.split_once("</text>").expect("a closed text element").0;
        let once = html_escape::decode_html_entities(text).into_owned();
        let twice = html_escape::decode_html_entities(&once).into_owned();
        (attribute(attributes, "start"), attribute(attributes, "dur"), twice)
    })
    .collect()
}

fn attribute(attributes: &str, name: &str) -> String {
    let after = attributes.split_once(&format!("{name}=\"")).expect("the attribute").1;
    after.split_once('"').expect("a closing quote").0.to_owned()
}

/// The watch page of a catalog id is the recorded page with the innertube key.
#[tokio::test]
async fn watch_page_of_a_catalog_id_carries_the_innertube_key() {
    let fake = FakeYouTube::start().await;

    let (status, page) = watch(&fake, "F1xioXWb8CY", None).await;

    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("\"INNERTUBE_API_KEY\":\"{API_KEY}\"")));
    assert_is_fixture(&page, "watch_page_ok_GJLlxj_dtq8.html");
}

/// Ids with a page of their own get it; unknown ids get the "Video unavailable" page.
#[tokio::test]
async fn watch_pages_follow_the_id() {
    let fake = FakeYouTube::start().await;

    let (_, age) = watch(&fake, "Njp5uhTorCo", None).await;
    let (_, unknown) = watch(&fake, "zzzzzzzzzzz", None).await;
    let (status, captcha) = watch(&fake, "CaptchaPage", None).await;

    assert_is_fixture(&age, "watch_page_age_restricted_Njp5uhTorCo.html");
    assert_is_fixture(&unknown, "watch_page_video_unavailable.html");
    assert_eq!(status, StatusCode::OK);
    assert!(captcha.contains("class=\"g-recaptcha\""));
    assert!(!captcha.contains("INNERTUBE_API_KEY"));
}

/// `ConsentPage` shows the consent form until the cookie it asks for comes back.
#[tokio::test]
async fn consent_page_is_served_until_the_consent_cookie_is_sent() {
    let fake = FakeYouTube::start().await;
    let with_cookie = format!("SOCS=CAI; {CONSENT_COOKIE}");

    let (_, first) = watch(&fake, "ConsentPage", None).await;
    let (_, other_cookie) = watch(&fake, "ConsentPage", Some("CONSENT=YES+other")).await;
    let (_, second) = watch(&fake, "ConsentPage", Some(&with_cookie)).await;

    assert!(first.contains("action=\"https://consent.youtube.com/s\""));
    assert!(first.contains("value=\"cb.20210328-17-p0.de+FX+119\""));
    assert!(other_cookie == first, "a wrong CONSENT value must not pass");
    assert!(second.contains(&format!("\"INNERTUBE_API_KEY\":\"{API_KEY}\"")));
}

/// `ConsentLoop` keeps showing the consent form, cookie or not.
#[tokio::test]
async fn consent_loop_ignores_the_consent_cookie() {
    let fake = FakeYouTube::start().await;

    let (_, page) = watch(&fake, "ConsentLoop", Some(CONSENT_COOKIE)).await;

    assert_is_fixture(&page, "consent_page_eu_de.html");
}

/// The player answer needs the page's key; any other key gets a 400 error envelope.
#[tokio::test]
async fn player_answer_is_served_only_with_the_right_key() {
    let fake = FakeYouTube::start().await;

    let (good_status, good) = player(&fake, API_KEY, player_body("GJLlxj_dtq8")).await;
    let (bad_status, bad) = player(&fake, "AIzaSyWrongKey", player_body("GJLlxj_dtq8")).await;

    assert_eq!(good_status, StatusCode::OK);
    assert_eq!(good["videoDetails"]["videoId"], "GJLlxj_dtq8");
    assert_eq!(bad_status, StatusCode::BAD_REQUEST);
    assert_eq!(bad["error"]["status"], "INVALID_ARGUMENT");
    assert!(bad.get("videoDetails").is_none());
}

/// A body without `context.client.clientName` is refused like a malformed request.
#[tokio::test]
async fn player_answer_needs_a_client_name() {
    let fake = FakeYouTube::start().await;

    let (status, answer) = player(&fake, API_KEY, json!({ "videoId": "GJLlxj_dtq8" })).await;

    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(answer["error"]["code"], 400);
}

/// Unknown ids get the recorded ANDROID "This video is unavailable" answer.
#[tokio::test]
async fn player_answer_for_an_unknown_id_is_video_unavailable() {
    let fake = FakeYouTube::start().await;

    let answer = player_for(&fake, "zzzzzzzzzzz").await;

    assert_eq!(answer["playabilityStatus"]["status"], "ERROR");
    assert_eq!(answer["playabilityStatus"]["reason"], "This video is unavailable");
}

/// `PoTokenOnly` is the PO-token recording with its id rewritten, `exp=xpe` kept.
#[tokio::test]
async fn po_token_alias_rewrites_every_occurrence_of_the_recorded_id() {
    let fake = FakeYouTube::start().await;

    let answer = player_for(&fake, "PoTokenOnly").await;
    let text = answer.to_string();
    let urls = caption_base_urls(&answer);

    assert_eq!(answer["videoDetails"]["videoId"], "PoTokenOnly");
    assert!(!text.contains("GJLlxj_dtq8"));
    let gated: Vec<_> = urls.iter().filter(|url| url.contains("exp=xpe")).collect();
    assert_eq!(gated.len(), 1);
    assert!(gated[0].contains("v=PoTokenOnly") && gated[0].contains("&lang=en&"));
}

/// `P3pFkriw10Q` answers with the player object embedded in its own watch page.
#[tokio::test]
async fn embedded_player_response_is_served_for_p3pfkriw10q() {
    let fake = FakeYouTube::start().await;

    let answer = player_for(&fake, "P3pFkriw10Q").await;
    let renderer = &answer["captions"]["playerCaptionsTracklistRenderer"];

    assert_eq!(answer["videoDetails"]["videoId"], "P3pFkriw10Q");
    assert_eq!(renderer["captionTracks"][0]["languageCode"], "ar");
    assert_eq!(renderer["captionTracks"][0]["kind"], "asr");
    assert_eq!(renderer["captionTracks"][0]["isTranslatable"], true);
    assert!(renderer.get("translationLanguages").is_none());
}

/// `WrongVideo1` gets another video's answer; `EmptyReply0` gets `{}`.
#[tokio::test]
async fn odd_answers_are_served_as_documented() {
    let fake = FakeYouTube::start().await;

    let wrong = player_for(&fake, "WrongVideo1").await;
    let empty = player_for(&fake, "EmptyReply0").await;

    assert_eq!(wrong["videoDetails"]["videoId"], "GJLlxj_dtq8");
    assert_eq!(empty, json!({}));
}

/// Each hand-made answer carries the status, reason and metadata its case documents.
#[tokio::test]
async fn handmade_answers_carry_their_documented_markers() {
    let fake = FakeYouTube::start().await;
    let cases = [
        ("8VajtrESJzA", "LOGIN_REQUIRED", "This video is private", false),
        (
            "sMJ8bRN2dak",
            "UNPLAYABLE",
            "This video is only available to Music Premium members",
            true,
        ),
        ("N-yVic7BbY0", "LIVE_STREAM_OFFLINE", "This live event will begin in 18 hours.", true),
        (
            "RegionBlock",
            "UNPLAYABLE",
            "The uploader has not made this video available in your country",
            true,
        ),
        (
            "MembersOnly",
            "UNPLAYABLE",
            concat!(
                "This video is available to this channel's members on level: ",
                "Gold (or any higher priced level)."
            ),
            true,
        ),
    ];

    for (id, status, reason, has_details) in cases {
        let answer = player_for(&fake, id).await;
        assert_eq!(answer["playabilityStatus"]["status"], status, "{id}");
        assert_eq!(answer["playabilityStatus"]["reason"], reason, "{id}");
        assert_eq!(answer.get("videoDetails").is_some(), has_details, "{id}");
        assert_eq!(answer.get("captions"), None, "{id}");
    }
}

/// The live, upcoming, members-only and simpleText answers hold the fields their cases need.
#[tokio::test]
async fn handmade_answers_hold_their_case_specific_fields() {
    let fake = FakeYouTube::start().await;

    let private = player_for(&fake, "8VajtrESJzA").await;
    let live = player_for(&fake, "X4VbdwhkE10").await;
    let upcoming = player_for(&fake, "N-yVic7BbY0").await;
    let members = player_for(&fake, "MembersOnly").await;
    let simple = player_for(&fake, "SimpleText1").await;

    let message = "This is a private video. Please sign in to verify that you may see it.";
    assert_eq!(private["playabilityStatus"]["messages"][0], message);
    assert_eq!(live["playabilityStatus"]["status"], "OK");
    assert!(live["playabilityStatus"]["liveStreamability"].is_object());
    assert_eq!(live["videoDetails"]["isLive"], true);
    assert_eq!(live["videoDetails"]["isLiveContent"], true);
    assert_eq!(live["videoDetails"]["lengthSeconds"], "0");
    assert!(live.get("captions").is_none());
    assert_eq!(upcoming["videoDetails"]["isUpcoming"], true);
    let broadcast = &upcoming["microformat"]["playerMicroformatRenderer"]["liveBroadcastDetails"];
    assert_eq!(broadcast["startTimestamp"], "2025-06-19T10:00:00+00:00");
    let subreason =
        &members["playabilityStatus"]["errorScreen"]["playerErrorMessageRenderer"]["subreason"];
    assert!(subreason["runs"][0]["text"].as_str().expect("text").starts_with("Join this channel"));
    let tracks = &simple["captions"]["playerCaptionsTracklistRenderer"]["captionTracks"];
    assert_eq!(tracks[0]["name"]["simpleText"], "English");
    let publish = &simple["microformat"]["playerMicroformatRenderer"]["publishDate"];
    assert_eq!(publish, "2024-03-14T09:30:00-07:00");
}

/// Every caption URL of every answer, moved onto the fake without `fmt`, gets a body.
#[tokio::test]
async fn every_caption_track_of_every_answer_is_served() {
    let fake = FakeYouTube::start().await;
    let mut served = 0;

    for entry in catalog() {
        let answer = player_for(&fake, entry.id).await;
        for base_url in caption_base_urls(&answer) {
            let (status, body) = get(&local_caption_url(&fake, &base_url), None).await;
            assert_eq!(status, StatusCode::OK, "{base_url}");
            let gated = base_url.contains("exp=xpe");
            assert_eq!(body.is_empty(), gated, "{base_url}");
            assert!(gated || body.contains("<transcript>"), "{base_url}");
            served += 1;
        }
    }

    // 9 (GJLlxj_dtq8) x2 (PoTokenOnly, WrongVideo1) + 2 x2 (F1xioXWb8CY, ConsentPage)
    // + 1 (P3pFkriw10Q) + 3 (SimpleText1) + 1 (BadNumbers1).
    assert_eq!(served, 9 * 3 + 2 * 2 + 1 + 3 + 1);
}

/// The English manual track of GJLlxj_dtq8 is the recorded hand-made body, byte for byte.
#[tokio::test]
async fn timedtext_serves_recorded_bodies_for_their_tracks() {
    let fake = FakeYouTube::start().await;
    let base = format!("{}{TIMEDTEXT_PATH}", fake.uri());

    let (_, gjl) = get(&format!("{base}?v=GJLlxj_dtq8&lang=en"), None).await;
    let (_, f1x) = get(&format!("{base}?v=F1xioXWb8CY&lang=en"), None).await;
    let (_, bad) = get(&format!("{base}?v=BadNumbers1&lang=en"), None).await;

    assert_eq!(gjl, fixture("timedtext_srv1_handmade_GJLlxj_dtq8_en.xml"));
    assert_eq!(f1x, fixture("timedtext_srv1_handmade_numeric_entities.xml"));
    assert_eq!(bad, fixture("timedtext_srv1_handmade_bad_numbers_BadNumbers1.xml"));
}

/// The broken-timings body holds the three bad cues between good ones.
#[test]
fn bad_numbers_body_has_a_negative_dur_a_non_numeric_start_and_a_backward_start() {
    let cues = parse_srv1(&fixture("timedtext_srv1_handmade_bad_numbers_BadNumbers1.xml"));
    let starts: Vec<Option<f64>> = cues.iter().map(|c| c.0.parse().ok()).collect();

    assert!(cues.iter().any(|c| c.1.parse::<f64>().is_ok_and(|d| d < 0.0)));
    assert_eq!(starts.iter().filter(|s| s.is_none()).count(), 1);
    let numeric: Vec<f64> = starts.into_iter().flatten().collect();
    assert!(numeric.windows(2).any(|w| w[1] < w[0]));
    assert!(cues.len() >= 5);
}

/// Other tracks are generated: the body is the generator's for that track and kind.
#[tokio::test]
async fn timedtext_serves_generated_bodies_told_apart_by_kind() {
    let fake = FakeYouTube::start().await;
    let base = format!("{}{TIMEDTEXT_PATH}?v=GJLlxj_dtq8", fake.uri());

    let (_, german) = get(&format!("{base}&lang=de"), None).await;
    let (_, asr) = get(&format!("{base}&caps=asr&kind=asr&lang=en"), None).await;

    let german_spec = Spec::new("GJLlxj_dtq8", "de", Kind::Manual, GENERATED_SEGMENTS);
    assert_eq!(german, srv1_gen::srv1(&german_spec));
    assert!(german.contains("(GJLlxj_dtq8 de manual)"));
    assert!(asr.contains("(GJLlxj_dtq8 en asr)"));
}

/// `tlang` gets a generated translation of the track into that language.
#[tokio::test]
async fn timedtext_with_tlang_serves_a_generated_translation() {
    let fake = FakeYouTube::start().await;
    let url = format!("{}{TIMEDTEXT_PATH}?v=GJLlxj_dtq8&lang=en&tlang=fr", fake.uri());

    let (status, body) = get(&url, None).await;

    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("(GJLlxj_dtq8 fr translated from en)"));
}

/// A URL that still asks for `fmt=srv3` is not served: the client must strip it.
#[tokio::test]
async fn timedtext_with_fmt_srv3_is_not_served() {
    let fake = FakeYouTube::start().await;
    let url = format!("{}{TIMEDTEXT_PATH}?v=GJLlxj_dtq8&lang=de&fmt=srv3", fake.uri());

    let (status, body) = get(&url, None).await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!body.contains("<transcript>"));
}

/// `requests_to` counts what reached each path, answered or not.
#[tokio::test]
async fn requests_to_counts_requests_per_path() {
    let fake = FakeYouTube::start().await;

    watch(&fake, "GJLlxj_dtq8", None).await;
    watch(&fake, "zzzzzzzzzzz", None).await;
    player_for(&fake, "GJLlxj_dtq8").await;

    assert_eq!(fake.requests_to(WATCH_PATH).await, 2);
    assert_eq!(fake.requests_to(PLAYER_PATH).await, 1);
    assert_eq!(fake.requests_to(TIMEDTEXT_PATH).await, 0);
}

/// A test can put a 429 in front of a route by mounting a mock with default priority.
#[tokio::test]
async fn a_mounted_mock_takes_precedence_over_the_fake_routes() {
    let fake = FakeYouTube::start().await;
    let too_many = Mock::given(method("POST")).and(path(PLAYER_PATH));
    too_many.respond_with(ResponseTemplate::new(429)).mount(fake.server()).await;

    let url = format!("{}{PLAYER_PATH}?key={API_KEY}", fake.uri());
    let response = http().post(url).json(&player_body("GJLlxj_dtq8")).send().await;

    assert_eq!(response.expect("the fake answers").status(), StatusCode::TOO_MANY_REQUESTS);
}

/// The fake also listens on a listener the caller bound.
#[tokio::test]
async fn start_on_serves_on_the_given_listener() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let address = listener.local_addr().expect("a local address");

    let fake = FakeYouTube::start_on(listener).await;

    assert_eq!(fake.uri(), format!("http://{address}"));
    assert_eq!(watch(&fake, "GJLlxj_dtq8", None).await.0, StatusCode::OK);
}

/// Every catalog id is a well-formed video id, listed once, with a description.
#[test]
fn catalog_ids_are_unique_eleven_character_video_ids() {
    let ids: Vec<&str> = catalog().iter().map(|entry| entry.id).collect();
    let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();

    assert_eq!(unique.len(), ids.len());
    for entry in catalog() {
        let well_formed = entry.id.len() == 11
            && entry.id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        assert!(well_formed, "{}", entry.id);
        assert!(!entry.description.is_empty());
    }
}

/// The same spec gives the same body; another language, kind or target gives another.
#[test]
fn generated_bodies_are_deterministic_and_differ_per_track() {
    let spec = Spec::new("GJLlxj_dtq8", "en", Kind::Manual, 30);

    let again = srv1_gen::srv1(&Spec::new("GJLlxj_dtq8", "en", Kind::Manual, 30));

    assert_eq!(srv1_gen::srv1(&spec), again);
    assert_ne!(srv1_gen::cues(&spec), srv1_gen::cues(&Spec { kind: Kind::Asr, ..spec }));
    assert_ne!(srv1_gen::cues(&spec), srv1_gen::cues(&Spec { language: "de", ..spec }));
    assert_ne!(srv1_gen::cues(&spec), srv1_gen::cues(&spec.translated_to("de")));
}

/// Read back with one XML and one HTML unescape, a body gives exactly the generated cues.
#[test]
fn generated_body_round_trips_through_double_unescaping() {
    for language in ["en", "de", "ja", "ar", "zh-Hant", "xx"] {
        let spec = Spec::new("SimpleText1", language, Kind::Manual, GENERATED_SEGMENTS);

        let parsed = parse_srv1(&srv1_gen::srv1(&spec));
        let cues = srv1_gen::cues(&spec);

        assert_eq!(parsed.len(), cues.len());
        for ((start, dur, text), cue) in parsed.iter().zip(&cues) {
            assert_eq!(start.parse::<f64>().expect("numeric start"), cue.start_seconds());
            assert_eq!(dur.parse::<f64>().expect("numeric dur"), cue.dur_seconds());
            assert_eq!(text, &cue.text);
        }
    }
}

/// YouTube's double escaping, sound cues and two-line cues all appear in a body.
#[test]
fn generated_body_has_double_escapes_sound_cues_and_two_line_cues() {
    let body = srv1_gen::srv1(&Spec::new("F1xioXWb8CY", "en", Kind::Asr, 6));

    assert!(
        body.starts_with(r#"<?xml version="1.0" encoding="utf-8" ?><transcript><text start=""#)
    );
    assert!(body.ends_with("</text></transcript>"));
    for escaped in ["&amp;#39;", "&amp;quot;", "&amp;amp;", ">[Music]<"] {
        assert!(body.contains(escaped), "{escaped} missing in {body}");
    }
    assert!(parse_srv1(&body).iter().any(|cue| cue.2.contains('\n')));
    assert!(!body.contains("&#39;") && !body.contains('\''));
}

/// Starts strictly increase and every time is finite and non-negative.
#[test]
fn generated_starts_strictly_increase() {
    let cues: Vec<Cue> = srv1_gen::cues(&Spec::new("GJLlxj_dtq8", "ko", Kind::Asr, 500));

    assert!(cues.windows(2).all(|pair| pair[1].start_ms > pair[0].start_ms));
    assert!(cues.iter().all(|cue| cue.dur_ms > 0));
}

/// Every language but English gets non-ASCII words, manual tracks in sentence case.
#[test]
fn generated_text_uses_the_languages_own_letters() {
    for language in ["de", "fr", "es", "cs", "ja", "zh", "ko", "hi", "ar", "ru", "th", "id"] {
        let cues = srv1_gen::cues(&Spec::new("GJLlxj_dtq8", language, Kind::Manual, 20));
        let words: String = cues.iter().skip(1).map(|cue| cue.text.as_str()).collect();
        assert!(!words.is_ascii(), "{language}");
    }
    let english = srv1_gen::cues(&Spec::new("GJLlxj_dtq8", "en", Kind::Manual, 20));
    assert!(english.iter().skip(1).all(|cue| cue.text.is_ascii()));
}
