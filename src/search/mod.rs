//! Finding the moments of a transcript that answer a query, best first.
//!
//! The pipeline, one module per step:
//! - [`fold`]: text to terms (case, accents, width folded; sound cues marked);
//! - `index`: the transcript's terms as one stream with postings, built once and cached;
//! - `query`: the query parsed into words and phrases, with its [`MatchMode`];
//! - `matches`: where each word or phrase occurs, and the spans answering the query;
//! - `hits`: spans to hits over whole segments, merged, with context;
//! - `score`: term frequency, rarity and proximity.

pub mod fold;
mod hits;
mod index;
mod matches;
mod query;
mod score;

pub use index::SearchIndex;
pub use matches::ALL_WINDOW_TERMS;
pub use query::{MAX_CLAUSES, MAX_QUERY_CHARS, MatchMode, Query};
pub use score::K1;

/// The most context segments a hit may show on each side.
pub const MAX_CONTEXT: usize = 5;

/// The context segments shown on each side of a hit when the caller does not say.
pub const DEFAULT_CONTEXT: usize = 1;

/// How many hits to return, and how much around each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_results: usize,
    /// Segments shown before and after the matched ones, at most [`MAX_CONTEXT`].
    pub context: usize,
}

/// One moment that answers the query, as segment numbers of the searched transcript.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// The first and last segments holding matched words; the hit starts at `first`.
    pub first: usize,
    pub last: usize,
    /// The first and last segments shown, context included.
    pub shown_first: usize,
    pub shown_last: usize,
    pub score: f64,
}

/// The outcome of a search: how many hits there are, and the best of them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Found {
    pub total: usize,
    /// At most `max_results` hits, best first (ties in transcript order).
    pub hits: Vec<Hit>,
}

/// Searches `index` for `query`.
///
/// Occurrences of a phrase count once, at its first word, even when the phrase runs over
/// several segments. In `all` mode a hit must hold every word and phrase within
/// [`ALL_WINDOW_TERMS`] terms of each other; a query of a single clause behaves alike in
/// every mode.
pub fn search(index: &SearchIndex, query: &Query, limits: Limits) -> Found {
    let clauses: Vec<matches::Occurrences> =
        query.clauses().iter().map(|c| matches::occurrences(index, c)).collect();
    let found = match query.mode() {
        MatchMode::All => matches::covering(&clauses),
        MatchMode::Any | MatchMode::Phrase => matches::each(&clauses),
    };

    let context = limits.context.min(MAX_CONTEXT);
    let groups = hits::group(index, &found, context);
    let scores = score::score(index, &clauses, &groups);
    let mut ranked: Vec<Hit> = groups
        .iter()
        .zip(scores)
        .map(|(g, score)| Hit {
            first: g.first,
            last: g.last,
            shown_first: g.shown_first,
            shown_last: g.shown_last,
            score,
        })
        .collect();

    let total = ranked.len();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.first.cmp(&b.first)));
    ranked.truncate(limits.max_results);
    Found { total, hits: ranked }
}

#[cfg(test)]
mod tests;
