//! What the cache stores: keys per kind, shared values, and their weight in bytes.

use std::mem::size_of;
use std::sync::Arc;

use serde::Serialize;

use crate::search::SearchIndex;
use crate::video_id::VideoId;
use crate::youtube::{CaptionTrack, ChapterMark, PageFacts, TrackKind, Transcript, VideoInfo};

/// The kinds of cached values, each with its own time to live and counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A video's player answer and what its watch page adds (date, chapters).
    Player,
    /// A parsed caption track.
    Transcript,
    /// A search index built from a cached transcript.
    SearchIndex,
}

impl Kind {
    /// Every kind, in a fixed order (the index of [`Kind::index`]).
    pub const ALL: [Kind; 3] = [Kind::Player, Kind::Transcript, Kind::SearchIndex];

    /// The position of this kind in [`Kind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The kind as spelled in logs and stats.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Player => "player",
            Self::Transcript => "transcript",
            Self::SearchIndex => "search_index",
        }
    }
}

/// One caption track of one video, translated or not.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TrackKey {
    pub video: VideoId,
    pub language_code: String,
    pub kind: TrackKind,
    /// Tracks of one language and kind can differ by name ("English - CC1").
    pub name: String,
    pub translate_to: Option<String>,
}

impl TrackKey {
    /// The key of `track` of video `id`, translated to `translate_to` when given.
    pub fn new(id: &VideoId, track: &CaptionTrack, translate_to: Option<&str>) -> Self {
        Self {
            video: id.clone(),
            language_code: track.language_code.clone(),
            kind: track.kind,
            name: track.language_name.clone(),
            translate_to: translate_to.map(str::to_owned),
        }
    }
}

/// A cache key: the kind is part of it, so kinds never collide.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CacheKey {
    Video(VideoId),
    Page(VideoId),
    Transcript(TrackKey),
    SearchIndex(TrackKey),
}

impl CacheKey {
    /// The kind whose policy and counters apply.
    pub fn kind(&self) -> Kind {
        match self {
            Self::Video(_) | Self::Page(_) => Kind::Player,
            Self::Transcript(_) => Kind::Transcript,
            Self::SearchIndex(_) => Kind::SearchIndex,
        }
    }
}

/// A cached value; cloning one clones `Arc`s, never the data.
#[derive(Debug, Clone)]
pub enum CachedValue {
    Video(Arc<VideoInfo>),
    Page(Arc<PageFacts>),
    Transcript(Arc<Transcript>),
    /// The index with the transcript it was built from, so the pair stays consistent.
    SearchIndex(Arc<Transcript>, Arc<SearchIndex>),
}

impl CachedValue {
    /// Bytes this value holds: its heap data plus the structs around it. An index entry
    /// counts its transcript too: it keeps it alive even after the transcript's own entry
    /// is evicted, so counting it twice keeps the bound safe.
    pub fn weight(&self) -> usize {
        match self {
            Self::Video(info) => video_bytes(info),
            Self::Page(page) => page_bytes(page),
            Self::Transcript(transcript) => transcript_bytes(transcript),
            Self::SearchIndex(transcript, index) => {
                transcript_bytes(transcript) + index.heap_bytes() + size_of::<SearchIndex>()
            }
        }
    }
}

fn transcript_bytes(transcript: &Transcript) -> usize {
    let segments = &transcript.segments;
    size_of::<Transcript>()
        + segments.capacity() * size_of::<crate::youtube::Segment>()
        + segments.iter().map(|s| s.text.capacity()).sum::<usize>()
}

fn page_bytes(page: &PageFacts) -> usize {
    let chapters = page.chapters.iter().map(|c| size_of::<ChapterMark>() + c.title.len());
    size_of::<CachedValue>()
        + size_of::<PageFacts>()
        + page.published.as_ref().map_or(0, String::len)
        + chapters.sum::<usize>()
}

fn video_bytes(info: &VideoInfo) -> usize {
    let details = info.details.as_ref().map_or(0, |d| {
        d.title.len()
            + d.channel_name.len()
            + d.description.len()
            + d.keywords.iter().map(|k| k.len() + size_of::<String>()).sum::<usize>()
            + d.channel_id.as_ref().map_or(0, String::len)
            + d.thumbnail_url.as_ref().map_or(0, String::len)
    });
    let tracks = info.captions.tracks.iter().map(|t| {
        size_of::<CaptionTrack>() + t.language_code.len() + t.language_name.len() + t.base_url.len()
    });
    let languages = info.captions.translation_languages.iter().map(|l| l.code.len() + l.name.len());
    size_of::<VideoInfo>() + details + tracks.sum::<usize>() + languages.sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::youtube::Segment;

    #[test]
    fn transcript_weight_grows_with_its_text() {
        let small =
            Transcript { segments: vec![Segment { start: 0.0, duration: 1.0, text: "a".into() }] };
        let text = "x".repeat(10_000);
        let large = Transcript { segments: vec![Segment { start: 0.0, duration: 1.0, text }] };

        let small = CachedValue::Transcript(Arc::new(small)).weight();
        let large = CachedValue::Transcript(Arc::new(large)).weight();
        assert!(large >= small + 9_999, "{small} {large}");
    }

    #[test]
    fn kinds_of_keys() {
        let id = VideoId::from_bare("GJLlxj_dtq8").expect("valid");
        assert_eq!(CacheKey::Video(id.clone()).kind(), Kind::Player);
        assert_eq!(CacheKey::Page(id).kind(), Kind::Player);
        assert_eq!(Kind::ALL.map(Kind::index), [0, 1, 2]);
    }
}
