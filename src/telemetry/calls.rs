//! Calls per tool: how many, how they ended, and how long they took.
//!
//! Latencies go into an HDR histogram (`hdrhistogram`) per tool rather than a list of
//! samples: its memory is fixed (a few kilobytes) however many calls a long-running server
//! answers, and its percentiles are exact to two significant digits.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use hdrhistogram::Histogram;
use serde::Serialize;

/// The longest latency the histograms tell apart, in microseconds (an hour); longer calls
/// count as this long.
const MAX_LATENCY_MICROS: u64 = 3_600_000_000;

/// Significant digits the percentiles keep.
const LATENCY_DIGITS: u8 = 2;

/// How a call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallOutcome<'a> {
    /// A result that is not an error (a batch with failed items included).
    Answered,
    /// An error result with this stable code.
    Failed(&'a str),
    /// The client cancelled it before it answered.
    Cancelled,
}

impl CallOutcome<'_> {
    /// The outcome as logged: `ok`, the error code, or `cancelled`.
    pub fn label(&self) -> &str {
        match self {
            Self::Answered => "ok",
            Self::Failed(code) => code,
            Self::Cancelled => "cancelled",
        }
    }
}

/// The counters of every tool, shared by all calls.
#[derive(Debug, Default)]
pub struct CallStats {
    tools: Mutex<BTreeMap<String, ToolCounters>>,
}

#[derive(Debug)]
struct ToolCounters {
    calls: u64,
    cancelled: u64,
    errors: BTreeMap<String, u64>,
    latency: Option<Histogram<u32>>,
}

/// A snapshot of one tool's calls.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToolReport {
    /// Calls that ended, whatever their outcome.
    pub calls: u64,
    /// Error results, all codes together.
    pub errors: u64,
    /// Error results per stable code.
    pub errors_by_code: BTreeMap<String, u64>,
    /// Calls the client cancelled.
    pub cancelled: u64,
    /// Latency percentiles of the calls that ended, in milliseconds.
    pub latency_ms: Option<Latency>,
}

/// Latency percentiles in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Latency {
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

impl CallStats {
    /// Records one call of `tool` that ended as `outcome` after `elapsed`.
    pub fn record(&self, tool: &str, outcome: CallOutcome<'_>, elapsed: Duration) {
        let mut tools = self.tools.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let counters = tools.entry(tool.to_owned()).or_insert_with(ToolCounters::new);
        counters.calls += 1;
        match outcome {
            CallOutcome::Answered => {}
            CallOutcome::Failed(code) => *counters.errors.entry(code.to_owned()).or_default() += 1,
            CallOutcome::Cancelled => counters.cancelled += 1,
        }

        if let Some(latency) = &mut counters.latency {
            let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
            latency.saturating_record(micros.clamp(1, MAX_LATENCY_MICROS));
        }
    }

    /// A snapshot per tool, by name.
    pub fn report(&self) -> BTreeMap<String, ToolReport> {
        let tools = self.tools.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        tools.iter().map(|(tool, counters)| (tool.clone(), counters.report())).collect()
    }
}

impl ToolCounters {
    fn new() -> Self {
        // The bounds are constants that hdrhistogram accepts; without a histogram the tool
        // still counts its calls.
        let latency = Histogram::new_with_bounds(1, MAX_LATENCY_MICROS, LATENCY_DIGITS).ok();
        Self { calls: 0, cancelled: 0, errors: BTreeMap::new(), latency }
    }

    fn report(&self) -> ToolReport {
        let latency = self.latency.as_ref().filter(|h| !h.is_empty()).map(|h| {
            let millis = |micros: u64| (micros as f64 / 10.0).round() / 100.0;
            Latency {
                p50: millis(h.value_at_quantile(0.50)),
                p90: millis(h.value_at_quantile(0.90)),
                p99: millis(h.value_at_quantile(0.99)),
                max: millis(h.max()),
            }
        });
        ToolReport {
            calls: self.calls,
            errors: self.errors.values().sum(),
            errors_by_code: self.errors.clone(),
            cancelled: self.cancelled,
            latency_ms: latency,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_errors_and_cancellations_are_counted_per_tool_and_code() {
        let stats = CallStats::default();
        let ms = Duration::from_millis;
        stats.record("search_transcript", CallOutcome::Answered, ms(10));
        stats.record("search_transcript", CallOutcome::Failed("invalid_input"), ms(1));
        stats.record("search_transcript", CallOutcome::Failed("invalid_input"), ms(1));
        stats.record("search_transcript", CallOutcome::Cancelled, ms(500));
        stats.record("get_video_context", CallOutcome::Failed("video_private"), ms(3));

        let report = stats.report();
        let search = &report["search_transcript"];
        assert_eq!((search.calls, search.errors, search.cancelled), (4, 2, 1));
        assert_eq!(search.errors_by_code["invalid_input"], 2);
        assert_eq!(report["get_video_context"].errors_by_code["video_private"], 1);
        assert!(!report.contains_key("get_video_transcript"), "uncalled tools are absent");
    }

    #[test]
    fn latency_percentiles_follow_the_recorded_durations() {
        let stats = CallStats::default();
        for millis in 1..=100 {
            stats.record("t", CallOutcome::Answered, Duration::from_millis(millis));
        }
        let latency = stats.report()["t"].latency_ms.expect("recorded");

        // Two significant digits: each percentile within 1% of the exact value.
        for (got, exact) in [(latency.p50, 50.0), (latency.p90, 90.0), (latency.p99, 99.0)] {
            assert!((got - exact).abs() <= exact / 100.0, "{got} vs {exact}");
        }
        assert!((latency.max - 100.0).abs() <= 1.0, "{}", latency.max);
    }
}
