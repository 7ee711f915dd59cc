"""The phone-code API end to end: SMS through a fake Twilio over real HTTP, then the session."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from rest_framework.test import APIClient

from conftest import bearer_client
from integrations.tests.fake_twilio import FakeTwilio
from marketplace.models import PhoneOtp, RefreshToken, User
from marketplace.tests.factories import UserFactory
from tests.phone.conftest import PHONE

REQUEST = "/api/auth/otp/request"
VERIFY = "/api/auth/otp/verify"
Capture = Callable[..., AbstractContextManager[Any]]


def _error(response: Any) -> dict[str, Any]:
    assert response.json()["success"] is False
    return response.json()["error"]


@pytest.mark.django_db(transaction=True)
def test_phone_login_end_to_end_through_twilio(fake_twilio: FakeTwilio) -> None:
    user = UserFactory.create(phone=PHONE, phone_verified_at="2026-01-01T10:00:00Z")
    client = bearer_client(None)

    asked = client.post(REQUEST, {"phone": "0532 123 45 67"}, format="json")
    assert asked.status_code == 200
    assert asked.json() == {
        "success": True,
        "data": {"expires_in": 300},
        "message": "Doğrulama kodu gönderildi",
    }
    assert fake_twilio.problems == []
    [sms] = fake_twilio.messages
    assert sms.to == PHONE
    [code] = fake_twilio.codes()
    assert sms.body == f"BanaYeni SanaEski doğrulama kodunuz: {code}"

    verified = client.post(
        VERIFY, {"phone": "+90 532 1234567", "code": code}, format="json", HTTP_USER_AGENT="Test/1"
    )
    assert verified.status_code == 200
    body = verified.json()
    assert body["success"] is True
    assert body["message"] == "Başarıyla giriş yapıldı"
    assert body["user"] == {"id": str(user.id), "email": user.email}
    session = body["session"]
    assert session["token_type"] == "bearer"
    assert session["expires_in"] > 0
    token = RefreshToken.objects.get(user=user)
    assert token.user_agent == "Test/1"
    assert token.ip_address == "127.0.0.1"

    # The access token opens Bearer-only endpoints: an empty listing is a form error, not a 401.
    authorized = APIClient()
    authorized.credentials(HTTP_AUTHORIZATION=f"Bearer {session['access_token']}")
    assert authorized.post("/api/parts", {}, format="json").status_code == 400
    assert APIClient().post("/api/parts", {}, format="json").status_code == 401

    # The code is spent.
    again = client.post(VERIFY, {"phone": PHONE, "code": code}, format="json")
    assert again.status_code == 400
    assert _error(again)["code"] == "OTP_EXPIRED"


@pytest.mark.django_db(transaction=True)
def test_provider_failure_is_a_turkish_503(fake_twilio: FakeTwilio) -> None:
    UserFactory.create(phone=PHONE, phone_verified_at="2026-01-01T10:00:00Z")
    fake_twilio.answer = 500
    response = bearer_client(None).post(REQUEST, {"phone": PHONE}, format="json")
    assert response.status_code == 503
    assert _error(response)["code"] == "SERVICE_UNAVAILABLE"
    assert _error(response)["message"] == "SMS gönderilemedi. Lütfen biraz sonra tekrar deneyin."


@pytest.mark.django_db
def test_login_code_for_an_unknown_number_answers_alike_and_texts_nothing(
    api_client: APIClient, fake_twilio: FakeTwilio, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(REQUEST, {"phone": "0555 111 22 33"}, format="json")
    assert response.status_code == 200
    assert response.json()["message"] == "Doğrulama kodu gönderildi"
    assert fake_twilio.requests_seen == 0
    assert PhoneOtp.objects.get().phone == "+905551112233"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"phone": "0532 ABC"}, "INVALID_PHONE", "phone"),
        ({"phone": "0212 123 45 67"}, "INVALID_PHONE", "phone"),
        ({}, "VALIDATION_ERROR", "phone"),
        ({"phone": PHONE, "purpose": "reset"}, "VALIDATION_ERROR", "purpose"),
    ],
)
def test_bad_requests_get_turkish_envelopes(
    api_client: APIClient, body: dict[str, str], code: str, field: str
) -> None:
    response = api_client.post(REQUEST, body, format="json")
    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == code
    assert field in error["details"]
    if code == "INVALID_PHONE":
        assert error["message"] == "Geçersiz telefon numarası"


@pytest.mark.django_db
def test_malformed_json_is_a_validation_error(api_client: APIClient) -> None:
    response = api_client.post(VERIFY, "{phone", content_type="application/json")
    assert response.status_code == 400
    assert _error(response)["code"] == "VALIDATION_ERROR"


@pytest.mark.django_db
def test_verify_purpose_needs_a_bearer_token(api_client: APIClient) -> None:
    for path, body in (
        (REQUEST, {"phone": PHONE, "purpose": "verify"}),
        (VERIFY, {"phone": PHONE, "purpose": "verify", "code": "123456"}),
    ):
        response = api_client.post(path, body, format="json")
        assert response.status_code == 401
        assert _error(response)["code"] == "UNAUTHORIZED"
        assert _error(response)["message"] == "Giriş yapmanız gerekiyor"
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.django_db
def test_user_verifies_own_phone(
    user: User,
    user_api_client: APIClient,
    sms_outbox: list[Any],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        asked = user_api_client.post(
            REQUEST, {"phone": "5321234567", "purpose": "verify"}, format="json"
        )
    assert asked.status_code == 200
    code = sms_outbox[-1].body.rsplit(" ", 1)[-1]
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    refused = user_api_client.post(
        VERIFY, {"phone": PHONE, "code": wrong, "purpose": "verify"}, format="json"
    )
    assert refused.status_code == 400
    assert _error(refused)["code"] == "OTP_INVALID"
    assert _error(refused)["message"] == "Doğrulama kodu hatalı"
    assert _error(refused)["details"] == {"attempts_left": 2}

    response = user_api_client.post(
        VERIFY, {"phone": "0532 123 45 67", "code": code, "purpose": "verify"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["success"] is True
    assert response.json()["message"] == "Telefon numaranız doğrulandı"
    assert response.json()["data"]["phone"] == PHONE
    user.refresh_from_db()
    assert user.phone == PHONE
    assert user.phone_verified_at is not None


@pytest.mark.django_db
def test_verifying_a_number_of_another_account_is_refused_in_turkish(
    user_api_client: APIClient, sms_outbox: list[Any]
) -> None:
    UserFactory.create(phone=PHONE, phone_verified_at="2026-01-01T10:00:00Z")
    response = user_api_client.post(REQUEST, {"phone": PHONE, "purpose": "verify"}, format="json")
    assert response.status_code == 400
    assert _error(response)["code"] == "VALIDATION_ERROR"
    assert _error(response)["message"] == "Bu telefon numarası başka bir hesapta doğrulanmış."


@pytest.mark.django_db
def test_fourth_code_in_an_hour_is_refused_then_the_auth_limit(
    api_client: APIClient, sms_outbox: list[Any]
) -> None:
    statuses = [api_client.post(REQUEST, {"phone": PHONE}, format="json") for _ in range(6)]
    assert [response.status_code for response in statuses] == [200, 200, 200, 429, 429, 429]
    limited = _error(statuses[3])
    assert limited["code"] == "OTP_SEND_LIMITED"
    assert limited["message"] == "Çok fazla kod istendi. Lütfen daha sonra tekrar deneyin."
    assert limited["details"]["retry_after"] > 3500
    throttled = _error(statuses[5])  # the sixth request in a minute: the "auth" category
    assert throttled["code"] == "RATE_LIMITED"
    assert throttled["message"] == "Çok fazla giriş denemesi"


@pytest.mark.django_db
def test_a_made_up_forwarded_for_header_does_not_escape_the_ip_limit(
    api_client: APIClient, settings: Any
) -> None:
    settings.OTP_SENDS_PER_IP_PER_HOUR = 3
    for digit in range(4):
        response = api_client.post(
            REQUEST,
            {"phone": f"+90532123456{digit}"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{digit}, bozuk",
        )
    assert response.status_code == 429
    assert _error(response)["code"] == "OTP_SEND_LIMITED"
    assert set(PhoneOtp.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


TURKISH_MOBILE_ONLY = "Doğrulama kodu yalnızca Türkiye cep telefonu numaralarına gönderilebilir."


@pytest.mark.django_db
@pytest.mark.parametrize("foreign", ["+1 650 253 0000", "+254 712 345678", "+44 7911 123456"])
def test_phone_code_refused_for_non_turkish_number(
    api_client: APIClient, fake_twilio: FakeTwilio, foreign: str
) -> None:
    # An account with the foreign number gets exactly the same answer as a stranger's number.
    UserFactory.create(phone="+447911123456", phone_verified_at="2026-01-01T10:00:00Z")
    response = api_client.post(REQUEST, {"phone": foreign}, format="json")
    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "INVALID_PHONE"
    assert error["details"] == {"phone": [TURKISH_MOBILE_ONLY]}
    assert fake_twilio.requests_seen == 0
    assert not PhoneOtp.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_phone_code_goes_to_a_country_listed_in_otp_allowed_countries(
    settings: Any, fake_twilio: FakeTwilio
) -> None:
    settings.OTP_ALLOWED_COUNTRIES = ["TR", "DE"]
    UserFactory.create(phone="+4915123456789", phone_verified_at="2026-01-01T10:00:00Z")
    client = bearer_client(None)
    assert client.post(REQUEST, {"phone": "+49 1512 3456789"}, format="json").status_code == 200
    assert [sms.to for sms in fake_twilio.messages] == ["+4915123456789"]
    refused = client.post(REQUEST, {"phone": "+44 7911 123456"}, format="json")
    assert _error(refused)["details"] == {
        "phone": ["Bu ülkenin cep telefonu numaralarına doğrulama kodu gönderilemez."]
    }
