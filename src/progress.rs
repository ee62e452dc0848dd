//! How far a long call got, told to the client that asked to know.
//!
//! MCP clients ask for progress by sending a progress token with a call; the tools layer then
//! hands the call a [`Progress`] that forwards to `notifications/progress`. Below the tools a
//! call just counts its steps (an upstream fetch, a page, an item of a batch) and never knows
//! whether anyone listens: without a token, [`Progress::none`] drops every report.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;

/// Where progress reports go; the MCP layer implements it over `notifications/progress`.
#[async_trait]
pub trait ProgressSink: Send + Sync {
    /// Delivers one report: steps done, the total when known, and what just happened.
    async fn report(&self, done: u64, total: Option<u64>, message: String);
}

/// The progress of one call; cheap to clone, every clone counts into the same call.
#[derive(Clone, Default)]
pub struct Progress {
    sink: Option<Arc<dyn ProgressSink>>,
    done: Arc<AtomicU64>,
    /// Zero while the total is unknown.
    total: Arc<AtomicU64>,
}

impl Progress {
    /// Progress nobody listens to.
    pub fn none() -> Self {
        Self::default()
    }

    /// Progress reported to `sink`.
    pub fn to(sink: Arc<dyn ProgressSink>) -> Self {
        Self { sink: Some(sink), ..Self::default() }
    }

    /// True when reports reach a client.
    pub fn is_reported(&self) -> bool {
        self.sink.is_some()
    }

    /// Announces how many steps the call will take, once it knows (the items of a batch).
    pub fn expect_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// Counts one step done and reports it.
    pub async fn step(&self, message: impl Into<String>) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let Some(sink) = &self.sink else {
            return;
        };
        let total = match self.total.load(Ordering::Relaxed) {
            0 => None,
            total => Some(total.max(done)),
        };
        sink.report(done, total, message.into()).await;
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("reported", &self.is_reported())
            .field("done", &self.done.load(Ordering::Relaxed))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[derive(Default)]
    struct Recorder(Mutex<Vec<(u64, Option<u64>, String)>>);

    #[async_trait]
    impl ProgressSink for Recorder {
        async fn report(&self, done: u64, total: Option<u64>, message: String) {
            self.0.lock().unwrap().push((done, total, message));
        }
    }

    #[tokio::test]
    async fn steps_count_up_across_clones_and_carry_the_total_once_known() {
        let recorder = Arc::new(Recorder::default());
        let progress = Progress::to(recorder.clone());
        progress.step("player answer").await;
        let clone = progress.clone();
        clone.expect_total(3);
        clone.step("item 2").await;

        let reports = recorder.0.lock().unwrap().clone();
        assert_eq!(
            reports,
            [(1, None, "player answer".to_owned()), (2, Some(3), "item 2".to_owned())]
        );
    }

    #[tokio::test]
    async fn without_a_listener_steps_are_only_counted() {
        let progress = Progress::none();
        progress.step("nobody hears this").await;
        assert!(!progress.is_reported());
        assert_eq!(progress.done.load(Ordering::Relaxed), 1);
    }
}
