//! The MCP surface: four tools over the [`Engine`], independent of the transport.
//!
//! A call is parsed here into typed input, answered by the engine, and rendered into a tool
//! result. Failures of any kind after parsing come back as `isError` results with a structured
//! error; only an unknown tool name is a JSON-RPC error.

mod args;
mod progress;
mod render;
mod schemas;

use std::sync::Arc;
use std::time::Duration;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, Implementation, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};
use tracing::{debug, instrument};

use crate::config::DEFAULT_CALL_TIMEOUT_SECS;
use crate::engine::Engine;
use crate::progress::Progress;
use crate::youtube::scoped::ScopedClient;
use args::{SearchArgs, TranscriptArgs, VideoArgs};

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
get_video_transcript for the full text. Failed calls return a structured error with a code and \
suggestions for the next call.";

/// The MCP server: cheap to clone, one per session or shared.
#[derive(Clone)]
pub struct YouTubeServer {
    engine: Engine,
    tools: Arc<[Tool]>,
    /// How long one call may take in all (`--call-timeout`).
    call_timeout: Duration,
}

impl YouTubeServer {
    /// A server answering from `engine`, with the default call deadline.
    pub fn new(engine: Engine) -> Self {
        let call_timeout = Duration::from_secs_f64(DEFAULT_CALL_TIMEOUT_SECS);
        Self { engine, tools: tool_list().into(), call_timeout }
    }

    /// Sets how long one call may take, every upstream step and retry included.
    pub fn with_call_timeout(mut self, call_timeout: Duration) -> Self {
        self.call_timeout = call_timeout;
        self
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
    #[instrument(skip(self, request), fields(tool = %request.name))]
    pub async fn call(&self, request: CallToolRequestParams) -> Option<CallToolResult> {
        let arguments = request.arguments;
        let result = match request.name.as_ref() {
            "get_video_context" => self.video_context(arguments).await,
            "check_transcript_availability" => self.availability(arguments).await,
            "get_video_transcript" => self.transcript(arguments).await,
            "search_transcript" => self.search(arguments).await,
            _ => return None,
        };
        debug!(is_error = result.is_error.unwrap_or(false), "tool call answered");
        Some(result)
    }

    async fn video_context(&self, arguments: Option<rmcp::model::JsonObject>) -> CallToolResult {
        let input = match args::parse::<VideoArgs>(arguments).and_then(|a| args::video(&a.video)) {
            Ok(input) => input,
            Err(error) => return render::error(&error, None),
        };
        match self.engine.video_context(&input.id).await {
            Ok(answer) => render::context(&answer),
            Err(error) => render::error(&error, Some(&input.id)),
        }
    }

    async fn availability(&self, arguments: Option<rmcp::model::JsonObject>) -> CallToolResult {
        let input = match args::parse::<VideoArgs>(arguments).and_then(|a| args::video(&a.video)) {
            Ok(input) => input,
            Err(error) => return render::error(&error, None),
        };
        match self.engine.availability(&input.id).await {
            Ok(answer) => render::availability(&answer),
            Err(error) => render::error(&error, Some(&input.id)),
        }
    }

    async fn transcript(&self, arguments: Option<rmcp::model::JsonObject>) -> CallToolResult {
        let parsed = args::parse::<TranscriptArgs>(arguments).and_then(|a| {
            let video = args::video(&a.video)?;
            let language = args::language(a.language.as_deref())?.map(str::to_owned);
            Ok((video, language))
        });
        let (video, language) = match parsed {
            Ok(parsed) => parsed,
            Err(error) => return render::error(&error, None),
        };
        match self.engine.transcript(&video.id, language.as_deref()).await {
            Ok(answer) => render::transcript(&answer),
            Err(error) => render::error(&error, Some(&video.id)),
        }
    }

    async fn search(&self, arguments: Option<rmcp::model::JsonObject>) -> CallToolResult {
        let parsed = args::parse::<SearchArgs>(arguments).and_then(|a| {
            let video = args::video(&a.video)?;
            let query = args::query(&a.query)?.to_owned();
            let language = args::language(a.language.as_deref())?.map(str::to_owned);
            Ok((video, query, language, args::max_results(a.max_results)?))
        });
        let (video, query, language, max) = match parsed {
            Ok(parsed) => parsed,
            Err(error) => return render::error(&error, None),
        };
        match self.engine.search(&video.id, &query, language.as_deref(), max).await {
            Ok(answer) => render::search(&answer),
            Err(error) => render::error(&error, Some(&video.id)),
        }
    }
}

impl ServerHandler for YouTubeServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
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
        let name = request.name.clone();
        let progress = progress::for_request(&context);
        let answered = tokio::select! {
            answered = self.call_with(request, progress) => answered,
            () = context.ct.cancelled() => {
                debug!(tool = %name, "call cancelled by the client; its work is dropped");
                return Err(ErrorData::internal_error("the client cancelled the call", None));
            }
        };
        match answered {
            Some(result) => Ok(result.into()),
            None => Err(ErrorData::invalid_params(format!("tool not found: {name}"), None)),
        }
    }
}

/// The four tool definitions, built once per server.
fn tool_list() -> Vec<Tool> {
    vec![
        tool::<VideoArgs>(
            "get_video_context",
            "Video context",
            "What a YouTube video is: title, channel, duration, publish date, views, description, \
             keywords, live status and whether captions exist. Works even when the transcript is \
             unavailable.",
            schemas::video_context(),
        ),
        tool::<VideoArgs>(
            "check_transcript_availability",
            "Transcript availability",
            "Which caption tracks a YouTube video has (language, manual or auto-generated, \
             translatable) and, when no transcript can be fetched, why and what to do instead.",
            schemas::availability(),
        ),
        tool::<TranscriptArgs>(
            "get_video_transcript",
            "Video transcript",
            "The transcript of a YouTube video as `[timestamp] text` lines (segments with start \
             and duration in structured content). For long videos, prefer search_transcript to \
             find the moments that matter.",
            schemas::transcript(),
        ),
        tool::<SearchArgs>(
            "search_transcript",
            "Search a transcript",
            "Find where words are said in a YouTube video: matching transcript lines with \
             timestamps and deep links (https://www.youtube.com/watch?v=ID&t=123s).",
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
