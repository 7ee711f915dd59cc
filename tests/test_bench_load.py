"""The benchmark's load generators send a scenario's requests in turn and count answers by status.

Against a small local HTTP server that records what arrives: both wrk (through the generated Lua
script) and the Python fallback.
"""

from __future__ import annotations

import json
import shutil
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bench.load import LoadGenerator, LoadRequest, LoadSettings

SETTINGS = LoadSettings(threads=2, connections=4, seconds=1, warmup_seconds=0)
REQUESTS = [
    LoadRequest(
        method="POST",
        path=f"/api/conversations/c{index}/messages",
        headers=(("Content-Type", "application/json"), ("Authorization", f"Bearer t{index}")),
        body=json.dumps({"content": "Merhaba, parça hâlâ satışta mı?"}, ensure_ascii=False),
    )
    for index in range(3)
]


class _Recorder(BaseHTTPRequestHandler):
    seen: Counter[tuple[str, str, str]] = Counter()
    bodies: set[str] = set()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.seen[(self.command, self.path, self.headers["Authorization"])] += 1
        self.bodies.add(body)
        # The third user is rate limited: its answers must be counted, not taken as successes.
        status = 429 if self.headers["Authorization"] == "Bearer t2" else 201
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the load generator drops its connections when its time is up
        super().handle_error(request, client_address)


@pytest.fixture
def server() -> Iterator[str]:
    _Recorder.seen = Counter()
    _Recorder.bodies = set()
    httpd = _Server(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    "generator",
    [
        pytest.param(
            LoadGenerator(name="wrk", wrk=shutil.which("wrk")),
            marks=pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed"),
            id="wrk",
        ),
        pytest.param(LoadGenerator(name="python"), id="python"),
    ],
)
def test_requests_rotate_and_failures_are_counted_by_status(
    server: str, generator: LoadGenerator
) -> None:
    result = generator.measure(url=server + REQUESTS[0].path, settings=SETTINGS, requests=REQUESTS)

    assert result.requests > 30
    assert set(_Recorder.seen) == {
        ("POST", f"/api/conversations/c{index}/messages", f"Bearer t{index}") for index in range(3)
    }
    assert _Recorder.bodies == {'{"content": "Merhaba, parça hâlâ satışta mı?"}'}
    # About a third of the answers were 429s, and they are reported as such.
    assert set(result.statuses) == {429}
    assert result.non_success == result.statuses[429]
    assert result.requests / 5 < result.statuses[429] < result.requests / 2
    assert 0 < result.p50_ms <= result.p95_ms <= result.p99_ms
