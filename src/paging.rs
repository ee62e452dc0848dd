//! Cutting a rendered range into pages that fit a character budget.
//!
//! A page holds whole segments: as many as fit with the page's frame, and always at least
//! one. A single segment longer than the whole budget is shortened in the page's text (with
//! `…`); its structured copy stays whole.

use crate::bounds::Bounds;
use crate::error::Error;
use crate::formats::Rendered;

/// The smallest page budget a caller may ask for, in characters.
pub const MIN_PAGE_CHARS: usize = 1_000;

/// The largest page budget a caller may ask for, in characters.
pub const MAX_PAGE_CHARS: usize = 100_000;

/// The default page budget, in characters. About 5,000 tokens of English; with the same
/// segments repeated in structured content a page stays well under the 25,000 tokens that
/// some clients accept from one tool call, even in scripts that cost a token per character.
pub const DEFAULT_PAGE_CHARS: usize = 20_000;

/// The limits of `max_chars`, as an error reports them.
pub fn budget_bounds() -> Bounds {
    Bounds::range(MIN_PAGE_CHARS as u64, MAX_PAGE_CHARS as u64)
}

/// The page budget a caller asked for, checked.
///
/// # Errors
/// `invalid_input` for `max_chars` outside [`MIN_PAGE_CHARS`]..=[`MAX_PAGE_CHARS`], with
/// [`budget_bounds`].
pub fn budget(asked: u64) -> Result<usize, Error> {
    match usize::try_from(asked) {
        Ok(chars) if (MIN_PAGE_CHARS..=MAX_PAGE_CHARS).contains(&chars) => Ok(chars),
        _ => {
            let bounds = budget_bounds();
            let problem = format!("{asked} is out of range; expected {}", bounds.describe());
            Err(Error::out_of_bounds("max_chars", problem, bounds.got(asked)))
        }
    }
}

/// The end (exclusive) of the page that opens at piece `first`: as many pieces as fit in
/// `budget` characters together with the page's frame, and at least one.
pub fn fit(rendered: &Rendered, first: usize, budget: usize) -> usize {
    let mut used = rendered.frame_chars(first);
    let mut end = first;

    while end < rendered.pieces.len() {
        let cost = rendered.piece_chars(end, end == first);
        if end > first && used + cost > budget {
            break;
        }
        used += cost;
        end += 1;
    }
    end
}

/// `text` cut to `budget` characters, the last one `…`, when it is longer.
pub fn shorten(text: String, budget: usize) -> String {
    if text.chars().count() <= budget {
        return text;
    }
    let mut short: String = text.chars().take(budget.saturating_sub(1)).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{Format, render};
    use crate::youtube::Segment;

    fn segments(texts: &[&str]) -> Vec<Segment> {
        let at = |i: usize, text: &&str| Segment {
            start: i as f64,
            duration: 1.0,
            text: (*text).to_owned(),
        };
        texts.iter().enumerate().map(|(i, text)| at(i, text)).collect()
    }

    /// Budgets outside the bounds are refused.
    #[test]
    fn budgets_are_bounded() {
        assert_eq!(budget(1_000).unwrap(), 1_000);
        assert_eq!(budget(100_000).unwrap(), 100_000);
        for outside in [0, 999, 100_001, u64::MAX] {
            let error = budget(outside).expect_err("outside the bounds");
            assert_eq!(error.details()["parameter"], "max_chars");
        }
    }

    /// Pieces fill a page up to the budget, the frame included, and never split.
    #[test]
    fn pages_take_whole_pieces_up_to_the_budget() {
        // Each line is "[0:0N] abcd\n": 12 characters.
        let segments = segments(&["abcd", "efgh", "ijkl", "mnop"]);
        let rendered = render(Format::Timestamped, &segments, 0..4);

        assert_eq!(fit(&rendered, 0, 24), 2);
        assert_eq!(fit(&rendered, 0, 35), 2);
        assert_eq!(fit(&rendered, 2, 36), 4);
        assert_eq!(fit(&rendered, 0, 11), 1, "one piece even when it does not fit");
    }

    /// Text pages count their separators and closing newline.
    #[test]
    fn text_pages_count_separators_and_closing() {
        let segments = segments(&["abcd", "efgh", "ijkl"]);
        let rendered = render(Format::Text, &segments, 0..3);
        // "abcd efgh\n" is 10 characters.
        assert_eq!(fit(&rendered, 0, 10), 2);
        assert_eq!(fit(&rendered, 0, 9), 1);
        assert_eq!(rendered.page_text(0..2), "abcd efgh\n");
    }

    /// A text longer than the budget is cut and marked.
    #[test]
    fn overlong_text_is_shortened_to_the_budget() {
        assert_eq!(shorten("abcdef".into(), 4), "abc…");
        assert_eq!(shorten("abc".into(), 4), "abc");
        assert_eq!(shorten("ééééé".into(), 3).chars().count(), 3);
    }
}
