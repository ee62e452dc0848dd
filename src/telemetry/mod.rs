//! What the server tells its operator: a trace line for every tool call, and the counters
//! behind the `youtube-mcp://stats` resource.
//!
//! - [`call`]: one call's own trace (cache hits and misses, requests sent upstream), which the
//!   cache and the transport add to without knowing which call they serve;
//! - [`calls`]: calls per tool, how they ended and how long they took;
//! - [`report`]: the stats document, from those counters, the cache's and the client's.

pub mod call;
pub mod calls;
pub mod report;

pub use call::CallTrace;
pub use calls::{CallOutcome, CallStats};
pub use report::StatsReport;
