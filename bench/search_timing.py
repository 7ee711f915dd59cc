"""The server's own search time, one request at a time before the load (`srch` columns)."""

from __future__ import annotations

import http.client
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.scenarios import Scenario
from bench.search_explain import SearchPlan
from bench.servers import HOST, Server


@dataclass(frozen=True)
class SearchTiming:
    """The server's own search time (`data.search_info.execution_time_ms`), one request at a time.

    Without concurrent load, so it is the search itself (queries and serialisation of the page),
    not queueing; `failures` counts answers that were not 200 or had no timing in them.
    """

    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    failures: int
    p99_ms: float = math.nan
    # For a mix of searches: the slowest ones, (query string, server ms), slowest first.
    slowest: tuple[tuple[str, float], ...] = ()
    # Their plans (bench/search_explain.py), by path.
    plans: dict[str, SearchPlan] = field(default_factory=dict)


def _percentile(sorted_values: Sequence[float], fraction: float) -> float:
    if not sorted_values:
        return math.nan
    index = max(0, math.ceil(fraction * len(sorted_values)) - 1)
    return sorted_values[index]


def _search_time_ms(server: Server, path: str) -> float | None:
    """One fresh search's own time (`data.search_info.execution_time_ms`); None if it failed.

    `Cache-Control: no-cache`: the visitors' search cache would otherwise answer repeats."""
    connection = http.client.HTTPConnection(HOST, server.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cache-Control": "no-cache"})
        response = connection.getresponse()
        body = response.read()
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()
    try:
        if response.status != 200:
            return None
        return float(json.loads(body)["data"]["search_info"]["execution_time_ms"])
    except (ValueError, KeyError, TypeError):
        return None


def search_timing_take(server: Server, paths: Sequence[str], *, requests: int) -> SearchTiming:
    """`requests` sequential GETs over `paths` in turn (each path at least once), before the load:
    the server is idle, so this is each search's own time, not queueing."""
    count = max(requests, len(paths))
    timed: list[tuple[float, str]] = []
    failures = 0
    for index in range(count):
        path = paths[index % len(paths)]
        milliseconds = _search_time_ms(server, path)
        if milliseconds is None:
            failures += 1
        else:
            timed.append((milliseconds, path))
    timings = sorted(milliseconds for milliseconds, _path in timed)
    slowest = sorted(timed, reverse=True)[:10] if len(paths) > 1 else []
    return SearchTiming(
        requests=count,
        p50_ms=_percentile(timings, 0.50),
        p95_ms=_percentile(timings, 0.95),
        p99_ms=_percentile(timings, 0.99),
        max_ms=timings[-1] if timings else math.nan,
        failures=failures,
        slowest=tuple((path, milliseconds) for milliseconds, path in slowest),
    )


def _json_number(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 3)


def timing_document(timing: SearchTiming | None, scenario: Scenario) -> dict[str, Any] | None:
    if timing is None:
        return None
    return {
        "requests": timing.requests,
        "p50_ms": _json_number(timing.p50_ms),
        "p95_ms": _json_number(timing.p95_ms),
        "p99_ms": _json_number(timing.p99_ms),
        "max_ms": _json_number(timing.max_ms),
        "failures": timing.failures,
        "target_p95_ms": scenario.target_search_p95_ms,
        "slowest": [
            {"query": path, "ms": round(ms, 2), **_plan_document(timing.plans.get(path))}
            for path, ms in timing.slowest
        ],
    }


def _plan_document(plan: SearchPlan | None) -> dict[str, Any]:
    if plan is None:
        return {}
    return {"slowest_query_ms": round(plan.query_ms, 2), "sql": plan.sql, "plan": plan.plan}
