"""The search's query string has one source of truth: the schema's types and bounds are what the
API (and the results page) accept and refuse, in the same Turkish words as before."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_core.testing import MockRequest

from marketplace.tests.openapi import openapi_schema, openapi_spec

pytestmark = pytest.mark.django_db

SEARCH = "/api/parts"


def _documented(params: dict[str, str]) -> bool:
    """Whether the OpenAPI schema accepts this query string for the search."""
    request = MockRequest("http://testserver", "get", SEARCH, args=params)
    try:
        openapi_spec().validate_request(request)
    except Exception:  # openapi-core's several validation errors
        return False
    return True


def _search_parameters() -> dict[str, dict[str, Any]]:
    operation = openapi_schema()["paths"][SEARCH]["get"]
    return {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "query"}


def test_the_search_parameters_are_typed() -> None:
    parameters = _search_parameters()
    assert parameters["limit"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert parameters["offset"] == {"type": "integer", "minimum": 0, "maximum": 10_000}
    for name in ("year_min", "year_max"):
        assert parameters[name] == {"type": "integer", "minimum": 1900, "maximum": 2030}
    for name in ("min_price", "max_price"):
        assert parameters[name]["type"] == "number"
        assert parameters[name]["format"] == "decimal"
        assert (parameters[name]["minimum"], parameters[name]["maximum"]) == (0.01, 999999.99)
    assert parameters["condition"]["enum"] == ["Kullanılabilir", "Arızalı"]
    assert parameters["sort"]["enum"] == ["relevance", "newest", "price_asc", "price_desc"]
    assert parameters["search"]["maxLength"] == 200


ACCEPTED = [
    {"limit": "1"},
    {"limit": "100"},
    {"offset": "0"},
    {"offset": "10000"},
    {"year_min": "1900", "year_max": "2030"},
    {"min_price": "0.01", "max_price": "999999.99"},
    {"condition": "Kullanılabilir"},
    {"condition": "Arızalı"},
    {"sort": "relevance"},
    {"sort": "newest"},
    {"sort": "price_asc"},
    {"sort": "price_desc"},
    {"search": "a" * 200},
]
REFUSED = [
    ("limit", "abc"),
    ("limit", "0"),
    ("limit", "101"),
    ("limit", "2.5"),
    ("offset", "-1"),
    ("offset", "10001"),
    ("year_min", "1899"),
    ("year_max", "2031"),
    ("year_min", "iki bin"),
    ("min_price", "0"),
    ("max_price", "1000000"),
    ("min_price", "ucuz"),
    ("condition", "yeni gibi"),
    ("sort", "rastgele"),
    ("search", "a" * 201),
]


@pytest.mark.parametrize("params", ACCEPTED)
def test_what_the_schema_accepts_the_search_accepts(api_client, params: dict[str, str]) -> None:
    assert _documented(params)
    response = api_client.get(SEARCH, params)
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize(("name", "value"), REFUSED)
def test_what_the_schema_refuses_the_search_refuses_naming_it(
    api_client, name: str, value: str
) -> None:
    assert not _documented({name: value})
    response = api_client.get(SEARCH, {name: value})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert list(error["details"]) == [name]


def test_blank_parameters_are_still_ignored(api_client) -> None:
    params = dict.fromkeys(_search_parameters(), "")
    assert api_client.get(SEARCH, params).status_code == 200


def test_a_non_number_limit_is_refused_as_before(api_client) -> None:
    answer = api_client.get(SEARCH, {"limit": "abc"}).json()
    assert answer["error"]["code"] == "VALIDATION_ERROR"
    assert answer["error"]["message"] == "Geçersiz form verisi"
    assert answer["error"]["details"] == {"limit": ["Tam sayı girin."]}


def test_the_api_and_the_results_page_refuse_in_the_same_words(api_client, client) -> None:
    params = {"year_min": "iki bin", "max_price": "ucuz"}
    details = api_client.get(SEARCH, params).json()["error"]["details"]
    assert details == {
        "year_min": ["Yılı sayı olarak girin."],
        "max_price": ["Fiyatı sayı olarak girin, ör. 1250 ya da 1250,50."],
    }
    page = client.get("/parcalar/", params)
    assert page.status_code == 400
    for messages in details.values():
        assert messages[0] in page.content.decode()


def test_business_codes_of_the_filters_are_kept(api_client) -> None:
    answer = api_client.get(SEARCH, {"location_city": "Gotham", "part_reference": "-."}).json()
    assert answer["error"]["code"] == "INVALID_PART_REFERENCE"
    assert answer["error"]["details"] == {
        "part_reference": ["Geçersiz parça referans numarası"],
        "location_city": ["Geçersiz şehir adı"],
    }
