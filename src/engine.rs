//! The engine behind every front end: answers the four questions from a [`YouTubeClient`].
//!
//! MCP tools (and later a command line) call these methods with parsed input and get typed,
//! serialisable answers or an [`Error`]. Nothing here knows about transports or rendering.

use std::sync::Arc;

use serde::Serialize;

use crate::error::{Error, ErrorCode};
use crate::search;
use crate::timestamp::format_timestamp;
use crate::tracks::{SelectedBecause, select_track};
use crate::video_id::VideoId;
use crate::youtube::{CaptionTrack, LiveStatus, Playability, Transcript, VideoInfo, YouTubeClient};

/// The largest `max_results` a search may ask for.
pub const MAX_SEARCH_RESULTS: usize = 100;

/// The number of hits a search returns when the caller does not say.
pub const DEFAULT_SEARCH_RESULTS: usize = 10;

/// Answers tool calls; cheap to clone and share across tasks.
#[derive(Clone)]
pub struct Engine {
    client: Arc<dyn YouTubeClient>,
}

/// `get_video_context`.
#[derive(Debug, Clone, Serialize)]
pub struct VideoContext {
    pub video_id: VideoId,
    pub title: String,
    pub channel: Channel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub view_count: Option<u64>,
    pub description: String,
    pub keywords: Vec<String>,
    pub live_status: LiveStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbnail_url: Option<String>,
    pub url: String,
    pub captions: CaptionsSummary,
}

/// The channel that published a video.
#[derive(Debug, Clone, Serialize)]
pub struct Channel {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// Whether a transcript can be fetched, in one glance.
#[derive(Debug, Clone, Serialize)]
pub struct CaptionsSummary {
    pub available: bool,
    pub track_count: usize,
    pub languages: Vec<String>,
}

/// `check_transcript_availability`.
#[derive(Debug, Clone, Serialize)]
pub struct Availability {
    pub video_id: VideoId,
    pub available: bool,
    pub tracks: Vec<TrackInfo>,
    pub translation_language_count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_track: Option<TrackInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// The innertube client whose player answer this is (`ANDROID`, `VISIONOS`...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub served_by: Option<String>,
}

/// A caption track as listed to clients.
#[derive(Debug, Clone, Serialize)]
pub struct TrackInfo {
    pub language_code: String,
    pub language_name: String,
    pub kind: &'static str,
    pub translatable: bool,
}

/// Why no transcript can be had, in the same words an error would use.
#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    pub code: ErrorCode,
    pub message: String,
    pub suggestions: Vec<String>,
}

/// The track a transcript came from, and the rule that chose it.
#[derive(Debug, Clone, Serialize)]
pub struct ChosenTrack {
    pub language_code: String,
    pub language_name: String,
    pub kind: &'static str,
    pub selected_because: &'static str,
}

/// `get_video_transcript`.
#[derive(Debug, Clone)]
pub struct TranscriptAnswer {
    pub video_id: VideoId,
    pub track: ChosenTrack,
    /// Shared with the client (and a cache), not copied per call.
    pub transcript: Arc<Transcript>,
}

/// `search_transcript`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchAnswer {
    pub video_id: VideoId,
    pub query: String,
    pub track: ChosenTrack,
    pub total_hits: usize,
    pub hits: Vec<SearchHit>,
}

/// One place a query occurs.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub start: f64,
    pub timestamp: String,
    pub text: String,
    pub url: String,
}

impl Engine {
    /// An engine over any YouTube client (HTTP, cached, or a test double).
    pub fn new(client: Arc<dyn YouTubeClient>) -> Self {
        Self { client }
    }

    /// The same engine over `wrap(client)`: how a front end binds one call's deadline and
    /// progress to the client ([`crate::youtube::scoped::ScopedClient`]).
    pub fn map_client(
        &self,
        wrap: impl FnOnce(Arc<dyn YouTubeClient>) -> Arc<dyn YouTubeClient>,
    ) -> Self {
        let mut engine = self.clone();
        engine.client = wrap(self.client.clone());
        engine
    }

    /// Metadata and a caption summary; works for videos whose captions are unavailable.
    ///
    /// # Errors
    /// When YouTube withholds the metadata itself (not found, private, blocked).
    pub async fn video_context(&self, id: &VideoId) -> Result<VideoContext, Error> {
        // The watch page first: it also yields the innertube key the player call needs.
        let published = self.published(id).await;
        let info = self.client.video(id).await?;
        let Some(details) = info.details.as_ref() else {
            return Err(info.playability.transcript_error(id).unwrap_or_else(|| {
                Error::changed(crate::Stage::Player, "the player answer has no videoDetails")
            }));
        };

        Ok(VideoContext {
            video_id: id.clone(),
            title: details.title.clone(),
            channel: Channel { name: details.channel_name.clone(), id: details.channel_id.clone() },
            duration_seconds: details.duration_seconds,
            published: details.published.clone().or(published),
            view_count: details.view_count,
            description: details.description.clone(),
            keywords: details.keywords.clone(),
            live_status: details.live_status,
            thumbnail_url: details.thumbnail_url.clone(),
            url: watch_url(id, None),
            captions: captions_summary(&info),
        })
    }

    /// The publication date, or `None` (logged) when the watch page cannot be had: the rest
    /// of the context comes from the player and is still worth returning.
    async fn published(&self, id: &VideoId) -> Option<String> {
        match self.client.published(id).await {
            Ok(date) => date,
            Err(error) => {
                tracing::warn!(video_id = %id, %error, "no publication date");
                None
            }
        }
    }

    /// Which caption tracks exist, and whether a transcript can be fetched.
    ///
    /// # Errors
    /// Only when the answer could not be learned, or the video does not exist.
    pub async fn availability(&self, id: &VideoId) -> Result<Availability, Error> {
        let info = self.client.video(id).await?;
        if let Some(error) = unlearnable(&info) {
            return Err(error);
        }

        let captions = &info.captions;
        let blocker = transcript_blocker(&info);
        let default_track = select_track(id, captions, None).ok().map(|(t, _)| track_info(t));
        Ok(Availability {
            video_id: id.clone(),
            available: blocker.is_none(),
            tracks: captions.tracks.iter().map(track_info).collect(),
            translation_language_count: captions.translation_languages.len(),
            default_track,
            reason: blocker.map(|e| Reason {
                code: e.code(),
                message: e.to_string(),
                suggestions: e.suggestions(),
            }),
            served_by: info.served_by.clone(),
        })
    }

    /// The transcript of the requested (or default) track.
    ///
    /// # Errors
    /// Unplayable videos, missing languages, and every upstream failure.
    pub async fn transcript(
        &self,
        id: &VideoId,
        language: Option<&str>,
    ) -> Result<TranscriptAnswer, Error> {
        let (track, because) = self.playable_track(id, language).await?;
        let transcript = self.client.transcript(id, &track, None).await?;
        Ok(TranscriptAnswer { video_id: id.clone(), track: chosen(&track, because), transcript })
    }

    /// The track a transcript call reads, once the video is known to be playable.
    async fn playable_track(
        &self,
        id: &VideoId,
        language: Option<&str>,
    ) -> Result<(CaptionTrack, SelectedBecause), Error> {
        let info = self.client.video(id).await?;
        if let Some(error) = info.playability.transcript_error(id) {
            return Err(error);
        }
        let (track, because) = select_track(id, &info.captions, language)?;
        Ok((track.clone(), because))
    }

    /// Where `query` is said, with timestamps and deep links.
    ///
    /// # Errors
    /// As [`Engine::transcript`].
    pub async fn search(
        &self,
        id: &VideoId,
        query: &str,
        language: Option<&str>,
        max_results: usize,
    ) -> Result<SearchAnswer, Error> {
        let (track, because) = self.playable_track(id, language).await?;
        let (transcript, index) = self.client.indexed_transcript(id, &track, None).await?;
        let (total_hits, hits) = search::search_indexed(&transcript, &index, query, max_results);

        let hits = hits
            .into_iter()
            .map(|hit| SearchHit {
                start: hit.start,
                timestamp: format_timestamp(hit.start),
                url: watch_url(id, Some(hit.start)),
                text: hit.text,
            })
            .collect();
        Ok(SearchAnswer {
            video_id: id.clone(),
            query: query.to_owned(),
            track: chosen(&track, because),
            total_hits,
            hits,
        })
    }
}

/// The public watch URL, with a whole-second `t=` deep link when given.
pub fn watch_url(id: &VideoId, start: Option<f64>) -> String {
    match start {
        Some(seconds) => {
            format!("https://www.youtube.com/watch?v={id}&t={}s", seconds.floor() as u64)
        }
        None => format!("https://www.youtube.com/watch?v={id}"),
    }
}

/// Errors that mean the availability answer itself could not be learned.
fn unlearnable(info: &VideoInfo) -> Option<Error> {
    match info.playability {
        Playability::NotFound | Playability::BotCheck { .. } | Playability::RateLimited { .. } => {
            info.playability.transcript_error(&info.id)
        }
        _ => None,
    }
}

/// Why a transcript cannot be fetched, if anything stands in the way.
fn transcript_blocker(info: &VideoInfo) -> Option<Error> {
    if let Some(error) = info.playability.transcript_error(&info.id) {
        return Some(error);
    }
    let tracks = &info.captions.tracks;
    if tracks.is_empty() {
        return Some(Error::TranscriptsDisabled { id: info.id.clone() });
    }
    let gated = tracks.iter().find(|t| t.po_token_required);
    match gated {
        Some(track) if tracks.iter().all(|t| t.po_token_required) => Some(Error::PoTokenRequired {
            id: info.id.clone(),
            language: track.language_code.clone(),
        }),
        _ => None,
    }
}

fn captions_summary(info: &VideoInfo) -> CaptionsSummary {
    let mut languages: Vec<String> = Vec::new();
    for track in &info.captions.tracks {
        if !languages.contains(&track.language_code) {
            languages.push(track.language_code.clone());
        }
    }
    CaptionsSummary {
        available: transcript_blocker(info).is_none(),
        track_count: info.captions.tracks.len(),
        languages,
    }
}

fn track_info(track: &CaptionTrack) -> TrackInfo {
    TrackInfo {
        language_code: track.language_code.clone(),
        language_name: track.language_name.clone(),
        kind: track.kind.as_str(),
        translatable: track.translatable,
    }
}

fn chosen(track: &CaptionTrack, because: SelectedBecause) -> ChosenTrack {
    ChosenTrack {
        language_code: track.language_code.clone(),
        language_name: track.language_name.clone(),
        kind: track.kind.as_str(),
        selected_because: because.as_str(),
    }
}
