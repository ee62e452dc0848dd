//! YouTube's machine translation of a caption track (`tlang`), checked before any request.
//!
//! A track can be translated when YouTube marks it translatable and the player lists target
//! languages; the target must be one of them (a legacy alias counts, and YouTube's spelling
//! is what gets sent and echoed). Asking for the track's own language is not a translation:
//! YouTube answers such a request with damaged captions, so the track itself is read.

use crate::error::Error;
use crate::language::{self, Closeness, LanguageCode};
use crate::video_id::VideoId;
use crate::youtube::{CaptionTrack, Captions, TranslationLanguage};

/// The translation language with `code` (or its legacy alias), in YouTube's spelling.
pub fn find_target<'a>(captions: &'a Captions, code: &str) -> Option<&'a TranslationLanguage> {
    let exact = |target: &&TranslationLanguage| {
        language::closeness(code, &target.code) == Some(Closeness::Exact)
    };
    captions.translation_languages.iter().find(exact)
}

/// The translation to request for `track`, or `None` when `target` is its own language.
///
/// # Errors
/// [`Error::TranslationNotAvailable`] when the track cannot be translated (its `targets` are
/// then empty) or `target` is not among the translation languages (they are listed).
pub fn resolve<'a>(
    id: &VideoId,
    captions: &'a Captions,
    track: &CaptionTrack,
    target: &LanguageCode,
) -> Result<Option<&'a TranslationLanguage>, Error> {
    if language::closeness(target.as_str(), &track.language_code) == Some(Closeness::Exact) {
        return Ok(None);
    }

    let found = track.translatable.then(|| find_target(captions, target.as_str())).flatten();
    match found {
        Some(translation) => Ok(Some(translation)),
        None => Err(Error::TranslationNotAvailable {
            id: id.clone(),
            language: track.language_code.clone(),
            target: target.as_str().to_owned(),
            targets: if track.translatable { target_codes(captions) } else { Vec::new() },
        }),
    }
}

fn target_codes(captions: &Captions) -> Vec<String> {
    captions.translation_languages.iter().map(|language| language.code.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::youtube::TrackKind;

    fn id() -> VideoId {
        VideoId::from_bare("GJLlxj_dtq8").expect("a valid id")
    }

    fn track(code: &str, translatable: bool) -> CaptionTrack {
        CaptionTrack {
            language_code: code.to_owned(),
            language_name: code.to_owned(),
            kind: TrackKind::Manual,
            translatable,
            base_url: String::new(),
            po_token_required: false,
        }
    }

    fn captions(targets: &[&str]) -> Captions {
        let translation_languages = targets
            .iter()
            .map(|code| TranslationLanguage { code: (*code).to_owned(), name: code.to_uppercase() })
            .collect();
        Captions { tracks: vec![], translation_languages, default_track: None }
    }

    fn code(raw: &str) -> LanguageCode {
        LanguageCode::parse("translate_to", raw).expect("a code")
    }

    /// A listed target is chosen in YouTube's spelling, found through its current alias.
    #[test]
    fn a_listed_target_is_echoed_in_youtube_spelling() {
        let captions = captions(&["de", "iw", "fr"]);
        let en = track("en", true);

        let german = resolve(&id(), &captions, &en, &code("DE")).expect("de is listed");
        assert_eq!(german.map(|t| t.code.as_str()), Some("de"));
        let hebrew = resolve(&id(), &captions, &en, &code("he")).expect("he is iw");
        assert_eq!(hebrew.map(|t| t.code.as_str()), Some("iw"));
    }

    /// Asking for the track's own language reads the track untranslated.
    #[test]
    fn the_tracks_own_language_needs_no_translation() {
        let captions = captions(&["de"]);
        let same = resolve(&id(), &captions, &track("en", true), &code("en")).expect("no error");
        assert!(same.is_none());
        let alias = resolve(&id(), &captions, &track("iw", false), &code("he")).expect("no error");
        assert!(alias.is_none());
    }

    /// An unlisted target is refused with the list of valid targets.
    #[test]
    fn an_unlisted_target_lists_the_valid_ones() {
        let error = resolve(&id(), &captions(&["de", "fr"]), &track("en", true), &code("xyz"))
            .expect_err("xyz is not listed");

        assert_eq!(error.details()["available_targets"], serde_json::json!(["de", "fr"]));
        assert_eq!(error.details()["source_language"], "en");
        assert_eq!(error.details()["requested"], "xyz");
    }

    /// A track YouTube does not translate has no valid target at all.
    #[test]
    fn an_untranslatable_track_has_no_targets() {
        let error = resolve(&id(), &captions(&["de"]), &track("ar", false), &code("de"))
            .expect_err("not translatable");
        assert_eq!(error.details()["available_targets"], serde_json::json!([]));
    }

    /// A regional variant is not the same target: the caller gets the list instead.
    #[test]
    fn a_variant_is_not_a_listed_target() {
        assert!(find_target(&captions(&["pt"]), "pt-BR").is_none());
        assert!(find_target(&captions(&["zh-Hant"]), "zh-hant").is_some());
    }
}
