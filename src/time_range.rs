//! A part of a transcript by time: `start` and `end` as callers write them, and the segments
//! that fall inside.
//!
//! A time is a number of seconds, or text: `90`, `90.5`, `1:30` (m:ss) or `1:02:03` (h:mm:ss),
//! the form the tools print. A segment is inside a range when it starts before the range
//! ends and is still on screen after the range starts, so the sentence being spoken at
//! `start` is included rather than cut.

use std::ops::Range;

use crate::bounds::{self, Bounds, echo, number_value, show_number};
use crate::error::Error;
use crate::timestamp::format_timestamp;
use crate::youtube::Segment;

/// The latest time accepted, in seconds: 1,000 hours, far past any video.
pub const MAX_SECONDS: f64 = 3_600_000.0;

/// The longest time accepted as text; `100:00:00.000` has 12 characters.
pub const MAX_TIME_CHARS: usize = 32;

/// The forms a time is accepted in, for messages and `details.expected`.
const TIME_FORMS: &str = "a time in seconds (90), m:ss (1:30) or h:mm:ss (1:02:03)";

/// Seconds per minute and per hour, for reading clock fields.
const MINUTE: f64 = 60.0;
const HOUR: f64 = 3600.0;

/// From `start` (inclusive) to `end` (exclusive), in seconds; `end: None` runs to the end.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TimeRange {
    pub start: f64,
    pub end: Option<f64>,
}

impl TimeRange {
    /// A range from optional bounds; a missing start is 0.
    ///
    /// # Errors
    /// `invalid_input` for `end` when it is not after `start`.
    pub fn new(start: Option<f64>, end: Option<f64>) -> Result<Self, Error> {
        let start = start.unwrap_or(0.0);
        if let Some(end) = end.filter(|end| *end <= start) {
            let problem = format!(
                "{} is not after start {}; give an end later than the start",
                format_timestamp(end),
                format_timestamp(start)
            );
            let after_start = Bounds { exclusive_minimum: number(start), ..time_bounds() };
            return Err(Error::out_of_bounds("end", problem, after_start.got(number_value(end))));
        }
        Ok(Self { start, end })
    }

    /// Checks that the range starts before a transcript lasting `duration` seconds ends.
    ///
    /// # Errors
    /// `invalid_input` for `start`, naming where the transcript ends.
    pub fn check_within(&self, duration: f64) -> Result<(), Error> {
        if self.start > 0.0 && self.start >= duration {
            let problem = format!(
                "the transcript ends at {} ({duration} s); start {} is past its end",
                format_timestamp(duration),
                format_timestamp(self.start)
            );
            let before_end = Bounds { exclusive_maximum: number(duration), ..time_bounds() };
            let got = number_value(self.start);
            return Err(Error::out_of_bounds("start", problem, before_end.got(got)));
        }
        Ok(())
    }

    /// The indices of the segments inside the range; `segments` must start in increasing order.
    pub fn select(&self, segments: &[Segment]) -> Range<usize> {
        let end = match self.end {
            Some(end) => segments.partition_point(|segment| segment.start < end),
            None => segments.len(),
        };
        let mut first = segments.partition_point(|segment| segment.start < self.start);

        // Only the segment just before `start` can still be on screen at `start`.
        if first > 0 && first <= end && on_screen_until(segments, first - 1) > self.start {
            first -= 1;
        }
        first.min(end)..end
    }
}

/// When segment `index` leaves the screen: its end, or the next start when that is earlier.
pub fn on_screen_until(segments: &[Segment], index: usize) -> f64 {
    let Some(segment) = segments.get(index) else {
        return 0.0;
    };
    let own = segment.start + segment.duration;
    match segments.get(index + 1) {
        Some(next) => own.min(next.start).max(segment.start),
        None => own,
    }
}

/// The limits of `start` and `end`, as an error reports them.
pub fn time_bounds() -> Bounds {
    Bounds {
        minimum: number(0.0),
        maximum: number(MAX_SECONDS),
        ..Bounds::text(MAX_TIME_CHARS).expecting(TIME_FORMS)
    }
}

/// A JSON number for a bound; every bound here is finite.
fn number(seconds: f64) -> Option<serde_json::Number> {
    match number_value(seconds) {
        serde_json::Value::Number(number) => Some(number),
        _ => None,
    }
}

/// Seconds given as a number, checked: finite, not negative, at most [`MAX_SECONDS`].
///
/// # Errors
/// `invalid_input` for `parameter`, with [`time_bounds`].
pub fn seconds(parameter: &str, value: f64) -> Result<f64, Error> {
    if !(value.is_finite() && (0.0..=MAX_SECONDS).contains(&value)) {
        let problem = format!(
            "{} is not a time between 0 and {} seconds",
            show_number(value),
            show_number(MAX_SECONDS)
        );
        return Err(Error::out_of_bounds(
            parameter,
            problem,
            time_bounds().got(number_value(value)),
        ));
    }
    Ok(value)
}

/// Seconds written as `90`, `90.5`, `m:ss` or `h:mm:ss` (the last field may have a fraction).
///
/// # Errors
/// `invalid_input` for `parameter` naming the accepted forms, with [`time_bounds`].
pub fn parse_clock(parameter: &str, text: &str) -> Result<f64, Error> {
    bounds::check_text(parameter, text, &time_bounds())?;
    let refuse = || {
        let problem = format!(
            "{} is not a time: write seconds (90), m:ss (1:30) or h:mm:ss (1:02:03)",
            echo(text)
        );
        Error::out_of_bounds(parameter, problem, time_bounds().got(text))
    };

    let fields: Vec<&str> = text.trim().split(':').collect();
    clock_value(&fields).ok_or_else(refuse).and_then(|value| seconds(parameter, value))
}

/// The seconds of `secs`, `m:ss` or `h:mm:ss` fields.
fn clock_value(fields: &[&str]) -> Option<f64> {
    match fields {
        [secs] => plain_number(secs),
        [mins, secs] => Some(whole(mins)? * MINUTE + sixty(secs)?),
        [hours, mins, secs] => {
            Some(whole(hours)? * HOUR + below_sixty(whole(mins)?)? * MINUTE + sixty(secs)?)
        }
        _ => None,
    }
}

/// A non-negative decimal number of digits with an optional fraction.
fn plain_number(field: &str) -> Option<f64> {
    let digits = field.chars().all(|c| c.is_ascii_digit() || c == '.');
    let value: f64 = field.parse().ok()?;
    (digits && !field.is_empty()).then_some(value)
}

/// A field of digits only.
fn whole(field: &str) -> Option<f64> {
    let digits = !field.is_empty() && field.chars().all(|c| c.is_ascii_digit());
    digits.then(|| field.parse().ok()).flatten()
}

/// A two-digit seconds field under 60, with an optional fraction (`05`, `07.5`).
fn sixty(field: &str) -> Option<f64> {
    let (whole_part, _) = field.split_once('.').unwrap_or((field, ""));
    if whole_part.len() != 2 {
        return None;
    }
    below_sixty(plain_number(field)?)
}

fn below_sixty(value: f64) -> Option<f64> {
    (value < MINUTE).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(start: f64, duration: f64) -> Segment {
        Segment { start, duration, text: format!("at {start}") }
    }

    /// Every accepted spelling of a time gives its seconds.
    #[test]
    fn each_time_syntax_gives_seconds() {
        let cases = [
            ("90", 90.0),
            ("90.5", 90.5),
            ("1:30", 90.0),
            ("75:00", 4500.0),
            ("1:02:03", 3723.0),
            ("0:00:05", 5.0),
            ("100:00:00", 360_000.0),
            ("1:02:03.25", 3723.25),
            (" 2:05 ", 125.0),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_clock("start", text).expect(text), expected, "{text}");
        }
    }

    /// Malformed times are refused with the accepted forms named.
    #[test]
    fn malformed_times_are_refused() {
        for text in ["", "1:5", "1:60", "1:60:00", "-5", "1:2:3:4", "a:bc", "1e3", "9999:00:00"] {
            let error = parse_clock("end", text).expect_err(text);
            assert_eq!(error.details()["parameter"], "end", "{text}");
        }
        let error = parse_clock("start", "1:75").unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid start: `1:75` is not a time: write seconds (90), m:ss (1:30) or h:mm:ss \
             (1:02:03)"
        );
    }

    /// Numbers must be finite and not negative.
    #[test]
    fn numeric_seconds_are_checked() {
        assert_eq!(seconds("start", 12.5).unwrap(), 12.5);
        assert!(seconds("start", -1.0).is_err());
        assert!(seconds("start", f64::NAN).is_err());
    }

    /// The end must come after the start.
    #[test]
    fn end_must_follow_start() {
        assert!(TimeRange::new(Some(10.0), Some(20.0)).is_ok());
        let error = TimeRange::new(Some(90.0), Some(60.0)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid end: 1:00 is not after start 1:30; give an end \
                                       later than the start"
        );
    }

    /// A start at or past the end of the transcript is refused; the whole range is not.
    #[test]
    fn a_start_past_the_end_is_refused() {
        assert!(TimeRange::new(Some(300.0), None).unwrap().check_within(316.0).is_ok());
        let error = TimeRange::new(Some(400.0), None).unwrap().check_within(316.0).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid start: the transcript ends at 5:16 (316 s); start 6:40 is past its end"
        );
        assert!(TimeRange::default().check_within(0.0).is_ok());
    }

    /// The segment still on screen at `start` is included; segments from `end` on are not.
    #[test]
    fn selection_includes_the_segment_on_screen_at_the_start() {
        let segments = [segment(0.0, 2.0), segment(2.0, 5.0), segment(6.0, 1.0), segment(9.0, 1.0)];

        let range = TimeRange::new(Some(3.0), Some(9.0)).unwrap();
        assert_eq!(range.select(&segments), 1..3);

        // Segment 1 is clipped to 6.0 by its successor, so at 6.5 only segment 2 is shown.
        let range = TimeRange::new(Some(6.5), None).unwrap();
        assert_eq!(range.select(&segments), 2..4);

        let range = TimeRange::new(Some(7.5), Some(8.5)).unwrap();
        assert_eq!(range.select(&segments), 3..3);
        assert_eq!(TimeRange::default().select(&segments), 0..4);
    }
}
