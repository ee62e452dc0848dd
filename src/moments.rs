//! Search hits as moments a client reads, and moments of several videos ranked together.
//!
//! A [`search::Hit`] names segments; a [`Moment`] carries what a model needs to cite it: start
//! and end in seconds, the timestamp, the text with its context, the chapter it falls in, the
//! score and a deep link. Across videos, moments are ranked by score alone: every video's
//! scores use the same formula, so a strong hit in one video outranks a weak one in another.

use crate::timestamp::round_ms;
use serde::Serialize;

use crate::chapters::{self, Chapter};
use crate::search;
use crate::timestamp::format_timestamp;
use crate::video_id::VideoId;
use crate::youtube::Transcript;

/// One place a query is answered.
#[derive(Debug, Clone, Serialize)]
pub struct Moment {
    /// The video, named when moments of several videos are listed together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_id: Option<VideoId>,
    /// Seconds from the start of the video to the segment holding the first matched word.
    pub start: f64,
    /// Where the last segment holding a matched word ends.
    pub end: f64,
    pub timestamp: String,
    /// The matched segments with their context segments, in order, as one line.
    pub text: String,
    /// The title of the chapter `start` falls in, when the video has chapters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chapter: Option<String>,
    /// Higher is better; comparable across the videos of one search.
    pub score: f64,
    /// The video at `start`, whole seconds (`https://www.youtube.com/watch?v=ID&t=83s`).
    pub url: String,
}

/// The moment of `hit`, a hit of `transcript` of video `id`.
pub fn moment(
    id: &VideoId,
    transcript: &Transcript,
    chapters: &[Chapter],
    hit: &search::Hit,
) -> Moment {
    let segments = &transcript.segments;
    let start = segments.get(hit.first).map_or(0.0, |s| s.start);
    let end = segments.get(hit.last).map_or(start, |s| round_ms(s.start + s.duration));
    let shown = segments.get(hit.shown_first..=hit.shown_last).unwrap_or_default();
    let text: Vec<String> =
        shown.iter().map(|s| s.text.split_whitespace().collect::<Vec<_>>().join(" ")).collect();

    Moment {
        video_id: None,
        start,
        end,
        timestamp: format_timestamp(start),
        text: text.join(" "),
        chapter: chapters::containing(chapters, start).map(|c| c.title.clone()),
        score: rounded(hit.score),
        url: crate::engine::watch_url(id, Some(start)),
    }
}

/// Scores keep three decimals: enough to order, short to read.
fn rounded(score: f64) -> f64 {
    (score * 1000.0).round() / 1000.0
}

/// Moments of several videos, each list best first, merged into the best `limit` overall.
///
/// Each moment is named with its video. Ties keep the order of the lists (the caller's order
/// of videos), then each list's own order.
pub fn rank_across(lists: Vec<(VideoId, Vec<Moment>)>, limit: usize) -> Vec<Moment> {
    let mut all: Vec<Moment> = lists
        .into_iter()
        .flat_map(|(id, moments)| {
            moments.into_iter().map(move |m| Moment { video_id: Some(id.clone()), ..m })
        })
        .collect();
    all.sort_by(|a, b| b.score.total_cmp(&a.score));
    all.truncate(limit);
    all
}

/// The segments of `transcript` that start within `start..end` (to its end when `end` is
/// unknown): the transcript of one chapter.
pub fn within(transcript: &Transcript, start: f64, end: Option<f64>) -> Transcript {
    let inside = |s: &&crate::youtube::Segment| s.start >= start && end.is_none_or(|e| s.start < e);
    Transcript { segments: transcript.segments.iter().filter(inside).cloned().collect() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::youtube::Segment;

    fn id(raw: &str) -> VideoId {
        VideoId::from_bare(raw).expect("valid id")
    }

    fn transcript() -> Transcript {
        let lines =
            [(0.0, "intro words"), (4.5, "the key\nmoment"), (9.0, "after it"), (15.0, "end")];
        let segments = lines
            .iter()
            .map(|&(start, text)| Segment { start, duration: 3.0, text: text.into() })
            .collect();
        Transcript { segments }
    }

    #[test]
    fn a_moment_has_times_text_with_context_chapter_and_link() {
        let chapters = vec![
            Chapter { title: "Opening".into(), start: 0.0, end: Some(4.0) },
            Chapter { title: "Main".into(), start: 4.0, end: Some(20.0) },
        ];
        let hit = search::Hit { first: 1, last: 2, shown_first: 0, shown_last: 2, score: 1.23456 };
        let moment = moment(&id("GJLlxj_dtq8"), &transcript(), &chapters, &hit);

        assert_eq!((moment.start, moment.end), (4.5, 12.0));
        assert_eq!(moment.timestamp, "0:04");
        assert_eq!(moment.text, "intro words the key moment after it");
        assert_eq!(moment.chapter.as_deref(), Some("Main"));
        assert_eq!(moment.score, 1.235);
        assert_eq!(moment.url, "https://www.youtube.com/watch?v=GJLlxj_dtq8&t=4s");
        assert_eq!(moment.video_id, None);
    }

    #[test]
    fn moments_of_several_videos_rank_together_and_name_their_video() {
        let at = |score: f64, start: f64| Moment {
            video_id: None,
            start,
            end: start + 1.0,
            timestamp: format_timestamp(start),
            text: String::new(),
            chapter: None,
            score,
            url: String::new(),
        };
        let lists = vec![
            (id("GJLlxj_dtq8"), vec![at(3.0, 10.0), at(1.0, 20.0)]),
            (id("F1xioXWb8CY"), vec![at(5.0, 30.0), at(1.0, 40.0)]),
        ];
        let ranked = rank_across(lists, 3);
        let order: Vec<(String, f64)> = ranked
            .iter()
            .map(|m| (m.video_id.as_ref().map(ToString::to_string).unwrap_or_default(), m.start))
            .collect();
        assert_eq!(
            order,
            [
                ("F1xioXWb8CY".into(), 30.0),
                ("GJLlxj_dtq8".into(), 10.0),
                ("GJLlxj_dtq8".into(), 20.0)
            ]
        );
    }

    #[test]
    fn a_chapter_keeps_the_segments_that_start_inside_it() {
        let cut = within(&transcript(), 4.0, Some(15.0));
        let starts: Vec<f64> = cut.segments.iter().map(|s| s.start).collect();
        assert_eq!(starts, [4.5, 9.0]);
        assert_eq!(within(&transcript(), 9.0, None).segments.len(), 2);
    }
}
