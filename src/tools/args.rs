//! Tool arguments: their schemas (for `tools/list`) and their parsing into typed input.
//!
//! Arguments are parsed here, not by rmcp, so that a missing or mistyped argument becomes our
//! structured `invalid_input` error naming the parameter and the type expected.

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use rmcp::model::JsonObject;

use crate::engine::MAX_SEARCH_RESULTS;
use crate::error::Error;
use crate::search::{DEFAULT_CONTEXT, MAX_CONTEXT};
use crate::video_id::VideoRef;

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

/// Arguments of `get_video_transcript`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct TranscriptArgs {
    /// A YouTube video URL (watch, youtu.be, shorts, live, embed...) or an 11-character video id.
    pub video: String,
    /// Language code of the caption track (`en`, `de`, `pt-BR`). Omit it to get YouTube's
    /// default track; call check_transcript_availability to see which languages exist.
    #[serde(default)]
    pub language: Option<String>,
    /// Only this chapter: its title (or a unique part of it) or its number (1 is the first),
    /// as get_video_context lists them.
    #[serde(default)]
    pub chapter: Option<ChapterArg>,
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
    pub context: Option<u64>,
    /// Language code of the caption track to search; omit it for YouTube's default track.
    #[serde(default)]
    pub language: Option<String>,
    /// How many hits to return, 1 to 100 (default 10).
    #[serde(default)]
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

/// A language argument, trimmed; an empty string means "not given".
pub fn language(raw: Option<&str>) -> Result<Option<&str>, Error> {
    let Some(code) = raw.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let valid = code.len() <= 16 && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !valid {
        return Err(Error::invalid_input("language", format!("`{code}` is not a language code")));
    }
    Ok(Some(code))
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
        assert_eq!(language(Some(" de ")).unwrap(), Some("de"));
        assert_eq!(language(Some("")).unwrap(), None);
        assert!(language(Some("en; drop")).is_err());
    }
}
