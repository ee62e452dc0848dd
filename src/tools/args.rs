//! Tool arguments: their schemas (for `tools/list`) and their parsing into typed input.
//!
//! Arguments are parsed here, not by rmcp, so that a missing or mistyped argument becomes our
//! structured `invalid_input` error naming the parameter and the type expected.

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use rmcp::model::JsonObject;

use crate::engine::{MAX_SEARCH_RESULTS, TranscriptRequest};
use crate::error::Error;
use crate::formats::Format;
use crate::language::LanguageCode;
use crate::paging;
use crate::reading::ReadRequest;
use crate::search::{DEFAULT_CONTEXT, MAX_CONTEXT};
use crate::time_range;
use crate::tracks::{Prefer, TrackRequest};
use crate::video_id::VideoRef;

/// The most languages one call may list.
pub const MAX_LANGUAGES: usize = 10;

/// The longest cursor accepted; real ones are a few hundred characters.
pub const MAX_CURSOR_CHARS: usize = 2_000;

/// Arguments of the tools that take a video, or a batch of them.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct VideoArgs {
    /// A YouTube video URL (watch, youtu.be, shorts, live, embed...) or an 11-character video id.
    /// Give this or `videos`.
    #[serde(default)]
    pub video: Option<String>,
    /// Up to 50 videos (URLs or ids) answered in one call, instead of `video`; the result is
    /// `{results: [...]}`, one entry per video in this order, each an answer or
    /// `{video, error}`.
    #[serde(default)]
    pub videos: Option<Vec<String>>,
}

/// One language code, or several in preference order.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged, expecting = "a language code or a list of language codes")]
pub enum Languages {
    One(String),
    Several(Vec<String>),
}

/// A point in the video: seconds, or text such as `90`, `1:30` or `1:02:03`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged, expecting = "seconds as a number, or a time such as \"1:30\" or \"1:02:03\"")]
pub enum Time {
    Seconds(f64),
    Clock(String),
}

/// Arguments of `get_video_transcript`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct TranscriptArgs {
    /// A YouTube video URL (watch, youtu.be, shorts, live, embed...) or an 11-character video id.
    /// A link's `t=` is the start of the range when `start` is not given.
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
    /// End of the time range (exclusive): seconds, `m:ss` or `h:mm:ss`; omit it to read to the
    /// end (in pages).
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
    pub max_chars: Option<u64>,
    /// The `next_cursor` of the previous page, to get the next one; pass the same video (the
    /// other arguments may be left out).
    #[serde(default)]
    pub cursor: Option<String>,
}

/// A chapter named by number or by title.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ChapterArg {
    Number(u64),
    Title(String),
}

impl ChapterArg {
    /// The chapter as text: a number reads as its digits.
    pub fn text(&self) -> String {
        match self {
            Self::Number(n) => n.to_string(),
            Self::Title(title) => title.clone(),
        }
    }
}

/// Arguments of `search_transcript`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SearchArgs {
    /// A YouTube video URL (watch, youtu.be, shorts, live, embed...) or an 11-character video id.
    /// Give this or `videos`.
    #[serde(default)]
    pub video: Option<String>,
    /// Up to 10 videos (URLs or ids) searched in one call, instead of `video`: their hits are
    /// ranked together and each names its video.
    #[serde(default)]
    pub videos: Option<Vec<String>>,
    /// Words to find. Matching ignores case, accents and width and takes whole words;
    /// `"quoted words"` must occur together in that order (also across caption lines);
    /// `[Music]`-style sound cues are found only when written in brackets.
    pub query: String,
    /// How the words combine: `all` (default; every word, close together), `any` (at least
    /// one), or `phrase` (the whole query in order).
    #[serde(default, rename = "match")]
    pub match_mode: Option<String>,
    /// Caption lines shown before and after each hit, 0 to 5 (default 1).
    #[serde(default)]
    #[schemars(range(max = 5))]
    pub context: Option<u64>,
    /// Caption language to search: a code or a list in preference order, as for
    /// get_video_transcript; omit it for YouTube's default track.
    #[serde(default)]
    pub language: Option<Languages>,
    /// `manual` (default), `auto` or `any`, as for get_video_transcript.
    #[serde(default)]
    pub prefer: Option<Prefer>,
    /// Search YouTube's machine translation of the track into this language instead.
    #[serde(default)]
    pub translate_to: Option<String>,
    /// How many hits to return, 1 to 100 (default 10).
    #[serde(default)]
    #[schemars(range(min = 1, max = 100))]
    pub max_results: Option<u64>,
}

/// Deserialises a tool's arguments, naming the parameter at fault on failure.
///
/// # Errors
/// `invalid_input` with the parameter's name and what was expected.
pub fn parse<T: DeserializeOwned>(arguments: Option<JsonObject>) -> Result<T, Error> {
    let value = serde_json::Value::Object(arguments.unwrap_or_default());
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        let parameter = match path.as_str() {
            "." => missing_field(&inner).unwrap_or("arguments").to_owned(),
            _ => path,
        };
        Error::invalid_input(parameter, inner)
    })
}

/// The field a "missing field `x`" message names.
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// Resolves the `video` argument.
pub fn video(raw: &str) -> Result<VideoRef, Error> {
    VideoRef::parse(raw)
}

/// The `language` argument: codes in preference order; an empty string means "not given".
pub fn languages(raw: Option<&Languages>) -> Result<Vec<LanguageCode>, Error> {
    let codes: Vec<&str> = match raw {
        None => Vec::new(),
        Some(Languages::One(code)) if code.trim().is_empty() => Vec::new(),
        Some(Languages::One(code)) => vec![code.as_str()],
        Some(Languages::Several(codes)) => codes.iter().map(String::as_str).collect(),
    };
    if codes.len() > MAX_LANGUAGES {
        let problem = format!("list at most {MAX_LANGUAGES} languages, not {}", codes.len());
        return Err(Error::invalid_input("language", problem));
    }
    codes.into_iter().map(|code| LanguageCode::parse("language", code)).collect()
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
        max_chars: args.max_chars.map(paging::budget).transpose()?,
    };
    Ok(TranscriptRequest {
        track,
        read,
        cursor: cursor(args.cursor.as_deref())?,
        chapter: args.chapter.as_ref().map(ChapterArg::text),
    })
}

/// The `cursor` argument, trimmed; an empty string means "not given".
fn cursor(raw: Option<&str>) -> Result<Option<String>, Error> {
    let Some(cursor) = raw.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    if cursor.len() > MAX_CURSOR_CHARS {
        return Err(Error::invalid_input("cursor", "this is not a cursor from this server"));
    }
    Ok(Some(cursor.to_owned()))
}

/// The search query: non-empty and of a sane length.
pub fn query(raw: &str) -> Result<&str, Error> {
    let query = raw.trim();
    if query.is_empty() {
        return Err(Error::invalid_input("query", "give at least one word to search for"));
    }
    if query.chars().count() > 500 {
        return Err(Error::invalid_input("query", "keep the query under 500 characters"));
    }
    Ok(query)
}

/// `context`, within 0..=5.
pub fn context(raw: Option<u64>) -> Result<usize, Error> {
    let Some(n) = raw else {
        return Ok(DEFAULT_CONTEXT);
    };
    match usize::try_from(n) {
        Ok(n) if n <= MAX_CONTEXT => Ok(n),
        _ => Err(Error::invalid_input(
            "context",
            format!("must be between 0 and {MAX_CONTEXT}, got {n}"),
        )),
    }
}

/// `max_results`, within 1..=100.
pub fn max_results(raw: Option<u64>) -> Result<usize, Error> {
    let Some(n) = raw else {
        return Ok(crate::engine::DEFAULT_SEARCH_RESULTS);
    };
    match usize::try_from(n) {
        Ok(n) if (1..=MAX_SEARCH_RESULTS).contains(&n) => Ok(n),
        _ => Err(Error::invalid_input(
            "max_results",
            format!("must be between 1 and {MAX_SEARCH_RESULTS}, got {n}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: serde_json::Value) -> Option<JsonObject> {
        value.as_object().cloned()
    }

    #[test]
    fn a_missing_argument_names_the_parameter() {
        let error = parse::<TranscriptArgs>(object(json!({}))).unwrap_err();
        assert_eq!(error.details()["parameter"], "video");
        assert_eq!(error.to_string(), "invalid video: missing field `video`");
    }

    #[test]
    fn a_mistyped_argument_names_the_parameter_and_the_type_expected() {
        let error =
            parse::<SearchArgs>(object(json!({"video": "x", "query": "a", "max_results": "5"})))
                .unwrap_err();
        assert_eq!(error.details()["parameter"], "max_results");
        assert!(error.to_string().contains("expected u64"), "{error}");

        let error = parse::<VideoArgs>(object(json!({"video": 42}))).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid video: invalid type: integer `42`, expected a string"
        );
    }

    #[test]
    fn max_results_is_bounded() {
        assert_eq!(max_results(None).unwrap(), 10);
        assert_eq!(max_results(Some(100)).unwrap(), 100);
        assert!(max_results(Some(0)).is_err());
        assert!(max_results(Some(101)).is_err());
    }

    #[test]
    fn context_is_bounded_and_defaults_to_one_line() {
        assert_eq!(context(None).unwrap(), 1);
        assert_eq!(context(Some(0)).unwrap(), 0);
        assert_eq!(context(Some(5)).unwrap(), 5);
        assert_eq!(context(Some(6)).unwrap_err().details()["parameter"], "context");
    }

    #[test]
    fn a_chapter_is_given_as_a_number_or_a_title() {
        let numbered = parse::<TranscriptArgs>(object(json!({"video": "x", "chapter": 3})));
        assert_eq!(numbered.unwrap().chapter.map(|c| c.text()).as_deref(), Some("3"));
        let titled = parse::<TranscriptArgs>(object(json!({"video": "x", "chapter": "Intro"})));
        assert_eq!(titled.unwrap().chapter.map(|c| c.text()).as_deref(), Some("Intro"));
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
