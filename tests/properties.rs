//! Property tests of the parsers that read untrusted text: video references from users, player
//! answers and srv1 caption bodies from YouTube, and clock times from tool arguments.
//!
//! Every property states a relation that can fail: a parse that must resolve to a known id, a
//! round trip that must give back its input, or the parser's documented promises, checked by
//! `properties/invariants.rs` (shared with the fuzz targets in `fuzz/`). Case counts are kept
//! small so the file runs in seconds in a debug build; the fuzz targets search longer.
//!
//! Inputs that fuzzing found are regression tests next to the parser they broke (see the
//! README's "Fuzzing and property tests").

#[path = "properties/invariants.rs"]
mod invariants;
#[path = "support/srv1_gen.rs"]
mod srv1_gen;

use proptest::prelude::*;
use proptest::sample::{Index, select};
use serde_json::{Map, Value, json};
use youtube_mcp::engine::watch_url;
use youtube_mcp::time_range::{MAX_SECONDS, parse_clock};
use youtube_mcp::timestamp::format_timestamp;
use youtube_mcp::transcript::parse_srv1;
use youtube_mcp::video_id::{VideoId, VideoRef};
use youtube_mcp::youtube::player::parse_player;
use youtube_mcp::{Error, ErrorCode};

use srv1_gen::{Kind, Spec};

/// The id the player properties request.
const REQUESTED: &str = "GJLlxj_dtq8";

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// The parsed value, or a test failure naming the input and the refusal.
fn resolved<T>(parsed: Result<T, Error>, input: &str) -> Result<T, TestCaseError> {
    parsed.map_err(|error| TestCaseError::fail(format!("{input:?} was refused: {error}")))
}

fn requested() -> VideoId {
    VideoId::from_bare(REQUESTED).expect("a valid id")
}

// ---------------------------------------------------------------------------------------------
// Video references
// ---------------------------------------------------------------------------------------------

/// Any valid video id.
fn video_id() -> impl Strategy<Value = VideoId> {
    "[0-9A-Za-z_-]{11}".prop_map(|id| VideoId::from_bare(&id).expect("the pattern is the grammar"))
}

/// A start offset and the ways a link may write it (`90`, `90s`, `1m30s`, `1h2m3s`).
fn offset() -> impl Strategy<Value = (u32, String)> {
    (0u32..400_000, 0usize..3).prop_map(|(seconds, style)| {
        let written = match style {
            0 => seconds.to_string(),
            1 => format!("{seconds}s"),
            _ => clock_offset(seconds),
        };
        (seconds, written)
    })
}

/// `1h2m3s`, leaving out zero units (but never all of them).
fn clock_offset(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let units = [(h, "h"), (m, "m"), (s, "s")];
    let written: String =
        units.iter().filter(|(n, _)| *n > 0).map(|(n, unit)| format!("{n}{unit}")).collect();
    if written.is_empty() { "0s".to_owned() } else { written }
}

/// Parameters a shared link carries besides the id (`si`, `feature`, `list`, `pp`, `index`).
fn extra_params() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = select(vec!["si", "feature", "list", "pp", "index", "ab_channel", "rel"]);
    proptest::collection::vec((name, "[0-9A-Za-z_%-]{0,16}"), 0..3)
        .prop_map(|pairs| pairs.into_iter().map(|(name, value)| (name.to_owned(), value)).collect())
}

/// A link to `id` in one of the accepted forms, with optional scheme, params and offset.
fn link_to(id: VideoId) -> impl Strategy<Value = (String, VideoId, Option<u32>)> {
    let scheme = select(vec!["https://", "http://", "//", "", "HTTPS://"]);
    let site = select(vec!["www.youtube.com", "youtube.com", "m.youtube.com", "music.youtube.com"]);
    let form = 0usize..7;
    let prose = select(vec![("", ""), ("<", ">"), ("(", ")."), ("\"", "\""), ("  ", ",\n")]);

    (scheme, site, form, extra_params(), proptest::option::of(offset()), prose).prop_map(
        move |(scheme, site, form, params, offset, (before, after))| {
            let place = match form {
                0 => format!("{site}/watch?v={id}"),
                1 => format!("youtu.be/{id}?x=1"),
                2 => format!("{site}/shorts/{id}?x=1"),
                3 => format!("{site}/embed/{id}?x=1"),
                4 => format!("{site}/live/{id}?x=1"),
                5 => format!("www.youtube-nocookie.com/embed/{id}?x=1"),
                _ => format!("{site}/watch?feature=share&v={id}"),
            };
            let query: String = params.iter().map(|(k, v)| format!("&{k}={v}")).collect();
            let time = offset.as_ref().map(|(_, written)| format!("&t={written}"));
            let link = format!("{before}{scheme}{place}{query}{}{after}", time.unwrap_or_default());
            (link, id.clone(), offset.map(|(seconds, _)| seconds))
        },
    )
}

proptest! {
    #![proptest_config(config(1024))]

    /// Any text at all: a resolved id re-renders and resolves again, or a short refusal.
    #[test]
    fn video_ref_parse_never_panics_and_keeps_its_promises(input in any::<String>()) {
        invariants::check_video_ref(&input, &VideoRef::parse(&input));
    }

    /// Text shaped like links, where the parser's branches are: the same promises hold.
    #[test]
    fn link_shaped_text_keeps_the_parser_promises(
        input in "(https?:)?(//)?([a-z.]{0,6}youtu(be\\.com|\\.be)|[a-z]{1,5}\\.[a-z]{2})\
                  (/[a-z_]{0,8}){0,3}[/?#&=a-zA-Z0-9_%.;-]{0,30}"
    ) {
        invariants::check_video_ref(&input, &VideoRef::parse(&input));
    }

    /// Every accepted link form, with any extra parameters and offset, names its video.
    #[test]
    fn every_accepted_link_form_resolves_to_its_id(
        (link, id, seconds) in video_id().prop_flat_map(link_to)
    ) {
        let video = resolved(VideoRef::parse(&link), &link)?;
        prop_assert_eq!(&video.id, &id, "{}", link);
        prop_assert_eq!(video.start_seconds, seconds.map(f64::from), "{}", link);
    }

    /// The watch URL printed for any id and start resolves to that id and start.
    #[test]
    fn a_watch_url_resolves_back_to_its_id_and_start(
        id in video_id(), start in proptest::option::of(0u32..=u32::MAX)
    ) {
        let start = start.map(f64::from);
        invariants::assert_resolves_to(&watch_url(&id, start), &id, start);
        invariants::assert_resolves_to(id.as_str(), &id, None);
    }
}

// ---------------------------------------------------------------------------------------------
// srv1 caption bodies
// ---------------------------------------------------------------------------------------------

/// Languages the generator has vocabularies for, plus one it does not.
const LANGUAGES: [&str; 8] = ["en", "de", "ja", "ar", "ru", "hi", "zh-Hant", "xx"];

/// A generator spec: language, kind and length.
fn srv1_spec() -> impl Strategy<Value = Spec<'static>> {
    (select(LANGUAGES.to_vec()), any::<bool>(), 1usize..25).prop_map(|(language, asr, cues)| {
        let kind = if asr { Kind::Asr } else { Kind::Manual };
        Spec::new("GJLlxj_dtq8", language, kind, cues)
    })
}

/// One edit of a body: cut a span, insert a snippet, or repeat a span.
#[derive(Debug, Clone)]
enum Edit {
    Cut(Index, usize),
    Insert(Index, String),
    Repeat(Index, usize),
}

/// Snippets that break srv1 in the ways a proxy or a changed format could.
fn snippet() -> impl Strategy<Value = String> {
    let pieces = select(vec![
        "<",
        ">",
        "&",
        "&amp;",
        "&#",
        ";",
        "\"",
        "</text>",
        "<text start=\"",
        "\" dur=\"",
        "/>",
        "</transcript>",
        "<transcript>",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "NaN",
        "-1",
        "1e999",
        "999999.9996",
        "&lt;i&gt;",
        "<i>",
        "\u{0}",
        "\u{FEFF}",
        "\n",
    ]);
    prop_oneof![pieces.prop_map(str::to_owned), ".{0,6}"]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), 1usize..40).prop_map(|(at, len)| Edit::Cut(at, len)),
        (any::<Index>(), snippet()).prop_map(|(at, text)| Edit::Insert(at, text)),
        (any::<Index>(), 1usize..60).prop_map(|(at, len)| Edit::Repeat(at, len)),
    ]
}

/// Applies `edits` to `body`, on character boundaries.
fn mutate(body: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = body.chars().collect();
    for edit in edits {
        let at = |index: &Index| index.index(chars.len() + 1);
        match edit {
            Edit::Cut(index, len) => {
                let from = at(index);
                chars.drain(from..(from + len).min(chars.len()));
            }
            Edit::Insert(index, text) => {
                let from = at(index);
                chars.splice(from..from, text.chars());
            }
            Edit::Repeat(index, len) => {
                let from = at(index);
                let span: Vec<char> = chars[from..(from + len).min(chars.len())].to_vec();
                chars.splice(from..from, span);
            }
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(config(512))]

    /// Any text: a transcript that keeps the documented promises, or upstream_changed.
    #[test]
    fn parse_srv1_never_panics_on_any_text(body in any::<String>()) {
        invariants::check_transcript(&parse_srv1(&body));
    }

    /// A generated YouTube-style body reads back as exactly the cues it was made from.
    #[test]
    fn a_generated_body_reads_back_as_its_cues(spec in srv1_spec()) {
        let transcript = parse_srv1(&srv1_gen::srv1(&spec)).expect("a generated body parses");
        let cues = srv1_gen::cues(&spec);

        prop_assert_eq!(transcript.segments.len(), cues.len());
        for (segment, cue) in transcript.segments.iter().zip(&cues) {
            prop_assert_eq!(segment.start, cue.start_seconds());
            prop_assert_eq!(segment.duration, cue.dur_seconds());
            let one_line = cue.text.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(&segment.text, &one_line);
        }
    }

    /// Times written near `MAX_MEDIA_SECONDS`, with any number of decimals, keep the promises:
    /// a kept start is below the cap after rounding to milliseconds.
    #[test]
    fn times_near_the_cap_stay_below_it(
        whole in 999_998u32..=1_000_000, fraction in "9{0,4}[0-9]{0,2}", dur in "[0-9]{1,7}"
    ) {
        let cue = format!(r#"<text start="{whole}.{fraction}" dur="{dur}">near the cap</text>"#);
        invariants::check_transcript(&parse_srv1(&format!("<transcript>{cue}</transcript>")));
    }

    /// A generated body cut, patched and repeated at random keeps the promises too.
    #[test]
    fn parse_srv1_never_panics_on_mutated_bodies(
        spec in srv1_spec(), edits in proptest::collection::vec(edit(), 1..6)
    ) {
        let body = mutate(&srv1_gen::srv1(&spec), &edits);
        invariants::check_transcript(&parse_srv1(&body));
    }
}

// ---------------------------------------------------------------------------------------------
// Player answers
// ---------------------------------------------------------------------------------------------

/// Keys the reader looks for, so random objects reach its branches.
const PLAYER_KEYS: [&str; 24] = [
    "videoId",
    "lengthSeconds",
    "viewCount",
    "title",
    "author",
    "isLive",
    "isUpcoming",
    "isLiveContent",
    "thumbnails",
    "url",
    "width",
    "height",
    "status",
    "reason",
    "messages",
    "simpleText",
    "runs",
    "text",
    "baseUrl",
    "languageCode",
    "name",
    "kind",
    "isTranslatable",
    "defaultCaptionTrackIndex",
];

/// Strings the reader gives meaning to, and their near misses.
const PLAYER_STRINGS: [&str; 16] = [
    REQUESTED,
    "dQw4w9WgXcQ",
    "OK",
    "ERROR",
    "LOGIN_REQUIRED",
    "LIVE_STREAM_OFFLINE",
    "UNPLAYABLE",
    "asr",
    "en",
    "2023-02-27",
    "2023-02-30",
    "2018-08-02T06:00:08-07:00",
    "1677592800",
    "99999999999999999999",
    "https://www.youtube.com/api/timedtext?v=x&exp=xpe",
    "This video is private",
];

/// Any JSON value, biased to the keys and strings a player answer uses.
fn json_value() -> BoxedStrategy<Value> {
    let string = prop_oneof![select(PLAYER_STRINGS.to_vec()).prop_map(str::to_owned), ".{0,8}"];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        string.prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        let key = prop_oneof![select(PLAYER_KEYS.to_vec()).prop_map(str::to_owned), "[a-z]{1,6}"];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::vec((key, inner), 0..5)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
    .boxed()
}

/// An object with some of `fields`, each with any value.
fn object_of(fields: &'static [&'static str]) -> impl Strategy<Value = Value> {
    proptest::collection::vec((select(fields), json_value()), 0..fields.len() + 1).prop_map(
        |pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()),
    )
}

/// A player answer: the real sections in the real places, their contents random.
fn player_answer() -> impl Strategy<Value = Value> {
    let details = object_of(&[
        "videoId",
        "lengthSeconds",
        "viewCount",
        "title",
        "isLive",
        "isUpcoming",
        "thumbnail",
    ]);
    let status = object_of(&["status", "reason", "messages", "errorScreen"]);
    let track = object_of(&["baseUrl", "languageCode", "name", "kind", "isTranslatable"]);
    let renderer = (proptest::collection::vec(track, 0..4), json_value(), json_value()).prop_map(
        |(tracks, languages, audio)| {
            json!({
                "captionTracks": tracks,
                "translationLanguages": languages,
                "audioTracks": audio,
            })
        },
    );
    let sections = (
        proptest::option::of(details),
        proptest::option::of(status),
        proptest::option::of(renderer),
        proptest::option::of(json_value()),
    );
    sections.prop_map(|(details, status, renderer, microformat)| {
        let mut answer = Map::new();
        let mut put = |key: &str, value: Option<Value>| {
            value.map(|v| answer.insert(key.to_owned(), v));
        };
        put("videoDetails", details);
        put("playabilityStatus", status);
        put("captions", renderer.map(|r| json!({ "playerCaptionsTracklistRenderer": r })));
        put("microformat", microformat.map(|m| json!({ "playerMicroformatRenderer": m })));
        Value::Object(answer)
    })
}

proptest! {
    #![proptest_config(config(512))]

    /// Any JSON value: read exactly when the reader documents it, and then consistent.
    #[test]
    fn parse_player_never_panics_on_any_json_value(answer in json_value()) {
        let parsed = parse_player(&answer.to_string(), &requested());
        invariants::check_player(Some(&answer), &requested(), &parsed);
    }

    /// Player-shaped answers with random contents: the same promises hold.
    #[test]
    fn parse_player_never_panics_on_player_shaped_answers(answer in player_answer()) {
        let parsed = parse_player(&answer.to_string(), &requested());
        invariants::check_player(Some(&answer), &requested(), &parsed);
    }

    /// Any text that is not JSON is refused as upstream_changed.
    #[test]
    fn parse_player_refuses_any_text_that_is_not_json(body in any::<String>()) {
        let answer: Option<Value> = serde_json::from_str(&body).ok();
        invariants::check_player(answer.as_ref(), &requested(), &parse_player(&body, &requested()));
    }
}

// ---------------------------------------------------------------------------------------------
// Clock times
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(1024))]

    /// Any text: a time within the accepted bounds, or invalid_input for the parameter.
    #[test]
    fn parse_clock_never_panics_and_stays_in_bounds(text in any::<String>()) {
        match parse_clock("start", &text) {
            Ok(seconds) => prop_assert!((0.0..=MAX_SECONDS).contains(&seconds), "{}", seconds),
            Err(Error::InvalidInput { parameter, .. }) => prop_assert_eq!(parameter, "start"),
            Err(other) => prop_assert!(false, "wrong error {:?}", other),
        }
    }

    /// Clock-shaped text: the same bounds, and never another error.
    #[test]
    fn clock_shaped_text_stays_in_bounds(text in "[0-9]{0,4}(:[0-9]{0,3}){0,3}(\\.[0-9]{0,3})?") {
        if let Ok(seconds) = parse_clock("end", &text) {
            prop_assert!((0.0..=MAX_SECONDS).contains(&seconds), "{} gave {}", text, seconds);
        }
    }

    /// A printed timestamp reads back as the whole second it shows.
    #[test]
    fn a_formatted_timestamp_parses_back_to_its_whole_second(seconds in 0.0..=MAX_SECONDS) {
        let label = format_timestamp(seconds);
        let read = resolved(parse_clock("start", &label), &label)?;
        prop_assert_eq!(read, seconds.floor(), "{}", label);
    }

    /// A number of seconds written as Rust prints it reads back as exactly that number.
    #[test]
    fn plain_seconds_parse_to_themselves(seconds in 0.0..=MAX_SECONDS) {
        let written = seconds.to_string();
        let read = resolved(parse_clock("start", &written), &written)?;
        prop_assert_eq!(read, seconds);
    }
}

/// `invalid_input` is the only error a clock time gets, even for absurd lengths.
#[test]
fn a_huge_clock_time_is_refused_not_overflowed() {
    let error = parse_clock("start", &"9".repeat(400)).expect_err("past MAX_SECONDS");
    assert_eq!(error.code(), ErrorCode::InvalidInput);
}
