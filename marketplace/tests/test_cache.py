"""The Redis cache backend keeps one client per connection pool (marketplace/cache.py)."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.core.cache import caches

pytestmark = pytest.mark.skipif(
    settings.CACHES["default"]["BACKEND"] != "marketplace.cache.RedisCache",
    reason="needs REDIS_URL (real Redis); runs in CI's PostgreSQL/Redis pass",
)


def test_one_redis_client_serves_every_operation_and_thread() -> None:
    cache = caches["default"]
    cache.set("cache-test:a", {"word": "alternatör"}, timeout=30)
    client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
    assert cache._cache.get_client() is client  # type: ignore[attr-defined]

    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            for step in range(50):
                cache.set(f"cache-test:{index}", step, timeout=30)
                assert cache.get(f"cache-test:{index}") == step
                cache.incr(f"cache-test:{index}")
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert cache.get_many([f"cache-test:{index}" for index in range(8)]) == {
        f"cache-test:{index}": 50 for index in range(8)
    }
    assert cache.get("cache-test:a") == {"word": "alternatör"}
    assert cache._cache.get_client() is client  # type: ignore[attr-defined]


def test_a_counter_counts_in_one_round_trip_and_expires() -> None:
    from marketplace.cache import cache_counter_incr

    cache = caches["default"]
    assert [cache_counter_incr("cache-test:counter", timeout=30) for _ in range(3)] == [1, 2, 3]
    assert cache.get("cache-test:counter") == 3  # Django reads what the pipeline wrote
    client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
    ttl = client.ttl(cache.make_and_validate_key("cache-test:counter"))
    assert 0 < ttl <= 30  # set by the first count, not pushed back by the later ones


def test_a_read_and_a_count_share_one_round_trip() -> None:
    from marketplace.cache import cache_get_many_and_count

    cache = caches["default"]
    cache.set("cache-test:answer", {"parça": "alternatör"}, timeout=30)
    cache.set("cache-test:version", 7, timeout=30)
    keys = ["cache-test:answer", "cache-test:version", "cache-test:missing"]
    for expected in (1, 2):
        found, count = cache_get_many_and_count(
            keys, counter_key="cache-test:reads", counter_timeout=30
        )
        assert found == {"cache-test:answer": {"parça": "alternatör"}, "cache-test:version": 7}
        assert count == expected
    assert cache_get_many_and_count(keys[:1], counter_key=None, counter_timeout=0) == (
        {"cache-test:answer": {"parça": "alternatör"}},
        None,
    )
    client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
    assert 0 < client.ttl(cache.make_and_validate_key("cache-test:reads")) <= 30
