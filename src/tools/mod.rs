//! The MCP surface: four tools over the [`Engine`], independent of the transport.
//!
//! A call is parsed here into typed input, answered by the engine, and rendered into a tool
//! result. Failures of any kind after parsing come back as `isError` results with a structured
//! error; only an unknown tool name is a JSON-RPC error.

mod admission;
mod args;
mod batch;
mod observed;
mod progress;
mod render;
pub mod resources;
mod schemas;

use std::sync::Arc;
use std::time::{Duration, Instant};

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, Implementation, ListResourcesResult,
    ListToolsResult, PaginatedRequestParams, ReadResourceRequestParams, ReadResourceResponse,
    ReadResourceResult, ServerCapabilities, ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};
use tracing::{Instrument, debug};

use crate::batch::{MAX_CONTEXT_VIDEOS, MAX_SEARCH_VIDEOS};
use crate::cache::CachedYouTubeClient;
use crate::config::{Config, DEFAULT_CALL_TIMEOUT_SECS, DEFAULT_MAX_CONCURRENT_CALLS};
use crate::engine::{Engine, SearchRequest};
use crate::progress::Progress;
use crate::search::{Limits, MatchMode, Query};
use crate::telemetry::report::Upstream;
use crate::telemetry::{CallOutcome, CallStats, CallTrace, StatsReport};
use crate::youtube::YouTubeClient;
use crate::youtube::scoped::ScopedClient;
use admission::Admission;
use args::{SearchArgs, TranscriptArgs, VideoArgs};
use batch::Target;

/// The names of the tools, as clients call them.
pub const TOOL_NAMES: [&str; 4] = [
    "get_video_context",
    "check_transcript_availability",
    "get_video_transcript",
    "search_transcript",
];

/// What the server tells a model about using its tools together.
const INSTRUCTIONS: &str = "Tools for reading public YouTube videos. Start with get_video_context \
for what a video is, check_transcript_availability for which caption languages exist, \
search_transcript to find where something is said (timestamps and deep links), and \
get_video_transcript to read the text: a time range around a search hit, or the whole \
transcript page by page. Failed calls return a structured error with a code and \
suggestions for the next call.";

/// The MCP server: cheap to clone, one per session or shared.
#[derive(Clone)]
pub struct YouTubeServer {
    engine: Engine,
    tools: Arc<[Tool]>,
    /// How long one call may take in all (`--call-timeout`).
    call_timeout: Duration,
    /// Slots for the calls that run at once (`--max-concurrent-calls`).
    admission: Arc<Admission>,
    /// Calls per tool, for the stats resource.
    calls: Arc<CallStats>,
    /// The cache in front of YouTube, whose counters the stats show.
    cache: Option<CachedYouTubeClient>,
    started: Instant,
}

impl YouTubeServer {
    /// A server answering from `engine`, with the default call deadline and concurrency.
    pub fn new(engine: Engine) -> Self {
        Self {
            engine,
            tools: tool_list().into(),
            call_timeout: Duration::from_secs_f64(DEFAULT_CALL_TIMEOUT_SECS),
            admission: Arc::new(Admission::new(DEFAULT_MAX_CONCURRENT_CALLS.into())),
            calls: Arc::default(),
            cache: None,
            started: Instant::now(),
        }
    }

    /// The server as configured, over `upstream` (the HTTP client, or a stand-in): the
    /// in-memory cache in front of it, cursors signed with the configured key, and the call
    /// deadline and concurrency set.
    pub fn from_config(config: &Config, upstream: Arc<dyn YouTubeClient>) -> Self {
        let cache = CachedYouTubeClient::in_memory(
            upstream,
            config.cache_policy(),
            config.cache_max_bytes(),
        );
        let engine = Engine::new(Arc::new(cache.clone())).with_cursor_key(config.cursor_key());
        Self::new(engine)
            .with_cache(cache)
            .with_call_timeout(config.call_timeout())
            .with_max_concurrent_calls(config.max_concurrent_calls.into())
    }

    /// Sets how long one call may take, every upstream step and retry included.
    pub fn with_call_timeout(mut self, call_timeout: Duration) -> Self {
        self.call_timeout = call_timeout;
        self
    }

    /// Sets how many calls run at once; the others wait their turn.
    pub fn with_max_concurrent_calls(mut self, limit: usize) -> Self {
        self.admission = Arc::new(Admission::new(limit));
        self
    }

    /// Shows `cache`'s counters in the stats (the engine's client should be this cache).
    pub fn with_cache(mut self, cache: CachedYouTubeClient) -> Self {
        self.cache = Some(cache);
        self
    }

    /// The cache in front of YouTube, when the server has one.
    pub fn cache(&self) -> Option<&CachedYouTubeClient> {
        self.cache.as_ref()
    }

    /// The document of the `youtube-mcp://stats` resource, as of now.
    pub async fn stats(&self) -> StatsReport {
        let upstream = match &self.cache {
            Some(cache) => Upstream::Cached(cache.stats().await),
            None => {
                let client = self.engine.client();
                Upstream::Direct(client.upstream_requests(), client.resilience())
            }
        };
        let tools = self.calls.report();
        StatsReport::new(self.started.elapsed(), self.admission.load(), tools, upstream)
    }

    /// The server for one call: its engine's client runs under the call's deadline and
    /// reports to its progress.
    fn for_call(&self, progress: Progress) -> Self {
        let budget = self.call_timeout;
        let engine =
            self.engine.map_client(|client| Arc::new(ScopedClient::new(client, budget, progress)));
        Self { engine, ..self.clone() }
    }

    /// Answers one call under its deadline, reporting to `progress`.
    pub async fn call_with(
        &self,
        request: CallToolRequestParams,
        progress: Progress,
    ) -> Option<CallToolResult> {
        self.for_call(progress).call(request).await
    }

    /// Answers one call; every failure becomes an `isError` result.
    pub async fn call(&self, request: CallToolRequestParams) -> Option<CallToolResult> {
        let arguments = request.arguments;
        let result = match request.name.as_ref() {
            "get_video_context" => self.video_context(arguments).await,
            "check_transcript_availability" => self.availability(arguments).await,
            "get_video_transcript" => self.transcript(arguments).await,
            "search_transcript" => self.search(arguments).await,
            _ => return None,
        };
        Some(result)
    }

    /// Answers one call of a known `tool` once a slot is free, traced and counted; `None`
    /// when the client cancelled it first. The call's deadline starts with its slot, so time
    /// spent waiting in the queue is not taken from its upstream steps.
    async fn observed_call(
        &self,
        tool: &'static str,
        request: CallToolRequestParams,
        context: &RequestContext<RoleServer>,
    ) -> Option<CallToolResult> {
        let (started, trace, span) = (Instant::now(), CallTrace::new(), observed::span(tool));
        let asked = observed::asked_video(request.arguments.as_ref());
        let work = async {
            // Weighed before queueing, so a waiting call holds little memory.
            let slot = match args::check_weight(request.arguments.as_ref()) {
                Ok(()) => self.admission.enter().await,
                Err(error) => Err(error),
            };
            let _slot = match slot {
                Ok(slot) => slot,
                Err(error) => return Some(render::error(&error, None)),
            };
            self.call_with(request, progress::for_request(context)).await
        };
        let answered = tokio::select! {
            answered = trace.scope(work).instrument(span.clone()) => answered,
            () = context.ct.cancelled() => None,
        };

        let (elapsed, summary) = (started.elapsed(), trace.summary());
        let outcome = answered.as_ref().map_or(CallOutcome::Cancelled, observed::outcome);
        let video = answered.as_ref().and_then(observed::video).or(asked);
        self.calls.record(tool, outcome, elapsed);
        observed::close(&span, video.as_deref(), outcome, summary, elapsed);
        answered
    }

    async fn video_context(&self, arguments: Option<rmcp::model::JsonObject>) -> CallToolResult {
        let input = match video_target(arguments) {
            Ok(input) => input,
            Err(error) => return render::error(&error, None),
        };
        let input = match input {
            Target::One(input) => input,
            Target::Many(videos) => {
                let items = self.engine.video_contexts(&videos).await;
                return batch::contexts(&items, &videos);
            }
        };
        match self.engine.video_context(&input.id).await {
            Ok(answer) => render::context(&answer),
            Err(error) => render::error(&error, Some(&input.id)),
        }
    }

    async fn availability(&self, arguments: Option<rmcp::model::JsonObject>) -> CallToolResult {
        let input = match video_target(arguments) {
            Ok(input) => input,
            Err(error) => return render::error(&error, None),
        };
        let input = match input {
            Target::One(input) => input,
            Target::Many(videos) => {
                let items = self.engine.availabilities(&videos).await;
                return batch::availabilities(&items, &videos);
            }
        };
        match self.engine.availability(&input.id).await {
            Ok(answer) => render::availability(&answer),
            Err(error) => render::error(&error, Some(&input.id)),
        }
    }

    async fn transcript(&self, arguments: Option<rmcp::model::JsonObject>) -> CallToolResult {
        let parsed = args::parse::<TranscriptArgs>(arguments).and_then(|a| {
            let video = args::video(&a.video)?;
            let request = args::transcript_request(&a, &video)?;
            Ok((video, request))
        });
        let (video, request) = match parsed {
            Ok(parsed) => parsed,
            Err(error) => return render::error(&error, None),
        };
        match self.engine.transcript(&video.id, &request).await {
            Ok(answer) => render::transcript(&answer),
            Err(error) => render::error(&error, Some(&video.id)),
        }
    }

    async fn search(&self, arguments: Option<rmcp::model::JsonObject>) -> CallToolResult {
        let (target, request) = match search_request(arguments) {
            Ok(parsed) => parsed,
            Err(error) => return render::error(&error, None),
        };
        let video = match target {
            Target::One(video) => video,
            Target::Many(videos) => {
                let answer = self.engine.search_videos(&videos, &request).await;
                return batch::searches(&answer, &videos);
            }
        };
        match self.engine.search(&video.id, &request).await {
            Ok(answer) => render::search(&answer),
            Err(error) => render::error(&error, Some(&video.id)),
        }
    }
}

/// The `video` or `videos` of `get_video_context` and `check_transcript_availability`.
fn video_target(arguments: Option<rmcp::model::JsonObject>) -> Result<Target, crate::Error> {
    let parsed = args::parse::<VideoArgs>(arguments)?;
    batch::target(parsed.video.as_deref(), parsed.videos.as_deref(), MAX_CONTEXT_VIDEOS)
}

/// The arguments of `search_transcript`, parsed and checked.
fn search_request(
    arguments: Option<rmcp::model::JsonObject>,
) -> Result<(Target, SearchRequest), crate::Error> {
    let a = args::parse::<SearchArgs>(arguments)?;
    let target = batch::target(a.video.as_deref(), a.videos.as_deref(), MAX_SEARCH_VIDEOS)?;
    let mode = MatchMode::parse(a.match_mode.as_deref())?;
    let query = Query::parse(args::query(&a.query)?, mode)?;
    let track = args::track_request(a.language.as_ref(), a.prefer, a.translate_to.as_deref())?;
    let limits = Limits {
        max_results: args::max_results(a.max_results)?,
        context: args::context(a.context)?,
    };
    Ok((target, SearchRequest { query, track, limits }))
}

impl ServerHandler for YouTubeServer {
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder().enable_tools().enable_resources().build();
        ServerConfig::new(capabilities)
            .with_server_info(Implementation::new("youtube-mcp", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools.to_vec()))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.tools.iter().find(|t| t.name == name).cloned()
    }

    /// Runs a call until it answers or the client cancels it (`notifications/cancelled`):
    /// rmcp only signals the cancellation, so the call's future is dropped here, which stops
    /// its work except a fetch other calls still wait for.
    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let Some(tool) = TOOL_NAMES.into_iter().find(|tool| *tool == request.name) else {
            let message = format!("tool not found: {}", request.name);
            return Err(ErrorData::invalid_params(message, None));
        };
        match self.observed_call(tool, request, &context).await {
            Some(result) => Ok(result.into()),
            None => {
                debug!(tool, "call cancelled by the client; its work is dropped");
                Err(ErrorData::internal_error("the client cancelled the call", None))
            }
        }
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        Ok(ListResourcesResult::with_all_items(resources::list()))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        resources::check(&request.uri)?;
        let contents = resources::stats_contents(&self.stats().await)?;
        Ok(ReadResourceResult::new(vec![contents]).into())
    }
}

/// The four tool definitions, built once per server.
fn tool_list() -> Vec<Tool> {
    vec![
        tool::<VideoArgs>(
            "get_video_context",
            "Video context",
            "What a YouTube video is: title, channel, duration, publish date, views, description, \
             keywords, live status, chapters, whether captions exist and about how many tokens \
             the transcript would cost. Works even when the transcript is unavailable. Pass \
             `videos` (up to 50) instead of `video` to describe many videos in one call.",
            schemas::video_context(),
        ),
        tool::<VideoArgs>(
            "check_transcript_availability",
            "Transcript availability",
            "Which caption tracks a YouTube video has (language, manual or auto-generated, \
             translatable) and, when no transcript can be fetched, why and what to do instead. \
             Pass `videos` (up to 50) instead of `video` to check many videos in one call.",
            schemas::availability(),
        ),
        tool::<TranscriptArgs>(
            "get_video_transcript",
            "Video transcript",
            "The transcript of a YouTube video, one page at a time. To answer a question about \
             part of a video, or about any long video, call search_transcript first to find \
             where it is said, then call this tool with start and end around that moment \
             (seconds, m:ss or h:mm:ss), or with a chapter from get_video_context, to read only \
             that part. Without a range the whole transcript comes in pages of at most \
             max_chars characters: while next_cursor is present, call again with the same \
             video and that cursor. Formats: timestamped (default), text, srt, vtt, json; \
             segments with start and duration are always in structured content. language \
             takes codes in preference order; translate_to reads YouTube's machine \
             translation.",
            schemas::transcript(),
        ),
        tool::<SearchArgs>(
            "search_transcript",
            "Search a transcript",
            "Find where something is said in a YouTube video: the best moments, ranked, each \
             with start and end, the caption text around it, its chapter, a score and a deep \
             link (https://www.youtube.com/watch?v=ID&t=123s). Whole words, ignoring case and \
             accents; quote phrases. Pass `videos` (up to 10) to search several videos at once \
             and rank all their moments together.",
            schemas::search(),
        ),
    ]
}

fn tool<T: schemars::JsonSchema + 'static>(
    name: &'static str,
    title: &str,
    description: &'static str,
    output_schema: Arc<rmcp::model::JsonObject>,
) -> Tool {
    let annotations = ToolAnnotations::with_title(title)
        .read_only(true)
        .destructive(false)
        .idempotent(true)
        .open_world(true);
    Tool::new(name, description, Arc::new(rmcp::model::JsonObject::new()))
        .with_input_schema::<T>()
        .with_raw_output_schema(output_schema)
        .with_annotations(annotations)
        .with_title(title)
}
