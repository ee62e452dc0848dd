//! Tool arguments that parse as JSON but are bad: each is refused with `invalid_input`, naming
//! the parameter and its bounds in `details` (and in words in the message), before anything is
//! asked of YouTube; the values at the bounds themselves are accepted.
//!
//! Every call goes through an MCP client to our server, whose YouTube is the loopback fake.

mod support;

use jsonschema::Validator;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, ResponseTemplate};

use support::fake_youtube::{FakeYouTube, TIMEDTEXT_PATH};
use support::harness::Harness;

const MULTILANG: &str = "GJLlxj_dtq8";

/// Seconds between the cues of [`long_harness`]'s English track, each as long.
const CUE_SECONDS: usize = 10;

/// Cues of that track: they run to 5:20, past the recorded video's ten chapters (0:39 to 5:16).
const CUES: usize = 32;

/// The fake, with `GJLlxj_dtq8`'s manual English track replaced by one that lasts as long as
/// the video, every cue naming the screen.
async fn long_harness() -> Harness {
    let cues: String = (0..CUES)
        .map(|i| {
            let start = i * CUE_SECONDS;
            format!(r#"<text start="{start}" dur="{CUE_SECONDS}">cue {i} about the screen</text>"#)
        })
        .collect();
    let body = format!(r#"<?xml version="1.0" encoding="utf-8" ?><transcript>{cues}</transcript>"#);
    let fake = FakeYouTube::start().await;
    Mock::given(method("GET"))
        .and(path(TIMEDTEXT_PATH))
        .and(query_param("v", MULTILANG))
        .and(query_param("lang", "en"))
        .and(query_param_is_missing("kind"))
        .respond_with(ResponseTemplate::new(200).set_body_string(body))
        .with_priority(1)
        .mount(fake.server())
        .await;
    Harness::with_fake(fake).await
}

/// One refused call: the tool, its arguments, the parameter blamed, the details expected
/// (a subset of them) and words the message must hold.
struct Refusal {
    tool: &'static str,
    arguments: Value,
    parameter: &'static str,
    details: Value,
    message: &'static str,
}

fn transcript(arguments: Value) -> (&'static str, Value) {
    ("get_video_transcript", with_video(arguments))
}

fn search(arguments: Value) -> (&'static str, Value) {
    let mut arguments = with_video(arguments);
    if arguments.get("query").is_none() {
        arguments["query"] = json!("screen");
    }
    ("search_transcript", arguments)
}

/// `arguments` with `video` set to the recorded multi-language video unless given.
fn with_video(mut arguments: Value) -> Value {
    if arguments.get("video").is_none() && arguments.get("videos").is_none() {
        arguments["video"] = json!(MULTILANG);
    }
    arguments
}

fn refusal(
    (tool, arguments): (&'static str, Value),
    parameter: &'static str,
    details: Value,
    message: &'static str,
) -> Refusal {
    Refusal { tool, arguments, parameter, details, message }
}

/// Makes every call of `refusals` and checks its error; returns how many were made.
async fn assert_refused(harness: &Harness, refusals: Vec<Refusal>) -> usize {
    let count = refusals.len();
    for row in refusals {
        let error = checked_error(harness, row.tool, &row.arguments).await;
        let call = format!("{} {}", row.tool, shortened(&row.arguments));

        assert_eq!(error["code"], "invalid_input", "{call}: {error}");
        assert_eq!(error["details"]["parameter"], row.parameter, "{call}: {error}");
        for (key, expected) in row.details.as_object().expect("details are an object") {
            assert_eq!(&error["details"][key], expected, "{call}: details.{key} in {error}");
        }
        assert!(error["suggestions"][0].is_string(), "{call}: a suggestion: {error}");
        let message = error["message"].as_str().expect("a message");
        assert!(message.contains(row.message), "{call}: {message:?} lacks {:?}", row.message);
        assert!(message.chars().count() < 600, "{call}: the message stays short: {message}");
    }
    count
}

/// Calls a tool that must fail; its structured content must fit the tool's output schema.
async fn checked_error(harness: &Harness, tool: &str, arguments: &Value) -> Value {
    let result = harness.call(tool, arguments.clone()).await;
    let structured = result.structured_content.expect("errors carry structured content");
    let validator = output_validator(harness, tool).await;
    let problems: Vec<String> = validator.iter_errors(&structured).map(|e| e.to_string()).collect();
    assert!(problems.is_empty(), "{tool}: {problems:?}\n{structured}");
    assert_eq!(result.is_error, Some(true), "{tool} {}: {structured}", shortened(arguments));
    structured["error"].clone()
}

async fn output_validator(harness: &Harness, tool: &str) -> Validator {
    let tools = harness.tools().await;
    let tool = tools.iter().find(|t| t.name == tool).expect("the tool is listed");
    let schema = Value::Object(tool.output_schema.as_deref().cloned().expect("output schema"));
    jsonschema::validator_for(&schema).expect("the output schema compiles")
}

/// Arguments for an assertion message, without a multi-kilobyte string.
fn shortened(arguments: &Value) -> String {
    let text = arguments.to_string();
    let head: String = text.chars().take(160).collect();
    if head.len() < text.len() { format!("{head}…") } else { head }
}

/// Asserts that bad input never reached YouTube.
async fn assert_nothing_fetched(harness: &Harness) {
    for path in ["/watch", "/youtubei/v1/player", "/api/timedtext"] {
        assert_eq!(harness.fake.requests_to(path).await, 0, "{path} was asked");
    }
}

// ---------------------------------------------------------------------------------------
// Over-long strings

/// Every string argument has a length limit, reported as `max_length` with the length sent.
#[tokio::test]
async fn every_string_argument_longer_than_its_limit_is_refused_with_max_length() {
    let harness = Harness::start().await;
    let link = |n: usize| format!("https://youtu.be/{MULTILANG}?si={}", "x".repeat(n - 32));
    let long = |n: usize| "a".repeat(n);
    let refusals = vec![
        refusal(
            ("get_video_context", json!({ "video": link(2_001) })),
            "video",
            json!({ "max_length": 2_000, "got": 2_001 }),
            "expected at most 2000",
        ),
        refusal(
            ("check_transcript_availability", json!({ "videos": [MULTILANG, link(2_001)] })),
            "videos",
            json!({ "max_length": 2_000, "got": 2_001, "max_items": 50 }),
            "entry 2 has 2001 characters",
        ),
        refusal(
            search(json!({ "query": vec!["word"; 101].join(" ") })),
            "query",
            json!({ "max_length": 500, "min_length": 1, "got": 504 }),
            "expected at most 500 characters",
        ),
        refusal(
            search(json!({ "language": long(17) })),
            "language",
            json!({ "max_length": 16, "got": 17, "max_items": 10 }),
            "expected at most 16 characters",
        ),
        refusal(
            transcript(json!({ "language": ["de", long(5_000)] })),
            "language",
            json!({ "max_length": 16, "got": 5_000 }),
            "expected at most 16 characters",
        ),
        refusal(
            transcript(json!({ "translate_to": long(17) })),
            "translate_to",
            json!({ "max_length": 16, "got": 17 }),
            "expected at most 16 characters",
        ),
        refusal(
            transcript(json!({ "chapter": long(501) })),
            "chapter",
            json!({ "max_length": 500, "got": 501, "minimum": 1 }),
            "expected at most 500 characters",
        ),
        refusal(
            transcript(json!({ "cursor": long(2_001) })),
            "cursor",
            json!({ "max_length": 2_000, "got": 2_001 }),
            "expected at most 2000 characters",
        ),
        refusal(
            transcript(json!({ "start": "1".repeat(33) })),
            "start",
            json!({ "max_length": 32, "got": 33, "minimum": 0, "maximum": 3_600_000 }),
            "expected at most 32 characters",
        ),
    ];
    assert_refused(&harness, refusals).await;
    assert_nothing_fetched(&harness).await;
}

/// A word parameter given a whole page of text names its words, echoing only the start.
#[tokio::test]
async fn word_arguments_list_their_words_and_echo_only_a_little() {
    let harness = Harness::start().await;
    let page = "pdf ".repeat(25_000);
    let refusals = vec![
        refusal(
            search(json!({ "match": page })),
            "match",
            json!({ "allowed": ["any", "all", "phrase"] }),
            "is not one of any, all, phrase",
        ),
        refusal(
            transcript(json!({ "format": page })),
            "format",
            json!({ "allowed": ["timestamped", "text", "srt", "vtt", "json"] }),
            "is not one of timestamped, text, srt, vtt, json",
        ),
        refusal(
            transcript(json!({ "prefer": "human" })),
            "prefer",
            json!({ "allowed": ["manual", "auto", "any"] }),
            "`human` is not one of manual, auto, any",
        ),
        refusal(
            transcript(json!({ "format": 5 })),
            "format",
            json!({ "allowed": ["timestamped", "text", "srt", "vtt", "json"] }),
            "allowed: one of timestamped, text, srt, vtt, json",
        ),
    ];
    assert_refused(&harness, refusals).await;
    assert_nothing_fetched(&harness).await;
}

// ---------------------------------------------------------------------------------------
// Control characters

/// NUL, BEL, ESC, C1 controls and bidi overrides or isolates are refused in free text, with
/// the character named.
#[tokio::test]
async fn control_and_bidi_override_characters_in_free_text_are_refused() {
    let harness = Harness::start().await;
    let query = |text: &str, got: &'static str| {
        refusal(search(json!({ "query": text })), "query", json!({ "got": got }), got)
    };
    let refusals = vec![
        query("screen\u{0}", "U+0000"),
        query("ring \u{7} bell", "U+0007"),
        query("\u{1b}[31mred", "U+001B"),
        query("next\u{85}line", "U+0085"),
        query("abc\u{202E}fed", "U+202E"),
        query("left \u{202A}embedded", "U+202A"),
        refusal(
            transcript(json!({ "chapter": "Screen\u{2066}" })),
            "chapter",
            json!({ "got": "U+2066", "max_length": 500 }),
            "holds the character U+2066 at position 7",
        ),
        refusal(
            transcript(json!({ "cursor": "abc\u{0}def" })),
            "cursor",
            json!({ "got": "U+0000", "max_length": 2_000 }),
            "no control characters",
        ),
        refusal(
            transcript(json!({ "language": "en\u{0}" })),
            "language",
            json!({ "got": "U+0000", "expected": "a language code such as en or pt-BR" }),
            "U+0000",
        ),
        refusal(
            ("get_video_context", json!({ "video": "GJLlxj_dtq8\u{202E}" })),
            "video",
            json!({ "max_length": 2_000 }),
            "is neither a video id nor a link",
        ),
    ];
    assert_refused(&harness, refusals).await;
    assert_nothing_fetched(&harness).await;
}

/// A query in any script, with tabs, line breaks or right-to-left marks, and a chapter
/// title with emoji are searched and read as usual; a pasted id keeps working.
#[tokio::test]
async fn text_in_any_script_with_emoji_or_marks_is_accepted() {
    let harness = long_harness().await;
    for query in [
        "東京 タワー",
        "café crème",
        "שלום\u{200F} עולם",
        "مرحبا",
        "🎉 screen",
        "ten\tinch\r\nscreen",
    ] {
        let answer =
            harness.ok("search_transcript", json!({ "video": MULTILANG, "query": query })).await;
        assert!(answer["hits"].is_array(), "{query}: {answer}");
    }

    let arguments = json!({ "video": MULTILANG, "chapter": "🖥️ Screen ✨" });
    let page = harness.ok("get_video_transcript", arguments).await;
    assert_eq!(page["chapter"]["title"], "Screen", "{page}");

    let pasted = harness.ok("get_video_context", json!({ "video": "GJLlxj_dtq8\u{200B}\n" })).await;
    assert_eq!(pasted["video_id"], MULTILANG);
}

// ---------------------------------------------------------------------------------------
// Numbers

/// `max_results`, `context` and `max_chars` refuse zero, negative, fractional, huge and
/// past-u64 values with their range and the number sent.
#[tokio::test]
async fn counts_outside_their_range_are_refused_with_minimum_maximum_and_got() {
    let harness = Harness::start().await;
    let past_u64: Value = serde_json::from_str("18446744073709551616").expect("a JSON number");
    let mut refusals = Vec::new();
    for got in [json!(0), json!(101), json!(-1), json!(1.5), json!(1e300), past_u64.clone()] {
        refusals.push(refusal(
            search(json!({ "max_results": got })),
            "max_results",
            json!({ "minimum": 1, "maximum": 100, "got": got }),
            "expected a whole number between 1 and 100",
        ));
    }
    for got in [json!(6), json!(-1), json!(0.5), past_u64.clone()] {
        refusals.push(refusal(
            search(json!({ "context": got })),
            "context",
            json!({ "minimum": 0, "maximum": 5, "got": got }),
            "expected a whole number between 0 and 5",
        ));
    }
    for got in [json!(999), json!(100_001), json!(-5), json!(2000.5), json!(1e300), past_u64] {
        refusals.push(refusal(
            transcript(json!({ "max_chars": got })),
            "max_chars",
            json!({ "minimum": 1_000, "maximum": 100_000, "got": got }),
            "expected a whole number between 1000 and 100000",
        ));
    }
    assert_refused(&harness, refusals).await;
    assert_nothing_fetched(&harness).await;
}

/// A number of the wrong type still names the range.
#[tokio::test]
async fn a_count_sent_as_text_names_its_range() {
    let harness = Harness::start().await;
    let refusals = vec![
        refusal(
            search(json!({ "max_results": "5" })),
            "max_results",
            json!({ "minimum": 1, "maximum": 100 }),
            "a whole number between 1 and 100",
        ),
        refusal(
            transcript(json!({ "merge_fragments": "yes" })),
            "merge_fragments",
            json!({ "expected": "true or false" }),
            "allowed: true or false",
        ),
    ];
    assert_refused(&harness, refusals).await;
}

/// The values at each bound are accepted.
#[tokio::test]
async fn counts_at_their_bounds_are_accepted() {
    let harness = long_harness().await;
    for (max_results, context) in [(1, 0), (100, 5), (7, 2)] {
        let arguments = json!({ "video": MULTILANG, "query": "screen", "max_results": max_results,
                                "context": context });
        let answer = harness.ok("search_transcript", arguments).await;
        let hits = answer["hits"].as_array().expect("hits").len();
        let total = answer["total_hits"].as_u64().expect("total_hits") as usize;
        assert!(total > 1, "the track has several moments: {answer}");
        assert_eq!(hits, max_results.min(total), "{answer}");
    }
    for max_chars in [json!(1_000), json!(100_000), json!(5000.0)] {
        let arguments = json!({ "video": MULTILANG, "max_chars": max_chars });
        let page = harness.ok("get_video_transcript", arguments).await;
        assert!(page["segments"].is_array(), "{max_chars}: {page}");
    }
}

// ---------------------------------------------------------------------------------------
// Times

/// `start` and `end` refuse negative, huge and NaN-like values and other text, with the
/// range 0 to 3600000 seconds and the accepted forms.
#[tokio::test]
async fn times_outside_the_range_or_not_times_are_refused() {
    let harness = Harness::start().await;
    let mut refusals = Vec::new();
    for (time, got) in [
        (json!(-1), json!(-1)),
        (json!(3_600_001), json!(3_600_001)),
        (json!(1e300), json!(1e300)),
        (json!("99999999999999999999999"), json!(1e23)),
        (json!("1000:00:01"), json!(3_600_001)),
    ] {
        refusals.push(refusal(
            transcript(json!({ "start": time })),
            "start",
            json!({ "minimum": 0, "maximum": 3_600_000, "got": got }),
            "is not a time between 0 and 3600000 seconds",
        ));
    }
    let forms = "a time in seconds (90), m:ss (1:30) or h:mm:ss (1:02:03)";
    for text in ["NaN", "inf", "Infinity", "-5", "1e3", "1:75", "soon"] {
        refusals.push(refusal(
            transcript(json!({ "end": text })),
            "end",
            json!({ "got": text, "expected": forms }),
            "is not a time: write seconds (90), m:ss (1:30) or h:mm:ss (1:02:03)",
        ));
    }
    assert_refused(&harness, refusals).await;
    assert_nothing_fetched(&harness).await;
}

/// An end before or at its start is refused before anything is fetched, with the start as
/// `exclusive_minimum`; a link's `t=` counts as the start.
#[tokio::test]
async fn an_end_not_after_its_start_is_refused_with_exclusive_minimum() {
    let harness = Harness::start().await;
    let refusals = vec![
        refusal(
            transcript(json!({ "start": 10, "end": 5 })),
            "end",
            json!({ "exclusive_minimum": 10, "got": 5 }),
            "0:05 is not after start 0:10",
        ),
        refusal(
            transcript(json!({ "start": "1:30", "end": "1:30" })),
            "end",
            json!({ "exclusive_minimum": 90, "got": 90 }),
            "1:30 is not after start 1:30",
        ),
        refusal(
            transcript(json!({ "video": format!("https://youtu.be/{MULTILANG}?t=90"), "end": 60 })),
            "end",
            json!({ "exclusive_minimum": 90, "got": 60 }),
            "give an end later than the start",
        ),
        refusal(
            transcript(json!({ "end": 0 })),
            "end",
            json!({ "exclusive_minimum": 0, "got": 0 }),
            "is not after start 0:00",
        ),
    ];
    assert_refused(&harness, refusals).await;
    assert_nothing_fetched(&harness).await;
}

/// The widest range is accepted; a start past the transcript's end names where it ends.
#[tokio::test]
async fn the_widest_range_is_accepted_and_a_start_past_the_end_names_the_end() {
    let harness = long_harness().await;
    let widest = json!({ "video": MULTILANG, "start": 0, "end": 3_600_000 });
    let page = harness.ok("get_video_transcript", widest).await;
    assert!(!page["segments"].as_array().expect("segments").is_empty(), "{page}");

    let refusals = vec![refusal(
        transcript(json!({ "start": "1000:00:00" })),
        "start",
        json!({ "got": 3_600_000, "maximum": 3_600_000, "exclusive_maximum": CUES * CUE_SECONDS }),
        "the transcript ends at 5:20",
    )];
    assert_refused(&harness, refusals).await;
}

// ---------------------------------------------------------------------------------------
// Chapters

/// A chapter number below 1 or not whole is refused at once; one past the video's last
/// chapter names how many there are.
#[tokio::test]
async fn chapter_numbers_start_at_one_and_end_at_the_last_chapter() {
    let harness = long_harness().await;
    let mut refusals = Vec::new();
    for got in [json!(0), json!(-1), json!(1.5)] {
        refusals.push(refusal(
            transcript(json!({ "chapter": got })),
            "chapter",
            json!({ "minimum": 1, "got": got }),
            "is not a chapter number; expected a whole number from 1",
        ));
    }
    assert_refused(&harness, refusals).await;
    assert_nothing_fetched(&harness).await;

    for (number, title) in [(1, "Build Quality"), (10, "Ports")] {
        let arguments = json!({ "video": MULTILANG, "chapter": number });
        let page = harness.ok("get_video_transcript", arguments).await;
        assert_eq!(page["chapter"]["title"], title, "{page}");
    }
    let past = vec![refusal(
        transcript(json!({ "chapter": 11 })),
        "chapter",
        json!({ "minimum": 1, "maximum": 10 }),
        "no chapter is called `11`",
    )];
    assert_refused(&harness, past).await;
}

// ---------------------------------------------------------------------------------------
// Languages

/// Codes that are not shaped like one, or name no language, are refused before any request;
/// a well-formed code YouTube lacks is `language_not_available` instead.
#[tokio::test]
async fn unknown_or_malformed_language_codes_are_refused() {
    let harness = Harness::start().await;
    let code = |language: Value, got: &'static str, message: &'static str| {
        refusal(
            transcript(json!({ "language": language })),
            "language",
            json!({ "got": got }),
            message,
        )
    };
    let refusals = vec![
        code(json!("xx"), "xx", "`xx` names no language"),
        code(json!("English"), "English", "is a language name, not a code"),
        code(json!(["de", "en_GB"]), "en_GB", "is not a language code"),
        code(json!("en-"), "en-", "is not a language code"),
        code(json!("419"), "419", "expected a language code such as en or pt-BR"),
        refusal(
            transcript(json!({ "language": vec!["de"; 11] })),
            "language",
            json!({ "max_items": 10, "got": 11, "max_length": 16 }),
            "list at most 10 languages",
        ),
        refusal(
            transcript(json!({ "translate_to": "zz" })),
            "translate_to",
            json!({ "got": "zz", "max_length": 16 }),
            "`zz` names no language",
        ),
    ];
    assert_refused(&harness, refusals).await;
    assert_nothing_fetched(&harness).await;

    let ten = json!({ "video": MULTILANG, "language": ["fr", "it", "nl", "pt", "ru", "sv", "tr",
                                                     "uk", "vi", "de"] });
    let page = harness.ok("get_video_transcript", ten).await;
    assert_eq!(page["track"]["language_code"], "de", "the tenth language is used");

    let longest = json!({ "video": MULTILANG, "language": "fil-Latn-PH-1234" });
    let missing = harness.err("get_video_transcript", longest).await;
    assert_eq!(missing["code"], "language_not_available", "16 characters are allowed");
}

// ---------------------------------------------------------------------------------------
// Batches

/// `videos` must list 1 to its cap of videos, each once (in any spelling).
#[tokio::test]
async fn video_lists_that_are_empty_too_long_or_repeat_a_video_are_refused() {
    let harness = Harness::start().await;
    let distinct =
        |n: usize| -> Vec<String> { (0..n).map(|i| format!("NotFound{i:03}")).collect() };
    let short_link = format!("https://youtu.be/{MULTILANG}");
    let refusals = vec![
        refusal(
            ("get_video_context", json!({ "videos": [] })),
            "videos",
            json!({ "min_items": 1, "max_items": 50, "got": 0 }),
            "list at least one video",
        ),
        refusal(
            ("check_transcript_availability", json!({ "videos": distinct(51) })),
            "videos",
            json!({ "min_items": 1, "max_items": 50, "got": 51 }),
            "at most 50 videos per call, got 51",
        ),
        refusal(
            ("search_transcript", json!({ "videos": distinct(11), "query": "screen" })),
            "videos",
            json!({ "max_items": 10, "got": 11 }),
            "at most 10 videos per call, got 11",
        ),
        refusal(
            ("get_video_context", json!({ "videos": [MULTILANG, "F1xioXWb8CY", short_link] })),
            "videos",
            json!({ "unique_items": true, "got": MULTILANG }),
            "entries 1 and 3 both name video GJLlxj_dtq8; list each video once",
        ),
    ];
    assert_refused(&harness, refusals).await;
    assert_nothing_fetched(&harness).await;

    let ten = json!({ "videos": distinct(10), "query": "screen" });
    let answer = harness.ok("search_transcript", ten).await;
    assert_eq!(answer["results"].as_array().map(Vec::len), Some(10));
}

/// A video link of exactly the longest length is accepted.
#[tokio::test]
async fn a_link_at_the_length_limit_is_accepted() {
    let harness = Harness::start().await;
    let link = format!("https://youtu.be/{MULTILANG}?si={}", "x".repeat(2_000 - 32));
    assert_eq!(link.chars().count(), 2_000);
    let context = harness.ok("get_video_context", json!({ "video": link })).await;
    assert_eq!(context["video_id"], MULTILANG);
}

// ---------------------------------------------------------------------------------------
// Schemas

/// `tools/list` states the same bounds the errors report.
#[tokio::test]
async fn the_input_schemas_state_the_bounds() {
    let harness = Harness::start().await;
    let tools = harness.tools().await;
    let properties = |name: &str| -> Value {
        let tool = tools.iter().find(|t| t.name == name).expect("listed");
        Value::Object(tool.input_schema.as_ref().clone())
    };
    let search = properties("search_transcript");
    let transcript = properties("get_video_transcript");
    let context = properties("get_video_context");

    let p = |schema: &Value, name: &str| schema["properties"][name].clone();
    assert_eq!(p(&search, "max_results")["minimum"], 1);
    assert_eq!(p(&search, "max_results")["maximum"], 100);
    assert_eq!(p(&search, "context")["maximum"], 5);
    assert_eq!(p(&search, "query")["maxLength"], 500);
    assert_eq!(p(&search, "videos")["maxItems"], 10);
    assert_eq!(p(&search, "translate_to")["maxLength"], 16);
    assert_eq!(p(&context, "videos")["maxItems"], 50);
    assert_eq!(p(&context, "videos")["minItems"], 1);
    assert_eq!(p(&context, "videos")["uniqueItems"], true);
    assert_eq!(p(&context, "videos")["items"]["maxLength"], 2_000);
    assert_eq!(p(&context, "video")["maxLength"], 2_000);
    assert_eq!(p(&transcript, "max_chars")["minimum"], 1_000);
    assert_eq!(p(&transcript, "max_chars")["maximum"], 100_000);
    assert_eq!(p(&transcript, "cursor")["maxLength"], 2_000);

    let defs = &transcript["$defs"];
    assert_eq!(defs["Time"]["anyOf"][0]["maximum"], 3_600_000.0);
    assert_eq!(defs["Time"]["anyOf"][1]["maxLength"], 32);
    assert_eq!(defs["ChapterArg"]["anyOf"][0]["minimum"], 1);
    assert_eq!(defs["ChapterArg"]["anyOf"][1]["maxLength"], 500);
    assert_eq!(defs["Languages"]["anyOf"][1]["maxItems"], 10);
    assert_eq!(search["$defs"]["MatchWord"]["enum"], json!(["any", "all", "phrase"]));
}

/// The suggestion of a bounded error says what to send instead.
#[tokio::test]
async fn the_suggestion_names_the_allowed_values() {
    let harness = Harness::start().await;
    let (tool, arguments) = search(json!({ "max_results": 500 }));
    let error = harness.err(tool, arguments).await;
    assert_eq!(
        error["suggestions"],
        json!(["Give `max_results` a whole number between 1 and 100, as the tool's input schema \
                says."])
    );
}
