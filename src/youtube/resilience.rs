//! What the client did to survive YouTube, for the stats: retries, the breaker, client
//! fallback and the proxies.

use std::collections::BTreeMap;

use serde::Serialize;

pub use super::breaker::{BreakerState, BreakerStats};
pub use super::proxy::RouteStats;

/// A snapshot of the client's survival counters.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ResilienceStats {
    pub retries: RetryStats,
    pub breaker: BreakerStats,
    pub innertube: InnertubeStats,
    /// One entry per route: `direct`, or each proxy (passwords hidden).
    pub routes: Vec<RouteStats>,
    /// What YouTube answered, per endpoint and status.
    pub answers: AnswerCounts,
}

/// Answers per endpoint (`watch_page`, `player`, `transcript`), then per HTTP status or
/// `timeout`, `no_connection`, `failed` for requests that got none.
pub type AnswerCounts = BTreeMap<String, BTreeMap<String, u64>>;

/// Requests sent again, and why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RetryStats {
    /// Requests sent again after a connection error or a 5xx.
    pub after_failure: u64,
    /// Requests sent again after waiting out a short `Retry-After`.
    pub after_retry_after: u64,
    /// 429 answers received.
    pub rate_limited: u64,
    /// Answers refused for exceeding the body size cap.
    pub oversized: u64,
}

/// Which innertube clients served player answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct InnertubeStats {
    /// Player answers refused from one client and asked of the next.
    pub fallbacks: u64,
    /// `(client name, answers it served)`, in the configured order.
    pub served: Vec<(String, u64)>,
}
