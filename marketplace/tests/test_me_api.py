"""`/api/me`: reading and changing one's own profile through the real HTTP stack."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace.models import User
from marketplace.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == code
    return dict(body["error"])


def patch(client: APIClient, payload: Any) -> Any:
    return client.patch("/api/me", payload, format="json")


def test_profile_shows_the_users_own_data(user: User, user_api_client: APIClient) -> None:
    User.objects.filter(pk=user.pk).update(
        city="İzmir", phone="+905321234567", phone_verified_at=timezone.now(), notify_sms=True
    )
    response = user_api_client.get("/api/me")
    assert response.status_code == 200
    profile = response.json()["data"]["user"]
    created_at = profile.pop("created_at")
    assert created_at.startswith(str(user.created_at.year))
    assert profile == {
        "id": str(user.pk),
        "email": user.email,
        "display_name": user.display_name,
        "city": "İzmir",
        "phone": "+905321234567",
        "phone_verified": True,
        "is_business_seller": False,
        "notification_preferences": {"email": True, "sms": True, "whatsapp": False},
    }


def test_a_browser_session_works_too(user: User) -> None:
    browser = Client()
    browser.force_login(user)
    response = browser.get("/api/me")
    assert response.json()["data"]["user"]["email"] == user.email


def test_anonymous_visitors_get_401(api_client: APIClient) -> None:
    assert_error(api_client.get("/api/me"), 401, "UNAUTHORIZED")
    assert_error(patch(api_client, {"display_name": "X"}), 401, "UNAUTHORIZED")


def test_only_the_fields_sent_change(user: User, user_api_client: APIClient) -> None:
    User.objects.filter(pk=user.pk).update(city="Ankara", notify_whatsapp=True)
    response = patch(
        user_api_client,
        {"display_name": "  Oto Çıkma Ahmet ", "notification_preferences": {"sms": True}},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Profil güncellendi"
    profile = body["data"]["user"]
    assert profile["display_name"] == "Oto Çıkma Ahmet"
    assert profile["city"] == "Ankara"
    assert profile["notification_preferences"] == {"email": True, "sms": True, "whatsapp": True}
    user.refresh_from_db()
    assert (user.display_name, user.notify_sms, user.notify_whatsapp) == (
        "Oto Çıkma Ahmet",
        True,
        True,
    )


@pytest.mark.parametrize(("spelling", "city"), [("istanbul", "İstanbul"), ("IZMIR", "İzmir")])
def test_city_in_any_spelling_is_stored_canonically(
    user: User, user_api_client: APIClient, spelling: str, city: str
) -> None:
    assert patch(user_api_client, {"city": spelling}).json()["data"]["user"]["city"] == city
    user.refresh_from_db()
    assert user.city == city
    assert patch(user_api_client, {"city": ""}).json()["data"]["user"]["city"] is None


def test_an_unknown_city_is_invalid_turkish_city(user_api_client: APIClient) -> None:
    error = assert_error(patch(user_api_client, {"city": "Atlantis"}), 400, "INVALID_TURKISH_CITY")
    assert error["details"] == {"city": ["Geçersiz şehir adı"]}


def test_phone_in_any_turkish_spelling_and_a_new_number_needs_verifying_again(
    user: User, user_api_client: APIClient
) -> None:
    User.objects.filter(pk=user.pk).update(phone="+905321234567", phone_verified_at=timezone.now())
    same = patch(user_api_client, {"phone": "0 (532) 123 45 67"})
    assert same.json()["data"]["user"]["phone_verified"] is True
    changed = patch(user_api_client, {"phone": "0533 765 43 21"}).json()["data"]["user"]
    assert (changed["phone"], changed["phone_verified"]) == ("+905337654321", False)
    user.refresh_from_db()
    assert user.phone_verified_at is None
    cleared = patch(user_api_client, {"phone": None}).json()["data"]["user"]
    assert cleared["phone"] is None


@pytest.mark.parametrize("phone", ["12345", "0532 ABC 45 67", "0212 123 45 67"])
def test_an_invalid_or_landline_phone_is_refused(user_api_client: APIClient, phone: str) -> None:
    error = assert_error(patch(user_api_client, {"phone": phone}), 400, "VALIDATION_ERROR")
    assert error["details"] == {"phone": ["Geçersiz telefon numarası. Örnek: 0532 123 45 67"]}


def test_a_phone_of_another_account_is_refused(user: User, user_api_client: APIClient) -> None:
    UserFactory.create(phone="+905321234567")
    error = assert_error(
        patch(user_api_client, {"phone": "+90 532 123 45 67"}), 400, "VALIDATION_ERROR"
    )
    assert error["details"] == {"phone": ["Bu telefon numarası başka bir hesapta kayıtlı."]}
    user.refresh_from_db()
    assert user.phone is None


@pytest.mark.parametrize(
    ("payload", "details"),
    [
        ({"display_name": 42}, {"display_name": ["Metin olmalı."]}),
        (
            {"display_name": "x" * 81},
            {
                "display_name": [
                    "Bu alanın 80 karakterden fazla karakter barındırmadığından emin olun."
                ]
            },
        ),
        (
            {"notification_preferences": {"sms": "belki"}},
            {"notification_preferences": {"sms": ["Geçerli bir boolean olmalı."]}},
        ),
    ],
)
def test_bad_values_are_turkish_field_errors(
    user_api_client: APIClient, payload: dict[str, Any], details: dict[str, Any]
) -> None:
    error = assert_error(patch(user_api_client, payload), 400, "VALIDATION_ERROR")
    assert error["details"] == details


def test_a_non_object_body_is_a_validation_error(user_api_client: APIClient) -> None:
    assert_error(patch(user_api_client, ["display_name"]), 400, "VALIDATION_ERROR")
    broken = user_api_client.patch("/api/me", b"{", content_type="application/json")
    assert_error(broken, 400, "VALIDATION_ERROR")


def test_email_and_seller_flag_cannot_be_changed_here(
    user: User, user_api_client: APIClient
) -> None:
    response = patch(user_api_client, {"email": "baska@example.com", "is_business_seller": True})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.email != "baska@example.com"
    assert user.is_business_seller is False


def test_my_data_export_over_the_api(user_api_client, user: User) -> None:
    response = user_api_client.get("/api/me/data")
    assert response.status_code == 200
    body = response.json()
    assert body["data"]["profile"]["email"] == user.email
    assert body["data"]["listings"] == []


def test_account_deletion_over_the_api_needs_the_password(user_api_client, user: User) -> None:
    wrong = user_api_client.delete("/api/me", {"password": "yanlis"}, format="json")
    assert wrong.status_code == 400
    assert wrong.json()["error"]["details"]["password"] == ["Şifre hatalı."]
    response = user_api_client.delete("/api/me", {"password": TEST_PASSWORD}, format="json")
    assert response.status_code == 200
    assert response.json() == {"success": True, "message": "Hesabınız silindi."}
    user.refresh_from_db()
    assert user.deleted_at is not None
    # The token that deleted the account stops working at once.
    assert user_api_client.get("/api/me").status_code == 401
