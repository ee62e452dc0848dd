//! Batches: one call for many videos, each answered on its own.
//!
//! The videos of a batch are parsed one by one: an unreadable link fails its own item, not the
//! call. Items run concurrently, at most [`PARALLELISM`] at a time so a batch of fifty does not
//! open fifty connections to YouTube at once, and come back in the order given.

use std::future::Future;

use futures_util::StreamExt;
use futures_util::stream;

use crate::bounds::Bounds;
use crate::error::Error;
use crate::video_id::{self, VideoId, VideoRef};

/// The most videos one `get_video_context` or `check_transcript_availability` call may name.
pub const MAX_CONTEXT_VIDEOS: usize = 50;

/// The most videos one `search_transcript` call may name: each costs a transcript.
pub const MAX_SEARCH_VIDEOS: usize = 10;

/// How many items of a batch are fetched at the same time.
pub const PARALLELISM: usize = 4;

/// The limits of `videos` for a tool that takes at most `cap` of them, as an error reports
/// them: each entry is held to the limits of `video` too.
pub fn bounds(cap: usize) -> Bounds {
    let entries = video_id::bounds().expecting(VIDEO_LIST);
    Bounds { min_items: Some(1), max_items: Some(cap), unique_items: true, ..entries }
}

/// What `videos` holds, for messages and `details.expected`.
const VIDEO_LIST: &str = "a list of 11-character video ids or YouTube video links";

/// One video of a batch as the caller wrote it, and its id when it parses.
#[derive(Debug, Clone)]
pub struct BatchVideo {
    pub raw: String,
    pub id: Result<VideoId, Error>,
}

impl BatchVideo {
    /// Parses one entry of a `videos` list.
    pub fn parse(raw: &str) -> Self {
        Self { raw: raw.to_owned(), id: VideoRef::parse(raw).map(|r| r.id) }
    }
}

/// The answer for one video of a batch, or why there is none.
#[derive(Debug)]
pub struct Item<T> {
    /// The entry as the caller wrote it.
    pub video: String,
    pub outcome: Result<T, Error>,
}

/// Runs `work` for every parsed video, [`PARALLELISM`] at a time, in the order given.
pub async fn each<T, F, Fut>(videos: &[BatchVideo], work: F) -> Vec<Item<T>>
where
    F: Fn(VideoId) -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    // Owned pairs, so the stream's closure borrows nothing (a borrowing one trips the
    // compiler's `Send` proof for the tool futures).
    let pending: Vec<(String, Result<Fut, Error>)> =
        videos.iter().map(|v| (v.raw.clone(), v.id.clone().map(&work))).collect();
    let items = stream::iter(pending).map(|(video, pending)| async move {
        let outcome = match pending {
            Ok(pending) => pending.await,
            Err(error) => Err(error),
        };
        Item { video, outcome }
    });
    items.buffered(PARALLELISM).collect().await
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn items_keep_their_order_and_a_bad_link_fails_only_its_item() {
        let videos: Vec<BatchVideo> =
            ["GJLlxj_dtq8", "not a video", "https://youtu.be/F1xioXWb8CY"]
                .map(BatchVideo::parse)
                .into();
        let items = each(&videos, |id| async move { Ok::<_, Error>(id.to_string()) }).await;

        assert_eq!(items[0].outcome.as_deref().ok(), Some("GJLlxj_dtq8"));
        let error = items[1].outcome.as_ref().expect_err("not a video");
        assert_eq!(error.code().as_str(), "invalid_input");
        assert_eq!(items[1].video, "not a video");
        assert_eq!(items[2].outcome.as_deref().ok(), Some("F1xioXWb8CY"));
    }

    #[tokio::test]
    async fn no_more_than_the_parallelism_run_at_once() {
        let videos: Vec<BatchVideo> = (0..12).map(|_| BatchVideo::parse("GJLlxj_dtq8")).collect();
        let running = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);

        each(&videos, |_| async {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(10)).await;
            running.fetch_sub(1, Ordering::SeqCst);
            Ok::<_, Error>(())
        })
        .await;
        assert_eq!(most.load(Ordering::SeqCst), PARALLELISM);
    }
}
