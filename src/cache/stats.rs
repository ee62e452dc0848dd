//! Counters of the cache, per kind, for the stats a later transport publishes.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use serde::Serialize;

use super::key::Kind;
use crate::youtube::UpstreamRequests;
use crate::youtube::resilience::ResilienceStats;

/// Live counters of one kind.
#[derive(Debug, Default)]
pub(super) struct KindCounters {
    pub hits: AtomicU64,
    pub misses: AtomicU64,
    pub inserts: AtomicU64,
    pub evictions: AtomicU64,
    pub expirations: AtomicU64,
    /// Signed: a removal can be counted before the insert that it follows is.
    pub entries: AtomicI64,
    pub bytes: AtomicI64,
}

/// Live counters of every kind.
#[derive(Debug, Default)]
pub(super) struct Counters {
    kinds: [KindCounters; Kind::ALL.len()],
}

impl Counters {
    pub fn of(&self, kind: Kind) -> &KindCounters {
        &self.kinds[kind.index()]
    }

    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Records a stored value of `bytes`.
    pub fn added(&self, kind: Kind, bytes: usize) {
        let kind = self.of(kind);
        Self::bump(&kind.inserts);
        kind.entries.fetch_add(1, Ordering::Relaxed);
        kind.bytes.fetch_add(bytes as i64, Ordering::Relaxed);
    }

    /// Records a value of `bytes` leaving the store.
    pub fn removed(&self, kind: Kind, bytes: usize) {
        let kind = self.of(kind);
        kind.entries.fetch_sub(1, Ordering::Relaxed);
        kind.bytes.fetch_sub(bytes as i64, Ordering::Relaxed);
    }

    pub fn snapshot(&self, upstream: UpstreamRequests, resilience: ResilienceStats) -> CacheStats {
        let kinds = Kind::ALL.map(|kind| {
            let c = self.of(kind);
            KindStats {
                kind,
                hits: c.hits.load(Ordering::Relaxed),
                misses: c.misses.load(Ordering::Relaxed),
                inserts: c.inserts.load(Ordering::Relaxed),
                evictions: c.evictions.load(Ordering::Relaxed),
                expirations: c.expirations.load(Ordering::Relaxed),
                entries: c.entries.load(Ordering::Relaxed).max(0) as u64,
                bytes: c.bytes.load(Ordering::Relaxed).max(0) as u64,
            }
        });
        CacheStats { kinds, upstream, resilience }
    }
}

/// A snapshot of one kind's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KindStats {
    pub kind: Kind,
    pub hits: u64,
    pub misses: u64,
    pub inserts: u64,
    /// Values removed to keep the byte bound.
    pub evictions: u64,
    /// Values removed because their time to live ran out.
    pub expirations: u64,
    pub entries: u64,
    pub bytes: u64,
}

/// A snapshot of the cache, of the requests that reached YouTube, and of what the client did
/// to survive YouTube (retries, breaker, client fallback, proxies).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CacheStats {
    pub kinds: [KindStats; Kind::ALL.len()],
    pub upstream: UpstreamRequests,
    pub resilience: ResilienceStats,
}

impl CacheStats {
    /// The counters of one kind.
    pub fn kind(&self, kind: Kind) -> &KindStats {
        &self.kinds[kind.index()]
    }

    /// Bytes held across kinds.
    pub fn total_bytes(&self) -> u64 {
        self.kinds.iter().map(|k| k.bytes).sum()
    }
}
