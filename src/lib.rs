//! youtube-mcp: an MCP server that reads YouTube video context and transcripts.
//!
//! Layout, in the order a tool call flows through it:
//! - [`tools`]: the MCP surface (tool list, argument parsing, result rendering);
//! - [`engine`]: answers the four questions, for MCP now and a command line later;
//! - [`video_id`]: every accepted URL form, parsed once into a [`video_id::VideoId`];
//! - [`tracks`], [`search`], [`timestamp`]: choosing a caption track, finding words, times;
//! - [`youtube`]: the [`youtube::YouTubeClient`] trait, its HTTP implementation
//!   ([`youtube::http`]: watch page, innertube player, timedtext), the upstream parsers
//!   ([`youtube::player`], [`youtube::watch_page`]) and the host policy ([`youtube::hosts`]);
//! - [`transcript`]: the srv1 caption body parser and text decoding;
//!   Surviving YouTube (retries, the block breaker, client fallback, proxies, size caps, the
//!   per-call deadline) lives in [`youtube`] too, each part in a module of its own;
//! - [`progress`]: how far a long call got, for clients that asked;
//! - [`error`]: the error every layer returns and its stable codes; [`config`]: flags.

pub mod cache;
pub mod config;
pub mod engine;
pub mod error;
mod error_hints;
pub mod progress;
pub mod search;
pub mod search_index;
pub mod timestamp;
pub mod tools;
pub mod tracks;
pub mod transcript;
pub mod video_id;
pub mod youtube;

pub use error::{Error, ErrorCode, Stage};
