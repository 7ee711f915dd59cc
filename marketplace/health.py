"""Health checks for `GET /api/health`: database, cache, the checks feature apps register from
their AppConfig.ready() (messaging: the channel layer) and Celery workers.

A registered check is `function(timeout=seconds)` that returns when its service answers and
raises otherwise; the core runs it, times it and reports it under its name, never raising.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from marketplace.cache import cache_available

CHECK_TIMEOUT_SECONDS = 2.0


class HealthCheckFailed(Exception):
    pass


@dataclass(frozen=True)
class HealthCheckResult:
    name: str
    ok: bool
    latency_ms: float
    error: str = ""


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise HealthCheckFailed("unexpected answer")


def _check_cache() -> None:
    # The cache fails open (marketplace/cache.py): ask Redis directly whether it answers.
    if not cache_available():
        raise HealthCheckFailed("no answer")
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    value = cache.get(key)
    cache.delete(key)
    if value != "ok":
        raise HealthCheckFailed("value did not round-trip")


class HealthCheck(Protocol):
    def __call__(self, *, timeout: float) -> None: ...


_CORE_CHECKS = ("database", "cache", "celery")
_registered_checks: dict[str, HealthCheck] = {}


def register_health_check(name: str, function: HealthCheck) -> None:
    """`function(timeout=...)` is reported as the check `name` of `GET /api/health`."""
    # The same function again is harmless (ready() may run twice in tests); another one is a bug.
    if _registered_checks.get(name, function) is not function or name in _CORE_CHECKS:
        raise ValueError(f"Health checks: {name!r} is already registered")
    _registered_checks[name] = function


def registered_health_checks() -> dict[str, str]:
    """Check name -> the module that contributes it."""
    return {name: function.__module__ for name, function in _registered_checks.items()}


def _check_celery() -> None:
    # The project's Celery app (config.celery_app) is the current one; the core does not import it.
    # limit=1: done at the first worker's answer; without it ping always waits the whole timeout.
    replies = current_app.control.ping(timeout=CHECK_TIMEOUT_SECONDS / 2, limit=1)
    if not replies:
        raise HealthCheckFailed("no worker answered")


def _run(name: str, check: Callable[[], None]) -> HealthCheckResult:
    started = time.perf_counter()
    try:
        check()
    except Exception as error:  # a health check reports failures, it never raises them
        latency = (time.perf_counter() - started) * 1000
        return HealthCheckResult(name, False, round(latency, 2), error.__class__.__name__)
    return HealthCheckResult(name, True, round((time.perf_counter() - started) * 1000, 2))


def health_checks_run() -> list[HealthCheckResult]:
    checks: list[tuple[str, Callable[[], None]]] = [
        ("database", _check_database),
        ("cache", _check_cache),
    ]
    checks += [
        (name, partial(function, timeout=CHECK_TIMEOUT_SECONDS))
        for name, function in _registered_checks.items()
    ]
    if settings.REDIS_URL:
        # Only with a broker: on the embedded default, tasks run in-process.
        checks.append(("celery", _check_celery))
    return [_run(name, check) for name, check in checks]
