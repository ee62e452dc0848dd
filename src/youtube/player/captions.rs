//! `captions.playerCaptionsTracklistRenderer` as [`Captions`].
//!
//! A track YouTube lists without a URL or a language cannot be fetched or chosen, so it is
//! dropped (and logged) rather than failing the whole answer. The default track is named by
//! index into YouTube's list, so indices are remapped after any drop.

use serde_json::Value;
use url::form_urlencoded;

use super::formatted_text;
use crate::youtube::model::{CaptionTrack, Captions, TrackKind, TranslationLanguage};

/// `exp` values that mark a caption URL as needing a proof-of-origin token (yt-dlp).
const PO_TOKEN_EXPERIMENTS: [&str; 2] = ["xpe", "xpv"];

/// The caption tracks of the answer; empty when it has no `captions` section.
pub(super) fn parse(answer: &Value) -> Captions {
    let Some(renderer) = answer.pointer("/captions/playerCaptionsTracklistRenderer") else {
        return Captions::default();
    };
    let translation_languages = translation_languages(renderer);
    let can_translate = !translation_languages.is_empty();

    let listed = renderer.get("captionTracks").and_then(Value::as_array);
    let mut tracks = Vec::new();
    // For each listed index, where that track landed in `tracks` (None: dropped).
    let mut kept_at = Vec::new();
    for (index, entry) in listed.into_iter().flatten().enumerate() {
        let kept = track(index, entry, can_translate);
        kept_at.push(kept.is_some().then_some(tracks.len()));
        tracks.extend(kept);
    }

    let default_track = default_index(renderer).and_then(|index| kept_at.get(index).copied()?);
    Captions { tracks, translation_languages, default_track }
}

/// One `captionTracks` entry, or `None` (logged) when it lacks `baseUrl` or `languageCode`.
fn track(index: usize, entry: &Value, can_translate: bool) -> Option<CaptionTrack> {
    let string = |field: &str| entry.get(field).and_then(Value::as_str).filter(|s| !s.is_empty());
    let (Some(base_url), Some(language_code)) = (string("baseUrl"), string("languageCode")) else {
        tracing::warn!(index, "caption track without baseUrl or languageCode; dropped");
        return None;
    };

    let language_name = entry.get("name").and_then(formatted_text);
    let is_translatable = entry.get("isTranslatable").and_then(Value::as_bool) == Some(true);
    Some(CaptionTrack {
        language_code: language_code.to_owned(),
        language_name: language_name.unwrap_or_else(|| language_code.to_owned()),
        kind: if string("kind") == Some("asr") { TrackKind::Auto } else { TrackKind::Manual },
        translatable: is_translatable && can_translate,
        base_url: base_url.to_owned(),
        po_token_required: needs_po_token(base_url),
    })
}

/// True when the URL's query has `exp=xpe` or `exp=xpv`. The query is decoded, so `exp`
/// inside another parameter's name or value does not count.
fn needs_po_token(url: &str) -> bool {
    let Some((_, query)) = url.split_once('?') else {
        return false;
    };
    let query = query.split_once('#').map_or(query, |(query, _fragment)| query);
    form_urlencoded::parse(query.as_bytes())
        .any(|(name, value)| name == "exp" && PO_TOKEN_EXPERIMENTS.contains(&value.as_ref()))
}

fn translation_languages(renderer: &Value) -> Vec<TranslationLanguage> {
    let Some(listed) = renderer.get("translationLanguages").and_then(Value::as_array) else {
        return Vec::new();
    };
    listed.iter().filter_map(translation_language).collect()
}

fn translation_language(entry: &Value) -> Option<TranslationLanguage> {
    let code = entry.get("languageCode").and_then(Value::as_str).filter(|s| !s.is_empty());
    let Some(code) = code else {
        tracing::warn!("translation language without languageCode; dropped");
        return None;
    };
    let name = entry.get("languageName").and_then(formatted_text);
    Some(TranslationLanguage { code: code.to_owned(), name: name.unwrap_or_else(|| code.into()) })
}

/// `audioTracks[defaultAudioTrackIndex or 0].defaultCaptionTrackIndex`, as YouTube numbers it.
fn default_index(renderer: &Value) -> Option<usize> {
    let audio = renderer.get("defaultAudioTrackIndex").and_then(Value::as_u64).unwrap_or(0);
    let audio_track = renderer.get("audioTracks")?.get(usize::try_from(audio).ok()?)?;
    let caption = audio_track.get("defaultCaptionTrackIndex")?.as_u64()?;
    usize::try_from(caption).ok()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn captions(renderer: Value) -> Captions {
        parse(&json!({ "captions": { "playerCaptionsTracklistRenderer": renderer } }))
    }

    const URL: &str = "https://www.youtube.com/api/timedtext?v=GJLlxj_dtq8&lang=en";

    #[test]
    fn simple_text_names_are_read() {
        let found = captions(json!({
            "captionTracks": [{ "baseUrl": URL, "name": { "simpleText": "English" },
                                "languageCode": "en", "isTranslatable": true }],
            "translationLanguages": [
                { "languageCode": "ab", "languageName": { "simpleText": "Abkhazian" } },
            ],
        }));
        assert_eq!(found.tracks[0].language_name, "English");
        assert!(found.tracks[0].translatable);
        let abkhazian = TranslationLanguage { code: "ab".into(), name: "Abkhazian".into() };
        assert_eq!(found.translation_languages, vec![abkhazian]);
    }

    #[test]
    fn multi_run_names_are_joined() {
        let name = json!({ "runs": [{ "text": "English " }, { "text": "(auto-generated)" }] });
        let found = captions(json!({
            "captionTracks": [
                { "baseUrl": URL, "name": name, "languageCode": "en", "kind": "asr" },
            ],
        }));
        assert_eq!(found.tracks[0].language_name, "English (auto-generated)");
        assert_eq!(found.tracks[0].kind, TrackKind::Auto);
    }

    #[test]
    fn tracks_without_url_or_language_are_dropped_and_default_index_follows() {
        let found = captions(json!({
            "captionTracks": [
                { "name": { "simpleText": "No URL" }, "languageCode": "zh" },
                { "baseUrl": URL, "name": { "simpleText": "No language" } },
                { "baseUrl": URL, "name": { "simpleText": "German" }, "languageCode": "de" },
            ],
            "audioTracks": [{ "defaultCaptionTrackIndex": 2 }],
        }));
        let codes: Vec<_> = found.tracks.iter().map(|t| t.language_code.as_str()).collect();
        assert_eq!(codes, ["de"]);
        assert_eq!(found.default_track, Some(0));
    }

    #[test]
    fn default_pointing_at_a_dropped_or_missing_track_is_none() {
        let dropped = captions(json!({
            "captionTracks": [{ "languageCode": "zh" }, { "baseUrl": URL, "languageCode": "de" }],
            "audioTracks": [{ "defaultCaptionTrackIndex": 0 }],
        }));
        assert_eq!(dropped.default_track, None);

        let out_of_range = captions(json!({
            "captionTracks": [{ "baseUrl": URL, "languageCode": "de" }],
            "audioTracks": [{ "defaultCaptionTrackIndex": 5 }],
        }));
        assert_eq!(out_of_range.default_track, None);
    }

    #[test]
    fn default_audio_track_index_selects_the_audio_track() {
        let found = captions(json!({
            "captionTracks": [
                { "baseUrl": URL, "languageCode": "en" },
                { "baseUrl": URL, "languageCode": "fr" },
            ],
            "audioTracks": [{ "defaultCaptionTrackIndex": 0 }, { "defaultCaptionTrackIndex": 1 }],
            "defaultAudioTrackIndex": 1,
        }));
        assert_eq!(found.default_track, Some(1));
    }

    #[test]
    fn translatable_needs_both_the_flag_and_target_languages() {
        let without_targets = captions(json!({
            "captionTracks": [{ "baseUrl": URL, "languageCode": "ar", "isTranslatable": true }],
        }));
        assert!(!without_targets.tracks[0].translatable);

        let flag_off = captions(json!({
            "captionTracks": [{ "baseUrl": URL, "languageCode": "ar", "isTranslatable": false }],
            "translationLanguages": [
                { "languageCode": "en", "languageName": { "simpleText": "English" } },
            ],
        }));
        assert!(!flag_off.tracks[0].translatable);
    }

    #[test]
    fn po_token_markers_are_read_from_the_exp_parameter_only() {
        let base = "https://www.youtube.com/api/timedtext?v=x";
        assert!(needs_po_token(&format!("{base}&exp=xpe&lang=en")));
        assert!(needs_po_token(&format!("{base}&exp=xpv")));
        assert!(!needs_po_token(&format!("{base}&exp=xbt&lang=en")));
        assert!(!needs_po_token(&format!("{base}&sparams=exp%3Dxpe&myexp=xpe")));
        assert!(!needs_po_token(&format!("{base}&lang=en#exp=xpe")));
        assert!(!needs_po_token("https://www.youtube.com/api/timedtext"));
    }

    #[test]
    fn missing_renderer_gives_no_tracks() {
        assert_eq!(parse(&json!({ "captions": {} })), Captions::default());
    }
}
