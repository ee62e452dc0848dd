//! What the YouTube client learns about a video, already validated.
//!
//! These types are the contract between the upstream parsers (`player`, `watch_page`), the
//! client, a future cache and the tools. Nothing here holds raw upstream JSON.

use serde::Serialize;

use crate::error::{Error, TrackSummary};
use crate::video_id::VideoId;

/// Everything one player answer (plus the watch page) says about a video.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoInfo {
    pub id: VideoId,
    /// Absent when YouTube withholds metadata (private, removed, bot check).
    pub details: Option<VideoDetails>,
    pub playability: Playability,
    pub captions: Captions,
    /// The innertube client whose answer this is (`ANDROID`, `VISIONOS`...), when known.
    pub served_by: Option<String>,
}

/// Metadata from `videoDetails` (and the watch page's `microformat` for the date).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VideoDetails {
    pub title: String,
    pub channel_name: String,
    pub channel_id: Option<String>,
    pub duration_seconds: Option<u64>,
    pub view_count: Option<u64>,
    pub description: String,
    pub keywords: Vec<String>,
    pub live_status: LiveStatus,
    pub thumbnail_url: Option<String>,
    /// ISO 8601 date (`YYYY-MM-DD`), from the watch page's microformat when it matches.
    pub published: Option<String>,
}

/// Where a video stands relative to live streaming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LiveStatus {
    #[default]
    None,
    Live,
    Upcoming,
    WasLive,
}

/// The verdict of `playabilityStatus`, classified once from every marker it carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Playability {
    /// Playable; captions are whatever `captions` lists.
    Ok,
    /// A live stream in progress: no transcript until it ends.
    LiveNow,
    /// A scheduled stream or premiere that has not started.
    Upcoming {
        starts_at: Option<String>,
    },
    NotFound,
    Private,
    AgeRestricted {
        reason: String,
    },
    MembersOnly {
        reason: String,
    },
    RegionBlocked {
        reason: String,
    },
    /// "Sign in to confirm you're not a bot", a captcha in the player answer.
    BotCheck {
        reason: String,
    },
    /// "This content isn't available, try again later": the session is rate-limited.
    RateLimited {
        reason: String,
    },
    /// Any other status, with YouTube's words.
    Unplayable {
        status: String,
        reason: String,
        subreasons: Vec<String>,
    },
}

impl Playability {
    /// The error a transcript request meets, or `None` when captions can be fetched.
    pub fn transcript_error(&self, id: &VideoId) -> Option<Error> {
        let id = id.clone();
        let error = match self {
            Self::Ok => return None,
            Self::LiveNow => Error::LiveInProgress { id },
            Self::Upcoming { starts_at } => Error::Upcoming { id, starts_at: starts_at.clone() },
            Self::NotFound => Error::VideoNotFound { id },
            Self::Private => Error::VideoPrivate { id },
            Self::AgeRestricted { reason } => Error::AgeRestricted { id, reason: reason.clone() },
            Self::MembersOnly { reason } => Error::MembersOnly { id, reason: reason.clone() },
            Self::RegionBlocked { reason } => Error::RegionBlocked { id, reason: reason.clone() },
            Self::BotCheck { reason } => {
                Error::RequestBlocked { stage: crate::error::Stage::Player, why: reason.clone() }
            }
            Self::RateLimited { .. } => {
                Error::RateLimited { stage: crate::error::Stage::Player, retry_after: None }
            }
            Self::Unplayable { reason, subreasons, .. } => Error::VideoUnplayable {
                id,
                reason: reason.clone(),
                subreasons: subreasons.clone(),
            },
        };
        Some(error)
    }
}

/// Whether a track was written by people or by speech recognition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrackKind {
    Manual,
    Auto,
}

impl TrackKind {
    /// The kind as spelled in tool output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Manual => "manual",
            Self::Auto => "auto",
        }
    }
}

/// One entry of `captions.playerCaptionsTracklistRenderer.captionTracks`.
#[derive(Debug, Clone, PartialEq)]
pub struct CaptionTrack {
    /// YouTube's own code (`en`, `en-GB`, `iw`), echoed as given.
    pub language_code: String,
    /// The display name (`English (auto-generated)`), from `name.runs` or `name.simpleText`.
    pub language_name: String,
    pub kind: TrackKind,
    /// `isTranslatable` and a non-empty translation language list.
    pub translatable: bool,
    /// The upstream URL exactly as YouTube gave it; the client vets and rewrites it.
    pub base_url: String,
    /// The URL carries `exp=xpe`/`exp=xpv`: fetching it without a PO token returns nothing.
    pub po_token_required: bool,
}

impl CaptionTrack {
    /// The track as listed in errors.
    pub fn summary(&self) -> TrackSummary {
        TrackSummary {
            language_code: self.language_code.clone(),
            language_name: self.language_name.clone(),
            kind: self.kind.as_str(),
            flags: crate::tracks::track_flags(self),
        }
    }
}

/// A target language YouTube can machine-translate a translatable track into.
#[derive(Debug, Clone, PartialEq)]
pub struct TranslationLanguage {
    pub code: String,
    pub name: String,
}

/// The caption section of a player answer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Captions {
    pub tracks: Vec<CaptionTrack>,
    pub translation_languages: Vec<TranslationLanguage>,
    /// Index into `tracks` of YouTube's own default track, when the player names one.
    pub default_track: Option<usize>,
}

/// One cue of a transcript, validated: finite, non-negative, text non-empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    /// Seconds from the start of the video, millisecond precision.
    pub start: f64,
    /// Seconds on screen.
    pub duration: f64,
    pub text: String,
}

/// A parsed caption track: segments in non-decreasing start order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Transcript {
    pub segments: Vec<Segment>,
}

/// A chapter marker: where a chapter starts and its title, as the page or description gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChapterMark {
    pub title: String,
    /// Seconds from the start of the video.
    pub start: f64,
}

/// What the watch page adds to the player's answer, for the video it was fetched for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageFacts {
    /// ISO 8601 date (`YYYY-MM-DD`) from the embedded player's microformat.
    pub published: Option<String>,
    /// Chapter markers from `ytInitialData` (creator chapters, else auto chapters), in order.
    pub chapters: Vec<ChapterMark>,
}
