//! Video references: every form a user pastes, parsed once into a [`VideoId`].
//!
//! Users hand us a bare id, a link copied from the address bar or a share menu, or a link
//! lifted from prose with a period or bracket stuck to it. [`VideoRef::parse`] turns each of
//! these into the 11-character id plus the start offset the link carried, or refuses it with
//! a message that lists the accepted forms. It never guesses: a value that does not name
//! exactly one video on a YouTube host is refused, and nothing past this edge sees raw text.
//!
//! Playlists are not supported: `list=` next to a video is ignored, and a link that names
//! only a playlist is refused.

use std::fmt;

use url::Url;

use crate::Error;
use crate::bounds::Bounds;

/// The accepted forms, named in every refusal so the caller can correct the value.
const ACCEPTED_FORMS: &str = "an 11-character video id or a YouTube video link \
     (youtube.com/watch?v=ID, youtu.be/ID, youtube.com/shorts/ID, /live/ID, /embed/ID)";

/// The longest reference accepted, in characters: far more than any YouTube link, tracking
/// parameters included, so a pasted page is refused before it is parsed.
pub const MAX_REFERENCE_CHARS: usize = 2_000;

/// Hosts that serve YouTube's own pages; the url crate has already lowercased them.
const SITE_HOSTS: [&str; 6] = [
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "music.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
];

/// The share-link host, whose only path segment is the id.
const SHORT_LINK_HOST: &str = "youtu.be";

/// Path segments that are followed by the id (`/shorts/ID`, `/embed/ID` ...).
const ID_PATH_PREFIXES: [&str; 5] = ["shorts", "live", "embed", "v", "e"];

/// Paths on which YouTube reads the id from the `v` query parameter.
const WATCH_PATHS: [&str; 2] = ["watch", "watch_popup"];

/// Characters prose leaves before a pasted link (`<https://...>`, `("https://...`).
const LEADING_PROSE: [char; 4] = ['<', '(', '"', '\''];

/// Characters prose leaves after a pasted link (`see https://youtu.be/ID.`).
const TRAILING_PROSE: [char; 8] = ['.', ',', ')', '>', '"', '\'', '!', '?'];

/// Prefixes of playlist ids, so a pasted playlist id gets the playlist message.
const PLAYLIST_ID_PREFIXES: [&str; 2] = ["PL", "OLAK5uy_"];

/// The shortest playlist id (`PL` plus 16 characters).
const MIN_PLAYLIST_ID_LEN: usize = 18;

/// Units of a `t=` offset in the only order YouTube writes them, with their length in seconds.
const OFFSET_UNITS: [(char, u32); 3] = [('h', 3600), ('m', 60), ('s', 1)];

/// How much of a refused value a message repeats; a pasted page must not flood the error.
const MAX_ECHOED_CHARS: usize = 60;

/// An 11-character YouTube video id (`[0-9A-Za-z_-]{11}`), valid by construction.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VideoId(String);

impl VideoId {
    /// The id as YouTube spells it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Accepts exactly an 11-character id of the YouTube alphabet, nothing else.
    pub fn from_bare(candidate: &str) -> Option<Self> {
        let valid = candidate.len() == 11 && is_id_alphabet(candidate);
        valid.then(|| Self(candidate.to_owned()))
    }
}

impl fmt::Display for VideoId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for VideoId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// What a user's reference resolved to: the id, and the start offset a URL carried.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoRef {
    pub id: VideoId,
    /// Seconds from `t=`/`start=` (`90`, `1m30s`, `1h2m3s`), when the URL had one.
    pub start_seconds: Option<f64>,
}

impl VideoRef {
    /// Resolves a bare id or any accepted URL form.
    ///
    /// Surrounding whitespace and the punctuation prose leaves around a link are dropped;
    /// `list`, `index`, `pp`, `feature`, `si` and fragments are ignored; an unreadable `t`
    /// leaves `start_seconds` empty rather than failing.
    ///
    /// # Errors
    /// [`crate::Error::InvalidInput`] for parameter `video` with its [`bounds`], saying what is
    /// wrong and naming the accepted forms: empty input, more than [`MAX_REFERENCE_CHARS`]
    /// characters, a value of the wrong length, a foreign host, a link without a video, or a
    /// playlist.
    pub fn parse(input: &str) -> Result<Self, Error> {
        let length = input.chars().count();
        if length > MAX_REFERENCE_CHARS {
            let problem = format!(
                "the value has {length} characters; expected at most {MAX_REFERENCE_CHARS}: \
                 {ACCEPTED_FORMS}"
            );
            return Err(Error::out_of_bounds("video", problem, bounds().got(length)));
        }

        let normalised = normalise(input);
        let value = strip_prose(&normalised);
        if value.is_empty() {
            return Err(refuse("the value is empty"));
        }

        if let Some(id) = VideoId::from_bare(value) {
            return Ok(Self { id, start_seconds: None });
        }
        if is_id_alphabet(value) {
            return Err(refuse_bare_token(value));
        }

        let url = parse_link(value)?;
        Self::from_link(&url, false)
    }

    /// Resolves an absolute link; `inside_attribution` stops a second unwrapping.
    fn from_link(url: &Url, inside_attribution: bool) -> Result<Self, Error> {
        if !matches!(url.scheme(), "http" | "https") {
            let scheme = echo(url.scheme());
            return Err(refuse(format!("{scheme} links are not accepted")));
        }

        let host = url.host_str().unwrap_or_default();
        let id = if host == SHORT_LINK_HOST {
            short_link_id(url)?
        } else if !SITE_HOSTS.contains(&host) {
            return Err(refuse(format!("{} is not a YouTube host", echo(host))));
        } else if path_segments(url) == ["attribution_link"] {
            return unwrap_attribution(url, inside_attribution);
        } else {
            site_id(url)?
        };

        Ok(Self { id, start_seconds: start_offset(url) })
    }
}

/// Undoes what copying from chat apps and web pages does to a link: drops invisible and control
/// characters (zero-width spaces, soft hyphens, byte-order marks, NUL) and turns full-width
/// ASCII (`ＧＪＬ`, as CJK input methods type it) and the ideographic space into plain ASCII.
fn normalise(input: &str) -> String {
    input
        .chars()
        .filter(|&c| !c.is_control() && !INVISIBLE.contains(&c))
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Characters that render as nothing but break a pasted id.
const INVISIBLE: [char; 6] =
    ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}'];

/// Drops whitespace and the brackets, quotes and punctuation prose puts around a link.
fn strip_prose(input: &str) -> &str {
    input
        .trim_start_matches(|c: char| c.is_whitespace() || LEADING_PROSE.contains(&c))
        .trim_end_matches(|c: char| c.is_whitespace() || TRAILING_PROSE.contains(&c))
}

/// True when every character belongs to the id alphabet `[0-9A-Za-z_-]`.
fn is_id_alphabet(value: &str) -> bool {
    value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Parses a link, supplying `https:` when the user pasted it without a scheme or as `//host`.
fn parse_link(value: &str) -> Result<Url, Error> {
    let has_scheme = value.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    });

    let absolute = if has_scheme {
        value.to_owned()
    } else if value.starts_with("//") {
        format!("https:{value}")
    } else {
        format!("https://{value}")
    };

    Url::parse(&absolute)
        .map_err(|_| refuse(format!("{} is neither a video id nor a link", echo(value))))
}

/// The id of a `youtu.be/ID` share link.
fn short_link_id(url: &Url) -> Result<VideoId, Error> {
    match path_segments(url).as_slice() {
        [candidate] => VideoId::from_bare(candidate).ok_or_else(|| refuse_path_id(url)),
        _ => Err(refuse_missing_video(url)),
    }
}

/// The id on a youtube.com page: from `v=` on watch pages, else from an id path.
fn site_id(url: &Url) -> Result<VideoId, Error> {
    match path_segments(url).as_slice() {
        [] => query_id(url),
        [page] if WATCH_PATHS.contains(page) => query_id(url),

        // Both keywords are 11 characters of the id alphabet, so they must be caught by name.
        ["embed", "videoseries"] => Err(refuse_playlist()),
        ["embed", "live_stream"] => Err(refuse("a channel's live-stream embed names no video")),

        [prefix, candidate] if ID_PATH_PREFIXES.contains(prefix) => {
            VideoId::from_bare(candidate).ok_or_else(|| refuse_path_id(url))
        }
        _ => Err(refuse_missing_video(url)),
    }
}

/// The id in the first `v` parameter of a watch page.
fn query_id(url: &Url) -> Result<VideoId, Error> {
    let Some(candidate) = query_value(url, "v") else {
        return Err(refuse_missing_video(url));
    };

    VideoId::from_bare(&candidate).ok_or_else(|| {
        refuse(format!("the v parameter {} is not an 11-character video id", echo(&candidate)))
    })
}

/// Follows `attribution_link?u=/watch%3Fv%3DID`: the decoded `u` is a link relative to YouTube.
fn unwrap_attribution(url: &Url, inside_attribution: bool) -> Result<VideoRef, Error> {
    let missing = || refuse("the attribution link carries no video link in its u parameter");
    let target = query_value(url, "u").filter(|_| !inside_attribution).ok_or_else(missing)?;

    // Joining keeps an absolute target absolute, so its host is checked like any other.
    let inner = url.join(&target).map_err(|_| missing())?;
    VideoRef::from_link(&inner, true)
}

/// The non-empty path segments, so `/watch/` and `/shorts//ID` read like their clean forms.
fn path_segments(url: &Url) -> Vec<&str> {
    url.path_segments()
        .map(|segments| segments.filter(|s| !s.is_empty()).collect())
        .unwrap_or_default()
}

/// The first value of a query parameter, also when HTML escaping made it `&amp;name=`.
fn query_value(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(key, _)| key.trim_start_matches("amp;") == name)
        .map(|(_, value)| value.into_owned())
}

/// The start offset from `t=`/`start=` in the query, else `t=` in the fragment.
fn start_offset(url: &Url) -> Option<f64> {
    let in_query = query_value(url, "t").or_else(|| query_value(url, "start"));
    let in_fragment = || {
        url.fragment()?.split('&').find_map(|part| part.strip_prefix("t=")).and_then(parse_offset)
    };

    in_query.as_deref().and_then(parse_offset).or_else(in_fragment)
}

/// Reads `90`, `90s`, `1m30s`, `1h2m3s`, `1h` or `2m` as seconds; anything else is no offset.
fn parse_offset(text: &str) -> Option<f64> {
    if let Ok(seconds) = text.parse::<u32>() {
        return Some(f64::from(seconds));
    }
    if text.is_empty() {
        return None;
    }

    // Taking units from one iterator makes `30s1m` or `1m1m` fail: each unit once, in order.
    let mut units = OFFSET_UNITS.iter();
    let mut total: u32 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (digits, tail) = rest.split_at(digits_len);
        let unit = tail.chars().next()?;
        let (_, scale) = units.find(|(name, _)| *name == unit)?;

        let amount: u32 = digits.parse().ok()?;
        total = total.checked_add(amount.checked_mul(*scale)?)?;
        rest = tail.get(1..)?;
    }
    Some(f64::from(total))
}

/// The limits of `video` (and of each entry of `videos`), as an error reports them.
pub fn bounds() -> Bounds {
    Bounds::text(MAX_REFERENCE_CHARS).expecting(ACCEPTED_FORMS)
}

/// A refusal: what is wrong, then the accepted forms.
fn refuse(reason: impl fmt::Display) -> Error {
    Error::out_of_bounds("video", format!("{reason}; expected {ACCEPTED_FORMS}"), bounds())
}

/// The refusal for anything that names a playlist instead of one video.
fn refuse_playlist() -> Error {
    let problem = format!("playlists are not supported; pass one video as {ACCEPTED_FORMS}");
    Error::out_of_bounds("video", problem, bounds())
}

/// The refusal for a token of the id alphabet with the wrong length.
fn refuse_bare_token(token: &str) -> Error {
    let playlist_like = token.len() >= MIN_PLAYLIST_ID_LEN
        && PLAYLIST_ID_PREFIXES.iter().any(|prefix| token.starts_with(prefix));
    if playlist_like {
        return refuse_playlist();
    }

    let length = token.len();
    refuse(format!("{} has {length} characters, but a video id has exactly 11", echo(token)))
}

/// The refusal for an id path (`/shorts/...`, `youtu.be/...`) whose segment is not an id.
fn refuse_path_id(url: &Url) -> Error {
    refuse(format!("the path {} does not end in an 11-character video id", echo(url.path())))
}

/// The refusal for a YouTube link without a video: a playlist's own message when it has one.
fn refuse_missing_video(url: &Url) -> Error {
    let is_playlist = query_value(url, "list").is_some() || path_segments(url) == ["playlist"];
    if is_playlist { refuse_playlist() } else { refuse("the link names no video") }
}

/// A refused value, quoted, escaped and shortened for an error message.
fn echo(value: &str) -> String {
    let shown: String = value.chars().take(MAX_ECHOED_CHARS).collect();
    let cut = if shown.len() < value.len() { "…" } else { "" };
    format!("\"{}{cut}\"", shown.escape_debug())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The id a reference resolves to; panics with the refusal when it does not resolve.
    fn id_of(input: &str) -> String {
        match VideoRef::parse(input) {
            Ok(video) => video.id.as_str().to_owned(),
            Err(error) => panic!("{input:?} should resolve, but was refused: {error}"),
        }
    }

    /// The start offset a reference resolves to.
    fn start_of(input: &str) -> Option<f64> {
        match VideoRef::parse(input) {
            Ok(video) => video.start_seconds,
            Err(error) => panic!("{input:?} should resolve, but was refused: {error}"),
        }
    }

    /// The problem text of a refusal, after checking it is an invalid `video` parameter.
    fn problem_of(input: &str) -> String {
        match VideoRef::parse(input) {
            Err(Error::InvalidInput { parameter, problem, .. }) => {
                assert_eq!(parameter, "video", "refusal of {input:?} names the wrong parameter");
                problem
            }
            other => panic!("{input:?} should be refused as invalid input, got {other:?}"),
        }
    }

    /// Checks every (input, expected id) pair, reporting the first input that differs.
    fn assert_ids(cases: &[(&str, &str)]) {
        for (input, expected) in cases {
            assert_eq!(id_of(input), *expected, "input {input:?}");
        }
    }

    /// Checks every (input, expected words in the problem) pair.
    fn assert_refusals(cases: &[(&str, &str)]) {
        for (input, expected) in cases {
            let problem = problem_of(input);
            assert!(problem.contains(expected), "refusal of {input:?}: {problem}");
        }
    }

    #[test]
    fn bare_ids_resolve_to_themselves_without_offset() {
        assert_ids(&[
            ("BaW_jenozKc", "BaW_jenozKc"),
            ("dQw4w9WgXcQ", "dQw4w9WgXcQ"),
            ("YE7VzlLtp-4", "YE7VzlLtp-4"),
        ]);
        assert_eq!(start_of("BaW_jenozKc"), None);
    }

    #[test]
    fn bare_ids_may_start_with_dash_or_underscore() {
        assert_ids(&[("_PL2HJKxnOM", "_PL2HJKxnOM"), ("-wOJ9uxPrkI", "-wOJ9uxPrkI")]);
    }

    #[test]
    fn invisible_and_full_width_characters_from_pasted_text_are_undone() {
        for input in [
            "GJLlxj_dtq8\u{200B}",
            "\u{FEFF}GJLlxj_dtq8",
            "GJLlxj_dtq8\0",
            "ＧＪＬｌｘｊ＿ｄｔｑ８",
            "https://youtu.be/GJL\u{00AD}lxj_dtq8",
            "\u{3000}https://www.youtube.com/watch?v=GJLlxj_dtq8\u{3000}",
        ] {
            let parsed = VideoRef::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(parsed.id.as_str(), "GJLlxj_dtq8", "{input:?}");
        }
    }

    /// A reference longer than any link is refused before parsing, with the limit.
    #[test]
    fn an_overlong_reference_is_refused_with_its_length() {
        let padded = format!("https://youtu.be/GJLlxj_dtq8?si={}", "x".repeat(2_000));
        assert!(VideoRef::parse(&padded[..MAX_REFERENCE_CHARS]).is_ok());
        let error = VideoRef::parse(&padded).unwrap_err();
        assert_eq!(error.details()["max_length"], MAX_REFERENCE_CHARS);
        assert_eq!(error.details()["got"], padded.len());
    }

    #[test]
    fn surrounding_whitespace_is_trimmed() {
        assert_ids(&[
            ("  BaW_jenozKc\n", "BaW_jenozKc"),
            ("\thttps://youtu.be/BaW_jenozKc  ", "BaW_jenozKc"),
        ]);
    }

    #[test]
    fn watch_urls_resolve_to_their_v_parameter() {
        assert_ids(&[
            ("https://www.youtube.com/watch?v=BaW_jenozKc", "BaW_jenozKc"),
            ("https://www.youtube.com/watch/?v=BaW_jenozKc", "BaW_jenozKc"),
            ("https://www.youtube.com/watch_popup?v=63RmMXCd_bQ", "63RmMXCd_bQ"),
            ("https://www.youtube.com/?v=BaW_jenozKc", "BaW_jenozKc"),
        ]);
    }

    #[test]
    fn first_v_parameter_wins() {
        assert_ids(&[("https://www.youtube.com/watch?v=YE7VzlLtp-4&v=BaW_jenozKc", "YE7VzlLtp-4")]);
    }

    #[test]
    fn v_parameter_is_found_after_other_parameters() {
        assert_ids(&[
            ("https://www.youtube.com/watch?feature=player_embedded&v=V36LpHqtcDY", "V36LpHqtcDY"),
            ("https://www.youtube.com/watch?app=desktop&v=BaW_jenozKc&t=5", "BaW_jenozKc"),
        ]);
    }

    #[test]
    fn html_escaped_ampersand_before_v_is_understood() {
        assert_ids(&[
            (
                "https://www.youtube.com/watch?feature=player_embedded&amp;v=V36LpHqtcDY",
                "V36LpHqtcDY",
            ),
            (
                "http://www.youtube.com/watch?feature=player_embedded&amp;amp;v=V36LpHqtcDY",
                "V36LpHqtcDY",
            ),
        ]);
    }

    #[test]
    fn short_links_resolve_to_their_path_and_ignore_share_parameters() {
        assert_ids(&[
            ("https://youtu.be/BaW_jenozKc", "BaW_jenozKc"),
            ("http://youtu.be/BaW_jenozKc", "BaW_jenozKc"),
            ("https://youtu.be/dQw4w9WgXcQ?si=B_RZg_I-lLaa7UU-", "dQw4w9WgXcQ"),
            ("https://youtu.be/dQw4w9WgXcQ/?feature=shared", "dQw4w9WgXcQ"),
        ]);
    }

    #[test]
    fn id_paths_resolve_to_the_segment_after_them() {
        assert_ids(&[
            ("https://www.youtube.com/shorts/BGQWPY4IigY", "BGQWPY4IigY"),
            ("https://youtube.com/shorts/BGQWPY4IigY?feature=share", "BGQWPY4IigY"),
            ("https://www.youtube.com/live/qVv6vCqciTM?si=k2T4Xx3YqQw9zCpI", "qVv6vCqciTM"),
            ("https://www.youtube.com/embed/CsmdDsKjzN8", "CsmdDsKjzN8"),
            ("https://www.youtube.com/embed/CsmdDsKjzN8?start=30&rel=0", "CsmdDsKjzN8"),
            ("https://www.youtube.com/v/BaW_jenozKc?version=3&autohide=1", "BaW_jenozKc"),
            ("https://www.youtube.com/e/BaW_jenozKc", "BaW_jenozKc"),
        ]);
    }

    #[test]
    fn all_youtube_hosts_are_accepted_case_insensitively() {
        assert_ids(&[
            ("https://youtube.com/watch?v=BaW_jenozKc", "BaW_jenozKc"),
            ("https://m.youtube.com/watch?v=BaW_jenozKc", "BaW_jenozKc"),
            ("https://music.youtube.com/watch?v=MgNrAu2pzNs", "MgNrAu2pzNs"),
            ("//www.YouTube.com/watch?v=yZIXLfi8CZQ", "yZIXLfi8CZQ"),
            ("HTTPS://WWW.YOUTUBE.COM/watch?v=yZIXLfi8CZQ", "yZIXLfi8CZQ"),
            ("https://YOUTU.BE/yZIXLfi8CZQ", "yZIXLfi8CZQ"),
        ]);
    }

    #[test]
    fn privacy_enhanced_embeds_are_accepted() {
        assert_ids(&[
            ("https://www.youtube-nocookie.com/embed/CsmdDsKjzN8", "CsmdDsKjzN8"),
            ("https://youtube-nocookie.com/embed/CsmdDsKjzN8?rel=0", "CsmdDsKjzN8"),
        ]);
    }

    #[test]
    fn attribution_links_resolve_through_their_u_parameter() {
        assert_ids(&[
            (
                concat!(
                    "https://www.youtube.com/attribution_link?a=JdfC0C9V6ZI",
                    "&u=%2Fwatch%3Fv%3DEhxJLojIE_o%26feature%3Dshare",
                ),
                "EhxJLojIE_o",
            ),
            ("https://www.youtube.com/attribution_link?u=/watch%3Fv%3DBaW_jenozKc", "BaW_jenozKc"),
        ]);
    }

    #[test]
    fn attribution_link_keeps_the_start_of_its_target() {
        let link = "https://youtube.com/attribution_link?u=%2Fwatch%3Fv%3DBaW_jenozKc%26t%3D42";
        assert_eq!(start_of(link), Some(42.0));
    }

    #[test]
    fn scheme_is_optional_and_may_be_http() {
        assert_ids(&[
            ("youtube.com/watch?v=BaW_jenozKc", "BaW_jenozKc"),
            ("www.youtube.com/watch?v=BaW_jenozKc", "BaW_jenozKc"),
            ("m.youtube.com/shorts/BGQWPY4IigY", "BGQWPY4IigY"),
            ("youtu.be/BaW_jenozKc", "BaW_jenozKc"),
            ("//youtu.be/BaW_jenozKc", "BaW_jenozKc"),
            ("http://www.youtube.com/watch?v=BaW_jenozKc", "BaW_jenozKc"),
        ]);
    }

    #[test]
    fn link_inside_a_query_does_not_hide_a_missing_scheme() {
        let link = "youtube.com/watch?v=BaW_jenozKc&redirect=https://example.com/";
        assert_eq!(id_of(link), "BaW_jenozKc");
    }

    #[test]
    fn start_offsets_are_read_in_every_written_form() {
        let cases = [
            ("https://youtu.be/BaW_jenozKc?t=90", 90.0),
            ("https://youtu.be/BaW_jenozKc?t=90s", 90.0),
            ("https://www.youtube.com/watch?v=BaW_jenozKc&t=1m30s", 90.0),
            ("https://www.youtube.com/watch?v=BaW_jenozKc&t=1h2m3s", 3723.0),
            ("https://www.youtube.com/watch?v=BaW_jenozKc&t=1h", 3600.0),
            ("https://www.youtube.com/watch?v=BaW_jenozKc&t=2m", 120.0),
            ("https://www.youtube.com/watch?v=BaW_jenozKc&t=1h5s", 3605.0),
            ("https://www.youtube.com/watch?v=BaW_jenozKc&t=0", 0.0),
            ("https://www.youtube.com/embed/CsmdDsKjzN8?start=30", 30.0),
            ("https://www.youtube.com/watch?v=BaW_jenozKc&amp;t=15", 15.0),
            ("https://www.youtube.com/watch?v=BaW_jenozKc#t=30", 30.0),
            ("https://www.youtube.com/watch?v=BaW_jenozKc#t=1m5s", 65.0),
            ("https://youtu.be/BaW_jenozKc?si=abc#comments&t=7", 7.0),
        ];
        for (input, expected) in cases {
            assert_eq!(start_of(input), Some(expected), "input {input:?}");
        }
    }

    #[test]
    fn query_offset_takes_precedence_over_fragment_offset() {
        assert_eq!(start_of("https://youtu.be/BaW_jenozKc?t=10#t=20"), Some(10.0));
    }

    #[test]
    fn unreadable_offsets_are_ignored_not_refused() {
        let cases = [
            "https://youtu.be/BaW_jenozKc?t=",
            "https://youtu.be/BaW_jenozKc?t=soon",
            "https://youtu.be/BaW_jenozKc?t=-5",
            "https://youtu.be/BaW_jenozKc?t=1.5",
            "https://youtu.be/BaW_jenozKc?t=30s1m",
            "https://youtu.be/BaW_jenozKc?t=1m1m",
            "https://youtu.be/BaW_jenozKc?t=1m30",
            "https://youtu.be/BaW_jenozKc?t=m",
            "https://youtu.be/BaW_jenozKc?t=99999999999",
            "https://youtu.be/BaW_jenozKc?t=1d",
        ];
        for input in cases {
            assert_eq!(start_of(input), None, "input {input:?}");
            assert_eq!(id_of(input), "BaW_jenozKc");
        }
    }

    #[test]
    fn link_without_offset_has_no_start() {
        assert_eq!(start_of("https://www.youtube.com/watch?v=BaW_jenozKc"), None);
    }

    #[test]
    fn playlist_and_tracking_parameters_are_ignored() {
        assert_ids(&[
            (
                concat!(
                    "https://www.youtube.com/watch?v=BaW_jenozKc",
                    "&list=PLwiyx1dc3P2JR9N8gQaQN_BCvlSlap7re&index=3",
                ),
                "BaW_jenozKc",
            ),
            ("https://www.youtube.com/watch?list=PL59FEE129ADFF2B12&v=MgNrAu2pzNs", "MgNrAu2pzNs"),
            ("https://www.youtube.com/watch?v=BaW_jenozKc&pp=ygUEdGVzdA%3D%3D", "BaW_jenozKc"),
            ("https://youtu.be/BaW_jenozKc?list=PL59FEE129ADFF2B12&feature=shared", "BaW_jenozKc"),
        ]);
    }

    #[test]
    fn fragments_are_ignored() {
        assert_ids(&[
            ("https://www.youtube.com/watch?v=BaW_jenozKc#comments", "BaW_jenozKc"),
            ("https://youtu.be/BaW_jenozKc#", "BaW_jenozKc"),
        ]);
    }

    #[test]
    fn punctuation_pasted_from_prose_is_dropped() {
        assert_ids(&[
            ("https://youtu.be/BaW_jenozKc.", "BaW_jenozKc"),
            ("https://youtu.be/BaW_jenozKc,", "BaW_jenozKc"),
            ("https://www.youtube.com/watch?v=BaW_jenozKc)", "BaW_jenozKc"),
            ("https://youtu.be/BaW_jenozKc>", "BaW_jenozKc"),
            ("\"https://youtu.be/BaW_jenozKc\"", "BaW_jenozKc"),
            ("'https://youtu.be/BaW_jenozKc'", "BaW_jenozKc"),
            ("https://youtu.be/BaW_jenozKc!", "BaW_jenozKc"),
            ("https://youtu.be/BaW_jenozKc?", "BaW_jenozKc"),
            ("(https://www.youtube.com/shorts/BGQWPY4IigY).", "BGQWPY4IigY"),
            ("BaW_jenozKc.", "BaW_jenozKc"),
        ]);
    }

    #[test]
    fn angle_bracketed_links_are_unwrapped() {
        assert_ids(&[
            ("<https://youtu.be/BaW_jenozKc>", "BaW_jenozKc"),
            ("<https://www.youtube.com/watch?v=BaW_jenozKc&t=12>.", "BaW_jenozKc"),
        ]);
        assert_eq!(start_of("<https://youtu.be/BaW_jenozKc?t=12>"), Some(12.0));
    }

    #[test]
    fn ids_of_the_wrong_length_are_refused_with_their_length() {
        assert_refusals(&[
            ("BaW_jenozK", "\"BaW_jenozK\" has 10 characters, but a video id has exactly 11"),
            ("BaW_jenozKcc", "\"BaW_jenozKcc\" has 12 characters"),
            ("BaW_jenozKcBaW_je", "has 17 characters"),
            ("abcdefghijklmnop", "\"abcdefghijklmnop\" has 16 characters"),
        ]);
    }

    #[test]
    fn wrong_length_ids_in_links_are_refused() {
        assert_refusals(&[
            ("https://www.youtube.com/watch?v=BaW_jenozK", "the v parameter \"BaW_jenozK\" is not"),
            ("https://www.youtube.com/watch?v=BaW_jenozKcc", "the v parameter \"BaW_jenozKcc\""),
            ("https://youtu.be/BaW_jenozK", "the path \"/BaW_jenozK\" does not end in"),
            (
                "https://www.youtube.com/shorts/BGQWPY4IigYxxxxx",
                "the path \"/shorts/BGQWPY4IigYxxxxx\"",
            ),
            ("https://www.youtube.com/watch?v=", "the v parameter \"\" is not"),
        ]);
    }

    #[test]
    fn foreign_hosts_are_refused() {
        assert_refusals(&[
            ("https://vimeo.com/76979871", "\"vimeo.com\" is not a YouTube host"),
            ("vimeo.com/watch?v=BaW_jenozKc", "\"vimeo.com\" is not a YouTube host"),
            ("https://www.youtubekids.com/watch?v=3b8nCWDgZ6Q", "\"www.youtubekids.com\" is not"),
        ]);
    }

    #[test]
    fn look_alike_hosts_are_refused() {
        assert_refusals(&[
            (
                "https://youtube.com.evil.example/watch?v=BaW_jenozKc",
                "\"youtube.com.evil.example\" is not a YouTube host",
            ),
            ("https://notyoutube.com/watch?v=BaW_jenozKc", "\"notyoutube.com\" is not"),
            ("https://youtube.com@evil.example/watch?v=BaW_jenozKc", "\"evil.example\" is not"),
            ("https://www.yоutube.com/watch?v=BaW_jenozKc", "\"www.xn--yutube-wqf.com\" is not"),
            ("https://youtu.be.evil.example/BaW_jenozKc", "\"youtu.be.evil.example\" is not"),
        ]);
    }

    #[test]
    fn attribution_link_cannot_smuggle_a_foreign_host() {
        assert_refusals(&[(
            concat!(
                "https://www.youtube.com/attribution_link",
                "?u=https%3A%2F%2Fevil.example%2Fwatch%3Fv%3DBaW_jenozKc",
            ),
            "\"evil.example\" is not a YouTube host",
        )]);
    }

    #[test]
    fn attribution_links_without_a_target_are_refused() {
        assert_refusals(&[
            ("https://www.youtube.com/attribution_link?a=JdfC0C9V6ZI", "no video link in its u"),
            (
                concat!(
                    "https://www.youtube.com/attribution_link",
                    "?u=%2Fattribution_link%3Fu%3D%252Fwatch%253Fv%253DBaW_jenozKc",
                ),
                "no video link in its u",
            ),
        ]);
    }

    #[test]
    fn non_web_schemes_are_refused() {
        assert_refusals(&[
            ("ftp://www.youtube.com/watch?v=BaW_jenozKc", "\"ftp\" links are not accepted"),
            ("file:///watch?v=BaW_jenozKc", "\"file\" links are not accepted"),
        ]);
    }

    #[test]
    fn playlist_only_links_are_refused_as_playlists() {
        assert_refusals(&[
            (
                "https://www.youtube.com/playlist?list=PLwiyx1dc3P2JR9N8gQaQN_BCvlSlap7re",
                "playlists are not supported; pass one video",
            ),
            (
                "https://www.youtube.com/watch?list=PL59FEE129ADFF2B12",
                "playlists are not supported",
            ),
            (
                "https://www.youtube.com/embed/videoseries?list=PL59FEE129ADFF2B12",
                "playlists are not supported",
            ),
            ("https://youtu.be/?list=PL59FEE129ADFF2B12", "playlists are not supported"),
            ("PLwiyx1dc3P2JR9N8gQaQN_BCvlSlap7re", "playlists are not supported"),
        ]);
    }

    #[test]
    fn channel_live_stream_embed_is_refused() {
        assert_refusals(&[(
            "https://www.youtube.com/embed/live_stream?channel=UCSJ4gkVC6NrvII8umztf0Ow",
            "a channel's live-stream embed names no video",
        )]);
    }

    #[test]
    fn empty_input_is_refused() {
        assert_refusals(&[
            ("", "the value is empty"),
            ("   \n", "the value is empty"),
            ("<>", "the value is empty"),
        ]);
    }

    #[test]
    fn youtube_links_without_a_video_are_refused() {
        assert_refusals(&[
            ("https://www.youtube.com/", "the link names no video"),
            ("https://www.youtube.com/watch", "the link names no video"),
            ("https://youtu.be/", "the link names no video"),
            ("https://www.youtube.com/@LinusTechTips", "the link names no video"),
            ("https://www.youtube.com/channel/UCSJ4gkVC6NrvII8umztf0Ow", "the link names no video"),
            ("https://www.youtube.com/results?search_query=rust", "the link names no video"),
        ]);
    }

    #[test]
    fn text_that_is_no_link_is_refused() {
        assert_refusals(&[
            ("https://", "\"https://\" is neither a video id nor a link"),
            ("not a video", "\"not a video\" is neither a video id nor a link"),
        ]);
    }

    #[test]
    fn every_refusal_names_the_accepted_forms() {
        let refused = [
            "",
            "BaW_jenozK",
            "https://vimeo.com/76979871",
            "https://www.youtube.com/playlist?list=PL59FEE129ADFF2B12",
            "https://www.youtube.com/",
        ];
        for input in refused {
            let problem = problem_of(input);
            for form in
                ["11-character video id", "youtube.com/watch?v=ID", "youtu.be/ID", "/shorts/ID"]
            {
                assert!(problem.contains(form), "refusal of {input:?} lacks {form:?}: {problem}");
            }
        }
    }

    #[test]
    fn long_refused_values_are_shortened_in_the_message() {
        let pasted = format!("not a link {}", "x".repeat(500));
        let problem = problem_of(&pasted);
        assert!(problem.contains("xxx…\" is neither"), "{problem}");
        assert!(problem.len() < 300, "message too long: {} bytes", problem.len());
    }

    #[test]
    fn refusal_reads_as_an_invalid_video_error() {
        let error = VideoRef::parse("https://vimeo.com/76979871").expect_err("vimeo is refused");
        assert_eq!(error.code(), crate::ErrorCode::InvalidInput);
        assert!(
            error.to_string().starts_with("invalid video: \"vimeo.com\" is not a YouTube host")
        );
    }

    #[test]
    fn video_id_displays_and_serializes_as_the_bare_id() {
        let id = VideoId::from_bare("BaW_jenozKc").expect("a valid id");
        assert_eq!(id.to_string(), "BaW_jenozKc");
        assert_eq!(serde_json::to_string(&id).expect("serializes"), "\"BaW_jenozKc\"");
    }

    #[test]
    fn from_bare_accepts_only_the_exact_id_grammar() {
        assert!(VideoId::from_bare("BaW_jenozKc").is_some());
        assert!(VideoId::from_bare(" BaW_jenozK").is_none());
        assert!(VideoId::from_bare("BaW_jenozK!").is_none());
        assert!(VideoId::from_bare("BaW_jenozKé").is_none());
        assert!(VideoId::from_bare("BaW_jenozKcc").is_none());
    }
}
