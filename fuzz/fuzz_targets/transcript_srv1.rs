//! Fuzzes the srv1 caption body parser with any text a timedtext URL could return.
//!
//! Besides never panicking, an accepted body must give the transcript the module documents
//! (finite, non-negative millisecond times, starts in order and before `MAX_MEDIA_SECONDS`,
//! one line of non-empty text per segment), and a refused one `upstream_changed` at the
//! transcript stage. `tests/properties/invariants.rs` holds the checks.

#![no_main]

#[path = "../../tests/properties/invariants.rs"]
mod invariants;

use libfuzzer_sys::fuzz_target;
use youtube_mcp::transcript::parse_srv1;

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    invariants::check_transcript(&parse_srv1(&body));
});
