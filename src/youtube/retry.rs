//! When a failed upstream request is worth sending again, and how long to wait first.
//!
//! Only failures a second try can fix are retried: connection errors (refused, reset, cut off)
//! and 5xx answers, with exponential backoff and jitter so that several waiting calls do not
//! return in step. A 429 is retried only when its `Retry-After` is short (up to a cap); a longer
//! or missing one ends the call as `rate_limited`, because asking again sooner digs the limit
//! deeper. Everything else (4xx, timeouts, odd answers) fails at once.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use crate::error::Error;

/// The longest single backoff, whatever the attempt number.
const MAX_BACKOFF: Duration = Duration::from_secs(8);

/// How many times to try a request and how long to wait between tries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Tries in all, the first included; 1 means never retry.
    pub attempts: u32,
    /// The wait before the first retry; each later one doubles it (before jitter).
    pub base_delay: Duration,
    /// The longest `Retry-After` a 429 may ask for and still be waited out.
    pub retry_after_cap: Duration,
}

impl RetryPolicy {
    /// The wait before try `attempt + 1` after try `attempt` failed with `error`, or `None`
    /// when the error is final.
    pub fn delay_after(&self, error: &Error, attempt: u32) -> Option<Duration> {
        if attempt >= self.attempts {
            return None;
        }
        match error {
            Error::RateLimited { retry_after: Some(wait), .. } if *wait <= self.retry_after_cap => {
                Some((*wait).max(self.backoff(attempt)))
            }
            Error::UpstreamError { status: None, .. } => Some(self.backoff(attempt)),
            Error::UpstreamError { status: Some(status), .. } if *status >= 500 => {
                Some(self.backoff(attempt))
            }
            _ => None,
        }
    }

    /// Exponential backoff with "equal jitter": half the step is fixed, half random, so the
    /// wait is between `step / 2` and `step` and concurrent callers spread out.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(16);
        let step = self.base_delay.saturating_mul(1 << doublings).min(MAX_BACKOFF);
        let half = step / 2;
        half + half.mul_f64(unit_random())
    }
}

/// A number in `[0, 1)`, from the process's hash seed material: no extra dependency, and good
/// enough to spread retries apart.
fn unit_random() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Stage;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            attempts: 3,
            base_delay: Duration::from_millis(100),
            retry_after_cap: Duration::from_secs(5),
        }
    }

    fn status(code: u16) -> Error {
        Error::UpstreamError {
            stage: Stage::Player,
            status: Some(code),
            problem: format!("HTTP {code}"),
        }
    }

    #[test]
    fn backoff_doubles_within_equal_jitter_bounds() {
        for _ in 0..50 {
            let first = policy().backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let second = policy().backoff(2);
            assert!(second >= Duration::from_millis(100) && second <= Duration::from_millis(200));
        }
        assert!(policy().backoff(30) <= MAX_BACKOFF);
    }

    #[test]
    fn server_errors_and_connection_failures_are_retried_until_the_attempts_run_out() {
        let reset = Error::UpstreamError {
            stage: Stage::Player,
            status: None,
            problem: "connection reset".into(),
        };
        assert!(policy().delay_after(&status(500), 1).is_some());
        assert!(policy().delay_after(&status(503), 2).is_some());
        assert!(policy().delay_after(&reset, 1).is_some());
        assert_eq!(policy().delay_after(&status(503), 3), None);
    }

    #[test]
    fn client_errors_timeouts_and_odd_answers_are_not_retried() {
        let timeout = Error::UpstreamTimeout {
            stage: Stage::Player,
            after: Duration::from_secs(1),
            deadline: crate::error::Deadline::Request,
        };
        for error in [status(400), status(404), timeout, Error::changed(Stage::Player, "x")] {
            assert_eq!(policy().delay_after(&error, 1), None, "{error}");
        }
    }

    #[test]
    fn a_429_waits_out_a_short_retry_after_and_gives_up_on_a_long_or_missing_one() {
        let limited = |seconds: Option<u64>| Error::RateLimited {
            stage: Stage::Player,
            retry_after: seconds.map(Duration::from_secs),
        };
        assert_eq!(policy().delay_after(&limited(Some(2)), 1), Some(Duration::from_secs(2)));
        assert_eq!(policy().delay_after(&limited(Some(30)), 1), None);
        assert_eq!(policy().delay_after(&limited(None), 1), None);

        let zero = policy().delay_after(&limited(Some(0)), 1).unwrap();
        assert!(zero >= Duration::from_millis(50), "a zero Retry-After still backs off");
    }
}
