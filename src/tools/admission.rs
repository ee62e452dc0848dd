//! How many tool calls run at once.
//!
//! rmcp starts a task for every request as it arrives, so a client that sends a thousand calls
//! at once would have a thousand fetches and transcripts in memory together. Calls past the
//! limit wait here for a slot, holding only their arguments (whose weight the tools layer
//! bounds); a cancelled call leaves the queue without ever running. The queue is bounded too,
//! at [`WAITING_PER_SLOT`] calls per slot: past that a call is refused at once as
//! `server_busy`, so no client can pile up memory faster than the calls drain.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tracing::{debug, warn};

use crate::error::Error;
use crate::telemetry::report::Load;

/// Calls that may wait per slot before more are refused.
pub const WAITING_PER_SLOT: usize = 8;

/// The slots of running calls, shared by every call of a server.
#[derive(Debug)]
pub struct Admission {
    slots: Arc<Semaphore>,
    limit: usize,
    waiting: AtomicUsize,
    /// Set while calls are being refused, so a burst logs one warning, not one per call.
    refusing: AtomicBool,
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
        let slots = Arc::new(Semaphore::new(limit));
        Self { slots, limit, waiting: AtomicUsize::new(0), refusing: AtomicBool::new(false) }
    }

    /// Waits for a free slot.
    ///
    /// # Errors
    /// `server_busy` when the queue is full.
    pub async fn enter(&self) -> Result<Slot, Error> {
        if let Ok(permit) = self.slots.clone().try_acquire_owned() {
            return Ok(Slot { _permit: Some(permit) });
        }
        let max_waiting = self.limit * WAITING_PER_SLOT;
        let waiting = self.waiting.fetch_add(1, Ordering::Relaxed);
        let _waiting = Waiting(&self.waiting);
        if waiting >= max_waiting {
            if !self.refusing.swap(true, Ordering::Relaxed) {
                warn!(
                    waiting,
                    limit = self.limit,
                    "call queue full; refusing calls until it drains"
                );
            }
            return Err(Error::ServerBusy { waiting, limit: self.limit });
        }
        self.refusing.store(false, Ordering::Relaxed);

        debug!(limit = self.limit, "every call slot is taken; waiting for one");
        // The semaphore is never closed, so acquiring fails only in theory; a call then runs
        // without a slot rather than failing.
        Ok(Slot { _permit: self.slots.clone().acquire_owned().await.ok() })
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
        let first = admission.enter().await.expect("a free slot");
        let _second = admission.enter().await.expect("a free slot");

        let queued = admission.clone();
        let third = tokio::spawn(async move { queued.enter().await });
        tokio::task::yield_now().await;
        while admission.load().waiting == 0 {
            tokio::task::yield_now().await;
        }
        assert_eq!(admission.load(), Load { running: 2, waiting: 1, limit: 2 });

        drop(first);
        let _third = third.await.expect("joined").expect("the third call gets the freed slot");
        assert_eq!(admission.load(), Load { running: 2, waiting: 0, limit: 2 });
    }

    #[tokio::test]
    async fn a_caller_that_gives_up_while_waiting_leaves_the_queue() {
        let admission = Admission::new(1);
        let _only = admission.enter().await.expect("a free slot");
        let gave_up =
            tokio::time::timeout(std::time::Duration::from_millis(20), admission.enter()).await;
        assert!(gave_up.is_err());
        assert_eq!(admission.load().waiting, 0);
    }

    #[tokio::test]
    async fn calls_past_a_full_queue_are_refused_as_server_busy_until_it_drains() {
        let admission = Arc::new(Admission::new(1));
        let only = admission.enter().await.expect("a free slot");
        let mut queued = Vec::new();
        for _ in 0..WAITING_PER_SLOT {
            let admission = admission.clone();
            queued.push(tokio::spawn(async move { admission.enter().await.map(drop) }));
        }
        while admission.load().waiting < WAITING_PER_SLOT {
            tokio::task::yield_now().await;
        }

        let refused = admission.enter().await.expect_err("the queue is full");
        assert_eq!(refused.code(), crate::ErrorCode::ServerBusy);
        assert_eq!(refused.details()["waiting_calls"], WAITING_PER_SLOT);
        assert_eq!(admission.load().waiting, WAITING_PER_SLOT, "the refused call left");

        drop(only);
        for call in queued {
            call.await.expect("joined").expect("every queued call runs in turn");
        }
    }
}
