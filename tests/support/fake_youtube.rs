//! A fake YouTube on loopback, serving the fixtures in `tests/fixtures/youtube/`.
//!
//! It answers exactly the three requests the client makes, on one origin:
//!
//! - `GET /watch?v=ID`: an HTML watch page, the source of the innertube key. Catalog ids get
//!   the recorded page of `GJLlxj_dtq8` (its embedded player is for that video; the client
//!   checks ids), except the ids with a page of their own (`Njp5uhTorCo`, `P3pFkriw10Q`,
//!   `CaptchaPage`, the consent ids). Unknown ids get the recorded "Video unavailable" page.
//! - `POST /youtubei/v1/player?key=KEY`: the player answer for the body's `videoId`, served
//!   only with the page's key ([`API_KEY`]) and a `context.client.clientName`. Unknown ids
//!   get the recorded ANDROID "This video is unavailable" answer; a wrong key or a body
//!   without a client name gets a 400 with a Google-style error envelope (hand-made).
//! - `GET /api/timedtext?v=ID&lang=L[&kind=asr][&tlang=T]...`: an srv1 body, only when the
//!   query has no `fmt` (the client removes `fmt=srv3`). Routes come from the caption tracks
//!   of the served answers; `tlang` gets a generated translation. A track whose `baseUrl`
//!   has `exp=xpe` answers 200 with an empty body, the symptom reported for a missing PO
//!   token (unverified, see the research note).
//!
//! Caption `baseUrl`s inside the answers stay absolute `https://www.youtube.com/...` URLs,
//! as recorded: the client moves them onto its configured origin, keeping path and query.
//!
//! Rewrites of recorded content, all at start-up:
//! - `PoTokenOnly` serves the PO-token fixture with every `GJLlxj_dtq8` replaced by
//!   `PoTokenOnly`, and `ConsentPage` serves `F1xioXWb8CY`'s answer likewise rewritten, so
//!   their caption URLs point at their own id;
//! - `P3pFkriw10Q` serves the `ytInitialPlayerResponse` object embedded in its watch page.
//!
//! `CaptchaPage` answers the captcha page with HTTP 200: the recorded page carries no status,
//! and a 200 makes the client find the block from the page itself (a 429 is caught earlier
//! anyway). A test wanting a 429 mounts one itself.
//!
//! Every route here has priority 10 or a larger number (a lower priority), so a mock a test
//! mounts on [`FakeYouTube::server`] with wiremock's default priority (5) takes precedence.
//!
//! No real transcript body was recorded anywhere: bodies are hand-made files or come from
//! [`super::srv1_gen`].

// Several test binaries and an example include this file; each uses a different part of it.
#![allow(dead_code)]

use std::collections::HashSet;
use std::net::TcpListener;
use std::path::Path;

use serde_json::{Value, json};
use url::Url;
use wiremock::matchers::{body_partial_json, method, path, query_param, query_param_is_missing};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, Respond, ResponseTemplate};

use super::srv1_gen::{self, Kind, Spec};

/// The innertube key of the recorded watch pages; the player route requires it.
pub const API_KEY: &str = "AIzaSyAO_FJ2SlqU8Q4STEHLGCilw_Y9_11qcW8";

/// The cookie the recorded consent page asks for (`YES+` and its hidden `v` value).
pub const CONSENT_COOKIE: &str = "CONSENT=YES+cb.20210328-17-p0.de+FX+119";

/// Cues in a generated transcript: about three minutes, enough for every quirk.
pub const GENERATED_SEGMENTS: usize = 48;

/// Where the fixtures live, resolved at compile time so any working directory works.
pub const FIXTURE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/youtube");

pub const WATCH_PATH: &str = "/watch";
pub const PLAYER_PATH: &str = "/youtubei/v1/player";
pub const TIMEDTEXT_PATH: &str = "/api/timedtext";

/// Routes for one id or a fixed case.
const PRIORITY_EXACT: u8 = 10;
/// Routes for a set of ids, below the exact ones (the consent id with its cookie).
const PRIORITY_CATALOG: u8 = 12;
/// Any other id.
const PRIORITY_FALLBACK: u8 = 20;
/// Requests the real service would refuse.
const PRIORITY_REJECT: u8 = 30;

/// Transcript bodies served as recorded files instead of generated ones (manual tracks).
const RECORDED_TRANSCRIPTS: &[(&str, &str, &str)] = &[
    ("GJLlxj_dtq8", "en", "timedtext_srv1_handmade_GJLlxj_dtq8_en.xml"),
    ("F1xioXWb8CY", "en", "timedtext_srv1_handmade_numeric_entities.xml"),
    ("BadNumbers1", "en", "timedtext_srv1_handmade_bad_numbers_BadNumbers1.xml"),
];

/// One video id the fake knows, with a line saying what it exercises.
#[derive(Debug, Clone, Copy)]
pub struct CatalogEntry {
    pub id: &'static str,
    pub description: &'static str,
    watch: WatchPage,
    answer: Answer,
}

/// What `GET /watch?v=ID` returns for a catalog id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WatchPage {
    /// The recorded OK page of `GJLlxj_dtq8`, as the key source.
    Ok,
    /// A page of its own.
    File(&'static str),
    /// The consent page until the request carries [`CONSENT_COOKIE`], then the OK page.
    ConsentUntilCookie,
    /// The consent page whatever the cookies: the client must give up.
    ConsentAlways,
}

/// What `POST /youtubei/v1/player` returns for a catalog id.
#[derive(Debug, Clone, Copy)]
enum Answer {
    /// A fixture file, as it is.
    File(&'static str),
    /// A fixture file with every occurrence of `recorded_id` replaced by the entry's id.
    Alias { file: &'static str, recorded_id: &'static str },
    /// The `ytInitialPlayerResponse` object embedded in a recorded watch page.
    Embedded(&'static str),
    /// No answer of its own: the id only exercises the watch page.
    WatchOnly,
}

/// Every id the fake knows; any other 11-character id is "unavailable".
pub fn catalog() -> &'static [CatalogEntry] {
    CATALOG
}

/// A running fake YouTube, stopped when dropped.
pub struct FakeYouTube {
    server: MockServer,
}

impl FakeYouTube {
    /// Starts on a free loopback port.
    pub async fn start() -> Self {
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind a free loopback port");
        Self::start_on(listener).await
    }

    /// Starts on a listener the caller bound (the example binds the port it was given).
    pub async fn start_on(listener: TcpListener) -> Self {
        let server = MockServer::builder().listener(listener).start().await;
        let answers = player_answers();

        mount_watch_pages(&server).await;
        mount_player(&server, &answers).await;
        mount_timedtext(&server, &answers).await;
        Self { server }
    }

    /// The origin to point the client at, e.g. `http://127.0.0.1:41234`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The wiremock server, for mounting extra mocks (a 429, a delay) over the routes.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// How many requests arrived for `path` (e.g. [`PLAYER_PATH`]), whatever their answer.
    pub async fn requests_to(&self, path: &str) -> usize {
        let requests = self.server.received_requests().await;
        let requests = requests.expect("request recording is on by default");
        requests.iter().filter(|request| request.url.path() == path).count()
    }
}

async fn mount_watch_pages(server: &MockServer) {
    let mut ok_ids: HashSet<&'static str> = HashSet::new();
    for entry in CATALOG {
        let page = match entry.watch {
            WatchPage::Ok => {
                ok_ids.insert(entry.id);
                continue;
            }
            WatchPage::File(file) => watch(entry.id).respond_with(html(file)),
            WatchPage::ConsentUntilCookie => {
                ok_ids.insert(entry.id);
                watch(entry.id).and(Not(HasConsentCookie)).respond_with(html(CONSENT_PAGE))
            }
            WatchPage::ConsentAlways => watch(entry.id).respond_with(html(CONSENT_PAGE)),
        };
        page.with_priority(PRIORITY_EXACT).mount(server).await;
    }

    let watch_any = Mock::given(method("GET")).and(path(WATCH_PATH));
    let ok = watch_any.and(QueryParamIn { key: "v", values: ok_ids });
    ok.respond_with(html(OK_PAGE)).with_priority(PRIORITY_CATALOG).mount(server).await;

    let unknown = Mock::given(method("GET")).and(path(WATCH_PATH));
    let unknown = unknown.respond_with(html("watch_page_video_unavailable.html"));
    unknown.with_priority(PRIORITY_FALLBACK).mount(server).await;
}

const OK_PAGE: &str = "watch_page_ok_GJLlxj_dtq8.html";
const CONSENT_PAGE: &str = "consent_page_eu_de.html";

fn watch(id: &'static str) -> MockBuilder {
    Mock::given(method("GET")).and(path(WATCH_PATH)).and(query_param("v", id))
}

async fn mount_player(server: &MockServer, answers: &[(&'static str, String)]) {
    for (id, body) in answers {
        let answer = player_request().and(body_partial_json(json!({ "videoId": id })));
        let answer = answer.respond_with(json_body(200, body.clone()));
        answer.with_priority(PRIORITY_EXACT).mount(server).await;
    }

    let unknown = player_request().and(JsonStringAt("/videoId"));
    let unavailable = fixture_text("player_android_video_unavailable.json");
    let unknown = unknown.respond_with(json_body(200, unavailable));
    unknown.with_priority(PRIORITY_FALLBACK).mount(server).await;

    let wrong_key = Mock::given(method("POST")).and(path(PLAYER_PATH));
    let wrong_key = wrong_key.and(Not(query_param("key", API_KEY)));
    let wrong_key =
        wrong_key.respond_with(google_error("API key not valid. Please pass a valid API key."));
    wrong_key.with_priority(PRIORITY_REJECT).mount(server).await;

    let malformed = Mock::given(method("POST")).and(path(PLAYER_PATH));
    let malformed = malformed.respond_with(google_error("Request contains an invalid argument."));
    malformed.with_priority(PRIORITY_REJECT + 1).mount(server).await;
}

/// A player request as the client sends it, whatever the id.
fn player_request() -> MockBuilder {
    Mock::given(method("POST"))
        .and(path(PLAYER_PATH))
        .and(query_param("key", API_KEY))
        .and(JsonStringAt("/context/client/clientName"))
}

/// The answer body of every catalog id that has one, rewrites applied.
fn player_answers() -> Vec<(&'static str, String)> {
    let answer = |entry: &CatalogEntry| match entry.answer {
        Answer::File(file) => Some(fixture_text(file)),
        Answer::Alias { file, recorded_id } => {
            Some(fixture_text(file).replace(recorded_id, entry.id))
        }
        Answer::Embedded(page) => Some(embedded_player_response(&fixture_text(page))),
        Answer::WatchOnly => None,
    };
    CATALOG.iter().filter_map(|entry| answer(entry).map(|body| (entry.id, body))).collect()
}

/// The `ytInitialPlayerResponse` object of a watch page, re-serialised compactly.
///
/// A streaming decoder reads exactly one JSON value from the `{` on, so whatever follows the
/// object (`;</script>...`) does not matter.
fn embedded_player_response(page: &str) -> String {
    const MARKER: &str = "var ytInitialPlayerResponse = ";
    let start = page.find(MARKER).expect("the page embeds ytInitialPlayerResponse");
    let mut values = serde_json::Deserializer::from_str(&page[start + MARKER.len()..]).into_iter();
    let value: Value = values
        .next()
        .expect("a value follows the marker")
        .expect("the embedded player response is valid JSON");
    value.to_string()
}

/// One `/api/timedtext` route, read from a caption track's `baseUrl`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct TrackRoute {
    video_id: String,
    language: String,
    kind: Kind,
    /// `exp=xpe` or `exp=xpv`: the real service answers nothing without a PO token.
    po_token: bool,
}

async fn mount_timedtext(server: &MockServer, answers: &[(&'static str, String)]) {
    let mut seen = HashSet::new();
    let routes = answers.iter().flat_map(|(_, body)| caption_routes(body));
    for route in routes.filter(|route| seen.insert(route.clone())) {
        mount_track(server, route).await;
    }
}

async fn mount_track(server: &MockServer, route: TrackRoute) {
    let mock = Mock::given(method("GET"))
        .and(path(TIMEDTEXT_PATH))
        .and(query_param("v", route.video_id.as_str()))
        .and(query_param("lang", route.language.as_str()))
        .and(query_param_is_missing("fmt"));
    let mock = match route.kind {
        Kind::Asr => mock.and(query_param("kind", "asr")),
        Kind::Manual => mock.and(query_param_is_missing("kind")),
    };

    let recorded = RECORDED_TRANSCRIPTS
        .iter()
        .find(|(id, lang, _)| {
            route.kind == Kind::Manual && route.video_id == *id && route.language == *lang
        })
        .map(|(_, _, file)| fixture_text(file));
    let responder = TranscriptResponder { route, recorded };
    mock.respond_with(responder).with_priority(PRIORITY_EXACT).mount(server).await;
}

/// The timedtext routes of one player answer (none when it has no captions).
fn caption_routes(answer: &str) -> Vec<TrackRoute> {
    let answer: Value = serde_json::from_str(answer).expect("player answers are JSON");
    let tracks = answer.pointer("/captions/playerCaptionsTracklistRenderer/captionTracks");
    let tracks = tracks.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    tracks.iter().filter_map(|track| track.get("baseUrl")?.as_str()).map(track_route).collect()
}

fn track_route(base_url: &str) -> TrackRoute {
    let url = Url::parse(base_url).expect("caption baseUrls are absolute URLs");
    let param = |key: &str| url.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned());
    TrackRoute {
        video_id: param("v").expect("caption baseUrls name the video"),
        language: param("lang").expect("caption baseUrls name the language"),
        kind: if param("kind").as_deref() == Some("asr") { Kind::Asr } else { Kind::Manual },
        po_token: matches!(param("exp").as_deref(), Some("xpe" | "xpv")),
    }
}

/// Serves one track: its recorded body, a generated one, or a generated translation.
struct TranscriptResponder {
    route: TrackRoute,
    recorded: Option<String>,
}

impl Respond for TranscriptResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if self.route.po_token {
            return xml_body(String::new());
        }

        let route = &self.route;
        let spec = Spec::new(&route.video_id, &route.language, route.kind, GENERATED_SEGMENTS);
        let target = request.url.query_pairs().find(|(k, _)| k == "tlang").map(|(_, v)| v);
        let body = match target {
            Some(target) => srv1_gen::srv1(&spec.translated_to(&target)),
            None => self.recorded.clone().unwrap_or_else(|| srv1_gen::srv1(&spec)),
        };
        xml_body(body)
    }
}

fn fixture_text(name: &str) -> String {
    let file = Path::new(FIXTURE_DIR).join(name);
    std::fs::read_to_string(&file)
        .unwrap_or_else(|error| panic!("cannot read fixture {}: {error}", file.display()))
}

fn html(file: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(fixture_text(file), "text/html; charset=utf-8")
}

fn json_body(status: u16, body: String) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body, "application/json; charset=UTF-8")
}

fn xml_body(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "text/xml; charset=UTF-8")
}

/// A 400 in the error envelope Google APIs use (hand-made; no refusal was recorded).
fn google_error(message: &str) -> ResponseTemplate {
    let body =
        json!({ "error": { "code": 400, "message": message, "status": "INVALID_ARGUMENT" } });
    json_body(400, body.to_string())
}

/// Matches when the query parameter `key` has one of `values`.
struct QueryParamIn {
    key: &'static str,
    values: HashSet<&'static str>,
}

impl Match for QueryParamIn {
    fn matches(&self, request: &Request) -> bool {
        let mut pairs = request.url.query_pairs();
        pairs.any(|(key, value)| key == self.key && self.values.contains(value.as_ref()))
    }
}

/// Matches when a `Cookie` header carries [`CONSENT_COOKIE`] among its pairs.
struct HasConsentCookie;

impl Match for HasConsentCookie {
    fn matches(&self, request: &Request) -> bool {
        let headers = request.headers.get_all("cookie").iter();
        let pairs = headers.filter_map(|value| value.to_str().ok()).flat_map(|v| v.split(';'));
        pairs.map(str::trim).any(|pair| pair == CONSENT_COOKIE)
    }
}

/// Matches a JSON body with a string at the JSON pointer.
struct JsonStringAt(&'static str);

impl Match for JsonStringAt {
    fn matches(&self, request: &Request) -> bool {
        let body: Option<Value> = serde_json::from_slice(&request.body).ok();
        body.is_some_and(|body| body.pointer(self.0).is_some_and(Value::is_string))
    }
}

/// Matches when the inner matcher does not.
struct Not<M>(M);

impl<M: Match> Match for Not<M> {
    fn matches(&self, request: &Request) -> bool {
        !self.0.matches(request)
    }
}

static CATALOG: &[CatalogEntry] = &[
    CatalogEntry {
        id: "GJLlxj_dtq8",
        description: "OK (recorded): 8 manual tracks + English ASR, 18 translation languages",
        watch: WatchPage::Ok,
        answer: Answer::File("player_android_ok_multilang_GJLlxj_dtq8.json"),
    },
    CatalogEntry {
        id: "F1xioXWb8CY",
        description: "OK (recorded): English manual + English ASR only; `de` is language_not_available",
        watch: WatchPage::Ok,
        answer: Answer::File("player_android_ok_en_only_F1xioXWb8CY.json"),
    },
    CatalogEntry {
        id: "Njp5uhTorCo",
        description: "age-restricted (recorded): LOGIN_REQUIRED, metadata, no captions",
        watch: WatchPage::File("watch_page_age_restricted_Njp5uhTorCo.html"),
        answer: Answer::File("player_android_age_restricted_Njp5uhTorCo.json"),
    },
    CatalogEntry {
        id: "dsMFmonKDD4",
        description: "transcripts disabled (recorded): OK without a captions section",
        watch: WatchPage::Ok,
        answer: Answer::File("player_android_transcripts_disabled_dsMFmonKDD4.json"),
    },
    CatalogEntry {
        id: "Fjg5lYqvzUs",
        description: "transcripts disabled (recorded): a past live stream, no captions",
        watch: WatchPage::Ok,
        answer: Answer::File("player_android_transcripts_disabled_live_replay_Fjg5lYqvzUs.json"),
    },
    CatalogEntry {
        id: "P3pFkriw10Q",
        description: "Arabic ASR only, translatable but no translation languages (own page)",
        watch: WatchPage::File("watch_page_asr_no_translation_languages_P3pFkriw10Q.html"),
        answer: Answer::Embedded("watch_page_asr_no_translation_languages_P3pFkriw10Q.html"),
    },
    CatalogEntry {
        id: "PoTokenOnly",
        description: "GJLlxj_dtq8 with the English manual track behind a PO token (exp=xpe)",
        watch: WatchPage::Ok,
        answer: Answer::Alias {
            file: "player_android_po_token_required_exp_xpe_GJLlxj_dtq8.json",
            recorded_id: "GJLlxj_dtq8",
        },
    },
    CatalogEntry {
        id: "WrongVideo1",
        description: "answers with GJLlxj_dtq8's player reply: a wrong video, to be refused",
        watch: WatchPage::Ok,
        answer: Answer::File("player_android_ok_multilang_GJLlxj_dtq8.json"),
    },
    CatalogEntry {
        id: "BotCheck000",
        description: "bot check (recorded): LOGIN_REQUIRED, “Sign in to confirm you’re not a bot”",
        watch: WatchPage::Ok,
        answer: Answer::File("player_android_bot_check_login_required.json"),
    },
    CatalogEntry {
        id: "CustomReasn",
        description: "unplayable (edited recording): status CUSTOM with two subreasons",
        watch: WatchPage::Ok,
        answer: Answer::File("player_android_unplayable_custom_reason_edited.json"),
    },
    CatalogEntry {
        id: "EmptyReply0",
        description: "empty player answer `{}` (hand-made)",
        watch: WatchPage::Ok,
        answer: Answer::File("player_android_empty_reply_handmade.json"),
    },
    CatalogEntry {
        id: "8VajtrESJzA",
        description: "private (hand-made): LOGIN_REQUIRED \"This video is private\", no metadata",
        watch: WatchPage::Ok,
        answer: Answer::File("player_android_private_video_8VajtrESJzA_handmade.json"),
    },
    CatalogEntry {
        id: "sMJ8bRN2dak",
        description: "Music Premium only (hand-made): UNPLAYABLE, with metadata",
        watch: WatchPage::Ok,
        answer: Answer::File("player_android_unplayable_music_premium_sMJ8bRN2dak_handmade.json"),
    },
    CatalogEntry {
        id: "X4VbdwhkE10",
        description: "live now (hand-made): OK + liveStreamability, isLive, no captions",
        watch: WatchPage::Ok,
        answer: Answer::File("player_android_live_now_X4VbdwhkE10_handmade.json"),
    },
    CatalogEntry {
        id: "N-yVic7BbY0",
        description: "upcoming live (hand-made): LIVE_STREAM_OFFLINE, starts 2025-06-19T10:00Z",
        watch: WatchPage::Ok,
        answer: Answer::File("player_web_upcoming_live_N-yVic7BbY0_handmade.json"),
    },
    CatalogEntry {
        id: "SimpleText1",
        description: "OK, WEB shape (hand-made): track names in simpleText, microformat date",
        watch: WatchPage::Ok,
        answer: Answer::File("player_web_ok_simple_text_names_SimpleText1_handmade.json"),
    },
    CatalogEntry {
        id: "MembersOnly",
        description: "members-only (hand-made): UNPLAYABLE, level Gold, with metadata",
        watch: WatchPage::Ok,
        answer: Answer::File("player_android_members_only_MembersOnly_handmade.json"),
    },
    CatalogEntry {
        id: "RegionBlock",
        description: "region-blocked (hand-made): UNPLAYABLE, not available in your country",
        watch: WatchPage::Ok,
        answer: Answer::File("player_android_region_blocked_RegionBlock_handmade.json"),
    },
    CatalogEntry {
        id: "BadNumbers1",
        description: "OK (hand-made): one English track whose cues have broken timings",
        watch: WatchPage::Ok,
        answer: Answer::File("player_android_ok_bad_numbers_BadNumbers1_handmade.json"),
    },
    CatalogEntry {
        id: "CaptchaPage",
        description: "the watch page is the recorded captcha page (HTTP 200, no key)",
        watch: WatchPage::File("too_many_requests_recaptcha.html"),
        answer: Answer::WatchOnly,
    },
    CatalogEntry {
        id: "ConsentPage",
        description: "EU consent page until the CONSENT cookie is sent; then like F1xioXWb8CY",
        watch: WatchPage::ConsentUntilCookie,
        answer: Answer::Alias {
            file: "player_android_ok_en_only_F1xioXWb8CY.json",
            recorded_id: "F1xioXWb8CY",
        },
    },
    CatalogEntry {
        id: "ConsentLoop",
        description: "EU consent page whatever the cookies: consent cannot be given",
        watch: WatchPage::ConsentAlways,
        answer: Answer::WatchOnly,
    },
];
