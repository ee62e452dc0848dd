//! One tool call's own trace: what it found in the cache and what it sent to YouTube.
//!
//! The cache and the transport serve every call at once, below the engine, and the
//! [`YouTubeClient`](crate::youtube::YouTubeClient) trait does not name the call a step
//! belongs to. Threading a recorder through every trait method would burden each layer for
//! the sake of a log line, so the tools layer runs each call inside [`CallTrace::scope`] (a
//! tokio task-local) and the layers below add to whichever trace is current, or to none
//! outside a call. A shared fetch runs in a task of its own: the cache starts it inside
//! [`carried`], so its requests count for the call that started it, and the calls that
//! joined it count none.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use tracing::{Instrument, Span};

tokio::task_local! {
    static CURRENT: Arc<CallTrace>;
}

/// The counters of one call; shared by the tasks working for it.
#[derive(Debug, Default)]
pub struct CallTrace {
    cache_hits: AtomicU32,
    cache_misses: AtomicU32,
    upstream_requests: AtomicU32,
}

/// What one call took from the cache and from YouTube.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallSummary {
    pub cache_hits: u32,
    pub cache_misses: u32,
    pub upstream_requests: u32,
}

impl CallSummary {
    /// `hit` when every lookup hit, `miss` when every one missed, `partial` for a mix, and
    /// `none` for a call that never reached the cache (refused arguments).
    pub fn cache(&self) -> &'static str {
        match (self.cache_hits, self.cache_misses) {
            (0, 0) => "none",
            (_, 0) => "hit",
            (0, _) => "miss",
            _ => "partial",
        }
    }
}

impl CallTrace {
    /// A fresh trace for one call.
    pub fn new() -> Arc<Self> {
        Arc::default()
    }

    /// Runs `work` with this trace current, in this task.
    pub async fn scope<F: Future>(self: &Arc<Self>, work: F) -> F::Output {
        CURRENT.scope(self.clone(), work).await
    }

    /// The counts so far.
    pub fn summary(&self) -> CallSummary {
        CallSummary {
            cache_hits: self.cache_hits.load(Ordering::Relaxed),
            cache_misses: self.cache_misses.load(Ordering::Relaxed),
            upstream_requests: self.upstream_requests.load(Ordering::Relaxed),
        }
    }
}

/// Counts a cache lookup for the current call, if any.
pub fn cache_lookup(hit: bool) {
    let _ = CURRENT.try_with(|trace| {
        let counter = if hit { &trace.cache_hits } else { &trace.cache_misses };
        counter.fetch_add(1, Ordering::Relaxed);
    });
}

/// Counts a request sent to YouTube for the current call, if any.
pub fn upstream_request() {
    let _ = CURRENT.try_with(|trace| trace.upstream_requests.fetch_add(1, Ordering::Relaxed));
}

/// `work`, made to run under the current call's trace and span wherever it is polled: for
/// work handed to another task, whose logs then name the call too.
pub fn carried<F: Future>(work: F) -> impl Future<Output = F::Output> {
    let trace = CURRENT.try_with(Arc::clone).ok();
    let work = work.instrument(Span::current());
    async move {
        match trace {
            Some(trace) => CURRENT.scope(trace, work).await,
            None => work.await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn counts_reach_the_call_in_scope_and_work_it_hands_to_other_tasks() {
        let trace = CallTrace::new();
        trace
            .scope(async {
                cache_lookup(true);
                cache_lookup(false);
                let handed = tokio::spawn(carried(async { upstream_request() }));
                handed.await.expect("the task finishes");
            })
            .await;
        upstream_request();

        let summary = trace.summary();
        assert_eq!((summary.cache_hits, summary.cache_misses), (1, 1));
        assert_eq!(summary.upstream_requests, 1, "the request outside the scope is not counted");
        assert_eq!(summary.cache(), "partial");
    }

    #[tokio::test]
    async fn a_task_started_without_carrying_the_trace_counts_for_no_call() {
        let trace = CallTrace::new();
        trace
            .scope(async {
                tokio::spawn(async { upstream_request() }).await.expect("the task finishes");
            })
            .await;
        assert_eq!(trace.summary().upstream_requests, 0);
        assert_eq!(trace.summary().cache(), "none");
    }
}
