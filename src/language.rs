//! Language codes as callers write them, compared with the codes YouTube spells.
//!
//! YouTube still uses some retired ISO 639 codes (`iw` for Hebrew, `in` for Indonesian, `ji`,
//! `jw`, `tl`), while callers usually write the current ones (`he`, `id`, `yi`, `jv`, `fil`);
//! either spelling names the same language, in both directions. A code matches YouTube's code
//! exactly (`en` and `en`, `he` and `iw`), as a regional variant (`en` and `en-GB`, `pt-BR` and
//! `pt`), or not at all. Answers always echo YouTube's own code, never the caller's spelling.

use crate::bounds::{self, Bounds, echo};
use crate::error::Error;

/// Retired codes YouTube still serves, each with the current code of the same language.
const LEGACY_ALIASES: [(&str, &str); 5] =
    [("iw", "he"), ("in", "id"), ("ji", "yi"), ("jw", "jv"), ("tl", "fil")];

/// The longest code accepted: `zh-Hant-TW` has 10 characters, and no YouTube code has more
/// than 16.
pub const MAX_CODE_LEN: usize = 16;

/// What a language code looks like, for messages and `details.expected`.
const CODE_FORM: &str = "a language code such as en or pt-BR";

/// The two-letter codes of ISO 639-1, with the retired ones YouTube or old clients still use
/// (`in`, `iw`, `ji`, `jw`, `mo`, `sh`), sorted for binary search. Three-letter codes are
/// too many to list (YouTube serves `fil`, `haw`, `ceb`...), so only their shape is checked.
const TWO_LETTER_CODES: [&str; 190] = [
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "in", "io", "is", "it", "iu", "iw", "ja", "ji", "jv", "jw",
    "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la",
    "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mo", "mr",
    "ms", "mt", "my", "na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj",
    "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc",
    "sd", "se", "sg", "sh", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv",
    "sw", "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug",
    "uk", "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// A language code from a caller, shaped as BCP 47 writes it: a language of two letters
/// (a known ISO 639-1 code) or three, then subtags of letters and digits after `-` (`pt-BR`,
/// `zh-Hant`, `es-419`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LanguageCode(String);

impl LanguageCode {
    /// Checks a code given for `parameter`; the case is kept as written.
    ///
    /// # Errors
    /// `invalid_input` for `parameter` with [`code_bounds`] when the value is empty, longer
    /// than [`MAX_CODE_LEN`], not shaped like a language code, or a two-letter code that names
    /// no language.
    pub fn parse(parameter: &str, raw: &str) -> Result<Self, Error> {
        let code = raw.trim();
        bounds::check_text(parameter, code, &code_bounds())?;
        let refuse = |why: &str| {
            let problem = format!("{} {why}; expected {CODE_FORM}", echo(code));
            Error::out_of_bounds(parameter, problem, code_bounds().got(code))
        };

        let mut subtags = code.split('-');
        let language = subtags.next().unwrap_or_default();
        if language.len() > 3 && language.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(refuse("is a language name, not a code"));
        }
        let subtags_ok =
            subtags.all(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric()));
        let language_ok =
            (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_alphabetic());
        if !(language_ok && subtags_ok) {
            return Err(refuse("is not a language code"));
        }
        if language.len() == 2 && !is_known_two_letter(language) {
            return Err(refuse("names no language"));
        }
        Ok(Self(code.to_owned()))
    }

    /// The code as the caller wrote it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The limits of a language code, as an error reports them.
pub fn code_bounds() -> Bounds {
    Bounds::text(MAX_CODE_LEN).expecting(CODE_FORM)
}

/// Whether a two-letter language subtag is an ISO 639-1 code (in any case).
fn is_known_two_letter(language: &str) -> bool {
    TWO_LETTER_CODES.binary_search(&language.to_ascii_lowercase().as_str()).is_ok()
}

/// How closely one of YouTube's codes matches the requested one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Closeness {
    /// The same language and region (a legacy alias counts as the same language).
    Exact,
    /// The same language in another region, or with or without a region.
    Variant,
}

/// How `offered` (YouTube's code) matches `requested`, or `None` for another language.
///
/// Case, `_` versus `-`, and legacy aliases make no difference.
pub fn closeness(requested: &str, offered: &str) -> Option<Closeness> {
    let (wanted_base, wanted_region) = split(requested);
    let (offered_base, offered_region) = split(offered);

    if wanted_base != offered_base {
        return None;
    }
    Some(if wanted_region == offered_region { Closeness::Exact } else { Closeness::Variant })
}

/// True when `code` names a language without a region or script (`en`, not `en-GB`).
pub fn is_bare(code: &str) -> bool {
    !code.contains(['-', '_'])
}

/// The language (current spelling, lowercase) and the rest of a code (lowercase).
fn split(code: &str) -> (String, String) {
    let lowered = code.trim().to_ascii_lowercase().replace('_', "-");
    let (base, rest) = lowered.split_once('-').unwrap_or((&lowered, ""));

    let current = LEGACY_ALIASES.iter().find(|(legacy, _)| *legacy == base);
    let base = current.map_or(base, |(_, modern)| modern);
    (base.to_owned(), rest.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Codes equal up to case and separator are exact matches.
    #[test]
    fn equal_codes_match_exactly_whatever_their_case() {
        assert_eq!(closeness("en", "en"), Some(Closeness::Exact));
        assert_eq!(closeness("EN-us", "en-US"), Some(Closeness::Exact));
        assert_eq!(closeness("pt_BR", "pt-BR"), Some(Closeness::Exact));
    }

    /// Each legacy code and its current spelling name the same language, both ways.
    #[test]
    fn legacy_aliases_match_both_ways() {
        let pairs = [("he", "iw"), ("id", "in"), ("yi", "ji"), ("jv", "jw"), ("fil", "tl")];
        for (current, legacy) in pairs {
            assert_eq!(closeness(current, legacy), Some(Closeness::Exact), "{current}");
            assert_eq!(closeness(legacy, current), Some(Closeness::Exact), "{legacy}");
        }
        assert_eq!(closeness("he-IL", "iw-IL"), Some(Closeness::Exact));
        assert_eq!(closeness("he", "iw-IL"), Some(Closeness::Variant));
    }

    /// A region added, removed or changed is a variant of the same language.
    #[test]
    fn regions_make_variants() {
        assert_eq!(closeness("en", "en-GB"), Some(Closeness::Variant));
        assert_eq!(closeness("en-GB", "en"), Some(Closeness::Variant));
        assert_eq!(closeness("en-GB", "en-US"), Some(Closeness::Variant));
    }

    /// Different languages, even ones sharing letters, do not match.
    #[test]
    fn other_languages_do_not_match() {
        assert_eq!(closeness("en", "de"), None);
        assert_eq!(closeness("fil", "fi"), None);
        assert_eq!(closeness("he", "hi"), None);
    }

    /// Codes are a language of two or three letters and subtags, at most 16 long.
    #[test]
    fn only_well_formed_codes_parse() {
        assert_eq!(LanguageCode::parse("language", " pt-BR ").unwrap().as_str(), "pt-BR");
        for good in ["es-419", "zh-Hant", "sr-Latn-RS", "EN", "fil", "haw", "iw", "xyz"] {
            assert_eq!(LanguageCode::parse("language", good).expect(good).as_str(), good);
        }
        let bad = [
            "",
            "en; drop",
            "419",
            "-en",
            "en-",
            "e",
            "a-very-long-language-code",
            "en_GB",
            "English",
            "xx",
            "qq-BR",
            "en\u{0}",
        ];
        for bad in bad {
            let error = LanguageCode::parse("language", bad).expect_err(bad);
            assert_eq!(error.details()["parameter"], "language", "{bad}");
            assert_eq!(error.details()["max_length"], MAX_CODE_LEN, "{bad}");
            assert_eq!(error.details()["expected"], CODE_FORM, "{bad}");
        }
        let name = LanguageCode::parse("language", "German").unwrap_err();
        assert_eq!(
            name.to_string(),
            "invalid language: `German` is a language name, not a code; expected a language \
             code such as en or pt-BR"
        );
    }

    /// Every language code in a recorded watch page (its tracks and the 150-odd languages
    /// YouTube translates into) is a valid code.
    #[test]
    fn every_code_youtube_serves_parses() {
        let page = include_str!("../tests/fixtures/youtube/watch_page_ok_GJLlxj_dtq8.html");
        let codes: Vec<&str> = page
            .split("\"languageCode\":\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert!(codes.len() > 150, "the page lists YouTube's languages: {}", codes.len());

        for code in codes {
            assert!(LanguageCode::parse("language", code).is_ok(), "{code}");
        }
    }

    /// The list of two-letter codes stays sorted, so binary search finds every entry.
    #[test]
    fn two_letter_codes_are_sorted() {
        assert!(TWO_LETTER_CODES.windows(2).all(|w| w[0] < w[1]));
        assert!(is_known_two_letter("EN") && is_known_two_letter("iw"));
    }

    /// Only codes without a subtag are bare.
    #[test]
    fn bare_codes_have_no_subtag() {
        assert!(is_bare("en"));
        assert!(!is_bare("en-GB"));
        assert!(!is_bare("zh_Hant"));
    }
}
