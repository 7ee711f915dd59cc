"""Runs every scenario against the floor and the project, prints the table and writes the JSON."""

from __future__ import annotations

import contextlib
import datetime
import http.client
import json
import math
import os
import platform
import secrets
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from bench.chat_data import BenchConversation, conversations_ensure_in_subprocess
from bench.data import parts_ensure
from bench.load import LoadGenerator, LoadRequest, LoadResult, LoadSettings
from bench.scenarios import FLOOR, Scenario, ServerName
from bench.search_explain import search_plans_explain
from bench.search_mix import search_mix
from bench.search_timing import SearchTiming, search_timing_take, timing_document
from bench.servers import HOST, WORKERS, Server, celery_worker_serving, free_ports, gunicorn_serving

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"

Verdict = Literal["PASS", "FAIL", "—"]
DRIFT_WARNING = 0.15
PROBE_TIMEOUT_SECONDS = 120
# The message-send scenario's senders live on this (never deliverable) domain.
HTTP_BENCH_EMAIL_DOMAIN = "bench-http.invalid"
_RUN_SIGNING_KEY = secrets.token_urlsafe(50)
_RUN_SECRET_KEY = secrets.token_urlsafe(50)
_RUN_ENCRYPTION_KEY = secrets.token_urlsafe(50)
# Any answer will do to see that the send floor is up (this one is a 405: the route takes POST).
SEND_FLOOR_READY_PATH = "/api/conversations/00000000-0000-0000-0000-000000000000/messages"


@dataclass(frozen=True)
class Probe:
    """One request before the load: is the endpoint answering 200, and is it rate limited?"""

    status: int
    rate_limit: str | None


@dataclass(frozen=True)
class Sample:
    """One scenario under load, before its ratio to the floor is known."""

    label: str
    scenario: Scenario
    probe: Probe
    load: LoadResult
    timing: SearchTiming | None = None


@dataclass(frozen=True)
class Measurement:
    label: str
    scenario: Scenario
    probe: Probe
    load: LoadResult
    ratio: float | None
    verdict: Verdict
    notes: list[str]
    timing: SearchTiming | None = None
    # What the target is judged on: `ratio`, or the ratio to `scenario.target_of`.
    target_ratio: float | None = None


@dataclass(frozen=True)
class Floor:
    """The floor is measured first and last; ratios divide by the mean of the two."""

    start: Sample
    end: Sample

    @property
    def valid(self) -> bool:
        return _valid(self.start) and _valid(self.end)

    @property
    def requests_per_second(self) -> float | None:
        if not self.valid:
            return None
        return (self.start.load.requests_per_second + self.end.load.requests_per_second) / 2

    @property
    def drift(self) -> float | None:
        mean = self.requests_per_second
        if not mean:
            return None
        return (self.end.load.requests_per_second - self.start.load.requests_per_second) / mean


def project_environment() -> dict[str, str]:
    """The project as in production, minus DEBUG and the rate limits; DATABASE_URL as given.

    The access tokens are signed with JWT_SIGNING_KEY as given, or a key of this run, which the
    send floor is given too so that it can check the project's tokens."""
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        API_RATE_LIMITS_ENABLED="false",
    )
    environment.setdefault("JWT_SIGNING_KEY", _RUN_SIGNING_KEY)
    # DJANGO_DEBUG=false is a deployment, which refuses the embedded default's public keys.
    environment.setdefault("DJANGO_SECRET_KEY", _RUN_SECRET_KEY)
    environment.setdefault("INTEGRATIONS_ENCRYPTION_KEYS", f"bench:{_RUN_ENCRYPTION_KEY}")
    return environment


def send_floor_environment() -> dict[str, str]:
    """The project's DATABASE_URL, REDIS_URL and token key; none of its settings."""
    environment = project_environment()
    environment.pop("DJANGO_SETTINGS_MODULE")
    return environment


def floor_environment() -> dict[str, str]:
    environment = dict(os.environ)
    # The floor configures its own settings; nothing of the project's may leak into it.
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return environment


def probe(server: Server, request: LoadRequest | str) -> Probe:
    """One request (a GET of a path); status 0 if it got no answer. It also waits out the previous
    scenario's load."""
    if isinstance(request, str):
        request = LoadRequest(method="GET", path=request)
    # After a slow endpoint under load the workers still owe answers to the connections wrk
    # dropped (32 requests of up to a second each, on 2 workers): the probe queues behind them.
    connection = http.client.HTTPConnection(HOST, server.port, timeout=PROBE_TIMEOUT_SECONDS)
    try:
        connection.request(
            request.method,
            request.path,
            body=request.body.encode() if request.body else None,
            headers=dict(request.headers),
        )
        response = connection.getresponse()
        response.read()
        limit = response.getheader("X-RateLimit-Limit")
        return Probe(status=response.status, rate_limit=limit)
    except (OSError, http.client.HTTPException):
        return Probe(status=0, rate_limit=None)
    finally:
        connection.close()


def _valid(sample: Sample) -> bool:
    # Errors (429s, 5xx, dropped sockets) are cheap answers: the figure would flatter the code.
    return (
        sample.probe.status == sample.scenario.expected_status
        and sample.load.errors == 0
        and sample.load.requests_per_second > 0
    )


def _verdict(sample: Sample, ratio: float | None) -> Verdict:
    if sample.scenario is FLOOR:
        # Without a sound floor no ratio means anything, so a broken floor fails the run.
        return "—" if _valid(sample) else "FAIL"
    scenario = sample.scenario
    target = scenario.target_ratio
    target_p95 = scenario.target_search_p95_ms
    wall_targets = [
        (sample.load.p95_ms, scenario.target_p95_ms),
        (sample.load.p99_ms, scenario.target_p99_ms),
    ]
    if target is None and target_p95 is None and all(limit is None for _v, limit in wall_targets):
        return "—"
    if not _valid(sample):
        return "FAIL"
    if target is not None and (ratio is None or ratio < target):
        return "FAIL"
    if target_p95 is not None and not _timing_within(sample.timing, target_p95):
        return "FAIL"
    for value, limit in wall_targets:
        if limit is not None and (math.isnan(value) or value > limit):
            return "FAIL"
    return "PASS"


def _timing_within(timing: SearchTiming | None, target_p95: float) -> bool:
    return (
        timing is not None
        and timing.failures == 0
        and not math.isnan(timing.p95_ms)
        and timing.p95_ms <= target_p95
    )


def _notes(sample: Sample) -> list[str]:
    notes = []
    if sample.probe.status == 0:
        notes.append(f"probe got no answer within {PROBE_TIMEOUT_SECONDS} s")
    elif sample.probe.status != sample.scenario.expected_status:
        notes.append(f"probe answered {sample.probe.status}, not {sample.scenario.expected_status}")
    if sample.probe.rate_limit is not None and sample.load.non_success:
        notes.append(
            f"rate limited (X-RateLimit-Limit: {sample.probe.rate_limit}); "
            "is API_RATE_LIMITS_ENABLED=false set?"
        )
    if sample.load.non_success:
        by_status = ", ".join(
            f"{count} × {status}" for status, count in sorted(sample.load.statuses.items())
        )
        notes.append(
            f"{sample.load.non_success} non-2xx/3xx" + (f" ({by_status})" if by_status else "")
        )
    if sample.load.socket_errors:
        notes.append(f"{sample.load.socket_errors} socket errors")
    if sample.load.requests == 0 and not sample.load.errors:
        notes.append("no request completed within the run: each took longer than that under load")
    if sample.timing is not None and sample.timing.failures:
        notes.append(
            f"{sample.timing.failures} of {sample.timing.requests} timing requests failed "
            "(not 200, or no data.search_info.execution_time_ms)"
        )
    return notes


def scenario_requests(
    scenario: Scenario, conversations: Sequence[BenchConversation] = ()
) -> list[LoadRequest]:
    """The scenario's requests: one, or with the `conversations` fixture one per participant
    (buyer and seller of every bench conversation, each with their own token)."""

    def request(**values: str) -> LoadRequest:
        return LoadRequest(
            method=scenario.method,
            path=scenario.path.format(**values),
            headers=tuple((name, value.format(**values)) for name, value in scenario.headers),
            body=scenario.body,
        )

    if scenario.fixture is None:
        return [request()]
    if scenario.fixture == "search_mix":
        return [request(query=query) for query in search_mix()]
    if not conversations:
        raise RuntimeError(f"{scenario.name} needs bench conversations; none were prepared")
    return [
        request(conversation_id=conversation.id, token=token)
        for conversation in conversations
        for token in (conversation.buyer_token, conversation.seller_token)
    ]


def sample_take(
    label: str,
    scenario: Scenario,
    server: Server,
    generator: LoadGenerator,
    settings: LoadSettings,
    *,
    timing_requests: int = 0,
    conversations: Sequence[BenchConversation] = (),
) -> Sample:
    print(f"bench: measuring {label} ({scenario.path}) ...", file=sys.stderr, flush=True)
    requests = scenario_requests(scenario, conversations)
    probe_result = probe(server, requests[0])
    timing = None
    if scenario.search_timing and timing_requests > 0:
        # Before the load: the server is idle, so this is the search's own time.
        paths = [request.path for request in requests]
        timing = search_timing_take(server, paths, requests=timing_requests)
        if timing.slowest:  # their plans, still before the load
            plans = search_plans_explain([path for path, _ms in timing.slowest])
            timing = replace(timing, plans={plan.path: plan for plan in plans})
    if scenario.connections is not None:
        connections = scenario.connections
        settings = replace(
            settings, connections=connections, threads=min(settings.threads, connections)
        )
    load = generator.measure(url=server.url(requests[0].path), settings=settings, requests=requests)
    # Wait until the workers have answered what wrk left queued, so the next scenario (the
    # floor at the end too) does not share the machine with this one's backlog.
    probe(server, server.ready_path)
    return Sample(label=label, scenario=scenario, probe=probe_result, load=load, timing=timing)


def measurement_make(sample: Sample, floor: Floor, others: Sequence[Sample] = ()) -> Measurement:
    """`others`: the run's samples, for a target of another scenario (`Scenario.target_of`)."""
    floor_rps = floor.requests_per_second
    ratio = sample.load.requests_per_second / floor_rps if floor_rps else None
    notes = _notes(sample)
    target_ratio = ratio
    if sample.scenario.target_of is not None:
        target_ratio = _ratio_of(sample, sample.scenario.target_of, others)
        notes.append(
            f"{_number(target_ratio, 2)} of {sample.scenario.target_of} "
            f"(target ≥ {sample.scenario.target_ratio:.2f} of it)"
            if target_ratio is not None
            else f"{sample.scenario.target_of} was not measured in this run: no verdict"
        )
    drift = floor.drift
    if sample is floor.end and drift is not None and abs(drift) > DRIFT_WARNING:
        notes.append(f"floor moved {drift:+.0%} during the run: the machine is busy, ratios rough")
    return Measurement(
        label=sample.label,
        scenario=sample.scenario,
        probe=sample.probe,
        load=sample.load,
        ratio=ratio,
        verdict=(
            "—"
            if sample.scenario.target_of is not None and target_ratio is None
            else _verdict(sample, target_ratio)
        ),
        notes=notes,
        timing=sample.timing,
        target_ratio=target_ratio,
    )


def _target_cell(scenario: Scenario) -> str:
    """`≥ 0.25` of the floor, or `≥ 0.60 send-floor` of another scenario."""
    target = f"≥ {scenario.target_ratio:.2f}"
    return f"{target} {scenario.target_of}" if scenario.target_of else target


def _ratio_of(sample: Sample, name: str, others: Sequence[Sample]) -> float | None:
    """`sample`'s requests/s over those of the scenario `name` in the same run."""
    for other in others:
        if other.scenario.name == name and _valid(other) and other.load.requests_per_second:
            return sample.load.requests_per_second / other.load.requests_per_second
    return None


def _number(value: float | None, digits: int) -> str:
    if value is None or math.isnan(value):
        return "—"
    return f"{value:,.{digits}f}"


def table_format(measurements: Sequence[Measurement]) -> str:
    """wrk's figures under load, then the server's own search time (`srch` columns) if measured."""
    header = (
        "scenario",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "ratio",
        "target",
        "srch p50",
        "srch p95",
        "srch p99",
        "p95 target",
        "result",
        "errors",
    )
    rows = [header]
    for measurement in measurements:
        target = measurement.scenario.target_ratio
        timing = measurement.timing
        rows.append(
            (
                measurement.label,
                _number(measurement.load.requests_per_second, 0),
                _number(measurement.load.p50_ms, 2),
                _number(measurement.load.p95_ms, 2),
                _number(measurement.load.p99_ms, 2),
                _number(measurement.ratio, 2),
                _target_cell(measurement.scenario) if target is not None else "—",
                _number(timing.p50_ms, 2) if timing else "—",
                _number(timing.p95_ms, 2) if timing else "—",
                _number(timing.p99_ms, 2) if timing else "—",
                _p95_target(measurement.scenario),
                measurement.verdict,
                str(measurement.load.errors),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = []
    for index, row in enumerate(rows):
        cells = [
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    for measurement in measurements:
        if measurement.notes:
            lines.append(f"{measurement.label}: {'; '.join(measurement.notes)}")
    for measurement in measurements:
        if measurement.timing is not None and measurement.timing.slowest:
            lines.append(f"{measurement.label}: the slowest searches (server ms, one at a time):")
            for path, ms in measurement.timing.slowest:
                lines.append(f"  {ms:8.2f}  ?{path.split('?', 1)[-1]}")
                plan = measurement.timing.plans.get(path)
                if plan is not None:
                    lines.append(f"            its slowest query ({plan.query_ms:.1f} ms):")
                    lines.extend(f"            | {line}" for line in plan.plan.splitlines())
    return "\n".join(lines)


def _p95_target(scenario: Scenario) -> str:
    """The search's own p95 target, or the wall-time targets under load (p95/p99)."""
    if scenario.target_search_p95_ms is not None:
        return f"≤ {scenario.target_search_p95_ms:.0f}"
    if scenario.target_p95_ms is not None or scenario.target_p99_ms is not None:
        return f"wall ≤ {scenario.target_p95_ms or '—'}/{scenario.target_p99_ms or '—'}"
    return "—"


def _json_number(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 3)


def results_document(
    measurements: Sequence[Measurement],
    floor: Floor,
    generator: LoadGenerator,
    settings: LoadSettings,
    *,
    parts: int = 0,
) -> dict[str, Any]:
    return {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "load_generator": generator.name,
        "load": asdict(settings),
        "bench_parts": parts,
        "gunicorn_workers": WORKERS,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            # The scheme only: a DATABASE_URL may carry a password.
            "database": urlsplit(os.environ.get("DATABASE_URL", "sqlite://")).scheme,
        },
        "floor": {
            "requests_per_second": _json_number(floor.requests_per_second),
            "start": _json_number(floor.start.load.requests_per_second),
            "end": _json_number(floor.end.load.requests_per_second),
            "drift": _json_number(floor.drift),
        },
        "passed": all(measurement.verdict != "FAIL" for measurement in measurements),
        "scenarios": [
            {
                "label": measurement.label,
                "name": measurement.scenario.name,
                "method": measurement.scenario.method,
                "path": measurement.scenario.path,
                "server": measurement.scenario.server,
                "description": measurement.scenario.description,
                "target_ratio": measurement.scenario.target_ratio,
                # The scenario the target ratio is of (null: the floor), and that ratio.
                "target_of": measurement.scenario.target_of,
                "ratio_to_target_of": _json_number(
                    measurement.target_ratio if measurement.scenario.target_of else None
                ),
                "requests_per_second": _json_number(measurement.load.requests_per_second),
                "p50_ms": _json_number(measurement.load.p50_ms),
                "p95_ms": _json_number(measurement.load.p95_ms),
                "p99_ms": _json_number(measurement.load.p99_ms),
                "ratio": _json_number(measurement.ratio),
                "requests": measurement.load.requests,
                "non_success": measurement.load.non_success,
                "non_success_by_status": {
                    str(status): count for status, count in measurement.load.statuses.items()
                },
                "socket_errors": measurement.load.socket_errors,
                "probe_status": measurement.probe.status,
                "rate_limit": measurement.probe.rate_limit,
                # The server's own execution_time_ms, sequential requests before the load.
                "search_timing": timing_document(measurement.timing, measurement.scenario),
                "result": measurement.verdict,
                "notes": measurement.notes,
            }
            for measurement in measurements
        ],
    }


def run(
    scenarios: Sequence[Scenario],
    generator: LoadGenerator,
    settings: LoadSettings,
    *,
    parts: int = 0,
    timing_requests: int = 0,
    message_conversations: int = 100,
) -> tuple[list[Measurement], Path]:
    """Start both servers; measure the floor, every other scenario, the floor again; stop both.

    With `parts` > 0 the project's database is first topped up to that many synthetic listings;
    a scenario with the `conversations` fixture gets `message_conversations` bench
    conversations (created once, reused) with fresh access tokens.
    """
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    if parts > 0:
        parts_ensure(count=parts, environment=project_environment(), cwd=REPO_ROOT)
    conversations: list[BenchConversation] = []
    if any(scenario.fixture == "conversations" for scenario in scenarios):
        conversations = conversations_ensure_in_subprocess(
            count=message_conversations,
            email_domain=HTTP_BENCH_EMAIL_DOMAIN,
            environment=project_environment(),
            cwd=REPO_ROOT,
        )
    floor_port, project_port, send_floor_port = free_ports(3)
    with contextlib.ExitStack() as stack:
        servers: dict[ServerName, Server] = {
            "floor": stack.enter_context(
                gunicorn_serving(
                    name="floor",
                    app="bench.floor_app:application",
                    port=floor_port,
                    environment=floor_environment(),
                    ready_path=FLOOR.path,
                    cwd=REPO_ROOT,
                    log_dir=RESULTS_DIR,
                )
            ),
            "project": stack.enter_context(
                gunicorn_serving(
                    name="project",
                    app="config.wsgi:application",
                    port=project_port,
                    environment=project_environment(),
                    ready_path="/api/health",
                    cwd=REPO_ROOT,
                    log_dir=RESULTS_DIR,
                )
            ),
        }
        if any(scenario.server == "send-floor" for scenario in scenarios):
            servers["send-floor"] = stack.enter_context(
                gunicorn_serving(
                    name="send-floor",
                    app="bench.send_floor_app:application",
                    port=send_floor_port,
                    environment=send_floor_environment(),
                    ready_path=SEND_FLOOR_READY_PATH,
                    cwd=REPO_ROOT,
                    log_dir=RESULTS_DIR,
                )
            )
        if os.environ.get("REDIS_URL"):
            # As in production, a worker answers the health check's ping (tasks stay idle).
            stack.enter_context(
                celery_worker_serving(
                    name="worker",
                    environment=project_environment(),
                    cwd=REPO_ROOT,
                    log_dir=RESULTS_DIR,
                    concurrency=1,
                )
            )
        samples = [sample_take("floor", FLOOR, servers["floor"], generator, settings)]
        for scenario in scenarios:
            if scenario is not FLOOR:
                server = servers[scenario.server]
                samples.append(
                    sample_take(
                        scenario.name,
                        scenario,
                        server,
                        generator,
                        settings,
                        timing_requests=timing_requests,
                        conversations=conversations,
                    )
                )
        # Again at the end: on a shared machine the floor itself moves, and the table shows it.
        samples.append(sample_take("floor (end)", FLOOR, servers["floor"], generator, settings))
    floor = Floor(start=samples[0], end=samples[-1])
    measurements = [measurement_make(sample, floor, samples) for sample in samples]
    path = RESULTS_DIR / "latest.json"
    document = results_document(measurements, floor, generator, settings, parts=parts)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return measurements, path
