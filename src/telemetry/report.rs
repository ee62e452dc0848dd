//! The `youtube-mcp://stats` document: one JSON snapshot of how the server is doing.
//!
//! It gathers counters that live where they are counted (calls in [`super::CallStats`], the
//! cache in [`crate::cache`], upstream answers, retries and the breaker in
//! [`crate::youtube`]) and only arranges them for an operator: per tool, per cache kind,
//! per endpoint.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use super::calls::ToolReport;
use crate::cache::{CacheStats, KindStats};
use crate::youtube::UpstreamRequests;
use crate::youtube::resilience::{
    BreakerStats, InnertubeStats, ResilienceStats, RetryStats, RouteStats,
};

/// The stats resource's document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatsReport {
    pub server: ServerReport,
    /// Tool calls running now and waiting for a free slot.
    pub load: Load,
    /// Per tool name; tools not called yet are absent.
    pub tools: BTreeMap<String, ToolReport>,
    /// Per cache kind; absent when the server runs without a cache.
    pub cache: Option<BTreeMap<&'static str, KindStats>>,
    /// Per endpoint: requests sent and what came back.
    pub upstream: BTreeMap<&'static str, EndpointReport>,
    pub breaker: BreakerStats,
    pub retries: RetryStats,
    pub innertube: InnertubeStats,
    /// `direct`, or each proxy with its password hidden.
    pub routes: Vec<RouteStats>,
}

/// Who answers, and for how long it has.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerReport {
    pub name: &'static str,
    pub version: &'static str,
    pub uptime_seconds: f64,
}

/// Tool calls in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Load {
    pub running: usize,
    pub waiting: usize,
    /// The most calls that run at once (`--max-concurrent-calls`).
    pub limit: usize,
}

/// One upstream endpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndpointReport {
    /// Requests sent, retries included.
    pub requests: u64,
    /// HTTP status (or `timeout`, `no_connection`, `failed`) to count.
    pub answers: BTreeMap<String, u64>,
}

/// What the upstream side of the server reports: the cache's snapshot when there is a cache,
/// or the client's own counters.
pub enum Upstream {
    Cached(CacheStats),
    Direct(UpstreamRequests, ResilienceStats),
}

impl StatsReport {
    /// Arranges the counters into the document.
    pub fn new(
        uptime: Duration,
        load: Load,
        tools: BTreeMap<String, ToolReport>,
        upstream: Upstream,
    ) -> Self {
        let (cache, requests, resilience) = match upstream {
            Upstream::Cached(stats) => {
                let kinds = stats.kinds.iter().map(|k| (k.kind.as_str(), *k)).collect();
                (Some(kinds), stats.upstream, stats.resilience)
            }
            Upstream::Direct(requests, resilience) => (None, requests, resilience),
        };
        Self {
            server: ServerReport {
                name: env!("CARGO_PKG_NAME"),
                version: env!("CARGO_PKG_VERSION"),
                uptime_seconds: (uptime.as_secs_f64() * 1000.0).round() / 1000.0,
            },
            load,
            tools,
            cache,
            upstream: endpoints(requests, &resilience),
            breaker: resilience.breaker,
            retries: resilience.retries,
            innertube: resilience.innertube,
            routes: resilience.routes,
        }
    }
}

/// Requests and answers side by side, per endpoint.
fn endpoints(
    requests: UpstreamRequests,
    resilience: &ResilienceStats,
) -> BTreeMap<&'static str, EndpointReport> {
    let sent = [
        ("watch_page", requests.watch_page),
        ("player", requests.player),
        ("transcript", requests.transcript),
    ];
    sent.into_iter()
        .map(|(endpoint, requests)| {
            let answers = resilience.answers.get(endpoint).cloned().unwrap_or_default();
            (endpoint, EndpointReport { requests, answers })
        })
        .collect()
}
