//! `video` or `videos`: choosing between one answer and a batch, and rendering batches.
//!
//! A batch result is `{results: [...]}`: per video, in the order given, the single-video answer
//! or `{video, error}` with the same error object a failed call carries. One failing video
//! never fails the call; only an invalid call (both or neither argument, too many videos) is an
//! error result.

use std::fmt::Write as _;

use rmcp::model::CallToolResult;
use serde::Serialize;
use serde_json::{Value, json};

use super::render::{error_body, error_text, moment_line, success, to_value};
use crate::batch::{self as batches, BatchVideo, Item};
use crate::engine::{Availability, BatchSearchAnswer, VideoContext};
use crate::error::Error;
use crate::video_id::{MAX_REFERENCE_CHARS, VideoRef};

/// What a call is about: one video, or a batch of them.
#[derive(Debug)]
pub enum Target {
    One(VideoRef),
    Many(Vec<BatchVideo>),
}

/// Reads `video` and `videos`: exactly one of them, and at most `cap` videos.
///
/// # Errors
/// `invalid_input` when both or neither are given, the list is empty, longer than `cap`,
/// holds an entry longer than any link or names a video twice, or the single `video` does
/// not parse. An entry that does not parse fails only its own item, later.
pub fn target(video: Option<&str>, videos: Option<&[String]>, cap: usize) -> Result<Target, Error> {
    match (video, videos) {
        (Some(_), Some(_)) => {
            Err(Error::invalid_input("videos", "give `video` or `videos`, not both"))
        }
        (None, None) => Err(Error::invalid_input("video", "missing field `video` (or `videos`)")),
        (Some(one), None) => Ok(Target::One(VideoRef::parse(one)?)),
        (None, Some(many)) => batch(many, cap).map(Target::Many),
    }
}

/// The entries of `videos`, checked as a list: 1 to `cap` of them, none too long, no video
/// twice.
fn batch(entries: &[String], cap: usize) -> Result<Vec<BatchVideo>, Error> {
    let refuse = |problem: String, got: serde_json::Value| {
        Error::out_of_bounds("videos", problem, batches::bounds(cap).got(got))
    };
    match entries.len() {
        0 => return Err(refuse("list at least one video".into(), json!(0))),
        n if n > cap => {
            let problem = format!("at most {cap} videos per call, got {n}; split the list");
            return Err(refuse(problem, json!(n)));
        }
        _ => {}
    }

    for (index, entry) in entries.iter().enumerate() {
        let length = entry.chars().count();
        if length > MAX_REFERENCE_CHARS {
            let problem = format!(
                "entry {} has {length} characters; expected at most {MAX_REFERENCE_CHARS}",
                index + 1
            );
            return Err(refuse(problem, json!(length)));
        }
    }

    let videos: Vec<BatchVideo> = entries.iter().map(|v| BatchVideo::parse(v)).collect();
    match first_repeat(&videos) {
        Some((first, again, id)) => {
            let problem = format!(
                "entries {} and {} both name video {id}; list each video once",
                first + 1,
                again + 1
            );
            Err(refuse(problem, json!(id)))
        }
        None => Ok(videos),
    }
}

/// The first entry naming the same video as an earlier one: both positions and the id.
fn first_repeat(videos: &[BatchVideo]) -> Option<(usize, usize, String)> {
    let ids: Vec<Option<&str>> =
        videos.iter().map(|v| v.id.as_ref().ok().map(|id| id.as_str())).collect();
    ids.iter().enumerate().find_map(|(again, id)| {
        let id = (*id)?;
        let first = ids[..again].iter().position(|earlier| *earlier == Some(id))?;
        Some((first, again, id.to_owned()))
    })
}

/// One batch entry as JSON: the answer, or `{video, error}`.
fn item_value<T: Serialize>(item: &Item<T>, video: &BatchVideo) -> Value {
    match &item.outcome {
        Ok(answer) => to_value(answer),
        Err(error) => {
            let id = video.id.as_ref().ok();
            json!({ "video": item.video, "error": error_body(error, id) })
        }
    }
}

fn results<T: Serialize>(items: &[Item<T>], videos: &[BatchVideo]) -> Value {
    let values: Vec<Value> = items.iter().zip(videos).map(|(i, v)| item_value(i, v)).collect();
    Value::Array(values)
}

/// A line for a failed item: `- <video as given>: <error text>`.
fn failed_line(text: &mut String, item_video: &str, error: &Error) {
    let _ = writeln!(text, "- {item_video}: {}", error_text(error));
}

/// `get_video_context` over several videos.
pub fn contexts(items: &[Item<VideoContext>], videos: &[BatchVideo]) -> CallToolResult {
    let mut text = format!("Context of {} video(s):\n", items.len());
    for item in items {
        match &item.outcome {
            Ok(c) => {
                let tokens = c.transcript_tokens_estimate.map(|t| format!(", ~{t} tokens"));
                let _ = writeln!(
                    text,
                    "- {} \"{}\" by {} ({} chapters{}) {}",
                    c.video_id,
                    c.title,
                    c.channel.name,
                    c.chapters.len(),
                    tokens.unwrap_or_default(),
                    c.url
                );
            }
            Err(error) => failed_line(&mut text, &item.video, error),
        }
    }
    success(text, json!({ "results": results(items, videos) }))
}

/// `check_transcript_availability` over several videos.
pub fn availabilities(items: &[Item<Availability>], videos: &[BatchVideo]) -> CallToolResult {
    let mut text = format!("Transcript availability of {} video(s):\n", items.len());
    for item in items {
        match &item.outcome {
            Ok(a) if a.available => {
                let languages: Vec<&str> =
                    a.tracks.iter().map(|t| t.language_code.as_str()).collect();
                let _ = writeln!(text, "- {}: available ({})", a.video_id, languages.join(", "));
            }
            Ok(a) => {
                let why = a.reason.as_ref().map(|r| r.message.as_str()).unwrap_or_default();
                let _ = writeln!(text, "- {}: not available: {why}", a.video_id);
            }
            Err(error) => failed_line(&mut text, &item.video, error),
        }
    }
    success(text, json!({ "results": results(items, videos) }))
}

/// `search_transcript` over several videos: hits ranked together, then per-video outcomes
/// whose own `hits` are left out (they are in the ranked list).
pub fn searches(answer: &BatchSearchAnswer, videos: &[BatchVideo]) -> CallToolResult {
    let mut results = results(&answer.results, videos);
    for entry in results.as_array_mut().into_iter().flatten() {
        if let Some(object) = entry.as_object_mut() {
            object.remove("hits");
            object.remove("query");
        }
    }
    let structured = json!({
        "query": answer.query,
        "total_hits": answer.total_hits,
        "hits": to_value(&answer.hits),
        "results": results,
    });
    success(search_text(answer), structured)
}

/// The ranked hits, one line each, then the videos that could not be searched.
fn search_text(answer: &BatchSearchAnswer) -> String {
    let mut text = format!(
        "{} hit(s) for \"{}\" in {} video(s)",
        answer.total_hits,
        answer.query,
        answer.results.len()
    );
    if answer.hits.len() < answer.total_hits {
        let _ = write!(text, "; the best {} are shown", answer.hits.len());
    }
    text.push_str(".\n");
    for hit in &answer.hits {
        let _ = writeln!(text, "{}", moment_line(hit));
    }
    for item in &answer.results {
        if let Err(error) = &item.outcome {
            failed_line(&mut text, &item.video, error);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` different video ids.
    fn list(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("GJLlxj_d{i:03}")).collect()
    }

    #[test]
    fn exactly_one_of_video_and_videos_is_accepted() {
        let both = target(Some("GJLlxj_dtq8"), Some(&list(1)), 50).expect_err("both");
        assert_eq!(both.details()["parameter"], "videos");
        let neither = target(None, None, 50).expect_err("neither");
        assert_eq!(neither.details()["parameter"], "video");
        let empty = target(None, Some(&[]), 50).expect_err("empty list");
        assert_eq!(empty.details()["parameter"], "videos");

        assert!(matches!(target(Some("GJLlxj_dtq8"), None, 50), Ok(Target::One(_))));
        assert!(matches!(target(None, Some(&list(2)), 50), Ok(Target::Many(v)) if v.len() == 2));
    }

    /// The same video twice, in any spelling, is refused; unparseable entries are not
    /// compared (they fail alone).
    #[test]
    fn a_batch_may_not_name_a_video_twice() {
        let twice = ["GJLlxj_dtq8".to_owned(), "x".into(), "https://youtu.be/GJLlxj_dtq8".into()];
        let error = target(None, Some(&twice), 10).expect_err("the same video twice");
        assert_eq!(error.details()["got"], "GJLlxj_dtq8");
        assert!(error.to_string().contains("entries 1 and 3 both name"), "{error}");

        let bad_twice = ["x".to_owned(), "x".into()];
        assert!(matches!(target(None, Some(&bad_twice), 10), Ok(Target::Many(v)) if v.len() == 2));
    }

    #[test]
    fn a_batch_may_not_exceed_its_cap() {
        assert!(matches!(target(None, Some(&list(10)), 10), Ok(Target::Many(_))));
        let error = target(None, Some(&list(11)), 10).expect_err("over the cap");
        assert_eq!(error.details()["parameter"], "videos");
        assert!(error.to_string().contains("at most 10 videos per call, got 11"), "{error}");
    }
}
