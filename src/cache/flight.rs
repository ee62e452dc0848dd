//! Single flight: concurrent identical misses share one upstream fetch.
//!
//! The fetch runs in its own task, so a caller that gives up (its future dropped, as on
//! `notifications/cancelled`) does not cancel it for the callers still waiting. Each waiter
//! holds a guard; when the last one leaves before the fetch ends, the task is aborted, so a
//! lone caller's cancellation still stops the work.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};
use tokio::task::AbortHandle;

use super::key::{CacheKey, CachedValue};
use crate::error::Error;

type Outcome = Result<CachedValue, Error>;

/// A fetch in progress and the callers waiting for it.
struct Flight {
    outcome: Shared<BoxFuture<'static, Outcome>>,
    waiters: Arc<AtomicUsize>,
    abort: AbortHandle,
}

/// The fetches in progress, by key.
#[derive(Default)]
pub(super) struct Flights {
    in_progress: Mutex<HashMap<CacheKey, Flight>>,
}

impl Flights {
    fn lock(&self) -> MutexGuard<'_, HashMap<CacheKey, Flight>> {
        // A panic while holding this lock leaves the map consistent (every change is one
        // insert or remove), so a poisoned lock is still safe to use.
        self.in_progress.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits for the fetch of `key`, starting it with `start` when none is in progress.
    ///
    /// `start` must remove `key` from these flights (with [`Flights::finish`]) once its value
    /// is stored, so later callers find the value in the store instead.
    pub async fn join(
        self: &Arc<Self>,
        key: &CacheKey,
        start: impl FnOnce() -> BoxFuture<'static, Outcome>,
    ) -> Outcome {
        let (outcome, waiters) = {
            let mut flights = self.lock();
            let flight = flights.entry(key.clone()).or_insert_with(|| spawn(start()));
            flight.waiters.fetch_add(1, Ordering::AcqRel);
            (flight.outcome.clone(), flight.waiters.clone())
        };

        let _guard = WaiterGuard { flights: self.clone(), key: key.clone(), waiters };
        outcome.await
    }

    /// Forgets the flight of `key` once its outcome is settled.
    pub fn finish(&self, key: &CacheKey) {
        self.lock().remove(key);
    }

    /// How many fetches are in progress.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.lock().len()
    }
}

fn spawn(fetch: BoxFuture<'static, Outcome>) -> Flight {
    let task = tokio::spawn(fetch);
    let abort = task.abort_handle();
    let outcome = async move {
        task.await.unwrap_or_else(|e| {
            Err(Error::Internal { problem: format!("upstream fetch did not finish: {e}") })
        })
    };
    Flight { outcome: outcome.boxed().shared(), waiters: Arc::new(AtomicUsize::new(0)), abort }
}

/// Leaving waiter: the last one out of an unfinished flight aborts it.
struct WaiterGuard {
    flights: Arc<Flights>,
    key: CacheKey,
    waiters: Arc<AtomicUsize>,
}

impl Drop for WaiterGuard {
    fn drop(&mut self) {
        let mut flights = self.flights.lock();
        let left = self.waiters.fetch_sub(1, Ordering::AcqRel) - 1;
        let ours = flights.get(&self.key).is_some_and(|f| Arc::ptr_eq(&f.waiters, &self.waiters));
        if left == 0
            && ours
            && let Some(flight) = flights.remove(&self.key)
        {
            flight.abort.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicU32;
    use std::time::Duration;

    use super::*;
    use crate::video_id::VideoId;

    fn key() -> CacheKey {
        CacheKey::Page(VideoId::from_bare("GJLlxj_dtq8").expect("valid"))
    }

    /// A fetch that counts its starts and completions and finishes after `delay`.
    fn fetch(
        flights: Arc<Flights>,
        started: Arc<AtomicU32>,
        finished: Arc<AtomicU32>,
        delay: Duration,
    ) -> BoxFuture<'static, Outcome> {
        async move {
            started.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(delay).await;
            finished.fetch_add(1, Ordering::SeqCst);
            flights.finish(&key());
            Ok(CachedValue::Page(Arc::default()))
        }
        .boxed()
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_fetch() {
        let flights = Arc::new(Flights::default());
        let (started, finished) = (Arc::new(AtomicU32::new(0)), Arc::new(AtomicU32::new(0)));

        let calls = (0..10).map(|_| {
            let (f, s, d) = (flights.clone(), started.clone(), finished.clone());
            async move {
                f.join(&key(), || fetch(f.clone(), s, d, Duration::from_millis(50))).await
            }
        });
        let outcomes = futures_util::future::join_all(calls).await;

        assert!(outcomes.iter().all(Result::is_ok));
        assert_eq!(started.load(Ordering::SeqCst), 1);
        assert_eq!(flights.len(), 0);
    }

    #[tokio::test]
    async fn a_caller_that_gives_up_does_not_cancel_the_fetch_for_the_others() {
        let flights = Arc::new(Flights::default());
        let (started, finished) = (Arc::new(AtomicU32::new(0)), Arc::new(AtomicU32::new(0)));
        let make = |f: Arc<Flights>, s: Arc<AtomicU32>, d: Arc<AtomicU32>| {
            move || fetch(f, s, d, Duration::from_millis(100))
        };

        let caller = || {
            let f = flights.clone();
            let start = make(f.clone(), started.clone(), finished.clone());
            tokio::spawn(async move { f.join(&key(), start).await })
        };
        let quitter = caller();
        tokio::time::sleep(Duration::from_millis(10)).await;
        let stayer = caller();
        tokio::time::sleep(Duration::from_millis(10)).await;
        quitter.abort();

        assert!(stayer.await.expect("stayer runs to the end").is_ok());
        assert_eq!((started.load(Ordering::SeqCst), finished.load(Ordering::SeqCst)), (1, 1));
    }

    #[tokio::test]
    async fn a_lone_caller_that_gives_up_stops_the_fetch() {
        let flights = Arc::new(Flights::default());
        let (started, finished) = (Arc::new(AtomicU32::new(0)), Arc::new(AtomicU32::new(0)));
        let start = {
            let (f, s, d) = (flights.clone(), started.clone(), finished.clone());
            move || fetch(f, s, d, Duration::from_millis(100))
        };

        let key = key();
        let gave_up = tokio::time::timeout(Duration::from_millis(20), flights.join(&key, start));
        assert!(gave_up.await.is_err());
        tokio::time::sleep(Duration::from_millis(150)).await;

        assert_eq!((started.load(Ordering::SeqCst), finished.load(Ordering::SeqCst)), (1, 0));
        assert_eq!(flights.len(), 0);
    }
}
