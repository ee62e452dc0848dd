//! `playabilityStatus` classified into a [`Playability`], once, from every marker it carries.
//!
//! YouTube states why a video cannot be played through a status code plus human wording spread
//! over `reason`, `messages` and the error screen. The code alone is too coarse (private, bot
//! check and age gate all say `LOGIN_REQUIRED`), so the wording is gathered into one normalised
//! text and matched on stable phrases. The checks run from the most specific verdict to the
//! most generic; anything unrecognised keeps YouTube's own words as
//! [`Playability::Unplayable`]. Captions never take part: a video without tracks is still
//! playable.

use serde_json::Value;

use super::{formatted_pieces, formatted_text};
use crate::youtube::dates;
use crate::youtube::model::Playability;

/// Phrases of the "Sign in to confirm you're not a bot" check; both must appear.
const BOT_CHECK_PHRASES: [&str; 2] = ["confirm you", "not a bot"];

/// yt-dlp's marker of a session YouTube is rate-limiting for up to an hour.
const RATE_LIMIT_PHRASE: &str = "this content isn't available, try again later";

const AGE_GATE_PHRASES: [&str; 3] = ["confirm your age", "inappropriate", "age-restricted"];

const AGE_GATE_STATUSES: [&str; 2] = ["AGE_CHECK_REQUIRED", "AGE_VERIFICATION_REQUIRED"];

const MEMBERS_PHRASES: [&str; 4] =
    ["members on level", "members-only", "channel's members", "join this channel"];

const REGION_PHRASES: [&str; 2] =
    ["not made this video available in your country", "not available in your country"];

/// Said when a captcha view model comes without any wording of its own.
const CAPTCHA_REASON: &str = "YouTube asked for a captcha";

/// The verdict on one player answer.
pub(super) fn classify(answer: &Value) -> Playability {
    let status = Status::read(answer);
    let upcoming = flag(answer, "/videoDetails/isUpcoming");

    if status.code == "OK" {
        return classify_playable(answer, upcoming);
    }
    if status.code == "LIVE_STREAM_OFFLINE" || upcoming {
        return Playability::Upcoming { starts_at: starts_at(answer) };
    }
    classify_refusal(answer, status)
}

/// The status code and YouTube's words, read once.
struct Status {
    /// `playabilityStatus.status`; `OK` when absent.
    code: String,
    /// The main reason, as YouTube wrote it (may be empty).
    reason: String,
    /// The error screen's subreason pieces.
    subreasons: Vec<String>,
    /// Every piece of wording, normalised by [`normalise`], for phrase matching.
    wording: String,
}

impl Status {
    fn read(answer: &Value) -> Self {
        let status = answer.get("playabilityStatus").unwrap_or(&Value::Null);
        let code = status.get("status").and_then(Value::as_str).unwrap_or("OK").to_owned();
        let screen_reason = status
            .pointer("/errorScreen/playerErrorMessageRenderer/reason")
            .and_then(formatted_text);
        let subreasons = status
            .pointer("/errorScreen/playerErrorMessageRenderer/subreason")
            .map(formatted_pieces)
            .unwrap_or_default();
        let messages = messages(status);

        let main_reason = status.get("reason").and_then(Value::as_str).map(str::to_owned);
        let reason = main_reason.clone().or(screen_reason.clone()).or(messages.first().cloned());

        let every_piece =
            main_reason.iter().chain(&screen_reason).chain(&subreasons).chain(&messages);
        let wording = every_piece.map(|piece| normalise(piece)).collect::<Vec<_>>().join("\n");
        Self { code, reason: reason.unwrap_or_default(), subreasons, wording }
    }

    fn says(&self, phrase: &str) -> bool {
        self.wording.contains(phrase)
    }

    fn says_any(&self, phrases: &[&str]) -> bool {
        phrases.iter().any(|phrase| self.says(phrase))
    }
}

/// Status `OK`: playable, unless the video is a stream that is live now or not yet started.
fn classify_playable(answer: &Value, upcoming: bool) -> Playability {
    if is_live_now(answer) {
        Playability::LiveNow
    } else if upcoming {
        Playability::Upcoming { starts_at: starts_at(answer) }
    } else {
        Playability::Ok
    }
}

/// Any status other than `OK` and `LIVE_STREAM_OFFLINE`.
fn classify_refusal(answer: &Value, status: Status) -> Playability {
    let login_required = status.code == "LOGIN_REQUIRED";
    let captcha = answer.pointer("/playabilityStatus/errorScreen/playerCaptchaViewModel");

    if captcha.is_some() {
        let reason =
            if status.reason.is_empty() { CAPTCHA_REASON.to_owned() } else { status.reason };
        return Playability::BotCheck { reason };
    }
    if status.says(RATE_LIMIT_PHRASE) {
        return Playability::RateLimited { reason: status.reason };
    }
    if status.code == "ERROR" {
        return Playability::NotFound;
    }
    if login_required && BOT_CHECK_PHRASES.iter().all(|phrase| status.says(phrase)) {
        return Playability::BotCheck { reason: status.reason };
    }
    if login_required && status.says("private") {
        return Playability::Private;
    }
    classify_restriction(answer, status)
}

/// The refusals that keep metadata: age gate, membership, region; else YouTube's own words.
fn classify_restriction(answer: &Value, status: Status) -> Playability {
    let age_gate_reason = answer.pointer("/playabilityStatus/desktopLegacyAgeGateReason");
    let age_gated = age_gate_reason.is_some_and(is_truthy)
        || AGE_GATE_STATUSES.contains(&status.code.as_str())
        || status.says_any(&AGE_GATE_PHRASES);

    if age_gated {
        Playability::AgeRestricted { reason: status.reason }
    } else if status.says_any(&MEMBERS_PHRASES) {
        Playability::MembersOnly { reason: status.reason }
    } else if status.says_any(&REGION_PHRASES) {
        Playability::RegionBlocked { reason: status.reason }
    } else {
        let Status { code, reason, subreasons, .. } = status;
        Playability::Unplayable { status: code, reason, subreasons }
    }
}

/// Live now: `videoDetails.isLive`, the live-streamability renderer's own `isLive`, or the
/// microformat's `liveBroadcastDetails.isLiveNow` (WEB answers).
fn is_live_now(answer: &Value) -> bool {
    flag(answer, "/videoDetails/isLive")
        || flag(answer, "/playabilityStatus/liveStreamability/liveStreamabilityRenderer/isLive")
        || flag(answer, "/microformat/playerMicroformatRenderer/liveBroadcastDetails/isLiveNow")
}

/// The scheduled start in UTC: the offline slate's Unix seconds, else the microformat's
/// `startTimestamp`.
fn starts_at(answer: &Value) -> Option<String> {
    let slate = "/playabilityStatus/liveStreamability/liveStreamabilityRenderer/offlineSlate\
                 /liveStreamOfflineSlateRenderer/scheduledStartTime";
    let broadcast = "/microformat/playerMicroformatRenderer/liveBroadcastDetails/startTimestamp";

    let from_slate = answer.pointer(slate).and_then(Value::as_str);
    let from_microformat = answer.pointer(broadcast).and_then(Value::as_str);
    from_slate
        .and_then(dates::utc_from_unix_seconds)
        .or_else(|| from_microformat.and_then(dates::utc_from_rfc3339))
}

/// `playabilityStatus.messages`: plain strings in the recorded answers, formatted strings
/// tolerated.
fn messages(status: &Value) -> Vec<String> {
    let Some(messages) = status.get("messages").and_then(Value::as_array) else {
        return Vec::new();
    };
    messages
        .iter()
        .filter_map(|message| {
            message.as_str().map(str::to_owned).or_else(|| formatted_text(message))
        })
        .collect()
}

fn flag(answer: &Value, pointer: &str) -> bool {
    answer.pointer(pointer).and_then(Value::as_bool) == Some(true)
}

/// Truthy as the web player reads it: `true`, a non-zero number, a non-empty string.
fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Bool(flag) => *flag,
        Value::Number(number) => number.as_f64().is_some_and(|n| n != 0.0),
        Value::String(text) => !text.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
        Value::Null => false,
    }
}

/// Lower case, typographic quotes and non-breaking spaces made plain, so that
/// `you’re` (U+2019, as YouTube writes it) matches `you're`.
fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{00a0}' | '\u{202f}' => ' ',
            other => other,
        })
        .collect::<String>()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn status(playability_status: Value) -> Playability {
        classify(&json!({ "playabilityStatus": playability_status }))
    }

    #[test]
    fn missing_playability_status_means_playable() {
        assert_eq!(classify(&json!({ "videoDetails": { "videoId": "abc" } })), Playability::Ok);
    }

    #[test]
    fn private_video_is_private() {
        let verdict = status(json!({
            "status": "LOGIN_REQUIRED",
            "reason": "This video is private",
            "messages": ["This is a private video. Please sign in to verify that you may see it."],
        }));
        assert_eq!(verdict, Playability::Private);
    }

    #[test]
    fn private_wording_only_in_messages_is_enough() {
        let verdict = status(json!({
            "status": "LOGIN_REQUIRED",
            "messages": ["This is a private video. Please sign in to verify that you may see it."],
        }));
        assert_eq!(verdict, Playability::Private);
    }

    #[test]
    fn music_premium_video_is_unplayable_with_its_reason() {
        let reason = "This video is only available to Music Premium members";
        let verdict = status(json!({ "status": "UNPLAYABLE", "reason": reason }));
        let expected = Playability::Unplayable {
            status: "UNPLAYABLE".into(),
            reason: reason.into(),
            subreasons: vec![],
        };
        assert_eq!(verdict, expected);
    }

    #[test]
    fn members_only_wordings_are_members_only() {
        for reason in [
            "This video is available to this channel's members on level: Fan (or any higher \
             priced level). Join this channel to get access to members-only content.",
            "Join this channel to get access to members-only content like this video.",
            "This video is available to this channel\u{2019}s members",
        ] {
            let verdict = status(json!({ "status": "UNPLAYABLE", "reason": reason }));
            assert_eq!(verdict, Playability::MembersOnly { reason: reason.into() }, "{reason}");
        }
    }

    #[test]
    fn geo_blocked_video_is_region_blocked() {
        let reason = "The uploader has not made this video available in your country";
        let verdict = status(json!({ "status": "UNPLAYABLE", "reason": reason }));
        assert_eq!(verdict, Playability::RegionBlocked { reason: reason.into() });
    }

    #[test]
    fn geo_wording_in_the_error_screen_subreason_is_region_blocked() {
        let verdict = status(json!({
            "status": "UNPLAYABLE",
            "reason": "Video unavailable",
            "errorScreen": { "playerErrorMessageRenderer": {
                "subreason": { "simpleText": "This video is not available in your country" },
            }},
        }));
        assert_eq!(verdict, Playability::RegionBlocked { reason: "Video unavailable".into() });
    }

    #[test]
    fn live_stream_in_progress_is_live_now() {
        let verdict = classify(&json!({
            "playabilityStatus": { "status": "OK", "liveStreamability": {
                "liveStreamabilityRenderer": { "videoId": "X4VbdwhkE10", "pollDelayMs": "30000" },
            }},
            "videoDetails": { "videoId": "X4VbdwhkE10", "isLive": true, "isLiveContent": true },
        }));
        assert_eq!(verdict, Playability::LiveNow);
    }

    #[test]
    fn live_flag_inside_live_streamability_is_live_now() {
        let verdict = status(json!({
            "status": "OK",
            "liveStreamability": { "liveStreamabilityRenderer": { "isLive": true } },
        }));
        assert_eq!(verdict, Playability::LiveNow);
    }

    #[test]
    fn past_live_stream_with_live_streamability_is_playable() {
        let verdict = classify(&json!({
            "playabilityStatus": { "status": "OK", "liveStreamability": {
                "liveStreamabilityRenderer": { "videoId": "Fjg5lYqvzUs" },
            }},
            "videoDetails": { "videoId": "Fjg5lYqvzUs", "isLiveContent": true },
        }));
        assert_eq!(verdict, Playability::Ok);
    }

    #[test]
    fn offline_live_stream_is_upcoming_with_its_slate_start_time() {
        let verdict = classify(&json!({
            "playabilityStatus": {
                "status": "LIVE_STREAM_OFFLINE",
                "reason": "This live event will begin in 18 hours.",
                "liveStreamability": { "liveStreamabilityRenderer": { "offlineSlate": {
                    "liveStreamOfflineSlateRenderer": { "scheduledStartTime": "1677592800" },
                }}},
            },
            "videoDetails": { "isUpcoming": true },
        }));
        let starts_at = Some("2023-02-28T14:00:00Z".to_owned());
        assert_eq!(verdict, Playability::Upcoming { starts_at });
    }

    #[test]
    fn upcoming_start_falls_back_to_the_microformat_timestamp() {
        let verdict = classify(&json!({
            "playabilityStatus": { "status": "LIVE_STREAM_OFFLINE" },
            "microformat": { "playerMicroformatRenderer": { "liveBroadcastDetails": {
                "isLiveNow": false, "startTimestamp": "2023-02-28T09:00:00-05:00",
            }}},
        }));
        let starts_at = Some("2023-02-28T14:00:00Z".to_owned());
        assert_eq!(verdict, Playability::Upcoming { starts_at });
    }

    #[test]
    fn upcoming_premiere_with_status_ok_is_upcoming_without_a_known_start() {
        let verdict = classify(&json!({
            "playabilityStatus": { "status": "OK" },
            "videoDetails": { "isUpcoming": true, "isLiveContent": true },
        }));
        assert_eq!(verdict, Playability::Upcoming { starts_at: None });
    }

    #[test]
    fn captcha_view_model_is_a_bot_check() {
        let verdict = status(json!({
            "status": "LOGIN_REQUIRED",
            "errorScreen": { "playerCaptchaViewModel": { "captchaType": "RECAPTCHA" } },
        }));
        assert_eq!(verdict, Playability::BotCheck { reason: CAPTCHA_REASON.into() });
    }

    #[test]
    fn try_again_later_wording_is_rate_limited_even_with_status_error() {
        let reason = "This content isn\u{2019}t available, try again later.";
        let verdict = status(json!({ "status": "ERROR", "reason": reason }));
        assert_eq!(verdict, Playability::RateLimited { reason: reason.into() });
    }

    #[test]
    fn bot_wording_is_matched_case_insensitively_with_a_plain_apostrophe() {
        let reason = "SIGN IN TO CONFIRM YOU'RE NOT A BOT";
        let verdict = status(json!({ "status": "LOGIN_REQUIRED", "reason": reason }));
        assert_eq!(verdict, Playability::BotCheck { reason: reason.into() });
    }

    #[test]
    fn web_age_gate_wording_is_age_restricted_not_a_bot_check() {
        let verdict = status(json!({
            "status": "LOGIN_REQUIRED",
            "reason": "Sign in to confirm your age",
            "errorScreen": { "playerErrorMessageRenderer": {
                "subreason": {
                    "runs": [{ "text": "This video may be inappropriate for some users." }],
                },
            }},
        }));
        let reason = "Sign in to confirm your age".to_owned();
        assert_eq!(verdict, Playability::AgeRestricted { reason });
    }

    #[test]
    fn age_check_statuses_are_age_restricted_whatever_the_wording() {
        for code in AGE_GATE_STATUSES {
            let verdict = status(json!({ "status": code, "reason": "Sign in" }));
            assert_eq!(verdict, Playability::AgeRestricted { reason: "Sign in".into() }, "{code}");
        }
    }

    #[test]
    fn falsy_legacy_age_gate_reason_does_not_age_gate() {
        let verdict = status(json!({
            "status": "UNPLAYABLE",
            "reason": "Playback is off",
            "desktopLegacyAgeGateReason": 0,
        }));
        let expected = Playability::Unplayable {
            status: "UNPLAYABLE".into(),
            reason: "Playback is off".into(),
            subreasons: vec![],
        };
        assert_eq!(verdict, expected);
    }

    #[test]
    fn reason_falls_back_to_the_error_screen_text() {
        let verdict = status(json!({
            "status": "UNPLAYABLE",
            "errorScreen": { "playerErrorMessageRenderer": {
                "reason": { "runs": [{ "text": "Playback " }, { "text": "paused" }] },
                "subreason": {
                    "runs": [{ "text": " First. " }, { "text": "" }, { "text": "Second" }],
                },
            }},
        }));
        let expected = Playability::Unplayable {
            status: "UNPLAYABLE".into(),
            reason: "Playback paused".into(),
            subreasons: vec!["First.".into(), "Second".into()],
        };
        assert_eq!(verdict, expected);
    }
}
