//! Talking to YouTube: the [`YouTubeClient`] trait the tools use, and its parts.
//!
//! [`http`] says what to ask; `transport` gets an answer (routes from [`proxy`], size caps
//! from `limits`, retries from [`retry`]); [`breaker`] stops asking while YouTube blocks us;
//! [`innertube`] lists the client identities the player is asked as; [`scoped`] binds the
//! client to one tool call (its deadline and progress); [`resilience`] gathers the counters.

pub mod breaker;
mod dates;
pub mod hosts;
pub mod http;
pub mod innertube;
pub mod lazy;
mod limits;
pub mod model;
pub mod player;
pub mod proxy;
pub mod resilience;
pub mod retry;
pub mod scoped;
mod transport;
pub mod watch_page;

use std::sync::Arc;

use async_trait::async_trait;

pub use model::*;

use crate::error::Error;
use crate::search::SearchIndex;
use crate::video_id::VideoId;
use crate::youtube::resilience::ResilienceStats;

/// What the tools ask YouTube. Implemented over HTTP ([`http`]) and by the cache in front of
/// it ([`crate::cache`]); the tools cannot tell the two apart.
#[async_trait]
pub trait YouTubeClient: Send + Sync {
    /// Metadata, playability and caption tracks of one video, from the innertube player.
    ///
    /// # Errors
    /// Only when the answer could not be learned (blocked, timeout, changed shape);
    /// an unplayable or missing video is an `Ok` whose [`VideoInfo::playability`] says why.
    async fn video(&self, id: &VideoId) -> Result<Arc<VideoInfo>, Error>;

    /// What the watch page adds for this video (publication date, chapter markers), which the
    /// player lacks.
    ///
    /// # Errors
    /// Any failure of the watch page request.
    async fn page_facts(&self, id: &VideoId) -> Result<Arc<PageFacts>, Error>;

    /// The transcript of one track, machine-translated when `translate_to` is given.
    ///
    /// # Errors
    /// Any upstream failure, `po_token_required` for gated tracks, never an empty transcript.
    async fn transcript(
        &self,
        id: &VideoId,
        track: &CaptionTrack,
        translate_to: Option<&str>,
    ) -> Result<Arc<Transcript>, Error>;

    /// A transcript with its search index, built from the same segments.
    ///
    /// # Errors
    /// As [`YouTubeClient::transcript`].
    async fn indexed_transcript(
        &self,
        id: &VideoId,
        track: &CaptionTrack,
        translate_to: Option<&str>,
    ) -> Result<(Arc<Transcript>, Arc<SearchIndex>), Error> {
        let transcript = self.transcript(id, track, translate_to).await?;
        let index = Arc::new(SearchIndex::build(&transcript));
        Ok((transcript, index))
    }

    /// Requests made to YouTube so far, per endpoint.
    fn upstream_requests(&self) -> UpstreamRequests {
        UpstreamRequests::default()
    }

    /// Retries, breaker, client fallback and proxy counters, for the stats.
    fn resilience(&self) -> ResilienceStats {
        ResilienceStats::default()
    }
}

/// Requests sent to YouTube, per endpoint, since the client was built.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct UpstreamRequests {
    pub watch_page: u64,
    pub player: u64,
    pub transcript: u64,
}
