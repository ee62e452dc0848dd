//! youtube-mcp: an MCP server that reads YouTube video context and transcripts.
//!
//! Layout, in the order a tool call flows through it:
//! - [`tools`]: the MCP surface (tool list, argument parsing, result rendering);
//! - [`engine`]: answers the four questions, for MCP now and a command line later;
//! - [`video_id`]: every accepted URL form, parsed once into a [`video_id::VideoId`];
//! - [`batch`]: one call for many videos, a few at a time;
//! - [`tracks`] (with [`language`] codes and [`translation`]), [`timestamp`]: choosing a
//!   caption track and its translation, formatting times;
//! - [`reading`]: one page of a transcript, from [`time_range`], [`formats`], [`paging`] and
//!   signed [`cursor`]s;
//! - [`search`]: the transcript index and ranked search; [`moments`]: its hits as cited
//!   moments, ranked across videos; [`chapters`]: chapters from page markers or descriptions;
//!   [`token_estimate`]: what a transcript will cost a model;
//! - [`youtube`]: the [`youtube::YouTubeClient`] trait, its HTTP implementation
//!   ([`youtube::http`]: watch page, innertube player, timedtext), the upstream parsers
//!   ([`youtube::player`], [`youtube::watch_page`]) and the host policy ([`youtube::hosts`]);
//! - [`transcript`]: the srv1 caption body parser, text decoding, and tidying for reading;
//!   surviving YouTube (retries, the block breaker, client fallback, proxies, size caps, the
//!   per-call deadline) lives in [`youtube`] too, each part in a module of its own;
//! - [`progress`]: how far a long call got, for clients that asked; [`telemetry`]: the trace
//!   of every call in the logs and the counters of the `youtube-mcp://stats` resource;
//! - [`error`]: the error every layer returns and its stable codes, with the [`bounds`] an
//!   argument must keep; [`config`]: flags.

pub mod batch;
pub mod bounds;
pub mod cache;
pub mod chapters;
pub mod config;
pub mod cursor;
pub mod engine;
pub mod error;
mod error_hints;
pub mod formats;
pub mod language;
pub mod moments;
pub mod paging;
pub mod progress;
pub mod reading;
pub mod search;
pub mod telemetry;
pub mod time_range;
pub mod timestamp;
pub mod token_estimate;
pub mod tools;
pub mod tracks;
pub mod transcript;
pub mod translation;
pub mod video_id;
pub mod youtube;

pub use error::{Error, ErrorCode, Stage};
