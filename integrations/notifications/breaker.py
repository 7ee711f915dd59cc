"""A circuit breaker per provider, kept in the cache (shared by every worker when it is Redis).

After `FAILURE_THRESHOLD` retryable failures in a row the circuit opens: calls to that provider are
skipped (the next channel is used) for `OPEN_SECONDS`; then one call is let through (half-open),
and a success closes the circuit again.
"""

from __future__ import annotations

import time

from django.core.cache import cache

FAILURE_THRESHOLD = 5
OPEN_SECONDS = 60


def _now() -> float:
    return time.time()


def _failures_key(provider: str) -> str:
    return f"circuit:{provider}:failures"


def _opened_key(provider: str) -> str:
    return f"circuit:{provider}:opened_at"


def circuit_state(provider: str) -> str:
    """`closed`, `open` or `half_open`."""
    opened_at = cache.get(_opened_key(provider))
    if opened_at is None:
        return "closed"
    return "open" if _now() - float(opened_at) < OPEN_SECONDS else "half_open"


def circuit_allows(provider: str) -> bool:
    return circuit_state(provider) != "open"


def circuit_record(provider: str, *, ok: bool, retryable: bool) -> None:
    if ok:
        cache.delete_many([_failures_key(provider), _opened_key(provider)])
        return
    if not retryable:
        return  # a refused number says nothing about the provider's health
    key = _failures_key(provider)
    cache.add(key, 0, timeout=OPEN_SECONDS * 10)
    try:
        failures = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=OPEN_SECONDS * 10)
        failures = 1
    if failures >= FAILURE_THRESHOLD or circuit_state(provider) == "half_open":
        cache.set(_opened_key(provider), _now(), timeout=OPEN_SECONDS * 10)
