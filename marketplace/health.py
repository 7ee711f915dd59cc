"""Health checks for `GET /api/health`: database, cache, channel layer and Celery workers."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

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


def _check_channel_layer() -> None:
    from messaging.realtime import channel_layer_check

    channel_layer_check(timeout=CHECK_TIMEOUT_SECONDS)


def _check_celery() -> None:
    from config.celery_app import app

    # limit=1: done at the first worker's answer; without it ping always waits the whole timeout.
    replies = app.control.ping(timeout=CHECK_TIMEOUT_SECONDS / 2, limit=1)
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
        ("channel_layer", _check_channel_layer),
    ]
    if settings.REDIS_URL:
        # Only with a broker: on the embedded default, tasks run in-process.
        checks.append(("celery", _check_celery))
    return [_run(name, check) for name, check in checks]
