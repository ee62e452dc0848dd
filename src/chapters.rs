//! A video's chapters: from the watch page's chapter markers, else from its description.
//!
//! YouTube shows description chapters only when the description lists timestamps one per line,
//! the first at `0:00`, in ascending order, at least three of them, each chapter at least ten
//! seconds long; the same rules decide here, so a description with a few times in it (a
//! tracklist starting at 1:30, "see 4:20") yields no chapters. A chapter ends where the next
//! begins, and the last one at the end of the video.

use crate::timestamp::round_ms;
use serde::Serialize;

use crate::bounds::{Bounds, echo};
use crate::error::Error;
use crate::search::{MAX_QUERY_CHARS, fold};
use crate::youtube::ChapterMark;

/// The fewest timestamps a description needs for YouTube to show chapters.
pub const MIN_DESCRIPTION_CHAPTERS: usize = 3;

/// The shortest chapter YouTube accepts in a description, in seconds.
pub const MIN_CHAPTER_SECONDS: f64 = 10.0;

/// How many chapter titles an error lists before it stops.
const LISTED_IN_ERRORS: usize = 20;

/// The longest chapter title a caller may give: a title is matched like a search query, so
/// it gets the query's limit.
pub const MAX_TITLE_CHARS: usize = MAX_QUERY_CHARS;

/// What names a chapter, for messages and `details.expected`.
const CHAPTER_FORM: &str = "a chapter number (1 is the first) or a chapter title";

/// The limits of `chapter`, as an error reports them before the video's chapters are known.
pub fn bounds() -> Bounds {
    let text = Bounds::text(MAX_TITLE_CHARS).expecting(CHAPTER_FORM);
    Bounds { minimum: Some(1.into()), ..text }
}

/// One chapter, as tools report it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chapter {
    pub title: String,
    /// Seconds from the start of the video.
    pub start: f64,
    /// Where the next chapter starts, or the video's duration; absent when that is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
}

/// The chapters of a video: the page's markers when it has any, else the description's.
pub fn of_video(page: &[ChapterMark], description: &str, duration: Option<u64>) -> Vec<Chapter> {
    let marks = match page {
        [] => from_description(description),
        marks => marks.to_vec(),
    };
    with_ends(marks, duration.map(|d| d as f64))
}

/// Chapters whose ends are the next start, and the duration for the last one.
fn with_ends(marks: Vec<ChapterMark>, duration: Option<f64>) -> Vec<Chapter> {
    let starts: Vec<f64> = marks.iter().map(|m| m.start).collect();
    marks
        .into_iter()
        .enumerate()
        .map(|(i, mark)| {
            let next = starts.get(i + 1).copied().or(duration);
            let end = next.filter(|&end| end > mark.start).map(round_ms);
            Chapter { title: mark.title, start: round_ms(mark.start), end }
        })
        .collect()
}

/// The chapters a description declares, or none when it does not follow YouTube's rules.
pub fn from_description(description: &str) -> Vec<ChapterMark> {
    let marks: Vec<ChapterMark> = description.lines().filter_map(line_mark).collect();
    let starts_at_zero = marks.first().is_some_and(|m| m.start == 0.0);
    let long_enough = marks.windows(2).all(|w| w[1].start - w[0].start >= MIN_CHAPTER_SECONDS);
    if marks.len() >= MIN_DESCRIPTION_CHAPTERS && starts_at_zero && long_enough {
        marks
    } else {
        Vec::new()
    }
}

/// A line that begins or ends with a timestamp, and has a title besides.
fn line_mark(line: &str) -> Option<ChapterMark> {
    let line = line.trim();
    let lead = line.trim_start_matches(|c: char| !c.is_alphanumeric());
    if let Some((start, rest)) = leading_timestamp(lead) {
        return mark(rest, start);
    }

    let tail = line.trim_end_matches(|c: char| !c.is_alphanumeric());
    let is_separator = |c: char| c.is_whitespace() || c == '(' || c == '[';
    // By characters: the separator may be a no-break or an ideographic space.
    let (cut, separator) = tail.char_indices().rev().find(|&(_, c)| is_separator(c))?;
    let start = timestamp(&tail[cut + separator.len_utf8()..])?;
    mark(&tail[..cut], start)
}

fn mark(title: &str, start: f64) -> Option<ChapterMark> {
    let title = title.trim_matches(|c: char| c.is_whitespace() || "-–—:|•·)]([".contains(c));
    (!title.is_empty()).then(|| ChapterMark { title: title.to_owned(), start })
}

/// A timestamp at the start of `text` and what follows it, which must not continue it.
fn leading_timestamp(text: &str) -> Option<(f64, &str)> {
    let end = text.find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(text.len());
    let rest = &text[end..];
    if rest.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    Some((timestamp(&text[..end])?, rest))
}

/// `m:ss`, `mm:ss` or `h:mm:ss` in seconds.
fn timestamp(text: &str) -> Option<f64> {
    let parts: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&parts.len()) || parts[0].is_empty() || parts[0].len() > 2 {
        return None;
    }
    let mut seconds = 0u64;
    for (i, part) in parts.iter().enumerate() {
        let value: u64 = part.parse().ok()?;
        if i > 0 && (part.len() != 2 || value > 59) {
            return None;
        }
        seconds = seconds * 60 + value;
    }
    Some(seconds as f64)
}

/// The chapter that `seconds` falls in, if any (auto chapters may start after `0:00`).
pub fn containing(chapters: &[Chapter], seconds: f64) -> Option<&Chapter> {
    let chapter = chapters.iter().rev().find(|c| c.start <= seconds)?;
    chapter.end.is_none_or(|end| seconds < end).then_some(chapter)
}

/// The chapter `wanted` names: its title (case- and accent-insensitive), its number (1 is the
/// first), or a part of one title only.
///
/// # Errors
/// `invalid_input` naming `chapter` when the video has no chapters, or `wanted` names none or
/// several of them; the message lists the chapters.
pub fn find<'a>(chapters: &'a [Chapter], wanted: &str) -> Result<&'a Chapter, Error> {
    let wanted = wanted.trim();
    if chapters.is_empty() {
        return Err(Error::invalid_input("chapter", "this video has no chapters"));
    }

    let terms = fold::terms(wanted);
    let exact = chapters.iter().find(|c| !terms.is_empty() && fold::terms(&c.title) == terms);
    let numbered = wanted.parse::<usize>().ok().and_then(|n| chapters.get(n.checked_sub(1)?));
    if let Some(chapter) = exact.or(numbered) {
        return Ok(chapter);
    }

    let partial: Vec<&Chapter> =
        chapters.iter().filter(|c| contains_run(&fold::terms(&c.title), &terms)).collect();
    match partial.as_slice() {
        [only] => Ok(only),
        [] => Err(not_found(chapters, format!("no chapter is called {}", echo(wanted)))),
        _ => Err(not_found(chapters, format!("several chapters match {}", echo(wanted)))),
    }
}

/// Whether `needle` (non-empty) occurs as consecutive terms of `haystack`.
fn contains_run(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

fn not_found(chapters: &[Chapter], problem: String) -> Error {
    let listed: Vec<String> = chapters
        .iter()
        .take(LISTED_IN_ERRORS)
        .enumerate()
        .map(|(i, c)| format!("{} {}", i + 1, c.title))
        .collect();
    let more = if chapters.len() > LISTED_IN_ERRORS { ", ..." } else { "" };
    let problem = format!("{problem}; chapters: {}{more}", listed.join(", "));
    let these = Bounds { maximum: Some(chapters.len().into()), ..bounds() };
    Error::out_of_bounds("chapter", problem, these)
}

#[cfg(test)]
mod tests;
