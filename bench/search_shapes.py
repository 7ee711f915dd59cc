"""The search mix one search at a time, in this process: percentiles per shape of the search.

`python -m bench.search_shapes` runs every search of the mix (bench/search_mix.py) twice through
`part_search_page` against `DATABASE_URL` (the first pass warms the caches, the second is
timed) and prints p50/p95/p99 overall and per shape (which parameters a search has), then
the slowest searches. No HTTP and no load: the search's own cost, for comparing one change
with another; `python -m bench search-mix-4c-uncached` gives the figures under load.
"""

from __future__ import annotations

import math
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from urllib.parse import parse_qsl


def shape_of(query: str) -> str:
    """`search`, `brand+location_city`, `location_city+search|sort`, `deep` (a page past 40)…"""
    params = dict(parse_qsl(query))
    if "search" in params and "offset" in params:
        return "deep"
    names = sorted(name for name in params if name != "sort")
    return "+".join(names) + ("|sort" if "sort" in params else "")


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _line(name: str, values: Sequence[float]) -> str:
    return (
        f"{name:42s} n={len(values):5d}  p50 {_percentile(values, 0.50):7.1f}  "
        f"p95 {_percentile(values, 0.95):7.1f}  p99 {_percentile(values, 0.99):7.1f}  "
        f"max {max(values):7.1f} ms"
    )


def shapes_measure(queries: Sequence[str]) -> list[tuple[float, str]]:
    """(milliseconds, query) of each search's second run."""
    from parts.filters import part_search_filters_parse
    from parts.selectors import part_search_page

    filters = [part_search_filters_parse(dict(parse_qsl(query))) for query in queries]
    for each in filters:  # warm: the vocabulary, the indexes' pages, the connection
        part_search_page(filters=each)
    timed = []
    for query, each in zip(queries, filters, strict=True):
        started = time.perf_counter()
        part_search_page(filters=each)
        timed.append(((time.perf_counter() - started) * 1000, query))
    return timed


def shapes_report(timed: Sequence[tuple[float, str]], *, slowest: int = 15) -> str:
    by_shape: dict[str, list[float]] = defaultdict(list)
    for milliseconds, query in timed:
        by_shape[shape_of(query)].append(milliseconds)
    lines = [_line("all", [milliseconds for milliseconds, _query in timed])]
    for name, values in sorted(by_shape.items(), key=lambda item: -_percentile(item[1], 0.95)):
        lines.append("  " + _line(name, values))
    lines.append("slowest:")
    lines.extend(f"  {ms:8.1f}  {query}" for ms, query in sorted(timed, reverse=True)[:slowest])
    return "\n".join(lines)


def main() -> int:
    from bench.search_mix import django_setup_here, search_mix

    django_setup_here()

    print(shapes_report(shapes_measure(search_mix())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
