//! youtube-mcp: an MCP server that reads YouTube video context and transcripts.
//!
//! Layout, in the order a tool call flows through it:
//! - [`tools`]: the MCP surface (tool list, argument parsing, result rendering);
//! - [`engine`]: answers the four questions, for MCP now and a command line later;
//! - [`video_id`]: every accepted URL form, parsed once into a [`video_id::VideoId`];
//! - [`tracks`] (with [`language`] codes and [`translation`]), [`search`], [`timestamp`]:
//!   choosing a caption track and its translation, finding words, times;
//! - [`reading`]: one page of a transcript, from [`time_range`], [`formats`], [`paging`] and
//!   signed [`cursor`]s;
//! - [`youtube`]: the [`youtube::YouTubeClient`] trait, its HTTP implementation
//!   ([`youtube::http`]: watch page, innertube player, timedtext), the upstream parsers
//!   ([`youtube::player`], [`youtube::watch_page`]) and the host policy ([`youtube::hosts`]);
//! - [`transcript`]: the srv1 caption body parser, text decoding, and tidying for reading;
//! - [`error`]: the error every layer returns and its stable codes; [`config`]: flags.

pub mod cache;
pub mod config;
pub mod cursor;
pub mod engine;
pub mod error;
mod error_hints;
pub mod formats;
pub mod language;
pub mod paging;
pub mod reading;
pub mod search;
pub mod search_index;
pub mod time_range;
pub mod timestamp;
pub mod tools;
pub mod tracks;
pub mod transcript;
pub mod translation;
pub mod video_id;
pub mod youtube;

pub use error::{Error, ErrorCode, Stage};
