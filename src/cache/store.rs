//! Where cached values live: a small trait, and its in-memory implementation on moka.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use moka::Expiry;
use moka::future::Cache;
use moka::notification::RemovalCause;

use super::key::{CacheKey, CachedValue};
use super::stats::Counters;

/// A store of cached values with a time to live each. A shared tier (Redis, say) implements
/// this too; single flight and policy stay in [`super::CachedYouTubeClient`].
#[async_trait]
pub trait CacheStore: Send + Sync {
    /// The value under `key`, when present and not expired.
    async fn get(&self, key: &CacheKey) -> Option<CachedValue>;

    /// Stores `value` under `key` for `ttl`.
    async fn insert(&self, key: CacheKey, value: CachedValue, ttl: Duration);

    /// Applies pending evictions and expirations, so counters are exact (tests, stats).
    async fn settle(&self);
}

/// A stored value with the time to live and weight it was stored with.
#[derive(Debug, Clone)]
struct Entry {
    value: CachedValue,
    ttl: Duration,
    bytes: usize,
}

/// Each entry expires after its own time to live.
struct PerEntryTtl;

impl Expiry<CacheKey, Entry> for PerEntryTtl {
    fn expire_after_create(&self, _: &CacheKey, entry: &Entry, _: Instant) -> Option<Duration> {
        Some(entry.ttl)
    }
}

/// The in-memory store: moka's concurrent cache, bounded by bytes.
pub struct MokaStore {
    cache: Cache<CacheKey, Entry>,
    counters: Arc<Counters>,
}

impl MokaStore {
    /// A store holding at most `max_bytes` of values (weighed by [`CachedValue::weight`]).
    pub(super) fn new(max_bytes: u64, counters: Arc<Counters>) -> Self {
        let listener_counters = counters.clone();
        let cache = Cache::builder()
            .max_capacity(max_bytes)
            .weigher(|_: &CacheKey, entry: &Entry| u32::try_from(entry.bytes).unwrap_or(u32::MAX))
            .expire_after(PerEntryTtl)
            .eviction_listener(move |key: Arc<CacheKey>, entry: Entry, cause| {
                let kind = key.kind();
                listener_counters.removed(kind, entry.bytes);
                match cause {
                    RemovalCause::Size => Counters::bump(&listener_counters.of(kind).evictions),
                    RemovalCause::Expired => {
                        Counters::bump(&listener_counters.of(kind).expirations)
                    }
                    RemovalCause::Explicit | RemovalCause::Replaced => {}
                }
            })
            .build();
        Self { cache, counters }
    }
}

#[async_trait]
impl CacheStore for MokaStore {
    async fn get(&self, key: &CacheKey) -> Option<CachedValue> {
        self.cache.get(key).await.map(|entry| entry.value)
    }

    async fn insert(&self, key: CacheKey, value: CachedValue, ttl: Duration) {
        let bytes = value.weight();
        self.counters.added(key.kind(), bytes);
        self.cache.insert(key, Entry { value, ttl, bytes }).await;
    }

    async fn settle(&self) {
        self.cache.run_pending_tasks().await;
    }
}
