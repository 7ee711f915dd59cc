"""`GET /api/health`: every dependency checked for real, 200 when all pass, 503 otherwise."""

from __future__ import annotations

import pytest
from django.test import override_settings

from conftest import requires_redis
from marketplace.health import CHECK_TIMEOUT_SECONDS

pytestmark = pytest.mark.django_db


def test_health_checks_database_cache_and_channel_layer(api_client, settings) -> None:
    if settings.REDIS_URL:
        pytest.skip("with Redis the Celery check needs a worker; see the live test below")
    response = api_client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    assert body["data"]["status"] == "ok"
    assert set(body["data"]["checks"]) == {"database", "cache", "channel_layer"}
    for check in body["data"]["checks"].values():
        assert check["status"] == "ok"
        assert check["latency_ms"] >= 0
    assert response["Cache-Control"] == "no-store"


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "marketplace.cache.RedisCache",
            # Nothing listens on port 1: the cache check must fail, not hang or raise.
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    },
    API_RATE_LIMITS_ENABLED=False,
)
def test_health_is_503_with_envelope_when_a_dependency_is_down(api_client) -> None:
    response = api_client.get("/api/health")
    assert response.status_code == 503
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert body["error"]["message"] == "Servis geçici olarak kullanılamıyor"
    checks = body["error"]["details"]["checks"]
    assert checks["cache"]["status"] == "fail"
    assert checks["database"]["status"] == "ok"


@requires_redis
def test_health_reports_missing_celery_worker(api_client) -> None:
    response = api_client.get("/api/health")
    assert response.status_code == 503
    checks = response.json()["error"]["details"]["checks"]
    assert checks["celery"]["status"] == "fail"
    assert checks["database"]["status"] == checks["cache"]["status"] == "ok"
    assert checks["channel_layer"]["status"] == "ok"
    # A PING to the layer's Redis, not a fresh subscription (channels_redis sleeps 100 ms first).
    assert checks["channel_layer"]["latency_ms"] < 100


@override_settings(
    CHANNEL_LAYERS={
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            # Nothing listens on port 1.
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    },
    API_RATE_LIMITS_ENABLED=False,
)
def test_health_fails_the_channel_layer_when_its_redis_is_down(api_client) -> None:
    response = api_client.get("/api/health")
    assert response.status_code == 503
    checks = response.json()["error"]["details"]["checks"]
    assert checks["channel_layer"]["status"] == "fail"
    assert checks["database"]["status"] == "ok"


@requires_redis
@pytest.mark.live
def test_health_is_ok_with_a_real_celery_worker(api_client, celery_worker_process) -> None:
    response = api_client.get("/api/health")
    assert response.status_code == 200, response.json()
    celery = response.json()["data"]["checks"]["celery"]
    assert celery["status"] == "ok"
    # Answered by the first worker's pong, not after the whole ping timeout (a probe's budget).
    assert celery["latency_ms"] < CHECK_TIMEOUT_SECONDS / 2 * 1000
