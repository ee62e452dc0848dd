//! Choosing the caption track and its translation, through a real MCP client.
//!
//! The recorded multilingual video `GJLlxj_dtq8` has manual tracks zh, cs, en, de, hi, ja, ko,
//! es, an English auto track, and 18 translation languages; tests edit its player answer
//! for aliases and chat tracks. The fake serves a generated body for every track whose first
//! cue names it (`(GJLlxj_dtq8 de manual)`), and a generated translation for any `tlang`.

mod support;

use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use support::fake_youtube::{FakeYouTube, PLAYER_PATH, TIMEDTEXT_PATH};
use support::harness::{Harness, text};

const MULTILANG: &str = "GJLlxj_dtq8";
const EN_ONLY: &str = "F1xioXWb8CY";
const NO_TRANSLATIONS: &str = "P3pFkriw10Q";

fn multilang_player() -> Value {
    let raw = include_str!("fixtures/youtube/player_android_ok_multilang_GJLlxj_dtq8.json");
    serde_json::from_str(raw).expect("fixture is JSON")
}

fn tracklist(player: &mut Value) -> &mut Value {
    &mut player["captions"]["playerCaptionsTracklistRenderer"]
}

/// A harness whose player answer for the multilingual video is `player`.
async fn with_player(player: &Value) -> Harness {
    let fake = FakeYouTube::start().await;
    Mock::given(method("POST"))
        .and(path(PLAYER_PATH))
        .and(body_partial_json(json!({ "videoId": MULTILANG })))
        .respond_with(ResponseTemplate::new(200).set_body_json(player))
        .with_priority(1)
        .mount(fake.server())
        .await;
    Harness::with_fake(fake).await
}

async fn transcript(harness: &Harness, arguments: Value) -> Value {
    harness.ok("get_video_transcript", arguments).await
}

/// The chosen track's code, kind and reason.
fn track(answer: &Value) -> (String, String, String) {
    let track = &answer["track"];
    let field = |name: &str| track[name].as_str().expect(name).to_owned();
    (field("language_code"), field("kind"), field("selected_because"))
}

fn first_text(answer: &Value) -> &str {
    answer["segments"][0]["text"].as_str().expect("a first segment")
}

/// `structured` satisfies the output schema `tool` declares.
async fn assert_matches_output_schema(harness: &Harness, tool: &str, structured: &Value) {
    let tools = harness.tools().await;
    let listed = tools.iter().find(|t| t.name == tool).expect("listed");
    let schema = Value::Object(listed.output_schema.as_deref().expect("declared").clone());
    let validator = jsonschema::validator_for(&schema).expect("the output schema compiles");
    let errors: Vec<String> = validator.iter_errors(structured).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{tool}: {errors:?}");
}

fn owned(code: &str, kind: &str, because: &str) -> (String, String, String) {
    (code.to_owned(), kind.to_owned(), because.to_owned())
}

#[tokio::test]
async fn languages_are_tried_in_order_with_variants_after_exact_codes() {
    let harness = Harness::start().await;

    let listed =
        transcript(&harness, json!({ "video": MULTILANG, "language": ["fr", "ja", "de"] }));
    let listed = listed.await;
    assert_eq!(track(&listed), owned("ja", "manual", "requested_language_manual"));
    assert_eq!(first_text(&listed), "(GJLlxj_dtq8 ja manual)");

    let regional = transcript(&harness, json!({ "video": MULTILANG, "language": "de-AT" })).await;
    assert_eq!(track(&regional), owned("de", "manual", "requested_language_variant_manual"));

    let one = transcript(&harness, json!({ "video": MULTILANG, "language": "es" })).await;
    assert_eq!(track(&one), owned("es", "manual", "requested_language_manual"));
}

#[tokio::test]
async fn prefer_orders_kinds_within_a_language() {
    let harness = Harness::start().await;
    let call = |language: Value, prefer: &str| {
        let prefer = Value::from(prefer);
        json!({ "video": MULTILANG, "language": language, "prefer": prefer })
    };

    let auto = transcript(&harness, call(json!("en"), "auto")).await;
    assert_eq!(track(&auto), owned("en", "auto", "requested_language_auto"));
    assert_eq!(auto["merged_fragments"], true, "auto tracks are merged by default");

    let manual = transcript(&harness, call(json!("en"), "manual")).await;
    assert_eq!(track(&manual), owned("en", "manual", "requested_language_manual"));
    assert_eq!(manual["merged_fragments"], false);

    let any = transcript(&harness, call(json!("en"), "any")).await;
    assert_eq!(track(&any), owned("en", "manual", "requested_language_manual"));

    let fallback = transcript(&harness, call(json!(["de", "en"]), "auto")).await;
    assert_eq!(track(&fallback), owned("de", "manual", "requested_language_manual"));

    let no_language = json!({ "video": MULTILANG, "prefer": "auto" });
    let spoken = transcript(&harness, no_language).await;
    assert_eq!(track(&spoken), owned("en", "auto", "preferred_auto"));
}

#[tokio::test]
async fn legacy_codes_match_their_current_spelling_and_echo_youtubes() {
    let mut player = multilang_player();
    let renderer = tracklist(&mut player);
    renderer["captionTracks"][1]["languageCode"] = json!("iw");
    renderer["captionTracks"][1]["name"] = json!({ "runs": [{ "text": "Hebrew" }] });
    let hebrew =
        json!({ "languageCode": "iw", "languageName": { "runs": [{ "text": "Hebrew" }] } });
    renderer["translationLanguages"].as_array_mut().unwrap().push(hebrew);
    let harness = with_player(&player).await;

    let track_answer = transcript(&harness, json!({ "video": MULTILANG, "language": "he" })).await;
    assert_eq!(track(&track_answer), owned("iw", "manual", "requested_language_manual"));
    assert_eq!(track_answer["track"]["language_name"], "Hebrew");

    let translated =
        transcript(&harness, json!({ "video": MULTILANG, "translate_to": "he" })).await;
    assert_eq!(
        translated["track"]["translated_to"],
        json!({ "language_code": "iw", "language_name": "Hebrew" })
    );
    assert_eq!(first_text(&translated), "(GJLlxj_dtq8 iw translated from en)");
}

#[tokio::test]
async fn a_translation_reads_youtubes_tlang_of_the_chosen_track() {
    let harness = Harness::start().await;
    let answer = transcript(&harness, json!({ "video": MULTILANG, "translate_to": "de" })).await;

    assert_eq!(track(&answer), owned("en", "manual", "youtube_default"));
    assert_eq!(
        answer["track"]["translated_to"],
        json!({ "language_code": "de", "language_name": "German" })
    );
    assert_eq!(first_text(&answer), "(GJLlxj_dtq8 de translated from en)");

    let searched = harness
        .ok(
            "search_transcript",
            json!({ "video": MULTILANG, "query": "translated from",
                                         "language": ["ko"], "translate_to": "fr" }),
        )
        .await;
    assert_eq!(searched["total_hits"], 1);
    // A hit's text is its caption line followed by one line of context.
    let hit = searched["hits"][0]["text"].as_str().unwrap();
    assert!(hit.starts_with("(GJLlxj_dtq8 fr translated from ko) "), "{hit}");
    assert_eq!(searched["track"]["translated_to"]["language_code"], "fr");
    assert_matches_output_schema(&harness, "search_transcript", &searched).await;
}

#[tokio::test]
async fn search_takes_language_lists_and_prefer() {
    let harness = Harness::start().await;
    let arguments = json!({ "video": MULTILANG, "query": "asr", "language": ["fr", "en"],
                            "prefer": "auto" });
    let answer = harness.ok("search_transcript", arguments).await;
    assert_eq!(answer["track"]["kind"], "auto");
    let hit = answer["hits"][0]["text"].as_str().unwrap();
    assert!(hit.starts_with("(GJLlxj_dtq8 en asr) "), "{hit}");
}

#[tokio::test]
async fn translation_errors_list_valid_targets_without_asking_youtube() {
    let harness = Harness::start().await;

    let unknown = json!({ "video": MULTILANG, "translate_to": "xyz" });
    let error = harness.err("get_video_transcript", unknown).await;
    assert_eq!(error["code"], "translation_not_available");
    assert_eq!(error["details"]["source_language"], "en");
    assert_eq!(error["details"]["requested"], "xyz");
    let targets = error["details"]["available_targets"].as_array().unwrap();
    assert_eq!(targets.len(), 18);
    assert_eq!(targets[0], "ar");

    let untranslatable = json!({ "video": NO_TRANSLATIONS, "translate_to": "en" });
    let error = harness.err("get_video_transcript", untranslatable).await;
    assert_eq!(error["code"], "translation_not_available");
    assert_eq!(error["details"]["available_targets"], json!([]));

    assert_eq!(harness.fake.requests_to(TIMEDTEXT_PATH).await, 0);
}

#[tokio::test]
async fn a_missing_language_offers_the_translation_that_works() {
    let harness = Harness::start().await;
    let error =
        harness.err("get_video_transcript", json!({ "video": EN_ONLY, "language": "de" })).await;

    assert_eq!(error["code"], "language_not_available");
    assert_eq!(error["details"]["translate_to"], "de");
    let suggestions = error["suggestions"].to_string();
    assert!(suggestions.contains("translate_to \\\"de\\\""), "{suggestions}");

    let followed = transcript(&harness, json!({ "video": EN_ONLY, "translate_to": "de" })).await;
    assert_eq!(followed["track"]["translated_to"]["language_code"], "de");
}

/// Serves a 500 for every translation request, ahead of the fake's routes.
async fn fail_translations(fake: &FakeYouTube) {
    Mock::given(method("GET"))
        .and(path(TIMEDTEXT_PATH))
        .and(query_param("tlang", "de"))
        .respond_with(ResponseTemplate::new(500))
        .with_priority(1)
        .mount(fake.server())
        .await;
}

#[tokio::test]
async fn a_failed_translation_never_evicts_or_poisons_the_cached_original() {
    let harness = Harness::start().await;
    let original = harness.call("get_video_transcript", json!({ "video": MULTILANG })).await;
    assert_eq!(harness.fake.requests_to(TIMEDTEXT_PATH).await, 1);

    fail_translations(&harness.fake).await;
    let translated = json!({ "video": MULTILANG, "translate_to": "de" });
    let error = harness.err("get_video_transcript", translated.clone()).await;
    assert_eq!(error["code"], "upstream_error");
    let after_failure = harness.fake.requests_to(TIMEDTEXT_PATH).await;
    assert!(after_failure >= 2, "the translation was asked for");

    // The original is still served from the cache, unchanged.
    let again = harness.call("get_video_transcript", json!({ "video": MULTILANG })).await;
    assert_eq!(text(&again), text(&original));
    assert_eq!(again.structured_content, original.structured_content);
    assert_eq!(harness.fake.requests_to(TIMEDTEXT_PATH).await, after_failure);

    // The failure itself was not cached either: the next attempt asks YouTube again.
    harness.err("get_video_transcript", translated).await;
    assert!(harness.fake.requests_to(TIMEDTEXT_PATH).await > after_failure);
}

#[tokio::test]
async fn a_translation_is_cached_apart_from_its_original() {
    let harness = Harness::start().await;
    let original = harness.call("get_video_transcript", json!({ "video": MULTILANG })).await;
    let translated = json!({ "video": MULTILANG, "translate_to": "fr" });
    let french = transcript(&harness, translated.clone()).await;
    assert_eq!(first_text(&french), "(GJLlxj_dtq8 fr translated from en)");

    let again = harness.call("get_video_transcript", json!({ "video": MULTILANG })).await;
    assert_eq!(text(&again), text(&original));
    transcript(&harness, translated).await;
    assert_eq!(harness.fake.requests_to(TIMEDTEXT_PATH).await, 2);
}

/// The multilingual answer with the default English track renamed `English - CC1` and the
/// Chinese one `Live Chat`.
fn chat_player() -> Value {
    let mut player = multilang_player();
    let tracks = &mut tracklist(&mut player)["captionTracks"];
    tracks[2]["name"] = json!({ "runs": [{ "text": "English - CC1" }] });
    tracks[0]["name"] = json!({ "runs": [{ "text": "Live Chat" }] });
    player
}

#[tokio::test]
async fn chat_and_broadcast_tracks_are_flagged_and_never_the_default() {
    let harness = with_player(&chat_player()).await;
    let answer = harness.ok("check_transcript_availability", json!({ "video": MULTILANG })).await;

    let flagged: Vec<&str> = answer["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["flags"] == json!(["chat_like"]))
        .map(|t| t["language_name"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, ["Live Chat", "English - CC1"]);
    assert_matches_output_schema(&harness, "check_transcript_availability", &answer).await;
    assert!(answer["tracks"][1].get("flags").is_none());
    assert_eq!(answer["default_track"]["kind"], "auto");
    let listing = harness.call("check_transcript_availability", json!({ "video": MULTILANG }));
    assert!(text(&listing.await).contains("English - CC1 (manual, translatable, chat log"));

    // YouTube names the CC1 track as its default; the speech-recognition track is read.
    let default = transcript(&harness, json!({ "video": MULTILANG })).await;
    assert_eq!(track(&default), owned("en", "auto", "auto_generated"));
    assert_matches_output_schema(&harness, "get_video_transcript", &default).await;

    let english = transcript(&harness, json!({ "video": MULTILANG, "language": "en" })).await;
    assert_eq!(track(&english), owned("en", "auto", "requested_language_auto"));
}
