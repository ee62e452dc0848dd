#!/usr/bin/env python3
"""Drive the youtube-mcp binary with the official Python MCP client (mcp 2.3.0) over stdio.

Each check prints one line (PASS or FAIL); the last line is "N passed, M failed". The exit code
is 0 only when every check passed. Every call is bounded by CALL_TIMEOUT_SECONDS and the whole
run by TOTAL_TIMEOUT_SECONDS.

    python scripts/mcp_client_check.py --mode auto --server target/release/youtube-mcp \
        --base-url http://127.0.0.1:8765

The expectations match the offline fake YouTube (`cargo run --example fake_youtube`), whose
catalog serves GJLlxj_dtq8 with nine caption tracks and 8VajtrESJzA as a private video.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
from mcp import Client, StdioServerParameters

if sys.version_info < (3, 11):  # mcp supports 3.10, where exception groups come from a backport
    from exceptiongroup import BaseExceptionGroup

EXPECTED_TOOLS = [
    "check_transcript_availability",
    "get_video_context",
    "get_video_transcript",
    "search_transcript",
]

OK_VIDEO = "GJLlxj_dtq8"
OK_VIDEO_TRACKS = 9
PRIVATE_VIDEO = "8VajtrESJzA"
SEARCH_QUERY = "test"
HIT_URL_PREFIX = f"https://www.youtube.com/watch?v={OK_VIDEO}&t="
STATS_URI = "youtube-mcp://stats"

CALL_TIMEOUT_SECONDS = 30
TOTAL_TIMEOUT_SECONDS = 120

# A transcript line as the text content renders it: "[0:00] words" or "[1:02:03] words".
TIMESTAMP_LINE = re.compile(r"^\[(\d+:)?\d{1,2}:\d{2}\] ", re.MULTILINE)

# Protocol revisions that have no initialize handshake; legacy mode must never end up on one.
MODERN_PROTOCOL_VERSIONS = {"2026-07-28"}


class CheckFailed(Exception):
    """A check's expectation did not hold; the message says what was seen instead."""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def field(value: Any, path: str) -> Any:
    """The value at a dotted path of structured content, failing with the keys that exist."""
    for key in path.split("."):
        if isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        elif isinstance(value, dict) and key in value:
            value = value[key]
        else:
            keys = sorted(value) if isinstance(value, dict) else type(value).__name__
            raise CheckFailed(f"structured content has no {path!r} (at {key!r}: {keys})")
    return value


def describe(error: BaseException) -> str:
    """The innermost errors' types and messages; task groups wrap them in exception groups."""
    if isinstance(error, BaseExceptionGroup):
        return "; ".join(describe(inner) for inner in error.exceptions)
    return f"{type(error).__name__}: {error}"


def text_of(result: Any) -> str:
    return "\n".join(block.text for block in result.content if block.type == "text")


async def call_ok(client: Client, tool: str, arguments: dict[str, Any]) -> Any:
    """Calls a tool that must succeed and returns its structured content."""
    result = await client.call_tool(tool, arguments, read_timeout_seconds=CALL_TIMEOUT_SECONDS)
    if result.is_error:
        raise CheckFailed(f"{tool} returned isError: {text_of(result)[:300]}")

    expect(isinstance(result.structured_content, dict), f"{tool} has no structured content")
    return result


async def check_handshake(client: Client, mode: str) -> str:
    version = client.protocol_version
    if mode == "legacy":
        expect(version not in MODERN_PROTOCOL_VERSIONS, f"legacy mode negotiated {version}")
    return f"mode {mode} negotiated protocol {version}"


async def check_tools_list(client: Client) -> str:
    listed = await client.list_tools()
    names = sorted(tool.name for tool in listed.tools)

    expect(names == EXPECTED_TOOLS, f"tools/list gave {names}, expected {EXPECTED_TOOLS}")
    return ", ".join(names)


async def check_video_context(client: Client) -> str:
    content = (await call_ok(client, "get_video_context", {"video": OK_VIDEO})).structured_content
    title = field(content, "title")
    tracks = field(content, "captions.track_count")

    expect(isinstance(title, str) and title.strip() != "", f"title is {title!r}")
    expect(tracks == OK_VIDEO_TRACKS, f"captions.track_count is {tracks}")
    return f"title {title!r}, {tracks} caption tracks"


async def check_availability(client: Client) -> str:
    arguments = {"video": OK_VIDEO}
    result = await call_ok(client, "check_transcript_availability", arguments)
    available = field(result.structured_content, "available")
    tracks = field(result.structured_content, "tracks")

    expect(available is True, f"available is {available!r}")
    expect(isinstance(tracks, list), f"tracks is {type(tracks).__name__}")
    expect(len(tracks) == OK_VIDEO_TRACKS, f"{len(tracks)} tracks listed")
    return f"available, {len(tracks)} tracks"


async def check_transcript(client: Client) -> str:
    arguments = {"video": OK_VIDEO, "language": "en"}
    result = await call_ok(client, "get_video_transcript", arguments)
    language = field(result.structured_content, "track.language_code")
    segments = field(result.structured_content, "segments")
    lines = TIMESTAMP_LINE.findall(text_of(result))

    expect(language == "en", f"track.language_code is {language!r}")
    expect(isinstance(segments, list) and len(segments) > 0, "segments is empty")
    expect(len(lines) > 0, "text content has no [m:ss] lines")
    expect(
        re.search(r"^\[0:00\] ", text_of(result), re.MULTILINE) is not None,
        "text content has no line at [0:00]",
    )
    return f"language en, {len(segments)} segments, {len(lines)} timestamped lines"


async def check_search(client: Client) -> str:
    arguments = {"video": OK_VIDEO, "query": SEARCH_QUERY}
    result = await call_ok(client, "search_transcript", arguments)
    total = field(result.structured_content, "total_hits")
    url = field(result.structured_content, "hits.0.url")

    expect(isinstance(total, int) and total >= 1, f"total_hits is {total!r}")
    expect(isinstance(url, str) and url.startswith(HIT_URL_PREFIX), f"first hit url is {url!r}")
    return f"{total} hit(s) for {SEARCH_QUERY!r}, first at {url}"


async def check_private_video_error(client: Client) -> str:
    arguments = {"video": PRIVATE_VIDEO}
    timeout = CALL_TIMEOUT_SECONDS
    result = await client.call_tool("get_video_transcript", arguments, read_timeout_seconds=timeout)

    expect(result.is_error, "a private video did not give isError")
    code = field(result.structured_content, "error.code")
    expect(code == "video_private", f"error.code is {code!r}")
    return f"isError with code {code}"


async def check_stats_resource(client: Client) -> str:
    """Runs after every other check, so the counts are those of the calls above."""
    listed = await client.list_resources()
    uris = [str(resource.uri) for resource in listed.resources]
    expect(uris == [STATS_URI], f"resources/list gave {uris}")

    read = await client.read_resource(STATS_URI)
    stats = json.loads(read.contents[0].text)
    transcript = field(stats, "tools.get_video_transcript")
    expect(transcript["calls"] == 2, f"get_video_transcript calls: {transcript['calls']}")
    private = field(transcript, "errors_by_code.video_private")
    expect(private == 1, f"video_private errors: {private}")
    context = field(stats, "tools.get_video_context.calls")
    expect(context == 1, f"get_video_context calls: {context}")
    transcripts = field(stats, "upstream.transcript.requests")
    return f"{transcript['calls']} transcript calls, {transcripts} caption fetches upstream"


async def run_check(name: str, check: Callable[[], Awaitable[str]]) -> bool:
    """Runs one check under its own timeout and prints its line."""
    try:
        with anyio.fail_after(CALL_TIMEOUT_SECONDS):
            detail = await check()
    except TimeoutError:
        print(f"FAIL {name}: no answer within {CALL_TIMEOUT_SECONDS}s", flush=True)
        return False
    except Exception as error:  # noqa: BLE001 - any failure of a check is reported, not raised
        print(f"FAIL {name}: {describe(error)}", flush=True)
        return False

    print(f"PASS {name}: {detail}", flush=True)
    return True


async def run_checks(client: Client, mode: str) -> tuple[int, int]:
    checks: list[tuple[str, Callable[[], Awaitable[str]]]] = [
        ("handshake", lambda: check_handshake(client, mode)),
        ("tools/list", lambda: check_tools_list(client)),
        ("get_video_context", lambda: check_video_context(client)),
        ("check_transcript_availability", lambda: check_availability(client)),
        ("get_video_transcript", lambda: check_transcript(client)),
        ("search_transcript", lambda: check_search(client)),
        ("private video is a tool error", lambda: check_private_video_error(client)),
        ("stats resource", lambda: check_stats_resource(client)),
    ]

    outcomes = [await run_check(name, check) for name, check in checks]
    return outcomes.count(True), outcomes.count(False)


def server_parameters(args: argparse.Namespace) -> StdioServerParameters:
    env = {"YOUTUBE_MCP_LOG": os.environ.get("YOUTUBE_MCP_LOG", "warn")}
    if args.base_url:
        env["YOUTUBE_MCP_BASE_URL"] = args.base_url
    return StdioServerParameters(command=args.server, args=[], env=env)


async def main(args: argparse.Namespace) -> int:
    passed, failed = 0, 0
    parameters = server_parameters(args)
    try:
        with anyio.fail_after(TOTAL_TIMEOUT_SECONDS):
            client = Client(parameters, mode=args.mode, read_timeout_seconds=CALL_TIMEOUT_SECONDS)
            async with client:
                passed, failed = await run_checks(client, args.mode)
    except TimeoutError:
        failed += 1
        print(f"FAIL run: not finished within {TOTAL_TIMEOUT_SECONDS}s", flush=True)
    except Exception as error:  # noqa: BLE001 - a failed session is reported as a failure
        failed += 1
        print(f"FAIL session: {describe(error)}", flush=True)

    print(f"{passed} passed, {failed} failed", flush=True)
    return 0 if failed == 0 else 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mode",
        choices=["auto", "legacy"],
        default="auto",
        help="auto: server/discover, falling back to initialize; legacy: initialize only",
    )
    parser.add_argument(
        "--server",
        default="target/release/youtube-mcp",
        help="path of the youtube-mcp binary to start",
    )
    parser.add_argument(
        "--base-url",
        default=None,
        help="YouTube origin given to the server as YOUTUBE_MCP_BASE_URL (e.g. the fake's); "
        "without it the server talks to the real YouTube",
    )
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse_args()
    # Backstop for a hang that even cancellation cannot end (e.g. a stuck child on shutdown).
    signal.alarm(TOTAL_TIMEOUT_SECONDS + 15)
    sys.exit(anyio.run(main, arguments))
