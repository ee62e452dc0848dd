//! The cache in front of YouTube: what repeated, concurrent, negative, blocked and expired
//! calls cost upstream, and the byte bound under a stream of distinct transcripts.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, ResponseTemplate};

use support::fake_youtube::FakeYouTube;
use support::harness::Harness;
use support::srv1_gen::{self, Spec};
use youtube_mcp::Error;
use youtube_mcp::cache::{CachePolicy, CachedYouTubeClient, Kind};
use youtube_mcp::config::Config;
use youtube_mcp::transcript::parse_srv1;
use youtube_mcp::video_id::VideoId;
use youtube_mcp::youtube::{
    CaptionTrack, Captions, PageFacts, Playability, TrackKind, Transcript, UpstreamRequests,
    VideoInfo, YouTubeClient,
};

const MULTILANG: &str = "GJLlxj_dtq8";
const EN_ONLY: &str = "F1xioXWb8CY";

/// A TTL short enough to wait out in a test, long enough for a few local calls.
const SHORT_TTL: Duration = Duration::from_millis(400);

async fn counts(harness: &Harness) -> (usize, usize, usize) {
    let fake = &harness.fake;
    (
        fake.requests_to("/watch").await,
        fake.requests_to("/youtubei/v1/player").await,
        fake.requests_to("/api/timedtext").await,
    )
}

fn config_with(policy: CachePolicy) -> Config {
    Config {
        cache_player_ttl: policy.player_ttl,
        cache_transcript_ttl: policy.transcript_ttl,
        cache_search_ttl: policy.search_index_ttl,
        cache_negative_ttl: policy.negative_ttl,
        ..Config::default()
    }
}

#[tokio::test]
async fn a_cold_transcript_costs_three_requests_and_a_repeat_costs_none() {
    let harness = Harness::start().await;

    harness.ok("get_video_transcript", json!({ "video": MULTILANG })).await;
    assert_eq!(counts(&harness).await, (1, 1, 1), "watch page, player, caption track");

    harness.ok("get_video_transcript", json!({ "video": MULTILANG })).await;
    harness.ok("check_transcript_availability", json!({ "video": MULTILANG })).await;
    assert_eq!(counts(&harness).await, (1, 1, 1), "repeats are served from the cache");

    // Search adds the watch page once, for the chapters its hits name.
    harness.ok("search_transcript", json!({ "video": MULTILANG, "query": "test" })).await;
    harness.ok("search_transcript", json!({ "video": MULTILANG, "query": "made" })).await;
    assert_eq!(counts(&harness).await, (2, 1, 1));

    // The innertube key is known now: another video needs no watch page.
    harness.ok("get_video_transcript", json!({ "video": EN_ONLY })).await;
    assert_eq!(counts(&harness).await, (2, 2, 2));

    // Context reuses the watch page the search fetched (date and chapters).
    harness.ok("get_video_context", json!({ "video": MULTILANG })).await;
    harness.ok("get_video_context", json!({ "video": MULTILANG })).await;
    assert_eq!(counts(&harness).await, (2, 2, 2));

    let stats = harness.youtube.stats().await;
    assert_eq!(stats.upstream, UpstreamRequests { watch_page: 2, player: 2, transcript: 2 });
    assert!(stats.kind(Kind::Player).hits >= 3, "{stats:?}");
    assert_eq!(stats.kind(Kind::Transcript).entries, 2);
    assert_eq!(stats.kind(Kind::SearchIndex).entries, 1);
}

#[tokio::test]
async fn ten_concurrent_identical_calls_make_one_request_per_endpoint() {
    let fake = FakeYouTube::start().await;
    let raw = include_str!("fixtures/youtube/player_android_ok_multilang_GJLlxj_dtq8.json");
    let player: Value = serde_json::from_str(raw).expect("fixture is JSON");
    Mock::given(method("POST"))
        .and(path("/youtubei/v1/player"))
        .and(body_partial_json(json!({ "videoId": MULTILANG })))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(player).set_delay(Duration::from_millis(300)),
        )
        .with_priority(1)
        .mount(fake.server())
        .await;
    let harness = Harness::with_fake(fake).await;

    let calls = (0..10)
        .map(|_| harness.ok("search_transcript", json!({ "video": MULTILANG, "query": "test" })));
    let answers = futures_util::future::join_all(calls).await;

    assert!(answers.iter().all(|a| a["total_hits"] == 1), "whole words: `test`, not `testing`");
    assert_eq!(counts(&harness).await, (1, 1, 1));
}

#[tokio::test]
async fn a_negative_answer_is_reused_only_for_its_ttl() {
    let policy = CachePolicy { negative_ttl: SHORT_TTL, ..CachePolicy::default() };
    let harness = Harness::with_config(FakeYouTube::start().await, config_with(policy)).await;

    harness.err("get_video_transcript", json!({ "video": "8VajtrESJzA" })).await;
    harness.err("get_video_transcript", json!({ "video": "8VajtrESJzA" })).await;
    assert_eq!(counts(&harness).await.1, 1, "the second call is served from the cache");

    tokio::time::sleep(SHORT_TTL + Duration::from_millis(200)).await;
    let error = harness.err("get_video_transcript", json!({ "video": "8VajtrESJzA" })).await;
    assert_eq!(error["code"], "video_private");
    assert_eq!(counts(&harness).await.1, 2, "after the TTL YouTube is asked again");
}

#[tokio::test]
async fn blocks_and_rate_limits_are_never_cached() {
    let fake = FakeYouTube::start().await;
    Mock::given(method("POST"))
        .and(path("/youtubei/v1/player"))
        .and(body_partial_json(json!({ "videoId": EN_ONLY })))
        .respond_with(ResponseTemplate::new(429))
        .with_priority(1)
        .mount(fake.server())
        .await;
    // One innertube client, and a block breaker whose 1 ms cool-down each call waits out, so
    // every call reaches the player once and only the cache could save a request.
    let config = Config {
        innertube_clients: vec!["ANDROID:20.10.38".parse().expect("client")],
        breaker_cooldown: 0.001,
        breaker_threshold: 100,
        ..Config::default()
    };
    let harness = Harness::with_config(fake, config).await;
    let past_the_cooldown = || tokio::time::sleep(Duration::from_millis(20));

    for _ in 0..2 {
        past_the_cooldown().await;
        let blocked = harness.err("get_video_transcript", json!({ "video": "BotCheck000" })).await;
        assert_eq!(blocked["code"], "request_blocked");
        assert!(blocked["details"].get("breaker").is_none(), "YouTube's own bot check");
    }
    for _ in 0..2 {
        past_the_cooldown().await;
        let limited = harness.err("get_video_transcript", json!({ "video": EN_ONLY })).await;
        assert_eq!(limited["code"], "rate_limited");
    }
    assert_eq!(counts(&harness).await.1, 4, "every call went upstream");
    assert_eq!(harness.youtube.stats().await.kind(Kind::Player).entries, 0);
}

#[tokio::test]
async fn player_data_is_fetched_again_after_its_ttl() {
    let policy = CachePolicy { player_ttl: SHORT_TTL, ..CachePolicy::default() };
    let harness = Harness::with_config(FakeYouTube::start().await, config_with(policy)).await;

    harness.ok("check_transcript_availability", json!({ "video": MULTILANG })).await;
    harness.ok("check_transcript_availability", json!({ "video": MULTILANG })).await;
    assert_eq!(counts(&harness).await.1, 1);

    tokio::time::sleep(SHORT_TTL + Duration::from_millis(200)).await;
    harness.ok("check_transcript_availability", json!({ "video": MULTILANG })).await;
    assert_eq!(counts(&harness).await.1, 2);
}

/// An upstream of generated videos: each id has one English track whose body comes from the
/// committed srv1 generator and goes through our real parser.
struct GeneratedYouTube {
    transcripts: AtomicU64,
}

#[async_trait]
impl YouTubeClient for GeneratedYouTube {
    async fn video(&self, id: &VideoId) -> Result<Arc<VideoInfo>, Error> {
        let track = CaptionTrack {
            language_code: "en".into(),
            language_name: "English".into(),
            kind: TrackKind::Manual,
            translatable: false,
            base_url: format!("https://www.youtube.com/api/timedtext?v={id}&lang=en"),
            po_token_required: false,
        };
        let captions = Captions { tracks: vec![track], ..Captions::default() };
        Ok(Arc::new(VideoInfo {
            id: id.clone(),
            details: None,
            playability: Playability::Ok,
            captions,
            served_by: None,
        }))
    }

    async fn page_facts(&self, _: &VideoId) -> Result<Arc<PageFacts>, Error> {
        Ok(Arc::default())
    }

    async fn transcript(
        &self,
        id: &VideoId,
        _: &CaptionTrack,
        _: Option<&str>,
    ) -> Result<Arc<Transcript>, Error> {
        self.transcripts.fetch_add(1, Ordering::Relaxed);
        let body = srv1_gen::srv1(&Spec::new(id.as_str(), "en", srv1_gen::Kind::Manual, 200));
        Ok(Arc::new(parse_srv1(&body)?))
    }
}

#[tokio::test]
async fn the_byte_bound_holds_under_a_thousand_distinct_transcripts() {
    const BOUND: u64 = 1024 * 1024;
    let upstream = Arc::new(GeneratedYouTube { transcripts: AtomicU64::new(0) });
    let cache = CachedYouTubeClient::in_memory(upstream.clone(), CachePolicy::default(), BOUND);

    let mut fetched_bytes = 0;
    for n in 0..1000 {
        let id = VideoId::from_bare(&format!("gen{n:08}")).expect("valid id");
        let info = cache.video(&id).await.expect("video");
        let transcript =
            cache.transcript(&id, &info.captions.tracks[0], None).await.expect("transcript");
        fetched_bytes += transcript.segments.iter().map(|s| s.text.len()).sum::<usize>();
    }

    let stats = cache.stats().await;
    assert_eq!(upstream.transcripts.load(Ordering::Relaxed), 1000);
    assert!(fetched_bytes > 4 * BOUND as usize, "the stream ({fetched_bytes} B) dwarfs the bound");
    assert!(stats.total_bytes() <= BOUND, "{} bytes held", stats.total_bytes());
    assert!(stats.kind(Kind::Transcript).evictions > 0, "{stats:?}");
    assert!(stats.kind(Kind::Transcript).entries < 1000);
}

#[tokio::test]
async fn search_indexes_count_in_the_byte_bound() {
    const BOUND: u64 = 1024 * 1024;
    let upstream = Arc::new(GeneratedYouTube { transcripts: AtomicU64::new(0) });
    let cache = CachedYouTubeClient::in_memory(upstream.clone(), CachePolicy::default(), BOUND);

    for n in 0..300 {
        let id = VideoId::from_bare(&format!("idx{n:08}")).expect("valid id");
        let info = cache.video(&id).await.expect("video");
        let (transcript, index) =
            cache.indexed_transcript(&id, &info.captions.tracks[0], None).await.expect("index");
        assert_eq!(index.segment_count(), transcript.segments.len());
    }

    let stats = cache.stats().await;
    assert!(stats.total_bytes() <= BOUND, "{} bytes held", stats.total_bytes());
    assert!(stats.kind(Kind::SearchIndex).evictions > 0, "{stats:?}");
}
