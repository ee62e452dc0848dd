//! Folding text into search terms, by the same rules for transcripts and queries.
//!
//! A term is a run of letters and digits after three steps: compatibility decomposition
//! (Unicode NFKD, so full-width `ＡＢＣ` reads `ABC` and the ligature `ﬁ` reads `fi`), dropping
//! combining marks (so `é` matches `e`), and lower-casing. A few letters that do not decompose
//! are folded by hand (`ß` to `ss`, `ø` to `o`, `ł` to `l`...). Anything else separates terms:
//! `don't` is the two terms `don t`, and a query word that folds into several terms is matched
//! as a phrase, so `don't` still finds `don't` and `l'école` contains the term `ecole`.
//!
//! Han, kana and Thai are written without spaces between words: each of their characters is a
//! term of its own, so a word in those scripts is found as a phrase of characters.
//!
//! Text inside square brackets (`[Music]`) is a sound cue. Its terms carry a `[` prefix, so
//! they match only a query that brackets them too: `music` does not find `[Music]`.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// The prefix of a term read inside square brackets.
pub const SOUND_PREFIX: char = '[';

/// Calls `emit` with each term of `text`, in order.
pub fn for_each_term(text: &str, mut emit: impl FnMut(&str)) {
    let mut term = Term::default();
    for c in text.chars() {
        match c {
            '[' => {
                term.flush(&mut emit);
                term.sound = true;
            }
            ']' => {
                term.flush(&mut emit);
                term.sound = false;
            }
            _ => fold_char(c, |folded| term.push(folded, &mut emit)),
        }
    }
    term.flush(&mut emit);
}

/// The terms of `text`, in order.
pub fn terms(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for_each_term(text, |term| terms.push(term.to_owned()));
    terms
}

/// The term being read, and whether it sits inside brackets.
#[derive(Default)]
struct Term {
    text: String,
    sound: bool,
}

impl Term {
    fn push(&mut self, c: char, emit: &mut impl FnMut(&str)) {
        if is_unspaced(c) && c.is_alphanumeric() {
            self.flush(emit);
            self.append(c);
            self.flush(emit);
        } else if c.is_alphanumeric() {
            self.append(c);
        } else {
            self.flush(emit);
        }
    }

    fn append(&mut self, c: char) {
        if self.text.is_empty() && self.sound {
            self.text.push(SOUND_PREFIX);
        }
        self.text.push(c);
    }

    fn flush(&mut self, emit: &mut impl FnMut(&str)) {
        if !self.text.is_empty() {
            emit(&self.text);
            self.text.clear();
        }
    }
}

/// Sends the folded form of `c` (none, one or more characters) to `sink`.
fn fold_char(c: char, mut sink: impl FnMut(char)) {
    if c.is_ascii() {
        sink(c.to_ascii_lowercase());
        return;
    }
    // Hangul syllables decompose into jamo, which carry no accents: keep them whole.
    if ('\u{AC00}'..='\u{D7A3}').contains(&c) {
        sink(c);
        return;
    }
    decompose_compatible(c, |part| {
        // Lower-casing can itself yield a mark (`İ` becomes `i` and a combining dot).
        for lower in part.to_lowercase().filter(|l| !is_combining_mark(*l)) {
            fold_letter(lower, &mut sink);
        }
    });
}

/// Letters with no decomposition to a base letter, folded to the letters people type.
fn fold_letter(c: char, sink: &mut impl FnMut(char)) {
    match c {
        'ß' => "ss".chars().for_each(sink),
        'æ' => "ae".chars().for_each(sink),
        'œ' => "oe".chars().for_each(sink),
        'ς' => sink('σ'),
        'ı' => sink('i'),
        'ø' => sink('o'),
        'ł' => sink('l'),
        'đ' => sink('d'),
        _ => sink(c),
    }
}

/// Scripts written without spaces between words: Thai, kana and Han.
fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0E7F}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_accents_and_width_fold_away() {
        assert_eq!(terms("ÉCOLE Fermée"), ["ecole", "fermee"]);
        assert_eq!(terms("ＲＵＳＴ ２０２４"), ["rust", "2024"]);
        assert_eq!(terms("ﬁnal Straße ΟΔΥΣΣΕΥΣ"), ["final", "strasse", "οδυσσευσ"]);
        assert_eq!(terms("İstanbul København Łódź"), ["istanbul", "kobenhavn", "lodz"]);
    }

    #[test]
    fn punctuation_separates_terms() {
        assert_eq!(terms("don't stop—l'école, 3.5"), ["don", "t", "stop", "l", "ecole", "3", "5"]);
        assert_eq!(terms("  \n "), Vec::<String>::new());
    }

    #[test]
    fn bracketed_words_are_sound_terms() {
        assert_eq!(
            terms("[Music] so [wind blowing] ok"),
            ["[music", "so", "[wind", "[blowing", "ok"]
        );
        assert_eq!(terms("[Applause"), ["[applause"]);
    }

    #[test]
    fn unspaced_scripts_yield_one_term_per_character() {
        assert_eq!(terms("東京タワー"), ["東", "京", "タ", "ワ", "ー"]);
        // Half-width katakana decomposes to the full-width letters.
        assert_eq!(terms("ﾀﾜｰ"), ["タ", "ワ", "ー"]);
        assert_eq!(terms("한국어 문장"), ["한국어", "문장"]);
    }
}
