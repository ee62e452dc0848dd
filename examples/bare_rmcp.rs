//! A bare rmcp server on stdio with no tools: the baseline `scripts/startup.py` compares our
//! server's start-up time and memory against, side by side in one run.

use rmcp::ServiceExt;
use rmcp::handler::server::ServerHandler;
use rmcp::model::{ServerCapabilities, ServerConfig};

#[derive(Clone)]
struct Bare;

impl ServerHandler for Bare {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let running = Bare.serve(rmcp::transport::stdio()).await?;
    running.waiting().await?;
    Ok(())
}
