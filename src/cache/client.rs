//! The caching decorator: a [`YouTubeClient`] in front of another one.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use futures_util::FutureExt;
use tracing::debug;

use super::flight::Flights;
use super::key::{CacheKey, CachedValue, Kind, TrackKey};
use super::policy::CachePolicy;
use super::stats::{CacheStats, Counters};
use super::store::{CacheStore, MokaStore};
use crate::error::Error;
use crate::search::SearchIndex;
use crate::telemetry::call;
use crate::video_id::VideoId;
use crate::youtube::resilience::ResilienceStats;
use crate::youtube::{
    CaptionTrack, PageFacts, Transcript, UpstreamRequests, VideoInfo, YouTubeClient,
};

/// Serves repeated and concurrent calls from memory; cheap to clone (all parts are shared).
#[derive(Clone)]
pub struct CachedYouTubeClient {
    inner: Arc<dyn YouTubeClient>,
    store: Arc<dyn CacheStore>,
    flights: Arc<Flights>,
    counters: Arc<Counters>,
    policy: CachePolicy,
}

/// A fetched value and how long it may be kept (`None`: not at all).
type Fetched = (CachedValue, Option<Duration>);

impl CachedYouTubeClient {
    /// Caches `inner`'s answers in memory, holding at most `max_bytes` of values.
    pub fn in_memory(inner: Arc<dyn YouTubeClient>, policy: CachePolicy, max_bytes: u64) -> Self {
        let counters = Arc::new(Counters::default());
        let store = Arc::new(MokaStore::new(max_bytes, counters.clone()));
        Self { inner, store, flights: Arc::default(), counters, policy }
    }

    /// The cache's counters, the requests that reached YouTube, and the client's survival
    /// counters (retries, breaker state, client fallback, proxies).
    pub async fn stats(&self) -> CacheStats {
        self.store.settle().await;
        self.counters.snapshot(self.inner.upstream_requests(), self.inner.resilience())
    }

    /// The value under `key`: from the store, from a fetch in progress, or fetched now.
    async fn cached<F>(&self, key: CacheKey, fetch: F) -> Result<CachedValue, Error>
    where
        F: Future<Output = Result<Fetched, Error>> + Send + 'static,
    {
        let kind = key.kind();
        if let Some(value) = self.store.get(&key).await {
            Counters::bump(&self.counters.of(kind).hits);
            call::cache_lookup(true);
            debug!(kind = kind.as_str(), hit = true, "cache");
            return Ok(value);
        }
        Counters::bump(&self.counters.of(kind).misses);
        call::cache_lookup(false);
        debug!(kind = kind.as_str(), hit = false, "cache");

        let (store, flights) = (self.store.clone(), self.flights.clone());
        let stored_key = key.clone();
        // Started in the caller's task, so the fetch's requests count for this call.
        let start = move || {
            call::carried(async move {
                let outcome = fetch.await;
                if let Ok((value, Some(ttl))) = &outcome {
                    store.insert(stored_key.clone(), value.clone(), *ttl).await;
                }
                flights.finish(&stored_key);
                outcome.map(|(value, _)| value)
            })
            .boxed()
        };
        self.flights.join(&key, start).await
    }

    fn ttl(&self, kind: Kind) -> Option<Duration> {
        Some(self.policy.ttl(kind))
    }
}

/// The cache only ever stores under a key the value kind that belongs to it.
fn mismatch(key: &str) -> Error {
    Error::Internal { problem: format!("the cache held another kind of value under a {key} key") }
}

#[async_trait]
impl YouTubeClient for CachedYouTubeClient {
    async fn video(&self, id: &VideoId) -> Result<Arc<VideoInfo>, Error> {
        let (inner, policy, owned) = (self.inner.clone(), self.policy, id.clone());
        let fetch = async move {
            let info = inner.video(&owned).await?;
            let ttl = policy.video_ttl(&info, SystemTime::now());
            Ok((CachedValue::Video(info), ttl))
        };
        match self.cached(CacheKey::Video(id.clone()), fetch).await? {
            CachedValue::Video(info) => Ok(info),
            _ => Err(mismatch("video")),
        }
    }

    async fn page_facts(&self, id: &VideoId) -> Result<Arc<PageFacts>, Error> {
        let (inner, ttl, owned) = (self.inner.clone(), self.ttl(Kind::Player), id.clone());
        let fetch = async move {
            let page = inner.page_facts(&owned).await?;
            Ok((CachedValue::Page(page), ttl))
        };
        match self.cached(CacheKey::Page(id.clone()), fetch).await? {
            CachedValue::Page(page) => Ok(page),
            _ => Err(mismatch("watch page")),
        }
    }

    async fn transcript(
        &self,
        id: &VideoId,
        track: &CaptionTrack,
        translate_to: Option<&str>,
    ) -> Result<Arc<Transcript>, Error> {
        let key = TrackKey::new(id, track, translate_to);
        let (inner, ttl) = (self.inner.clone(), self.ttl(Kind::Transcript));
        let (owned, track, target) = (id.clone(), track.clone(), translate_to.map(str::to_owned));
        let fetch = async move {
            let transcript = inner.transcript(&owned, &track, target.as_deref()).await?;
            Ok((CachedValue::Transcript(transcript), ttl))
        };
        match self.cached(CacheKey::Transcript(key), fetch).await? {
            CachedValue::Transcript(transcript) => Ok(transcript),
            _ => Err(mismatch("transcript")),
        }
    }

    async fn indexed_transcript(
        &self,
        id: &VideoId,
        track: &CaptionTrack,
        translate_to: Option<&str>,
    ) -> Result<(Arc<Transcript>, Arc<SearchIndex>), Error> {
        let key = TrackKey::new(id, track, translate_to);
        let (this, ttl) = (self.clone(), self.ttl(Kind::SearchIndex));
        let (owned, track, target) = (id.clone(), track.clone(), translate_to.map(str::to_owned));
        let fetch = async move {
            // Through the cache, so the transcript is fetched once for both kinds.
            let transcript = this.transcript(&owned, &track, target.as_deref()).await?;
            let index = Arc::new(SearchIndex::build(&transcript));
            Ok((CachedValue::SearchIndex(transcript, index), ttl))
        };
        match self.cached(CacheKey::SearchIndex(key), fetch).await? {
            CachedValue::SearchIndex(transcript, index) => Ok((transcript, index)),
            _ => Err(mismatch("search index")),
        }
    }

    fn upstream_requests(&self) -> UpstreamRequests {
        self.inner.upstream_requests()
    }

    fn resilience(&self) -> ResilienceStats {
        self.inner.resilience()
    }
}
