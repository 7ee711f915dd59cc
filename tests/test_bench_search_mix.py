"""The benchmark's search mix (bench/search_mix.py): a thousand and more distinct searches of
every shape buyers type, the same on every run, each one a search the API accepts."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import pytest
from django.test import Client

from bench.runner import scenario_requests
from bench.scenarios import SEARCH_MIX_SCENARIOS
from bench.search_mix import search_mix
from marketplace.text import fold
from parts.filters import part_search_filters_parse
from parts.tests.factories import make_part


def _queries() -> list[dict[str, str]]:
    return [dict(parse_qsl(query)) for query in search_mix()]


def test_the_mix_is_over_a_thousand_distinct_searches_and_the_same_every_run() -> None:
    mix = search_mix()
    assert len(mix) >= 1000
    assert len(set(mix)) == len(mix)
    assert search_mix() == mix
    assert search_mix(seed=20) != mix


def test_every_search_of_the_mix_is_valid() -> None:
    for query in _queries():
        part_search_filters_parse(query)  # raises DomainError on a refused parameter


def test_the_mix_has_every_shape_people_type() -> None:
    queries = _queries()
    words = [query["search"] for query in queries if "search" in query]
    shapes: dict[str, list[Any]] = {
        "filters only": [q for q in queries if "search" not in q and "part_reference" not in q],
        "brand and city": [q for q in queries if {"brand", "location_city"} <= set(q)],
        "word, brand and price": [q for q in queries if {"search", "brand", "max_price"} <= set(q)],
        "years": [q for q in queries if "year_min" in q],
        "deep pages": [q for q in queries if int(q.get("offset", 0)) >= 40],
        "part number field": [q for q in queries if "part_reference" in q],
        "numbers with inner spaces": [w for w in words if any(c.isdigit() for c in w) and " " in w],
        "without Turkish letters": [
            w for w in words if w == fold(w) and any(c in w for c in "sgcoui")
        ],
        "with Turkish letters": [w for w in words if w != fold(w)],
    }
    for name, found in shapes.items():
        assert len(found) >= 20, f"too few {name}: {len(found)}"


def test_the_mix_scenarios_send_every_search_round_robin() -> None:
    uncached = SEARCH_MIX_SCENARIOS[0]
    requests = scenario_requests(uncached)
    assert [request.path for request in requests] == [
        f"/api/parts?{query}" for query in search_mix()
    ]
    assert ("Cache-Control", "no-cache") in requests[0].headers
    assert {scenario.connections for scenario in SEARCH_MIX_SCENARIOS} == {4, 16}


@pytest.mark.django_db
def test_the_api_answers_a_sample_of_the_mix(client: Client) -> None:
    make_part()
    for query in search_mix()[::40]:
        answer = client.get(f"/api/parts?{query}", HTTP_CACHE_CONTROL="no-cache")
        assert answer.status_code == 200, (query, answer.content[:300])


@pytest.mark.django_db
def test_the_report_explains_the_slowest_searches_with_their_slowest_query() -> None:
    from django.db import connection

    from bench.search_explain import search_plan_explain

    make_part(title="Sağ Ön Kapı", brand="Renault")
    plan = search_plan_explain("/api/parts?search=sa%C4%9F+kap%C4%B1&brand=Renault")
    assert plan is not None
    # On a catalogue of one listing any of its queries may be the slowest, the vocabulary's too.
    assert plan.sql.startswith(("SELECT", "(SELECT"))
    assert "parts_" in plan.sql
    if connection.vendor == "postgresql":  # EXPLAIN (ANALYZE, BUFFERS): the real run's rows
        assert "actual time=" in plan.plan
        assert "Buffers:" in plan.plan
    else:
        assert "SCAN" in plan.plan or "SEARCH" in plan.plan or "parts_" in plan.plan
    assert search_plan_explain("/api/parts?limit=0") is None  # refused: nothing to explain


@pytest.mark.django_db
def test_the_shapes_report_times_each_search_and_groups_them_by_shape() -> None:
    from bench.search_shapes import shape_of, shapes_measure, shapes_report

    make_part(title="Sol Ön Far", brand="Renault")
    queries = search_mix()[:30]
    timed = shapes_measure(queries)
    assert [query for _ms, query in timed] == queries
    assert all(milliseconds > 0 for milliseconds, _query in timed)
    report = shapes_report(timed, slowest=3)
    assert report.startswith("all ")
    assert report.count("\n  ") >= 3 + 1  # the shapes, then the three slowest
    assert shape_of("search=far&offset=40") == "deep"
    assert shape_of("brand=Fiat&location_city=Ankara") == "brand+location_city"
    assert shape_of("search=kap%C4%B1&location_city=Ankara&sort=price_desc") == (
        "location_city+search|sort"
    )
