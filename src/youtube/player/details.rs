//! `videoDetails` (plus the microformat's publish date) as [`VideoDetails`].
//!
//! YouTube writes every number here as a string. A value that is present but does not read as
//! a whole number is left out and logged rather than guessed, so a changed format shows up in
//! the logs instead of as a wrong duration or view count.

use serde_json::Value;

use crate::youtube::dates;
use crate::youtube::model::{LiveStatus, VideoDetails};

/// The metadata of the answer, or `None` when YouTube withheld `videoDetails`.
pub(super) fn parse(answer: &Value) -> Option<VideoDetails> {
    let video = answer.get("videoDetails")?;
    if !video.is_object() {
        tracing::warn!(kind = json_kind(video), "videoDetails is not an object; metadata left out");
        return None;
    }

    Some(VideoDetails {
        title: text(video, "title"),
        channel_name: text(video, "author"),
        channel_id: video.get("channelId").and_then(Value::as_str).map(str::to_owned),
        duration_seconds: whole_number(video, "lengthSeconds"),
        view_count: whole_number(video, "viewCount"),
        description: text(video, "shortDescription"),
        keywords: keywords(video),
        live_status: live_status(video),
        thumbnail_url: largest_thumbnail(video),
        published: publish_date(answer),
    })
}

/// `microformat.playerMicroformatRenderer.publishDate` as `YYYY-MM-DD`, when the answer has one
/// (WEB answers and the watch page do; ANDROID answers do not).
pub(crate) fn publish_date(answer: &Value) -> Option<String> {
    let raw = answer.pointer("/microformat/playerMicroformatRenderer/publishDate")?;
    let day = raw.as_str().and_then(dates::calendar_day);
    if day.is_none() {
        tracing::warn!(value = %raw, "microformat publishDate is not a date; left out");
    }
    day
}

fn text(video: &Value, field: &str) -> String {
    video.get(field).and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// A count written as a decimal string (or, tolerated, a JSON integer).
fn whole_number(video: &Value, field: &str) -> Option<u64> {
    let raw = video.get(field)?;
    let number = match raw {
        Value::String(text) if text.bytes().all(|b| b.is_ascii_digit()) => text.parse().ok(),
        Value::Number(number) => number.as_u64(),
        _ => None,
    };
    if number.is_none() {
        tracing::warn!(field, value = %raw, "videoDetails count is not a whole number; left out");
    }
    number
}

fn keywords(video: &Value) -> Vec<String> {
    let Some(keywords) = video.get("keywords").and_then(Value::as_array) else {
        return Vec::new();
    };
    keywords.iter().filter_map(Value::as_str).map(str::to_owned).collect()
}

/// The same precedence as yt-dlp: live now, then upcoming, then a past stream.
fn live_status(video: &Value) -> LiveStatus {
    let flag = |field: &str| video.get(field).and_then(Value::as_bool) == Some(true);
    if flag("isLive") {
        LiveStatus::Live
    } else if flag("isUpcoming") {
        LiveStatus::Upcoming
    } else if flag("isLiveContent") {
        LiveStatus::WasLive
    } else {
        LiveStatus::None
    }
}

/// The URL of the thumbnail with the most pixels (the last one listed on a tie).
fn largest_thumbnail(video: &Value) -> Option<String> {
    let thumbnails = video.pointer("/thumbnail/thumbnails")?.as_array()?;
    let pixels = |thumbnail: &Value| {
        let side = |name: &str| thumbnail.get(name).and_then(Value::as_u64).unwrap_or(0);
        side("width").saturating_mul(side("height"))
    };
    let largest = thumbnails
        .iter()
        .filter(|thumbnail| thumbnail.get("url").is_some_and(Value::is_string))
        .max_by_key(|thumbnail| pixels(thumbnail))?;
    largest.get("url").and_then(Value::as_str).map(str::to_owned)
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
