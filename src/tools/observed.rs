//! The trace a tool call leaves: one span with what it was asked, what it cost and how it
//! ended, closed by one event.
//!
//! The span is opened at `info` so that warnings raised during the call (a retry, a rate
//! limit) carry its tool and video; the closing event is at `debug`, since a line per call is
//! too much for a default log, except for a call that lost work to a fault of ours (`internal`),
//! which is an `error`.

use std::time::Duration;

use rmcp::model::CallToolResult;
use tracing::field::Empty;
use tracing::{Span, debug, error, info_span};

use crate::telemetry::CallOutcome;
use crate::telemetry::call::CallSummary;
use crate::video_id::VideoRef;

/// The span of one call of `tool`; its other fields are filled in by [`close`].
pub fn span(tool: &str) -> Span {
    info_span!(
        "tool_call",
        tool,
        video = Empty,
        outcome = Empty,
        cache = Empty,
        cache_hits = Empty,
        cache_misses = Empty,
        upstream_requests = Empty,
        duration_ms = Empty,
    )
}

/// How a call that answered ended: its error code, or answered.
pub fn outcome(result: &CallToolResult) -> CallOutcome<'_> {
    if result.is_error != Some(true) {
        return CallOutcome::Answered;
    }
    let code = result.structured_content.as_ref().and_then(|s| s["error"]["code"].as_str());
    CallOutcome::Failed(code.unwrap_or("unknown"))
}

/// The video a call asks about, from its arguments: what a cancelled call's line names.
pub fn asked_video(arguments: Option<&rmcp::model::JsonObject>) -> Option<String> {
    let arguments = arguments?;
    if let Some(videos) = arguments.get("videos").and_then(|v| v.as_array()) {
        return Some(format!("{} videos", videos.len()));
    }
    let raw = arguments.get("video")?.as_str()?;
    VideoRef::parse(raw).ok().map(|video| video.id.to_string())
}

/// The video a result is about (a batch: how many), as its structured content names it.
pub fn video(result: &CallToolResult) -> Option<String> {
    let structured = result.structured_content.as_ref()?;
    let id = structured["video_id"].as_str().or(structured["error"]["video_id"].as_str());
    if let Some(id) = id {
        return Some(id.to_owned());
    }
    structured["results"].as_array().map(|items| format!("{} videos", items.len()))
}

/// Records the call's facts on its span and logs its end.
pub fn close(
    span: &Span,
    video: Option<&str>,
    outcome: CallOutcome<'_>,
    summary: CallSummary,
    elapsed: Duration,
) {
    if let Some(video) = video {
        span.record("video", video);
    }
    span.record("outcome", outcome.label());
    span.record("cache", summary.cache());
    span.record("cache_hits", summary.cache_hits);
    span.record("cache_misses", summary.cache_misses);
    span.record("upstream_requests", summary.upstream_requests);
    span.record("duration_ms", (elapsed.as_secs_f64() * 1e4).round() / 10.0);

    let _entered = span.enter();
    match outcome {
        CallOutcome::Failed("internal") => error!("tool call failed inside the server"),
        _ => debug!("tool call ended"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn asked(arguments: serde_json::Value) -> Option<String> {
        asked_video(arguments.as_object())
    }

    #[test]
    fn a_call_names_the_video_it_asked_for_even_before_it_answers() {
        assert_eq!(
            asked(json!({ "video": "https://youtu.be/GJLlxj_dtq8?t=5" })).unwrap(),
            "GJLlxj_dtq8"
        );
        assert_eq!(asked(json!({ "videos": ["a", "b", "c"] })).unwrap(), "3 videos");
        assert_eq!(asked(json!({ "video": "not a video" })), None);
        assert_eq!(asked(json!({ "query": "x" })), None);
    }
}
