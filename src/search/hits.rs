//! From matches to hits: segments, merging, context windows.
//!
//! Each match covers the segments of its first and last terms. Matches merge into one hit when
//! they share a segment, or when their context windows would overlap and the hit stays within
//! [`MAX_MERGED_SEGMENTS`] (so a word said in every cue does not merge the whole video into one
//! hit). Context windows are then cut so that no two hits show the same segment.

use super::SearchIndex;
use super::matches::Match;

/// The widest span of matched segments that merging nearby (not overlapping) matches may
/// build: about half a minute of captions.
pub const MAX_MERGED_SEGMENTS: usize = 8;

/// One hit before scoring: the segments its matches cover and the segments it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    /// First and last segment holding a matched term.
    pub first: usize,
    pub last: usize,
    /// First and last segment shown: the matched ones and up to `context` on each side.
    pub shown_first: usize,
    pub shown_last: usize,
}

/// Merges `matches` (sorted by first position) into hits with `context` segments around them.
pub fn group(index: &SearchIndex, matches: &[Match], context: usize) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for m in matches {
        let (first, last) = (index.segment_of(m.first), index.segment_of(m.last));
        match groups.last_mut() {
            Some(g) if joins(g, first, last, context) => g.last = g.last.max(last),
            _ => groups.push(Group { first, last, shown_first: first, shown_last: last }),
        }
    }
    add_context(&mut groups, index.segment_count(), context);
    groups
}

/// A match joins the hit before it when they share a segment, or when their windows touch
/// and the merged hit stays small.
fn joins(group: &Group, first: usize, last: usize, context: usize) -> bool {
    let shares = first <= group.last;
    let windows_overlap = first <= group.last + 2 * context;
    shares || (windows_overlap && last - group.first < MAX_MERGED_SEGMENTS)
}

/// Widens each hit by `context` segments, never into a neighbour's segments.
fn add_context(groups: &mut [Group], segments: usize, context: usize) {
    let end = segments.saturating_sub(1);
    for i in 0..groups.len() {
        let previous_shown = i.checked_sub(1).map(|p| groups[p].shown_last);
        let next_first = groups.get(i + 1).map(|n| n.first);

        let group = &mut groups[i];
        let earliest = previous_shown.map_or(0, |p| p + 1);
        group.shown_first = group.first.saturating_sub(context).max(earliest);
        let latest = next_first.map_or(end, |n| n.saturating_sub(1));
        group.shown_last = (group.last + context).min(latest).min(end).max(group.last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::youtube::{Segment, Transcript};

    /// Ten segments of two terms each: segment `s` holds positions `2s` and `2s + 1`.
    fn index() -> SearchIndex {
        let segments = (0..10)
            .map(|i| Segment { start: i as f64, duration: 1.0, text: format!("w{i} x{i}") })
            .collect();
        SearchIndex::build(&Transcript { segments })
    }

    fn at(segment: u32) -> Match {
        Match { first: 2 * segment, last: 2 * segment }
    }

    fn spans(groups: &[Group]) -> Vec<(usize, usize, usize, usize)> {
        groups.iter().map(|g| (g.shown_first, g.first, g.last, g.shown_last)).collect()
    }

    #[test]
    fn matches_in_one_segment_make_one_hit() {
        let matches = [Match { first: 4, last: 4 }, Match { first: 5, last: 5 }];
        assert_eq!(spans(&group(&index(), &matches, 0)), [(2, 2, 2, 2)]);
    }

    #[test]
    fn overlapping_context_windows_merge_and_disjoint_ones_do_not() {
        let index = index();
        // Segments 3 and 5 with one segment of context: windows 2..=4 and 4..=6 overlap.
        assert_eq!(spans(&group(&index, &[at(3), at(5)], 1)), [(2, 3, 5, 6)]);
        // Without context they stay apart.
        assert_eq!(spans(&group(&index, &[at(3), at(5)], 0)), [(3, 3, 3, 3), (5, 5, 5, 5)]);
    }

    #[test]
    fn context_stops_at_the_transcript_edges() {
        assert_eq!(spans(&group(&index(), &[at(0), at(9)], 2)), [(0, 0, 0, 2), (7, 9, 9, 9)]);
    }

    #[test]
    fn a_phrase_spanning_two_segments_is_one_hit_over_both() {
        let phrase = Match { first: 3, last: 4 };
        assert_eq!(spans(&group(&index(), &[phrase], 1)), [(0, 1, 2, 3)]);
    }

    #[test]
    fn a_word_in_every_segment_does_not_merge_the_whole_transcript() {
        let every: Vec<Match> = (0..10).map(at).collect();
        let groups = group(&index(), &every, 1);
        assert_eq!(spans(&groups), [(0, 0, 7, 7), (8, 8, 9, 9)]);
    }

    #[test]
    fn neighbouring_hits_kept_apart_by_the_cap_split_the_context_between_them() {
        // Segments 0 and 8 with four segments of context: the windows overlap (both would
        // show segment 4), but one hit would span nine segments. The first hit keeps it.
        let groups = group(&index(), &[at(0), at(8)], 4);
        assert_eq!(spans(&groups), [(0, 0, 0, 4), (5, 8, 8, 9)]);
    }
}
