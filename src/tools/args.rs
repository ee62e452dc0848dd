//! Tool arguments: their schemas (for `tools/list`) and their parsing into typed input.
//!
//! Arguments are parsed here, not by rmcp, so that a missing or mistyped argument becomes our
//! structured `invalid_input` error naming the parameter, the type expected and the
//! parameter's [`Bounds`]. Values that parse but are bad (out of range, too long, holding
//! control characters, unknown words or languages) are refused by the checks below and by the
//! domain parsers they call, each error with the same bounds; the schemas state them too
//! (`minimum`, `maximum`, `maxLength`, `maxItems`...), so a client sees them in `tools/list`.

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Number, Value};

use rmcp::model::JsonObject;

use crate::batch::{self, MAX_CONTEXT_VIDEOS, MAX_SEARCH_VIDEOS};
use crate::bounds::{self, Bounds, echo};
use crate::chapters::{self, MAX_TITLE_CHARS};
use crate::engine::{MAX_SEARCH_RESULTS, TranscriptRequest};
use crate::error::Error;
use crate::formats::Format;
use crate::language::{self, LanguageCode, MAX_CODE_LEN};
use crate::paging;
use crate::reading::ReadRequest;
use crate::search::{DEFAULT_CONTEXT, MAX_CONTEXT, MAX_QUERY_CHARS, MatchMode, Query};
use crate::time_range::{self, MAX_SECONDS, MAX_TIME_CHARS, TimeRange};
use crate::tracks::{Prefer, TrackRequest};
use crate::video_id::{self, MAX_REFERENCE_CHARS, VideoRef};

/// The most languages one call may list.
pub const MAX_LANGUAGES: usize = 10;

/// The longest cursor accepted; real ones are a few hundred characters.
pub const MAX_CURSOR_CHARS: usize = 2_000;

/// How much of serde's message about a mistyped value an error repeats.
const MAX_TYPE_MESSAGE_CHARS: usize = 200;

/// A tool's arguments, as [`parse`] reads them.
pub trait Arguments: DeserializeOwned {
    /// The most entries `videos` may list; 0 for a tool that takes one video.
    const MAX_VIDEOS: usize;
}

impl Arguments for VideoArgs {
    const MAX_VIDEOS: usize = MAX_CONTEXT_VIDEOS;
}

impl Arguments for TranscriptArgs {
    const MAX_VIDEOS: usize = 0;
}

impl Arguments for SearchArgs {
    const MAX_VIDEOS: usize = MAX_SEARCH_VIDEOS;
}

/// Arguments of the tools that take a video, or a batch of them.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct VideoArgs {
    /// A YouTube video URL (watch, youtu.be, shorts, live, embed...) or an 11-character video id.
    /// Give this or `videos`.
    #[serde(default)]
    #[schemars(length(max = MAX_REFERENCE_CHARS))]
    pub video: Option<String>,
    /// Up to 50 videos (URLs or ids) answered in one call, instead of `video`; the result is
    /// `{results: [...]}`, one entry per video in this order, each an answer or
    /// `{video, error}`. Each video at most once.
    #[serde(default)]
    #[schemars(length(min = 1, max = MAX_CONTEXT_VIDEOS), inner(length(max = MAX_REFERENCE_CHARS)))]
    #[schemars(extend("uniqueItems" = true))]
    pub videos: Option<Vec<String>>,
}

/// One language code, or several in preference order.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged, expecting = "a language code or a list of language codes")]
pub enum Languages {
    One(#[schemars(length(max = MAX_CODE_LEN))] String),
    Several(
        #[schemars(length(max = MAX_LANGUAGES), inner(length(max = MAX_CODE_LEN)))] Vec<String>,
    ),
}

/// A point in the video: seconds, or text such as `90`, `1:30` or `1:02:03`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged, expecting = "seconds as a number, or a time such as \"1:30\" or \"1:02:03\"")]
pub enum Time {
    Seconds(#[schemars(range(min = 0, max = MAX_SECONDS))] f64),
    Clock(#[schemars(length(max = MAX_TIME_CHARS))] String),
}

/// A whole number as sent: any JSON number, so that `-1`, `2.5`, `1e300` or a number past
/// `u64` is refused with the parameter's range, not with serde's "expected u64".
#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub struct Count(Number);

/// An integer, inlined so that each field's `minimum` and `maximum` land on it.
impl JsonSchema for Count {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Count".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "integer" })
    }
}

impl Count {
    /// The number, when it is whole and within the `minimum` and `maximum` of `bounds`
    /// (0 and `u64::MAX` when unset).
    ///
    /// # Errors
    /// `invalid_input` for `parameter` with `bounds`, saying whether the number is not whole
    /// or out of range.
    pub fn within(&self, parameter: &str, bounds: Bounds) -> Result<u64, Error> {
        let minimum = bounds.minimum.as_ref().and_then(Number::as_u64).unwrap_or(0);
        let maximum = bounds.maximum.as_ref().and_then(Number::as_u64).unwrap_or(u64::MAX);
        let whole = self.whole();
        if let Some(n) = whole.filter(|n| (minimum..=maximum).contains(n)) {
            return Ok(n);
        }

        let number = &self.0;
        let is_whole = number.as_f64().is_some_and(|f| f.fract() == 0.0);
        let what = if is_whole { "is out of range" } else { "is not a whole number" };
        let problem = format!("{number} {what}; expected {}", bounds.describe());
        Err(Error::out_of_bounds(parameter, problem, bounds.got(Value::Number(number.clone()))))
    }

    /// The number as a `u64`, when it is one (`5.0` counts as 5).
    fn whole(&self) -> Option<u64> {
        // A whole float below 2^64 converts to the same integer.
        const TWO_TO_64: f64 = 18_446_744_073_709_551_616.0;
        let float = self.0.as_f64().filter(|f| f.fract() == 0.0 && (0.0..TWO_TO_64).contains(f));
        self.0.as_u64().or(float.map(|f| f as u64))
    }
}

/// Arguments of `get_video_transcript`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct TranscriptArgs {
    /// A YouTube video URL (watch, youtu.be, shorts, live, embed...) or an 11-character video id.
    /// A link's `t=` is the start of the range when `start` is not given.
    #[schemars(length(max = MAX_REFERENCE_CHARS))]
    pub video: String,
    /// Caption language: a code (`de`, `pt-BR`) or a list in preference order (`["de", "en"]`).
    /// `en` also finds `en-GB`; old and new codes match (`he`/`iw`). Omit it for YouTube's
    /// default track; check_transcript_availability lists the languages.
    #[serde(default)]
    pub language: Option<Languages>,
    /// Which kind of track comes first within a language: `manual` (people's captions, the
    /// default), `auto` (speech recognition) or `any` (the closest language match).
    #[serde(default)]
    pub prefer: Option<Prefer>,
    /// A language code to read YouTube's machine translation of the chosen track in (`tlang`);
    /// the track must be translatable.
    #[serde(default)]
    #[schemars(length(max = MAX_CODE_LEN))]
    pub translate_to: Option<String>,
    /// `timestamped` (default, `[m:ss] text` lines), `text` (paragraphs), `srt`, `vtt`, or
    /// `json` (segments only in structured content, a one-line summary as text).
    #[serde(default)]
    pub format: Option<Format>,
    /// Join auto-caption fragments into sentences (default: true for auto tracks, false for
    /// manual ones).
    #[serde(default)]
    pub merge_fragments: Option<bool>,
    /// Start of the time range: seconds, `m:ss` or `h:mm:ss`. Find the moment with
    /// search_transcript first, then read from a little before its hit.
    #[serde(default)]
    pub start: Option<Time>,
    /// End of the time range (exclusive, after `start`): seconds, `m:ss` or `h:mm:ss`; omit it
    /// to read to the end (in pages).
    #[serde(default)]
    pub end: Option<Time>,
    /// Only this chapter, as the range: its title (or a unique part of it) or its number (1 is
    /// the first), as get_video_context lists them. Not with `start`/`end`.
    #[serde(default)]
    pub chapter: Option<ChapterArg>,
    /// Page size: the most characters of text one page may hold, 1000 to 100000 (default
    /// 20000, or the size of the page a cursor continues). Longer transcripts come in pages
    /// joined by `next_cursor`.
    #[serde(default)]
    #[schemars(range(min = paging::MIN_PAGE_CHARS, max = paging::MAX_PAGE_CHARS))]
    pub max_chars: Option<Count>,
    /// The `next_cursor` of the previous page, to get the next one; pass the same video (the
    /// other arguments may be left out).
    #[serde(default)]
    #[schemars(length(max = MAX_CURSOR_CHARS))]
    pub cursor: Option<String>,
}

/// A chapter named by number or by title.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged, expecting = "a chapter number or a chapter title")]
pub enum ChapterArg {
    Number(#[schemars(range(min = 1))] Count),
    Title(#[schemars(length(max = MAX_TITLE_CHARS))] String),
}

impl ChapterArg {
    /// The chapter as text, checked: a number reads as its digits.
    ///
    /// # Errors
    /// `invalid_input` for `chapter` with its bounds: a number below 1 or not whole, or a
    /// title too long or holding control characters.
    pub fn text(&self) -> Result<String, Error> {
        let bounds = chapters::bounds();
        match self {
            Self::Number(n) => match n.whole().filter(|n| *n >= 1) {
                Some(n) => Ok(n.to_string()),
                None => {
                    let problem = format!(
                        "{} is not a chapter number; expected a whole number from 1 (the first \
                         chapter) or a chapter title",
                        n.0
                    );
                    Err(Error::out_of_bounds("chapter", problem, bounds.got(n.0.clone())))
                }
            },
            Self::Title(title) => {
                bounds::check_text("chapter", title, &bounds)?;
                Ok(title.clone())
            }
        }
    }
}

/// Arguments of `search_transcript`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SearchArgs {
    /// A YouTube video URL (watch, youtu.be, shorts, live, embed...) or an 11-character video id.
    /// Give this or `videos`.
    #[serde(default)]
    #[schemars(length(max = MAX_REFERENCE_CHARS))]
    pub video: Option<String>,
    /// Up to 10 videos (URLs or ids) searched in one call, instead of `video`: their hits are
    /// ranked together and each names its video. Each video at most once.
    #[serde(default)]
    #[schemars(length(min = 1, max = MAX_SEARCH_VIDEOS), inner(length(max = MAX_REFERENCE_CHARS)))]
    #[schemars(extend("uniqueItems" = true))]
    pub videos: Option<Vec<String>>,
    /// Words to find. Matching ignores case, accents and width and takes whole words;
    /// `"quoted words"` must occur together in that order (also across caption lines);
    /// `[Music]`-style sound cues are found only when written in brackets.
    #[schemars(length(min = 1, max = MAX_QUERY_CHARS))]
    pub query: String,
    /// How the words combine: `all` (default; every word, close together), `any` (at least
    /// one), or `phrase` (the whole query in order).
    #[serde(default, rename = "match")]
    #[schemars(with = "Option<MatchWord>")]
    pub match_mode: Option<String>,
    /// Caption lines shown before and after each hit, 0 to 5 (default 1).
    #[serde(default)]
    #[schemars(range(min = 0, max = MAX_CONTEXT))]
    pub context: Option<Count>,
    /// Caption language to search: a code or a list in preference order, as for
    /// get_video_transcript; omit it for YouTube's default track.
    #[serde(default)]
    pub language: Option<Languages>,
    /// `manual` (default), `auto` or `any`, as for get_video_transcript.
    #[serde(default)]
    pub prefer: Option<Prefer>,
    /// Search YouTube's machine translation of the track into this language instead.
    #[serde(default)]
    #[schemars(length(max = MAX_CODE_LEN))]
    pub translate_to: Option<String>,
    /// How many hits to return, 1 to 100 (default 10).
    #[serde(default)]
    #[schemars(range(min = 1, max = MAX_SEARCH_RESULTS))]
    pub max_results: Option<Count>,
}

// The words `match` takes, for its schema only: the argument itself is read by
// `MatchMode::parse`, which also forgives case and blanks. (A doc comment here would become
// the schema's description, which clients show.)
/// How the words of a query combine.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum MatchWord {
    Any,
    All,
    Phrase,
}

/// The most a call's arguments may weigh, in bytes of their strings and keys: fifty long
/// links fit many times over. Checked before a call waits for its slot, so the calls waiting
/// hold little memory however much a client sends.
pub const MAX_ARGUMENT_BYTES: usize = 128 * 1024;

/// Refuses arguments heavier than [`MAX_ARGUMENT_BYTES`], known fields or not.
///
/// # Errors
/// `invalid_input` for `arguments`, with the limit and the weight sent.
pub fn check_weight(arguments: Option<&JsonObject>) -> Result<(), Error> {
    let weight: usize = arguments
        .map_or(0, |object| object.iter().map(|(key, value)| key.len() + weight_of(value)).sum());
    if weight <= MAX_ARGUMENT_BYTES {
        return Ok(());
    }
    let problem = format!(
        "the arguments hold {weight} bytes of text; a call takes at most {MAX_ARGUMENT_BYTES}"
    );
    let bounds = Bounds::default().expecting("at most 131072 bytes of argument text").got(weight);
    Err(Error::out_of_bounds("arguments", problem, bounds))
}

/// Bytes of a JSON value's strings and keys, and a few per other value.
fn weight_of(value: &serde_json::Value) -> usize {
    use serde_json::Value;

    match value {
        Value::String(text) => text.len(),
        Value::Array(items) => items.iter().map(weight_of).sum::<usize>() + items.len(),
        Value::Object(fields) => fields.iter().map(|(k, v)| k.len() + weight_of(v)).sum(),
        Value::Null | Value::Bool(_) | Value::Number(_) => 8,
    }
}

/// Deserialises a tool's arguments, naming the parameter at fault on failure.
///
/// # Errors
/// `invalid_input` with the parameter's name, what was expected and the parameter's bounds.
pub fn parse<T: Arguments>(arguments: Option<JsonObject>) -> Result<T, Error> {
    let value = Value::Object(arguments.unwrap_or_default());
    serde_path_to_error::deserialize(&value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        let parameter = match path.as_str() {
            "." => missing_field(&inner).unwrap_or("arguments").to_owned(),
            _ => path,
        };
        mistyped(parameter, &inner, &value, T::MAX_VIDEOS)
    })
}

/// The error for a value of the wrong type (or a missing one), with the parameter's bounds.
fn mistyped(parameter: String, message: &str, arguments: &Value, max_videos: usize) -> Error {
    let name = parameter.split(['[', '.']).next().unwrap_or_default();
    let Some(bounds) = parameter_bounds(name, max_videos) else {
        return Error::invalid_input(parameter, shorten(message));
    };

    let problem = match arguments.get(name).and_then(Value::as_str) {
        Some(word) if !bounds.allowed.is_empty() => {
            format!("{} is not one of {}", echo(word), bounds.allowed.join(", "))
        }
        _ => format!("{}; allowed: {}", shorten(message), bounds.describe()),
    };
    Error::out_of_bounds(parameter, problem, bounds)
}

/// The limits of each parameter, by name.
fn parameter_bounds(parameter: &str, max_videos: usize) -> Option<Bounds> {
    let bounds = match parameter {
        "video" => video_id::bounds(),
        "videos" => batch::bounds(max_videos),
        "query" => Query::bounds(),
        "match" => MatchMode::bounds(),
        "language" => languages_bounds(),
        "translate_to" => language::code_bounds(),
        "prefer" => Bounds::one_of(&Prefer::NAMES),
        "format" => Bounds::one_of(&Format::NAMES),
        "merge_fragments" => Bounds::default().expecting("true or false"),
        "start" | "end" => time_range::time_bounds(),
        "chapter" => chapters::bounds(),
        "max_chars" => paging::budget_bounds(),
        "cursor" => cursor_bounds(),
        "context" => context_bounds(),
        "max_results" => max_results_bounds(),
        _ => return None,
    };
    Some(bounds)
}

/// `message` cut to [`MAX_TYPE_MESSAGE_CHARS`]: serde repeats a mistyped string whole.
fn shorten(message: &str) -> String {
    paging::shorten(message.to_owned(), MAX_TYPE_MESSAGE_CHARS)
}

/// The field a "missing field `x`" message names.
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// Resolves the `video` argument.
pub fn video(raw: &str) -> Result<VideoRef, Error> {
    VideoRef::parse(raw)
}

/// The limits of `language`: those of one code, and how many may be listed.
fn languages_bounds() -> Bounds {
    Bounds { max_items: Some(MAX_LANGUAGES), ..language::code_bounds() }
}

/// The `language` argument: codes in preference order; an empty string or list means "not
/// given".
pub fn languages(raw: Option<&Languages>) -> Result<Vec<LanguageCode>, Error> {
    let codes: Vec<&str> = match raw {
        None => Vec::new(),
        Some(Languages::One(code)) if code.trim().is_empty() => Vec::new(),
        Some(Languages::One(code)) => vec![code.as_str()],
        Some(Languages::Several(codes)) => codes.iter().map(String::as_str).collect(),
    };
    if codes.len() > MAX_LANGUAGES {
        let problem = format!("list at most {MAX_LANGUAGES} languages, not {}", codes.len());
        return Err(Error::out_of_bounds("language", problem, languages_bounds().got(codes.len())));
    }
    codes.into_iter().map(language_code).collect()
}

/// One code of `language`, reported with the bounds of the whole list.
fn language_code(code: &str) -> Result<LanguageCode, Error> {
    LanguageCode::parse("language", code).map_err(|error| match error {
        Error::InvalidInput { parameter, problem, bounds: Some(bounds) } => {
            let listed = Bounds { max_items: Some(MAX_LANGUAGES), ..*bounds };
            Error::out_of_bounds(parameter, problem, listed)
        }
        other => other,
    })
}

/// The `language`, `prefer` and `translate_to` arguments, shared by two tools.
pub fn track_request(
    language: Option<&Languages>,
    prefer: Option<Prefer>,
    translate_to: Option<&str>,
) -> Result<TrackRequest, Error> {
    let target = translate_to.map(str::trim).filter(|code| !code.is_empty());
    Ok(TrackRequest {
        languages: languages(language)?,
        prefer: prefer.unwrap_or_default(),
        translate_to: target.map(|code| LanguageCode::parse("translate_to", code)).transpose()?,
    })
}

/// A `start` or `end` argument in seconds.
pub fn time(parameter: &str, raw: Option<&Time>) -> Result<Option<f64>, Error> {
    match raw {
        None => Ok(None),
        Some(Time::Seconds(seconds)) => time_range::seconds(parameter, *seconds).map(Some),
        Some(Time::Clock(text)) => time_range::parse_clock(parameter, text).map(Some),
    }
}

/// Everything `get_video_transcript` was asked, once `video` is resolved.
///
/// # Errors
/// `invalid_input` for the first argument that is bad, with its bounds; an `end` not after
/// its `start` is refused here, before anything is fetched.
pub fn transcript_request(
    args: &TranscriptArgs,
    video: &VideoRef,
) -> Result<TranscriptRequest, Error> {
    let track = track_request(args.language.as_ref(), args.prefer, args.translate_to.as_deref())?;
    let read = ReadRequest {
        format: args.format,
        merge_fragments: args.merge_fragments,
        // A link's `t=` is a start; a named chapter brings its own.
        start: time("start", args.start.as_ref())?
            .or(video.start_seconds.filter(|_| args.chapter.is_none())),
        end: time("end", args.end.as_ref())?,
        max_chars: args.max_chars.as_ref().map(max_chars).transpose()?,
    };
    TimeRange::new(read.start, read.end)?;
    Ok(TranscriptRequest {
        track,
        read,
        cursor: cursor(args.cursor.as_deref())?,
        chapter: args.chapter.as_ref().map(ChapterArg::text).transpose()?,
    })
}

/// `max_chars`, within the page budget's bounds.
fn max_chars(raw: &Count) -> Result<usize, Error> {
    paging::budget(raw.within("max_chars", paging::budget_bounds())?)
}

/// The limits of `cursor`, as an error reports them.
fn cursor_bounds() -> Bounds {
    Bounds::text(MAX_CURSOR_CHARS).expecting("the next_cursor of a previous page, unchanged")
}

/// The `cursor` argument, trimmed; an empty string means "not given".
fn cursor(raw: Option<&str>) -> Result<Option<String>, Error> {
    let Some(cursor) = raw.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    bounds::check_text("cursor", cursor, &cursor_bounds())?;
    Ok(Some(cursor.to_owned()))
}

/// The search query: non-empty, of a sane length, without control characters.
///
/// # Errors
/// `invalid_input` for `query` with [`Query::bounds`].
pub fn query(raw: &str) -> Result<&str, Error> {
    let query = raw.trim();
    if query.is_empty() {
        let problem = "give at least one word to search for";
        return Err(Error::out_of_bounds("query", problem, Query::bounds().got(0)));
    }
    bounds::check_text("query", query, &Query::bounds())?;
    Ok(query)
}

fn context_bounds() -> Bounds {
    Bounds::range(0, MAX_CONTEXT as u64)
}

/// `context`, within 0..=5.
pub fn context(raw: Option<Count>) -> Result<usize, Error> {
    let Some(n) = raw else {
        return Ok(DEFAULT_CONTEXT);
    };
    // Within the bounds, so the number fits a usize.
    Ok(n.within("context", context_bounds())? as usize)
}

fn max_results_bounds() -> Bounds {
    Bounds::range(1, MAX_SEARCH_RESULTS as u64)
}

/// `max_results`, within 1..=100.
pub fn max_results(raw: Option<Count>) -> Result<usize, Error> {
    let Some(n) = raw else {
        return Ok(crate::engine::DEFAULT_SEARCH_RESULTS);
    };
    Ok(n.within("max_results", max_results_bounds())? as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: serde_json::Value) -> Option<JsonObject> {
        value.as_object().cloned()
    }

    #[test]
    fn arguments_heavier_than_the_limit_are_refused_whatever_their_fields() {
        let links = vec!["https://www.youtube.com/watch?v=GJLlxj_dtq8&t=90s"; 50];
        let light = object(json!({ "videos": links }));
        assert!(check_weight(light.as_ref()).is_ok());

        let padded = object(json!({ "video": "GJLlxj_dtq8", "pad": "x".repeat(200_000) }));
        let error = check_weight(padded.as_ref()).unwrap_err();
        assert_eq!(error.details()["parameter"], "arguments");
        assert_eq!(error.details()["got"], 200_003 + "video".len() + "GJLlxj_dtq8".len());
        let nested = object(json!({ "a": [[["y".repeat(70_000)]], { "b": "z".repeat(70_000) }] }));
        assert!(check_weight(nested.as_ref()).is_err(), "nesting hides no weight");
    }

    /// A count as a client sends it.
    fn count(value: serde_json::Value) -> Option<Count> {
        Some(serde_json::from_value(value).expect("a JSON number"))
    }

    #[test]
    fn a_missing_argument_names_the_parameter() {
        let error = parse::<TranscriptArgs>(object(json!({}))).unwrap_err();
        assert_eq!(error.details()["parameter"], "video");
        assert_eq!(error.details()["max_length"], MAX_REFERENCE_CHARS);
        assert!(
            error.to_string().starts_with("invalid video: missing field `video`; allowed: an ")
        );
    }

    #[test]
    fn a_mistyped_argument_names_the_parameter_and_the_type_expected() {
        let error =
            parse::<SearchArgs>(object(json!({"video": "x", "query": "a", "max_results": "5"})))
                .unwrap_err();
        assert_eq!(error.details()["parameter"], "max_results");
        assert_eq!(error.details()["maximum"], 100);
        assert!(error.to_string().contains("a whole number between 1 and 100"), "{error}");

        let error = parse::<VideoArgs>(object(json!({"video": 42}))).unwrap_err();
        assert!(
            error.to_string().starts_with(
                "invalid video: invalid type: integer `42`, expected a string; allowed: an \
                 11-character video id"
            ),
            "{error}"
        );
    }

    #[test]
    fn max_results_is_bounded() {
        assert_eq!(max_results(None).unwrap(), 10);
        assert_eq!(max_results(count(json!(100))).unwrap(), 100);
        assert_eq!(max_results(count(json!(7.0))).unwrap(), 7, "a whole float is whole");
        for outside in [json!(0), json!(101), json!(-1), json!(2.5), json!(1e300)] {
            let error = max_results(count(outside.clone())).expect_err(&outside.to_string());
            assert_eq!(error.details()["got"], outside);
        }
    }

    #[test]
    fn context_is_bounded_and_defaults_to_one_line() {
        assert_eq!(context(None).unwrap(), 1);
        assert_eq!(context(count(json!(0))).unwrap(), 0);
        assert_eq!(context(count(json!(5))).unwrap(), 5);
        let error = context(count(json!(6))).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid context: 6 is out of range; expected a whole number between 0 and 5"
        );
        let error = context(count(json!(0.5))).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid context: 0.5 is not a whole number; expected a whole number between 0 and 5"
        );
    }

    /// Every word the schemas list for `format` and `prefer` parses.
    #[test]
    fn the_listed_words_are_the_accepted_ones() {
        for (name, format) in Format::NAMES.iter().zip(Format::ALL) {
            assert_eq!(serde_json::from_value::<Format>(json!(name)).unwrap(), format);
            assert_eq!(format.as_str(), *name);
        }
        for name in Prefer::NAMES {
            assert!(serde_json::from_value::<Prefer>(json!(name)).is_ok(), "{name}");
        }
        for name in MatchMode::NAMES {
            assert!(serde_json::from_value::<MatchWord>(json!(name)).is_ok(), "{name}");
        }
    }

    #[test]
    fn a_chapter_is_given_as_a_number_or_a_title() {
        let numbered = parse::<TranscriptArgs>(object(json!({"video": "x", "chapter": 3})));
        assert_eq!(numbered.unwrap().chapter.unwrap().text().unwrap(), "3");
        let titled = parse::<TranscriptArgs>(object(json!({"video": "x", "chapter": "Intro"})));
        assert_eq!(titled.unwrap().chapter.unwrap().text().unwrap(), "Intro");
    }

    #[test]
    fn blank_queries_and_odd_language_codes_are_refused() {
        assert!(query("   ").is_err());
        assert_eq!(query("  cache ").unwrap(), "cache");

        let codes = |raw: Languages| -> Vec<String> {
            languages(Some(&raw)).unwrap().iter().map(|c| c.as_str().to_owned()).collect()
        };
        assert_eq!(codes(Languages::One(" de ".into())), ["de"]);
        assert!(codes(Languages::One("".into())).is_empty());
        assert_eq!(codes(Languages::Several(vec!["de".into(), "en".into()])), ["de", "en"]);
        assert!(languages(Some(&Languages::One("en; drop".into()))).is_err());
        assert!(languages(Some(&Languages::Several(vec!["de".into(), "".into()]))).is_err());
        let eleven = Languages::Several(vec!["en".into(); 11]);
        assert_eq!(languages(Some(&eleven)).unwrap_err().details()["parameter"], "language");
    }

    /// Every transcript argument parses into the request, a link's `t=` filling in `start`.
    #[test]
    fn transcript_arguments_parse_into_a_request() {
        let arguments = json!({
            "video": "https://youtu.be/GJLlxj_dtq8?t=90",
            "language": ["he", "en"], "prefer": "any", "translate_to": "de",
            "format": "srt", "merge_fragments": false, "end": "1:02:03", "max_chars": 5000,
            "cursor": " abc.def "
        });
        let args = parse::<TranscriptArgs>(object(arguments)).unwrap();
        let request = transcript_request(&args, &video(&args.video).unwrap()).unwrap();

        let codes: Vec<&str> = request.track.languages.iter().map(|c| c.as_str()).collect();
        assert_eq!(codes, ["he", "en"]);
        assert_eq!(request.track.prefer, Prefer::Any);
        assert_eq!(request.track.translate_to.unwrap().as_str(), "de");
        let read = &request.read;
        assert_eq!((read.format, read.merge_fragments), (Some(Format::Srt), Some(false)));
        assert_eq!((read.start, read.end, read.max_chars), (Some(90.0), Some(3723.0), Some(5000)));
        assert_eq!(request.cursor.as_deref(), Some("abc.def"));
    }

    /// An explicit start wins over the link's; bad values name their parameter.
    #[test]
    fn transcript_arguments_are_checked() {
        let parsed = |arguments: serde_json::Value| {
            let args = parse::<TranscriptArgs>(object(arguments))?;
            transcript_request(&args, &video(&args.video)?)
        };
        let request = parsed(json!({ "video": "youtu.be/GJLlxj_dtq8?t=90", "start": 5 })).unwrap();
        assert_eq!(request.read.start, Some(5.0));

        let cases = [
            (json!({ "video": "GJLlxj_dtq8", "format": "pdf" }), "format"),
            (json!({ "video": "GJLlxj_dtq8", "prefer": "human" }), "prefer"),
            (json!({ "video": "GJLlxj_dtq8", "start": "1:75" }), "start"),
            (json!({ "video": "GJLlxj_dtq8", "end": -1 }), "end"),
            (json!({ "video": "GJLlxj_dtq8", "max_chars": 999 }), "max_chars"),
            (json!({ "video": "GJLlxj_dtq8", "max_chars": 100001 }), "max_chars"),
            (json!({ "video": "GJLlxj_dtq8", "language": 5 }), "language"),
            (json!({ "video": "GJLlxj_dtq8", "translate_to": "x y" }), "translate_to"),
        ];
        for (arguments, parameter) in cases {
            let error = parsed(arguments.clone()).expect_err(&arguments.to_string());
            assert_eq!(error.details()["parameter"], parameter, "{arguments}");
        }
    }
}
