//! Language codes as callers write them, compared with the codes YouTube spells.
//!
//! YouTube still uses some retired ISO 639 codes (`iw` for Hebrew, `in` for Indonesian, `ji`,
//! `jw`, `tl`), while callers usually write the current ones (`he`, `id`, `yi`, `jv`, `fil`);
//! either spelling names the same language, in both directions. A code matches YouTube's code
//! exactly (`en` and `en`, `he` and `iw`), as a regional variant (`en` and `en-GB`, `pt-BR` and
//! `pt`), or not at all. Answers always echo YouTube's own code, never the caller's spelling.

use crate::error::Error;

/// Retired codes YouTube still serves, each with the current code of the same language.
const LEGACY_ALIASES: [(&str, &str); 5] =
    [("iw", "he"), ("in", "id"), ("ji", "yi"), ("jw", "jv"), ("tl", "fil")];

/// The longest code accepted: `zh-Hant-TW` has 10 characters, and no YouTube code has more
/// than 16.
pub const MAX_CODE_LEN: usize = 16;

/// A language code from a caller: letters, digits and `-`, starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LanguageCode(String);

impl LanguageCode {
    /// Checks the shape of a code given for `parameter`; the case is kept as written.
    ///
    /// # Errors
    /// `invalid_input` for `parameter` when the value is empty, too long, or holds anything
    /// but ASCII letters, digits and `-` (or does not start with a letter).
    pub fn parse(parameter: &str, raw: &str) -> Result<Self, Error> {
        let code = raw.trim();
        let starts_with_letter = code.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        let well_formed = code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');

        if !(starts_with_letter && well_formed && code.len() <= MAX_CODE_LEN) {
            let problem = format!("`{code}` is not a language code such as en, de or pt-BR");
            return Err(Error::invalid_input(parameter, problem));
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

    /// Codes are letters, digits and dashes, starting with a letter, at most 16 long.
    #[test]
    fn only_well_formed_codes_parse() {
        assert_eq!(LanguageCode::parse("language", " pt-BR ").unwrap().as_str(), "pt-BR");
        assert_eq!(LanguageCode::parse("language", "es-419").unwrap().as_str(), "es-419");
        for bad in ["", "en; drop", "419", "-en", "a-very-long-language-code"] {
            let error = LanguageCode::parse("language", bad).expect_err(bad);
            assert_eq!(error.details()["parameter"], "language", "{bad}");
        }
    }

    /// Only codes without a subtag are bare.
    #[test]
    fn bare_codes_have_no_subtag() {
        assert!(is_bare("en"));
        assert!(!is_bare("en-GB"));
        assert!(!is_bare("zh_Hant"));
    }
}
