//! The error every layer below the tools returns, and the stable codes a client sees.
//!
//! An [`Error`] names what failed and carries the value involved; callers ask it for its
//! [`ErrorCode`], whether a retry can help, what to try next ([`Error::suggestions`]) and the
//! per-code data a client can act on ([`Error::details`]). The tools layer turns it into a
//! structured tool result; nothing here knows about MCP.

use std::fmt;
use std::time::Duration;

use serde::Serialize;
use serde_json::{Value, json};

use crate::bounds::Bounds;
use crate::video_id::VideoId;

/// The stable, public error codes. Their spelling is part of the tool API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    InvalidInput,
    VideoNotFound,
    VideoPrivate,
    AgeRestricted,
    MembersOnly,
    RegionBlocked,
    VideoUnplayable,
    LiveInProgress,
    Upcoming,
    TranscriptsDisabled,
    LanguageNotAvailable,
    TranslationNotAvailable,
    RequestBlocked,
    RateLimited,
    ConsentRequired,
    PoTokenRequired,
    UpstreamTimeout,
    UpstreamError,
    UpstreamChanged,
    ServerBusy,
    Internal,
}

impl ErrorCode {
    /// Every code, in the order the tool documentation lists them.
    pub const ALL: [ErrorCode; 21] = [
        Self::InvalidInput,
        Self::VideoNotFound,
        Self::VideoPrivate,
        Self::AgeRestricted,
        Self::MembersOnly,
        Self::RegionBlocked,
        Self::VideoUnplayable,
        Self::LiveInProgress,
        Self::Upcoming,
        Self::TranscriptsDisabled,
        Self::LanguageNotAvailable,
        Self::TranslationNotAvailable,
        Self::RequestBlocked,
        Self::RateLimited,
        Self::ConsentRequired,
        Self::PoTokenRequired,
        Self::UpstreamTimeout,
        Self::UpstreamError,
        Self::UpstreamChanged,
        Self::ServerBusy,
        Self::Internal,
    ];

    /// The code as it appears in `structuredContent.error.code`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidInput => "invalid_input",
            Self::VideoNotFound => "video_not_found",
            Self::VideoPrivate => "video_private",
            Self::AgeRestricted => "age_restricted",
            Self::MembersOnly => "members_only",
            Self::RegionBlocked => "region_blocked",
            Self::VideoUnplayable => "video_unplayable",
            Self::LiveInProgress => "live_in_progress",
            Self::Upcoming => "upcoming",
            Self::TranscriptsDisabled => "transcripts_disabled",
            Self::LanguageNotAvailable => "language_not_available",
            Self::TranslationNotAvailable => "translation_not_available",
            Self::RequestBlocked => "request_blocked",
            Self::RateLimited => "rate_limited",
            Self::ConsentRequired => "consent_required",
            Self::PoTokenRequired => "po_token_required",
            Self::UpstreamTimeout => "upstream_timeout",
            Self::UpstreamError => "upstream_error",
            Self::UpstreamChanged => "upstream_changed",
            Self::ServerBusy => "server_busy",
            Self::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which upstream exchange failed; reported in `details.stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// `GET /watch?v=`: the page that carries the innertube key.
    WatchPage,
    /// `POST /youtubei/v1/player`: playability, metadata and caption tracks.
    Player,
    /// `GET /api/timedtext`: one caption track's body.
    Transcript,
}

impl Stage {
    /// The stage as spelled in `details.stage`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WatchPage => "watch_page",
            Self::Player => "player",
            Self::Transcript => "transcript",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which time limit an upstream exchange ran into; reported in `details.deadline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadline {
    /// Opening the connection (`--connect-timeout`).
    Connect,
    /// One request, headers and body (`--request-timeout`).
    Request,
    /// The whole tool call, every step and retry included (`--call-timeout`).
    Call,
}

impl Deadline {
    /// The flag that sets this limit, for hints.
    pub fn flag(self) -> &'static str {
        match self {
            Self::Connect => "--connect-timeout",
            Self::Request => "--request-timeout",
            Self::Call => "--call-timeout",
        }
    }
}

/// A caption track as named in errors that list what does exist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackSummary {
    pub language_code: String,
    pub language_name: String,
    pub kind: &'static str,
    /// `chat_like` for chat logs and broadcast duplicates; left out when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<&'static str>,
}

/// Everything that can go wrong between a tool call and YouTube's answer.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `bounds` are the parameter's limits, reported in `details` when known.
    #[error("invalid {parameter}: {problem}")]
    InvalidInput { parameter: String, problem: String, bounds: Option<Box<Bounds>> },

    #[error("video {id} does not exist or was removed")]
    VideoNotFound { id: VideoId },

    #[error("video {id} is private")]
    VideoPrivate { id: VideoId },

    #[error("video {id} is age-restricted: {reason}")]
    AgeRestricted { id: VideoId, reason: String },

    #[error("video {id} is for channel members only: {reason}")]
    MembersOnly { id: VideoId, reason: String },

    #[error("video {id} is not available in this region: {reason}")]
    RegionBlocked { id: VideoId, reason: String },

    #[error("video {id} cannot be played: {reason}")]
    VideoUnplayable { id: VideoId, reason: String, subreasons: Vec<String> },

    #[error("video {id} is live right now; its transcript exists only after the stream ends")]
    LiveInProgress { id: VideoId },

    #[error("video {id} has not started yet{}", starts_at.as_ref().map(|t| format!(" (starts {t})")).unwrap_or_default())]
    Upcoming { id: VideoId, starts_at: Option<String> },

    #[error("video {id} has no transcripts: its captions are turned off")]
    TranscriptsDisabled { id: VideoId },

    /// `requested` lists the codes asked for; `translate_to` is one of them that the default
    /// track can be machine-translated into, when there is one.
    #[error("video {id} has no transcript in {requested}")]
    LanguageNotAvailable {
        id: VideoId,
        requested: String,
        available: Vec<TrackSummary>,
        translate_to: Option<String>,
    },

    #[error("the {language} transcript of video {id} cannot be translated to {target}")]
    TranslationNotAvailable { id: VideoId, language: String, target: String, targets: Vec<String> },

    #[error("YouTube is blocking requests from this address ({stage}: {why})")]
    RequestBlocked { stage: Stage, why: String },

    #[error(
        "YouTube blocked recent requests from this address, so requests pause for {}s \
         ({stage}: {why})",
        retry_after.as_secs()
    )]
    BreakerOpen { stage: Stage, why: String, retry_after: Duration },

    #[error("YouTube is rate-limiting requests from this address ({stage})")]
    RateLimited { stage: Stage, retry_after: Option<Duration> },

    #[error("YouTube asked for cookie consent and the consent did not clear ({stage})")]
    ConsentRequired { stage: Stage },

    #[error("the {language} captions of video {id} need a proof-of-origin token")]
    PoTokenRequired { id: VideoId, language: String },

    #[error("YouTube did not answer within {}s ({stage})", after.as_secs_f64())]
    UpstreamTimeout { stage: Stage, after: Duration, deadline: Deadline },

    #[error("YouTube request failed ({stage}): {problem}")]
    UpstreamError { stage: Stage, status: Option<u16>, problem: String },

    #[error("YouTube's answer was larger than the {limit}-byte limit ({stage})")]
    BodyTooLarge { stage: Stage, status: u16, limit: u64 },

    #[error("YouTube's answer changed shape ({stage}): {what}")]
    UpstreamChanged { stage: Stage, what: String },

    #[error("the server already has {waiting} calls waiting for one of its {limit} call slots")]
    ServerBusy { waiting: usize, limit: usize },

    #[error("internal error: {problem}")]
    Internal { problem: String },
}

impl Error {
    /// Builds an [`Error::InvalidInput`] for one parameter.
    pub fn invalid_input(parameter: impl Into<String>, problem: impl Into<String>) -> Self {
        Self::InvalidInput { parameter: parameter.into(), problem: problem.into(), bounds: None }
    }

    /// Builds an [`Error::InvalidInput`] for a value outside its parameter's `bounds`; the
    /// problem should say what is allowed too, as the bounds do in `details`.
    pub fn out_of_bounds(
        parameter: impl Into<String>,
        problem: impl Into<String>,
        bounds: Bounds,
    ) -> Self {
        let (parameter, problem) = (parameter.into(), problem.into());
        Self::InvalidInput { parameter, problem, bounds: Some(Box::new(bounds)) }
    }

    /// Builds an [`Error::UpstreamChanged`] for one stage.
    pub fn changed(stage: Stage, what: impl Into<String>) -> Self {
        Self::UpstreamChanged { stage, what: what.into() }
    }

    /// The stable code a client matches on.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidInput { .. } => ErrorCode::InvalidInput,
            Self::VideoNotFound { .. } => ErrorCode::VideoNotFound,
            Self::VideoPrivate { .. } => ErrorCode::VideoPrivate,
            Self::AgeRestricted { .. } => ErrorCode::AgeRestricted,
            Self::MembersOnly { .. } => ErrorCode::MembersOnly,
            Self::RegionBlocked { .. } => ErrorCode::RegionBlocked,
            Self::VideoUnplayable { .. } => ErrorCode::VideoUnplayable,
            Self::LiveInProgress { .. } => ErrorCode::LiveInProgress,
            Self::Upcoming { .. } => ErrorCode::Upcoming,
            Self::TranscriptsDisabled { .. } => ErrorCode::TranscriptsDisabled,
            Self::LanguageNotAvailable { .. } => ErrorCode::LanguageNotAvailable,
            Self::TranslationNotAvailable { .. } => ErrorCode::TranslationNotAvailable,
            Self::RequestBlocked { .. } | Self::BreakerOpen { .. } => ErrorCode::RequestBlocked,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::ConsentRequired { .. } => ErrorCode::ConsentRequired,
            Self::PoTokenRequired { .. } => ErrorCode::PoTokenRequired,
            Self::UpstreamTimeout { .. } => ErrorCode::UpstreamTimeout,
            Self::UpstreamError { .. } | Self::BodyTooLarge { .. } => ErrorCode::UpstreamError,
            Self::UpstreamChanged { .. } => ErrorCode::UpstreamChanged,
            Self::ServerBusy { .. } => ErrorCode::ServerBusy,
            Self::Internal { .. } => ErrorCode::Internal,
        }
    }

    /// True when the same call may succeed later without any change by the caller.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RateLimited { .. } | Self::UpstreamTimeout { .. } | Self::ServerBusy { .. } => {
                true
            }
            Self::UpstreamError { status, .. } => status.is_none_or(|s| s >= 500),
            _ => false,
        }
    }

    /// The video this error is about, when the error itself knows it.
    pub fn video_id(&self) -> Option<&VideoId> {
        match self {
            Self::VideoNotFound { id }
            | Self::VideoPrivate { id }
            | Self::AgeRestricted { id, .. }
            | Self::MembersOnly { id, .. }
            | Self::RegionBlocked { id, .. }
            | Self::VideoUnplayable { id, .. }
            | Self::LiveInProgress { id }
            | Self::Upcoming { id, .. }
            | Self::TranscriptsDisabled { id }
            | Self::LanguageNotAvailable { id, .. }
            | Self::TranslationNotAvailable { id, .. }
            | Self::PoTokenRequired { id, .. } => Some(id),
            _ => None,
        }
    }

    /// Concrete next steps for the caller: which tool to call or what to change.
    pub fn suggestions(&self) -> Vec<String> {
        crate::error_hints::suggestions(self)
    }

    /// Per-code data a client can act on (`structuredContent.error.details`).
    pub fn details(&self) -> Value {
        match self {
            Self::InvalidInput { parameter, bounds, .. } => {
                invalid_input_details(parameter, bounds.as_deref())
            }
            Self::AgeRestricted { reason, .. }
            | Self::MembersOnly { reason, .. }
            | Self::RegionBlocked { reason, .. } => json!({ "reason": reason }),
            Self::VideoUnplayable { reason, subreasons, .. } => {
                json!({ "reason": reason, "subreasons": subreasons })
            }
            Self::Upcoming { starts_at, .. } => json!({ "starts_at": starts_at }),
            Self::LanguageNotAvailable { requested, available, translate_to, .. } => {
                let mut details = json!({ "requested": requested, "available_tracks": available });
                if let Some(target) = translate_to {
                    details["translate_to"] = json!(target);
                }
                details
            }
            Self::TranslationNotAvailable { language, target, targets, .. } => json!({
                "source_language": language,
                "requested": target,
                "available_targets": targets,
            }),
            Self::RequestBlocked { stage, why } => json!({ "stage": stage, "why": why }),
            Self::BreakerOpen { stage, why, retry_after } => json!({
                "stage": stage,
                "why": why,
                "breaker": "open",
                "retry_after_seconds": retry_after.as_secs(),
            }),
            Self::RateLimited { stage, retry_after } => json!({
                "stage": stage,
                "retry_after_seconds": retry_after.map(|d| d.as_secs()),
            }),
            Self::ConsentRequired { stage } => json!({ "stage": stage }),
            Self::PoTokenRequired { language, .. } => json!({ "language_code": language }),
            Self::UpstreamTimeout { stage, after, deadline } => json!({
                "stage": stage,
                "timeout_seconds": after.as_secs_f64(),
                "deadline": deadline,
            }),
            // A status is named only when YouTube answered; `null` is never sent.
            Self::UpstreamError { stage, status: Some(status), .. } => {
                json!({ "stage": stage, "http_status": status })
            }
            Self::UpstreamError { stage, status: None, .. } => json!({ "stage": stage }),
            Self::BodyTooLarge { stage, status, limit } => {
                json!({ "stage": stage, "http_status": status, "limit_bytes": limit })
            }
            Self::UpstreamChanged { stage, what } => json!({ "stage": stage, "what": what }),
            Self::ServerBusy { waiting, limit } => {
                json!({ "waiting_calls": waiting, "max_concurrent_calls": limit })
            }
            _ => json!({}),
        }
    }
}

/// `{parameter}` and, when known, the parameter's bounds beside it.
fn invalid_input_details(parameter: &str, bounds: Option<&Bounds>) -> Value {
    let mut details = match bounds.map(serde_json::to_value) {
        Some(Ok(Value::Object(limits))) => limits,
        _ => serde_json::Map::new(),
    };
    details.insert("parameter".into(), json!(parameter));
    Value::Object(details)
}
