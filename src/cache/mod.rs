//! The cache in front of YouTube: each video fetched once, quota spent once, memory bounded.
//!
//! [`CachedYouTubeClient`] wraps any [`crate::youtube::YouTubeClient`] and implements the same
//! trait, so the engine and the tools cannot tell the difference. It keeps three kinds of
//! values, each with its own time to live ([`CachePolicy`]): player data (a video's metadata
//! and tracks, and what its watch page adds: date and chapters), parsed transcripts per
//! (video, track, translation), and the search indexes built from them. Values are `Arc`s,
//! shared with every caller.
//!
//! - Storage sits behind the small [`CacheStore`] trait; [`MokaStore`] keeps it in memory,
//!   bounded by bytes (a weigher over real sizes), so a shared tier can be added later.
//! - Concurrent identical misses share one upstream fetch ([`flight`]); a caller that gives up
//!   does not cancel it for the others, and the fetch stops only when its last caller leaves.
//! - Permanent negatives (not found, private, captions off) live briefly; blocks, rate limits,
//!   timeouts and upstream errors are never stored.

mod client;
mod flight;
mod key;
mod policy;
mod stats;
mod store;

pub use client::CachedYouTubeClient;
pub use key::{CacheKey, CachedValue, Kind, TrackKey};
pub use policy::CachePolicy;
pub use stats::{CacheStats, KindStats};
pub use store::{CacheStore, MokaStore};
