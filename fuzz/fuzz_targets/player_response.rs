//! Fuzzes the innertube player answer reader with any text YouTube (or a proxy) could send.
//!
//! Besides never panicking, the reader must refuse exactly the bodies it documents (not a JSON
//! object, or about another video), and an accepted answer must keep its promises: about the
//! requested video, numbers as written, dates in the documented shapes, a consistent caption
//! list. `tests/properties/invariants.rs` holds the checks.

#![no_main]

#[path = "../../tests/properties/invariants.rs"]
mod invariants;

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use youtube_mcp::video_id::VideoId;
use youtube_mcp::youtube::player::parse_player;

/// The id every answer is read for: the one the recorded multi-language fixture is about.
const REQUESTED: &str = "GJLlxj_dtq8";

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let requested = VideoId::from_bare(REQUESTED).expect("the constant is a valid id");

    let answer: Option<Value> = serde_json::from_str(&body).ok();
    invariants::check_player(answer.as_ref(), &requested, &parse_player(&body, &requested));
});
