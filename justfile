# Common tasks for youtube-mcp. `just` lists them.

# The port the offline fake YouTube listens on in `fake` and `try`.
fake_port := "8765"

# List the recipes.
default:
    @just --list

# Build and serve MCP on stdio; it waits for an MCP client on stdin.
run *ARGS:
    cargo run --release -- {{ ARGS }}

# The offline test suite.
test:
    cargo test

# Tests against the real YouTube (needs internet access).
live-test:
    cargo test --test integration -- --ignored

# Start the offline fake YouTube on 127.0.0.1.
fake port=fake_port:
    cargo run --release --example fake_youtube -- --port {{ port }}

# Fuzz the parsers of untrusted text, SECONDS each (all targets, or the ones named).
fuzz seconds="60" *TARGETS:
    scripts/fuzz.sh {{ seconds }} {{ TARGETS }}

# Format check and clippy, as CI runs them.
lint:
    cargo fmt --all -- --check
    cargo clippy --all-targets -- -D warnings

# The whole CI run.
ci:
    bash .ci/run

# Start the fake YouTube and print how to point the server at it.
try port=fake_port:
    cargo build --release --bin youtube-mcp --example fake_youtube
    @echo "Fake YouTube on http://127.0.0.1:{{ port }} (Ctrl-C stops it). In another terminal:"
    @echo "  YOUTUBE_MCP_BASE_URL=http://127.0.0.1:{{ port }} ./target/release/youtube-mcp"
    @echo "or ask it for a transcript in one shot:"
    @echo "  npx @modelcontextprotocol/inspector --cli ./target/release/youtube-mcp \\"
    @echo "    -e YOUTUBE_MCP_BASE_URL=http://127.0.0.1:{{ port }} --method tools/call \\"
    @echo "    --tool-name get_video_transcript --tool-arg video=GJLlxj_dtq8"
    ./target/release/examples/fake_youtube --port {{ port }}
