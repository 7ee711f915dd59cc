"""The API's conventions through the real HTTP stack: envelope, request id, versions, limits."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import requests
from django.test import override_settings

from marketplace.tests.factories import UserFactory
from marketplace.tokens import access_token_create

pytestmark = pytest.mark.django_db(transaction=True)

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def assert_error_envelope(
    response: requests.Response, status: int, code: str, message: str
) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == code
    assert body["error"]["message"] == message
    assert TIMESTAMP.match(body["error"]["timestamp"])
    assert body["error"]["request_id"] == response.headers["X-Request-ID"]
    return body


def test_success_envelope_and_turkish_city_data(live_server) -> None:
    response = requests.get(f"{live_server.url}/api/cities", params={"q": "IĞD"}, timeout=5)
    assert response.status_code == 200
    body = response.json()
    assert body == {"success": True, "data": {"cities": [{"plate": 76, "name": "Iğdır"}]}}


def test_unknown_api_route_is_json_404_for_any_method(live_server) -> None:
    for method in ("GET", "POST", "DELETE"):
        response = requests.request(method, f"{live_server.url}/api/olmayan/yol", timeout=5)
        assert_error_envelope(response, 404, "NOT_FOUND", "İstenilen kaynak bulunamadı")


def test_method_not_allowed_is_enveloped(live_server) -> None:
    response = requests.post(f"{live_server.url}/api/health", json={}, timeout=5)
    assert_error_envelope(response, 405, "METHOD_NOT_ALLOWED", "Bu istek yöntemi desteklenmiyor")


def test_field_errors_are_turkish_per_field(live_server) -> None:
    response = requests.get(f"{live_server.url}/api/cities", params={"q": "x" * 51}, timeout=5)
    body = assert_error_envelope(response, 400, "VALIDATION_ERROR", "Geçersiz form verisi")
    assert body["error"]["details"] == {
        "q": ["Bu alanın 50 karakterden fazla karakter barındırmadığından emin olun."]
    }


@override_settings(ROOT_URLCONF="marketplace.tests.urls_testing")
def test_malformed_json_is_validation_error_not_500(live_server) -> None:
    for raw in (b"{bozuk json", b"\xff\xfe", b"[1, 2"):
        response = requests.post(
            f"{live_server.url}/api/test-echo",
            data=raw,
            headers={"Content-Type": "application/json"},
            timeout=5,
        )
        body = assert_error_envelope(response, 400, "VALIDATION_ERROR", "Geçersiz form verisi")
        assert body["error"]["details"] == {"body": ["İstek gövdesi geçerli bir JSON değil."]}


@override_settings(ROOT_URLCONF="marketplace.tests.urls_testing")
def test_unsupported_body_type_is_415(live_server) -> None:
    response = requests.post(
        f"{live_server.url}/api/test-echo",
        data=b"<xml/>",
        headers={"Content-Type": "application/xml"},
        timeout=5,
    )
    assert_error_envelope(
        response, 415, "UNSUPPORTED_MEDIA_TYPE", "İstek gövdesinin biçimi desteklenmiyor"
    )


@override_settings(ROOT_URLCONF="marketplace.tests.urls_testing")
def test_business_code_from_a_field_reaches_the_envelope(live_server) -> None:
    response = requests.post(f"{live_server.url}/api/test-echo", json={"city": "Gotham"}, timeout=5)
    body = assert_error_envelope(response, 400, "INVALID_TURKISH_CITY", "Geçersiz şehir adı")
    assert body["error"]["details"] == {"city": ["Geçersiz şehir adı"]}
    accepted = requests.post(
        f"{live_server.url}/api/test-echo",
        json={"city": "IGDIR", "phone": "0532 123 45 67"},
        timeout=5,
    )
    assert accepted.status_code == 201
    assert accepted.json() == {
        "success": True,
        "data": {"city": "Iğdır", "phone": "+905321234567"},
        "message": "Tamam",
    }


@override_settings(ROOT_URLCONF="marketplace.tests.urls_testing")
def test_several_field_errors_each_in_turkish(live_server) -> None:
    response = requests.post(
        f"{live_server.url}/api/test-echo", json={"phone": "12ab", "year": 1800}, timeout=5
    )
    body = assert_error_envelope(response, 400, "VALIDATION_ERROR", "Geçersiz form verisi")
    assert body["error"]["details"] == {
        "city": ["Bu alan zorunlu."],
        "phone": ["Geçersiz telefon numarası. Örnek: 0532 123 45 67"],
        "year": ["Değerin 1900 değerinden büyük ya da eşit olduğundan emin olun."],
    }


def test_request_id_is_accepted_or_generated(live_server) -> None:
    response = requests.get(
        f"{live_server.url}/api/health", headers={"X-Request-ID": "mobil-42"}, timeout=5
    )
    assert response.headers["X-Request-ID"] == "mobil-42"
    generated = requests.get(f"{live_server.url}/api/health", timeout=5)
    assert re.match(r"^req_[0-9a-f]{32}$", generated.headers["X-Request-ID"])
    hostile = requests.get(
        f"{live_server.url}/api/health", headers={"X-Request-ID": "a b\tc<script>"}, timeout=5
    )
    assert hostile.headers["X-Request-ID"].startswith("req_")


def test_versioned_prefix_and_vendor_media_type(live_server) -> None:
    vendor = "application/vnd.banayeni.v1+json"
    response = requests.get(
        f"{live_server.url}/api/v1/cities", headers={"Accept": vendor}, timeout=5
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(vendor)
    assert len(response.json()["data"]["cities"]) == 81
    unknown_version = requests.get(
        f"{live_server.url}/api/cities",
        headers={"Accept": "application/vnd.banayeni.v9+json"},
        timeout=5,
    )
    assert_error_envelope(
        unknown_version, 406, "NOT_ACCEPTABLE", "İstenen yanıt biçimi desteklenmiyor"
    )


def test_trailing_slash_is_optional(live_server) -> None:
    assert requests.get(f"{live_server.url}/api/cities/", timeout=5).status_code == 200


def test_bearer_token_errors_are_401_with_reason(live_server) -> None:
    user = UserFactory.create()
    expired = access_token_create(user=user, lifetime=timedelta(seconds=-1))
    for token, reason in [
        ("bozuk.token.degeri", "token_invalid"),
        (expired, "token_expired"),
    ]:
        response = requests.get(
            f"{live_server.url}/api/cities",
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        )
        body = assert_error_envelope(response, 401, "UNAUTHORIZED", "Giriş yapmanız gerekiyor")
        assert body["error"]["details"] == {"reason": reason}
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'
    valid = requests.get(
        f"{live_server.url}/api/cities",
        headers={"Authorization": f"Bearer {access_token_create(user=user)}"},
        timeout=5,
    )
    assert valid.status_code == 200


def test_token_of_deactivated_user_stops_working_at_once(live_server) -> None:
    user = UserFactory.create()
    token = access_token_create(user=user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = requests.get(
        f"{live_server.url}/api/cities", headers={"Authorization": f"Bearer {token}"}, timeout=5
    )
    body = assert_error_envelope(response, 401, "UNAUTHORIZED", "Giriş yapmanız gerekiyor")
    assert body["error"]["details"] == {"reason": "user_inactive"}


@override_settings(API_RATE_LIMITS={"search": (3, 60)})
def test_rate_limit_headers_and_429(live_server) -> None:
    url = f"{live_server.url}/api/cities"
    remaining = []
    for _ in range(3):
        response = requests.get(url, timeout=5)
        assert response.status_code == 200
        assert response.headers["X-RateLimit-Limit"] == "3"
        remaining.append(int(response.headers["X-RateLimit-Remaining"]))
        assert int(response.headers["X-RateLimit-Reset"]) > 0
    assert remaining == [2, 1, 0]
    limited = requests.get(url, timeout=5)
    body = assert_error_envelope(limited, 429, "RATE_LIMITED", "Arama limiti aşıldı")
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    assert body["error"]["details"]["category"] == "search"


@override_settings(API_RATE_LIMITS={"search": (2, 60)})
def test_rate_limit_is_per_user_when_logged_in(live_server) -> None:
    url = f"{live_server.url}/api/cities"
    for _ in range(2):
        assert requests.get(url, timeout=5).status_code == 200
    assert requests.get(url, timeout=5).status_code == 429
    token = access_token_create(user=UserFactory.create())
    authorized = requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert authorized.status_code == 200
    assert authorized.headers["X-RateLimit-Remaining"] == "1"


@override_settings(ROOT_URLCONF="marketplace.tests.urls_testing")
def test_unexpected_exception_is_internal_error_without_leak(live_server) -> None:
    response = requests.get(f"{live_server.url}/api/test-failure", timeout=5)
    body = assert_error_envelope(response, 500, "INTERNAL_ERROR", "Sunucu hatası oluştu")
    assert "secret" not in response.text
    assert "Traceback" not in response.text
    assert "details" not in body["error"]


def test_security_headers_on_pages(live_server) -> None:
    response = requests.get(live_server.url + "/", timeout=5)
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b""),
        ("multipart/form-data; boundary=sinir", b""),
        ("multipart/form-data; boundary=sinir", b"--sinir\r\nyarim kalmis"),
        ("multipart/form-data", b"sinirsiz govde"),
    ],
)
@pytest.mark.parametrize("path", ["/api/upload/parts", "/api/parts", "/api/auth/login"])
def test_an_empty_or_malformed_multipart_body_is_a_400_with_the_envelope(
    path: str, content_type: str, body: bytes
) -> None:
    from conftest import bearer_client
    from marketplace.tests.factories import UserFactory

    response = bearer_client(UserFactory.create()).generic(
        "POST",
        path,
        body,  # type: ignore[arg-type]  # bytes, as a client sends them
        content_type=content_type,
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert "JSON" not in str(error.get("details", {}))  # a form was sent, not JSON
