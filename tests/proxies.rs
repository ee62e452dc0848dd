//! `--proxy`: requests go through HTTP and SOCKS5 proxies (with credentials), several proxies
//! take turns, and a proxy that fails is skipped. The proxies are written in
//! `support::faults` and listen on loopback.

mod support;

use serde_json::json;

use support::fake_youtube::FakeYouTube;
use support::faults::{HttpProxy, Socks5Proxy, refused_address};
use support::stack::{Stack, fast_config};
use youtube_mcp::config::Config;
use youtube_mcp::youtube::resilience::RouteStats;

const VIDEO: &str = "GJLlxj_dtq8";
const OTHER: &str = "F1xioXWb8CY";

fn through(fake: &FakeYouTube, proxies: &[String]) -> Config {
    let proxy = proxies.iter().map(|p| p.parse().expect("proxy URL")).collect();
    Config { proxy, ..fast_config(&fake.uri()) }
}

async fn routes(stack: &Stack) -> Vec<RouteStats> {
    stack.stats().await.resilience.routes
}

#[tokio::test]
async fn every_request_goes_through_an_http_proxy_that_demands_credentials() {
    let fake = FakeYouTube::start().await;
    let proxy = HttpProxy::start(Some("yt:s3cret")).await;
    let stack = Stack::start(through(&fake, &[proxy.url("yt:s3cret@")])).await;

    let answer = stack.ok("get_video_transcript", json!({ "video": VIDEO })).await;
    assert_eq!(answer["video_id"], VIDEO);
    assert_eq!(proxy.forwarded(), 3, "watch page, player and caption track");

    let routes = routes(&stack).await;
    assert_eq!(routes.len(), 1);
    assert_eq!(routes[0].route, proxy.url("yt:***@"), "the password never shows");
    assert_eq!((routes[0].requests, routes[0].failures), (3, 0));
}

#[tokio::test]
async fn wrong_proxy_credentials_are_upstream_error_407_and_the_proxy_is_skipped() {
    let fake = FakeYouTube::start().await;
    let proxy = HttpProxy::start(Some("yt:s3cret")).await;
    let stack = Stack::start(through(&fake, &[proxy.url("yt:wrong@")])).await;

    let error = stack.err("get_video_transcript", json!({ "video": VIDEO })).await;
    assert_eq!(error["code"], "upstream_error");
    assert_eq!(error["details"], json!({ "stage": "watch_page", "http_status": 407 }));
    assert_eq!(proxy.forwarded(), 0);
    let routes = routes(&stack).await;
    assert_eq!((routes[0].failures, routes[0].skipped), (1, true));
}

#[tokio::test]
async fn several_proxies_take_turns_request_by_request() {
    let fake = FakeYouTube::start().await;
    let (first, second) = (HttpProxy::start(None).await, HttpProxy::start(None).await);
    let stack = Stack::start(through(&fake, &[first.url(""), second.url("")])).await;

    stack.ok("get_video_transcript", json!({ "video": VIDEO })).await;
    stack.ok("get_video_transcript", json!({ "video": OTHER })).await;

    // Five requests in turn: watch page, player, track, then player and track of OTHER.
    assert_eq!((first.forwarded(), second.forwarded()), (3, 2));
    let counts: Vec<u64> = routes(&stack).await.iter().map(|r| r.requests).collect();
    assert_eq!(counts, [3, 2]);
}

#[tokio::test]
async fn a_proxy_that_cannot_be_reached_is_skipped_and_the_call_still_succeeds() {
    let fake = FakeYouTube::start().await;
    let dead = format!("http://{}", refused_address().await);
    let alive = HttpProxy::start(None).await;
    let stack = Stack::start(through(&fake, &[dead.clone(), alive.url("")])).await;

    stack.ok("get_video_transcript", json!({ "video": VIDEO })).await;
    stack.ok("get_video_transcript", json!({ "video": OTHER })).await;

    // The dead proxy costs one failed try (retried on the other proxy), then is skipped.
    let routes = routes(&stack).await;
    assert_eq!(routes[0].route, dead);
    assert_eq!((routes[0].requests, routes[0].failures, routes[0].skipped), (1, 1, true));
    assert_eq!(alive.forwarded(), 5);
    assert_eq!(routes[1].requests, 5);
}

#[tokio::test]
async fn requests_go_through_a_socks5_proxy_with_credentials() {
    let fake = FakeYouTube::start().await;
    let proxy = Socks5Proxy::start(Some(("yt", "s3cret"))).await;
    let stack = Stack::start(through(&fake, &[proxy.url("yt:s3cret@")])).await;

    stack.ok("get_video_transcript", json!({ "video": VIDEO })).await;
    assert!(proxy.tunnels() >= 1, "the requests went through the proxy");
    assert_eq!(fake.server().received_requests().await.expect("recorded").len(), 3);
    assert_eq!(routes(&stack).await[0].requests, 3);
}
