//! The routes requests take to YouTube: direct, or through proxies taken in turn.
//!
//! YouTube blocks many cloud and data-centre addresses outright, so a server there needs to
//! send its requests from elsewhere. With `--proxy` given (http, https, socks5, socks5h, with
//! credentials if needed) each request takes the next proxy in turn, and a proxy that fails
//! (unreachable, refusing the credentials) is skipped for a cool-down. Without it, requests go
//! direct, and reqwest honours the standard `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and
//! `NO_PROXY` variables.
//!
//! Each proxy has a reqwest client of its own rather than one client with a rotating proxy
//! selector: reqwest asks its selector only when it opens a connection and then pools that
//! connection per destination, so a selector would rotate only on new connections and could
//! not tell which proxy a failed request used. Separate clients keep each pooled connection
//! tied to one proxy, make the turn-taking exact, and attribute every failure.

use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;
use tracing::warn;
use url::Url;

use crate::error::Error;

/// A proxy URL as configured; shown without its password.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyUrl(Url);

impl ProxyUrl {
    /// The URL with its credentials, for reqwest only.
    pub fn url(&self) -> &Url {
        &self.0
    }
}

impl FromStr for ProxyUrl {
    type Err = String;

    /// Accepts `http`, `https`, `socks5` and `socks5h` URLs with a host and a port.
    fn from_str(raw: &str) -> Result<Self, String> {
        let url = Url::parse(raw.trim()).map_err(|e| format!("not a proxy URL: {e}"))?;
        if !matches!(url.scheme(), "http" | "https" | "socks5" | "socks5h") {
            return Err("the proxy scheme must be http, https, socks5 or socks5h".into());
        }
        if url.host_str().is_none() || url.port_or_known_default().is_none() {
            return Err("give the proxy as scheme://[user:password@]host:port".into());
        }
        if (url.path() != "/" && !url.path().is_empty()) || url.query().is_some() {
            return Err("a proxy URL has no path or query".into());
        }
        if url.fragment().is_some() {
            return Err("a proxy URL has no fragment".into());
        }
        Ok(Self(url))
    }
}

/// Shows the proxy with `***` for its password, so logs and stats never leak it. A user name
/// without a password is hidden too: some providers take the token as the user name.
impl fmt::Display for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.0.clone();
        // Both setters succeed on any URL with a host, which `from_str` made sure of.
        match shown.password().filter(|password| !password.is_empty()) {
            Some(_) => {
                let _ = shown.set_password(Some("***"));
            }
            None if !shown.username().is_empty() => {
                let _ = shown.set_password(None);
                let _ = shown.set_username("***");
            }
            None => {}
        }
        f.write_str(shown.as_str().trim_end_matches('/'))
    }
}

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProxyUrl({self})")
    }
}

/// One way to YouTube: a reqwest client and, for a proxy, its failure record.
#[derive(Debug)]
pub struct Route {
    /// `direct`, or the proxy URL without its password.
    label: String,
    client: reqwest::Client,
    is_proxy: bool,
    skipped_until: Mutex<Option<Instant>>,
    requests: AtomicU64,
    failures: AtomicU64,
}

impl Route {
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn is_proxy(&self) -> bool {
        self.is_proxy
    }

    fn skipped_until(&self) -> Option<Instant> {
        let until = *self.skipped_until.lock().unwrap_or_else(|p| p.into_inner());
        until.filter(|until| *until > Instant::now())
    }
}

/// The routes, taken in turn.
#[derive(Debug)]
pub struct Routes {
    routes: Vec<Route>,
    next: AtomicUsize,
    cooldown: Duration,
}

impl Routes {
    /// One route per proxy, or a single direct one; `build` makes each route's client.
    ///
    /// # Errors
    /// `internal` when a client cannot be built (a proxy URL reqwest refuses, no TLS).
    pub fn new(
        proxies: &[ProxyUrl],
        cooldown: Duration,
        build: impl Fn(Option<reqwest::Proxy>) -> Result<reqwest::Client, reqwest::Error>,
    ) -> Result<Self, Error> {
        let failed = |what: &str, e: reqwest::Error| Error::Internal {
            problem: format!("HTTP client for {what}: {}", e.without_url()),
        };
        let routes = if proxies.is_empty() {
            let client = build(None).map_err(|e| failed("direct requests", e))?;
            vec![Route::new("direct".into(), client, false)]
        } else {
            let route = |proxy: &ProxyUrl| {
                let label = proxy.to_string();
                let reqwest_proxy =
                    reqwest::Proxy::all(proxy.url().as_str()).map_err(|e| failed(&label, e))?;
                let client = build(Some(reqwest_proxy)).map_err(|e| failed(&label, e))?;
                Ok(Route::new(label, client, true))
            };
            proxies.iter().map(route).collect::<Result<_, Error>>()?
        };
        Ok(Self { routes, next: AtomicUsize::new(0), cooldown })
    }

    /// The next route in turn that is not being skipped; when every proxy is being skipped,
    /// the one whose cool-down ends first (a blocked server is no better than a doubtful
    /// proxy).
    pub fn pick(&self) -> &Route {
        let count = self.routes.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let in_turn = (0..count).map(|offset| &self.routes[(start + offset) % count]);
        let route = match in_turn.clone().find(|route| route.skipped_until().is_none()) {
            Some(route) => route,
            None => in_turn.min_by_key(|route| route.skipped_until()).unwrap_or(&self.routes[0]),
        };
        route.requests.fetch_add(1, Ordering::Relaxed);
        route
    }

    /// Skips a proxy that failed for the cool-down; a direct route is never skipped.
    pub fn failed(&self, route: &Route, why: &str) {
        route.failures.fetch_add(1, Ordering::Relaxed);
        if !route.is_proxy {
            return;
        }
        warn!(proxy = %route.label, %why, cooldown_s = self.cooldown.as_secs_f64(),
              "proxy failed; skipping it for a while");
        let mut until = route.skipped_until.lock().unwrap_or_else(|p| p.into_inner());
        *until = Some(Instant::now() + self.cooldown);
    }

    /// Requests and failures per route.
    pub fn stats(&self) -> Vec<RouteStats> {
        self.routes
            .iter()
            .map(|route| RouteStats {
                route: route.label.clone(),
                requests: route.requests.load(Ordering::Relaxed),
                failures: route.failures.load(Ordering::Relaxed),
                skipped: route.skipped_until().is_some(),
            })
            .collect()
    }
}

impl Route {
    fn new(label: String, client: reqwest::Client, is_proxy: bool) -> Self {
        Self {
            label,
            client,
            is_proxy,
            skipped_until: Mutex::new(None),
            requests: AtomicU64::new(0),
            failures: AtomicU64::new(0),
        }
    }
}

/// One route's counters, for the stats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteStats {
    /// `direct`, or the proxy URL without its password.
    pub route: String,
    pub requests: u64,
    pub failures: u64,
    /// True while a failed proxy is being skipped.
    pub skipped: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(raw: &[&str]) -> Vec<ProxyUrl> {
        raw.iter().map(|r| r.parse().unwrap()).collect()
    }

    fn routes(raw: &[&str], cooldown_ms: u64) -> Routes {
        let build = |proxy: Option<reqwest::Proxy>| {
            let builder = reqwest::Client::builder();
            match proxy {
                Some(proxy) => builder.proxy(proxy).build(),
                None => builder.build(),
            }
        };
        Routes::new(&proxies(raw), Duration::from_millis(cooldown_ms), build).unwrap()
    }

    #[test]
    fn proxy_urls_accept_the_supported_schemes_and_hide_passwords() {
        let shown = "socks5://user:secret@127.0.0.1:1080".parse::<ProxyUrl>().unwrap();
        assert_eq!(shown.to_string(), "socks5://user:***@127.0.0.1:1080");
        assert!(!format!("{shown:?}").contains("secret"));
        assert!("http://127.0.0.1:3128".parse::<ProxyUrl>().is_ok());
        let refused = [
            "ftp://127.0.0.1:21",
            "127.0.0.1:3128",
            "http://127.0.0.1:3128/path",
            "http://u:p@127.0.0.1:3128/?token",
            "http://127.0.0.1:3128#token",
        ];
        for raw in refused {
            assert!(raw.parse::<ProxyUrl>().is_err(), "{raw}");
        }
    }

    /// Some providers take the token as the user name, with no password or an empty one.
    #[test]
    fn a_user_name_without_a_password_is_hidden_too() {
        for raw in ["http://T0ken@127.0.0.1:3128", "http://T0ken:@127.0.0.1:3128"] {
            let shown = raw.parse::<ProxyUrl>().unwrap();
            assert_eq!(shown.to_string(), "http://***@127.0.0.1:3128", "{raw}");
            assert!(!format!("{shown:?}").contains("T0ken"));
            assert_eq!(shown.url().username(), "T0ken", "reqwest still gets the credentials");
        }
    }

    #[test]
    fn requests_take_the_proxies_in_turn() {
        let routes = routes(&["http://127.0.0.1:1001", "http://127.0.0.1:1002"], 1000);
        let picked: Vec<&str> = (0..4).map(|_| routes.pick().label()).collect();
        assert_eq!(
            picked,
            [
                "http://127.0.0.1:1001",
                "http://127.0.0.1:1002",
                "http://127.0.0.1:1001",
                "http://127.0.0.1:1002"
            ]
        );
    }

    #[tokio::test]
    async fn a_failed_proxy_is_skipped_until_its_cooldown_ends() {
        let routes = routes(&["http://127.0.0.1:1001", "http://127.0.0.1:1002"], 60);
        let first = routes.pick();
        routes.failed(first, "connection refused");

        let picked: Vec<&str> = (0..3).map(|_| routes.pick().label()).collect();
        assert_eq!(picked, ["http://127.0.0.1:1002"; 3]);
        assert!(routes.stats()[0].skipped);

        tokio::time::sleep(Duration::from_millis(80)).await;
        let picked: Vec<&str> = (0..2).map(|_| routes.pick().label()).collect();
        assert!(picked.contains(&"http://127.0.0.1:1001"), "{picked:?}");
    }

    #[test]
    fn without_proxies_there_is_one_direct_route_that_is_never_skipped() {
        let routes = routes(&[], 1000);
        let route = routes.pick();
        routes.failed(route, "connection refused");
        assert_eq!(routes.pick().label(), "direct");
        assert!(!routes.stats()[0].skipped);
        assert_eq!(routes.stats()[0].failures, 1);
    }
}
