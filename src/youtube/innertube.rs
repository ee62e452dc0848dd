//! The innertube clients the player is asked as, in order, and when to ask the next one.
//!
//! YouTube answers the same `/youtubei/v1/player` request differently per client identity:
//! one identity meets a bot check where another does not, and WEB answers often gate every
//! caption track behind a PO token where ANDROID's do not (research note, section 1.3). So the
//! client tries an ordered list and moves on when an answer is a bot check, has an unexpected
//! shape, or offers only gated tracks; any other verdict (private, not found, age gate) is the
//! video's own and is the same for every client.

use std::fmt;
use std::str::FromStr;

use serde_json::{Value, json};

use super::model::{Playability, VideoInfo};

/// The clients tried by default: ANDROID (captions without PO-token markers in the recorded
/// answers), then VISIONOS and WEB, yt-dlp's defaults at the time of the research note.
pub const DEFAULT_CLIENTS: &str = "ANDROID:20.10.38,VISIONOS:1.02,WEB:2.20260708.00.00";

/// A browser-like user agent, for the watch page and browser-like clients.
pub const BROWSER_USER_AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 \
    (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/// One innertube client identity: the name and version sent in `context.client`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InnertubeClient {
    pub name: String,
    pub version: String,
}

impl InnertubeClient {
    /// The `context` object of a player request as this client.
    pub fn context(&self) -> Value {
        json!({ "client": {
            "clientName": self.name,
            "clientVersion": self.version,
            "hl": "en",
            "timeZone": "UTC",
            "utcOffsetMinutes": 0,
        }})
    }

    /// The user agent this client would send; YouTube checks it against the client name.
    pub fn user_agent(&self) -> String {
        match self.name.as_str() {
            "ANDROID" => {
                format!("com.google.android.youtube/{} (Linux; U; Android 11) gzip", self.version)
            }
            _ => BROWSER_USER_AGENT.to_owned(),
        }
    }

    /// The numeric id sent as `X-YouTube-Client-Name`, for the clients whose id is known.
    pub fn numeric_id(&self) -> Option<&'static str> {
        let id = match self.name.as_str() {
            "WEB" => "1",
            "MWEB" => "2",
            "ANDROID" => "3",
            "IOS" => "5",
            "TVHTML5" => "7",
            "ANDROID_VR" => "28",
            "WEB_EMBEDDED_PLAYER" => "56",
            "VISIONOS" => "101",
            _ => return None,
        };
        Some(id)
    }
}

impl FromStr for InnertubeClient {
    type Err = String;

    /// Parses `NAME:VERSION`, such as `ANDROID:20.10.38`.
    fn from_str(raw: &str) -> Result<Self, String> {
        let (name, version) = raw
            .trim()
            .split_once(':')
            .ok_or_else(|| format!("`{raw}` is not NAME:VERSION (such as ANDROID:20.10.38)"))?;
        let valid_name = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if !valid_name {
            return Err(format!("`{name}` is not an innertube client name (such as ANDROID)"));
        }
        if version.is_empty() || !version.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return Err(format!("`{version}` is not a client version (such as 20.10.38)"));
        }
        Ok(Self { name: name.to_owned(), version: version.to_owned() })
    }
}

impl fmt::Display for InnertubeClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.name, self.version)
    }
}

/// Why one client's player answer should be asked of the next client instead, if it should.
pub fn fallback_reason(info: &VideoInfo) -> Option<&'static str> {
    if matches!(info.playability, Playability::BotCheck { .. }) {
        return Some("a bot check");
    }
    let tracks = &info.captions.tracks;
    if !tracks.is_empty() && tracks.iter().all(|t| t.po_token_required) {
        return Some("only PO-token-gated caption tracks");
    }
    None
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::video_id::VideoId;
    use crate::youtube::player::parse_player;

    fn answer(status: &str, reason: &str, caption_urls: &[&str]) -> VideoInfo {
        let tracks: Vec<_> = caption_urls
            .iter()
            .map(|url| {
                json!({ "baseUrl": url, "languageCode": "en",
                               "name": { "simpleText": "English" } })
            })
            .collect();
        let body = json!({
            "playabilityStatus": { "status": status, "reason": reason },
            "captions": { "playerCaptionsTracklistRenderer": { "captionTracks": tracks } },
        });
        let id = VideoId::from_bare("GJLlxj_dtq8").expect("valid");
        parse_player(&body.to_string(), &id).expect("parses")
    }

    const OPEN: &str = "https://www.youtube.com/api/timedtext?v=GJLlxj_dtq8&lang=en";
    const GATED: &str = "https://www.youtube.com/api/timedtext?v=GJLlxj_dtq8&lang=en&exp=xpe";

    #[test]
    fn a_bot_check_or_only_gated_tracks_pass_the_video_to_the_next_client() {
        let bot = answer("LOGIN_REQUIRED", "Sign in to confirm you\u{2019}re not a bot", &[]);
        assert_eq!(fallback_reason(&bot), Some("a bot check"));
        let gated = answer("OK", "", &[GATED, GATED]);
        assert_eq!(fallback_reason(&gated), Some("only PO-token-gated caption tracks"));
    }

    #[test]
    fn usable_tracks_and_the_video_s_own_verdicts_stay_with_the_first_client() {
        assert_eq!(fallback_reason(&answer("OK", "", &[GATED, OPEN])), None);
        assert_eq!(fallback_reason(&answer("OK", "", &[])), None, "captions off is the video's");
        let private = answer("LOGIN_REQUIRED", "This video is private", &[]);
        assert_eq!(fallback_reason(&private), None);
    }

    #[test]
    fn the_default_list_parses_in_order_with_android_first() {
        let clients: Vec<InnertubeClient> =
            DEFAULT_CLIENTS.split(',').map(|c| c.parse().unwrap()).collect();
        let names: Vec<&str> = clients.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["ANDROID", "VISIONOS", "WEB"]);
        assert_eq!(clients[0].version, "20.10.38");
        assert_eq!(clients[1].numeric_id(), Some("101"));
    }

    #[test]
    fn malformed_client_specs_are_refused() {
        for raw in ["ANDROID", "android:1.0", "ANDROID:", ":1.0", "WEB:2.x", "WEB:1;2"] {
            assert!(raw.parse::<InnertubeClient>().is_err(), "{raw}");
        }
    }

    #[test]
    fn android_sends_the_app_user_agent_and_others_a_browser_one() {
        let android: InnertubeClient = "ANDROID:20.10.38".parse().unwrap();
        assert_eq!(
            android.user_agent(),
            "com.google.android.youtube/20.10.38 (Linux; U; Android 11) gzip"
        );
        let web: InnertubeClient = "WEB:2.20260708.00.00".parse().unwrap();
        assert_eq!(web.user_agent(), BROWSER_USER_AGENT);
        assert_eq!(web.context()["client"]["clientName"], "WEB");
    }
}
