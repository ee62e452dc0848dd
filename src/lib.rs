//! youtube-mcp: an MCP server that reads YouTube video context and transcripts.

pub mod error;
mod error_hints;
pub mod video_id;
pub mod youtube;

pub use error::{Error, ErrorCode, Stage};
