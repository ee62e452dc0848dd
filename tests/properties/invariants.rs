//! What the three input parsers promise about every input, as checks that panic when broken.
//!
//! Both the property tests (`tests/properties.rs`) and the fuzz targets (`fuzz/`) include this
//! file, so a random case and a fuzzed one are judged by the same rules. Each check takes the
//! input and the parser's answer, and covers both outcomes: what an accepted value must hold,
//! and which error a refused input must get.

// Each fuzz target uses the checks of its own parser only.
#![allow(dead_code)]

use serde_json::Value;
use youtube_mcp::engine::watch_url;
use youtube_mcp::transcript::MAX_MEDIA_SECONDS;
use youtube_mcp::video_id::{VideoId, VideoRef};
use youtube_mcp::youtube::{Captions, Playability, Segment, Transcript, VideoDetails, VideoInfo};
use youtube_mcp::{Error, ErrorCode, Stage};

/// An upper bound on a refusal's length: the fixed wording plus one value echoed as at most
/// 60 characters, each escaped to at most 10 bytes (`\u{10ffff}`).
const MAX_REFUSAL_BYTES: usize = 1_200;

/// `VideoRef::parse(input)`: a valid id whose watch URL resolves back to it, or a short
/// `invalid_input` refusal for `video`.
pub fn check_video_ref(input: &str, parsed: &Result<VideoRef, Error>) {
    let video = match parsed {
        Ok(video) => video,
        Err(error) => return check_refusal(input, error),
    };

    let id = &video.id;
    assert_eq!(VideoId::from_bare(id.as_str()).as_ref(), Some(id), "{input:?} gave bad id {id}");
    if let Some(start) = video.start_seconds {
        assert!(start >= 0.0 && start.fract() == 0.0, "{input:?} gave start {start}");
    }

    assert_resolves_to(&watch_url(id, None), id, None);
    assert_resolves_to(&watch_url(id, video.start_seconds), id, video.start_seconds);
}

/// A refusal names the `video` parameter and does not flood the caller with the input.
fn check_refusal(input: &str, error: &Error) {
    let about_video =
        matches!(error, Error::InvalidInput { parameter, .. } if parameter == "video");
    assert!(about_video, "{input:?} refused with the wrong error: {error:?}");

    let message = error.to_string();
    assert!(message.len() <= MAX_REFUSAL_BYTES, "refusal floods: {message}");
}

/// `link` must resolve to exactly `id` and `start`.
pub fn assert_resolves_to(link: &str, id: &VideoId, start: Option<f64>) {
    match VideoRef::parse(link) {
        Ok(again) => {
            assert_eq!(&again.id, id, "{link} resolves to another video");
            assert_eq!(again.start_seconds, start, "{link} resolves to another start");
        }
        Err(error) => panic!("{link} was refused: {error}"),
    }
}

/// `parse_srv1`: a transcript of valid segments in start order, or `upstream_changed` at the
/// transcript stage.
pub fn check_transcript(parsed: &Result<Transcript, Error>) {
    let transcript = match parsed {
        Ok(transcript) => transcript,
        Err(Error::UpstreamChanged { stage: Stage::Transcript, .. }) => return,
        Err(other) => panic!("srv1 refused with the wrong error: {other:?}"),
    };

    transcript.segments.iter().for_each(check_segment);
    for pair in transcript.segments.windows(2) {
        assert!(pair[0].start <= pair[1].start, "starts go back: {pair:?}");
    }
}

/// Finite, non-negative millisecond times, a start inside any video, one line of text.
fn check_segment(segment: &Segment) {
    let Segment { start, duration, text } = segment;
    for time in [*start, *duration] {
        assert!(time.is_finite() && time >= 0.0, "{segment:?}");
        assert_eq!(time, (time * 1000.0).round() / 1000.0, "not in ms: {segment:?}");
    }
    assert!(*start < MAX_MEDIA_SECONDS, "start past any video: {segment:?}");

    assert!(!text.is_empty(), "empty text: {segment:?}");
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(text, &one_line, "text is not one trimmed line");
}

/// `parse_player(body, requested)`, where `answer` is the body decoded as JSON (when it is).
///
/// Exactly the bodies that are not a JSON object, or whose `videoDetails.videoId` is not the
/// requested id, are refused (as `upstream_changed`); every other answer is read.
pub fn check_player(
    answer: Option<&Value>,
    requested: &VideoId,
    parsed: &Result<VideoInfo, Error>,
) {
    let about_requested = |answer: &Value| match answer.pointer("/videoDetails/videoId") {
        None => true,
        Some(id) => id.as_str() == Some(requested.as_str()),
    };
    let acceptable = answer.is_some_and(|a| a.is_object() && about_requested(a));

    match (parsed, answer) {
        (Ok(info), Some(answer)) if acceptable => check_info(info, answer, requested),
        (Err(error), _) if !acceptable => {
            assert_eq!(error.code(), ErrorCode::UpstreamChanged, "{error}");
        }
        (Ok(info), _) => panic!("an answer that should be refused was read: {info:?}"),
        (Err(error), _) => panic!("an acceptable answer was refused: {error}"),
    }
}

fn check_info(info: &VideoInfo, answer: &Value, requested: &VideoId) {
    assert_eq!(&info.id, requested);
    if answer.as_object().is_some_and(serde_json::Map::is_empty) {
        assert_eq!(info.playability, Playability::NotFound, "{{}} is an unknown video");
        assert_eq!(info.details, None);
    }

    if let Some(details) = &info.details {
        check_details(details, &answer["videoDetails"]);
    }
    check_playability(&info.playability);
    check_captions(&info.captions);
}

/// Counts are the whole numbers written in the answer; the date is a real `YYYY-MM-DD`.
fn check_details(details: &VideoDetails, video: &Value) {
    let counts = [(details.duration_seconds, "lengthSeconds"), (details.view_count, "viewCount")];
    for (count, field) in counts {
        let Some(count) = count else { continue };
        let written = match &video[field] {
            Value::String(text) => text.parse::<u64>().ok(),
            other => other.as_u64(),
        };
        assert_eq!(written, Some(count), "{field} read as {count}");
    }

    if let Some(day) = &details.published {
        assert!(is_day(day), "published {day:?} is not YYYY-MM-DD");
    }
}

/// A scheduled start is RFC 3339 in UTC with whole seconds (`2023-02-28T14:00:00Z`).
fn check_playability(playability: &Playability) {
    let Playability::Upcoming { starts_at: Some(instant) } = playability else {
        return;
    };
    let bytes = instant.as_bytes();
    let shaped = bytes.len() == 20
        && instant.get(..10).is_some_and(is_day)
        && [(10, b'T'), (13, b':'), (16, b':'), (19, b'Z')].iter().all(|&(at, c)| bytes[at] == c)
        && [11, 12, 14, 15, 17, 18].iter().all(|&at| bytes[at].is_ascii_digit());
    assert!(shaped, "starts_at {instant:?} is not RFC 3339 in UTC");
}

/// Every track can be fetched and chosen; the default is in the list; translation needs targets.
fn check_captions(captions: &Captions) {
    if let Some(index) = captions.default_track {
        assert!(index < captions.tracks.len(), "default track {index} is not in the list");
    }
    for track in &captions.tracks {
        assert!(!track.base_url.is_empty() && !track.language_code.is_empty(), "{track:?}");
        assert!(!track.translatable || !captions.translation_languages.is_empty(), "{track:?}");
    }
    for language in &captions.translation_languages {
        assert!(!language.code.is_empty(), "{language:?}");
    }
}

/// `YYYY-MM-DD` with a month 01-12 and a day 01-31.
fn is_day(text: &str) -> bool {
    let number = |range: std::ops::Range<usize>| {
        let field = text.get(range).filter(|f| f.bytes().all(|b| b.is_ascii_digit()))?;
        field.parse::<u32>().ok()
    };
    text.len() == 10
        && text.as_bytes()[4] == b'-'
        && text.as_bytes()[7] == b'-'
        && number(0..4).is_some()
        && number(5..7).is_some_and(|month| (1..=12).contains(&month))
        && number(8..10).is_some_and(|day| (1..=31).contains(&day))
}
