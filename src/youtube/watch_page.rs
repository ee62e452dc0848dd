//! Facts read from a watch page's HTML (`GET /watch?v=`), without a full HTML parse.
//!
//! The page tells us four things: whether YouTube served an interstitial instead (the EU
//! cookie-consent form, or the "unusual traffic" captcha), the innertube API key the player
//! request needs, the embedded `ytInitialPlayerResponse`, the only no-key source of the
//! microformat (publish date), and the chapter markers of `ytInitialData` (`initial_data`).
//! Pages run to about 1 MB, so each marker is found with one forward `str::find`, the captcha
//! is looked for only when the key is missing, and each embedded object is decoded by a
//! streaming JSON reader that stops at its closing brace.

mod initial_data;
#[cfg(test)]
mod tests;

use serde_json::Value;

pub use initial_data::PageChapters;

use crate::video_id::VideoId;
use crate::youtube::{PageFacts, player};

/// The form a consent interstitial posts to; its presence means we did not get the video page.
const CONSENT_FORM_MARKER: &str = r#"action="https://consent.youtube.com/s""#;

/// The hidden input whose value becomes the `CONSENT=YES+<v>` cookie.
const CONSENT_VALUE_INPUT: &str = r#"name="v" value=""#;

/// The widget of the "unusual traffic from your computer network" page.
const CAPTCHA_MARKER: &str = r#"class="g-recaptcha""#;

const API_KEY_NAME: &str = "INNERTUBE_API_KEY";

const PLAYER_VARIABLE: &str = "ytInitialPlayerResponse";

/// What YouTube served for a watch URL.
#[derive(Debug, Clone, PartialEq)]
pub enum WatchPage {
    /// The EU cookie-consent interstitial. `v` is its hidden `v` input, the value to send as
    /// cookie `CONSENT=YES+<v>`; `None` when the form has no such input.
    Consent { v: Option<String> },
    /// The captcha page YouTube shows an address it considers abusive (and no API key).
    Captcha,
    /// A watch page: the innertube key, the embedded player answer and the chapter markers,
    /// each when found.
    Page { api_key: Option<String>, embedded_player: Option<Value>, chapters: Option<PageChapters> },
}

/// Classifies a watch page's HTML and reads what later requests need from it.
pub fn parse_watch_page(html: &str) -> WatchPage {
    if let Some(form_at) = html.find(CONSENT_FORM_MARKER) {
        return WatchPage::Consent { v: consent_value(&html[form_at..]) };
    }

    let api_key = innertube_api_key(html);
    if api_key.is_none() && html.contains(CAPTCHA_MARKER) {
        return WatchPage::Captcha;
    }
    let chapters = initial_data::page_chapters(html);
    WatchPage::Page { api_key, embedded_player: embedded_object(html, PLAYER_VARIABLE), chapters }
}

/// What a watch page says about `requested`: facts about another video are left out.
pub fn page_facts(
    embedded_player: Option<&Value>,
    chapters: Option<PageChapters>,
    requested: &VideoId,
) -> PageFacts {
    let published = embedded_player.and_then(|p| published_date(p, requested));
    let chapters = chapters.and_then(|c| c.about(requested)).unwrap_or_default();
    PageFacts { published, chapters }
}

/// The embedded player's publish date (`YYYY-MM-DD`), only when that player answer is about
/// `requested`: a page fetched for one id must not date another.
pub fn published_date(embedded_player: &Value, requested: &VideoId) -> Option<String> {
    let about = embedded_player.pointer("/videoDetails/videoId").and_then(Value::as_str);
    if about != Some(requested.as_str()) {
        return None;
    }
    player::publish_date(embedded_player)
}

/// The hidden `v` input of the consent form, HTML entities decoded.
fn consent_value(form: &str) -> Option<String> {
    let start = form.find(CONSENT_VALUE_INPUT)? + CONSENT_VALUE_INPUT.len();
    let length = form[start..].find('"')?;
    Some(html_escape::decode_html_entities(&form[start..start + length]).into_owned())
}

/// The first well-formed `INNERTUBE_API_KEY` value, in plain (`"INNERTUBE_API_KEY":"…"`) or
/// JSON-in-a-string (`INNERTUBE_API_KEY\":\"…\"`) form.
fn innertube_api_key(html: &str) -> Option<String> {
    let mut rest = html;
    while let Some(found) = rest.find(API_KEY_NAME) {
        rest = &rest[found + API_KEY_NAME.len()..];
        if let Some(key) = key_value(rest) {
            return Some(key.to_owned());
        }
    }
    None
}

/// The key that follows the name, when it is `[A-Za-z0-9_-]+` and properly closed.
fn key_value(after_name: &str) -> Option<&str> {
    let (value, closing) = match after_name.strip_prefix("\":") {
        Some(plain) => (plain.trim_start().strip_prefix('"')?, "\""),
        None => (after_name.strip_prefix(r#"\":\""#)?, r#"\""#),
    };

    let is_key_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let length = value.find(|c: char| !is_key_char(c))?;
    let key = &value[..length];
    (!key.is_empty() && value[length..].starts_with(closing)).then_some(key)
}

/// The object assigned by `variable = {…};` (`ytInitialPlayerResponse`, `ytInitialData`),
/// decoded exactly to its end.
fn embedded_object(html: &str, variable: &str) -> Option<Value> {
    let mut rest = html;
    while let Some(found) = rest.find(variable) {
        rest = &rest[found + variable.len()..];
        let Some(object) = assigned_object(rest) else {
            continue;
        };

        // A stream decoder reads one value and stops at its closing brace, whatever follows
        // (`;</script>`, more script); a regex up to `};` would cut at the first nested `};`.
        match serde_json::Deserializer::from_str(object).into_iter::<Value>().next() {
            Some(Ok(object)) => return Some(object),
            Some(Err(error)) => tracing::warn!(%error, variable, "embedded object unreadable"),
            None => {}
        }
    }
    None
}

/// The text from the `{` of `= {`, when the name is followed by an assignment of an object.
fn assigned_object(after_name: &str) -> Option<&str> {
    let value = after_name.trim_start().strip_prefix('=')?.trim_start();
    value.starts_with('{').then_some(value)
}
