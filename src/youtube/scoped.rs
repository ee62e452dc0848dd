//! The YouTube client bound to one tool call: its deadline and its progress.
//!
//! The tools layer wraps the shared client in a [`ScopedClient`] per call, so every step the
//! engine takes runs under the call's deadline (`--call-timeout`) and reports progress,
//! without the engine threading either through its methods. A step that runs out of time is
//! `upstream_timeout` naming the step's stage, and dropping it leaves any shared fetch to the
//! callers still waiting for it (see [`crate::cache`]).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use tokio::time::Instant;

use super::resilience::ResilienceStats;
use super::{CaptionTrack, PageFacts, Transcript, UpstreamRequests, VideoInfo, YouTubeClient};
use crate::error::{Deadline, Error, Stage};
use crate::progress::Progress;
use crate::search::SearchIndex;
use crate::video_id::VideoId;

/// A client whose every step shares one deadline and reports to one call's progress.
pub struct ScopedClient {
    inner: Arc<dyn YouTubeClient>,
    budget: Duration,
    deadline: Instant,
    progress: Progress,
}

impl ScopedClient {
    /// Starts the clock of a call that may take `budget` in all.
    pub fn new(inner: Arc<dyn YouTubeClient>, budget: Duration, progress: Progress) -> Self {
        Self { inner, budget, deadline: Instant::now() + budget, progress }
    }

    /// Runs one step under the call's deadline, then reports it.
    async fn step<T>(
        &self,
        stage: Stage,
        done: &str,
        work: impl Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        let outcome = tokio::time::timeout_at(self.deadline, work).await;
        let value = outcome.unwrap_or_else(|_| {
            Err(Error::UpstreamTimeout { stage, after: self.budget, deadline: Deadline::Call })
        })?;
        self.progress.step(done).await;
        Ok(value)
    }
}

#[async_trait]
impl YouTubeClient for ScopedClient {
    async fn video(&self, id: &VideoId) -> Result<Arc<VideoInfo>, Error> {
        self.step(Stage::Player, "read the video's player answer", self.inner.video(id)).await
    }

    async fn page_facts(&self, id: &VideoId) -> Result<Arc<PageFacts>, Error> {
        let work = self.inner.page_facts(id);
        self.step(Stage::WatchPage, "read the watch page", work).await
    }

    async fn transcript(
        &self,
        id: &VideoId,
        track: &CaptionTrack,
        translate_to: Option<&str>,
    ) -> Result<Arc<Transcript>, Error> {
        let work = self.inner.transcript(id, track, translate_to);
        self.step(Stage::Transcript, "fetched the transcript", work).await
    }

    async fn indexed_transcript(
        &self,
        id: &VideoId,
        track: &CaptionTrack,
        translate_to: Option<&str>,
    ) -> Result<(Arc<Transcript>, Arc<SearchIndex>), Error> {
        let work = self.inner.indexed_transcript(id, track, translate_to);
        self.step(Stage::Transcript, "fetched and indexed the transcript", work).await
    }

    fn upstream_requests(&self) -> UpstreamRequests {
        self.inner.upstream_requests()
    }

    fn resilience(&self) -> ResilienceStats {
        self.inner.resilience()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::youtube::{Captions, Playability};

    /// A client whose player answers after `delay`.
    struct Slow {
        delay: Duration,
    }

    #[async_trait]
    impl YouTubeClient for Slow {
        async fn video(&self, id: &VideoId) -> Result<Arc<VideoInfo>, Error> {
            tokio::time::sleep(self.delay).await;
            Ok(Arc::new(VideoInfo {
                id: id.clone(),
                details: None,
                playability: Playability::Ok,
                captions: Captions::default(),
                served_by: None,
            }))
        }

        async fn page_facts(&self, _: &VideoId) -> Result<Arc<PageFacts>, Error> {
            Ok(Arc::default())
        }

        async fn transcript(
            &self,
            _: &VideoId,
            _: &CaptionTrack,
            _: Option<&str>,
        ) -> Result<Arc<Transcript>, Error> {
            Ok(Arc::default())
        }
    }

    fn id() -> VideoId {
        VideoId::from_bare("GJLlxj_dtq8").expect("valid")
    }

    #[tokio::test]
    async fn a_step_past_the_call_deadline_is_a_call_timeout_at_its_stage() {
        let slow = Arc::new(Slow { delay: Duration::from_millis(300) });
        let scoped = ScopedClient::new(slow, Duration::from_millis(50), Progress::none());

        let error = scoped.video(&id()).await.expect_err("the deadline passes first");
        assert_eq!(error.code(), crate::ErrorCode::UpstreamTimeout);
        assert_eq!(error.details()["stage"], "player");
        assert_eq!(error.details()["deadline"], "call");
        assert_eq!(error.details()["timeout_seconds"], 0.05);
    }

    #[tokio::test]
    async fn steps_share_one_deadline_rather_than_each_getting_a_fresh_one() {
        let slow = Arc::new(Slow { delay: Duration::from_millis(60) });
        let scoped = ScopedClient::new(slow, Duration::from_millis(100), Progress::none());

        assert!(scoped.video(&id()).await.is_ok());
        assert!(scoped.video(&id()).await.is_err(), "60 ms + 60 ms exceed the 100 ms budget");
    }
}
