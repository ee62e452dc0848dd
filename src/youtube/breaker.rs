//! The block breaker: once YouTube shows it is blocking this address, stop asking for a while.
//!
//! A captcha page, a bot check from every innertube client, or several 429s in a row mean the
//! address is blocked or throttled. Every further request would only deepen the block, so the
//! breaker opens: operations fail fast with `request_blocked` for a cool-down. When it ends, the
//! next operation is let through as the probe while the others still fail fast; the probe's
//! outcome decides: clear closes the breaker, another block signal opens it again. A probe that
//! is cancelled decides nothing, and the next operation probes instead.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;
use tracing::{info, warn};

use crate::error::{Error, Stage};

/// What a fail-fast caller is told to wait while a probe is deciding.
const PROBE_WAIT: Duration = Duration::from_secs(1);

/// When the breaker opens and for how long.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakerPolicy {
    /// How long operations fail fast once the breaker opens.
    pub cooldown: Duration,
    /// Rate-limited answers in a row that open the breaker.
    pub rate_limit_threshold: u32,
}

#[derive(Debug)]
enum State {
    Closed { rate_limits_in_a_row: u32 },
    Open { until: Instant, why: String },
    Probing { why: String },
}

/// Counters kept for the stats.
#[derive(Debug, Default)]
struct Counters {
    opened: AtomicU64,
    fast_failures: AtomicU64,
    probes: AtomicU64,
}

/// The breaker shared by every request of one client.
#[derive(Debug)]
pub struct Breaker {
    policy: BreakerPolicy,
    state: Mutex<State>,
    counters: Counters,
}

/// How an admitted operation ended, as far as blocking goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// YouTube answered without a block signal (even if the answer was an error).
    Clear,
    /// A block signal was seen and already reported with [`Breaker::trip`] or
    /// [`Breaker::rate_limited`].
    Signalled,
}

/// Leave to run one operation; settle it with its outcome.
#[must_use = "settle the permit with the operation's outcome"]
pub struct Permit<'a> {
    breaker: &'a Breaker,
    probe: bool,
    settled: bool,
}

impl Breaker {
    pub fn new(policy: BreakerPolicy) -> Self {
        let state = Mutex::new(State::Closed { rate_limits_in_a_row: 0 });
        Self { policy, state, counters: Counters::default() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Every change is one assignment, so a poisoned lock still holds a valid state.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Lets an operation at `stage` run, or fails fast while the breaker is open or probing.
    ///
    /// # Errors
    /// [`Error::BreakerOpen`] with the time left, when the operation must not go upstream.
    pub fn admit(&self, stage: Stage) -> Result<Permit<'_>, Error> {
        let mut state = self.lock();
        let refusal = match &*state {
            State::Closed { .. } => None,
            State::Open { until, why } if Instant::now() < *until => {
                Some((why.clone(), until.saturating_duration_since(Instant::now())))
            }
            State::Open { why, .. } => {
                info!(%why, "block breaker: cool-down over, letting one probe through");
                *state = State::Probing { why: why.clone() };
                self.counters.probes.fetch_add(1, Ordering::Relaxed);
                return Ok(Permit { breaker: self, probe: true, settled: false });
            }
            State::Probing { why } => Some((why.clone(), PROBE_WAIT)),
        };

        match refusal {
            None => Ok(Permit { breaker: self, probe: false, settled: false }),
            Some((why, left)) => {
                self.counters.fast_failures.fetch_add(1, Ordering::Relaxed);
                let retry_after = Duration::from_secs(left.as_secs_f64().ceil() as u64);
                Err(Error::BreakerOpen { stage, why, retry_after })
            }
        }
    }

    /// True while operations fail fast; a retry loop stops waiting when it is.
    pub fn is_open(&self) -> bool {
        matches!(&*self.lock(), State::Open { until, .. } if Instant::now() < *until)
    }

    /// Opens the breaker at once: YouTube showed a captcha or a bot check everywhere.
    pub fn trip(&self, why: &str) {
        let mut state = self.lock();
        self.open(&mut state, why.to_owned());
    }

    /// Counts one rate-limited answer; enough of them in a row (or one during a probe) open
    /// the breaker.
    pub fn rate_limited(&self) {
        let mut state = self.lock();
        match &mut *state {
            State::Closed { rate_limits_in_a_row } => {
                *rate_limits_in_a_row += 1;
                if *rate_limits_in_a_row >= self.policy.rate_limit_threshold {
                    let why = format!("{rate_limits_in_a_row} rate-limited answers in a row");
                    self.open(&mut state, why);
                }
            }
            State::Probing { .. } => {
                self.open(&mut state, "the probe was rate-limited too".to_owned());
            }
            State::Open { .. } => {}
        }
    }

    fn open(&self, state: &mut State, why: String) {
        warn!(%why, cooldown_s = self.policy.cooldown.as_secs_f64(), "block breaker opens");
        self.counters.opened.fetch_add(1, Ordering::Relaxed);
        *state = State::Open { until: Instant::now() + self.policy.cooldown, why };
    }

    fn settle(&self, probe: bool, outcome: Outcome) {
        let mut state = self.lock();
        match (&*state, outcome) {
            (State::Closed { .. }, Outcome::Clear) => {
                *state = State::Closed { rate_limits_in_a_row: 0 };
            }
            (State::Probing { .. }, Outcome::Clear) if probe => {
                info!("block breaker: the probe got through; closing");
                *state = State::Closed { rate_limits_in_a_row: 0 };
            }
            _ => {}
        }
    }

    /// A probe that ended without an outcome (cancelled): the next operation probes again.
    fn abandon_probe(&self) {
        let mut state = self.lock();
        if let State::Probing { why } = &*state {
            *state = State::Open { until: Instant::now(), why: why.clone() };
        }
    }

    /// The breaker's state and counters.
    pub fn stats(&self) -> BreakerStats {
        let (state, why, reopens_in) = match &*self.lock() {
            State::Closed { .. } => (BreakerState::Closed, None, None),
            State::Open { until, why } => {
                let left = until.saturating_duration_since(Instant::now());
                (BreakerState::Open, Some(why.clone()), Some(left.as_secs_f64()))
            }
            State::Probing { why } => (BreakerState::Probing, Some(why.clone()), None),
        };
        BreakerStats {
            state,
            why,
            reopens_in_seconds: reopens_in,
            opened: self.counters.opened.load(Ordering::Relaxed),
            fast_failures: self.counters.fast_failures.load(Ordering::Relaxed),
            probes: self.counters.probes.load(Ordering::Relaxed),
        }
    }
}

impl Permit<'_> {
    /// Reports how the operation ended.
    pub fn settle(mut self, outcome: Outcome) {
        self.settled = true;
        self.breaker.settle(self.probe, outcome);
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if self.probe && !self.settled {
            self.breaker.abandon_probe();
        }
    }
}

/// Where the breaker stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakerState {
    /// Requests go upstream.
    #[default]
    Closed,
    /// Requests fail fast until the cool-down ends.
    Open,
    /// One probe is upstream; the others fail fast until it decides.
    Probing,
}

/// A snapshot of the breaker, for the stats.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BreakerStats {
    pub state: BreakerState,
    /// Why it last opened, while it is not closed.
    pub why: Option<String>,
    /// Seconds until a probe is let through, while open.
    pub reopens_in_seconds: Option<f64>,
    /// Times it opened.
    pub opened: u64,
    /// Operations refused without a request.
    pub fast_failures: u64,
    /// Probes let through after a cool-down.
    pub probes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaker(cooldown_ms: u64) -> Breaker {
        Breaker::new(BreakerPolicy {
            cooldown: Duration::from_millis(cooldown_ms),
            rate_limit_threshold: 3,
        })
    }

    fn admitted(breaker: &Breaker) -> bool {
        breaker.admit(Stage::Player).map(|permit| permit.settle(Outcome::Clear)).is_ok()
    }

    #[test]
    fn rate_limits_open_it_only_when_they_come_in_a_row() {
        let breaker = breaker(60_000);
        breaker.rate_limited();
        breaker.rate_limited();
        assert!(admitted(&breaker), "a clear answer resets the count");
        breaker.rate_limited();
        breaker.rate_limited();
        assert!(!breaker.is_open());

        breaker.rate_limited();
        assert!(breaker.is_open());
        let error = breaker.admit(Stage::Transcript).err().expect("fails fast");
        assert_eq!(error.details()["stage"], "transcript");
        assert_eq!(error.details()["retry_after_seconds"], 60);
        assert_eq!(breaker.stats().fast_failures, 1);
    }

    #[tokio::test]
    async fn after_the_cooldown_one_probe_decides_while_the_others_fail_fast() {
        let breaker = breaker(50);
        breaker.trip("a captcha page");
        assert!(breaker.admit(Stage::Player).is_err());
        tokio::time::sleep(Duration::from_millis(70)).await;

        let probe = breaker.admit(Stage::Player).expect("the probe is let through");
        assert_eq!(breaker.stats().state, BreakerState::Probing);
        assert!(breaker.admit(Stage::Player).is_err(), "others wait for the probe");
        probe.settle(Outcome::Clear);

        assert_eq!(breaker.stats().state, BreakerState::Closed);
        assert!(admitted(&breaker));
        assert_eq!((breaker.stats().opened, breaker.stats().probes), (1, 1));
    }

    #[tokio::test]
    async fn a_blocked_probe_opens_it_again_and_a_cancelled_one_leaves_the_next_to_probe() {
        let breaker = breaker(30);
        breaker.trip("a bot check on every innertube client");
        tokio::time::sleep(Duration::from_millis(40)).await;

        let probe = breaker.admit(Stage::Player).expect("probe");
        breaker.rate_limited();
        probe.settle(Outcome::Signalled);
        assert_eq!(breaker.stats().state, BreakerState::Open);
        assert_eq!(breaker.stats().why.as_deref(), Some("the probe was rate-limited too"));

        tokio::time::sleep(Duration::from_millis(40)).await;
        drop(breaker.admit(Stage::Player).expect("second probe"));
        assert!(admitted(&breaker), "a dropped probe lets the next call probe at once");
        assert_eq!(breaker.stats().probes, 3);
    }
}
