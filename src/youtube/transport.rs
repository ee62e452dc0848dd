//! One upstream exchange, survived: a route (direct or a proxy), timeouts, status
//! classification, a capped body, and retries where they help.
//!
//! The HTTP client above says *what* to ask; this module decides how to get an answer and
//! turns every way of not getting one into an [`Error`] with its [`Stage`]. It feeds the
//! [`Breaker`] the rate limits it sees and stops retrying once the breaker is open.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{RequestBuilder, Response, StatusCode, redirect};
use tracing::{debug, warn};
use url::Url;

use super::UpstreamRequests;
use super::breaker::Breaker;
use super::limits::read_capped;
use super::proxy::{Route, Routes};
use super::resilience::{AnswerCounts, RetryStats};
use super::retry::RetryPolicy;
use crate::config::Config;
use crate::error::{Deadline, Error, Stage};
use crate::telemetry::call;

/// How many same-host redirects one request may follow.
const MAX_REDIRECTS: usize = 5;

/// What an exchange brought back.
#[derive(Debug)]
pub enum Answer {
    /// A 2xx body, within the size cap.
    Body(String),
    /// A redirect to another host, which is never followed.
    Redirect(Url),
}

/// Sends requests to YouTube; shared by every call of one client.
#[derive(Debug)]
pub struct Transport {
    routes: Routes,
    retry: RetryPolicy,
    connect_timeout: Duration,
    request_timeout: Duration,
    max_body: u64,
    breaker: Breaker,
    counters: Counters,
}

#[derive(Debug, Default)]
struct Counters {
    watch_page: AtomicU64,
    player: AtomicU64,
    transcript: AtomicU64,
    after_failure: AtomicU64,
    after_retry_after: AtomicU64,
    rate_limited: AtomicU64,
    oversized: AtomicU64,
    /// Answers per endpoint and status, for the stats.
    answers: Mutex<BTreeMap<(&'static str, String), u64>>,
}

fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

impl Transport {
    /// Builds the routes and policies from configuration.
    ///
    /// # Errors
    /// `internal` when an HTTP client cannot be built.
    pub fn new(config: &Config) -> Result<Self, Error> {
        let build = |proxy: Option<reqwest::Proxy>| {
            let builder = reqwest::Client::builder()
                .connect_timeout(config.connect_timeout())
                .timeout(config.request_timeout())
                .redirect(redirect::Policy::custom(same_host_redirects))
                .default_headers(default_headers());
            match proxy {
                Some(proxy) => builder.proxy(proxy).build(),
                None => builder.build(),
            }
        };
        Ok(Self {
            routes: Routes::new(&config.proxy, config.proxy_cooldown(), build)?,
            retry: config.retry_policy(),
            connect_timeout: config.connect_timeout(),
            request_timeout: config.request_timeout(),
            max_body: config.max_body_bytes(),
            breaker: Breaker::new(config.breaker_policy()),
            counters: Counters::default(),
        })
    }

    pub fn breaker(&self) -> &Breaker {
        &self.breaker
    }

    /// Sends the request `build` makes (once per try, on the route's client), retrying
    /// connection errors, 5xx and short `Retry-After`s within the policy.
    ///
    /// # Errors
    /// The last try's error once retrying cannot help or the breaker has opened.
    pub async fn fetch(
        &self,
        stage: Stage,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> Result<Answer, Error> {
        let mut attempt = 1;
        loop {
            let error = match self.attempt(stage, &build).await {
                Ok(answer) => return Ok(answer),
                Err(error) => error,
            };
            let Some(wait) = self.retry.delay_after(&error, attempt) else {
                return Err(error);
            };

            // Other calls may have opened the breaker meanwhile: then the retry would only
            // dig the block deeper, before or after the wait.
            warn!(%stage, attempt, wait_ms = wait.as_millis() as u64, %error, "retrying");
            if !self.breaker.is_open() {
                tokio::time::sleep(wait).await;
            }
            if self.breaker.is_open() {
                debug!(%stage, "not retrying: the block breaker is open");
                return Err(error);
            }

            match error {
                Error::RateLimited { .. } => bump(&self.counters.after_retry_after),
                _ => bump(&self.counters.after_failure),
            }
            attempt += 1;
        }
    }

    /// One try on the next route.
    async fn attempt(
        &self,
        stage: Stage,
        build: &impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> Result<Answer, Error> {
        let route = self.routes.pick();
        self.count(stage);
        let response = match build(route.client()).send().await {
            Ok(response) => response,
            Err(error) => {
                self.answered(stage, unanswered(&error));
                return Err(self.send_failed(route, error, stage));
            }
        };
        self.answered(stage, response.status().as_str());

        let response = self.classify(route, response, stage)?;
        if let Some(target) = redirect_target(&response) {
            return Ok(Answer::Redirect(target));
        }
        let body = read_capped(response, stage, self.max_body, |e| self.transport_error(e, stage));
        let body = body.await;
        if let Err(Error::BodyTooLarge { limit, .. }) = &body {
            warn!(%stage, limit, "refused an oversized answer");
            bump(&self.counters.oversized);
        }
        body.map(Answer::Body)
    }

    fn count(&self, stage: Stage) {
        call::upstream_request();
        bump(match stage {
            Stage::WatchPage => &self.counters.watch_page,
            Stage::Player => &self.counters.player,
            Stage::Transcript => &self.counters.transcript,
        });
    }

    /// A request that got no answer; a proxy that could not be reached is skipped for a while.
    fn send_failed(&self, route: &Route, error: reqwest::Error, stage: Stage) -> Error {
        if route.is_proxy() && error.is_connect() {
            self.routes.failed(route, "could not connect through it");
        }
        self.transport_error(error, stage)
    }

    /// Error statuses become errors; a 429 also counts towards the breaker.
    fn classify(&self, route: &Route, response: Response, stage: Stage) -> Result<Response, Error> {
        let status = response.status();
        debug!(%stage, status = status.as_u16(), route = route.label(), "upstream answered");
        if status == StatusCode::TOO_MANY_REQUESTS {
            warn!(%stage, route = route.label(), "YouTube rate-limited a request (HTTP 429)");
            bump(&self.counters.rate_limited);
            self.breaker.rate_limited();
            return Err(Error::RateLimited { stage, retry_after: retry_after(&response) });
        }
        if status == StatusCode::PROXY_AUTHENTICATION_REQUIRED && route.is_proxy() {
            self.routes.failed(route, "it refused the credentials");
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

    /// Maps a reqwest failure to our error, without the URL (it carries the innertube key).
    fn transport_error(&self, error: reqwest::Error, stage: Stage) -> Error {
        if error.is_timeout() && error.is_connect() {
            let after = self.connect_timeout;
            return Error::UpstreamTimeout { stage, after, deadline: Deadline::Connect };
        }
        if error.is_timeout() {
            let after = self.request_timeout;
            return Error::UpstreamTimeout { stage, after, deadline: Deadline::Request };
        }
        let error = error.without_url();
        let problem = if error.is_connect() {
            format!("could not connect: {}", chain(&error))
        } else if error.is_body() || error.is_decode() {
            format!("the answer was cut off or undecodable: {}", chain(&error))
        } else {
            format!("the connection failed: {}", chain(&error))
        };
        Error::UpstreamError { stage, status: None, problem }
    }

    /// Requests sent so far, per endpoint.
    pub fn requests(&self) -> UpstreamRequests {
        UpstreamRequests {
            watch_page: self.counters.watch_page.load(Ordering::Relaxed),
            player: self.counters.player.load(Ordering::Relaxed),
            transcript: self.counters.transcript.load(Ordering::Relaxed),
        }
    }

    /// Retry counters.
    pub fn retry_stats(&self) -> RetryStats {
        RetryStats {
            after_failure: self.counters.after_failure.load(Ordering::Relaxed),
            after_retry_after: self.counters.after_retry_after.load(Ordering::Relaxed),
            rate_limited: self.counters.rate_limited.load(Ordering::Relaxed),
            oversized: self.counters.oversized.load(Ordering::Relaxed),
        }
    }

    /// Counts an answer (a status code) or its absence (`timeout`, `no_connection`,
    /// `failed`).
    fn answered(&self, stage: Stage, status: &str) {
        let mut answers = self.counters.answers.lock().unwrap_or_else(|p| p.into_inner());
        *answers.entry((stage.as_str(), status.to_owned())).or_default() += 1;
    }

    /// Answers per endpoint and status.
    pub fn answer_counts(&self) -> AnswerCounts {
        let answers = self.counters.answers.lock().unwrap_or_else(|p| p.into_inner());
        let mut counts = AnswerCounts::new();
        for ((stage, status), n) in answers.iter() {
            counts.entry((*stage).to_owned()).or_default().insert(status.clone(), *n);
        }
        counts
    }

    /// Per-route counters.
    pub fn route_stats(&self) -> Vec<super::proxy::RouteStats> {
        self.routes.stats()
    }
}

/// How a request that got no answer is counted in the stats.
fn unanswered(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "no_connection"
    } else {
        "failed"
    }
}

/// An error with its sources, which carry the useful part ("connection reset by peer").
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text = format!("{text}: {cause_text}");
        }
        source = cause.source();
    }
    text
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

/// The target of a redirect that was not followed (another host).
fn redirect_target(response: &Response) -> Option<Url> {
    if !response.status().is_redirection() {
        return None;
    }
    let location = response.headers().get(header::LOCATION)?.to_str().ok()?;
    response.url().join(location).ok()
}

/// `Retry-After` in seconds (the HTTP-date form is not used by YouTube and is ignored).
fn retry_after(response: &Response) -> Option<Duration> {
    let value = response.headers().get(header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}
