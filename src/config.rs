//! Command-line and environment configuration: every flag is also an environment variable.

use std::time::Duration;

use clap::Parser;
use url::Url;

use crate::cache::CachePolicy;
use crate::cursor::{CursorKey, CursorSecret};
use crate::youtube::breaker::BreakerPolicy;
use crate::youtube::innertube::{DEFAULT_CLIENTS, InnertubeClient};
use crate::youtube::proxy::ProxyUrl;
use crate::youtube::retry::RetryPolicy;

/// The YouTube origin used when none is configured.
pub const DEFAULT_BASE_URL: &str = "https://www.youtube.com";

/// Seconds one upstream request may take, headers and body, before `upstream_timeout`.
pub const DEFAULT_REQUEST_TIMEOUT_SECS: f64 = 20.0;

/// Seconds a TCP and TLS connection may take to open.
pub const DEFAULT_CONNECT_TIMEOUT_SECS: f64 = 10.0;

/// Seconds a whole tool call may take: every step, retry and wait included.
pub const DEFAULT_CALL_TIMEOUT_SECS: f64 = 60.0;

/// Tries per upstream request, the first included.
pub const DEFAULT_RETRY_ATTEMPTS: u32 = 3;

/// Seconds before the first retry; later ones double it, with jitter.
pub const DEFAULT_RETRY_BASE_DELAY_SECS: f64 = 0.5;

/// The longest `Retry-After` (seconds) a 429 may ask for and still be waited out.
pub const DEFAULT_RETRY_AFTER_CAP_SECS: f64 = 5.0;

/// Seconds requests fail fast once YouTube shows it is blocking this address.
pub const DEFAULT_BREAKER_COOLDOWN_SECS: f64 = 120.0;

/// Rate-limited answers in a row that open the block breaker.
pub const DEFAULT_BREAKER_THRESHOLD: u32 = 3;

/// Seconds a failed proxy is skipped.
pub const DEFAULT_PROXY_COOLDOWN_SECS: f64 = 60.0;

/// The largest upstream body read, in MiB; watch pages are about 1 MiB.
pub const DEFAULT_MAX_BODY_MIB: u64 = 16;

/// Memory the cache may hold by default: small enough for a laptop or a small VM.
pub const DEFAULT_CACHE_MAX_MIB: u64 = 64;

/// Our own lifecycle at `info`; rmcp's per-message chatter only from `warn`.
pub const DEFAULT_LOG_FILTER: &str = "info,rmcp=warn";

/// Tool calls run at once by default: plenty for one assistant, and a bound on memory.
pub const DEFAULT_MAX_CONCURRENT_CALLS: u16 = 32;

/// youtube-mcp: YouTube video context and transcripts for AI assistants, over MCP.
///
/// With no arguments it serves MCP on stdio (stdout carries protocol messages only; logs go
/// to stderr). No API key is needed.
#[derive(Debug, Clone, Parser)]
#[command(name = "youtube-mcp", version, about, long_about = None)]
pub struct Config {
    /// YouTube origin to talk to; point it at a fake YouTube for offline use and tests.
    #[arg(long, env = "YOUTUBE_MCP_BASE_URL", default_value = DEFAULT_BASE_URL,
          value_parser = parse_base_url)]
    pub youtube_base_url: Url,

    /// Innertube clients asked for the player, in order, as NAME:VERSION separated by commas;
    /// the next one is asked when an answer is a bot check, has an unexpected shape, or offers
    /// only PO-token-gated captions.
    #[arg(long, env = "YOUTUBE_MCP_INNERTUBE_CLIENTS", default_value = DEFAULT_CLIENTS,
          value_delimiter = ',')]
    pub innertube_clients: Vec<InnertubeClient>,

    /// Seconds one upstream request may take before the call fails with `upstream_timeout`.
    #[arg(long, env = "YOUTUBE_MCP_REQUEST_TIMEOUT", default_value_t = DEFAULT_REQUEST_TIMEOUT_SECS,
          value_parser = parse_seconds)]
    pub request_timeout: f64,

    /// Seconds a connection to YouTube may take to open.
    #[arg(long, env = "YOUTUBE_MCP_CONNECT_TIMEOUT", default_value_t = DEFAULT_CONNECT_TIMEOUT_SECS,
          value_parser = parse_seconds)]
    pub connect_timeout: f64,

    /// Seconds a whole tool call may take, every upstream step, retry and wait included.
    #[arg(long, env = "YOUTUBE_MCP_CALL_TIMEOUT", default_value_t = DEFAULT_CALL_TIMEOUT_SECS,
          value_parser = parse_seconds)]
    pub call_timeout: f64,

    /// Tries per upstream request (1 = never retry); only connection errors, 5xx and short
    /// Retry-After waits are retried.
    #[arg(long, env = "YOUTUBE_MCP_RETRY_ATTEMPTS", default_value_t = DEFAULT_RETRY_ATTEMPTS,
          value_parser = clap::value_parser!(u32).range(1..=10))]
    pub retry_attempts: u32,

    /// Seconds before the first retry; each later one doubles it, with jitter.
    #[arg(long, env = "YOUTUBE_MCP_RETRY_BASE_DELAY",
          default_value_t = DEFAULT_RETRY_BASE_DELAY_SECS, value_parser = parse_seconds)]
    pub retry_base_delay: f64,

    /// The longest Retry-After, in seconds, a 429 may ask for and still be waited out;
    /// a longer one fails the call at once as `rate_limited` (0: never wait).
    #[arg(long, env = "YOUTUBE_MCP_RETRY_AFTER_CAP",
          default_value_t = DEFAULT_RETRY_AFTER_CAP_SECS, value_parser = parse_wait)]
    pub retry_after_cap: f64,

    /// Seconds requests fail fast with `request_blocked` after a captcha, a bot check on
    /// every client, or repeated 429s; then one probe call decides.
    #[arg(long, env = "YOUTUBE_MCP_BREAKER_COOLDOWN",
          default_value_t = DEFAULT_BREAKER_COOLDOWN_SECS, value_parser = parse_seconds)]
    pub breaker_cooldown: f64,

    /// Rate-limited answers in a row that open the block breaker.
    #[arg(long, env = "YOUTUBE_MCP_BREAKER_THRESHOLD", default_value_t = DEFAULT_BREAKER_THRESHOLD,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub breaker_threshold: u32,

    /// Proxy for requests to YouTube (http, https, socks5 or socks5h URL, credentials
    /// allowed); repeat it or separate with commas to take several in turn. Without it the
    /// standard HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY variables apply.
    #[arg(long, env = "YOUTUBE_MCP_PROXY", value_delimiter = ',', hide_env_values = true)]
    pub proxy: Vec<ProxyUrl>,

    /// Seconds a proxy that failed is skipped.
    #[arg(long, env = "YOUTUBE_MCP_PROXY_COOLDOWN", default_value_t = DEFAULT_PROXY_COOLDOWN_SECS,
          value_parser = parse_seconds)]
    pub proxy_cooldown: f64,

    /// The largest upstream answer read, in MiB; a larger one fails as `upstream_error`.
    #[arg(long, env = "YOUTUBE_MCP_MAX_BODY_MIB", default_value_t = DEFAULT_MAX_BODY_MIB,
          value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub max_body_mib: u64,

    /// Memory the cache may hold, in MiB (values are weighed by their real size).
    #[arg(long, env = "YOUTUBE_MCP_CACHE_MAX_MIB", default_value_t = DEFAULT_CACHE_MAX_MIB,
          value_parser = clap::value_parser!(u64).range(1..=65_536))]
    pub cache_max_mib: u64,

    /// Seconds a video's player data (metadata, caption tracks) is reused; never past the
    /// expiry of its caption URLs.
    #[arg(long, env = "YOUTUBE_MCP_CACHE_PLAYER_TTL", default_value = "1800",
          value_parser = parse_ttl)]
    pub cache_player_ttl: Duration,

    /// Seconds a fetched transcript is reused.
    #[arg(long, env = "YOUTUBE_MCP_CACHE_TRANSCRIPT_TTL", default_value = "86400",
          value_parser = parse_ttl)]
    pub cache_transcript_ttl: Duration,

    /// Seconds a transcript's search index is kept.
    #[arg(long, env = "YOUTUBE_MCP_CACHE_SEARCH_TTL", default_value = "86400",
          value_parser = parse_ttl)]
    pub cache_search_ttl: Duration,

    /// Seconds a permanent negative answer (not found, private, captions off) is reused.
    #[arg(long, env = "YOUTUBE_MCP_CACHE_NEGATIVE_TTL", default_value = "300",
          value_parser = parse_ttl)]
    pub cache_negative_ttl: Duration,

    /// Secret that signs transcript page cursors (16 characters or more). Give every instance
    /// behind one endpoint the same secret so each accepts the others' cursors; without it,
    /// each process signs with a random key. Never logged.
    #[arg(long, env = "YOUTUBE_MCP_CURSOR_SECRET", hide_env_values = true,
          value_parser = CursorSecret::parse)]
    pub cursor_secret: Option<CursorSecret>,

    /// Log filter for stderr: `error`, `warn`, `info` (lifecycle), `debug` (a line per tool
    /// call), `trace`, or `RUST_LOG`-style directives such as `info,youtube_mcp=debug`.
    /// Without it, `RUST_LOG` is read, then the default applies.
    #[arg(long, env = "YOUTUBE_MCP_LOG")]
    pub log_level: Option<String>,

    /// Log line format on stderr: `pretty` (one readable line per event) or `json` (one JSON
    /// object per line, for log collectors).
    #[arg(long, env = "YOUTUBE_MCP_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,

    /// The most tool calls run at once; more wait their turn, so a burst of calls cannot
    /// exhaust memory or YouTube's patience.
    #[arg(long, env = "YOUTUBE_MCP_MAX_CONCURRENT_CALLS",
          default_value_t = DEFAULT_MAX_CONCURRENT_CALLS,
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub max_concurrent_calls: u16,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Flags whose values are secret (a proxy URL may carry credentials): a refused value is
/// never repeated in the error, which ends up in the client application's log files.
const SECRET_FLAGS: [&str; 2] = ["--proxy ", "--cursor-secret "];

impl Config {
    /// Parses the command line and the environment, or exits with clap's message (status 2);
    /// the message leaves out a refused value of a secret flag.
    pub fn from_args() -> Self {
        match Self::try_parse() {
            Ok(config) => config,
            Err(error) => exit_without_secrets(error),
        }
    }

    /// The log filter: `--log-level`, else `RUST_LOG`, else [`DEFAULT_LOG_FILTER`].
    pub fn log_filter(&self) -> String {
        let from_env = std::env::var("RUST_LOG").ok().filter(|f| !f.trim().is_empty());
        self.log_level.clone().or(from_env).unwrap_or_else(|| DEFAULT_LOG_FILTER.to_owned())
    }

    /// The request timeout as a duration.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs_f64(self.request_timeout)
    }

    /// The connect timeout as a duration.
    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs_f64(self.connect_timeout)
    }

    /// The whole-call deadline as a duration.
    pub fn call_timeout(&self) -> Duration {
        Duration::from_secs_f64(self.call_timeout)
    }

    /// When and how upstream requests are retried.
    pub fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy {
            attempts: self.retry_attempts,
            base_delay: Duration::from_secs_f64(self.retry_base_delay),
            retry_after_cap: Duration::from_secs_f64(self.retry_after_cap),
        }
    }

    /// When the block breaker opens and for how long.
    pub fn breaker_policy(&self) -> BreakerPolicy {
        BreakerPolicy {
            cooldown: Duration::from_secs_f64(self.breaker_cooldown),
            rate_limit_threshold: self.breaker_threshold,
        }
    }

    /// How long a failed proxy is skipped.
    pub fn proxy_cooldown(&self) -> Duration {
        Duration::from_secs_f64(self.proxy_cooldown)
    }

    /// The body size cap in bytes.
    pub fn max_body_bytes(&self) -> u64 {
        self.max_body_mib * 1024 * 1024
    }

    /// The cache's times to live.
    pub fn cache_policy(&self) -> CachePolicy {
        CachePolicy {
            player_ttl: self.cache_player_ttl,
            transcript_ttl: self.cache_transcript_ttl,
            search_index_ttl: self.cache_search_ttl,
            negative_ttl: self.cache_negative_ttl,
        }
    }

    /// The cache's byte bound.
    pub fn cache_max_bytes(&self) -> u64 {
        self.cache_max_mib * 1024 * 1024
    }

    /// The key for page cursors: from the configured secret, else random (a new one per call).
    pub fn cursor_key(&self) -> CursorKey {
        match &self.cursor_secret {
            Some(secret) => CursorKey::from_secret(secret),
            None => CursorKey::random(),
        }
    }
}

impl Default for Config {
    /// The defaults, as if started with no flags and no environment.
    fn default() -> Self {
        let policy = CachePolicy::default();
        Self {
            // The constant is a valid https origin; the unit test below parses it too.
            youtube_base_url: Url::parse(DEFAULT_BASE_URL).expect("default base URL parses"),
            innertube_clients: default_clients(),
            request_timeout: DEFAULT_REQUEST_TIMEOUT_SECS,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT_SECS,
            call_timeout: DEFAULT_CALL_TIMEOUT_SECS,
            retry_attempts: DEFAULT_RETRY_ATTEMPTS,
            retry_base_delay: DEFAULT_RETRY_BASE_DELAY_SECS,
            retry_after_cap: DEFAULT_RETRY_AFTER_CAP_SECS,
            breaker_cooldown: DEFAULT_BREAKER_COOLDOWN_SECS,
            breaker_threshold: DEFAULT_BREAKER_THRESHOLD,
            proxy: Vec::new(),
            proxy_cooldown: DEFAULT_PROXY_COOLDOWN_SECS,
            max_body_mib: DEFAULT_MAX_BODY_MIB,
            cache_max_mib: DEFAULT_CACHE_MAX_MIB,
            cache_player_ttl: policy.player_ttl,
            cache_transcript_ttl: policy.transcript_ttl,
            cache_search_ttl: policy.search_index_ttl,
            cache_negative_ttl: policy.negative_ttl,
            cursor_secret: None,
            log_level: None,
            log_format: LogFormat::Pretty,
            max_concurrent_calls: DEFAULT_MAX_CONCURRENT_CALLS,
        }
    }
}

/// Exits as clap would, except that a refused secret value is described, not repeated.
fn exit_without_secrets(error: clap::Error) -> ! {
    use clap::error::{ContextKind, ContextValue, ErrorKind};

    let flag = match error.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) => SECRET_FLAGS.iter().find(|f| arg.starts_with(**f)),
        _ => None,
    };
    let Some(flag) = flag.filter(|_| error.kind() == ErrorKind::ValueValidation) else {
        error.exit()
    };
    let why = std::error::Error::source(&error).map(ToString::to_string).unwrap_or_default();
    eprintln!(
        "error: invalid value for {} (not repeated here: it may hold a secret): {why}",
        flag.trim()
    );
    std::process::exit(2)
}

/// The default innertube clients, parsed.
fn default_clients() -> Vec<InnertubeClient> {
    // The constant is valid; the unit test below parses it through the flag too.
    DEFAULT_CLIENTS.split(',').filter_map(|raw| raw.parse().ok()).collect()
}

/// Accepts an `http` or `https` origin with no path, query or credentials.
fn parse_base_url(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|e| format!("not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("the scheme must be http or https".into());
    }
    if url.host_str().is_none() || !url.username().is_empty() || url.password().is_some() {
        return Err("give an origin with a host and no credentials".into());
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err("give an origin only, such as https://www.youtube.com".into());
    }
    Ok(url)
}

/// Accepts whole seconds from 0 (do not reuse) up to 30 days.
fn parse_ttl(raw: &str) -> Result<Duration, String> {
    let seconds: u64 = raw.trim().parse().map_err(|_| format!("`{raw}` is not whole seconds"))?;
    if seconds > 30 * 24 * 60 * 60 {
        return Err("give at most 2592000 seconds (30 days)".into());
    }
    Ok(Duration::from_secs(seconds))
}

/// Accepts a finite number of seconds from 0 up to one minute.
fn parse_wait(raw: &str) -> Result<f64, String> {
    let seconds: f64 = raw.trim().parse().map_err(|_| format!("`{raw}` is not a number"))?;
    if !(seconds.is_finite() && (0.0..=60.0).contains(&seconds)) {
        return Err("give seconds between 0 and 60".into());
    }
    Ok(seconds)
}

/// Accepts a number of seconds from 0.1 (below that no request can finish) up to one hour.
fn parse_seconds(raw: &str) -> Result<f64, String> {
    let seconds: f64 = raw.trim().parse().map_err(|_| format!("`{raw}` is not a number"))?;
    if !(seconds.is_finite() && (0.1..=3600.0).contains(&seconds)) {
        return Err("give seconds from 0.1 to 3600".into());
    }
    Ok(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_accepts_an_origin_and_refuses_paths_and_other_schemes() {
        assert_eq!(
            parse_base_url("http://127.0.0.1:8765").unwrap().as_str(),
            "http://127.0.0.1:8765/"
        );
        assert!(parse_base_url("https://www.youtube.com/watch").is_err());
        assert!(parse_base_url("ftp://www.youtube.com").is_err());
        assert!(parse_base_url("https://user:pw@www.youtube.com").is_err());
    }

    #[test]
    fn seconds_must_be_positive_and_bounded() {
        assert_eq!(parse_seconds("2.5"), Ok(2.5));
        assert!(parse_seconds("0").is_err());
        assert!(parse_seconds("0.0000000001").is_err());
        assert_eq!(parse_seconds("0.1"), Ok(0.1));
        assert!(parse_seconds("nan").is_err());
        assert!(parse_seconds("99999").is_err());
    }

    #[test]
    fn default_config_matches_the_flag_defaults() {
        let parsed = Config::try_parse_from(["youtube-mcp"]).unwrap();
        let default = Config::default();
        assert_eq!(parsed.youtube_base_url, default.youtube_base_url);
        assert_eq!(parsed.innertube_clients, default.innertube_clients);
        assert_eq!(parsed.innertube_clients.len(), 3);
        assert_eq!(parsed.retry_policy(), default.retry_policy());
        assert_eq!(parsed.breaker_policy(), default.breaker_policy());
        assert_eq!(parsed.call_timeout(), Duration::from_secs(60));
        assert!(parsed.proxy.is_empty());
        assert_eq!(parsed.cache_policy(), default.cache_policy());
        assert_eq!(parsed.cache_max_bytes(), 64 * 1024 * 1024);
    }

    #[test]
    fn flags_parse_into_config() {
        let config = Config::try_parse_from([
            "youtube-mcp",
            "--youtube-base-url",
            "http://127.0.0.1:9",
            "--request-timeout",
            "3",
        ])
        .unwrap();
        assert_eq!(config.youtube_base_url.as_str(), "http://127.0.0.1:9/");
        assert_eq!(config.request_timeout(), Duration::from_secs(3));
    }

    /// A cursor secret must be long enough, and neither `Debug` nor `--help` shows it.
    #[test]
    fn the_cursor_secret_is_checked_and_never_shown() {
        let secret = "a secret of enough length";
        let config = Config::try_parse_from(["youtube-mcp", "--cursor-secret", secret]).unwrap();
        assert!(config.cursor_secret.is_some());
        assert!(!format!("{config:?}").contains(secret));

        let short = Config::try_parse_from(["youtube-mcp", "--cursor-secret", "short"]);
        assert!(short.unwrap_err().to_string().contains("at least 16 characters"));

        let command = <Config as clap::CommandFactory>::command();
        let arg = command.get_arguments().find(|arg| arg.get_id() == "cursor_secret").unwrap();
        assert!(arg.is_hide_env_values_set(), "--help would print the environment's secret");
    }

    #[test]
    fn survival_flags_parse_into_config() {
        let config = Config::try_parse_from([
            "youtube-mcp",
            "--innertube-clients",
            "WEB:2.1,ANDROID:20.10.38",
            "--proxy",
            "http://127.0.0.1:3128",
            "--proxy",
            "socks5://user:pw@127.0.0.1:1080",
            "--retry-after-cap",
            "0",
            "--breaker-threshold",
            "5",
            "--max-body-mib",
            "2",
        ])
        .unwrap();
        let names: Vec<&str> = config.innertube_clients.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["WEB", "ANDROID"]);
        assert_eq!(config.proxy.len(), 2);
        assert_eq!(config.proxy[1].to_string(), "socks5://user:***@127.0.0.1:1080");
        assert_eq!(config.retry_policy().retry_after_cap, Duration::ZERO);
        assert_eq!(config.breaker_policy().rate_limit_threshold, 5);
        assert_eq!(config.max_body_bytes(), 2 * 1024 * 1024);
    }

    #[test]
    fn bad_survival_flags_are_refused() {
        for args in [
            ["--proxy", "ftp://127.0.0.1:21"],
            ["--innertube-clients", "android"],
            ["--retry-attempts", "0"],
            ["--retry-after-cap", "61"],
        ] {
            let parsed = Config::try_parse_from(["youtube-mcp", args[0], args[1]]);
            assert!(parsed.is_err(), "{args:?}");
        }
    }
}
