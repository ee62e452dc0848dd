//! One page of a transcript, as `get_video_transcript` returns it.
//!
//! Every page of one request takes the same steps, so that a cursor's position stays valid:
//! tidy the segments (simultaneous cues joined; rolling repeats dropped from auto tracks;
//! fragments merged when asked, by default for auto tracks), select the time range, render
//! the format ([`crate::formats`]), cut the page that fits the budget from the position (the
//! start, or the cursor's; [`crate::paging`]), and seal a cursor for the rest
//! ([`crate::cursor`]).
//!
//! A page's text stays within `max_chars`. When more follows, its last line says so and
//! names the cursor, since many clients show a model only the text. For `json` the text is a
//! one-line summary and the budget applies to the segments' JSON instead.

use std::fmt::Write as _;
use std::ops::Range;

use serde::Serialize;

use crate::cursor::{self, CursorKey, CursorState};
use crate::error::Error;
use crate::formats::{self, Format, Rendered};
use crate::language::{self, Closeness, LanguageCode};
use crate::paging;
use crate::time_range::{TimeRange, on_screen_until};
use crate::timestamp::{format_timestamp, round_ms};
use crate::tracks::{Choice, SelectedBecause};
use crate::transcript::{join_simultaneous, merge_fragments, remove_rolling_repeats};
use crate::translation;
use crate::video_id::VideoId;
use crate::youtube::{CaptionTrack, Captions, Segment, TrackKind, Transcript};

/// How a call wants its transcript read; `None` means "not given".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadRequest {
    pub format: Option<Format>,
    pub merge_fragments: Option<bool>,
    /// Seconds; a URL's `t=` when the call gave no `start`.
    pub start: Option<f64>,
    pub end: Option<f64>,
    /// The page budget, already checked ([`paging::budget`]); by default the cursor's, or
    /// [`paging::DEFAULT_PAGE_CHARS`].
    pub max_chars: Option<usize>,
}

/// One page: what it holds, where it lies in the range, and how to get the next.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub format: Format,
    pub merged_fragments: bool,
    /// The range read, in seconds; an open end is the end of the transcript.
    pub range: Span,
    pub page: PageSpan,
    /// Segments in the whole range.
    pub total_segments: usize,
    /// Seconds from 0 to the end of the transcript's last segment.
    pub total_duration: f64,
    pub segments: Vec<Segment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// The text content: the page in its format, or the `json` summary.
    #[serde(skip)]
    pub text: String,
}

/// A stretch of time, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Span {
    pub start: f64,
    pub end: f64,
}

/// Where a page lies: its time span and its segments' place in the range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PageSpan {
    pub start: f64,
    pub end: f64,
    /// Index in the range of the page's first segment, from 0.
    pub first_segment: usize,
    pub segment_count: usize,
}

/// A cursor opened and checked against the call that brought it back.
#[derive(Debug, Clone)]
pub struct Resume {
    state: CursorState,
}

impl Resume {
    /// Opens `cursor` for a call on `video`; the arguments the call gives must match it.
    ///
    /// # Errors
    /// `invalid_input`: the cursor is malformed, altered or foreign, belongs to another video,
    /// or an argument differs from the request the cursor continues.
    pub fn open(
        key: &CursorKey,
        cursor: &str,
        video: &VideoId,
        read: &ReadRequest,
        translate_to: Option<&LanguageCode>,
    ) -> Result<Self, Error> {
        let state = key.open(cursor)?;
        if state.video != video.as_str() {
            let problem = format!("the cursor continues video {}, not {video}", state.video);
            return Err(Error::invalid_input("cursor", problem));
        }

        let resume = Self { state };
        resume.check_arguments(read, translate_to)?;
        Ok(resume)
    }

    /// The track and translation the cursor continues, found again in the player's answer.
    ///
    /// # Errors
    /// `invalid_input` (stale) when the track or the translation is gone.
    pub fn choice(&self, captions: &Captions) -> Result<Choice, Error> {
        let state = &self.state;
        let track = captions.tracks.iter().find(|track| self.continues(track));
        let translation = match &state.translate_to {
            Some(code) => Some(translation::find_target(captions, code).ok_or_else(stale)?),
            None => None,
        };
        let because = SelectedBecause::from_name(&state.because).ok_or_else(stale)?;

        let track = track.ok_or_else(stale)?.clone();
        Ok(Choice { track, because, translation: translation.cloned() })
    }

    /// Whether `track` is the track this cursor continues.
    pub fn continues(&self, track: &CaptionTrack) -> bool {
        track.language_code == self.state.language_code
            && track.kind.as_str() == self.state.kind
            && track.language_name == self.state.name
    }

    /// Refuses arguments that would make the next page read differently.
    fn check_arguments(
        &self,
        read: &ReadRequest,
        translate_to: Option<&LanguageCode>,
    ) -> Result<(), Error> {
        let state = &self.state;
        let format = read.format.filter(|format| *format != state.format);
        let merge = read.merge_fragments.filter(|merge| *merge != state.merge);
        let start = read.start.filter(|start| *start != state.start);
        let end = read.end.filter(|end| Some(*end) != state.end);

        if let Some(format) = format {
            return Err(conflict("format", format.as_str(), state.format.as_str()));
        }
        if let Some(merge) = merge {
            return Err(conflict("merge_fragments", &merge.to_string(), &state.merge.to_string()));
        }
        if let Some(start) = start {
            return Err(conflict("start", &start.to_string(), &state.start.to_string()));
        }
        if let Some(end) = end {
            let continued = state.end.map_or("none".to_owned(), |end| end.to_string());
            return Err(conflict("end", &end.to_string(), &continued));
        }
        self.check_translation(translate_to)
    }

    fn check_translation(&self, translate_to: Option<&LanguageCode>) -> Result<(), Error> {
        let Some(asked) = translate_to else {
            return Ok(());
        };
        let state = &self.state;
        let read_in = state.translate_to.as_deref().unwrap_or(&state.language_code);
        if language::closeness(asked.as_str(), read_in) == Some(Closeness::Exact) {
            return Ok(());
        }
        Err(conflict("translate_to", asked.as_str(), read_in))
    }
}

/// The error for an argument that differs from the request a cursor continues.
pub fn conflict(parameter: &str, given: &str, continued: &str) -> Error {
    let problem = format!(
        "`{given}` differs from the request the cursor continues ({parameter} {continued}); \
         pass the same value, or only video and cursor"
    );
    Error::invalid_input(parameter, problem)
}

/// The error for a cursor whose transcript is not the one it was cut from.
fn stale() -> Error {
    Error::invalid_input(
        "cursor",
        "the transcript changed since this cursor was issued (stale cursor); leave cursor out \
         to start again",
    )
}

/// What a page is read from: the video, the chosen track, and its fetched transcript.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub video: &'a VideoId,
    pub choice: &'a Choice,
    pub transcript: &'a Transcript,
}

/// How the pages of one request are read: from the first call, or from its cursor.
#[derive(Debug, Clone, Copy)]
struct Settings {
    format: Format,
    merge: bool,
    range: TimeRange,
}

/// The page a call asks for (see the module doc).
///
/// # Errors
/// `invalid_input` for a range that starts past the end of the transcript, an end before the
/// start, or a stale cursor.
pub fn read_page(
    key: &CursorKey,
    source: Source<'_>,
    read: &ReadRequest,
    resume: Option<&Resume>,
) -> Result<Page, Error> {
    let settings = settings(source.choice, read, resume)?;
    let segments = tidy(&source.transcript.segments, source.choice.track.kind, settings.merge);
    let total_duration = segments
        .len()
        .checked_sub(1)
        .map_or(0.0, |last| round_ms(on_screen_until(&segments, last)));
    settings.range.check_within(total_duration)?;

    let range = settings.range.select(&segments);
    let fingerprint = cursor::fingerprint(source.transcript);
    let first = match resume {
        Some(resume) => position(resume, &fingerprint, range.len())?,
        None => 0,
    };

    let rendered = formats::render(settings.format, &segments, range.clone());
    let max_chars = read
        .max_chars
        .or(resume.map(|resume| resume.state.max_chars))
        .unwrap_or(paging::DEFAULT_PAGE_CHARS);
    let cut = Cut { source, settings, fingerprint, key, total_duration, max_chars };
    Ok(cut.page(&segments, range, &rendered, first))
}

/// The format, merging and range: the cursor's, or the call's with their defaults.
fn settings(
    choice: &Choice,
    read: &ReadRequest,
    resume: Option<&Resume>,
) -> Result<Settings, Error> {
    if let Some(resume) = resume {
        let state = &resume.state;
        let range = TimeRange { start: state.start, end: state.end };
        return Ok(Settings { format: state.format, merge: state.merge, range });
    }

    let merge = read.merge_fragments.unwrap_or(choice.track.kind == TrackKind::Auto);
    let range = TimeRange::new(read.start, read.end)?;
    Ok(Settings { format: read.format.unwrap_or_default(), merge, range })
}

/// Segments as read: simultaneous cues joined, rolling repeats dropped (auto tracks only, as
/// people's captions may repeat on purpose), fragments merged when asked.
fn tidy(segments: &[Segment], kind: TrackKind, merge: bool) -> Vec<Segment> {
    let mut tidy = join_simultaneous(segments);
    if kind == TrackKind::Auto {
        tidy = remove_rolling_repeats(&tidy);
    }
    if merge {
        tidy = merge_fragments(&tidy);
    }
    tidy
}

/// The cursor's position, if it still fits the transcript it was cut from.
fn position(resume: &Resume, fingerprint: &str, range_len: usize) -> Result<usize, Error> {
    let state = &resume.state;
    if state.fingerprint != fingerprint || state.position >= range_len {
        return Err(stale());
    }
    Ok(state.position)
}

/// Everything a page needs besides its position and budget.
struct Cut<'a> {
    source: Source<'a>,
    settings: Settings,
    fingerprint: String,
    key: &'a CursorKey,
    total_duration: f64,
    max_chars: usize,
}

impl Cut<'_> {
    /// The page opening at piece `first` of the range.
    fn page(
        &self,
        segments: &[Segment],
        range: Range<usize>,
        rendered: &Rendered,
        first: usize,
    ) -> Page {
        let count = range.len();
        let end = self.page_end(rendered, first, count);
        let next_cursor = (end < count).then(|| self.cursor(end));

        let pieces = first..end;
        let page_segments = segments[range.start + first..range.start + end].to_vec();
        let span = self.span(segments, &range, &pieces);
        let text = self.text(rendered, &pieces, span, count, next_cursor.as_deref());

        Page {
            format: self.settings.format,
            merged_fragments: self.settings.merge,
            range: self.range_span(),
            page: span,
            total_segments: count,
            total_duration: self.total_duration,
            segments: page_segments,
            next_cursor,
            text,
        }
    }

    /// Where the page ends: all the rest if it fits whole, else what fits beside the footer.
    fn page_end(&self, rendered: &Rendered, first: usize, count: usize) -> usize {
        if first >= count {
            return first;
        }
        let whole = paging::fit(rendered, first, self.max_chars);
        if whole == count || self.settings.format == Format::Json {
            return whole;
        }
        let room = self.max_chars.saturating_sub(self.footer_room(count));
        paging::fit(rendered, first, room)
    }

    /// The longest footer any page of this range can have.
    fn footer_room(&self, count: usize) -> usize {
        let widest = format_timestamp(self.total_duration);
        let cursor = self.cursor(count);
        let span = (widest.as_str(), widest.as_str());
        footer((count, count, count), span, &cursor).chars().count()
    }

    fn cursor(&self, position: usize) -> String {
        let choice = self.source.choice;
        let state = CursorState {
            version: cursor::VERSION,
            video: self.source.video.to_string(),
            language_code: choice.track.language_code.clone(),
            kind: choice.track.kind.as_str().to_owned(),
            name: choice.track.language_name.clone(),
            because: choice.because.as_str().to_owned(),
            translate_to: choice.translate_to().map(str::to_owned),
            format: self.settings.format,
            merge: self.settings.merge,
            start: self.settings.range.start,
            end: self.settings.range.end,
            position,
            max_chars: self.max_chars,
            fingerprint: self.fingerprint.clone(),
        };
        self.key.seal(&state)
    }

    /// The page's time span; an empty page spans the range.
    fn span(&self, segments: &[Segment], range: &Range<usize>, pieces: &Range<usize>) -> PageSpan {
        let (first, last) = (range.start + pieces.start, range.start + pieces.end);
        let (start, end) = match segments.get(first).filter(|_| last > first) {
            Some(segment) => (segment.start, round_ms(on_screen_until(segments, last - 1))),
            None => (self.range_span().start, self.range_span().end),
        };
        PageSpan { start, end, first_segment: pieces.start, segment_count: pieces.len() }
    }

    fn range_span(&self) -> Span {
        let range = self.settings.range;
        let end = range.end.map_or(self.total_duration, |end| end.min(self.total_duration));
        Span { start: range.start, end: end.max(range.start) }
    }

    /// The text content of a page.
    fn text(
        &self,
        rendered: &Rendered,
        pieces: &Range<usize>,
        span: PageSpan,
        count: usize,
        next_cursor: Option<&str>,
    ) -> String {
        if self.settings.format == Format::Json {
            return self.summary(span, count, next_cursor);
        }
        if pieces.is_empty() {
            let range = self.range_span();
            let (start, end) = (format_timestamp(range.start), format_timestamp(range.end));
            return format!("No transcript segments between {start} and {end}.\n");
        }

        let footer = next_cursor.map_or(String::new(), |cursor| {
            let numbers = (pieces.start + 1, pieces.end, count);
            let times = (format_timestamp(span.start), format_timestamp(span.end));
            footer(numbers, (&times.0, &times.1), cursor)
        });
        let room = self.max_chars.saturating_sub(footer.chars().count());
        paging::shorten(rendered.page_text(pieces.clone()), room) + &footer
    }

    /// The one-line text of a `json` page.
    fn summary(&self, span: PageSpan, count: usize, next_cursor: Option<&str>) -> String {
        let choice = self.source.choice;
        let mut line = format!(
            "Transcript of {} in {} ({}",
            self.source.video,
            choice.track.language_code,
            choice.track.kind.as_str()
        );
        if let Some(target) = choice.translate_to() {
            let _ = write!(line, ", machine-translated to {target}");
        }
        let (start, end) = (format_timestamp(span.start), format_timestamp(span.end));
        let _ = write!(
            line,
            "): segments {}–{} of {count} ({start}–{end}); the transcript lasts {}. The \
             segments are in structuredContent.",
            span.first_segment + usize::from(span.segment_count > 0),
            span.first_segment + span.segment_count,
            format_timestamp(self.total_duration)
        );
        if let Some(cursor) = next_cursor {
            let _ = write!(line, " More follows: call again with cursor \"{cursor}\".");
        }
        line.push('\n');
        line
    }
}

/// The last line of a page that has a next one.
fn footer(numbers: (usize, usize, usize), times: (&str, &str), cursor: &str) -> String {
    let (first, last, count) = numbers;
    format!(
        "\n[Segments {first}–{last} of {count} ({}–{}). More follows: call \
         get_video_transcript again with the same video and cursor \"{cursor}\".]\n",
        times.0, times.1
    )
}
