//! Where each clause occurs, and the spans of the stream that answer a query.
//!
//! A clause occurs at a position when its terms fill the positions from there on; a phrase is
//! checked from the postings of its rarest term, so a common word in a phrase costs nothing
//! extra. An occurrence is reported once, at its first term, however many cues it spans.

use super::SearchIndex;
use super::query::Clause;

/// The longest span, in terms, in which `all` mode looks for every clause: about half a
/// minute of speech. Clauses further apart than this are not one moment.
pub const ALL_WINDOW_TERMS: u32 = 64;

/// The positions where one clause starts, ascending, and its length in terms.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Occurrences {
    pub starts: Vec<u32>,
    pub len: u32,
}

impl Occurrences {
    /// The position of the last term of the occurrence starting at `start`.
    pub fn last_of(&self, start: u32) -> u32 {
        start + self.len.saturating_sub(1)
    }
}

/// A span of the stream that answers the query: its first and last positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Match {
    pub first: u32,
    pub last: u32,
}

/// Every occurrence of `clause` in the index.
pub fn occurrences(index: &SearchIndex, clause: &Clause) -> Occurrences {
    let len = u32::try_from(clause.terms().len()).unwrap_or(u32::MAX);
    let Some(ids) = clause.terms().iter().map(|t| index.term_id(t)).collect::<Option<Vec<_>>>()
    else {
        return Occurrences { starts: Vec::new(), len };
    };

    // Anchor on the rarest term: its postings are the fewest candidates to check.
    let Some((anchor, &anchor_id)) =
        ids.iter().enumerate().min_by_key(|(_, id)| index.positions(**id).len())
    else {
        return Occurrences { starts: Vec::new(), len };
    };
    let anchor = u32::try_from(anchor).unwrap_or(u32::MAX);
    let follows = |start: u32| {
        ids.iter().zip(start..).all(|(&id, position)| index.term_at(position) == Some(id))
    };
    let starts = index
        .positions(anchor_id)
        .iter()
        .filter_map(|&p| p.checked_sub(anchor))
        .filter(|&start| follows(start))
        .collect();
    Occurrences { starts, len }
}

/// Each occurrence of each clause as a match of its own (`any` and `phrase` modes).
pub fn each(clauses: &[Occurrences]) -> Vec<Match> {
    let mut matches: Vec<Match> = clauses
        .iter()
        .flat_map(|c| c.starts.iter().map(|&s| Match { first: s, last: c.last_of(s) }))
        .collect();
    matches.sort_unstable();
    matches
}

/// Spans holding an occurrence of every clause within [`ALL_WINDOW_TERMS`] (`all` mode).
///
/// Occurrences are swept in stream order, remembering the latest of each clause; whenever all
/// clauses have been seen, the span from the earliest remembered start to the furthest end is
/// the tightest one ending there. Spans too wide are dropped.
pub fn covering(clauses: &[Occurrences]) -> Vec<Match> {
    let mut events: Vec<(u32, usize)> = clauses
        .iter()
        .enumerate()
        .flat_map(|(c, occurrences)| occurrences.starts.iter().map(move |&s| (s, c)))
        .collect();
    events.sort_unstable();

    let mut latest: Vec<Option<u32>> = vec![None; clauses.len()];
    let mut matches = Vec::new();
    for (start, clause) in events {
        latest[clause] = Some(start);
        if let Some(span) = span_of(clauses, &latest)
            && span.last - span.first < ALL_WINDOW_TERMS
            && matches.last() != Some(&span)
        {
            matches.push(span);
        }
    }
    matches.sort_unstable();
    matches
}

/// The span from the earliest to the furthest-reaching remembered occurrence, once every
/// clause has one.
fn span_of(clauses: &[Occurrences], latest: &[Option<u32>]) -> Option<Match> {
    let mut span: Option<Match> = None;
    for (occurrences, start) in clauses.iter().zip(latest) {
        let start = (*start)?;
        let last = occurrences.last_of(start);
        span = Some(match span {
            None => Match { first: start, last },
            Some(s) => Match { first: s.first.min(start), last: s.last.max(last) },
        });
    }
    span
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::{MatchMode, Query};
    use crate::youtube::{Segment, Transcript};

    fn index(lines: &[&str]) -> SearchIndex {
        let segments = lines
            .iter()
            .map(|text| Segment { start: 0.0, duration: 1.0, text: (*text).into() })
            .collect();
        SearchIndex::build(&Transcript { segments })
    }

    fn found(index: &SearchIndex, query: &str) -> Vec<Occurrences> {
        let query = Query::parse(query, MatchMode::Any).expect("valid");
        query.clauses().iter().map(|c| occurrences(index, c)).collect()
    }

    #[test]
    fn a_phrase_is_found_across_segments_once_at_its_first_term() {
        let index = index(&["we love the quick", "brown fox and", "the quick brown fox"]);
        let phrase = &found(&index, r#""quick brown fox""#)[0];
        assert_eq!(phrase.starts, [3, 8]);
        assert_eq!(phrase.len, 3);
        assert_eq!(index.segment_of(3), 0);
    }

    #[test]
    fn a_clause_with_an_unknown_term_never_occurs() {
        let index = index(&["the quick brown fox"]);
        assert!(found(&index, r#""quick red fox""#)[0].starts.is_empty());
        assert!(found(&index, "zebra")[0].starts.is_empty());
    }

    #[test]
    fn all_mode_keeps_the_tightest_spans_holding_every_clause() {
        let index = index(&["alpha beta", "gamma alpha", "x beta"]);
        let clauses = found(&index, "alpha beta");
        assert_eq!(clauses[0].starts, [0, 3]);
        assert_eq!(clauses[1].starts, [1, 5]);

        let spans = covering(&clauses);
        let spans: Vec<(u32, u32)> = spans.iter().map(|m| (m.first, m.last)).collect();
        assert_eq!(spans, [(0, 1), (1, 3), (3, 5)]);
    }

    #[test]
    fn all_mode_drops_spans_wider_than_the_window() {
        let filler = vec!["filler"; ALL_WINDOW_TERMS as usize].join(" ");
        let index = index(&["alpha", &filler, "beta"]);
        assert!(covering(&found(&index, "alpha beta")).is_empty());
    }

    #[test]
    fn any_mode_lists_every_occurrence_in_stream_order() {
        let index = index(&["beta alpha", "alpha"]);
        let matches = each(&found(&index, "alpha beta"));
        let firsts: Vec<u32> = matches.iter().map(|m| m.first).collect();
        assert_eq!(firsts, [0, 1, 2]);
    }
}
