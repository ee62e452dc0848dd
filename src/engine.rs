//! The engine behind every front end: answers the four questions from a [`YouTubeClient`].
//!
//! MCP tools (and later a command line) call these methods with parsed input and get typed,
//! serialisable answers or an [`Error`]. Nothing here knows about transports or rendering.

use std::sync::Arc;

use serde::Serialize;

use crate::batch::{self, BatchVideo, Item};
use crate::chapters::{self, Chapter};
use crate::cursor::CursorKey;
use crate::error::{Error, ErrorCode};
use crate::moments::{self, Moment};
use crate::reading::{self, Page, ReadRequest, Resume, Source};
use crate::search::{self, Limits, Query};
use crate::token_estimate;
use crate::tracks::{self, Choice, TrackRequest, select_track};
use crate::video_id::VideoId;
use crate::youtube::{CaptionTrack, LiveStatus, PageFacts, Playability, VideoInfo, YouTubeClient};

/// The largest `max_results` a search may ask for.
pub const MAX_SEARCH_RESULTS: usize = 100;

/// The number of hits a search returns when the caller does not say.
pub const DEFAULT_SEARCH_RESULTS: usize = 10;

/// Answers tool calls; cheap to clone and share across tasks.
#[derive(Clone)]
pub struct Engine {
    client: Arc<dyn YouTubeClient>,
    /// Signs and checks transcript page cursors.
    cursors: Arc<CursorKey>,
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
    /// From the watch page's chapter markers, else from timestamps in the description.
    pub chapters: Vec<Chapter>,
    /// Roughly how many tokens the whole transcript costs, when captions exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transcript_tokens_estimate: Option<u64>,
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
    /// `chat_like` for a chat log or broadcast duplicate, never read by default.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<&'static str>,
}

/// Why no transcript can be had, in the same words an error would use.
#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    pub code: ErrorCode,
    pub message: String,
    pub suggestions: Vec<String>,
}

/// The track a transcript came from, the rule that chose it, and its translation.
#[derive(Debug, Clone, Serialize)]
pub struct ChosenTrack {
    pub language_code: String,
    pub language_name: String,
    pub kind: &'static str,
    pub selected_because: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<&'static str>,
    /// YouTube's machine translation the text is read in, when one was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translated_to: Option<Translation>,
}

/// A translation target, in YouTube's spelling.
#[derive(Debug, Clone, Serialize)]
pub struct Translation {
    pub language_code: String,
    pub language_name: String,
}

/// `get_video_transcript`'s input, parsed.
#[derive(Debug, Clone, Default)]
pub struct TranscriptRequest {
    pub track: TrackRequest,
    pub read: ReadRequest,
    /// The `next_cursor` of a previous page.
    pub cursor: Option<String>,
    /// A chapter title or number, read as the range of that chapter.
    pub chapter: Option<String>,
}

/// `get_video_transcript`: one page of the transcript.
#[derive(Debug, Clone, Serialize)]
pub struct TranscriptAnswer {
    pub video_id: VideoId,
    pub track: ChosenTrack,
    #[serde(flatten)]
    pub page: Page,
    /// The chapter the range was taken from, when one was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chapter: Option<Chapter>,
}

/// What `search_transcript` looks for, in which track, in how many hits, with how much
/// context.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: Query,
    pub track: TrackRequest,
    pub limits: Limits,
}

/// `search_transcript`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchAnswer {
    pub video_id: VideoId,
    pub query: String,
    pub track: ChosenTrack,
    pub total_hits: usize,
    /// The best hits, best first.
    pub hits: Vec<Moment>,
}

/// `search_transcript` over several videos: their hits ranked together.
#[derive(Debug)]
pub struct BatchSearchAnswer {
    pub query: String,
    /// Hits in all videos that answered.
    pub total_hits: usize,
    /// The best hits of all videos, best first, each naming its video.
    pub hits: Vec<Moment>,
    /// Per video, in the order given: its answer (whose hits are in `hits`) or its error.
    pub results: Vec<Item<SearchAnswer>>,
}

impl Engine {
    /// An engine over any YouTube client (HTTP, cached, or a test double), signing page
    /// cursors with a random key.
    pub fn new(client: Arc<dyn YouTubeClient>) -> Self {
        Self { client, cursors: Arc::new(CursorKey::random()) }
    }

    /// Signs page cursors with `key`, so engines sharing it accept each other's cursors.
    pub fn with_cursor_key(self, key: CursorKey) -> Self {
        Self { cursors: Arc::new(key), ..self }
    }

    /// The client the engine asks, for its counters.
    pub fn client(&self) -> &Arc<dyn YouTubeClient> {
        &self.client
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
        let page = self.page_facts(id).await;
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
            published: details.published.clone().or_else(|| page.published.clone()),
            view_count: details.view_count,
            description: details.description.clone(),
            keywords: details.keywords.clone(),
            live_status: details.live_status,
            thumbnail_url: details.thumbnail_url.clone(),
            url: watch_url(id, None),
            captions: captions_summary(&info),
            chapters: chapters_of(&info, &page),
            transcript_tokens_estimate: details
                .duration_seconds
                .filter(|_| transcript_blocker(&info).is_none())
                .map(token_estimate::transcript_tokens),
        })
    }

    /// `get_video_context` for each of `videos`, a few at a time.
    pub async fn video_contexts(&self, videos: &[BatchVideo]) -> Vec<Item<VideoContext>> {
        batch::each(videos, |id| async move { self.video_context(&id).await }).await
    }

    /// What the watch page adds, or nothing (logged) when it cannot be had: the rest of the
    /// answer comes from the player and is still worth returning.
    async fn page_facts(&self, id: &VideoId) -> Arc<PageFacts> {
        match self.client.page_facts(id).await {
            Ok(page) => page,
            Err(error) => {
                tracing::warn!(video_id = %id, %error, "no watch page facts (date, chapters)");
                Arc::default()
            }
        }
    }

    /// The chapters of a video; none when the video has none or its page cannot be had.
    ///
    /// # Errors
    /// As [`YouTubeClient::video`].
    pub async fn chapters(&self, id: &VideoId) -> Result<Vec<Chapter>, Error> {
        let page = self.page_facts(id).await;
        let info = self.client.video(id).await?;
        Ok(chapters_of(&info, &page))
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

    /// `check_transcript_availability` for each of `videos`, a few at a time.
    pub async fn availabilities(&self, videos: &[BatchVideo]) -> Vec<Item<Availability>> {
        batch::each(videos, |id| async move { self.availability(&id).await }).await
    }

    /// One page of the transcript of the requested (or default) track, optionally cut to a
    /// chapter.
    ///
    /// # Errors
    /// Unplayable videos, missing languages or translations, bad ranges and cursors, and
    /// every upstream failure.
    pub async fn transcript(
        &self,
        id: &VideoId,
        request: &TranscriptRequest,
    ) -> Result<TranscriptAnswer, Error> {
        let (read, chapter) = self.chapter_range(id, request).await?;
        let resume = match &request.cursor {
            Some(cursor) => Some(self.resume(id, cursor, request, &read)?),
            None => None,
        };
        let info = self.playable(id).await?;
        let choice = match &resume {
            Some(resume) => resumed_choice(id, &info, resume, &request.track)?,
            None => tracks::choose(id, &info.captions, &request.track)?,
        };

        let transcript = self.client.transcript(id, &choice.track, choice.translate_to()).await?;
        let source = Source { video: id, choice: &choice, transcript: &transcript };
        let page = reading::read_page(&self.cursors, source, &read, resume.as_ref())
            .map_err(|error| blame_chapter(error, chapter.as_ref()))?;
        Ok(TranscriptAnswer { video_id: id.clone(), track: chosen(&choice), page, chapter })
    }

    /// The read request with a named chapter turned into its time range.
    ///
    /// # Errors
    /// `invalid_input` when the chapter is unknown (checked before any transcript is
    /// fetched) or when `start`/`end` are given with it.
    async fn chapter_range(
        &self,
        id: &VideoId,
        request: &TranscriptRequest,
    ) -> Result<(ReadRequest, Option<Chapter>), Error> {
        let Some(name) = &request.chapter else {
            return Ok((request.read.clone(), None));
        };
        if request.read.start.is_some() || request.read.end.is_some() {
            return Err(Error::invalid_input("chapter", "give a chapter or start/end, not both"));
        }
        let chapters = self.chapters(id).await?;
        let chapter = chapters::find(&chapters, name)?.clone();
        let read =
            ReadRequest { start: Some(chapter.start), end: chapter.end, ..request.read.clone() };
        Ok((read, Some(chapter)))
    }

    /// Opens a cursor for this call, checking it against the call's arguments.
    fn resume(
        &self,
        id: &VideoId,
        cursor: &str,
        request: &TranscriptRequest,
        read: &ReadRequest,
    ) -> Result<Resume, Error> {
        let translate_to = request.track.translate_to.as_ref();
        Resume::open(&self.cursors, cursor, id, read, translate_to)
    }

    /// The player's answer, once the video is known to be playable.
    async fn playable(&self, id: &VideoId) -> Result<Arc<VideoInfo>, Error> {
        let info = self.client.video(id).await?;
        match info.playability.transcript_error(id) {
            Some(error) => Err(error),
            None => Ok(info),
        }
    }

    /// The moments that answer the query, best first, with context, chapters and deep links.
    ///
    /// # Errors
    /// As [`Engine::transcript`].
    pub async fn search(
        &self,
        id: &VideoId,
        request: &SearchRequest,
    ) -> Result<SearchAnswer, Error> {
        let chapters = self.chapters(id).await?;
        let info = self.playable(id).await?;
        let choice = tracks::choose(id, &info.captions, &request.track)?;
        let client = &self.client;
        let (transcript, index) =
            client.indexed_transcript(id, &choice.track, choice.translate_to()).await?;

        let found = search::search(&index, &request.query, request.limits);
        let hits = found.hits.iter().map(|h| moments::moment(id, &transcript, &chapters, h));
        Ok(SearchAnswer {
            video_id: id.clone(),
            query: request.query.text().to_owned(),
            track: chosen(&choice),
            total_hits: found.total,
            hits: hits.collect(),
        })
    }

    /// Searches each of `videos` (a few at a time) and ranks all their hits together.
    pub async fn search_videos(
        &self,
        videos: &[BatchVideo],
        request: &SearchRequest,
    ) -> BatchSearchAnswer {
        let mut results =
            batch::each(videos, |id| async move { self.search(&id, request).await }).await;

        let mut total_hits = 0;
        let mut lists = Vec::new();
        for answer in results.iter_mut().filter_map(|item| item.outcome.as_mut().ok()) {
            total_hits += answer.total_hits;
            lists.push((answer.video_id.clone(), std::mem::take(&mut answer.hits)));
        }
        BatchSearchAnswer {
            query: request.query.text().to_owned(),
            total_hits,
            hits: moments::rank_across(lists, request.limits.max_results),
            results,
        }
    }
}

/// The chapters of a video from its page's markers, else its description.
fn chapters_of(info: &VideoInfo, page: &PageFacts) -> Vec<Chapter> {
    let (description, duration) = match &info.details {
        Some(details) => (details.description.as_str(), details.duration_seconds),
        None => ("", None),
    };
    chapters::of_video(&page.chapters, description, duration)
}

/// A range error caused by a named chapter is about `chapter`, which the caller gave, not
/// about the `start` it was turned into.
fn blame_chapter(error: Error, chapter: Option<&Chapter>) -> Error {
    match (error, chapter) {
        (Error::InvalidInput { parameter, problem, .. }, Some(chapter)) if parameter == "start" => {
            Error::invalid_input(
                "chapter",
                format!(
                    "chapter `{}` lies outside this track's transcript: {problem}",
                    chapter.title
                ),
            )
        }
        (error, _) => error,
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
        flags: crate::tracks::track_flags(track),
    }
}

fn chosen(choice: &Choice) -> ChosenTrack {
    let track = &choice.track;
    ChosenTrack {
        language_code: track.language_code.clone(),
        language_name: track.language_name.clone(),
        kind: track.kind.as_str(),
        selected_because: choice.because.as_str(),
        flags: tracks::track_flags(track),
        translated_to: choice.translation.as_ref().map(|target| Translation {
            language_code: target.code.clone(),
            language_name: target.name.clone(),
        }),
    }
}

/// The track a cursor continues; a `language` or `prefer` given with it must choose the same.
fn resumed_choice(
    id: &VideoId,
    info: &VideoInfo,
    resume: &Resume,
    asked: &TrackRequest,
) -> Result<Choice, Error> {
    let choice = resume.choice(&info.captions)?;
    let repeated = !asked.languages.is_empty() || asked.prefer != tracks::Prefer::default();
    if repeated && !resume.continues(tracks::choose_track(id, &info.captions, asked)?.0) {
        let problem = format!(
            "chooses another track than the {} ({}) track the cursor continues; pass the same \
             language and prefer, or only video and cursor",
            choice.track.language_code,
            choice.track.kind.as_str()
        );
        return Err(Error::invalid_input("language", problem));
    }
    Ok(choice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_error_from_a_chapter_names_the_chapter() {
        let chapter = Chapter { title: "Ports".into(), start: 254.0, end: Some(300.0) };
        let past_end = Error::invalid_input("start", "start 4:14 is past its end (2:07)");

        let error = blame_chapter(past_end.clone(), Some(&chapter));
        assert_eq!(error.details()["parameter"], "chapter");
        assert!(error.to_string().contains("chapter `Ports` lies outside"), "{error}");

        let untouched = blame_chapter(past_end, None);
        assert_eq!(untouched.details()["parameter"], "start");
    }
}
