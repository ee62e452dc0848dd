//! Progress of a call as MCP `notifications/progress`, when the client sent a progress token.

use std::sync::Arc;

use async_trait::async_trait;
use rmcp::model::{ProgressNotificationParam, ProgressToken};
use rmcp::service::RequestContext;
use rmcp::{Peer, RoleServer};
use tracing::debug;

use crate::progress::{Progress, ProgressSink};

/// Sends progress reports to the client that asked for them.
struct McpProgress {
    peer: Peer<RoleServer>,
    token: ProgressToken,
}

#[async_trait]
impl ProgressSink for McpProgress {
    async fn report(&self, done: u64, total: Option<u64>, message: String) {
        let mut param =
            ProgressNotificationParam::new(self.token.clone(), done as f64).with_message(message);
        if let Some(total) = total {
            param = param.with_total(total as f64);
        }
        // A client that went away cannot be told; the call itself goes on.
        if let Err(error) = self.peer.notify_progress(param).await {
            debug!(%error, "progress notification not sent");
        }
    }
}

/// The progress of the call `context` belongs to: reported when it carries a progress token.
pub fn for_request(context: &RequestContext<RoleServer>) -> Progress {
    match context.meta.get_progress_token() {
        Some(token) => Progress::to(Arc::new(McpProgress { peer: context.peer.clone(), token })),
        None => Progress::none(),
    }
}
