//! Judging raw cues as untrusted input and turning the good ones into [`Segment`]s.
//!
//! Every time value is checked the way a model's output would be: a cue whose `start` or `dur`
//! is missing (for `start`), not a number, infinite, NaN or negative is dropped and logged,
//! never passed on; so is a cue that starts before the previous kept cue. One bad cue costs
//! that cue only, not the transcript.

use tracing::warn;

use super::cue_text;
use super::srv1::RawCue;
use crate::timestamp::round_ms;
use crate::youtube::Segment;

/// A cue that passed validation; `duration` is `None` when YouTube sent no `dur`.
struct Timed {
    start: f64,
    duration: Option<f64>,
    text: String,
}

/// Cleans, validates and orders raw cues into segments.
///
/// Cues whose text is empty after cleaning are dropped silently: YouTube uses them to clear
/// the screen. Times are rounded to milliseconds before they are compared, and equal starts
/// are normal (two lines shown at once), so only a strictly earlier start is out of order.
pub(super) fn into_segments(raw: Vec<RawCue>) -> Vec<Segment> {
    let mut kept: Vec<Timed> = Vec::with_capacity(raw.len());

    for (index, cue) in raw.into_iter().enumerate() {
        let text = cue_text::clean(&cue.text);
        if text.is_empty() {
            continue;
        }
        let Some(timed) = validate(index, &cue, text) else {
            continue;
        };

        if let Some(previous) = kept.last()
            && timed.start < previous.start
        {
            warn!(
                cue = index,
                start = ?cue.start,
                dur = ?cue.dur,
                previous_start = previous.start,
                "dropping caption cue: it starts before the previous cue"
            );
            continue;
        }
        kept.push(timed);
    }

    fill_durations(kept)
}

/// Parses a cue's times, or logs and returns `None` when either is unusable.
fn validate(index: usize, cue: &RawCue, text: String) -> Option<Timed> {
    let start = cue.start.as_deref().and_then(seconds);
    let duration = match cue.dur.as_deref() {
        None => Some(None),
        Some(raw) => seconds(raw).map(Some),
    };

    match (start, duration) {
        (Some(start), Some(duration)) => Some(Timed { start, duration, text }),
        _ => {
            warn!(
                cue = index,
                start = ?cue.start,
                dur = ?cue.dur,
                "dropping caption cue: start or dur is not a finite, non-negative number"
            );
            None
        }
    }
}

/// No video runs this long (about 11.5 days; YouTube caps uploads and archived streams at
/// 12 hours). A larger time is corrupt data: taken as a start, it would also push every later
/// cue out as "out of order", so it is refused like any other bad number.
pub const MAX_MEDIA_SECONDS: f64 = 1_000_000.0;

/// A finite, non-negative number of seconds, rounded to ms, below [`MAX_MEDIA_SECONDS`].
///
/// The cap applies to the rounded value, the one kept: `999999.9996` is below the cap but
/// rounds onto it (found by fuzzing). The sign applies to the value YouTube wrote, so a
/// slightly negative time is still refused rather than rounded to zero.
fn seconds(raw: &str) -> Option<f64> {
    let value: f64 = raw.trim().parse().ok()?;
    let rounded = round_ms(value);
    (value.is_finite() && value >= 0.0 && rounded < MAX_MEDIA_SECONDS).then_some(rounded)
}

/// Gives each cue without `dur` the time until the next kept cue starts, or 0 for the last.
///
/// srv1 normally carries `dur` on every cue; when it is absent the cue is taken to stay on
/// screen until the next one replaces it, which is how a player shows it. The last cue has
/// no successor to bound it, so it gets 0 rather than a made-up length.
fn fill_durations(cues: Vec<Timed>) -> Vec<Segment> {
    let next_starts: Vec<Option<f64>> =
        cues.iter().skip(1).map(|cue| Some(cue.start)).chain([None]).collect();

    cues.into_iter()
        .zip(next_starts)
        .map(|(cue, next_start)| {
            let until_next = next_start.map_or(0.0, |next| round_ms(next - cue.start));
            Segment {
                start: cue.start,
                duration: cue.duration.unwrap_or(until_next),
                text: cue.text,
            }
        })
        .collect()
}
