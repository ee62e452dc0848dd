//! The keyless HTTP path to YouTube: watch page, innertube player, timedtext.
//!
//! The innertube key is read from the first watch page and kept (it is the public web key, the
//! same for every video), so a `video` call costs one request (the player) once the key is
//! known, and two before; `page_facts` costs one (the watch page, which also refreshes the key);
//! `transcript` costs one (the caption track). The player is asked as each configured innertube
//! client in turn until one gives a usable answer ([`super::innertube`]).
//!
//! How each request survives YouTube (routes, timeouts, size caps, retries) is the
//! transport's business; every operation here first asks the block [`super::breaker`] for
//! leave, so a blocked address fails fast instead of digging the block deeper.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use async_trait::async_trait;
use reqwest::header;
use serde_json::json;
use tracing::{debug, instrument, warn};
use url::Url;

use super::breaker::Outcome;
use super::hosts::{Origin, is_consent_host};
use super::innertube::{BROWSER_USER_AGENT, InnertubeClient, fallback_reason};
use super::resilience::{InnertubeStats, ResilienceStats};
use super::transport::{Answer, Transport};
use super::watch_page::{WatchPage, page_facts, parse_watch_page};
use super::{
    CaptionTrack, PageFacts, Playability, Transcript, UpstreamRequests, VideoInfo, YouTubeClient,
    player,
};
use crate::config::Config;
use crate::error::{Error, Stage};
use crate::video_id::VideoId;

/// Cookies sent with every watch-page request: "reject all" consent and English, UTC pages.
const BASE_COOKIES: &str = "SOCS=CAI; PREF=hl=en&tz=UTC";

/// The YouTube client over HTTP.
#[derive(Debug)]
pub struct HttpYouTubeClient {
    transport: Transport,
    origin: Origin,
    /// The innertube clients asked for the player, in order; never empty.
    clients: Vec<InnertubeClient>,
    /// Player answers served, per client (same order).
    served: Vec<AtomicU64>,
    fallbacks: AtomicU64,
    /// The `CONSENT` cookie learned from an EU consent page, sent up front afterwards.
    consent_cookie: RwLock<Option<String>>,
    /// The innertube key from the last watch page; reused so most calls skip the page.
    api_key: RwLock<Option<String>>,
    /// Held while a watch page is fetched for the key, so concurrent cold calls fetch one.
    key_fetch: tokio::sync::Mutex<()>,
}

/// What the watch page contributes to a video's answer.
struct WatchFacts {
    api_key: String,
    page: PageFacts,
}

impl HttpYouTubeClient {
    /// Builds the client from configuration.
    ///
    /// # Errors
    /// `internal` when the TLS stack or a proxy cannot be set up, or no innertube client is
    /// configured.
    pub fn new(config: &Config) -> Result<Self, Error> {
        if config.innertube_clients.is_empty() {
            return Err(Error::Internal { problem: "no innertube client is configured".into() });
        }
        Ok(Self {
            transport: Transport::new(config)?,
            origin: Origin::new(config.youtube_base_url.clone()),
            clients: config.innertube_clients.clone(),
            served: config.innertube_clients.iter().map(|_| AtomicU64::new(0)).collect(),
            fallbacks: AtomicU64::new(0),
            consent_cookie: RwLock::new(None),
            api_key: RwLock::new(None),
            key_fetch: tokio::sync::Mutex::new(()),
        })
    }

    fn known_api_key(&self) -> Option<String> {
        self.api_key.read().ok().and_then(|k| k.clone())
    }

    /// The innertube key: the remembered one, else read from this video's watch page.
    async fn api_key(&self, id: &VideoId) -> Result<String, Error> {
        if let Some(key) = self.known_api_key() {
            return Ok(key);
        }
        let _fetching = self.key_fetch.lock().await;
        if let Some(key) = self.known_api_key() {
            return Ok(key);
        }
        Ok(self.watch_facts(id).await?.api_key)
    }

    fn forget_api_key(&self) {
        if let Ok(mut slot) = self.api_key.write() {
            *slot = None;
        }
    }

    /// Fetches the watch page, clearing an EU consent interstitial once if one appears.
    #[instrument(skip_all, fields(video_id = %id))]
    async fn watch_facts(&self, id: &VideoId) -> Result<WatchFacts, Error> {
        let mut html = self.watch_html(id).await?;
        if let WatchPage::Consent { v } = parse_watch_page(&html) {
            let value = v.ok_or(Error::ConsentRequired { stage: Stage::WatchPage })?;
            debug!("consent page; retrying with its consent cookie");
            self.remember_consent(&value);
            html = self.watch_html(id).await?;
        }

        match parse_watch_page(&html) {
            WatchPage::Consent { .. } => Err(Error::ConsentRequired { stage: Stage::WatchPage }),
            WatchPage::Captcha => {
                let why = "YouTube answered with a captcha page";
                self.transport.breaker().trip(why);
                Err(Error::RequestBlocked { stage: Stage::WatchPage, why: why.into() })
            }
            WatchPage::Page { api_key: None, .. } => {
                Err(Error::changed(Stage::WatchPage, "no innertube API key in the watch page"))
            }
            WatchPage::Page { api_key: Some(api_key), embedded_player, chapters } => {
                let page = page_facts(embedded_player.as_ref(), chapters, id);
                if let Ok(mut slot) = self.api_key.write() {
                    *slot = Some(api_key.clone());
                }
                Ok(WatchFacts { api_key, page })
            }
        }
    }

    /// One GET of the watch page; a redirect to the consent service is retried once.
    async fn watch_html(&self, id: &VideoId) -> Result<String, Error> {
        let url = self.origin.join(&format!("/watch?v={id}&bpctr=9999999999&has_verified=1"));
        match self.get_watch(&url).await? {
            Answer::Body(html) => Ok(html),
            Answer::Redirect(target) if is_consent_host(&target) => {
                self.remember_consent("cb");
                match self.get_watch(&url).await? {
                    Answer::Body(html) => Ok(html),
                    Answer::Redirect(_) => Err(Error::ConsentRequired { stage: Stage::WatchPage }),
                }
            }
            Answer::Redirect(target) => Err(refused_redirect(&target, Stage::WatchPage)),
        }
    }

    async fn get_watch(&self, url: &Url) -> Result<Answer, Error> {
        let cookies = self.cookies();
        let build = |http: &reqwest::Client| {
            http.get(url.clone())
                .header(header::USER_AGENT, BROWSER_USER_AGENT)
                .header(header::COOKIE, &cookies)
        };
        self.transport.fetch(Stage::WatchPage, build).await
    }

    /// `POST /youtubei/v1/player` as one innertube client.
    #[instrument(skip_all, fields(video_id = %id, client = %client.name))]
    async fn player_body(
        &self,
        id: &VideoId,
        api_key: &str,
        client: &InnertubeClient,
    ) -> Result<String, Error> {
        let url = self.origin.join(&format!("/youtubei/v1/player?key={api_key}&prettyPrint=false"));
        let body = json!({
            "context": client.context(),
            "videoId": id.as_str(),
            "contentCheckOk": true,
            "racyCheckOk": true,
        });
        let build = |http: &reqwest::Client| {
            let request = http
                .post(url.clone())
                .header(header::USER_AGENT, client.user_agent())
                .header("X-YouTube-Client-Version", &client.version)
                .json(&body);
            match client.numeric_id() {
                Some(numeric) => request.header("X-YouTube-Client-Name", numeric),
                None => request,
            }
        };
        match self.transport.fetch(Stage::Player, build).await? {
            Answer::Body(text) => Ok(text),
            Answer::Redirect(target) => Err(refused_redirect(&target, Stage::Player)),
        }
    }

    /// One client's player answer, parsed and vetted.
    async fn player_answer(
        &self,
        id: &VideoId,
        client: &InnertubeClient,
    ) -> Result<VideoInfo, Error> {
        let key = self.api_key(id).await?;
        let body = match self.player_body(id, &key, client).await {
            // A remembered key that YouTube now refuses is read afresh, once.
            Err(Error::UpstreamError { status: Some(400 | 403), .. }) => {
                self.forget_api_key();
                let key = self.api_key(id).await?;
                self.player_body(id, &key, client).await?
            }
            other => other?,
        };

        let mut info = player::parse_player(&body, id)?;
        self.vet_caption_urls(&info)?;
        info.served_by = Some(client.name.clone());
        Ok(info)
    }

    /// Refuses an answer whose caption URLs point at a host we would never fetch.
    fn vet_caption_urls(&self, info: &VideoInfo) -> Result<(), Error> {
        for track in &info.captions.tracks {
            self.origin.adopt(&track.base_url, Stage::Player)?;
        }
        Ok(())
    }

    /// Asks each innertube client in turn until one gives a usable answer.
    ///
    /// When none does, the most useful refusal is returned: an answer with gated tracks over
    /// a bot check over an error; a bot check from every client opens the breaker.
    async fn video_from_clients(&self, id: &VideoId) -> Result<VideoInfo, Error> {
        let mut best: Option<Result<VideoInfo, Error>> = None;
        let mut bot_checks = 0;
        for (index, client) in self.clients.iter().enumerate() {
            let reason = match self.player_answer(id, client).await {
                Ok(info) => match fallback_reason(&info) {
                    None => return Ok(self.served(index, info)),
                    Some(reason) => {
                        bot_checks += usize::from(is_bot_check(&info));
                        keep_best(&mut best, Ok(info));
                        reason.to_owned()
                    }
                },
                Err(error @ Error::UpstreamChanged { .. }) => {
                    let reason = format!("an unexpected answer ({error})");
                    keep_best(&mut best, Err(error));
                    reason
                }
                Err(error) => return Err(error),
            };
            let last = index + 1 == self.clients.len();
            let client = client.name.as_str();
            if last {
                warn!(video_id = %id, client, %reason, "player refused by every client");
            } else {
                self.fallbacks.fetch_add(1, Ordering::Relaxed);
                warn!(video_id = %id, client, %reason, "player refused; next client");
            }
        }

        if bot_checks == self.clients.len() {
            self.transport.breaker().trip("a bot check on every innertube client");
        }
        best.unwrap_or_else(|| Err(Error::Internal { problem: "no innertube client".into() }))
    }

    fn served(&self, index: usize, info: VideoInfo) -> VideoInfo {
        if let Some(counter) = self.served.get(index) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
        if matches!(info.playability, Playability::RateLimited { .. }) {
            self.transport.breaker().rate_limited();
        }
        info
    }

    fn cookies(&self) -> String {
        let consent = self.consent_cookie.read().map(|c| c.clone()).unwrap_or_default();
        match consent {
            Some(value) => format!("{BASE_COOKIES}; CONSENT=YES+{value}"),
            None => BASE_COOKIES.to_owned(),
        }
    }

    fn remember_consent(&self, value: &str) {
        if let Ok(mut slot) = self.consent_cookie.write() {
            *slot = Some(value.to_owned());
        }
    }

    /// The caption URL to request: vetted, on our origin, `fmt` removed, `tlang` when asked.
    fn caption_url(&self, track: &CaptionTrack, translate_to: Option<&str>) -> Result<Url, Error> {
        let mut url = self.origin.adopt(&track.base_url, Stage::Transcript)?;
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| k != "fmt" && k != "tlang")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();

        let mut query = url.query_pairs_mut();
        query.clear().extend_pairs(kept);
        if let Some(target) = translate_to {
            query.append_pair("tlang", target);
        }
        drop(query);
        Ok(url)
    }

    async fn transcript_body(&self, url: &Url) -> Result<String, Error> {
        let build = |http: &reqwest::Client| {
            http.get(url.clone()).header(header::USER_AGENT, BROWSER_USER_AGENT)
        };
        match self.transport.fetch(Stage::Transcript, build).await? {
            Answer::Body(text) => Ok(text),
            Answer::Redirect(target) => Err(refused_redirect(&target, Stage::Transcript)),
        }
    }

    async fn fetch_transcript(
        &self,
        id: &VideoId,
        track: &CaptionTrack,
        translate_to: Option<&str>,
    ) -> Result<Transcript, Error> {
        let url = self.caption_url(track, translate_to)?;
        let body = self.transcript_body(&url).await?;
        if body.trim().is_empty() {
            return Err(empty_body(id, track, &url));
        }

        let transcript = crate::transcript::parse_srv1(&body)?;
        if transcript.segments.is_empty() {
            return Err(Error::changed(Stage::Transcript, "the caption track has no usable cues"));
        }
        Ok(transcript)
    }
}

#[async_trait]
impl YouTubeClient for HttpYouTubeClient {
    #[instrument(skip_all, fields(video_id = %id))]
    async fn video(&self, id: &VideoId) -> Result<Arc<VideoInfo>, Error> {
        let permit = self.transport.breaker().admit(Stage::Player)?;
        let result = self.video_from_clients(id).await;
        permit.settle(video_outcome(&result));

        let info = result?;
        debug!(tracks = info.captions.tracks.len(), client = ?info.served_by, "player parsed");
        Ok(Arc::new(info))
    }

    #[instrument(skip_all, fields(video_id = %id))]
    async fn page_facts(&self, id: &VideoId) -> Result<Arc<PageFacts>, Error> {
        let permit = self.transport.breaker().admit(Stage::WatchPage)?;
        let result = self.watch_facts(id).await;
        permit.settle(outcome(result.as_ref().err()));
        Ok(Arc::new(result?.page))
    }

    #[instrument(skip_all, fields(video_id = %id, language = %track.language_code))]
    async fn transcript(
        &self,
        id: &VideoId,
        track: &CaptionTrack,
        translate_to: Option<&str>,
    ) -> Result<Arc<Transcript>, Error> {
        if track.po_token_required {
            return Err(po_token_required(id, track));
        }
        let permit = self.transport.breaker().admit(Stage::Transcript)?;
        let result = self.fetch_transcript(id, track, translate_to).await;
        permit.settle(outcome(result.as_ref().err()));
        Ok(Arc::new(result?))
    }

    fn upstream_requests(&self) -> UpstreamRequests {
        self.transport.requests()
    }

    fn resilience(&self) -> ResilienceStats {
        let served = self.clients.iter().zip(&self.served);
        ResilienceStats {
            retries: self.transport.retry_stats(),
            breaker: self.transport.breaker().stats(),
            innertube: InnertubeStats {
                fallbacks: self.fallbacks.load(Ordering::Relaxed),
                served: served.map(|(c, n)| (c.name.clone(), n.load(Ordering::Relaxed))).collect(),
            },
            routes: self.transport.route_stats(),
            answers: self.transport.answer_counts(),
        }
    }
}

fn is_bot_check(info: &VideoInfo) -> bool {
    matches!(info.playability, Playability::BotCheck { .. })
}

/// Keeps the more useful of two refusals: an answer over a bot check over an error.
fn keep_best(best: &mut Option<Result<VideoInfo, Error>>, candidate: Result<VideoInfo, Error>) {
    let rank = |r: &Result<VideoInfo, Error>| match r {
        Ok(info) if !is_bot_check(info) => 0,
        Ok(_) => 1,
        Err(_) => 2,
    };
    if best.as_ref().is_none_or(|kept| rank(&candidate) < rank(kept)) {
        *best = Some(candidate);
    }
}

/// Whether an operation's error was a block signal (already reported to the breaker).
fn outcome(error: Option<&Error>) -> Outcome {
    match error {
        Some(Error::RateLimited { .. } | Error::RequestBlocked { .. }) => Outcome::Signalled,
        _ => Outcome::Clear,
    }
}

/// As [`outcome`], for a player answer, which carries bot checks and rate limits as verdicts.
fn video_outcome(result: &Result<VideoInfo, Error>) -> Outcome {
    match result {
        Ok(info) => match info.playability {
            Playability::BotCheck { .. } | Playability::RateLimited { .. } => Outcome::Signalled,
            _ => Outcome::Clear,
        },
        Err(error) => outcome(Some(error)),
    }
}

fn po_token_required(id: &VideoId, track: &CaptionTrack) -> Error {
    Error::PoTokenRequired { id: id.clone(), language: track.language_code.clone() }
}

/// An empty 200 is a missing PO token when the URL carries an `exp` marker, else a change.
fn empty_body(id: &VideoId, track: &CaptionTrack, url: &Url) -> Error {
    if url.query_pairs().any(|(k, _)| k == "exp") {
        return po_token_required(id, track);
    }
    warn!(video_id = %id, "empty caption body without an exp marker");
    Error::changed(Stage::Transcript, "YouTube sent an empty caption body")
}

/// A redirect to another host is never followed: consent means `consent_required`.
fn refused_redirect(target: &Url, stage: Stage) -> Error {
    if is_consent_host(target) {
        return Error::ConsentRequired { stage };
    }
    let host = target.host_str().unwrap_or("(none)");
    Error::changed(stage, format!("refused a redirect to `{host}`"))
}
