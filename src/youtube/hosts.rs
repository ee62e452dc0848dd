//! Which hosts the server may fetch, and how YouTube's absolute URLs reach the configured origin.
//!
//! YouTube answers with absolute URLs (caption tracks, redirects). They are never fetched as
//! given: a URL on a YouTube web host is moved onto the configured origin (so a loopback fake
//! serves tests), a URL already on the configured origin is kept, and anything else is refused.

use url::Url;

use crate::error::{Error, Stage};

/// The web hosts whose URLs are rewritten onto the configured origin.
const YOUTUBE_WEB_HOSTS: [&str; 3] = ["www.youtube.com", "youtube.com", "m.youtube.com"];

/// The configured YouTube origin and the rules for URLs found upstream.
#[derive(Debug, Clone)]
pub struct Origin {
    base: Url,
}

impl Origin {
    /// Wraps an origin URL (scheme, host, optional port) that configuration already vetted.
    pub fn new(base: Url) -> Self {
        Self { base }
    }

    /// A path (with query) on the configured origin.
    pub fn join(&self, path_and_query: &str) -> Url {
        let mut url = self.base.clone();
        match path_and_query.split_once('?') {
            Some((path, query)) => {
                url.set_path(path);
                url.set_query(Some(query));
            }
            None => url.set_path(path_and_query),
        }
        url
    }

    /// True when `url` points at the configured origin itself.
    pub fn is_own(&self, url: &Url) -> bool {
        url.scheme() == self.base.scheme()
            && url.host_str() == self.base.host_str()
            && url.port_or_known_default() == self.base.port_or_known_default()
    }

    /// Vets a URL taken from an upstream answer and moves it onto the configured origin.
    ///
    /// # Errors
    /// `upstream_changed` when the URL does not parse or names a host that is neither a
    /// YouTube web host nor the configured origin; such a URL is never fetched.
    pub fn adopt(&self, raw: &str, stage: Stage) -> Result<Url, Error> {
        let url = Url::parse(raw)
            .map_err(|_| Error::changed(stage, format!("unparsable upstream URL `{raw}`")))?;
        if self.is_own(&url) {
            return Ok(url);
        }
        if !is_youtube_web_url(&url) {
            let host = url.host_str().unwrap_or("(none)");
            return Err(Error::changed(
                stage,
                format!("refused a URL on the foreign host `{host}`"),
            ));
        }

        let mut moved = self.base.clone();
        moved.set_path(url.path());
        moved.set_query(url.query());
        Ok(moved)
    }
}

/// An http(s) URL on one of YouTube's web hosts, with no credentials.
fn is_youtube_web_url(url: &Url) -> bool {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    matches!(url.scheme(), "http" | "https")
        && url.username().is_empty()
        && url.password().is_none()
        && YOUTUBE_WEB_HOSTS.contains(&host.as_str())
}

/// True when a redirect target is YouTube's cookie-consent service.
pub fn is_consent_host(url: &Url) -> bool {
    url.host_str().is_some_and(|h| h.eq_ignore_ascii_case("consent.youtube.com"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake() -> Origin {
        Origin::new(Url::parse("http://127.0.0.1:8765").unwrap())
    }

    #[test]
    fn youtube_caption_urls_move_onto_the_configured_origin() {
        let raw = "https://www.youtube.com/api/timedtext?v=GJLlxj_dtq8&lang=en&fmt=srv3";
        let url = fake().adopt(raw, Stage::Transcript).unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:8765/api/timedtext?v=GJLlxj_dtq8&lang=en&fmt=srv3"
        );

        let bare = fake().adopt("https://youtube.com/api/timedtext?v=x", Stage::Transcript);
        assert_eq!(bare.unwrap().host_str(), Some("127.0.0.1"));
        let mobile = fake().adopt("https://M.YouTube.com/api/timedtext?v=x", Stage::Transcript);
        assert_eq!(mobile.unwrap().port(), Some(8765));
    }

    #[test]
    fn urls_on_the_configured_origin_are_kept() {
        let raw = "http://127.0.0.1:8765/api/timedtext?v=abc";
        assert_eq!(fake().adopt(raw, Stage::Transcript).unwrap().as_str(), raw);
    }

    #[test]
    fn foreign_and_look_alike_hosts_are_refused_as_upstream_changed() {
        for raw in [
            "https://evil.example/api/timedtext?v=x",
            "https://www.youtube.com.evil.example/api/timedtext",
            "https://user@www.youtube.com/api/timedtext",
            "http://127.0.0.1:9999/api/timedtext",
            "file:///etc/passwd",
            "not a url",
        ] {
            let error = fake().adopt(raw, Stage::Transcript).unwrap_err();
            assert_eq!(error.code(), crate::ErrorCode::UpstreamChanged, "{raw}");
        }
    }

    #[test]
    fn consent_host_is_recognised() {
        assert!(is_consent_host(&Url::parse("https://consent.youtube.com/m?x=1").unwrap()));
        assert!(!is_consent_host(&Url::parse("https://www.youtube.com/").unwrap()));
    }
}
