"""The benchmark scenarios: which URL is measured, on which server, against which target ratio."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Literal
from urllib.parse import urlencode

ServerName = Literal["floor", "send-floor", "project"]
# Data a scenario needs before the load, created on the project's database by bench/chat_data.py.
FixtureName = Literal["conversations", "search_mix"]


@dataclass(frozen=True)
class Scenario:
    """One endpoint under load.

    `target_ratio` is the lowest acceptable requests/s as a fraction of the floor's requests/s in
    the same run (0.5 = at least half the floor); None only reports the figure.
    `search_timing`: before the load, the path is requested one request at a time and the
    server's own `data.search_info.execution_time_ms` is collected; `target_search_p95_ms` is the
    highest acceptable 95th percentile of it (None only reports it).
    `needs_parts`: only measured with BENCH_PARTS > 0 (synthetic listings in the database).
    `method`, `headers`, `body`: the request; with `fixture="conversations"` the path and the
    header values may name `{conversation_id}` and `{token}`, and the load sends one request per
    participant of the bench conversations in turn (a bearer token each, so no user's rate
    limit is reached). `expected_status` is what the probe and every answer must be.
    """

    name: str
    path: str
    target_ratio: float | None
    description: str
    server: ServerName = "project"
    search_timing: bool = False
    target_search_p95_ms: float | None = None
    needs_parts: bool = False
    method: str = "GET"
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""
    fixture: FixtureName | None = None
    expected_status: int = 200
    # With the `search_mix` fixture the path's `{query}` takes each of the mix's query strings
    # in turn (bench/search_mix.py). `connections`: this scenario's own number of connections.
    # `target_p95_ms` / `target_p99_ms`: the highest acceptable wall time under the load.
    connections: int | None = None
    target_p95_ms: float | None = None
    target_p99_ms: float | None = None
    # `target_of`: `target_ratio` is of that scenario's requests/s in the same run, not the
    # floor's (message-send against send-floor, its own ceiling on this stack).
    target_of: str | None = None


FLOOR = Scenario(
    name="floor",
    path="/",
    target_ratio=None,
    description="Bare Django + DRF APIView returning a fixed 20-item list (bench/floor_app.py).",
    server="floor",
)

MESSAGE_SEND = Scenario(
    name="message-send",
    path="/api/conversations/{conversation_id}/messages",
    method="POST",
    headers=(
        ("Content-Type", "application/json"),
        ("Authorization", "Bearer {token}"),
    ),
    body=json.dumps(
        {"content": "Merhaba, parça hâlâ satışta mı? Yarın akşam gelip bakabilir miyim?"},
        ensure_ascii=False,
    ),
    fixture="conversations",
    expected_status=201,
    # Issue 19: against the send floor (token, sender row, INSERT, PUBLISH on bare Django), as
    # no send can reach 0.40 of the read-only floor here; run both: `message-send send-floor`.
    target_ratio=0.60,
    target_of="send-floor",
    description=(
        "Send a chat message (bearer token, rotating over BENCH_MESSAGE_CONVERSATIONS "
        "conversations' buyers and sellers): stored, counted, fraud-checked, pushed."
    ),
)

# The floor must come first: every other ratio is taken against it.
SCENARIOS: list[Scenario] = [
    FLOOR,
    Scenario(
        name="health",
        path="/api/health",
        target_ratio=None,
        description="Health check: database, cache and channel-layer round trips.",
    ),
    Scenario(
        name="cities",
        path="/api/cities",
        target_ratio=None,
        description="The 81 provinces, sorted the Turkish way, in the API envelope.",
    ),
    MESSAGE_SEND,
    # The same requests on bench/send_floor_app.py: reported, the ceiling of message-send here.
    replace(
        MESSAGE_SEND,
        name="send-floor",
        server="send-floor",
        target_ratio=None,
        target_of=None,
        description=(
            "The least any send must do, on the floor's bare Django + DRF: token, sender row, "
            "INSERT, PUBLISH (bench/send_floor_app.py). The ceiling of message-send here."
        ),
    ),
]


# Search targets of the issue: at least half the floor's throughput, and the search itself within
# 50 ms at the 95th percentile on PostgreSQL with a million listings.
SEARCH_TARGET_RATIO = 0.5
SEARCH_TARGET_P95_MS = 50.0
# In the synthetic vocabulary (parts/demo_data.py): every "far" part is about a fifth of the
# listings, "karbüratör" about one in five thousand, and variant 0 of the Mercedes W203 rear brake
# disc is numbered `A 203 423 06 12`.
SEARCH_QUERIES: tuple[tuple[str, dict[str, str], str], ...] = (
    ("search-list", {}, "The bare list: newest public listings, no parameters."),
    ("search-common", {"search": "far"}, "One common word (about a fifth of all listings)."),
    ("search-rare", {"search": "karbüratör"}, "One rare word (a few hundred listings)."),
    (
        "search-city",
        {"search": "fren diski", "location_city": "Ankara"},
        "Two words and a city filter.",
    ),
    ("search-reference", {"search": "A 203 423 06 12"}, "An OEM part number as sellers type it."),
    ("search-typo", {"search": "altrnator"}, "A typo: pg_trgm / fuzzy prefix fallback."),
)
SEARCH_SCENARIOS: list[Scenario] = [
    Scenario(
        name=name,
        path="/api/parts" + (f"?{urlencode(query)}" if query else ""),
        target_ratio=SEARCH_TARGET_RATIO,
        description=description,
        search_timing=True,
        target_search_p95_ms=SEARCH_TARGET_P95_MS,
        needs_parts=True,
    )
    for name, query, description in SEARCH_QUERIES
]
# The same searches with `Cache-Control: no-cache`: every request searches the database instead
# of the visitors' cache (parts/search_cache.py) answering the repeated query. Reported only.
UNCACHED_SEARCH_SCENARIOS: list[Scenario] = [
    Scenario(
        name=f"{scenario.name}-uncached",
        path=scenario.path,
        target_ratio=None,
        description=f"{scenario.description} Fresh search every request (no cache).",
        needs_parts=True,
        headers=(("Cache-Control", "no-cache"),),
    )
    for scenario in SEARCH_SCENARIOS
]
# What buyers really type (bench/search_mix.py), round-robin: with `Cache-Control: no-cache` every
# request searches the database; without it the visitors' cache answers repeats, as it does for
# a popular mix. The first one also times each distinct search once, one at a time (server time,
# the ten slowest listed in the results).
SEARCH_MIX_SCENARIOS: list[Scenario] = [
    Scenario(
        name="search-mix-4c-uncached",
        path="/api/parts?{query}",
        fixture="search_mix",
        connections=4,
        headers=(("Cache-Control", "no-cache"),),
        search_timing=True,
        target_ratio=None,
        target_p95_ms=50.0,
        target_p99_ms=120.0,
        needs_parts=True,
        description="The mix, fresh searches, 4 connections: p95 ≤ 50 ms, p99 ≤ 120 ms wall time.",
    ),
    Scenario(
        name="search-mix-16c-uncached",
        path="/api/parts?{query}",
        fixture="search_mix",
        connections=16,
        headers=(("Cache-Control", "no-cache"),),
        target_ratio=0.15,
        needs_parts=True,
        description="The mix, fresh searches, 16 connections: at least 0.15 of the floor.",
    ),
    Scenario(
        name="search-mix-16c",
        path="/api/parts?{query}",
        fixture="search_mix",
        connections=16,
        target_ratio=0.30,
        needs_parts=True,
        description="The mix with the visitors' cache, 16 connections: at least 0.30 of the floor.",
    ),
]
ALL_SCENARIOS: list[Scenario] = [
    *SCENARIOS,
    *SEARCH_SCENARIOS,
    *UNCACHED_SEARCH_SCENARIOS,
    *SEARCH_MIX_SCENARIOS,
]


def scenarios_for(*, parts: int) -> list[Scenario]:
    """Every scenario that can run: the search ones only when synthetic listings are asked for."""
    return [scenario for scenario in ALL_SCENARIOS if parts > 0 or not scenario.needs_parts]
