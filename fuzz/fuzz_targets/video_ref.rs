//! Fuzzes the video reference parser with any text a user could paste.
//!
//! Besides never panicking, whatever parses must name a valid id with a whole start, and the
//! watch URL we print for it must resolve to the same video and start when pasted back; a
//! refusal must be a short `invalid_input` for `video`. Bare ids must parse to themselves.

#![no_main]

#[path = "../../tests/properties/invariants.rs"]
mod invariants;

use libfuzzer_sys::fuzz_target;
use youtube_mcp::video_id::{VideoId, VideoRef};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);

    if let Some(id) = VideoId::from_bare(&text) {
        assert_eq!(id.as_str(), text, "a bare id is kept as written");
        invariants::assert_resolves_to(&text, &id, None);
    }
    invariants::check_video_ref(&text, &VideoRef::parse(&text));
});
