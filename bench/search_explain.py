"""The plans of the slowest searches: `EXPLAIN (ANALYZE, BUFFERS)` of each one's slowest query.

Run in the bench's own process against the database the servers use (the same `DATABASE_URL`),
after the searches were timed: each search is run once through `part_search_page` with its
queries captured, and the slowest of them is explained (on SQLite, `EXPLAIN QUERY PLAN`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from bench.search_mix import django_setup_here


@dataclass(frozen=True)
class SearchPlan:
    path: str
    query_ms: float  # the slowest query's own time, when captured
    sql: str
    plan: str


def search_plan_explain(path: str) -> SearchPlan | None:
    """The plan of the slowest query `GET path` runs, or None if the search is invalid."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from marketplace.errors import DomainError
    from parts.filters import part_search_filters_parse
    from parts.selectors import part_search_page

    try:
        filters = part_search_filters_parse(dict(parse_qsl(urlsplit(path).query)))
    except DomainError:
        return None
    with CaptureQueriesContext(connection) as captured:
        part_search_page(filters=filters)
    if not captured.captured_queries:
        return None
    slowest = max(captured.captured_queries, key=lambda query: float(query["time"]))
    sql = slowest["sql"]
    postgres = connection.vendor == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)  # the captured SQL has its parameters in it already
        rows = cursor.fetchall()
    plan = "\n".join(" ".join(str(column) for column in row) for row in rows)
    return SearchPlan(path=path, query_ms=float(slowest["time"]) * 1000, sql=sql, plan=plan)


def search_plans_explain(paths: Sequence[str]) -> tuple[SearchPlan, ...]:
    django_setup_here()
    plans = (search_plan_explain(path) for path in paths)
    return tuple(plan for plan in plans if plan is not None)
