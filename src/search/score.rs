//! Scoring hits by term frequency, rarity and proximity (documented in the README).
//!
//! For a hit and each clause (word or phrase) it holds:
//!
//! - rarity is BM25's inverse document frequency over the transcript's segments:
//!   `ln(1 + (N - n + 0.5) / (n + 0.5))`, with `N` segments of which `n` hold the clause;
//! - frequency saturates as in BM25: `tf * (K1 + 1) / (tf + K1)`, with `tf` the clause's
//!   occurrences in the hit's matched segments, so a second mention counts, a tenth barely.
//!
//! The hit's score is the sum over its clauses of rarity times frequency, multiplied by a
//! proximity factor when it holds two clauses or more: `1 + 1 / (1 + gap)`, where `gap` is the
//! number of other terms in the tightest span holding one occurrence of each of them (adjacent
//! words double the score; ten words apart add a tenth).

use super::SearchIndex;
use super::hits::Group;
use super::matches::Occurrences;

/// BM25's frequency saturation constant.
pub const K1: f64 = 1.2;

/// The score of each group, in the order given (groups sorted by position, disjoint).
pub fn score(index: &SearchIndex, clauses: &[Occurrences], groups: &[Group]) -> Vec<f64> {
    let rarities: Vec<f64> = clauses.iter().map(|c| rarity(index, c)).collect();
    let mut cursors = vec![0usize; clauses.len()];
    let mut inside: Vec<&[u32]> = Vec::with_capacity(clauses.len());

    groups
        .iter()
        .map(|group| {
            let range = index.positions_of_segments(group.first..group.last + 1);
            inside.clear();
            for (clause, cursor) in clauses.iter().zip(cursors.iter_mut()) {
                let from = advance(&clause.starts, *cursor, range.start);
                let to = advance(&clause.starts, from, range.end);
                *cursor = to;
                inside.push(&clause.starts[from..to]);
            }
            score_of(&inside, clauses, &rarities)
        })
        .collect()
}

/// The first index at or after `from` whose start is not before `bound`.
fn advance(starts: &[u32], from: usize, bound: u32) -> usize {
    let rest = starts.get(from..).unwrap_or_default();
    from + rest.iter().take_while(|&&s| s < bound).count()
}

/// Rarity × saturated frequency, summed, times proximity.
fn score_of(inside: &[&[u32]], clauses: &[Occurrences], rarities: &[f64]) -> f64 {
    let mut sum = 0.0;
    for (starts, rarity) in inside.iter().zip(rarities) {
        if !starts.is_empty() {
            let tf = starts.len() as f64;
            sum += rarity * tf * (K1 + 1.0) / (tf + K1);
        }
    }
    let present = inside.iter().filter(|s| !s.is_empty()).count();
    if present < 2 {
        return sum;
    }
    let gap = tightest_gap(inside, clauses);
    sum * (1.0 + 1.0 / (1.0 + f64::from(gap)))
}

/// BM25's inverse document frequency of a clause, over the transcript's segments.
fn rarity(index: &SearchIndex, clause: &Occurrences) -> f64 {
    let mut holding = 0usize;
    let mut last_segment = None;
    for &start in &clause.starts {
        let segment = index.segment_of(start);
        if last_segment != Some(segment) {
            holding += 1;
            last_segment = Some(segment);
        }
    }

    let (all, holding) = (index.segment_count() as f64, holding as f64);
    (1.0 + (all - holding + 0.5) / (holding + 0.5)).ln()
}

/// The fewest other terms in a span holding one occurrence of every clause present.
fn tightest_gap(inside: &[&[u32]], clauses: &[Occurrences]) -> u32 {
    let mut events: Vec<(u32, usize)> = inside
        .iter()
        .enumerate()
        .flat_map(|(c, starts)| starts.iter().map(move |&s| (s, c)))
        .collect();
    events.sort_unstable();

    let present: Vec<usize> = (0..inside.len()).filter(|&c| !inside[c].is_empty()).collect();
    let terms: u32 = present.iter().map(|&c| clauses[c].len).sum();
    let mut latest: Vec<Option<u32>> = vec![None; inside.len()];
    let mut best = u32::MAX;
    for (start, clause) in events {
        latest[clause] = Some(start);
        let spans: Option<Vec<(u32, u32)>> =
            present.iter().map(|&c| latest[c].map(|s| (s, clauses[c].last_of(s)))).collect();
        if let Some(spans) = spans {
            let first = spans.iter().map(|s| s.0).min().unwrap_or(start);
            let last = spans.iter().map(|s| s.1).max().unwrap_or(start);
            best = best.min((last - first + 1).saturating_sub(terms));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occurrences(starts: &[u32], len: u32) -> Occurrences {
        Occurrences { starts: starts.to_vec(), len }
    }

    #[test]
    fn the_gap_counts_the_terms_between_the_closest_occurrences() {
        let clauses = [occurrences(&[0, 20], 1), occurrences(&[5, 21], 2)];
        let inside: Vec<&[u32]> = clauses.iter().map(|c| c.starts.as_slice()).collect();
        assert_eq!(tightest_gap(&inside, &clauses), 0);

        let clauses = [occurrences(&[0], 1), occurrences(&[4], 1)];
        let inside: Vec<&[u32]> = clauses.iter().map(|c| c.starts.as_slice()).collect();
        assert_eq!(tightest_gap(&inside, &clauses), 3);
    }

    #[test]
    fn frequency_saturates_and_proximity_multiplies() {
        let clauses = [occurrences(&[], 1), occurrences(&[], 1)];
        let one: &[u32] = &[0];
        let two: &[u32] = &[0, 9];
        let single = score_of(&[one, &[]], &clauses, &[1.0, 1.0]);
        let double = score_of(&[two, &[]], &clauses, &[1.0, 1.0]);
        assert!((single - 1.0).abs() < 1e-9, "{single}");
        assert!((double - 2.0 * 2.2 / 3.2).abs() < 1e-9, "{double}");

        let adjacent = score_of(&[&[0], &[1]], &clauses, &[1.0, 1.0]);
        assert!((adjacent - 4.0).abs() < 1e-9, "{adjacent}");
    }
}
