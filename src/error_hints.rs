//! What to try next after each error: the `suggestions` of a structured error.
//!
//! Each suggestion is one sentence a model can act on: which tool to call, which argument to
//! change, or when to retry. Kept apart from `error.rs` so the error type stays readable.

use crate::error::{Error, TrackSummary};

/// Concrete next steps for the caller of a failed tool.
pub(crate) fn suggestions(error: &Error) -> Vec<String> {
    let lines: Vec<String> = match error {
        Error::InvalidInput { parameter, .. } if parameter == "video" => vec![
            "Pass one video as an 11-character id (dQw4w9WgXcQ) or a URL such as \
             https://www.youtube.com/watch?v=ID, https://youtu.be/ID, /shorts/ID, /live/ID or \
             /embed/ID."
                .into(),
        ],
        Error::InvalidInput { parameter, bounds: Some(bounds), .. } => {
            vec![format!(
                "Give `{parameter}` {}, as the tool's input schema says.",
                bounds.describe()
            )]
        }
        Error::InvalidInput { parameter, .. } => {
            vec![format!("Fix the `{parameter}` argument as the tool's input schema describes.")]
        }
        Error::VideoNotFound { .. } => {
            vec!["Check the video id or URL for typos; the video may have been removed.".into()]
        }
        Error::VideoPrivate { .. } => vec![
            "Only the owner can see a private video; ask for a public or unlisted link.".into(),
        ],
        Error::AgeRestricted { .. } => vec![
            "Age-restricted videos need a signed-in account, which this server does not use; \
             get_video_context still returns the video's metadata."
                .into(),
        ],
        Error::MembersOnly { .. } => vec![
            "Members-only videos need a channel membership; get_video_context still returns the \
             video's metadata."
                .into(),
        ],
        Error::RegionBlocked { .. } => vec![
            "The uploader blocked this video where the server runs; run the server from another \
             region or use a proxy there."
                .into(),
        ],
        Error::VideoUnplayable { .. } => {
            vec![
                "YouTube refuses to play this video; get_video_context may still describe it."
                    .into(),
            ]
        }
        Error::LiveInProgress { .. } => vec![
            "Try again after the stream ends; YouTube publishes captions for the replay.".into(),
        ],
        Error::Upcoming { .. } => {
            vec!["Try again after the premiere or stream has taken place.".into()]
        }
        Error::TranscriptsDisabled { .. } => vec![
            "This video has no captions; use get_video_context for its title and description."
                .into(),
        ],
        Error::LanguageNotAvailable { requested, available, translate_to, .. } => {
            language_hint(requested, available, translate_to.as_deref())
        }
        Error::TranslationNotAvailable { language, .. } => vec![format!(
            "Fetch the {language} transcript without translation, or pick a target language \
             from details.available_targets."
        )],
        Error::RequestBlocked { .. } => vec![
            "YouTube blocks many cloud and data-centre addresses; run the server from a \
             residential connection or configure a proxy, then retry later."
                .into(),
        ],
        Error::BreakerOpen { retry_after, .. } => vec![format!(
            "The server stopped asking YouTube for {} seconds so as not to deepen the block; \
             retry after that, or run the server with a proxy (--proxy).",
            retry_after.as_secs()
        )],
        Error::RateLimited { retry_after, .. } => vec![match retry_after {
            Some(wait) => format!("Wait {} seconds, then retry.", wait.as_secs()),
            None => "Wait a minute, then retry; make fewer calls in a row.".into(),
        }],
        Error::ConsentRequired { .. } => vec![
            "YouTube keeps asking for cookie consent from this address; retry later or from \
             outside the EU consent flow."
                .into(),
        ],
        Error::PoTokenRequired { .. } => vec![
            "YouTube gates this caption track behind a proof-of-origin token; try another \
             language from check_transcript_availability, or retry later."
                .into(),
        ],
        Error::UpstreamTimeout { deadline, .. } => {
            vec![format!("Retry the call; if it keeps timing out, raise {}.", deadline.flag())]
        }
        Error::UpstreamError { status: Some(status), .. } if *status < 500 => vec![format!(
            "YouTube refused the request (HTTP {status}); retrying will not help. Check the \
             video, and report it if other videos fail the same way."
        )],
        Error::UpstreamError { .. } => vec!["Retry the call in a little while.".into()],
        Error::BodyTooLarge { .. } => vec![
            "YouTube sent far more than such an answer ever needs; retry later, or raise \
             --max-body-mib if this video's answer is genuinely that large."
                .into(),
        ],
        Error::UpstreamChanged { .. } => vec![
            "YouTube's answer did not have the expected shape; retry later, and report it if it \
             persists (a newer youtube-mcp may handle it)."
                .into(),
        ],
        Error::ServerBusy { .. } => vec![
            "Wait for the calls already sent to finish, then call again; an operator can raise \
             --max-concurrent-calls."
                .into(),
        ],
        Error::Internal { .. } => vec!["Report this as a bug in youtube-mcp.".into()],
    };
    lines
}

/// Names the languages that do exist and the calls most likely to work: a caption track (not
/// a chat log) of a requested base language (`en` for `en-US`), else the first manual caption
/// track, else the first one; and a machine translation when one fits the request.
fn language_hint(
    requested: &str,
    available: &[TrackSummary],
    translate_to: Option<&str>,
) -> Vec<String> {
    let captions: Vec<&TrackSummary> = available.iter().filter(|t| t.flags.is_empty()).collect();
    let base = |code: &str| code.split(['-', '_']).next().unwrap_or(code).trim().to_lowercase();
    let wanted: Vec<String> = requested.split(',').map(base).collect();
    let closest = captions.iter().find(|t| wanted.contains(&base(&t.language_code)));
    let manual = captions.iter().find(|t| t.kind == "manual");
    let Some(suggested) = closest.or(manual).or(captions.first()).copied().or(available.first())
    else {
        return vec!["This video has no caption tracks at all.".into()];
    };

    let mut codes: Vec<&str> = Vec::new();
    for track in available {
        if !codes.contains(&track.language_code.as_str()) {
            codes.push(&track.language_code);
        }
    }
    let mut lines = vec![
        format!("Available languages: {}.", codes.join(", ")),
        format!(
            "Call again with language \"{}\", or omit language for the default track.",
            suggested.language_code
        ),
    ];
    if let Some(target) = translate_to {
        lines.push(format!(
            "Or omit language and pass translate_to \"{target}\" to read YouTube's machine \
             translation of the default track."
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::error::{Deadline, Error, ErrorCode, Stage, TrackSummary};
    use crate::video_id::VideoId;

    fn id() -> VideoId {
        VideoId::from_bare("GJLlxj_dtq8").unwrap()
    }

    #[test]
    fn every_error_has_at_least_one_suggestion() {
        let errors = [
            Error::invalid_input("video", "x"),
            Error::VideoPrivate { id: id() },
            Error::TranscriptsDisabled { id: id() },
            Error::RequestBlocked { stage: Stage::Player, why: "bot check".into() },
            Error::UpstreamTimeout {
                stage: Stage::Transcript,
                after: Duration::from_secs(3),
                deadline: Deadline::Request,
            },
            Error::BreakerOpen {
                stage: Stage::Player,
                why: "a captcha page".into(),
                retry_after: Duration::from_secs(90),
            },
            Error::BodyTooLarge { stage: Stage::Player, status: 200, limit: 1024 },
            Error::ServerBusy { waiting: 256, limit: 32 },
            Error::Internal { problem: "x".into() },
        ];
        for error in errors {
            assert!(!error.suggestions().is_empty(), "{}", error.code());
        }
    }

    /// An argument error with bounds suggests the allowed values themselves.
    #[test]
    fn a_bounded_argument_error_suggests_what_is_allowed() {
        let bounds = crate::bounds::Bounds::range(1, 100);
        let error = Error::out_of_bounds("max_results", "500 is out of range", bounds);
        assert_eq!(
            error.suggestions(),
            ["Give `max_results` a whole number between 1 and 100, as the tool's input schema \
              says."]
        );
    }

    fn summary(code: &str, flags: Vec<&'static str>) -> TrackSummary {
        TrackSummary {
            language_code: code.into(),
            language_name: code.to_uppercase(),
            kind: "manual",
            flags,
        }
    }

    #[test]
    fn missing_language_names_the_available_ones_and_the_call_that_works() {
        let error = Error::LanguageNotAvailable {
            id: id(),
            requested: "de".into(),
            available: vec![summary("en", vec![])],
            translate_to: None,
        };
        assert_eq!(error.code(), ErrorCode::LanguageNotAvailable);
        assert_eq!(
            error.suggestions(),
            [
                "Available languages: en.",
                "Call again with language \"en\", or omit language for the default track.",
            ]
        );
    }

    /// A chat log is never the suggested language; a fitting translation is offered.
    #[test]
    fn missing_language_suggests_captions_over_chat_and_offers_a_translation() {
        let error = Error::LanguageNotAvailable {
            id: id(),
            requested: "fr, de".into(),
            available: vec![summary("en", vec!["chat_like"]), summary("es", vec![])],
            translate_to: Some("de".into()),
        };
        let suggestions = error.suggestions();
        assert_eq!(suggestions[0], "Available languages: en, es.");
        assert!(suggestions[1].starts_with("Call again with language \"es\""), "{suggestions:?}");
        assert_eq!(
            suggestions[2],
            "Or omit language and pass translate_to \"de\" to read YouTube's machine \
             translation of the default track."
        );
        assert_eq!(error.details()["translate_to"], "de");
    }

    #[test]
    fn the_suggested_language_is_the_closest_one_and_codes_are_not_repeated() {
        let track = |code: &str, kind: &'static str| TrackSummary { kind, ..summary(code, vec![]) };
        let available = vec![track("zh", "manual"), track("en", "manual"), track("en", "auto")];
        let error = Error::LanguageNotAvailable {
            id: id(),
            requested: "en-US".into(),
            available,
            translate_to: None,
        };

        let hints = error.suggestions();
        assert_eq!(hints[0], "Available languages: zh, en.");
        assert!(hints[1].contains("language \"en\""), "{hints:?}");
    }

    #[test]
    fn a_refused_request_is_not_worth_retrying() {
        let error = Error::UpstreamError {
            stage: Stage::Transcript,
            status: Some(404),
            problem: "HTTP 404".into(),
        };
        assert!(!error.is_retryable());
        assert!(error.suggestions()[0].starts_with("YouTube refused the request (HTTP 404)"));
    }

    #[test]
    fn timeout_hints_name_the_flag_of_the_deadline_that_was_hit() {
        let call = Error::UpstreamTimeout {
            stage: Stage::Player,
            after: Duration::from_secs(60),
            deadline: Deadline::Call,
        };
        assert_eq!(
            call.suggestions(),
            vec!["Retry the call; if it keeps timing out, raise --call-timeout.".to_owned()]
        );
        assert_eq!(call.details()["deadline"], "call");
    }

    #[test]
    fn an_open_breaker_says_how_long_requests_pause_and_is_request_blocked() {
        let error = Error::BreakerOpen {
            stage: Stage::Transcript,
            why: "3 rate-limited answers in a row".into(),
            retry_after: Duration::from_secs(42),
        };
        assert_eq!(error.code(), ErrorCode::RequestBlocked);
        assert!(!error.is_retryable());
        assert!(error.suggestions()[0].contains("for 42 seconds"), "{:?}", error.suggestions());
        assert_eq!(error.details()["retry_after_seconds"], 42);
        assert_eq!(error.details()["breaker"], "open");
    }

    #[test]
    fn rate_limit_hint_says_how_long_to_wait() {
        let error =
            Error::RateLimited { stage: Stage::Player, retry_after: Some(Duration::from_secs(30)) };
        assert_eq!(error.suggestions(), vec!["Wait 30 seconds, then retry.".to_owned()]);
        assert!(error.is_retryable());
    }
}
