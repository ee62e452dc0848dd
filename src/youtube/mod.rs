//! Talking to YouTube: the [`YouTubeClient`] trait the tools use, and its parts.

mod dates;
pub mod hosts;
pub mod http;
pub mod model;
pub mod player;
pub mod watch_page;

use std::sync::Arc;

use async_trait::async_trait;

pub use model::*;

use crate::error::Error;
use crate::video_id::VideoId;

/// The two questions the tools ask YouTube. Implemented over HTTP, and later by a cache.
#[async_trait]
pub trait YouTubeClient: Send + Sync {
    /// Metadata, playability and caption tracks of one video.
    ///
    /// # Errors
    /// Only when the answer could not be learned (blocked, timeout, changed shape, not found);
    /// an unplayable video is an `Ok` whose [`VideoInfo::playability`] says why.
    async fn video(&self, id: &VideoId) -> Result<Arc<VideoInfo>, Error>;

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
}
