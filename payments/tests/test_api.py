"""`GET|PUT /api/me/payout-profile` through the real HTTP stack, every response checked against
the OpenAPI schema (the conftest's clients)."""

from __future__ import annotations

from typing import Any

import pytest

from payments.tests.factories import COMPANY, INDIVIDUAL, KPS_PERSON, TCKN
from payments.tests.kps_server import KpsServer

pytestmark = pytest.mark.django_db
URL = "/api/me/payout-profile"


def put(client: Any, **changes: Any) -> Any:
    return client.put(URL, {**INDIVIDUAL, **changes}, format="json")


def test_before_entering_the_profile_is_null(user_api_client) -> None:
    response = user_api_client.get(URL)
    assert response.status_code == 200
    assert response.json()["data"] == {"entered": False}


def test_put_saves_and_answers_masked(user_api_client) -> None:
    response = put(user_api_client)
    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Ödeme bilgileriniz kaydedildi."
    profile = body["data"]["payout_profile"]
    assert profile["tckn"] == "*******0146"
    assert profile["iban"] == "TR** **** **** **** **** **** 1326"
    assert (profile["sub_merchant_type"], profile["city"]) == ("PERSONAL", "Ankara")
    assert (profile["identity_status"], profile["verified"]) == ("unverified", False)
    assert TCKN not in response.content.decode()
    again = user_api_client.get(URL).json()["data"]["payout_profile"]
    assert again == profile


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"tckn": "12345678901"}, "INVALID_TCKN", "tckn"),
        ({"iban": "TR00 0000 0000"}, "INVALID_IBAN", "iban"),
        ({"iban": "DE89370400440532013000"}, "INVALID_IBAN", "iban"),
        ({"city": "Gotham"}, "INVALID_TURKISH_CITY", "city"),
        ({"birth_year": "bin dokuz yüz"}, "VALIDATION_ERROR", "birth_year"),
        ({"first_name": ["Ayşe"]}, "VALIDATION_ERROR", "first_name"),
    ],
)
def test_bad_input_is_a_coded_turkish_error(user_api_client, changes, code, field) -> None:
    response = put(user_api_client, **changes)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert field in error["details"]


def test_a_bad_vkn_is_invalid_vkn(user_api_client) -> None:
    response = user_api_client.put(URL, {**COMPANY, "vkn": "1111111111"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_VKN"
    assert response.json()["error"]["details"]["vkn"] == ["Geçersiz vergi kimlik numarası"]


def test_a_body_that_is_not_an_object_is_refused(user_api_client) -> None:
    response = user_api_client.put(URL, [1, 2], format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


def test_kps_no_is_identity_not_verified(user_api_client, kps: KpsServer) -> None:
    response = put(user_api_client)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "IDENTITY_NOT_VERIFIED"


def test_kps_yes_makes_a_verified_seller(user_api_client, kps: KpsServer) -> None:
    kps.people.add(KPS_PERSON)
    profile = put(user_api_client).json()["data"]["payout_profile"]
    assert (profile["identity_status"], profile["verified"]) == ("verified", True)
    assert profile["identity_verified_at"] is not None


def test_anonymous_gets_unauthorized(api_client) -> None:
    assert api_client.get(URL).status_code == 401
    assert put(api_client).status_code == 401


def test_each_user_sees_only_their_own(user_api_client, other_user_api_client) -> None:
    put(user_api_client)
    assert other_user_api_client.get(URL).json()["data"] == {"entered": False}
