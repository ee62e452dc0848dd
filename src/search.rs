//! Finding where words are said in a transcript.

use crate::search_index::SearchIndex;
use crate::youtube::Transcript;

/// One segment whose text contains the query.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Seconds from the start of the video, as in the segment.
    pub start: f64,
    /// The whole segment's text, so the match is read in context.
    pub text: String,
    /// Position of the segment in the transcript, for fetching the lines around it.
    pub segment_index: usize,
}

/// Finds the segments whose text contains `query`, ignoring case.
///
/// The query is trimmed, then matched as a substring of each segment's text after both are
/// lowercased with Unicode rules (so `ÉCOLE` finds `école`). Hits come in time order, the
/// order of the segments. Returns the number of matching segments and the first
/// `max_results` of them; a segment counts once however often the query occurs in it.
///
/// A query that is empty after trimming would match every segment; the search tool rejects
/// it as invalid input before calling this, so here it simply matches everything. Words
/// split across two segments are not found.
pub fn search(transcript: &Transcript, query: &str, max_results: usize) -> (usize, Vec<Hit>) {
    search_indexed(transcript, &SearchIndex::build(transcript), query, max_results)
}

/// As [`search`], over an index built from the same transcript (see [`SearchIndex::build`]).
pub fn search_indexed(
    transcript: &Transcript,
    index: &SearchIndex,
    query: &str,
    max_results: usize,
) -> (usize, Vec<Hit>) {
    let needle = query.trim().to_lowercase();
    let mut total = 0;
    let mut hits = Vec::new();

    let lowered = index.lowered().iter();
    for (segment_index, (segment, text)) in transcript.segments.iter().zip(lowered).enumerate() {
        if !text.contains(&needle) {
            continue;
        }

        total += 1;
        if hits.len() < max_results {
            hits.push(Hit { start: segment.start, text: segment.text.clone(), segment_index });
        }
    }

    (total, hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::youtube::Segment;

    fn transcript(lines: &[(f64, &str)]) -> Transcript {
        let segments = lines
            .iter()
            .map(|&(start, text)| Segment { start, duration: 1.0, text: text.to_owned() })
            .collect();
        Transcript { segments }
    }

    fn sample() -> Transcript {
        transcript(&[
            (0.0, "Welcome to the show"),
            (2.5, "today we talk about Rust"),
            (5.0, "nothing here"),
            (7.25, "rust never sleeps, RUST everywhere"),
            (9.0, "trust me"),
        ])
    }

    /// Matching ignores case and finds substrings inside words; hits keep time order.
    #[test]
    fn matches_are_case_insensitive_substrings_in_time_order() {
        let (total, hits) = search(&sample(), "rust", 10);

        assert_eq!(total, 3);
        let found: Vec<(f64, usize)> = hits.iter().map(|h| (h.start, h.segment_index)).collect();
        assert_eq!(found, [(2.5, 1), (7.25, 3), (9.0, 4)]);
        assert_eq!(hits[1].text, "rust never sleeps, RUST everywhere");
    }

    /// The total counts every matching segment even when the list is cut short.
    #[test]
    fn results_are_truncated_but_the_total_is_not() {
        let (total, hits) = search(&sample(), "RUST", 2);

        assert_eq!(total, 3);
        let indices: Vec<usize> = hits.iter().map(|h| h.segment_index).collect();
        assert_eq!(indices, [1, 3]);
    }

    /// Zero results asked for still reports how many there are.
    #[test]
    fn max_results_zero_returns_only_the_total() {
        assert_eq!(search(&sample(), "rust", 0), (3, vec![]));
    }

    /// Surrounding spaces in the query are ignored; inner spaces must match.
    #[test]
    fn the_query_is_trimmed() {
        let (total, hits) = search(&sample(), "  talk about  ", 5);
        assert_eq!(total, 1);
        assert_eq!(hits[0].segment_index, 1);

        assert_eq!(search(&sample(), "talkabout", 5).0, 0);
    }

    /// Upper-case accented letters find their lower-case forms and the reverse.
    #[test]
    fn non_ascii_letters_fold_case() {
        let french = transcript(&[(1.0, "à l'école ce matin"), (3.0, "ÉCOLE FERMÉE")]);

        assert_eq!(search(&french, "ÉCOLE", 5).0, 2);
        assert_eq!(search(&french, "fermée", 5).0, 1);

        let greek = transcript(&[(4.0, "ΟΔΥΣΣΕΥΣ")]);
        assert_eq!(search(&greek, "οδυσ", 5).0, 1);
    }

    /// A query found nowhere gives no hits and a zero total.
    #[test]
    fn an_absent_query_finds_nothing() {
        assert_eq!(search(&sample(), "python", 10), (0, vec![]));
    }
}
