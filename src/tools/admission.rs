//! How many tool calls run at once.
//!
//! rmcp starts a task for every request as it arrives, so a client that sends a thousand calls
//! at once would have a thousand fetches and transcripts in memory together. Calls past the
//! limit wait here for a slot, holding only their arguments; a cancelled call leaves the queue
//! without ever running.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tracing::debug;

use crate::telemetry::report::Load;

/// The slots of running calls, shared by every call of a server.
#[derive(Debug)]
pub struct Admission {
    slots: Arc<Semaphore>,
    limit: usize,
    waiting: AtomicUsize,
}

/// A running call's slot, given back when dropped.
#[derive(Debug)]
pub struct Slot {
    _permit: Option<OwnedSemaphorePermit>,
}

impl Admission {
    /// Lets `limit` calls (at least one) run at once.
    pub fn new(limit: usize) -> Self {
        let limit = limit.max(1);
        Self { slots: Arc::new(Semaphore::new(limit)), limit, waiting: AtomicUsize::new(0) }
    }

    /// Waits for a free slot.
    pub async fn enter(&self) -> Slot {
        if let Ok(permit) = self.slots.clone().try_acquire_owned() {
            return Slot { _permit: Some(permit) };
        }
        debug!(limit = self.limit, "every call slot is taken; waiting for one");
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let _waiting = Waiting(&self.waiting);
        // The semaphore is never closed, so acquiring fails only in theory; a call then runs
        // without a slot rather than failing.
        Slot { _permit: self.slots.clone().acquire_owned().await.ok() }
    }

    /// Calls running and waiting now.
    pub fn load(&self) -> Load {
        let running = self.limit - self.slots.available_permits();
        Load { running, waiting: self.waiting.load(Ordering::Relaxed), limit: self.limit }
    }
}

/// Counts a caller as waiting until it gets its slot or gives up.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn calls_past_the_limit_wait_until_a_slot_is_given_back() {
        let admission = Arc::new(Admission::new(2));
        let first = admission.enter().await;
        let _second = admission.enter().await;

        let queued = admission.clone();
        let third = tokio::spawn(async move { queued.enter().await });
        tokio::task::yield_now().await;
        while admission.load().waiting == 0 {
            tokio::task::yield_now().await;
        }
        assert_eq!(admission.load(), Load { running: 2, waiting: 1, limit: 2 });

        drop(first);
        let _third = third.await.expect("the third call gets the freed slot");
        assert_eq!(admission.load(), Load { running: 2, waiting: 0, limit: 2 });
    }

    #[tokio::test]
    async fn a_caller_that_gives_up_while_waiting_leaves_the_queue() {
        let admission = Admission::new(1);
        let _only = admission.enter().await;
        let gave_up =
            tokio::time::timeout(std::time::Duration::from_millis(20), admission.enter()).await;
        assert!(gave_up.is_err());
        assert_eq!(admission.load().waiting, 0);
    }
}
