//! The innertube `/youtubei/v1/player` answer, turned into a [`VideoInfo`].
//!
//! One answer carries three independent facts: whether the video can be played
//! (`playabilityStatus`, see [`playability`]), its metadata (`videoDetails`, see [`details`])
//! and its caption tracks (`captions`, see [`captions`]). Each part is read on its own, so a
//! surprise in one (a missing thumbnail, a track without a URL) never hides the others. Only an
//! answer that is not a JSON object, or that is about another video, is refused as a whole.

mod captions;
mod details;
mod playability;

#[cfg(test)]
mod tests;

use serde_json::Value;

use crate::error::{Error, Stage};
use crate::video_id::VideoId;
use crate::youtube::model::{Captions, Playability, VideoInfo};

pub(crate) use details::publish_date;

/// Reads a player answer's body for the video that was asked for.
///
/// # Errors
/// [`Error::UpstreamChanged`] (stage `player`) when the body is not a JSON object, or when its
/// `videoDetails.videoId` names another video: such an answer must never be served.
pub fn parse_player(body: &str, requested: &VideoId) -> Result<VideoInfo, Error> {
    let answer: Value = serde_json::from_str(body)
        .map_err(|error| Error::changed(Stage::Player, format!("answer is not JSON: {error}")))?;
    parse_player_value(&answer, requested)
}

/// Like [`parse_player`], for an answer already decoded (the watch page embeds one).
///
/// # Errors
/// As [`parse_player`].
pub fn parse_player_value(answer: &Value, requested: &VideoId) -> Result<VideoInfo, Error> {
    let object = answer
        .as_object()
        .ok_or_else(|| Error::changed(Stage::Player, "answer is not a JSON object"))?;

    // YouTube answers `{}` for ids it has never heard of.
    if object.is_empty() {
        return Ok(VideoInfo {
            id: requested.clone(),
            details: None,
            playability: Playability::NotFound,
            captions: Captions::default(),
            served_by: None,
        });
    }

    ensure_about(answer, requested)?;
    Ok(VideoInfo {
        id: requested.clone(),
        details: details::parse(answer),
        playability: playability::classify(answer),
        captions: captions::parse(answer),
        served_by: None,
    })
}

/// Refuses an answer whose `videoDetails.videoId` is not the requested id (yt-dlp sees this
/// when YouTube is blocking an address and serves some other video instead).
fn ensure_about(answer: &Value, requested: &VideoId) -> Result<(), Error> {
    match answer.pointer("/videoDetails/videoId") {
        None => Ok(()),
        Some(Value::String(id)) if id == requested.as_str() => Ok(()),
        Some(other) => Err(Error::changed(
            Stage::Player,
            format!("answer is about video {other}, not {requested}"),
        )),
    }
}

/// The whole text of a YouTube formatted string: `{"simpleText": ..}` or the `runs` joined.
fn formatted_text(value: &Value) -> Option<String> {
    if let Some(text) = value.get("simpleText").and_then(Value::as_str) {
        return Some(text.to_owned());
    }
    let runs = value.get("runs")?.as_array()?;
    Some(runs.iter().filter_map(|run| run.get("text")?.as_str()).collect())
}

/// The pieces of a formatted string, trimmed, empty ones left out: each run of
/// `{"runs": [..]}`, or the one `simpleText`.
fn formatted_pieces(value: &Value) -> Vec<String> {
    let pieces: Vec<&str> = match value.get("runs").and_then(Value::as_array) {
        Some(runs) => runs.iter().filter_map(|run| run.get("text")?.as_str()).collect(),
        None => value.get("simpleText").and_then(Value::as_str).into_iter().collect(),
    };
    pieces.into_iter().map(str::trim).filter(|piece| !piece.is_empty()).map(str::to_owned).collect()
}
