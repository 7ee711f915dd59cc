"""The mobile API's accounts endpoints through the real HTTP stack: register, confirm, login,
refresh, logout, lockout and rate limits."""

from __future__ import annotations

import re
import statistics
import time
from typing import Any

import pytest
import requests
from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from marketplace.models import Consent, ConsentKind, RefreshToken, User
from marketplace.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "Kirmizi-Araba-2024"
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/hesap/e-posta/dogrula/[^/\s]+/)")

INVALID_CREDENTIALS_MESSAGE = "E-posta adresi veya şifre hatalı"
PRIVACY_NOTICE_REQUIRED = "Lütfen aydınlatma metnini okuduğunuzu onaylayın."


@pytest.fixture(autouse=True)
def _generous_auth_limit(settings: Any) -> None:
    """The flows below make more than 5 auth requests a minute; the limit has its own test."""
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "auth": (1000, 60)}


def verified_user(**fields: Any) -> User:
    user = UserFactory.create(**fields)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def login(client: APIClient, email: str, password: str = TEST_PASSWORD, **extra: Any) -> Any:
    return client.post("/api/auth/login", {"email": email, "password": password}, **extra)


def bearer(token: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == code
    return dict(body["error"])


def confirm_link(message: mail.EmailMessage) -> str:
    match = CONFIRM_LINK.search(str(message.body))
    assert match, message.body
    return match.group(1)


# --- The whole journey --------------------------------------------------------------------------
def test_register_confirm_login_use_refresh_and_logout(api_client: APIClient) -> None:
    email = "yeni.uye@example.com"
    registered = api_client.post(
        "/api/auth/register",
        {
            "email": "Yeni.Uye@Example.com",
            "password": STRONG_PASSWORD,
            "privacy_notice_accepted": True,
        },
    )
    assert registered.status_code == 201
    assert registered.json() == {
        "success": True,
        "message": "Kayıt başarılı. E-posta adresinize doğrulama bağlantısı gönderdik.",
        "requiresVerification": True,
    }
    user = User.objects.get(email=email)
    assert not EmailAddress.objects.get(user=user).verified

    # Not yet: the address is unconfirmed.
    assert_error(login(api_client, email, STRONG_PASSWORD), 403, "EMAIL_NOT_VERIFIED")

    # allauth's own confirmation page: GET shows it, POST confirms.
    assert [message.to for message in mail.outbox] == [[email]]
    path = confirm_link(mail.outbox[0])
    key = path.rstrip("/").rsplit("/", 1)[1]
    assert path == reverse("account_confirm_email", kwargs={"key": key})
    browser = Client()
    assert browser.get(path).status_code == 200
    assert browser.post(path).status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    logged_in = login(api_client, email, STRONG_PASSWORD)
    assert logged_in.status_code == 200
    body = logged_in.json()
    assert body["success"] is True
    assert body["user"] == {"id": str(user.pk), "email": email}
    assert body["message"] == "Başarıyla giriş yapıldı"
    session = body["session"]
    assert session["token_type"] == "bearer"
    assert session["expires_in"] == 15 * 60

    me = api_client.get("/api/me", **bearer(session["access_token"]))
    assert me.status_code == 200
    assert me.json()["data"]["user"]["email"] == email

    refreshed = api_client.post("/api/auth/refresh", {"refresh_token": session["refresh_token"]})
    assert refreshed.status_code == 200
    second = refreshed.json()["session"]
    assert refreshed.json()["user"]["id"] == str(user.pk)
    assert second["refresh_token"] != session["refresh_token"]
    assert api_client.get("/api/me", **bearer(second["access_token"])).status_code == 200

    # The first refresh token again: somebody copied it, so its whole family dies.
    reused = api_client.post("/api/auth/refresh", {"refresh_token": session["refresh_token"]})
    assert_error(reused, 401, "INVALID_REFRESH_TOKEN")
    after_reuse = api_client.post("/api/auth/refresh", {"refresh_token": second["refresh_token"]})
    assert_error(after_reuse, 401, "INVALID_REFRESH_TOKEN")

    # A fresh login, then logout of that session.
    third = login(api_client, email, STRONG_PASSWORD).json()["session"]
    logged_out = api_client.post(
        "/api/auth/logout",
        {"refresh_token": third["refresh_token"]},
        **bearer(third["access_token"]),
    )
    assert logged_out.status_code == 200
    assert logged_out.json() == {"success": True, "message": "Başarıyla çıkış yapıldı"}
    refused = api_client.post("/api/auth/refresh", {"refresh_token": third["refresh_token"]})
    assert_error(refused, 401, "INVALID_REFRESH_TOKEN")


def test_the_api_is_also_served_under_v1() -> None:
    user = verified_user()
    client = APIClient()
    response = client.post(
        "/api/v1/auth/login/", {"email": user.email, "password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["session"]["access_token"]
    assert client.get("/api/v1/me/", **bearer(token)).status_code == 200


def test_login_records_last_login_and_the_device(api_client: APIClient) -> None:
    user = verified_user()
    assert user.last_login is None
    login(api_client, user.email, HTTP_USER_AGENT="BanaYeni-iOS/1.0", REMOTE_ADDR="10.1.2.3")
    user.refresh_from_db()
    assert user.last_login is not None
    assert timezone.now() - user.last_login < timezone.timedelta(minutes=1)
    token = RefreshToken.objects.get(user=user)
    assert (token.user_agent, token.ip_address) == ("BanaYeni-iOS/1.0", "10.1.2.3")


def test_logout_all_ends_every_session_of_the_user(api_client: APIClient) -> None:
    user = verified_user()
    other = verified_user()
    phone = login(api_client, user.email).json()["session"]
    tablet = login(api_client, user.email).json()["session"]
    others = login(api_client, other.email).json()["session"]
    response = api_client.post("/api/auth/logout", {"all": True}, **bearer(phone["access_token"]))
    assert response.status_code == 200
    for session in (phone, tablet):
        refused = api_client.post("/api/auth/refresh", {"refresh_token": session["refresh_token"]})
        assert_error(refused, 401, "INVALID_REFRESH_TOKEN")
    kept = api_client.post("/api/auth/refresh", {"refresh_token": others["refresh_token"]})
    assert kept.status_code == 200


def test_logout_cannot_end_another_users_session(api_client: APIClient) -> None:
    user = verified_user()
    victim = verified_user()
    mine = login(api_client, user.email).json()["session"]
    theirs = login(api_client, victim.email).json()["session"]
    api_client.post(
        "/api/auth/logout",
        {"refresh_token": theirs["refresh_token"]},
        **bearer(mine["access_token"]),
    )
    kept = api_client.post("/api/auth/refresh", {"refresh_token": theirs["refresh_token"]})
    assert kept.status_code == 200


def test_logout_needs_a_bearer_token(api_client: APIClient) -> None:
    assert_error(api_client.post("/api/auth/logout", {}), 401, "UNAUTHORIZED")
    browser = Client()
    browser.force_login(verified_user())
    assert browser.post("/api/auth/logout", {}).status_code == 401


# --- Registration -------------------------------------------------------------------------------
def test_registering_a_taken_address_looks_the_same_and_mails_its_owner(
    api_client: APIClient,
) -> None:
    owner = verified_user(email="sahibi@example.com")
    fresh = api_client.post(
        "/api/auth/register",
        {"email": "bos@example.com", "password": STRONG_PASSWORD, "privacy_notice_accepted": True},
    )
    mail.outbox.clear()
    taken = api_client.post(
        "/api/auth/register",
        {
            "email": "SAHIBI@example.com",
            "password": STRONG_PASSWORD,
            "privacy_notice_accepted": True,
        },
    )
    assert (taken.status_code, taken.json()) == (fresh.status_code, fresh.json())
    assert User.objects.filter(email="sahibi@example.com").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(TEST_PASSWORD)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sahibi@example.com"]
    assert not CONFIRM_LINK.search(str(mail.outbox[0].body))


def test_api_sign_up_records_the_privacy_notice_acknowledgement_as_the_web_does(
    api_client: APIClient,
) -> None:
    response = api_client.post(
        "/api/auth/register",
        {
            "email": "onayli@example.com",
            "password": STRONG_PASSWORD,
            "privacy_notice_accepted": True,
            "marketing_consent": True,
        },
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 201
    user = User.objects.get(email="onayli@example.com")
    consents = {
        consent.kind: consent for consent in Consent.objects.filter(user=user, granted=True)
    }
    assert set(consents) == {ConsentKind.PRIVACY_NOTICE, ConsentKind.MARKETING}
    notice = consents[ConsentKind.PRIVACY_NOTICE]
    assert (notice.text_version, notice.ip_address) == ("2026-11", "203.0.113.7")
    # Marketing is optional and off unless asked for.
    api_client.post(
        "/api/auth/register",
        {
            "email": "sessiz@example.com",
            "password": STRONG_PASSWORD,
            "privacy_notice_accepted": True,
        },
    )
    quiet = User.objects.get(email="sessiz@example.com")
    assert list(Consent.objects.filter(user=quiet).values_list("kind", "granted")) == [
        ("privacy_notice", True)
    ]


@pytest.mark.parametrize("answer", [None, False, "false", 0])
def test_api_sign_up_without_the_privacy_notice_acknowledgement_is_refused_in_turkish(
    api_client: APIClient, answer: Any
) -> None:
    payload: dict[str, Any] = {"email": "onaysiz@example.com", "password": STRONG_PASSWORD}
    if answer is not None:
        payload["privacy_notice_accepted"] = answer
    error = assert_error(
        api_client.post("/api/auth/register", payload, format="json"), 400, "VALIDATION_ERROR"
    )
    assert error["details"] == {"privacy_notice_accepted": [PRIVACY_NOTICE_REQUIRED]}
    assert not User.objects.filter(email="onaysiz@example.com").exists()
    assert mail.outbox == []


def test_a_weak_password_is_refused_with_djangos_turkish_reasons(api_client: APIClient) -> None:
    response = api_client.post(
        "/api/auth/register",
        {"email": "zayif@example.com", "password": "12345678", "privacy_notice_accepted": True},
    )
    error = assert_error(response, 400, "VALIDATION_ERROR")
    with translation.override("tr"), pytest.raises(ValidationError) as expected:
        validate_password("12345678", user=User(email="zayif@example.com"))
    assert error["details"] == {"password": expected.value.messages}
    assert "Bu parola tamamıyla sayısaldır." in error["details"]["password"]
    assert not User.objects.filter(email="zayif@example.com").exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("payload", "details"),
    [
        ({}, {"email": ["Bu alan zorunlu."], "password": ["Bu alan zorunlu."]}),
        ({"email": "eposta-degil", "password": STRONG_PASSWORD}, None),
        ({"email": 12345, "password": STRONG_PASSWORD}, None),
        ({"email": "a@example.com", "password": 1234567890}, {"password": ["Metin olmalı."]}),
        ({"email": "a@example.com", "password": ["x"]}, {"password": ["Metin olmalı."]}),
        ({"email": None, "password": STRONG_PASSWORD}, {"email": ["Bu alan boş bırakılmamalı."]}),
    ],
)
@pytest.mark.parametrize("endpoint", ["/api/auth/register", "/api/auth/login"])
def test_bad_input_is_a_turkish_validation_error(
    api_client: APIClient, endpoint: str, payload: dict[str, Any], details: Any
) -> None:
    if endpoint == "/api/auth/register":
        payload = {**payload, "privacy_notice_accepted": True} if payload else payload
        if not payload:
            details = {**details, "privacy_notice_accepted": [PRIVACY_NOTICE_REQUIRED]}
    error = assert_error(api_client.post(endpoint, payload), 400, "VALIDATION_ERROR")
    assert error["message"] == "Geçersiz form verisi"
    if details is None:
        details = {"email": ["Geçerli bir e-posta adresi girin."]}
    assert error["details"] == details


@pytest.mark.parametrize("endpoint", ["/api/auth/register", "/api/auth/login", "/api/auth/refresh"])
def test_malformed_json_and_non_objects_are_validation_errors(
    api_client: APIClient, endpoint: str
) -> None:
    broken = api_client.post(endpoint, b"{bozuk", content_type="application/json")
    error = assert_error(broken, 400, "VALIDATION_ERROR")
    assert error["details"] == {"body": ["İstek gövdesi geçerli bir JSON değil."]}
    listed = api_client.post(endpoint, [1, 2])
    assert assert_error(listed, 400, "VALIDATION_ERROR")["details"]["non_field_errors"]


def test_refresh_token_must_be_a_string(api_client: APIClient) -> None:
    error = assert_error(
        api_client.post("/api/auth/refresh", {"refresh_token": 42}), 400, "VALIDATION_ERROR"
    )
    assert error["details"] == {"refresh_token": ["Metin olmalı."]}


# --- Login failures -----------------------------------------------------------------------------
def test_wrong_password_and_unknown_address_are_indistinguishable(api_client: APIClient) -> None:
    user = verified_user()
    wrong = assert_error(
        login(api_client, user.email, "Yanlis-Parola-1"), 401, "INVALID_CREDENTIALS"
    )
    unknown = assert_error(
        login(api_client, "kimse@example.com", "Yanlis-Parola-1"), 401, "INVALID_CREDENTIALS"
    )
    assert wrong["message"] == unknown["message"] == INVALID_CREDENTIALS_MESSAGE
    assert wrong.keys() == unknown.keys()


def test_unknown_address_costs_as_much_time_as_a_wrong_password(
    api_client: APIClient, settings: Any
) -> None:
    """Django's ModelBackend hashes the password even for an unknown user; allauth's backend does
    too. Without that, an unknown address would answer in a fraction of the time."""
    # With the production hasher: the test suite's fast one would make both answers instant.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    user = verified_user()
    user.set_password(TEST_PASSWORD)
    user.save(update_fields=["password"])

    def duration(email: str) -> float:
        started = time.perf_counter()
        login(api_client, email, "Yanlis-Parola-1")
        return time.perf_counter() - started

    timings: list[tuple[float, float]] = []
    for index in range(3):
        timings.append((duration(user.email), duration(f"yok{index}@example.com")))
    wrong = statistics.median(pair[0] for pair in timings)
    unknown = statistics.median(pair[1] for pair in timings)
    assert unknown > wrong * 0.6, (wrong, unknown)


def test_five_failures_lock_the_address_even_from_other_addresses(api_client: APIClient) -> None:
    user = verified_user()
    for attempt in range(5):
        failed = login(api_client, user.email, "Yanlis-Parola-1", REMOTE_ADDR=f"10.0.0.{attempt}")
        assert_error(failed, 401, "INVALID_CREDENTIALS")
    locked = login(api_client, user.email, REMOTE_ADDR="10.0.0.99")  # the right password
    error = assert_error(locked, 429, "LOGIN_LOCKED")
    assert (
        error["message"] == "Çok fazla başarısız giriş denemesi. Lütfen daha sonra tekrar deneyin."
    )
    # Another account is not affected.
    assert login(api_client, verified_user().email, REMOTE_ADDR="10.0.0.99").status_code == 200


def test_failures_on_the_web_login_page_lock_the_api_too(api_client: APIClient) -> None:
    """One lockout for the address, whichever door the guesses come through."""
    user = verified_user()
    browser = Client()
    for _attempt in range(5):
        page = browser.post(
            reverse("account_login"), {"login": user.email, "password": "Yanlis-Parola-1"}
        )
        assert page.status_code == 200  # the form again, with an error
    assert_error(login(api_client, user.email), 429, "LOGIN_LOCKED")


def test_a_successful_login_does_not_wipe_earlier_failures(api_client: APIClient) -> None:
    """allauth rolls back only the successful attempt, so an attacker cannot reset the count."""
    user = verified_user()
    for attempt in range(4):
        login(api_client, user.email, "Yanlis-Parola-1", REMOTE_ADDR=f"10.0.1.{attempt}")
    assert login(api_client, user.email, REMOTE_ADDR="10.0.1.50").status_code == 200
    login(api_client, user.email, "Yanlis-Parola-1", REMOTE_ADDR="10.0.1.51")
    assert_error(login(api_client, user.email, REMOTE_ADDR="10.0.1.52"), 429, "LOGIN_LOCKED")


def test_unverified_address_is_told_only_with_the_right_password(api_client: APIClient) -> None:
    user = UserFactory.create()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    assert_error(login(api_client, user.email, "Yanlis-Parola-1"), 401, "INVALID_CREDENTIALS")
    assert mail.outbox == []
    error = assert_error(login(api_client, user.email), 403, "EMAIL_NOT_VERIFIED")
    assert error["message"].startswith("E-posta adresiniz henüz doğrulanmadı")
    # As on the web, a new link is mailed (at most one per cooldown).
    assert len(mail.outbox) == 1
    assert CONFIRM_LINK.search(str(mail.outbox[0].body))
    login(api_client, user.email)
    assert len(mail.outbox) == 1
    assert not RefreshToken.objects.filter(user=user).exists()


def test_disabled_account_is_told_only_with_the_right_password(api_client: APIClient) -> None:
    user = verified_user(is_active=False, banned_at=timezone.now())
    assert_error(login(api_client, user.email, "Yanlis-Parola-1"), 401, "INVALID_CREDENTIALS")
    error = assert_error(login(api_client, user.email), 403, "ACCOUNT_DISABLED")
    assert error["message"] == "Hesabınız askıya alındı"
    assert not RefreshToken.objects.filter(user=user).exists()


def test_a_banned_users_tokens_stop_working_at_once(api_client: APIClient) -> None:
    user = verified_user()
    session = login(api_client, user.email).json()["session"]
    assert api_client.get("/api/me", **bearer(session["access_token"])).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False, banned_at=timezone.now())
    refused = api_client.get("/api/me", **bearer(session["access_token"]))
    assert assert_error(refused, 401, "UNAUTHORIZED")["details"] == {"reason": "user_inactive"}
    renewed = api_client.post("/api/auth/refresh", {"refresh_token": session["refresh_token"]})
    assert_error(renewed, 401, "INVALID_REFRESH_TOKEN")


def test_a_stale_bearer_token_does_not_block_logging_in(api_client: APIClient) -> None:
    user = verified_user()
    response = login(api_client, user.email, HTTP_AUTHORIZATION="Bearer eskimis.token.degeri")
    assert response.status_code == 200


# --- Rate limit ---------------------------------------------------------------------------------
def test_the_sixth_auth_request_in_a_minute_is_refused(
    api_client: APIClient, settings: Any
) -> None:
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "auth": (5, 60)}
    endpoints = [
        ("/api/auth/login", {"email": "a@example.com", "password": "x"}),
        ("/api/auth/register", {"email": "b@example.com", "password": "x"}),
    ]
    for index in range(5):
        path, payload = endpoints[index % len(endpoints)]
        assert api_client.post(path, payload).status_code != 429
    limited = api_client.post("/api/auth/login", {"email": "a@example.com", "password": "x"})
    error = assert_error(limited, 429, "RATE_LIMITED")
    assert error["message"] == "Çok fazla giriş denemesi"
    assert error["details"]["category"] == "auth"
    assert int(limited["Retry-After"]) >= 1
    # Another client (address) still gets in.
    other = api_client.post(
        "/api/auth/login", {"email": "a@example.com", "password": "x"}, REMOTE_ADDR="10.5.5.5"
    )
    assert other.status_code == 401


# --- A real server ------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_login_and_profile_over_a_real_server(live_server: Any) -> None:
    user = verified_user()
    base = live_server.url
    response = requests.post(
        f"{base}/api/auth/login",
        json={"email": user.email, "password": TEST_PASSWORD},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    session = response.json()["session"]
    me = requests.get(
        f"{base}/api/me",
        headers={"Authorization": f"Bearer {session['access_token']}"},
        timeout=10,
    )
    assert me.json()["data"]["user"]["id"] == str(user.pk)
    refreshed = requests.post(
        f"{base}/api/auth/refresh/", json={"refresh_token": session["refresh_token"]}, timeout=10
    )
    assert refreshed.status_code == 200
    assert refreshed.headers["X-RateLimit-Limit"] == "10"  # per login (refresh-token family)


def test_token_refresh_is_limited_per_login_not_per_carrier_address(settings: Any) -> None:
    """Thousands of phones refresh from one carrier address; each login has its own allowance
    (the 6th refresh from one address in a minute used to log the app's user out)."""
    from marketplace.services.sessions import session_create

    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "auth": (5, 60), "refresh": (3, 60)}
    client = APIClient()
    sessions = [session_create(user=UserFactory.create()) for _phone in range(8)]
    for session in sessions:  # eight users behind one address, each refreshing once
        response = client.post(
            "/api/auth/refresh", {"refresh_token": session.refresh_token}, format="json"
        )
        assert response.status_code == 200, response.content

    one_login = session_create(user=UserFactory.create())
    token = one_login.refresh_token
    for _turn in range(3):
        response = client.post("/api/auth/refresh", {"refresh_token": token}, format="json")
        assert response.status_code == 200
        token = response.json()["session"]["refresh_token"]
    too_many = client.post("/api/auth/refresh", {"refresh_token": token}, format="json")
    assert_error(too_many, 429, "RATE_LIMITED")
    assert too_many.json()["error"]["message"] == "Çok fazla oturum yenileme isteği"
