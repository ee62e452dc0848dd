//! Finding the moment, through a real MCP client: ranked search, chapters, batches.
//!
//! The recorded watch page of `GJLlxj_dtq8` carries ten auto chapters (Build Quality at 0:39
//! to Ports at 4:14, the video is 5:16); its English track is replaced here by a crafted
//! review whose lines fall into those chapters. Every structured result is checked against
//! the output schema the tool declares.

mod support;

use jsonschema::Validator;
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, ResponseTemplate};

use support::fake_youtube::{FakeYouTube, TIMEDTEXT_PATH};
use support::harness::{Harness, text};
use support::srv1_gen::youtube_escape;

const MULTILANG: &str = "GJLlxj_dtq8";
const EN_ONLY: &str = "F1xioXWb8CY";
const PRIVATE: &str = "8VajtrESJzA";

/// The crafted English track of `GJLlxj_dtq8`: (start, text), each line three seconds long.
const REVIEW: &[(f64, &str)] = &[
    (0.0, "[Music]"),
    (3.0, "welcome to the review of the Surface Go"),
    (40.0, "the build quality feels premium"),
    (44.0, "the magnesium body is solid"),
    (70.0, "the screen is bright and sharp"),
    (74.0, "Das Display ist schön hell"),
    (78.0, "the pixel density is great for a"),
    (81.0, "ten inch screen"),
    (110.0, "the pen support works with the Surface Pen"),
    (130.0, "ＷＥＢＣＡＭ quality is fine"),
    (160.0, "[Applause]"),
    (161.0, "the keyboard is the best part"),
    (200.0, "performance is okay for light work"),
    (222.0, "battery life is about seven hours"),
    (240.0, "gaming performance is weak"),
    (256.0, "one USB-C port and a headphone jack"),
    (300.0, "[Music]"),
];

fn srv1(lines: &[(f64, &str)]) -> String {
    let cues: String = lines
        .iter()
        .map(|(start, text)| {
            format!(r#"<text start="{start}" dur="3">{}</text>"#, youtube_escape(text))
        })
        .collect();
    format!(r#"<?xml version="1.0" encoding="utf-8" ?><transcript>{cues}</transcript>"#)
}

/// The fake, with `GJLlxj_dtq8`'s manual English track replaced by [`REVIEW`].
async fn review_harness() -> Harness {
    let fake = FakeYouTube::start().await;
    Mock::given(method("GET"))
        .and(path(TIMEDTEXT_PATH))
        .and(query_param("v", MULTILANG))
        .and(query_param("lang", "en"))
        .and(query_param_is_missing("kind"))
        .respond_with(ResponseTemplate::new(200).set_body_string(srv1(REVIEW)))
        .with_priority(1)
        .mount(fake.server())
        .await;
    Harness::with_fake(fake).await
}

/// Serves `EN_ONLY`'s recorded player answer with another description.
async fn with_description(fake: &FakeYouTube, description: &str) {
    let raw = include_str!("fixtures/youtube/player_android_ok_en_only_F1xioXWb8CY.json");
    let mut player: Value = serde_json::from_str(raw).expect("fixture is JSON");
    player["videoDetails"]["shortDescription"] = json!(description);
    Mock::given(method("POST"))
        .and(path("/youtubei/v1/player"))
        .and(body_partial_json(json!({ "videoId": EN_ONLY })))
        .respond_with(ResponseTemplate::new(200).set_body_json(player))
        .with_priority(1)
        .mount(fake.server())
        .await;
}

/// Calls `tool` and checks the structured content against the tool's output schema.
async fn checked(harness: &Harness, tool: &str, arguments: Value) -> (bool, Value) {
    let result = harness.call(tool, arguments.clone()).await;
    let structured = result.structured_content.clone().expect("structured content");
    let validator = output_validator(harness, tool).await;
    let problems: Vec<String> = validator.iter_errors(&structured).map(|e| e.to_string()).collect();
    assert!(problems.is_empty(), "{tool} {arguments}: {problems:?}\n{structured}");
    (result.is_error == Some(true), structured)
}

async fn output_validator(harness: &Harness, tool: &str) -> Validator {
    let tools = harness.tools().await;
    let tool = tools.iter().find(|t| t.name == tool).expect("the tool is listed");
    let schema = Value::Object(tool.output_schema.as_deref().cloned().expect("output schema"));
    jsonschema::validator_for(&schema).expect("the output schema compiles")
}

/// A successful, schema-valid result.
async fn ok(harness: &Harness, tool: &str, arguments: Value) -> Value {
    let (is_error, structured) = checked(harness, tool, arguments.clone()).await;
    assert!(!is_error, "{tool} {arguments} failed: {structured}");
    structured
}

/// A failed, schema-valid result's `error`.
async fn err(harness: &Harness, tool: &str, arguments: Value) -> Value {
    let (is_error, structured) = checked(harness, tool, arguments.clone()).await;
    assert!(is_error, "{tool} {arguments} succeeded: {structured}");
    structured["error"].clone()
}

async fn search(harness: &Harness, arguments: Value) -> Value {
    ok(harness, "search_transcript", arguments).await
}

fn starts(answer: &Value) -> Vec<f64> {
    let hits = answer["hits"].as_array().expect("hits");
    hits.iter().map(|h| h["start"].as_f64().expect("start")).collect()
}

// ---------------------------------------------------------------------------------------
// Search

#[tokio::test]
async fn a_phrase_split_over_two_cues_is_one_hit_at_its_first_word_in_its_chapter() {
    let harness = review_harness().await;
    let query = json!({ "video": MULTILANG, "query": "\"a ten inch screen\"", "context": 0 });
    let answer = search(&harness, query).await;

    assert_eq!(answer["total_hits"], 1);
    let hit = &answer["hits"][0];
    assert_eq!((hit["start"].as_f64(), hit["end"].as_f64()), (Some(78.0), Some(84.0)));
    assert_eq!(hit["timestamp"], "1:18");
    assert_eq!(hit["text"], "the pixel density is great for a ten inch screen");
    assert_eq!(hit["chapter"], "Screen");
    assert_eq!(hit["url"], "https://www.youtube.com/watch?v=GJLlxj_dtq8&t=78s");
}

#[tokio::test]
async fn accents_and_width_are_folded_and_words_match_whole() {
    let harness = review_harness().await;

    let umlaut = search(&harness, json!({ "video": MULTILANG, "query": "SCHON" })).await;
    assert_eq!(starts(&umlaut), [74.0]);
    let wide = search(&harness, json!({ "video": MULTILANG, "query": "webcam" })).await;
    assert_eq!(starts(&wide), [130.0]);
    assert_eq!(wide["hits"][0]["chapter"], "Webcam");

    // `port` is a word of its own; `support` and `ports` are other words.
    let port = search(&harness, json!({ "video": MULTILANG, "query": "port" })).await;
    assert_eq!(starts(&port), [256.0]);
    let none = search(&harness, json!({ "video": MULTILANG, "query": "scree" })).await;
    assert_eq!(none["total_hits"], 0);
}

#[tokio::test]
async fn the_match_mode_decides_how_words_combine() {
    let harness = review_harness().await;
    let ask = |query: &str, mode: &str| json!({ "video": MULTILANG, "query": query, "match": mode, "context": 0 });

    let any = search(&harness, ask("keyboard webcam", "any")).await;
    let mut any_starts = starts(&any);
    any_starts.sort_by(f64::total_cmp);
    assert_eq!(any_starts, [130.0, 161.0]);

    assert_eq!(search(&harness, ask("bright and sharp", "phrase")).await["total_hits"], 1);
    assert_eq!(search(&harness, ask("sharp and bright", "phrase")).await["total_hits"], 0);
    assert_eq!(search(&harness, ask("sharp bright", "all")).await["total_hits"], 1);
    assert_eq!(
        search(&harness, ask("welcome jack", "all")).await["total_hits"],
        0,
        "too far apart"
    );

    let error = err(&harness, "search_transcript", ask("screen", "most")).await;
    assert_eq!(
        (error["code"].as_str(), error["details"]["parameter"].as_str()),
        (Some("invalid_input"), Some("match"))
    );
}

#[tokio::test]
async fn hits_come_best_first_with_scores() {
    let harness = review_harness().await;
    let query = json!({ "video": MULTILANG, "query": "screen bright", "match": "any",
        "context": 0 });
    let answer = search(&harness, query).await;

    // The line holding both words comes before the line holding one.
    assert_eq!(starts(&answer), [70.0, 81.0]);
    let scores: Vec<f64> =
        answer["hits"].as_array().unwrap().iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores[0] > scores[1], "{scores:?}");
}

#[tokio::test]
async fn context_surrounds_a_hit_and_overlapping_hits_merge() {
    let harness = review_harness().await;

    let merged = json!({ "video": MULTILANG, "query": "premium magnesium", "match": "any" });
    let answer = search(&harness, merged).await;
    assert_eq!(answer["total_hits"], 1, "neighbouring lines make one hit");
    let hit = &answer["hits"][0];
    assert_eq!((hit["start"].as_f64(), hit["end"].as_f64()), (Some(40.0), Some(47.0)));
    assert_eq!(
        hit["text"],
        "welcome to the review of the Surface Go the build quality feels premium \
         the magnesium body is solid the screen is bright and sharp"
    );

    let wide = json!({ "video": MULTILANG, "query": "keyboard", "context": 2 });
    let text = search(&harness, wide).await["hits"][0]["text"].clone();
    assert_eq!(
        text,
        "ＷＥＢＣＡＭ quality is fine [Applause] the keyboard is the best part \
         performance is okay for light work battery life is about seven hours"
    );

    let error = err(
        &harness,
        "search_transcript",
        json!({ "video": MULTILANG, "query": "a",
        "context": 6 }),
    )
    .await;
    assert_eq!(error["details"]["parameter"], "context");
}

#[tokio::test]
async fn sound_cues_are_found_only_when_the_query_brackets_them() {
    let harness = review_harness().await;

    let spoken = search(&harness, json!({ "video": MULTILANG, "query": "music" })).await;
    assert_eq!(spoken["total_hits"], 0);

    let cues = search(&harness, json!({ "video": MULTILANG, "query": "[Music]" })).await;
    let mut cue_starts = starts(&cues);
    cue_starts.sort_by(f64::total_cmp);
    assert_eq!(cue_starts, [0.0, 300.0]);
    let last = cues["hits"].as_array().unwrap().iter().find(|h| h["start"] == 300.0).unwrap();
    assert_eq!(last["chapter"], "Ports");
}

// ---------------------------------------------------------------------------------------
// Chapters

#[tokio::test]
async fn context_lists_the_page_chapters_and_a_token_estimate() {
    let harness = Harness::start().await;
    let context = ok(&harness, "get_video_context", json!({ "video": MULTILANG })).await;

    let chapters = context["chapters"].as_array().expect("chapters");
    assert_eq!(chapters.len(), 10);
    assert_eq!(chapters[0], json!({ "title": "Build Quality", "start": 39.16, "end": 66.01 }));
    assert_eq!(chapters[9], json!({ "title": "Ports", "start": 254.709, "end": 316.0 }));
    assert_eq!(context["transcript_tokens_estimate"], 1422, "316 s at 4.5 tokens a second");

    let result = harness.call("get_video_context", json!({ "video": MULTILANG })).await;
    assert!(text(&result).contains("Chapters:\n[0:39] Build Quality\n[1:06] Screen\n"));
}

#[tokio::test]
async fn without_page_markers_chapters_come_from_the_description() {
    let fake = FakeYouTube::start().await;
    let description =
        "Fall 1919.\n\n0:00 Intro\n2:30 - The advance\n(10:05) The turn\nSources below";
    with_description(&fake, description).await;
    let harness = Harness::with_fake(fake).await;

    // The fake serves GJLlxj_dtq8's page for this id too: its chapters must not be used.
    let context = ok(&harness, "get_video_context", json!({ "video": EN_ONLY })).await;
    assert_eq!(
        context["chapters"],
        json!([
            { "title": "Intro", "start": 0.0, "end": 150.0 },
            { "title": "The advance", "start": 150.0, "end": 605.0 },
            { "title": "The turn", "start": 605.0, "end": 1509.0 }
        ])
    );
}

#[tokio::test]
async fn descriptions_that_break_the_chapter_rules_give_no_chapters() {
    for description in ["1:00 Intro\n2:00 Middle\n3:00 End", "0:00 Intro\n5:00 End", ""] {
        let fake = FakeYouTube::start().await;
        with_description(&fake, description).await;
        let harness = Harness::with_fake(fake).await;
        let context = ok(&harness, "get_video_context", json!({ "video": EN_ONLY })).await;
        assert_eq!(context["chapters"], json!([]), "{description:?}");
    }
}

#[tokio::test]
async fn a_transcript_can_be_cut_to_one_chapter_by_title_or_number() {
    let harness = review_harness().await;

    for chapter in [json!("screen"), json!(2), json!("2")] {
        let arguments = json!({ "video": MULTILANG, "language": "en", "chapter": chapter });
        let answer = ok(&harness, "get_video_transcript", arguments).await;
        let segments = answer["segments"].as_array().expect("segments");
        let segment_starts: Vec<f64> =
            segments.iter().map(|s| s["start"].as_f64().unwrap()).collect();
        assert_eq!(segment_starts, [70.0, 74.0, 78.0, 81.0], "{chapter}");
        assert_eq!(
            answer["chapter"],
            json!({ "title": "Screen", "start": 66.01,
            "end": 106.72 })
        );
    }
}

#[tokio::test]
async fn an_unknown_chapter_is_invalid_input_before_any_transcript_is_fetched() {
    let harness = review_harness().await;
    let arguments = json!({ "video": MULTILANG, "chapter": "Conclusion" });
    let error = err(&harness, "get_video_transcript", arguments).await;

    assert_eq!(error["code"], "invalid_input");
    assert_eq!(error["details"]["parameter"], "chapter");
    assert!(error["message"].as_str().unwrap().contains("1 Build Quality, 2 Screen"), "{error}");
    assert_eq!(harness.fake.requests_to(TIMEDTEXT_PATH).await, 0);
}

// ---------------------------------------------------------------------------------------
// Batches

#[tokio::test]
async fn a_context_batch_answers_each_video_and_a_failing_item_fails_alone() {
    let harness = Harness::start().await;
    let videos = json!([MULTILANG, PRIVATE, "not a video", format!("https://youtu.be/{EN_ONLY}")]);
    let answer = ok(&harness, "get_video_context", json!({ "videos": videos })).await;

    let results = answer["results"].as_array().expect("results");
    assert_eq!(results.len(), 4);
    assert_eq!(results[0]["title"], "Surface Go Review - It’s Awesome");
    assert_eq!(results[0]["chapters"].as_array().map(Vec::len), Some(10));
    assert_eq!(results[1]["video"], PRIVATE);
    assert_eq!(results[1]["error"]["code"], "video_private");
    assert_eq!(results[1]["error"]["video_id"], PRIVATE);
    assert_eq!(results[2]["video"], "not a video");
    assert_eq!(results[2]["error"]["code"], "invalid_input");
    assert_eq!(results[3]["video_id"], EN_ONLY);
}

#[tokio::test]
async fn an_availability_batch_lists_every_video_in_order() {
    let harness = Harness::start().await;
    let videos = json!(["dsMFmonKDD4", MULTILANG, PRIVATE, "NoSuchVideo"]);
    let answer = ok(&harness, "check_transcript_availability", json!({ "videos": videos })).await;

    let results = answer["results"].as_array().expect("results");
    assert_eq!(results[0]["available"], false);
    assert_eq!(results[0]["reason"]["code"], "transcripts_disabled");
    assert_eq!(results[1]["available"], true);
    assert_eq!(results[2]["reason"]["code"], "video_private", "a known answer, not a failure");
    assert_eq!(results[3]["video"], "NoSuchVideo");
    assert_eq!(results[3]["error"]["code"], "video_not_found");
}

#[tokio::test]
async fn a_search_batch_ranks_all_hits_together_and_names_each_hits_video() {
    let harness = Harness::start().await;
    let arguments = json!({ "videos": [MULTILANG, EN_ONLY, PRIVATE], "query": "test",
        "context": 0 });
    let answer = ok(&harness, "search_transcript", arguments).await;

    // `test` is said once in GJLlxj_dtq8 and in two lines of F1xioXWb8CY.
    assert_eq!(answer["total_hits"], 3);
    let hits = answer["hits"].as_array().expect("hits");
    let named: Vec<(&str, f64)> = hits
        .iter()
        .map(|h| (h["video_id"].as_str().unwrap(), h["start"].as_f64().unwrap()))
        .collect();
    let mut sorted = named.clone();
    sorted.sort_by(|a, b| a.0.cmp(b.0).then(a.1.total_cmp(&b.1)));
    assert_eq!(sorted, [(EN_ONLY, 0.0), (EN_ONLY, 5.7), (MULTILANG, 0.0)]);
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");

    let results = answer["results"].as_array().expect("results");
    assert_eq!(results[0]["total_hits"], 1);
    assert_eq!(results[1]["total_hits"], 2);
    assert!(results[1].get("hits").is_none(), "hits are listed once, ranked");
    assert_eq!(results[2]["error"]["code"], "video_private");

    let best_two = json!({ "videos": [MULTILANG, EN_ONLY], "query": "test", "context": 0,
        "max_results": 2 });
    let limited = ok(&harness, "search_transcript", best_two).await;
    assert_eq!(limited["hits"].as_array().map(Vec::len), Some(2));
    assert_eq!(limited["total_hits"], 3);
}

#[tokio::test]
async fn batches_over_their_cap_or_both_or_neither_video_arguments_are_invalid() {
    let harness = Harness::start().await;
    let many = |n: usize| json!(vec![MULTILANG; n]);

    let cases = [
        ("get_video_context", json!({ "videos": many(51) }), "videos"),
        ("check_transcript_availability", json!({ "videos": many(51) }), "videos"),
        ("search_transcript", json!({ "videos": many(11), "query": "test" }), "videos"),
        ("get_video_context", json!({ "video": MULTILANG, "videos": [MULTILANG] }), "videos"),
        ("search_transcript", json!({ "query": "test" }), "video"),
        ("check_transcript_availability", json!({ "videos": [] }), "videos"),
    ];
    for (tool, arguments, parameter) in cases {
        let error = err(&harness, tool, arguments.clone()).await;
        assert_eq!(error["code"], "invalid_input", "{tool} {arguments}");
        assert_eq!(error["details"]["parameter"], parameter, "{tool} {arguments}");
    }
    assert_eq!(harness.fake.requests_to("/watch").await, 0, "invalid calls never go upstream");

    // The schemas are strict enough to catch a malformed batch item.
    let validator = output_validator(&harness, "get_video_context").await;
    assert!(!validator.is_valid(&json!({ "results": [{ "video": MULTILANG }] })));

    // At the cap exactly, the call is answered (each video once: a repeat is refused).
    let distinct: Vec<String> = (0..50).map(|i| format!("NotFound{i:03}")).collect();
    let fifty = ok(&harness, "check_transcript_availability", json!({ "videos": distinct })).await;
    assert_eq!(fifty["results"].as_array().map(Vec::len), Some(50));
}
