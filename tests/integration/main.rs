//! Live tests against public YouTube videos. Ignored by default (they need the internet and
//! YouTube's goodwill); run them with `cargo test --test integration -- --ignored`.
//!
//! They assert only facts that do not drift: ids, channels, durations within a second, that
//! captions exist, and words that are said in the videos.

use std::sync::Arc;

use rmcp::model::CallToolRequestParams;
use serde_json::json;
use youtube_mcp::config::Config;
use youtube_mcp::engine::{Engine, SearchRequest};
use youtube_mcp::search::{Limits, MatchMode, Query};
use youtube_mcp::tools::YouTubeServer;
use youtube_mcp::tracks::TrackRequest;
use youtube_mcp::video_id::VideoId;
use youtube_mcp::youtube::http::HttpYouTubeClient;

/// "Me at the zoo", the first video uploaded to YouTube (2005).
const ZOO: &str = "jNQXAC9IVRw";

/// Rick Astley's "Never Gonna Give You Up".
const RICK: &str = "dQw4w9WgXcQ";

fn engine() -> Engine {
    let client = HttpYouTubeClient::new(&Config::default()).expect("client builds");
    Engine::new(Arc::new(client))
}

fn id(raw: &str) -> VideoId {
    VideoId::from_bare(raw).expect("valid id")
}

#[tokio::test]
#[ignore = "live: needs access to www.youtube.com"]
async fn live_context_of_the_first_youtube_video() {
    let context = engine().video_context(&id(ZOO)).await.expect("context");
    assert_eq!(context.title, "Me at the zoo");
    assert_eq!(context.channel.name, "jawed");
    assert_eq!(context.duration_seconds, Some(19));
    assert!(context.view_count.unwrap_or(0) > 100_000_000);
}

#[tokio::test]
#[ignore = "live: needs access to www.youtube.com"]
async fn live_transcript_and_search_find_the_elephants() {
    let engine = engine();
    let availability = engine.availability(&id(ZOO)).await.expect("availability");
    assert!(availability.available, "{availability:?}");
    assert!(availability.tracks.iter().any(|t| t.language_code.starts_with("en")));

    let query = Query::parse("elephants", MatchMode::All).expect("valid query");
    let limits = Limits { max_results: 10, context: 1 };
    let request = SearchRequest { query, track: TrackRequest::default(), limits };
    let answer = engine.search(&id(ZOO), &request).await.expect("search");
    assert!(answer.total_hits >= 1, "{answer:?}");
    assert!(answer.hits[0].start < 19.0);
    assert!(answer.hits[0].url.starts_with("https://www.youtube.com/watch?v=jNQXAC9IVRw&t="));
}

#[tokio::test]
#[ignore = "live: needs access to www.youtube.com"]
async fn live_tool_call_reads_a_music_video_transcript() {
    let server = YouTubeServer::new(engine());
    let arguments = json!({ "video": format!("https://youtu.be/{RICK}"), "query": "never gonna" });
    let params = CallToolRequestParams::new("search_transcript")
        .with_arguments(arguments.as_object().cloned().expect("object"));

    let result = server.call(params).await.expect("known tool");
    assert_ne!(result.is_error, Some(true), "{:?}", result.content);
    let structured = result.structured_content.expect("structured");
    assert_eq!(structured["video_id"], RICK);
    assert!(structured["total_hits"].as_u64().unwrap_or(0) >= 3, "{structured}");
}
