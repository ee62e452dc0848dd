//! The server's one resource, `youtube-mcp://stats`: how it has been doing since it started.
//!
//! A resource rather than a fifth tool: it is for the operator and the client application,
//! not something a model should spend a call on, and the tool list stays the four tools.

use rmcp::ErrorData;
use rmcp::model::{Resource, ResourceContents};

use crate::telemetry::StatsReport;

/// The stats resource's URI.
pub const STATS_URI: &str = "youtube-mcp://stats";

const JSON: &str = "application/json";

/// The resources `resources/list` names.
pub fn list() -> Vec<Resource> {
    let stats = Resource::new(STATS_URI, "stats")
        .with_title("Server statistics")
        .with_description(
            "Uptime; calls, errors per code and latency percentiles per tool; cache counters \
             per kind; requests to YouTube per endpoint and status; retries and the block \
             breaker's state. JSON, read fresh on every request.",
        )
        .with_mime_type(JSON);
    vec![stats]
}

/// Checks that `uri` names a resource of this server.
///
/// # Errors
/// `-32002` (resource not found), naming the resources there are.
pub fn check(uri: &str) -> Result<(), ErrorData> {
    if uri == STATS_URI {
        return Ok(());
    }
    let message = format!("no resource {uri:?}; this server has {STATS_URI}");
    Err(ErrorData::resource_not_found(message, None))
}

/// The stats document as the resource's contents.
pub fn stats_contents(report: &StatsReport) -> Result<ResourceContents, ErrorData> {
    let text = serde_json::to_string_pretty(report).map_err(|e| {
        ErrorData::internal_error(format!("the stats did not serialise: {e}"), None)
    })?;
    Ok(ResourceContents::text(text, STATS_URI).with_mime_type(JSON))
}
