"""Load generators: wrk (installed from Debian if missing) or a bounded Python fallback."""

from __future__ import annotations

import http.client
import itertools
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

GeneratorName = Literal["wrk", "python"]

_TIME_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_DURATION = r"([\d.]+)(us|ms|s|m|h)"
# As long as Gunicorn lets a request run (`--timeout 30`): a slow endpoint under load is measured
# as slow, not as a run of client timeouts (wrk's own default is 2 s).
REQUEST_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class LoadSettings:
    threads: int
    connections: int
    seconds: float
    warmup_seconds: float


@dataclass(frozen=True)
class LoadRequest:
    """One request of a scenario; a scenario with several sends them in turn (e.g. one per user)."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""


@dataclass(frozen=True)
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_success: int  # responses outside 2xx/3xx
    socket_errors: int
    p95_ms: float = math.nan
    # How many answers of each status outside 2xx/3xx ({429: 12}): a 429 is not a success.
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return self.non_success + self.socket_errors


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# --- wrk --------------------------------------------------------------------------------------
def _apt_get(*arguments: str) -> bool:
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        completed = subprocess.run(  # noqa: S603 - apt-get with fixed arguments, as root
            ["apt-get", "-q", *arguments],  # noqa: S607 - apt-get is found on root's PATH
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        _log(f"apt-get {' '.join(arguments)} failed: {error}")
        return False
    if completed.returncode != 0:
        tail = "\n".join((completed.stdout + completed.stderr).splitlines()[-5:])
        _log(f"apt-get {' '.join(arguments)} exited {completed.returncode}:\n{tail}")
    return completed.returncode == 0


def wrk_find_or_install() -> str | None:
    """The path of wrk; as root, install the Debian package first if it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        _log("wrk is not installed and this is not root with apt-get; cannot install it.")
        return None
    _log("wrk is not installed; running apt-get install -y wrk ...")
    if not _apt_get("install", "-y", "wrk"):
        _log("retrying after apt-get update ...")
        if not (_apt_get("update") and _apt_get("install", "-y", "wrk")):
            return None
    return shutil.which("wrk")


def _milliseconds(value: str, unit: str) -> float:
    return float(value) * _TIME_UNITS_MS[unit]


def wrk_output_parse(output: str) -> LoadResult:
    """Requests/s, latency percentiles and error counts from `wrk --latency` output."""

    def search(pattern: str) -> re.Match[str]:
        match = re.search(pattern, output, flags=re.MULTILINE)
        if match is None:
            raise ValueError(f"wrk output has no match for {pattern!r}:\n{output}")
        return match

    p50 = search(rf"^\s*50(?:\.0+)?%\s+{_DURATION}\s*$")
    p99 = search(rf"^\s*99(?:\.0+)?%\s+{_DURATION}\s*$")
    socket_errors = 0
    socket_match = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_match:
        socket_errors = sum(int(count) for count in socket_match.groups())
    non_success = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    p95 = re.search(r"^bench-p95-us: ([\d.]+)$", output, flags=re.MULTILINE)
    statuses = {
        int(status): int(count)
        for status, count in re.findall(r"^bench-status: (\d+) (\d+)$", output, flags=re.MULTILINE)
    }
    return LoadResult(
        requests_per_second=float(search(r"^Requests/sec:\s+([\d.]+)").group(1)),
        p50_ms=_milliseconds(p50.group(1), p50.group(2)),
        p99_ms=_milliseconds(p99.group(1), p99.group(2)),
        requests=int(search(r"^\s*(\d+) requests in ").group(1)),
        non_success=int(non_success.group(1)) if non_success else 0,
        socket_errors=socket_errors,
        p95_ms=float(p95.group(1)) / 1000 if p95 else math.nan,
        statuses=statuses,
    )


# Every wrk run goes through this script: the same Lua work for the floor and every scenario.
# `request()` sends the scenario's requests in turn (each thread from its own starting point);
# `response()` counts answers outside 2xx/3xx by status; `done()` prints those counts and the
# 95th percentile, which `--latency` leaves out.
_WRK_SCRIPT = """
local requests = {%(requests)s}
local threads = {}
local counter = 0
statuses = {}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = (offset * 7919) %% #requests
end

function request()
  counter = counter %% #requests + 1
  return requests[counter]
end

function response(status, headers, body)
  if status >= 400 or status < 200 then
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("bench-p95-us: %%d\\n", latency:percentile(95)))
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses") or {}
    for status, count in pairs(counts) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("bench-status: %%d %%d\\n", status, count))
  end
end
"""


def _lua_string(value: str) -> str:
    # A JSON string literal is a valid Lua string literal for what we put in it (no \u escapes:
    # ensure_ascii=False keeps UTF-8 bytes as they are).
    return json.dumps(value, ensure_ascii=False)


def wrk_script(requests: Sequence[LoadRequest]) -> str:
    formatted = []
    for request in requests:
        headers = ", ".join(
            f"[{_lua_string(name)}] = {_lua_string(value)}" for name, value in request.headers
        )
        body = _lua_string(request.body) if request.body else "nil"
        formatted.append(
            f"wrk.format({_lua_string(request.method)}, {_lua_string(request.path)}, "
            f"{{{headers}}}, {body})"
        )
    return _WRK_SCRIPT % {"requests": ",\n  ".join(formatted)}


def wrk_run(
    *,
    wrk: str,
    url: str,
    settings: LoadSettings,
    seconds: float,
    requests: Sequence[LoadRequest],
) -> LoadResult:
    with tempfile.NamedTemporaryFile(
        "w", suffix=".lua", prefix="bench-wrk-", encoding="utf-8", delete=False
    ) as script:
        script.write(wrk_script(requests))
    try:
        command = [
            wrk,
            f"--threads={settings.threads}",
            f"--connections={settings.connections}",
            f"--duration={max(1, round(seconds))}s",
            "--latency",
            f"--timeout={round(REQUEST_TIMEOUT_SECONDS)}s",
            f"--script={script.name}",
            url,
        ]
        completed = subprocess.run(  # noqa: S603 - wrk with fixed arguments against 127.0.0.1
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=False,
        )
    finally:
        os.unlink(script.name)
    if completed.returncode != 0:
        raise RuntimeError(f"wrk exited {completed.returncode}:\n{completed.stderr}")
    return wrk_output_parse(completed.stdout)


# --- Python fallback --------------------------------------------------------------------------
@dataclass
class _WorkerTally:
    latencies_ms: list[float]
    non_success: int = 0
    socket_errors: int = 0
    statuses: Counter[int] = field(default_factory=Counter)


def _python_worker(
    host: str,
    port: int,
    requests: Sequence[LoadRequest],
    start: int,
    deadline: float,
    tally: _WorkerTally,
) -> None:
    """One client connection, kept alive where the server allows, until the deadline."""
    connection: http.client.HTTPConnection | None = None
    turns = itertools.islice(itertools.cycle(requests), start % len(requests), None)
    while time.monotonic() < deadline:
        request = next(turns)
        if connection is None:
            connection = http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT_SECONDS)
        started = time.perf_counter()
        try:
            connection.request(
                request.method,
                request.path,
                body=request.body.encode() if request.body else None,
                headers=dict(request.headers),
            )
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            tally.socket_errors += 1
            connection.close()
            connection = None
            continue
        tally.latencies_ms.append((time.perf_counter() - started) * 1000)
        if not 200 <= response.status < 400:
            tally.non_success += 1
            tally.statuses[response.status] += 1
        if response.will_close:  # Gunicorn's sync workers close after every response
            connection.close()
            connection = None
    if connection is not None:
        connection.close()


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return math.nan
    index = max(0, math.ceil(fraction * len(sorted_values)) - 1)
    return sorted_values[index]


def python_run(
    *, url: str, settings: LoadSettings, seconds: float, requests: Sequence[LoadRequest]
) -> LoadResult:
    """A thread per connection for `seconds`; slower than wrk, so only ratios are comparable."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    tallies = [_WorkerTally(latencies_ms=[]) for _ in range(settings.connections)]
    started = time.monotonic()
    deadline = started + seconds
    threads = [
        threading.Thread(
            target=_python_worker,
            args=(host, port, requests, index * 7919, deadline, tally),
            daemon=True,
        )
        for index, tally in enumerate(tallies)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT_SECONDS + 5)
    elapsed = time.monotonic() - started
    latencies = sorted(latency for tally in tallies for latency in tally.latencies_ms)
    return LoadResult(
        requests_per_second=len(latencies) / elapsed if elapsed > 0 else 0.0,
        p50_ms=_percentile(latencies, 0.50),
        p99_ms=_percentile(latencies, 0.99),
        requests=len(latencies),
        non_success=sum(tally.non_success for tally in tallies),
        socket_errors=sum(tally.socket_errors for tally in tallies),
        p95_ms=_percentile(latencies, 0.95),
        statuses=dict(sum((tally.statuses for tally in tallies), Counter[int]())),
    )


# --- Either -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class LoadGenerator:
    name: GeneratorName
    wrk: str | None = None

    def measure(
        self, *, url: str, settings: LoadSettings, requests: Sequence[LoadRequest] = ()
    ) -> LoadResult:
        """A warm-up run (discarded), then the measured run. `requests` are sent in turn; without
        them, GETs of the URL's own path."""
        if not requests:
            parts = urlsplit(url)
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            requests = [LoadRequest(method="GET", path=path)]
        if settings.warmup_seconds > 0:
            self._run(
                url=url, settings=settings, seconds=settings.warmup_seconds, requests=requests
            )
        return self._run(url=url, settings=settings, seconds=settings.seconds, requests=requests)

    def _run(
        self,
        *,
        url: str,
        settings: LoadSettings,
        seconds: float,
        requests: Sequence[LoadRequest],
    ) -> LoadResult:
        if self.wrk is not None:
            return wrk_run(
                wrk=self.wrk, url=url, settings=settings, seconds=seconds, requests=requests
            )
        return python_run(url=url, settings=settings, seconds=seconds, requests=requests)


def load_generator_choose(preference: Literal["auto", "wrk", "python"]) -> LoadGenerator:
    if preference == "python":
        return LoadGenerator(name="python")
    wrk = wrk_find_or_install()
    if wrk is not None:
        return LoadGenerator(name="wrk", wrk=wrk)
    if preference == "wrk":
        raise RuntimeError("wrk was asked for but is not available.")
    _log("wrk is unavailable: falling back to the Python load generator (slower; see README).")
    return LoadGenerator(name="python")
