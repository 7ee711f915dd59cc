"""Public API answers replayed by PublicResponseCacheMiddleware (marketplace/response_cache.py)."""

from __future__ import annotations

import gzip
import json

import pytest
from django.test import Client, override_settings
from rest_framework.response import Response

from interests.models import Interest, InterestType
from marketplace.api.renderers import VENDOR_MEDIA_TYPE
from parts.tests.factories import DEFAULT_PART, make_part

pytestmark = pytest.mark.django_db

SEARCH = {"search": "alternatör"}


def _visitor() -> Client:
    """A phone app's visitor: no cookies, no Authorization header."""
    return Client(HTTP_HOST="127.0.0.1")


def _replayed(response: object) -> bool:
    # Django's test client hands back the response object itself: a replay never reaches DRF.
    return not isinstance(response, Response)


def _titles(response) -> list[str]:
    assert response.status_code == 200
    return [part["title"] for part in response.json()["data"]["parts"]]


def test_a_repeated_visitor_search_is_replayed_without_the_view(
    django_assert_num_queries,
) -> None:
    make_part()
    client = _visitor()
    first = client.get("/api/parts", SEARCH)
    assert not _replayed(first)
    with django_assert_num_queries(0):
        second = client.get("/api/parts", SEARCH)
    assert _replayed(second)
    assert _titles(second) == [DEFAULT_PART["title"]]

    first_body, second_body = first.json(), second.json()
    first_body["data"]["search_info"].pop("execution_time_ms")
    second_time = second_body["data"]["search_info"].pop("execution_time_ms")
    assert second_body == first_body
    assert isinstance(second_time, float)
    assert 0 <= second_time < 1000
    assert len(second.content) == int(second["Content-Length"])
    for header in (
        "Content-Type",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Content-Language",
        "Vary",
    ):
        assert second[header] == first[header]
    assert second["X-Request-ID"].startswith("req_")
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert "Set-Cookie" not in second


def test_the_cities_list_is_replayed_too() -> None:
    client = _visitor()
    first = client.get("/api/cities", {"q": "ist"})
    second = client.get("/api/cities", {"q": "ist"})
    assert _replayed(second)
    assert not _replayed(first)
    assert second.json() == first.json()
    assert [city["name"] for city in second.json()["data"]["cities"]] == ["İstanbul"]
    other = client.get("/api/cities", {"q": "ank"})  # another query string: its own answer
    assert [city["name"] for city in other.json()["data"]["cities"]] == ["Ankara"]


@override_settings(API_RATE_LIMITS={"search": (3, 60)})
def test_every_request_counts_once_against_the_rate_limit() -> None:
    client = _visitor()
    remaining = []
    for _ in range(3):
        response = client.get("/api/parts", SEARCH)
        assert response.status_code == 200
        assert response["X-RateLimit-Limit"] == "3"
        remaining.append(response["X-RateLimit-Remaining"])
    assert remaining == ["2", "1", "0"]
    limited = client.get("/api/parts", SEARCH)
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "RATE_LIMITED"
    assert limited.json()["error"]["message"] == "Arama limiti aşıldı"
    assert limited["X-RateLimit-Remaining"] == "0"
    # The limit is per client address, replay or not.
    assert Client(REMOTE_ADDR="10.0.0.7").get("/api/parts", SEARCH).status_code == 200


def test_a_listing_change_is_never_replayed_stale() -> None:
    client = _visitor()
    make_part()
    assert _titles(client.get("/api/parts", SEARCH)) == [DEFAULT_PART["title"]]
    assert _replayed(client.get("/api/parts", SEARCH))
    second = make_part(title="Ford Focus Alternatör", brand="Ford")
    response = client.get("/api/parts", SEARCH)
    assert not _replayed(response)
    assert sorted(_titles(response)) == sorted([DEFAULT_PART["title"], second.title])


def test_requests_with_credentials_or_cookies_are_never_replayed(
    user, user_api_client, client
) -> None:
    part = make_part()
    visitor = _visitor()
    visitor.get("/api/parts", SEARCH)
    assert _replayed(visitor.get("/api/parts", SEARCH))
    Interest.objects.create(user=user, part=part, type=InterestType.NOT_INTERESTED)

    bearer = user_api_client.get("/api/parts", SEARCH)
    assert not _replayed(bearer)
    assert _titles(bearer) == []
    client.force_login(user)  # a browser session: the cookie alone says nothing is shared
    session = client.get("/api/parts", SEARCH)
    assert not _replayed(session)
    assert _titles(session) == []


def test_no_cache_asks_for_a_fresh_answer() -> None:
    make_part()
    client = _visitor()
    client.get("/api/parts", SEARCH)
    fresh = client.get("/api/parts", SEARCH, HTTP_CACHE_CONTROL="no-cache")
    assert not _replayed(fresh)
    assert _titles(fresh) == [DEFAULT_PART["title"]]


def test_a_replay_is_compressed_for_clients_that_accept_gzip() -> None:
    make_part()
    client = _visitor()
    plain = client.get("/api/parts", SEARCH)
    compressed = client.get("/api/parts", SEARCH, HTTP_ACCEPT_ENCODING="gzip")
    assert _replayed(compressed)
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    body = json.loads(gzip.decompress(compressed.content))
    assert body["data"]["parts"] == plain.json()["data"]["parts"]


def test_each_media_type_and_host_gets_its_own_answer() -> None:
    make_part()
    client = _visitor()
    client.get("/api/parts", SEARCH)
    vendor = client.get("/api/parts", SEARCH, HTTP_ACCEPT=VENDOR_MEDIA_TYPE)
    assert not _replayed(vendor)
    assert vendor["Content-Type"].startswith(VENDOR_MEDIA_TYPE)
    assert _replayed(client.get("/api/parts", SEARCH, HTTP_ACCEPT=VENDOR_MEDIA_TYPE))
    assert not _replayed(client.get("/api/parts", SEARCH, HTTP_HOST="localhost"))


def test_errors_are_never_replayed() -> None:
    client = _visitor()
    for _ in range(2):
        response = client.get("/api/parts", {"min_price": "çok"})
        assert response.status_code == 400
        assert not _replayed(response)


@override_settings(API_RATE_LIMITS={"search": (2, 60)})
def test_a_client_cannot_name_its_own_address_without_a_proxy_in_front() -> None:
    client = _visitor()
    statuses = [
        client.get("/api/cities", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}").status_code
        for number in range(3)
    ]
    assert statuses == [200, 200, 429]  # NUM_PROXIES defaults to 0: X-Forwarded-For is ignored


def test_behind_one_proxy_each_forwarded_client_has_its_own_allowance(settings) -> None:
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "search": (2, 60)}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client = _visitor()
    for address in ("10.0.0.1", "10.0.0.2"):
        statuses = [
            client.get("/api/cities", HTTP_X_FORWARDED_FOR=f"1.1.1.1, {address}").status_code
            for _ in range(3)
        ]
        assert statuses == [200, 200, 429]
