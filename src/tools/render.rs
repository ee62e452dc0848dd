//! Turning engine answers and errors into tool results a model can read.
//!
//! Every result carries both a readable text block (what most clients show a model) and the
//! same answer as `structuredContent`, whose shape the output schemas declare.

use std::fmt::Write as _;

use rmcp::model::{CallToolResult, ContentBlock};
use serde::Serialize;
use serde_json::{Value, json};

use crate::engine::{Availability, SearchAnswer, TranscriptAnswer, VideoContext};
use crate::error::Error;
use crate::moments::Moment;
use crate::timestamp::format_timestamp;
use crate::video_id::VideoId;

/// A successful result: readable text plus the structured answer.
pub(super) fn success(text: String, structured: Value) -> CallToolResult {
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    result.structured_content = Some(structured);
    result
}

pub(super) fn to_value(answer: &impl Serialize) -> Value {
    // Our answer types hold only strings, numbers, bools and maps with string keys.
    serde_json::to_value(answer).unwrap_or_else(|e| json!({ "serialization_error": e.to_string() }))
}

/// `get_video_context`.
pub fn context(answer: &VideoContext) -> CallToolResult {
    let mut text = format!("{}\nChannel: {}\n", answer.title, answer.channel.name);
    let mut facts = Vec::new();
    if let Some(seconds) = answer.duration_seconds {
        facts.push(format!("Duration: {}", format_timestamp(seconds as f64)));
    }
    if let Some(date) = &answer.published {
        facts.push(format!("Published: {date}"));
    }
    if let Some(views) = answer.view_count {
        facts.push(format!("Views: {views}"));
    }
    if !facts.is_empty() {
        let _ = writeln!(text, "{}", facts.join(" · "));
    }

    let captions = &answer.captions;
    let _ = writeln!(
        text,
        "Captions: {} ({} tracks: {})",
        if captions.available { "available" } else { "not available" },
        captions.track_count,
        captions.languages.join(", ")
    );
    if let Some(tokens) = answer.transcript_tokens_estimate {
        let _ = writeln!(text, "Transcript: about {tokens} tokens");
    }
    let _ = writeln!(text, "URL: {}", answer.url);
    write_chapters(&mut text, answer);
    if !answer.description.is_empty() {
        let _ = write!(text, "\n{}", answer.description);
    }
    success(text, to_value(answer))
}

/// `Chapters:` and one `[m:ss] title` line each, when the video has chapters.
fn write_chapters(text: &mut String, answer: &VideoContext) {
    if answer.chapters.is_empty() {
        return;
    }
    text.push_str("Chapters:\n");
    for chapter in &answer.chapters {
        let _ = writeln!(text, "[{}] {}", format_timestamp(chapter.start), chapter.title);
    }
}

/// `check_transcript_availability`.
pub fn availability(answer: &Availability) -> CallToolResult {
    let mut text = match &answer.reason {
        None => format!("Transcripts are available for {}.\n", answer.video_id),
        Some(reason) => format!(
            "No transcript can be fetched for {}: {}.\n{}\n",
            answer.video_id,
            reason.message,
            reason.suggestions.join(" ")
        ),
    };
    for track in &answer.tracks {
        let translatable = if track.translatable { ", translatable" } else { "" };
        let chat = if track.flags.is_empty() { "" } else { ", chat log or broadcast duplicate" };
        let _ = writeln!(
            text,
            "- {} {} ({}{translatable}{chat})",
            track.language_code, track.language_name, track.kind
        );
    }
    if let Some(track) = &answer.default_track {
        let _ = writeln!(text, "Default track: {} ({})", track.language_code, track.kind);
    }
    success(text, to_value(answer))
}

/// `get_video_transcript`: the page in its format (or the `json` summary) and the page.
pub fn transcript(answer: &TranscriptAnswer) -> CallToolResult {
    success(answer.page.text.clone(), to_value(answer))
}

/// `search_transcript`.
pub fn search(answer: &SearchAnswer) -> CallToolResult {
    let mut text = format!(
        "{} hit(s) in {} ({} {}) for \"{}\"",
        answer.total_hits,
        answer.video_id,
        answer.track.language_code,
        answer.track.kind,
        answer.query
    );
    if answer.hits.len() < answer.total_hits {
        let _ = write!(text, "; the first {} are shown", answer.hits.len());
    }
    text.push_str(".\n");
    for hit in &answer.hits {
        let _ = writeln!(text, "{}", moment_line(hit));
    }
    success(text, to_value(answer))
}

/// One hit as a line: `[1:23] text (chapter: Intro) url`, with its video in batches.
pub(super) fn moment_line(moment: &Moment) -> String {
    let video = moment.video_id.as_ref().map(|id| format!("{id} ")).unwrap_or_default();
    let chapter = moment.chapter.as_ref().map(|c| format!(" (chapter: {c})")).unwrap_or_default();
    format!("[{video}{}] {}{chapter} {}", moment.timestamp, moment.text, moment.url)
}

/// A failed call: a paragraph a person can act on, and the structured error.
pub fn error(error: &Error, video: Option<&VideoId>) -> CallToolResult {
    let mut result = CallToolResult::error(vec![ContentBlock::text(error_text(error))]);
    result.structured_content = Some(json!({ "error": error_body(error, video) }));
    result
}

/// The error as a sentence, its code, and what to try next.
pub(super) fn error_text(error: &Error) -> String {
    let suggestions = error.suggestions();
    let mut text = format!("{} ({})", capitalise(&error.to_string()), error.code());
    if !suggestions.is_empty() {
        let _ = write!(text, ". {}", suggestions.join(" "));
    }
    text
}

/// `structuredContent.error` of a failed call, or `error` of a failed batch item.
pub(super) fn error_body(error: &Error, video: Option<&VideoId>) -> Value {
    let suggestions = error.suggestions();
    let video_id = error.video_id().or(video);
    let mut body = json!({
        "code": error.code(),
        "message": error.to_string(),
        "retryable": error.is_retryable(),
        "suggestions": suggestions,
        "details": error.details(),
    });
    if let Some(id) = video_id {
        body["video_id"] = json!(id);
    }
    body
}

fn capitalise(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::error::{Deadline, Stage};

    fn id() -> VideoId {
        VideoId::from_bare("GJLlxj_dtq8").expect("valid id")
    }

    #[test]
    fn translation_errors_list_the_valid_targets() {
        let error = Error::TranslationNotAvailable {
            id: id(),
            language: "en".into(),
            target: "xx".into(),
            targets: vec!["de".into(), "fr".into()],
        };
        let result = error_result(&error);
        assert_eq!(result["code"], "translation_not_available");
        assert_eq!(result["video_id"], "GJLlxj_dtq8");
        assert_eq!(result["details"]["available_targets"], json!(["de", "fr"]));
        assert_eq!(result["retryable"], false);
    }

    #[test]
    fn internal_errors_ask_for_a_bug_report() {
        let result = error_result(&Error::Internal { problem: "broken invariant".into() });
        assert_eq!(result["code"], "internal");
        assert_eq!(result["message"], "internal error: broken invariant");
        assert_eq!(result["suggestions"], json!(["Report this as a bug in youtube-mcp."]));
        assert!(result.get("video_id").is_none());
    }

    #[test]
    fn the_video_id_of_the_call_is_named_when_the_error_does_not_know_it() {
        let timeout = Error::UpstreamTimeout {
            stage: Stage::Player,
            after: Duration::from_secs(2),
            deadline: Deadline::Request,
        };
        let result = error(&timeout, Some(&id()));
        assert_eq!(result.is_error, Some(true));
        let structured = result.structured_content.expect("structured");
        assert_eq!(structured["error"]["video_id"], "GJLlxj_dtq8");
        assert_eq!(
            structured["error"]["details"],
            json!({ "stage": "player", "timeout_seconds": 2.0, "deadline": "request" })
        );
    }

    fn error_result(failure: &Error) -> Value {
        let result = error(failure, None);
        result.structured_content.expect("structured")["error"].clone()
    }
}
