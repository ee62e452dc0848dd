//! Transcript segments rendered in the formats a caller can ask for.
//!
//! A range of segments is rendered into one piece per segment, plus the text that frames a
//! page, so that pages can be cut between any two segments and still read correctly:
//!
//! - `timestamped`: `[m:ss] text` lines, `[h:mm:ss]` from one hour on (hours never wrap);
//! - `text`: clean paragraphs without times; a pause of [`PARAGRAPH_PAUSE_SECONDS`] starts a
//!   new paragraph, and so does a full stop once a paragraph is [`PARAGRAPH_CHARS`] long;
//! - `srt`: numbered SubRip cues with `HH:MM:SS,mmm` times, numbered from the range's start;
//! - `vtt`: WebVTT cues with `HH:MM:SS.mmm` times after a `WEBVTT` header (on the first page
//!   only, so pages concatenate into one file), text escaped as WebVTT requires;
//! - `json`: each segment as a JSON object; the page is a JSON array.
//!
//! Subtitle cues end when their segment ends, or when the next segment starts if that is
//! earlier: cues never overlap. Hours take as many digits as they need (`100:00:00,000`).

use std::ops::Range;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::time_range::on_screen_until;
use crate::timestamp::format_timestamp;
use crate::transcript::ends_with_full_stop;
use crate::youtube::Segment;

/// Silence, in seconds, that starts a new paragraph in `text`.
pub const PARAGRAPH_PAUSE_SECONDS: f64 = 2.0;

/// Characters after which a paragraph of `text` ends at the next full stop.
pub const PARAGRAPH_CHARS: usize = 600;

/// Characters after which a paragraph of `text` ends even without a full stop.
pub const PARAGRAPH_MAX_CHARS: usize = 1200;

/// Milliseconds per second and per hour, for subtitle clocks.
const MS_PER_SECOND: f64 = 1000.0;
const MS_PER_MINUTE: u64 = 60_000;
const MS_PER_HOUR: u64 = 3_600_000;

/// The shape of a transcript's text content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// `[m:ss] text` lines (`[h:mm:ss]` from one hour on); the default.
    #[default]
    Timestamped,
    /// Clean paragraphs without times.
    Text,
    /// SubRip subtitles: numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`.
    Srt,
    /// WebVTT subtitles: `WEBVTT`, then cues `HH:MM:SS.mmm --> HH:MM:SS.mmm`.
    Vtt,
    /// Segments only in structuredContent; the text is a one-line summary.
    Json,
}

impl Format {
    /// Every format, in the order the tool documentation lists them.
    pub const ALL: [Format; 5] = [Self::Timestamped, Self::Text, Self::Srt, Self::Vtt, Self::Json];

    /// Every format as spelled in tool input, in the order of [`Format::ALL`].
    pub const NAMES: [&str; 5] = ["timestamped", "text", "srt", "vtt", "json"];

    /// The format as spelled in tool input and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Timestamped => "timestamped",
            Self::Text => "text",
            Self::Srt => "srt",
            Self::Vtt => "vtt",
            Self::Json => "json",
        }
    }
}

/// A range of segments rendered piece by piece; see the module doc.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// Before the range's first piece only (`WEBVTT` and a blank line).
    pub header: &'static str,
    /// At the start of every page (`[` for JSON).
    pub opening: &'static str,
    /// At the end of every page (`]` for JSON, a newline for text).
    pub closing: &'static str,
    /// One per segment of the range, in order.
    pub pieces: Vec<String>,
    /// `separators[i]` goes before `pieces[i]`, unless that piece opens a page.
    pub separators: Vec<&'static str>,
}

impl Rendered {
    /// Characters of the frame of a page opening at piece `first`.
    pub fn frame_chars(&self, first: usize) -> usize {
        let header = if first == 0 { self.header.chars().count() } else { 0 };
        header + self.opening.chars().count() + self.closing.chars().count()
    }

    /// Characters piece `index` adds to a page (its separator too, unless it opens the page).
    pub fn piece_chars(&self, index: usize, opens_page: bool) -> usize {
        let separator = if opens_page { 0 } else { self.separators[index].chars().count() };
        separator + self.pieces[index].chars().count()
    }

    /// The text of one page holding `pieces`.
    pub fn page_text(&self, pieces: Range<usize>) -> String {
        let mut text = String::new();
        if pieces.start == 0 {
            text.push_str(self.header);
        }
        text.push_str(self.opening);
        for index in pieces.clone() {
            if index != pieces.start {
                text.push_str(self.separators[index]);
            }
            text.push_str(&self.pieces[index]);
        }
        text.push_str(self.closing);
        text
    }
}

/// Renders `segments[range]` in `format`; `segments` is the whole transcript, so that the last
/// cue of the range still ends before the next segment starts.
///
/// # Panics
/// When `range` reaches past `segments` ([`crate::time_range::TimeRange::select`] never does).
pub fn render(format: Format, segments: &[Segment], range: Range<usize>) -> Rendered {
    let indices = range.clone();
    let (pieces, separators) = match format {
        Format::Timestamped => {
            (indices.map(|i| timestamped(&segments[i])).collect(), no_gaps(&range))
        }
        Format::Text => {
            (indices.map(|i| segments[i].text.clone()).collect(), paragraphs(segments, range))
        }
        Format::Srt => {
            (indices.map(|i| srt_cue(segments, i, i - range.start + 1)).collect(), no_gaps(&range))
        }
        Format::Vtt => (indices.map(|i| vtt_cue(segments, i)).collect(), no_gaps(&range)),
        Format::Json => {
            (indices.map(|i| json_object(&segments[i])).collect(), vec![","; range.len()])
        }
    };
    let (header, opening, closing) = match format {
        Format::Vtt => ("WEBVTT\n\n", "", ""),
        Format::Text => ("", "", "\n"),
        Format::Json => ("", "[", "]"),
        Format::Timestamped | Format::Srt => ("", "", ""),
    };
    Rendered { header, opening, closing, pieces, separators }
}

fn no_gaps(range: &Range<usize>) -> Vec<&'static str> {
    vec![""; range.len()]
}

fn timestamped(segment: &Segment) -> String {
    format!("[{}] {}\n", format_timestamp(segment.start), segment.text)
}

fn srt_cue(segments: &[Segment], index: usize, number: usize) -> String {
    let (start, end) = cue_times(segments, index, ',');
    format!("{number}\n{start} --> {end}\n{}\n\n", segments[index].text)
}

fn vtt_cue(segments: &[Segment], index: usize) -> String {
    let (start, end) = cue_times(segments, index, '.');
    format!("{start} --> {end}\n{}\n\n", vtt_escape(&segments[index].text))
}

/// A cue's start and end clocks; the end never passes the next segment's start.
fn cue_times(segments: &[Segment], index: usize, ms_separator: char) -> (String, String) {
    let start = segments[index].start;
    let end = on_screen_until(segments, index);
    (subtitle_clock(start, ms_separator), subtitle_clock(end, ms_separator))
}

/// `HH:MM:SS` plus milliseconds after `ms_separator`; hours grow past two digits.
pub fn subtitle_clock(seconds: f64, ms_separator: char) -> String {
    // Times are validated, non-negative and far below u64::MAX milliseconds; `as` saturates.
    let total = (seconds.max(0.0) * MS_PER_SECOND).round() as u64;
    let (hours, rest) = (total / MS_PER_HOUR, total % MS_PER_HOUR);
    let (minutes, rest) = (rest / MS_PER_MINUTE, rest % MS_PER_MINUTE);
    let (secs, millis) = (rest / 1000, rest % 1000);
    format!("{hours:02}:{minutes:02}:{secs:02}{ms_separator}{millis:03}")
}

/// WebVTT cue text: `&`, `<` and `>` would start entities, tags or a timing arrow.
fn vtt_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn json_object(segment: &Segment) -> String {
    // A segment is two numbers and a string: serde_json cannot fail on it.
    serde_json::to_string(segment).unwrap_or_default()
}

/// The separator before each segment of `text`: a space, or a blank line between paragraphs.
fn paragraphs(segments: &[Segment], range: Range<usize>) -> Vec<&'static str> {
    let mut separators = Vec::with_capacity(range.len());
    let mut paragraph_chars = 0;

    for index in range.clone() {
        let segment = &segments[index];
        let new_paragraph = index > range.start && {
            let previous = &segments[index - 1];
            let pause = segment.start - on_screen_until(segments, index - 1);
            pause >= PARAGRAPH_PAUSE_SECONDS
                || (paragraph_chars >= PARAGRAPH_CHARS && ends_with_full_stop(&previous.text))
                || paragraph_chars >= PARAGRAPH_MAX_CHARS
        };

        if new_paragraph {
            paragraph_chars = 0;
        }
        separators.push(if new_paragraph { "\n\n" } else { " " });
        paragraph_chars += segment.text.chars().count() + 1;
    }
    separators
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(start: f64, duration: f64, text: &str) -> Segment {
        Segment { start, duration, text: text.to_owned() }
    }

    /// Five segments: markup characters, an overlong cue, past one hour and past 100 hours.
    fn small() -> Vec<Segment> {
        vec![
            segment(0.0, 1.54, "Hey, this is just a test"),
            segment(61.5, 2.0, "a < b & \"c\" --> d"),
            segment(3725.25, 10.0, "Past one hour."),
            segment(3730.0, 1.5, "still speaking"),
            segment(360_000.5, 2.25, "One hundred hours in."),
        ]
    }

    fn whole(format: Format) -> String {
        let segments = small();
        render(format, &segments, 0..segments.len()).page_text(0..segments.len())
    }

    #[test]
    fn timestamped_lines_show_hours_only_when_needed() {
        assert_eq!(
            whole(Format::Timestamped),
            "[0:00] Hey, this is just a test\n\
             [1:01] a < b & \"c\" --> d\n\
             [1:02:05] Past one hour.\n\
             [1:02:10] still speaking\n\
             [100:00:00] One hundred hours in.\n"
        );
    }

    #[test]
    fn text_is_paragraphs_split_at_pauses() {
        assert_eq!(
            whole(Format::Text),
            "Hey, this is just a test\n\n\
             a < b & \"c\" --> d\n\n\
             Past one hour. still speaking\n\n\
             One hundred hours in.\n"
        );
    }

    #[test]
    fn srt_numbers_cues_and_ends_each_before_the_next_starts() {
        assert_eq!(
            whole(Format::Srt),
            "1\n00:00:00,000 --> 00:00:01,540\nHey, this is just a test\n\n\
             2\n00:01:01,500 --> 00:01:03,500\na < b & \"c\" --> d\n\n\
             3\n01:02:05,250 --> 01:02:10,000\nPast one hour.\n\n\
             4\n01:02:10,000 --> 01:02:11,500\nstill speaking\n\n\
             5\n100:00:00,500 --> 100:00:02,750\nOne hundred hours in.\n\n"
        );
    }

    #[test]
    fn vtt_has_a_header_escapes_markup_and_never_overlaps() {
        assert_eq!(
            whole(Format::Vtt),
            "WEBVTT\n\n\
             00:00:00.000 --> 00:00:01.540\nHey, this is just a test\n\n\
             00:01:01.500 --> 00:01:03.500\na &lt; b &amp; \"c\" --&gt; d\n\n\
             01:02:05.250 --> 01:02:10.000\nPast one hour.\n\n\
             01:02:10.000 --> 01:02:11.500\nstill speaking\n\n\
             100:00:00.500 --> 100:00:02.750\nOne hundred hours in.\n\n"
        );
    }

    #[test]
    fn json_is_an_array_of_segments() {
        assert_eq!(
            whole(Format::Json),
            r#"[{"start":0.0,"duration":1.54,"text":"Hey, this is just a test"},"#.to_owned()
                + r#"{"start":61.5,"duration":2.0,"text":"a < b & \"c\" --> d"},"#
                + r#"{"start":3725.25,"duration":10.0,"text":"Past one hour."},"#
                + r#"{"start":3730.0,"duration":1.5,"text":"still speaking"},"#
                + r#"{"start":360000.5,"duration":2.25,"text":"One hundred hours in."}]"#
        );
    }

    /// A later page has no header, numbers cues from the range's start, and keeps its frame.
    #[test]
    fn pages_cut_between_pieces_and_keep_their_frame() {
        let segments = small();
        let vtt = render(Format::Vtt, &segments, 1..5);
        assert_eq!(vtt.page_text(1..2), "01:02:05.250 --> 01:02:10.000\nPast one hour.\n\n");
        assert!(vtt.page_text(0..1).starts_with("WEBVTT\n\n00:01:01.500 --> "));

        let srt = render(Format::Srt, &segments, 2..4);
        assert_eq!(srt.page_text(1..2), "2\n01:02:10,000 --> 01:02:11,500\nstill speaking\n\n");

        let json = render(Format::Json, &segments, 3..5);
        assert_eq!(json.page_text(1..2).chars().next(), Some('['));
        assert_eq!(json.frame_chars(1), 2);
        assert_eq!(json.piece_chars(1, false), json.pieces[1].chars().count() + 1);
    }

    /// Long speech without pauses is still cut into paragraphs at full stops.
    #[test]
    fn long_paragraphs_end_at_a_full_stop() {
        let sentence = "This sentence has exactly fifty characters in it."; // 50
        let segments: Vec<Segment> =
            (0..30).map(|i| segment(f64::from(i) * 3.0, 3.0, sentence)).collect();

        let text = render(Format::Text, &segments, 0..30).page_text(0..30);

        let paragraphs: Vec<&str> = text.trim_end().split("\n\n").collect();
        assert_eq!(paragraphs.len(), 3);
        assert!(paragraphs.iter().all(|p| p.chars().count() <= PARAGRAPH_CHARS + 51));
    }

    /// Subtitle clocks round to the millisecond and widen their hours.
    #[test]
    fn subtitle_clocks_round_and_widen() {
        assert_eq!(subtitle_clock(0.0, ','), "00:00:00,000");
        assert_eq!(subtitle_clock(59.9996, '.'), "00:01:00.000");
        assert_eq!(subtitle_clock(3599.999, ','), "00:59:59,999");
        assert_eq!(subtitle_clock(360_000.0, '.'), "100:00:00.000");
    }
}
