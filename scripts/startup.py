#!/usr/bin/env python3
"""Start-up time and memory of youtube-mcp against a bare rmcp server, side by side.

Each round starts both binaries (alternating, so machine load hits both alike), sends
`initialize`, and records the time from spawn to the answer and the resident memory (VmRSS)
right after it. For youtube-mcp it then makes a few tool calls against the fake YouTube and
records VmRSS again. Prints medians and the ratios ours/bare.

Usage: scripts/startup.py --ours target/release/youtube-mcp \
           --bare target/release/examples/bare_rmcp --base-url http://127.0.0.1:PORT [--rounds 20]
Only 127.0.0.1 is contacted (the fake YouTube); every wait is bounded.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

INIT = {
    "jsonrpc": "2.0", "id": 1, "method": "initialize",
    "params": {"protocolVersion": "2025-11-25", "capabilities": {},
               "clientInfo": {"name": "startup", "version": "0"}},
}
TIMEOUT_S = 10


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def send(proc, message):
    proc.stdin.write((json.dumps(message) + "\n").encode())
    proc.stdin.flush()


def read_answer(proc, request_id):
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError("server closed stdout")
        message = json.loads(line)
        if message.get("id") == request_id:
            return message
    raise RuntimeError("no answer in time")


def one_round(command, env, calls):
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env)
    try:
        send(proc, INIT)
        read_answer(proc, 1)
        elapsed_ms = (time.perf_counter() - started) * 1000
        idle = rss_kib(proc.pid)
        send(proc, {"jsonrpc": "2.0", "method": "notifications/initialized"})
        for n, (tool, args) in enumerate(calls, start=2):
            send(proc, {"jsonrpc": "2.0", "id": n, "method": "tools/call",
                        "params": {"name": tool, "arguments": args}})
            read_answer(proc, n)
        busy = rss_kib(proc.pid)
        return elapsed_ms, idle, busy
    finally:
        proc.kill()
        proc.wait(timeout=TIMEOUT_S)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ours", required=True)
    parser.add_argument("--bare", required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    if not 1 <= args.rounds <= 200:
        sys.exit("--rounds must be between 1 and 200")

    env = dict(os.environ, YOUTUBE_MCP_BASE_URL=args.base_url, YOUTUBE_MCP_LOG="warn")
    calls = [
        ("get_video_context", {"video": "GJLlxj_dtq8"}),
        ("get_video_transcript", {"video": "GJLlxj_dtq8"}),
        ("search_transcript", {"video": "GJLlxj_dtq8", "query": "test"}),
        ("get_video_transcript", {"video": "F1xioXWb8CY"}),
    ]
    ours, bare = [], []
    for _ in range(args.rounds):
        ours.append(one_round([args.ours], env, calls))
        bare.append(one_round([args.bare], env, []))

    def median(rows, column):
        return statistics.median(row[column] for row in rows)

    print(f"rounds: {args.rounds}")
    print(f"start to initialize answer: ours {median(ours, 0):.2f} ms, bare rmcp "
          f"{median(bare, 0):.2f} ms, ratio {median(ours, 0) / median(bare, 0):.2f}")
    print(f"RSS after initialize: ours {median(ours, 1) / 1024:.1f} MiB, bare rmcp "
          f"{median(bare, 1) / 1024:.1f} MiB, ratio {median(ours, 1) / median(bare, 1):.2f}")
    print(f"RSS after 4 tool calls (ours): {median(ours, 2) / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
