//! A YouTube client built in the background, so the server answers `initialize` at once.
//!
//! Building the HTTP stack (TLS roots, one connection pool per route) takes several
//! milliseconds; a client waiting for the handshake should not. [`LazyClient`] starts that
//! work on a blocking thread at start-up and every call waits for it, which in practice has
//! long finished by the first tool call.

use std::sync::Arc;

use async_trait::async_trait;
use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};

use super::resilience::ResilienceStats;
use super::{CaptionTrack, PageFacts, Transcript, UpstreamRequests, VideoInfo, YouTubeClient};
use crate::error::Error;
use crate::search::SearchIndex;
use crate::video_id::VideoId;

type Built = Result<Arc<dyn YouTubeClient>, Error>;

/// A client whose construction runs in the background.
pub struct LazyClient {
    ready: Shared<BoxFuture<'static, Built>>,
}

impl LazyClient {
    /// Starts `build` on a blocking thread; calls wait for it. Needs a tokio runtime.
    pub fn spawn<F>(build: F) -> Self
    where
        F: FnOnce() -> Built + Send + 'static,
    {
        let task = tokio::task::spawn_blocking(build);
        let ready = async move {
            task.await.unwrap_or_else(|e| {
                Err(Error::Internal { problem: format!("building the HTTP client failed: {e}") })
            })
        };
        Self { ready: ready.boxed().shared() }
    }

    async fn client(&self) -> Built {
        self.ready.clone().await
    }

    fn built(&self) -> Option<&Arc<dyn YouTubeClient>> {
        self.ready.peek().and_then(|built| built.as_ref().ok())
    }
}

#[async_trait]
impl YouTubeClient for LazyClient {
    async fn video(&self, id: &VideoId) -> Result<Arc<VideoInfo>, Error> {
        self.client().await?.video(id).await
    }

    async fn page_facts(&self, id: &VideoId) -> Result<Arc<PageFacts>, Error> {
        self.client().await?.page_facts(id).await
    }

    async fn transcript(
        &self,
        id: &VideoId,
        track: &CaptionTrack,
        translate_to: Option<&str>,
    ) -> Result<Arc<Transcript>, Error> {
        self.client().await?.transcript(id, track, translate_to).await
    }

    async fn indexed_transcript(
        &self,
        id: &VideoId,
        track: &CaptionTrack,
        translate_to: Option<&str>,
    ) -> Result<(Arc<Transcript>, Arc<SearchIndex>), Error> {
        self.client().await?.indexed_transcript(id, track, translate_to).await
    }

    fn upstream_requests(&self) -> UpstreamRequests {
        self.built().map(|c| c.upstream_requests()).unwrap_or_default()
    }

    fn resilience(&self) -> ResilienceStats {
        self.built().map(|c| c.resilience()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_failed_build_is_every_call_s_error() {
        let lazy = LazyClient::spawn(|| Err(Error::Internal { problem: "no TLS roots".into() }));
        let id = VideoId::from_bare("GJLlxj_dtq8").expect("valid id");

        let error = lazy.video(&id).await.expect_err("the build failed");
        assert_eq!(error.to_string(), "internal error: no TLS roots");
        assert_eq!(lazy.upstream_requests(), UpstreamRequests::default());
    }
}
