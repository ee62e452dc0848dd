//! A search query, parsed once at the edge into folded clauses.
//!
//! A clause is one word or one phrase: a run of terms that must follow each other. Quoted parts
//! of the query (`"machine learning"`, straight or curly quotes) are phrases, and so is a word
//! that folds into several terms (`don't`, `state-of-the-art`, a Japanese word). Bracketed parts
//! (`[Music]`) ask for sound cues. In `phrase` mode the whole query is one phrase.

use serde::Serialize;

use super::fold;
use crate::bounds::{Bounds, echo};
use crate::error::Error;

/// The most words and phrases one query may hold; longer queries are refused.
pub const MAX_CLAUSES: usize = 16;

/// The longest query accepted, in characters: sixteen long words with room to spare.
pub const MAX_QUERY_CHARS: usize = 500;

/// What a query must be, for messages and `details.expected`.
const QUERY_FORM: &str = "1 to 16 words or quoted phrases";

/// Characters that open or close a quoted phrase.
const QUOTES: [char; 4] = ['"', '“', '”', '„'];

/// How the words of a query combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchMode {
    /// A hit holds at least one of the words or phrases.
    Any,
    /// A hit holds every word and phrase, close together.
    #[default]
    All,
    /// The whole query is one phrase.
    Phrase,
}

impl MatchMode {
    /// Every mode, as spelled in the `match` argument.
    pub const NAMES: [&str; 3] = ["any", "all", "phrase"];

    /// Reads the `match` argument; `None` is the default (`all`).
    ///
    /// # Errors
    /// `invalid_input` naming `match` for any other word.
    pub fn parse(raw: Option<&str>) -> Result<Self, Error> {
        match raw.map(str::trim) {
            None | Some("") => Ok(Self::default()),
            Some(word) => match word.to_ascii_lowercase().as_str() {
                "any" => Ok(Self::Any),
                "all" => Ok(Self::All),
                "phrase" => Ok(Self::Phrase),
                _ => {
                    let problem = format!("{} is not one of any, all, phrase", echo(word));
                    Err(Error::out_of_bounds("match", problem, Self::bounds()))
                }
            },
        }
    }

    /// The limits of `match`, as an error reports them.
    pub fn bounds() -> Bounds {
        Bounds::one_of(&Self::NAMES)
    }
}

/// One word or phrase: folded terms that must occur in this order, one after the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    terms: Vec<String>,
}

impl Clause {
    /// The folded terms, in order.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }
}

/// A parsed query: its text as given, its mode and its clauses (never empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    text: String,
    mode: MatchMode,
    clauses: Vec<Clause>,
}

impl Query {
    /// Parses `text` for `mode`.
    ///
    /// # Errors
    /// `invalid_input` naming `query` when it holds no letter or digit, or more than
    /// [`MAX_CLAUSES`] words and phrases.
    pub fn parse(text: &str, mode: MatchMode) -> Result<Self, Error> {
        let text = text.trim();
        let mut clauses: Vec<Clause> = Vec::new();
        let parts: Vec<Vec<String>> = match mode {
            MatchMode::Phrase => vec![fold::terms(text)],
            MatchMode::Any | MatchMode::All => units(text).iter().map(|u| fold::terms(u)).collect(),
        };
        for terms in parts.into_iter().filter(|t| !t.is_empty()) {
            let clause = Clause { terms };
            if !clauses.contains(&clause) {
                clauses.push(clause);
            }
        }

        if clauses.is_empty() {
            let problem = format!("the query has no letters or digits; expected {QUERY_FORM}");
            return Err(Error::out_of_bounds("query", problem, Self::bounds()));
        }
        if clauses.len() > MAX_CLAUSES {
            let problem = format!(
                "the query has {} words or phrases; expected at most {MAX_CLAUSES}",
                clauses.len()
            );
            return Err(Error::out_of_bounds("query", problem, Self::bounds().got(clauses.len())));
        }
        Ok(Self { text: text.to_owned(), mode, clauses })
    }

    /// The limits of `query`, as an error reports them.
    pub fn bounds() -> Bounds {
        Bounds { min_length: Some(1), ..Bounds::text(MAX_QUERY_CHARS).expecting(QUERY_FORM) }
    }

    /// The query as given, trimmed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// How the clauses combine.
    pub fn mode(&self) -> MatchMode {
        self.mode
    }

    /// The words and phrases to find, without repeats.
    pub fn clauses(&self) -> &[Clause] {
        &self.clauses
    }
}

/// Splits a query into quoted phrases, bracketed groups and single words.
fn units(text: &str) -> Vec<&str> {
    let mut units = Vec::new();
    for (n, part) in text.split(QUOTES).enumerate() {
        if n % 2 == 1 {
            units.push(part);
        } else {
            words_and_brackets(part, &mut units);
        }
    }
    units
}

/// Whitespace-separated words, keeping each `[...]` group whole.
fn words_and_brackets<'a>(mut rest: &'a str, units: &mut Vec<&'a str>) {
    loop {
        rest = rest.trim_start();
        let Some(first) = rest.chars().next() else {
            return;
        };
        let end = match first {
            '[' => rest.find(']').map_or(rest.len(), |close| close + 1),
            _ => rest.find(|c: char| c.is_whitespace() || c == '[').unwrap_or(rest.len()),
        };
        units.push(&rest[..end]);
        rest = &rest[end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clauses(text: &str, mode: MatchMode) -> Vec<Vec<String>> {
        let query = Query::parse(text, mode).expect("valid query");
        query.clauses().iter().map(|c| c.terms().to_vec()).collect()
    }

    #[test]
    fn quoted_parts_are_phrases_and_other_words_stand_alone() {
        let parsed = clauses(r#"rust "Borrow Checker" lifetimes “zero cost”"#, MatchMode::All);
        assert_eq!(
            parsed,
            [vec!["rust"], vec!["borrow", "checker"], vec!["lifetimes"], vec!["zero", "cost"]]
        );
    }

    #[test]
    fn a_word_that_folds_into_several_terms_is_a_phrase() {
        assert_eq!(clauses("don't panic", MatchMode::Any), [vec!["don", "t"], vec!["panic"]]);
    }

    #[test]
    fn phrase_mode_makes_one_clause_of_the_whole_query() {
        let parsed = clauses(r#"the "quick" brown fox"#, MatchMode::Phrase);
        assert_eq!(parsed, [vec!["the", "quick", "brown", "fox"]]);
    }

    #[test]
    fn bracketed_groups_ask_for_sound_cues() {
        let parsed = clauses("[Music] intro [wind blowing]", MatchMode::Any);
        assert_eq!(parsed, [vec!["[music"], vec!["intro"], vec!["[wind", "[blowing"]]);
    }

    #[test]
    fn repeated_words_count_once() {
        assert_eq!(clauses("Test test TEST", MatchMode::All), [vec!["test"]]);
    }

    #[test]
    fn queries_without_words_or_with_too_many_are_invalid() {
        let empty = Query::parse(" ?! ", MatchMode::All).expect_err("no words");
        assert_eq!(empty.details()["parameter"], "query");

        let many: Vec<String> = (0..=MAX_CLAUSES).map(|i| format!("w{i}")).collect();
        let error = Query::parse(&many.join(" "), MatchMode::Any).expect_err("17 words");
        assert_eq!(error.details()["got"], MAX_CLAUSES + 1);
        assert!(Query::parse(&many[..MAX_CLAUSES].join(" "), MatchMode::Any).is_ok());
    }

    #[test]
    fn match_modes_parse_case_insensitively_and_default_to_all() {
        assert_eq!(MatchMode::parse(None).expect("default"), MatchMode::All);
        assert_eq!(MatchMode::parse(Some(" Phrase ")).expect("valid"), MatchMode::Phrase);
        assert_eq!(MatchMode::parse(Some("ANY")).expect("valid"), MatchMode::Any);
        let error = MatchMode::parse(Some("some")).expect_err("unknown mode");
        assert_eq!(error.details()["parameter"], "match");
        assert_eq!(error.details()["allowed"], serde_json::json!(["any", "all", "phrase"]));
    }
}
