//! `get_video_transcript` through a real MCP client: formats, time ranges, pages and cursors.
//!
//! Transcripts come from the fake YouTube: the recorded hand-made English track of
//! `GJLlxj_dtq8`, or a body a test mounts for its German track (hour-plus times, or 12,000
//! generated cues).

mod support;

use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, ResponseTemplate};

use support::fake_youtube::{FakeYouTube, TIMEDTEXT_PATH};
use support::harness::{Harness, text};
use support::srv1_gen::{self, Kind, Spec};
use youtube_mcp::config::Config;
use youtube_mcp::cursor::CursorSecret;

const MULTILANG: &str = "GJLlxj_dtq8";
const EN_ONLY: &str = "F1xioXWb8CY";

/// Cues of the long German body: markup, an hour-plus time, an overlong cue, 100 hours.
const LONG_CUES: [(f64, f64, &str); 5] = [
    (0.0, 2.0, "Zero & \"one\""),
    (61.5, 2.0, "a < b"),
    (3725.25, 10.0, "Past one hour."),
    (3730.0, 1.5, "still speaking"),
    (360_000.5, 2.25, "One hundred hours in."),
];

/// An srv1 body holding `cues`, escaped the way YouTube escapes it.
fn srv1(cues: &[(f64, f64, &str)]) -> String {
    let texts = cues.iter().map(|(start, dur, text)| {
        let text = srv1_gen::youtube_escape(text);
        format!(r#"<text start="{start}" dur="{dur}">{text}</text>"#)
    });
    let texts: String = texts.collect();
    format!(r#"<?xml version="1.0" encoding="utf-8" ?><transcript>{texts}</transcript>"#)
}

/// Serves `body` as the untranslated `lang` track of `video`, ahead of the fake's routes.
async fn serve_track(fake: &FakeYouTube, video: &str, lang: &str, body: String) {
    Mock::given(method("GET"))
        .and(path(TIMEDTEXT_PATH))
        .and(query_param("v", video))
        .and(query_param("lang", lang))
        .and(query_param_is_missing("tlang"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "text/xml; charset=UTF-8"))
        .with_priority(1)
        .mount(fake.server())
        .await;
}

/// A harness whose German track of the multilingual video is the long body.
async fn long_track() -> Harness {
    let harness = Harness::start().await;
    serve_track(&harness.fake, MULTILANG, "de", srv1(&LONG_CUES)).await;
    harness
}

/// The text content and structured content of a successful transcript call.
async fn page(harness: &Harness, arguments: Value) -> (String, Value) {
    let result = harness.call("get_video_transcript", arguments.clone()).await;
    assert_ne!(result.is_error, Some(true), "{arguments}: {}", text(&result));
    let structured = result.structured_content.clone().expect("structured content");
    assert_matches_output_schema(harness, &structured).await;
    (text(&result), structured)
}

/// The structured content satisfies the output schema the tool declares.
async fn assert_matches_output_schema(harness: &Harness, structured: &Value) {
    let tools = harness.tools().await;
    let tool = tools.iter().find(|t| t.name == "get_video_transcript").expect("listed");
    let schema = Value::Object(tool.output_schema.as_deref().expect("declared").clone());
    let validator = jsonschema::validator_for(&schema).expect("the output schema compiles");
    let errors: Vec<String> = validator.iter_errors(structured).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

fn starts(structured: &Value) -> Vec<f64> {
    let segments = structured["segments"].as_array().expect("segments");
    segments.iter().map(|s| s["start"].as_f64().expect("start")).collect()
}

#[tokio::test]
async fn the_tool_description_says_to_search_first_and_fetch_a_range_second() {
    let harness = Harness::start().await;
    let tools = harness.tools().await;
    let tool = tools.iter().find(|t| t.name == "get_video_transcript").expect("listed");

    let description = tool.description.as_deref().expect("described");
    let search_first = description.find("call search_transcript first").expect("search first");
    let range_second = description.find("with start and end").expect("then a range");
    assert!(search_first < range_second, "{description}");
    assert!(description.contains("next_cursor"), "{description}");

    let properties = &tool.input_schema["properties"];
    let start = properties["start"]["description"].as_str().expect("start is described");
    assert!(start.contains("search_transcript first"), "{start}");
    for parameter in [
        "language",
        "prefer",
        "translate_to",
        "format",
        "merge_fragments",
        "end",
        "max_chars",
        "cursor",
    ] {
        assert!(properties[parameter]["description"].is_string(), "{parameter}");
    }
}

// Formats, byte for byte

#[tokio::test]
async fn every_format_of_the_recorded_transcript_is_exact() {
    let harness = Harness::start().await;
    let cases = [
        (
            "timestamped",
            "[0:00] Hey, this is just a test\n\
             [0:01] this is not the original transcript\n\
             [0:05] just something shorter, I made up for testing\n",
        ),
        (
            "text",
            "Hey, this is just a test this is not the original transcript just something \
             shorter, I made up for testing\n",
        ),
        (
            "srt",
            "1\n00:00:00,000 --> 00:00:01,540\nHey, this is just a test\n\n\
             2\n00:00:01,540 --> 00:00:05,700\nthis is not the original transcript\n\n\
             3\n00:00:05,700 --> 00:00:08,939\njust something shorter, I made up for testing\n\n",
        ),
        (
            "vtt",
            "WEBVTT\n\n\
             00:00:00.000 --> 00:00:01.540\nHey, this is just a test\n\n\
             00:00:01.540 --> 00:00:05.700\nthis is not the original transcript\n\n\
             00:00:05.700 --> 00:00:08.939\njust something shorter, I made up for testing\n\n",
        ),
        (
            "json",
            "Transcript of GJLlxj_dtq8 in en (manual): segments 1–3 of 3 (0:00–0:08); the \
             transcript lasts 0:08. The segments are in structuredContent.\n",
        ),
    ];

    for (format, expected) in cases {
        let (text, structured) =
            page(&harness, json!({ "video": MULTILANG, "format": format })).await;
        assert_eq!(text, expected, "{format}");
        assert_eq!(structured["format"], format);
        assert_eq!(structured["segments"].as_array().unwrap().len(), 3, "{format}");
        assert!(structured.get("next_cursor").is_none(), "{format}");
    }
}

#[tokio::test]
async fn hour_plus_and_hundred_hour_times_render_in_every_format() {
    let harness = long_track().await;
    let call = |format: &str| json!({ "video": MULTILANG, "language": "de", "format": format });
    let cases = [
        (
            "timestamped",
            "[0:00] Zero & \"one\"\n[1:01] a < b\n[1:02:05] Past one hour.\n\
             [1:02:10] still speaking\n[100:00:00] One hundred hours in.\n",
        ),
        (
            "text",
            "Zero & \"one\"\n\na < b\n\nPast one hour. still speaking\n\n\
             One hundred hours in.\n",
        ),
        (
            "srt",
            "1\n00:00:00,000 --> 00:00:02,000\nZero & \"one\"\n\n\
             2\n00:01:01,500 --> 00:01:03,500\na < b\n\n\
             3\n01:02:05,250 --> 01:02:10,000\nPast one hour.\n\n\
             4\n01:02:10,000 --> 01:02:11,500\nstill speaking\n\n\
             5\n100:00:00,500 --> 100:00:02,750\nOne hundred hours in.\n\n",
        ),
        (
            "vtt",
            "WEBVTT\n\n\
             00:00:00.000 --> 00:00:02.000\nZero &amp; \"one\"\n\n\
             00:01:01.500 --> 00:01:03.500\na &lt; b\n\n\
             01:02:05.250 --> 01:02:10.000\nPast one hour.\n\n\
             01:02:10.000 --> 01:02:11.500\nstill speaking\n\n\
             100:00:00.500 --> 100:00:02.750\nOne hundred hours in.\n\n",
        ),
        (
            "json",
            "Transcript of GJLlxj_dtq8 in de (manual): segments 1–5 of 5 (0:00–100:00:02); \
             the transcript lasts 100:00:02. The segments are in structuredContent.\n",
        ),
    ];

    for (format, expected) in cases {
        let (text, structured) = page(&harness, call(format)).await;
        assert_eq!(text, expected, "{format}");
        assert_eq!(structured["total_duration"], 360_002.75, "{format}");
        assert_eq!(starts(&structured), [0.0, 61.5, 3725.25, 3730.0, 360_000.5], "{format}");
    }
}

/// In `json`, the segments carry the cue as parsed; the duration is YouTube's, not clipped.
#[tokio::test]
async fn json_pages_report_the_span_and_counts() {
    let harness = long_track().await;
    let arguments = json!({ "video": MULTILANG, "language": "de", "format": "json" });
    let (_, structured) = page(&harness, arguments).await;

    assert_eq!(
        structured["segments"][2],
        json!({ "start": 3725.25, "duration": 10.0,
                                                   "text": "Past one hour." })
    );
    assert_eq!(
        structured["page"],
        json!({ "start": 0.0, "end": 360_002.75, "first_segment": 0, "segment_count": 5 })
    );
    assert_eq!(structured["range"], json!({ "start": 0.0, "end": 360_002.75 }));
    assert_eq!(structured["total_segments"], 5);
    assert_eq!(structured["merged_fragments"], false);
}

/// Speech-recognition cues that scroll: each repeats the end of the one before.
const ROLLING_CUES: [(f64, f64, &str); 4] = [
    (0.0, 3.0, "so today we are"),
    (1.5, 3.0, "we are going to talk"),
    (3.0, 3.0, "going to talk about rust."),
    (4.5, 3.0, "about rust. [Music]"),
];

#[tokio::test]
async fn rolling_auto_caption_repeats_appear_once_and_fragments_merge() {
    let harness = Harness::start().await;
    Mock::given(method("GET"))
        .and(path(TIMEDTEXT_PATH))
        .and(query_param("v", MULTILANG))
        .and(query_param("kind", "asr"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(srv1(&ROLLING_CUES), "text/xml"))
        .with_priority(1)
        .mount(harness.fake.server())
        .await;
    let auto = |extra: Value| {
        let mut arguments = json!({ "video": MULTILANG, "language": "en", "prefer": "auto" });
        arguments.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        arguments
    };

    let (merged, structured) = page(&harness, auto(json!({ "format": "text" }))).await;
    assert_eq!(merged, "so today we are going to talk about rust. [Music]\n");
    assert_eq!(structured["merged_fragments"], true);
    assert_eq!(starts(&structured), [0.0, 4.5]);

    let fragments = auto(json!({ "merge_fragments": false }));
    let (lines, _) = page(&harness, fragments).await;
    assert_eq!(
        lines,
        "[0:00] so today we are\n[0:01] going to talk\n[0:03] about rust.\n[0:04] [Music]\n"
    );
}

// Time ranges

#[tokio::test]
async fn ranges_accept_seconds_m_ss_and_h_mm_ss() {
    let harness = long_track().await;
    let range = |start: Value, end: Value| {
        let arguments = json!({ "video": MULTILANG, "language": "de" });
        let mut arguments = arguments.as_object().cloned().unwrap();
        arguments.extend([("start".into(), start), ("end".into(), end)]);
        Value::Object(arguments)
    };

    let (_, minutes) = page(&harness, range(json!("1:00"), json!("1:02:06"))).await;
    assert_eq!(starts(&minutes), [61.5, 3725.25]);
    assert_eq!(minutes["range"], json!({ "start": 60.0, "end": 3726.0 }));

    // The cue spoken at 1:02:06 started at 1:02:05 and is still on screen: it is included.
    let (text, seconds) = page(&harness, range(json!(3726), Value::Null)).await;
    assert_eq!(starts(&seconds), [3725.25, 3730.0, 360_000.5]);
    assert!(text.starts_with("[1:02:05] Past one hour.\n"), "{text}");

    let (_, hours) = page(&harness, range(json!("100:00:00"), json!("100:00:01.5"))).await;
    assert_eq!(starts(&hours), [360_000.5]);

    let (_, decimal) = page(&harness, range(json!("61.5"), json!(62))).await;
    assert_eq!(starts(&decimal), [61.5]);
}

#[tokio::test]
async fn a_links_t_is_the_start_unless_start_is_given() {
    let harness = long_track().await;

    let linked = json!({ "video": "https://youtu.be/GJLlxj_dtq8?t=1h2m6s", "language": "de" });
    let (_, from_link) = page(&harness, linked).await;
    assert_eq!(starts(&from_link), [3725.25, 3730.0, 360_000.5]);
    assert_eq!(from_link["range"]["start"], 3726.0);

    let watch = "https://www.youtube.com/watch?v=GJLlxj_dtq8&t=61";
    let overridden = json!({ "video": watch, "language": "de", "start": 0, "end": "1:00" });
    let (_, explicit) = page(&harness, overridden).await;
    assert_eq!(starts(&explicit), [0.0]);
}

#[tokio::test]
async fn a_range_without_speech_is_an_empty_page_and_one_past_the_end_is_refused() {
    let harness = long_track().await;

    let quiet = json!({ "video": MULTILANG, "language": "de", "start": "2:00", "end": "3:00" });
    let (text, structured) = page(&harness, quiet).await;
    assert_eq!(text, "No transcript segments between 2:00 and 3:00.\n");
    assert_eq!(structured["segments"], json!([]));
    assert_eq!(structured["page"]["segment_count"], 0);

    let past = json!({ "video": MULTILANG, "start": "10:00" });
    let error = harness.err("get_video_transcript", past).await;
    assert_eq!(error["code"], "invalid_input");
    assert_eq!(error["details"]["parameter"], "start");
    assert!(error["message"].as_str().unwrap().contains("ends at 0:08"), "{error}");

    let backwards = json!({ "video": MULTILANG, "start": 5, "end": "0:02" });
    let error = harness.err("get_video_transcript", backwards).await;
    assert_eq!(error["details"]["parameter"], "end");

    let malformed = json!({ "video": MULTILANG, "start": "1:2" });
    let error = harness.err("get_video_transcript", malformed).await;
    assert_eq!(error["details"]["parameter"], "start");
}

// Pages and cursors

/// Cues of the generated 12,000-segment German transcript.
fn long_spec() -> Spec<'static> {
    Spec::new(MULTILANG, "de", Kind::Manual, 12_000)
}

/// A harness (with `config`) serving the 12,000-segment transcript as the German track.
async fn generated_track(config: Config) -> Harness {
    let fake = FakeYouTube::start().await;
    serve_track(&fake, MULTILANG, "de", srv1_gen::srv1(&long_spec())).await;
    Harness::with_config(fake, config).await
}

/// Follows `next_cursor` from `first` to the last page; returns every page's structured content.
async fn walk(harness: &Harness, first: Value, max_chars: usize) -> Vec<Value> {
    let mut pages = Vec::new();
    let mut arguments = first;
    loop {
        let (text, structured) = page(harness, arguments).await;
        let length = text.chars().count();
        assert!(length <= max_chars, "page {} has {length} characters:\n{text}", pages.len());
        let cursor = structured.get("next_cursor").and_then(Value::as_str).map(str::to_owned);
        pages.push(structured);
        match cursor {
            Some(cursor) => {
                assert!(text.contains(&cursor), "the text must name the cursor");
                arguments = json!({ "video": MULTILANG, "cursor": cursor });
            }
            None => return pages,
        }
    }
}

#[tokio::test]
async fn cursors_walk_a_12000_segment_transcript_exactly_once_in_order() {
    let harness = generated_track(Config::default()).await;
    let pages = walk(&harness, json!({ "video": MULTILANG, "language": "de" }), 20_000).await;

    let expected: Vec<(f64, String)> = srv1_gen::cues(&long_spec())
        .iter()
        .map(|cue| (cue.start_seconds(), cue.text.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    let mut walked: Vec<(f64, String)> = Vec::new();
    for (number, page) in pages.iter().enumerate() {
        assert_eq!(page["page"]["first_segment"], walked.len(), "page {number}");
        assert_eq!(page["total_segments"], 12_000);
        let segments = page["segments"].as_array().unwrap();
        assert_eq!(page["page"]["segment_count"], segments.len());
        walked.extend(
            segments
                .iter()
                .map(|s| (s["start"].as_f64().unwrap(), s["text"].as_str().unwrap().to_owned())),
        );
    }

    assert!(pages.len() > 10, "{} pages", pages.len());
    assert_eq!(walked.len(), 12_000);
    assert!(walked == expected, "the pages do not concatenate to the transcript");
    assert!(pages.last().unwrap().get("next_cursor").is_none());
    assert_eq!(harness.fake.requests_to(TIMEDTEXT_PATH).await, 1, "one fetch for all pages");
}

#[tokio::test]
async fn every_format_pages_within_a_small_budget_and_keeps_its_settings() {
    let harness = generated_track(Config::default()).await;

    for format in ["text", "srt", "vtt", "json"] {
        let first = json!({ "video": MULTILANG, "language": "de", "format": format,
                            "start": "1:00:00", "end": "1:30:00", "max_chars": 3000 });
        let pages = walk(&harness, first, 3000).await;

        let starts: Vec<f64> = pages.iter().flat_map(starts).collect();
        assert!(pages.len() > 2, "{format}: {} pages", pages.len());
        assert!(starts.windows(2).all(|w| w[0] < w[1]), "{format}: out of order or repeated");
        assert!(starts[0] <= 3600.0 && *starts.last().unwrap() < 5400.0, "{format}");
        assert_eq!(starts.len(), pages[0]["total_segments"].as_u64().unwrap() as usize);
        assert!(pages.iter().all(|p| p["format"] == format && p["range"]["start"] == 3600.0));
    }
}

#[tokio::test]
async fn only_the_first_vtt_page_has_the_header_and_srt_numbers_run_on() {
    let harness = generated_track(Config::default()).await;
    let first = json!({ "video": MULTILANG, "language": "de", "format": "srt", "max_chars": 1000 });
    let (_, one) = page(&harness, first).await;
    let cursor = one["next_cursor"].as_str().unwrap();
    let (second_text, two) = page(&harness, json!({ "video": MULTILANG, "cursor": cursor })).await;
    let number = two["page"]["first_segment"].as_u64().unwrap() + 1;
    assert!(second_text.starts_with(&format!("{number}\n")), "{second_text}");

    let first = json!({ "video": MULTILANG, "language": "de", "format": "vtt", "max_chars": 1000 });
    let (first_text, one) = page(&harness, first).await;
    assert!(first_text.starts_with("WEBVTT\n\n"));
    let cursor = one["next_cursor"].as_str().unwrap();
    let (second_text, _) = page(&harness, json!({ "video": MULTILANG, "cursor": cursor })).await;
    assert!(!second_text.contains("WEBVTT"), "{second_text}");
}

/// The first page's cursor for the generated German transcript.
async fn first_cursor(harness: &Harness) -> String {
    let arguments = json!({ "video": MULTILANG, "language": "de", "max_chars": 1000 });
    let (_, structured) = page(harness, arguments).await;
    structured["next_cursor"].as_str().expect("more pages").to_owned()
}

#[tokio::test]
async fn tampered_and_foreign_cursors_are_invalid_input() {
    let harness = generated_track(Config::default()).await;
    let cursor = first_cursor(&harness).await;

    let mut tampered = cursor.clone().into_bytes();
    tampered[10] = if tampered[10] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    let garbage = "not-a-cursor".to_owned();
    for bad in [tampered, garbage] {
        let error =
            harness.err("get_video_transcript", json!({ "video": MULTILANG, "cursor": bad })).await;
        assert_eq!(error["code"], "invalid_input");
        assert_eq!(error["details"]["parameter"], "cursor");
    }

    // Another server with its own random key did not sign it.
    let other = generated_track(Config::default()).await;
    let error =
        other.err("get_video_transcript", json!({ "video": MULTILANG, "cursor": cursor })).await;
    assert_eq!(error["details"]["parameter"], "cursor");
    assert!(error["message"].as_str().unwrap().contains("another server"), "{error}");

    // Another video's call cannot continue this one's pages.
    let error =
        harness.err("get_video_transcript", json!({ "video": EN_ONLY, "cursor": cursor })).await;
    assert_eq!(error["details"]["parameter"], "cursor");
    assert!(error["message"].as_str().unwrap().contains("continues video GJLlxj_dtq8"));
}

#[tokio::test]
async fn servers_sharing_a_cursor_secret_accept_each_others_cursors() {
    let secret = CursorSecret::parse("one secret for every instance").unwrap();
    let config = || Config { cursor_secret: Some(secret.clone()), ..Config::default() };
    let first = generated_track(config()).await;
    let second = generated_track(config()).await;

    let cursor = first_cursor(&first).await;
    let (_, next) = page(&second, json!({ "video": MULTILANG, "cursor": cursor })).await;
    assert!(next["page"]["first_segment"].as_u64().unwrap() > 0);
    assert_eq!(next["track"]["language_code"], "de");
}

#[tokio::test]
async fn a_cursor_rejects_arguments_that_change_the_request() {
    let harness = generated_track(Config::default()).await;
    let cursor = first_cursor(&harness).await;
    let cases = [
        (json!({ "format": "srt" }), "format"),
        (json!({ "start": 30 }), "start"),
        (json!({ "end": "2:00" }), "end"),
        (json!({ "merge_fragments": true }), "merge_fragments"),
        (json!({ "translate_to": "fr" }), "translate_to"),
        (json!({ "language": "en" }), "language"),
    ];
    for (changed, parameter) in cases {
        let mut arguments = json!({ "video": MULTILANG, "cursor": cursor });
        arguments.as_object_mut().unwrap().extend(changed.as_object().unwrap().clone());
        let error = harness.err("get_video_transcript", arguments).await;
        assert_eq!(error["details"]["parameter"], parameter, "{error}");
    }

    // Repeating the first call's arguments is fine, and the page size may change.
    let same = json!({ "video": MULTILANG, "language": "de", "format": "timestamped",
                       "max_chars": 2000, "cursor": cursor });
    let (text, next) = page(&harness, same).await;
    assert!(next["page"]["first_segment"].as_u64().unwrap() > 0);
    assert!((1000..=2000).contains(&text.chars().count()), "{}", text.chars().count());
}

#[tokio::test]
async fn a_cursor_for_a_transcript_that_changed_is_stale() {
    let fake = FakeYouTube::start().await;
    let body = |kind| srv1_gen::srv1(&Spec::new(MULTILANG, "de", kind, 200));
    Mock::given(method("GET"))
        .and(path(TIMEDTEXT_PATH))
        .and(query_param("lang", "de"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body(Kind::Manual), "text/xml"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(fake.server())
        .await;
    Mock::given(method("GET"))
        .and(path(TIMEDTEXT_PATH))
        .and(query_param("lang", "de"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body(Kind::Asr), "text/xml"))
        .with_priority(2)
        .mount(fake.server())
        .await;
    let config = Config { cache_transcript_ttl: std::time::Duration::ZERO, ..Config::default() };
    let harness = Harness::with_config(fake, config).await;

    let cursor = first_cursor(&harness).await;
    let error =
        harness.err("get_video_transcript", json!({ "video": MULTILANG, "cursor": cursor })).await;

    assert_eq!(error["code"], "invalid_input");
    assert_eq!(error["details"]["parameter"], "cursor");
    assert!(error["message"].as_str().unwrap().contains("stale"), "{error}");
}

#[tokio::test]
async fn a_segment_longer_than_the_page_is_shortened_in_the_text_only() {
    let harness = Harness::start().await;
    let long = vec!["word"; 700].join(" ");
    let body = srv1(&[(0.0, 5.0, long.as_str()), (5.0, 1.0, "after")]);
    serve_track(&harness.fake, MULTILANG, "de", body).await;

    let first = json!({ "video": MULTILANG, "language": "de", "max_chars": 1000 });
    let (text, structured) = page(&harness, first).await;
    assert!(text.chars().count() <= 1000, "{}", text.chars().count());
    assert!(text.starts_with("[0:00] word word"), "{text}");
    assert!(text.contains("…\n[Segments 1–1 of 2 (0:00–0:05). More follows"), "{text}");
    assert_eq!(structured["segments"][0]["text"], long.as_str());

    let cursor = structured["next_cursor"].as_str().expect("a second page");
    let (text, _) = page(&harness, json!({ "video": MULTILANG, "cursor": cursor })).await;
    assert_eq!(text, "[0:05] after\n");
}

#[tokio::test]
async fn max_chars_is_bounded() {
    let harness = Harness::start().await;
    for max_chars in [0, 999, 100_001] {
        let arguments = json!({ "video": MULTILANG, "max_chars": max_chars });
        let error = harness.err("get_video_transcript", arguments).await;
        assert_eq!(error["code"], "invalid_input");
        assert_eq!(error["details"]["parameter"], "max_chars");
    }
}
