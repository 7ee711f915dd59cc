"""Anonymous search results, cached for a few seconds: the same popular search ("far",
"alternatör") from many phones is answered from the cache instead of the database.

Only visitors' searches are cached: a logged-in buyer's results leave out what they marked
not_interested. Every cached answer belongs to a catalogue version, and any change a visitor
could see (a listing saved, deleted, its photos processed, a seller banned or unbanned) moves to a
new version once committed, so a change shows at once; SEARCH_CACHE_SECONDS only bounds how long
a version's answers are kept. A client that sends `Cache-Control: no-cache` gets a fresh search.
A cache outage only means searching the database.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from parts.filters import PartSearchFilters

logger = logging.getLogger(__name__)

VERSION_KEY = "parts:search:version"


def _key(filters: PartSearchFilters) -> str:
    return "parts:search:" + hashlib.sha256(repr(filters).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class SearchResults:
    answer: dict[str, Any]
    from_cache: bool
    # The catalogue version the answer belongs to (VERSION_KEY's value); None when not cached.
    version: int | None


def search_results_cached(
    *, filters: PartSearchFilters, compute: Callable[[], dict[str, Any]], fresh: bool = False
) -> SearchResults:
    """`compute()`'s answer for these filters, from the cache when it has it (and not `fresh`).

    One cache round trip reads the catalogue version and the answer, which is stored with the
    version it was computed under and used only while that is still the current one."""
    seconds = settings.SEARCH_CACHE_SECONDS
    if seconds <= 0:
        return SearchResults(answer=compute(), from_cache=False, version=None)
    key = _key(filters)
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, 1, timeout=None)
            version = cache.get(VERSION_KEY, 1)
    except Exception:
        logger.warning("Search cache unavailable", exc_info=True)
        return SearchResults(answer=compute(), from_cache=False, version=None)
    cached = found.get(key)
    if not fresh and cached is not None and cached[0] == version:
        return SearchResults(answer=cached[1], from_cache=True, version=version)
    answer = compute()
    try:
        cache.set(key, (version, answer), timeout=seconds)
    except Exception:
        logger.warning("Search cache unavailable", exc_info=True)
        return SearchResults(answer=answer, from_cache=False, version=None)
    return SearchResults(answer=answer, from_cache=False, version=version)


def _bump() -> None:
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet (or it was evicted): any new one is unused
            cache.add(VERSION_KEY, 1, timeout=None)
    except Exception:
        # Cached answers then live out SEARCH_CACHE_SECONDS at most.
        logger.warning("Search cache unavailable: results may lag", exc_info=True)


def search_cache_invalidate() -> None:
    """Visitors' searches see the catalogue as it is once the current transaction commits.

    The version moves now, so nothing cached before the change is read again, and once more at
    commit, so what a search read in between (the catalogue before the commit) is dropped too."""
    _bump()
    transaction.on_commit(_bump)
