//! How long each kind of value may be served from the cache.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tracing::debug;
use url::Url;

use super::key::Kind;
use crate::youtube::{Playability, VideoInfo};

/// Caption URLs stop working at their `expire`; player data is dropped this much earlier so
/// a transcript fetched from a cached answer never meets an expired URL.
const EXPIRE_MARGIN: Duration = Duration::from_secs(60);

/// Times to live per kind, and for permanent negative answers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CachePolicy {
    /// Player data: metadata, playability, caption tracks, watch-page facts (date, chapters).
    pub player_ttl: Duration,
    /// Parsed transcripts, which YouTube rarely changes once published.
    pub transcript_ttl: Duration,
    /// Search indexes built from transcripts.
    pub search_index_ttl: Duration,
    /// "Not found", "private", "captions off" and other verdicts that rarely change.
    pub negative_ttl: Duration,
}

impl Default for CachePolicy {
    fn default() -> Self {
        Self {
            player_ttl: Duration::from_secs(30 * 60),
            transcript_ttl: Duration::from_secs(24 * 60 * 60),
            search_index_ttl: Duration::from_secs(24 * 60 * 60),
            negative_ttl: Duration::from_secs(5 * 60),
        }
    }
}

impl CachePolicy {
    /// The time to live of a kind's ordinary values.
    pub fn ttl(&self, kind: Kind) -> Duration {
        match kind {
            Kind::Player => self.player_ttl,
            Kind::Transcript => self.transcript_ttl,
            Kind::SearchIndex => self.search_index_ttl,
        }
    }

    /// How long a player answer may be served, or `None` when it must not be stored.
    ///
    /// Blocks and rate limits are never stored (the next call must ask again); permanent
    /// verdicts live for the negative TTL; playable answers for the player TTL, but no longer
    /// than the earliest `expire` of their caption URLs.
    pub fn video_ttl(&self, info: &VideoInfo, now: SystemTime) -> Option<Duration> {
        match info.playability {
            Playability::BotCheck { .. } | Playability::RateLimited { .. } => None,
            Playability::Ok if !info.captions.tracks.is_empty() => {
                Some(self.bounded_by_expiry(info, now))
            }
            _ => Some(self.negative_ttl.min(self.player_ttl)),
        }
    }

    fn bounded_by_expiry(&self, info: &VideoInfo, now: SystemTime) -> Duration {
        let Some(expire) = info.captions.tracks.iter().filter_map(|t| expire_of(&t.base_url)).min()
        else {
            return self.player_ttl;
        };
        let now = now.duration_since(UNIX_EPOCH).unwrap_or_default();
        match expire.checked_sub(now + EXPIRE_MARGIN) {
            Some(left) if !left.is_zero() => left.min(self.player_ttl),
            _ => {
                debug!(video_id = %info.id, "caption URLs already expired; using the player TTL");
                self.player_ttl
            }
        }
    }
}

/// The `expire` query parameter (Unix seconds) of a caption URL.
fn expire_of(url: &str) -> Option<Duration> {
    let url = Url::parse(url).ok()?;
    let (_, value) = url.query_pairs().find(|(k, _)| k == "expire")?;
    value.parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::video_id::VideoId;
    use crate::youtube::{CaptionTrack, Captions, TrackKind};

    fn info(playability: Playability, expire: Option<u64>) -> VideoInfo {
        let base_url = match expire {
            Some(e) => format!("https://www.youtube.com/api/timedtext?v=x&expire={e}&lang=en"),
            None => "https://www.youtube.com/api/timedtext?v=x&lang=en".to_owned(),
        };
        let track = CaptionTrack {
            language_code: "en".into(),
            language_name: "English".into(),
            kind: TrackKind::Manual,
            translatable: false,
            base_url,
            po_token_required: false,
        };
        VideoInfo {
            id: VideoId::from_bare("GJLlxj_dtq8").expect("valid"),
            details: None,
            playability,
            captions: Captions { tracks: vec![track], ..Captions::default() },
            served_by: None,
        }
    }

    fn at(unix: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(unix)
    }

    #[test]
    fn player_data_lives_no_longer_than_its_caption_urls() {
        let policy = CachePolicy::default();
        let ttl = policy.video_ttl(&info(Playability::Ok, Some(1_000_600)), at(1_000_000));
        assert_eq!(ttl, Some(Duration::from_secs(540)));

        let far = policy.video_ttl(&info(Playability::Ok, Some(9_000_000)), at(1_000_000));
        assert_eq!(far, Some(policy.player_ttl));
    }

    #[test]
    fn an_expire_already_past_falls_back_to_the_player_ttl() {
        let policy = CachePolicy::default();
        let recorded = info(Playability::Ok, Some(1_749_680_182));
        assert_eq!(policy.video_ttl(&recorded, at(1_800_000_000)), Some(policy.player_ttl));
        assert_eq!(policy.video_ttl(&info(Playability::Ok, None), at(0)), Some(policy.player_ttl));
    }

    #[test]
    fn blocks_are_never_stored_and_verdicts_live_briefly() {
        let policy = CachePolicy::default();
        let bot = Playability::BotCheck { reason: "Sign in to confirm you're not a bot".into() };
        assert_eq!(policy.video_ttl(&info(bot, None), at(0)), None);
        let limited = Playability::RateLimited { reason: "try again later".into() };
        assert_eq!(policy.video_ttl(&info(limited, None), at(0)), None);

        assert_eq!(
            policy.video_ttl(&info(Playability::Private, None), at(0)),
            Some(policy.negative_ttl)
        );
        assert_eq!(
            policy.video_ttl(&info(Playability::NotFound, None), at(0)),
            Some(policy.negative_ttl)
        );
        let mut disabled = info(Playability::Ok, None);
        disabled.captions.tracks.clear();
        assert_eq!(policy.video_ttl(&disabled, at(0)), Some(policy.negative_ttl));
    }
}
