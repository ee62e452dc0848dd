//! The limits a tool argument must keep, and the checks every free-text argument passes.
//!
//! An `invalid_input` error about a parameter carries that parameter's [`Bounds`], all of
//! them, whichever one was broken, plus `got`: what was sent (the number, the length, the
//! count, or the refused character). They are merged into the error's `details` under the
//! names the input schema uses for the same limits, in snake case (`minimum`, `max_length`,
//! `max_items`, ...), so a client can correct the value without reading the message; the
//! message says the same in words.
//!
//! Free text (a video link, a query, a chapter title, a cursor) must not hold control
//! characters, tab and line breaks aside, nor the bidirectional embeddings, overrides and
//! isolates (U+202A to U+202E, U+2066 to U+2069) that make text display in another order than
//! it is read: no video link, query or title needs them, and they would be echoed into
//! messages a person reads. The marks a right-to-left script may carry (U+200E, U+200F,
//! U+061C) stay allowed, as does any script and emoji. Video references are held to their
//! length only: [`crate::video_id`] drops the control and invisible characters that pasting
//! leaves in a link, and then accepts nothing but an exact id on a YouTube host, so a bidi
//! override in one is refused as "neither a video id nor a link". Language codes, words such
//! as `format` and times accept only their own few characters anyway.

use serde::Serialize;
use serde_json::{Number, Value};

use crate::error::Error;

/// How much of a refused value a message repeats; a pasted page must not flood the error.
pub const MAX_ECHOED_CHARS: usize = 60;

/// What free text may not hold, in words, for messages and `details.expected`.
pub const TEXT_RULE: &str =
    "no control characters (tab and line breaks aside) and no bidirectional overrides";

/// What [`Bounds::range`] expects.
const WHOLE_NUMBER: &str = "a whole number";

/// The bidirectional embeddings, overrides (U+202A to U+202E) and isolates (U+2066 to U+2069).
const BIDI_CONTROLS: [char; 9] = [
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

/// Every limit of one parameter, as reported in `details`; unset limits are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Bounds {
    /// The smallest number accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Number>,
    /// The largest number accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Number>,
    /// The number must be greater than this (an `end` after its `start`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclusive_minimum: Option<Number>,
    /// The number must be less than this (a `start` before the transcript ends).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclusive_maximum: Option<Number>,
    /// The fewest characters accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<usize>,
    /// The most characters accepted (Unicode scalar values, as JSON Schema counts them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    /// The fewest entries a list may have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<usize>,
    /// The most entries a list may have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<usize>,
    /// Whether a list's entries must differ.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unique_items: bool,
    /// The words accepted, when the parameter takes one of a few.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub allowed: &'static [&'static str],
    /// The accepted form in words, when numbers do not say it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<&'static str>,
    /// What was sent: the number, the length, the count, or the refused character.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub got: Option<Value>,
}

impl Bounds {
    /// A whole number from `minimum` to `maximum`.
    pub fn range(minimum: u64, maximum: u64) -> Self {
        let (minimum, maximum) = (Some(minimum.into()), Some(maximum.into()));
        Self { minimum, maximum, expected: Some(WHOLE_NUMBER), ..Self::default() }
    }

    /// Text of at most `max_length` characters.
    pub fn text(max_length: usize) -> Self {
        Self { max_length: Some(max_length), ..Self::default() }
    }

    /// One of `allowed`.
    pub fn one_of(allowed: &'static [&'static str]) -> Self {
        Self { allowed, ..Self::default() }
    }

    /// The accepted form, in words.
    pub fn expecting(mut self, expected: &'static str) -> Self {
        self.expected = Some(expected);
        self
    }

    /// What was sent.
    pub fn got(mut self, got: impl Into<Value>) -> Self {
        self.got = Some(got.into());
        self
    }

    /// What is allowed, in words: `a whole number between 1 and 100`, `one of any, all`.
    pub fn describe(&self) -> String {
        let mut lead: Vec<String> = Vec::new();
        if !self.allowed.is_empty() {
            lead.push(format!("one of {}", self.allowed.join(", ")));
        }
        lead.extend(self.expected.map(str::to_owned));
        lead.extend(self.range_words());

        let mut parts = vec![lead.join(" ")];
        if let Some(max) = self.max_length {
            parts.push(format!("at most {max} characters"));
        }
        if let (Some(min), Some(max)) = (self.min_items, self.max_items) {
            let each = if self.unique_items { ", each once" } else { "" };
            parts.push(format!("{min} to {max} entries{each}"));
        } else if let Some(max) = self.max_items {
            parts.push(format!("at most {max} entries"));
        }
        parts.retain(|part| !part.is_empty());
        parts.join(", ")
    }

    /// The numeric limits in words.
    fn range_words(&self) -> Vec<String> {
        let mut words = Vec::new();
        match (&self.minimum, &self.maximum) {
            (Some(min), Some(max)) => words.push(format!("between {min} and {max}")),
            (Some(min), None) => words.push(format!("at least {min}")),
            (None, Some(max)) => words.push(format!("at most {max}")),
            (None, None) => {}
        }
        words.extend(self.exclusive_minimum.as_ref().map(|n| format!("greater than {n}")));
        words.extend(self.exclusive_maximum.as_ref().map(|n| format!("less than {n}")));
        words
    }
}

/// Checks free text against its parameter's `max_length` and the character rule.
///
/// # Errors
/// `invalid_input` for `parameter` with `bounds`, when the text is longer than
/// `bounds.max_length` characters or holds a refused character.
pub fn check_text(parameter: &str, text: &str, bounds: &Bounds) -> Result<(), Error> {
    let length = text.chars().count();
    if let Some(max) = bounds.max_length.filter(|max| length > *max) {
        let problem =
            format!("{} has {length} characters; expected at most {max} characters", echo(text));
        return Err(Error::out_of_bounds(parameter, problem, bounds.clone().got(length)));
    }

    if let Some((at, refused)) = text.chars().enumerate().find(|(_, c)| is_refused(*c)) {
        let code = format!("U+{:04X}", u32::from(refused));
        let problem = format!(
            "{} holds the character {code} at position {}; expected text with {TEXT_RULE}",
            echo(text),
            at + 1
        );
        return Err(Error::out_of_bounds(parameter, problem, bounds.clone().got(code)));
    }
    Ok(())
}

/// Whether free text may not hold `c`.
pub fn is_refused(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || BIDI_CONTROLS.contains(&c)
}

/// A value for a message: quoted, escaped (controls and bidi characters become `\u{..}`) and
/// cut to [`MAX_ECHOED_CHARS`] characters.
pub fn echo(value: &str) -> String {
    let mut chars = value.chars();
    let shown: String = chars.by_ref().take(MAX_ECHOED_CHARS).collect();
    let cut = if chars.next().is_some() { "…" } else { "" };
    format!("`{}{cut}`", shown.escape_debug())
}

/// A number for a message: whole numbers without a fraction, huge ones in exponent form
/// (`1e+300`, not three hundred digits).
pub fn show_number(value: f64) -> String {
    match number_value(value) {
        Value::Number(number) => number.to_string(),
        _ => value.to_string(),
    }
}

/// A number for `details`, whole numbers as integers; `null` for a value JSON cannot hold
/// (infinity, which no client can send).
pub fn number_value(value: f64) -> Value {
    // Below 2^53 every whole f64 is an exact integer, so the cast loses nothing.
    let exact_integer = value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0;
    match Number::from_f64(value) {
        Some(_) if exact_integer => Value::from(value as i64),
        Some(number) => Value::Number(number),
        None => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Only the limits that are set appear, under their schema names.
    #[test]
    fn bounds_serialise_only_what_is_set() {
        let bounds = Bounds::range(1, 100).got(500);
        let value = serde_json::to_value(&bounds).unwrap();
        let expected = json!({ "minimum": 1, "maximum": 100, "expected": "a whole number",
                               "got": 500 });
        assert_eq!(value, expected);

        let words = Bounds::one_of(&["any", "all"]).expecting("a mode");
        let value = serde_json::to_value(&words).unwrap();
        assert_eq!(value, json!({ "allowed": ["any", "all"], "expected": "a mode" }));
    }

    /// The description names every limit that is set.
    #[test]
    fn bounds_describe_what_is_allowed() {
        assert_eq!(Bounds::range(1, 100).describe(), "a whole number between 1 and 100");
        assert_eq!(Bounds::one_of(&["any", "all"]).describe(), "one of any, all");
        let list = Bounds {
            min_items: Some(1),
            max_items: Some(50),
            unique_items: true,
            ..Bounds::text(2_000)
        };
        assert_eq!(list.describe(), "at most 2000 characters, 1 to 50 entries, each once");
    }

    /// Any script and emoji pass; controls and bidi overrides do not.
    #[test]
    fn text_in_any_script_passes_and_controls_do_not() {
        let bounds = Bounds::text(50);
        for fine in ["café", "東京 タワー", "שלום\u{200F} עולם", "مرحبا", "🎉 party", "a\tb\nc\r"]
        {
            assert!(check_text("query", fine, &bounds).is_ok(), "{fine}");
        }
        for (bad, code) in [("a\0b", "U+0000"), ("\u{7}", "U+0007"), ("x\u{1b}[31m", "U+001B")] {
            let error = check_text("query", bad, &bounds).expect_err(bad);
            assert_eq!(error.details()["got"], code, "{bad:?}");
        }
        let error = check_text("query", "abc\u{202E}fed", &bounds).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid query: `abc\\u{202e}fed` holds the character U+202E at position 4; \
             expected text with no control characters (tab and line breaks aside) and no \
             bidirectional overrides"
        );
        assert!(check_text("query", "\u{85}", &bounds).is_err(), "C1 controls are refused");
    }

    /// Length counts characters, not bytes, and the error says the length and the limit.
    #[test]
    fn length_counts_characters() {
        let bounds = Bounds::text(3);
        assert!(check_text("chapter", "日本語", &bounds).is_ok());
        let error = check_text("chapter", "日本語だ", &bounds).unwrap_err();
        assert_eq!(error.details(), json!({ "parameter": "chapter", "max_length": 3, "got": 4 }));
        assert!(error.to_string().contains("has 4 characters; expected at most 3"), "{error}");
    }

    /// Echoes are cut and escaped; numbers are short.
    #[test]
    fn echoes_and_numbers_stay_short() {
        let long = "x".repeat(5_000);
        assert_eq!(echo(&long).chars().count(), MAX_ECHOED_CHARS + 3);
        assert_eq!(echo("a\u{0}"), "`a\\0`");
        assert_eq!(show_number(1e300), "1e+300");
        assert_eq!(show_number(90.0), "90");
        assert_eq!(show_number(-2.5), "-2.5");
        assert_eq!(number_value(3.0), json!(3));
        assert_eq!(number_value(2.5), json!(2.5));
    }
}
