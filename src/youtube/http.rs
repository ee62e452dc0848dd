//! The keyless HTTP path to YouTube: watch page, innertube player, timedtext.
//!
//! The innertube key is read from the first watch page and kept (it is the public web key, the
//! same for every video), so a `video` call costs one request (the player) once the key is
//! known, and two before; `published` costs one (the watch page, which also refreshes the key);
//! `transcript` costs one (the caption track). Every request carries a timeout, never follows a
//! redirect to another host, and is classified into an [`Error`] with its [`Stage`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use async_trait::async_trait;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Response, StatusCode, redirect};
use serde_json::json;
use tracing::{debug, instrument, warn};
use url::Url;

use super::hosts::{Origin, is_consent_host};
use super::watch_page::{WatchPage, parse_watch_page, published_date};
use super::{CaptionTrack, Transcript, UpstreamRequests, VideoInfo, YouTubeClient, player};
use crate::config::Config;
use crate::error::{Deadline, Error, Stage};
use crate::video_id::VideoId;

/// Cookies sent with every watch-page request: "reject all" consent and English, UTC pages.
const BASE_COOKIES: &str = "SOCS=CAI; PREF=hl=en&tz=UTC";

/// How many same-host redirects one request may follow.
const MAX_REDIRECTS: usize = 5;

/// A browser-like user agent for the watch page, which serves a reduced page to unknown agents.
const BROWSER_USER_AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 \
    (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/// The YouTube client over HTTP.
#[derive(Debug)]
pub struct HttpYouTubeClient {
    http: reqwest::Client,
    origin: Origin,
    client_name: String,
    client_version: String,
    request_timeout: Duration,
    /// The `CONSENT` cookie learned from an EU consent page, sent up front afterwards.
    consent_cookie: RwLock<Option<String>>,
    /// The innertube key from the last watch page; reused so most calls skip the page.
    api_key: RwLock<Option<String>>,
    counters: Counters,
}

/// Requests sent, per endpoint.
#[derive(Debug, Default)]
struct Counters {
    watch_page: AtomicU64,
    player: AtomicU64,
    transcript: AtomicU64,
}

impl Counters {
    fn count(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// What the watch page contributes to a video's answer.
struct WatchFacts {
    api_key: String,
    published: Option<String>,
}

impl HttpYouTubeClient {
    /// Builds the client from configuration.
    ///
    /// # Errors
    /// `internal` when the TLS stack cannot be set up.
    pub fn new(config: &Config) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout())
            .timeout(config.request_timeout())
            .redirect(redirect::Policy::custom(same_host_redirects))
            .default_headers(default_headers())
            .build()
            .map_err(|e| Error::Internal { problem: format!("HTTP client: {e}") })?;

        Ok(Self {
            http,
            origin: Origin::new(config.youtube_base_url.clone()),
            client_name: config.innertube_client_name.clone(),
            client_version: config.innertube_client_version.clone(),
            request_timeout: config.request_timeout(),
            consent_cookie: RwLock::new(None),
            api_key: RwLock::new(None),
            counters: Counters::default(),
        })
    }

    /// The innertube key: the remembered one, else read from this video's watch page.
    async fn api_key(&self, id: &VideoId) -> Result<String, Error> {
        if let Some(key) = self.api_key.read().ok().and_then(|k| k.clone()) {
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
    #[instrument(skip(self), fields(video_id = %id))]
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
            WatchPage::Captcha => Err(Error::RequestBlocked {
                stage: Stage::WatchPage,
                why: "YouTube answered with a captcha page".into(),
            }),
            WatchPage::Page { api_key: None, .. } => {
                Err(Error::changed(Stage::WatchPage, "no innertube API key in the watch page"))
            }
            WatchPage::Page { api_key: Some(api_key), embedded_player } => {
                let published = embedded_player.as_ref().and_then(|p| published_date(p, id));
                if let Ok(mut slot) = self.api_key.write() {
                    *slot = Some(api_key.clone());
                }
                Ok(WatchFacts { api_key, published })
            }
        }
    }

    /// One GET of the watch page; a redirect to the consent service is retried once.
    async fn watch_html(&self, id: &VideoId) -> Result<String, Error> {
        let url = self.origin.join(&format!("/watch?v={id}&bpctr=9999999999&has_verified=1"));
        let response = self.get_watch(&url).await?;
        let response = match redirect_target(&response) {
            Some(target) if is_consent_host(&target) => {
                self.remember_consent("cb");
                let again = self.get_watch(&url).await?;
                if redirect_target(&again).is_some() {
                    return Err(Error::ConsentRequired { stage: Stage::WatchPage });
                }
                again
            }
            _ => response,
        };
        read_text(response, Stage::WatchPage, self.request_timeout).await
    }

    async fn get_watch(&self, url: &Url) -> Result<Response, Error> {
        Counters::count(&self.counters.watch_page);
        let request = self
            .http
            .get(url.clone())
            .header(header::USER_AGENT, BROWSER_USER_AGENT)
            .header(header::COOKIE, self.cookies());
        send(request, Stage::WatchPage, self.request_timeout).await
    }

    /// `POST /youtubei/v1/player` as the configured innertube client.
    #[instrument(skip(self, api_key), fields(video_id = %id))]
    async fn player(&self, id: &VideoId, api_key: &str) -> Result<String, Error> {
        let url = self.origin.join(&format!("/youtubei/v1/player?key={api_key}&prettyPrint=false"));
        let body = json!({
            "context": { "client": {
                "clientName": self.client_name,
                "clientVersion": self.client_version,
                "hl": "en",
                "timeZone": "UTC",
                "utcOffsetMinutes": 0,
            }},
            "videoId": id.as_str(),
            "contentCheckOk": true,
            "racyCheckOk": true,
        });
        let request = self
            .http
            .post(url)
            .header(header::USER_AGENT, self.client_user_agent())
            .header("X-YouTube-Client-Version", &self.client_version)
            .json(&body);

        Counters::count(&self.counters.player);
        let response = send(request, Stage::Player, self.request_timeout).await?;
        refuse_redirect(&response, Stage::Player)?;
        read_text(response, Stage::Player, self.request_timeout).await
    }

    /// The user agent the innertube client would send; YouTube checks it against the name.
    fn client_user_agent(&self) -> String {
        match self.client_name.as_str() {
            "ANDROID" => {
                format!(
                    "com.google.android.youtube/{} (Linux; U; Android 11) gzip",
                    self.client_version
                )
            }
            _ => BROWSER_USER_AGENT.to_owned(),
        }
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
}

#[async_trait]
impl YouTubeClient for HttpYouTubeClient {
    #[instrument(skip(self), fields(video_id = %id))]
    async fn video(&self, id: &VideoId) -> Result<Arc<VideoInfo>, Error> {
        let key = self.api_key(id).await?;
        let body = match self.player(id, &key).await {
            // A remembered key that YouTube now refuses is read afresh, once.
            Err(Error::UpstreamError { status: Some(400 | 403), .. }) => {
                self.forget_api_key();
                let key = self.api_key(id).await?;
                self.player(id, &key).await?
            }
            other => other?,
        };

        let info = player::parse_player(&body, id)?;
        debug!(tracks = info.captions.tracks.len(), "player answer parsed");
        Ok(Arc::new(info))
    }

    #[instrument(skip(self), fields(video_id = %id))]
    async fn published(&self, id: &VideoId) -> Result<Option<String>, Error> {
        Ok(self.watch_facts(id).await?.published)
    }

    #[instrument(skip(self, track), fields(video_id = %id, language = %track.language_code))]
    async fn transcript(
        &self,
        id: &VideoId,
        track: &CaptionTrack,
        translate_to: Option<&str>,
    ) -> Result<Arc<Transcript>, Error> {
        if track.po_token_required {
            return Err(po_token_required(id, track));
        }
        let url = self.caption_url(track, translate_to)?;
        let request = self.http.get(url.clone()).header(header::USER_AGENT, BROWSER_USER_AGENT);

        Counters::count(&self.counters.transcript);
        let response = send(request, Stage::Transcript, self.request_timeout).await?;
        refuse_redirect(&response, Stage::Transcript)?;
        let body = read_text(response, Stage::Transcript, self.request_timeout).await?;
        if body.trim().is_empty() {
            return Err(empty_body(id, track, &url));
        }

        let transcript = crate::transcript::parse_srv1(&body)?;
        if transcript.segments.is_empty() {
            return Err(Error::changed(Stage::Transcript, "the caption track has no usable cues"));
        }
        Ok(Arc::new(transcript))
    }

    fn upstream_requests(&self) -> UpstreamRequests {
        UpstreamRequests {
            watch_page: self.counters.watch_page.load(Ordering::Relaxed),
            player: self.counters.player.load(Ordering::Relaxed),
            transcript: self.counters.transcript.load(Ordering::Relaxed),
        }
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

fn default_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("en-US,en;q=0.9"));
    headers
}

/// Follows redirects only within one host, and only a few of them.
fn same_host_redirects(attempt: redirect::Attempt<'_>) -> redirect::Action {
    let same_host =
        attempt.previous().last().is_some_and(|prev| prev.host_str() == attempt.url().host_str());
    if same_host && attempt.previous().len() <= MAX_REDIRECTS {
        attempt.follow()
    } else {
        attempt.stop()
    }
}

/// Sends a request and classifies transport failures and error statuses.
async fn send(
    request: reqwest::RequestBuilder,
    stage: Stage,
    timeout: Duration,
) -> Result<Response, Error> {
    let response = request.send().await.map_err(|e| transport_error(e, stage, timeout))?;
    let status = response.status();
    debug!(%stage, status = status.as_u16(), "upstream answered");

    if status == StatusCode::TOO_MANY_REQUESTS {
        return Err(Error::RateLimited { stage, retry_after: retry_after(&response) });
    }
    if status.is_client_error() || status.is_server_error() {
        return Err(Error::UpstreamError {
            stage,
            status: Some(status.as_u16()),
            problem: format!("HTTP {status}"),
        });
    }
    Ok(response)
}

/// The target of a redirect that was not followed (another host).
fn redirect_target(response: &Response) -> Option<Url> {
    if !response.status().is_redirection() {
        return None;
    }
    let location = response.headers().get(header::LOCATION)?.to_str().ok()?;
    response.url().join(location).ok()
}

/// A redirect to another host is never followed: consent means `consent_required`.
fn refuse_redirect(response: &Response, stage: Stage) -> Result<(), Error> {
    match redirect_target(response) {
        None => Ok(()),
        Some(target) if is_consent_host(&target) => Err(Error::ConsentRequired { stage }),
        Some(target) => Err(Error::changed(
            stage,
            format!("refused a redirect to `{}`", target.host_str().unwrap_or("(none)")),
        )),
    }
}

async fn read_text(response: Response, stage: Stage, timeout: Duration) -> Result<String, Error> {
    if let Some(target) = redirect_target(&response) {
        let host = target.host_str().unwrap_or("(none)").to_owned();
        return Err(Error::changed(stage, format!("refused a redirect to `{host}`")));
    }
    response.text().await.map_err(|e| transport_error(e, stage, timeout))
}

fn retry_after(response: &Response) -> Option<Duration> {
    let value = response.headers().get(header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// Maps a reqwest failure to our error, without the URL (it carries the innertube key).
fn transport_error(error: reqwest::Error, stage: Stage, timeout: Duration) -> Error {
    if error.is_timeout() {
        return Error::UpstreamTimeout { stage, after: timeout, deadline: Deadline::Request };
    }
    let error = error.without_url();
    let problem = if error.is_connect() {
        format!("could not connect: {error}")
    } else if error.is_body() || error.is_decode() {
        format!("the answer was cut off or undecodable: {error}")
    } else {
        error.to_string()
    };
    Error::UpstreamError { stage, status: None, problem }
}
