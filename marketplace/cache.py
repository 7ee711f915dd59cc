"""Django's Redis cache that survives Redis going away, with one Redis client per pool.

Failing open: while Redis does not answer (stopped, restarting, unreachable), every cache call
behaves as if the cache were empty and forgetful (a read finds nothing, a write or `add` reports
success, `incr` starts a new count) instead of raising, so pages, logins and the API go on and
every rate limit counted in the cache (ours, allauth's login lockout) lets requests through. A
limit that must fail closed instead (sending phone codes) asks `cache_available()` first.
Other Redis errors (a wrong command, a full memory) still raise: they are bugs or configuration.

One client per pool: Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for
every cache operation, and redis-py 8 fills ~170 response callbacks into a case-insensitive
dict each time: about 0.3 ms of CPU per operation, three or more per API request (rate
limiter, search cache). A `redis.Redis` is safe to share between threads (each command borrows
a connection from the pool), so the client is made once per pool and kept.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(
                id(pool),
                self._client(connection_pool=pool),  # type: ignore[attr-defined]
            )
        return client


logger = logging.getLogger(__name__)

# What "Redis does not answer" raises (a refused or reset connection, a timeout); redis-py's
# ConnectionError covers BusyLoadingError (Redis still loading its data after a restart) too.
CACHE_UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
_WARNING_INTERVAL_SECONDS = 10.0
_last_warning_at = 0.0

T = TypeVar("T")


def _fail_open(operation: str, call: Callable[[], T], fallback: T) -> T:
    global _last_warning_at
    try:
        return call()
    except CACHE_UNAVAILABLE_ERRORS:
        # Once per interval, not once per call: an outage under load would flood the logs.
        now = time.monotonic()
        if now - _last_warning_at >= _WARNING_INTERVAL_SECONDS:
            _last_warning_at = now
            logger.warning("Cache unavailable (%s): failing open", operation, exc_info=True)
        return fallback


class RedisCache(DjangoRedisCache):
    """Django's RedisCache failing open while Redis does not answer (see the module)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return _fail_open("get", lambda: DjangoRedisCache.get(self, key, default, version), default)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return _fail_open("get_many", lambda: DjangoRedisCache.get_many(self, keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return _fail_open("has_key", lambda: DjangoRedisCache.has_key(self, key, version), False)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        _fail_open("set", lambda: DjangoRedisCache.set(self, key, value, timeout, version), None)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> list[Any]:
        return _fail_open(
            "set_many", lambda: DjangoRedisCache.set_many(self, data, timeout, version), []
        )

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        # True: a caller using `add` as a lock or a "first one wins" (allauth's rate-limit lock)
        # goes ahead instead of waiting for a lock nobody can take.
        return _fail_open(
            "add", lambda: DjangoRedisCache.add(self, key, value, timeout, version), True
        )

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return _fail_open(
            "touch", lambda: DjangoRedisCache.touch(self, key, timeout, version), False
        )

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        # A count that starts again: every request looks like the first of its window.
        return _fail_open("incr", lambda: DjangoRedisCache.incr(self, key, delta, version), delta)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return _fail_open("delete", lambda: DjangoRedisCache.delete(self, key, version), False)

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        _fail_open("delete_many", lambda: DjangoRedisCache.delete_many(self, keys, version), None)

    def clear(self) -> None:
        _fail_open("clear", lambda: DjangoRedisCache.clear(self), None)


def cache_available() -> bool:
    """Whether the default cache answers now (a PING on Redis; other backends always answer).

    For what must fail closed while the rate limits cannot be counted."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return True
    try:
        return bool(backend._cache.get_client(write=True).ping())
    except CACHE_UNAVAILABLE_ERRORS:
        return False


def _count_queue(pipeline: Any, full_key: str, timeout: int) -> None:
    """Queues one count: INCR, and EXPIRE only when the counter has no expiry yet (its first)."""
    pipeline.incr(full_key)
    pipeline.expire(full_key, timeout, nx=True)


def cache_counter_incr(key: str, *, timeout: int) -> int:
    """Adds one to the counter `key` of the default cache, which expires `timeout` seconds after
    its first count, and returns the new value.

    On Redis one round trip (INCR and EXPIRE NX in one MULTI) instead of Django's three (`add`,
    then `incr` as EXISTS + INCRBY); elsewhere `add`, then `incr`."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        full_key = backend.make_and_validate_key(key)
        pipeline = backend._cache.get_client(full_key, write=True).pipeline(transaction=True)
        _count_queue(pipeline, full_key, timeout)
        count, _ = pipeline.execute()
        return int(count)
    if backend.add(key, 1, timeout=timeout):
        return 1
    try:
        return backend.incr(key)
    except ValueError:  # the key expired between add() and incr()
        backend.add(key, 1, timeout=timeout)
        return 1


def cache_get_many_and_count(
    keys: list[str], *, counter_key: str | None, counter_timeout: int
) -> tuple[dict[str, Any], int | None]:
    """`get_many(keys)` of the default cache and, when `counter_key` is given, one count on that
    counter (as `cache_counter_incr`), in one round trip on Redis. Returns what was found and the
    counter's new value (None without a counter)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        found = backend.get_many(keys)
        if counter_key is None:
            return found, None
        return found, cache_counter_incr(counter_key, timeout=counter_timeout)
    client_cache = backend._cache
    full_keys = [backend.make_and_validate_key(key) for key in keys]
    pipeline = client_cache.get_client(write=True).pipeline(transaction=True)
    pipeline.mget(full_keys)
    if counter_key is not None:
        _count_queue(pipeline, backend.make_and_validate_key(counter_key), counter_timeout)
    results = pipeline.execute()
    found = {
        key: client_cache._serializer.loads(value)  # type: ignore[attr-defined]
        for key, value in zip(keys, results[0], strict=True)
        if value is not None
    }
    return found, (int(results[1]) if counter_key is not None else None)
