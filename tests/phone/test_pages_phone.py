"""The /hesap/telefon/ pages through the Django test client (CSRF enforced), in Turkish."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from integrations.sms import SmsMessage
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from tests.phone.conftest import PHONE

pytestmark = pytest.mark.django_db

LOGIN_PAGE = "/hesap/telefon/giris/"
VERIFY_PAGE = "/hesap/telefon/dogrula/"
Capture = Callable[..., AbstractContextManager[Any]]


class Browser:
    """A test client that, like a browser, posts forms with the CSRF token of the page."""

    def __init__(self, capture: Capture, user: User | None = None) -> None:
        self.client = Client(enforce_csrf_checks=True)
        self.capture = capture
        if user is not None:
            self.client.force_login(user)

    def get(self, path: str) -> Any:
        return self.client.get(path)

    def post(self, path: str, data: dict[str, str]) -> Any:
        page = self.client.get(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        assert match, "the page has no form with a CSRF token"
        with self.capture(execute=True):
            return self.client.post(path, {**data, "csrfmiddlewaretoken": match.group(1)})

    def logged_in_user_id(self) -> str | None:
        return self.client.session.get("_auth_user_id")


@pytest.fixture
def browser_client(django_capture_on_commit_callbacks: Capture) -> Browser:
    return Browser(django_capture_on_commit_callbacks)


def _text(response: Any) -> str:
    return response.content.decode()


def _code(outbox: list[SmsMessage]) -> str:
    return outbox[-1].body.rsplit(" ", 1)[-1]


def test_phone_login_page_logs_the_user_in(
    phone_user: User, browser_client: Browser, sms_outbox: list[SmsMessage]
) -> None:
    page = browser_client.get(LOGIN_PAGE)
    assert page.status_code == 200
    assert "Telefonla giriş yap" in _text(page)
    assert "<script" not in _text(page)  # nothing for the CSP to allow
    assert "default-src 'self'" in page["Content-Security-Policy"]

    asked = browser_client.post(LOGIN_PAGE, {"action": "request", "phone": "0532 123 45 67"})
    assert asked.status_code == 302
    assert asked["Location"] == LOGIN_PAGE
    code_step = browser_client.get(LOGIN_PAGE)
    assert "Doğrulama kodu gönderildi" in _text(code_step)
    assert "+90 532 123 45 67" in _text(code_step)
    assert 'autocomplete="one-time-code"' in _text(code_step)
    assert sms_outbox[-1].to == PHONE

    done = browser_client.post(LOGIN_PAGE, {"action": "verify", "code": _code(sms_outbox)})
    assert done.status_code == 302
    assert done["Location"] == settings.LOGIN_REDIRECT_URL
    assert browser_client.logged_in_user_id() == str(phone_user.pk)
    assert "Başarıyla giriş yapıldı" in _text(browser_client.get("/"))
    assert browser_client.get(LOGIN_PAGE).status_code == 302


def test_phone_login_returns_to_a_safe_next_page_only(
    phone_user: User, browser_client: Browser, sms_outbox: list[SmsMessage]
) -> None:
    for next_url, expected in (("/ilan-ver/", "/ilan-ver/"), ("https://kotu.example/", "/")):
        client = Browser(browser_client.capture)
        path = f"{LOGIN_PAGE}?next={next_url}"
        client.post(path, {"action": "request", "phone": PHONE, "next": next_url})
        done = client.post(path, {"action": "verify", "code": _code(sms_outbox), "next": next_url})
        assert done["Location"] == expected


def test_wrong_code_is_explained_in_turkish(
    phone_user: User, browser_client: Browser, sms_outbox: list[SmsMessage]
) -> None:
    browser_client.post(LOGIN_PAGE, {"action": "request", "phone": PHONE})
    wrong = f"{(int(_code(sms_outbox)) + 1) % 1_000_000:06d}"
    page = browser_client.post(LOGIN_PAGE, {"action": "verify", "code": wrong})
    assert page.status_code == 400
    assert "Doğrulama kodu hatalı" in _text(page)
    assert "Bu kod için kalan deneme hakkı: 2" in _text(page)
    assert browser_client.logged_in_user_id() is None


def test_invalid_number_is_explained_in_turkish(browser_client: Browser) -> None:
    page = browser_client.post(LOGIN_PAGE, {"action": "request", "phone": "0532 12"})
    assert page.status_code == 400
    assert "Geçersiz telefon numarası. Örnek: 0532 123 45 67" in _text(page)
    assert 'value="0532 12"' in _text(page)


def test_unknown_number_gets_the_same_pages_and_no_sms(
    browser_client: Browser, sms_outbox: list[SmsMessage]
) -> None:
    asked = browser_client.post(LOGIN_PAGE, {"action": "request", "phone": "0555 111 22 33"})
    assert asked.status_code == 302
    assert "Doğrulama kodu gönderildi" in _text(browser_client.get(LOGIN_PAGE))
    assert sms_outbox == []
    page = browser_client.post(LOGIN_PAGE, {"action": "verify", "code": "123456"})
    assert page.status_code == 400
    assert "Doğrulama kodu hatalı" in _text(page)


def test_resend_and_another_number(
    phone_user: User, browser_client: Browser, sms_outbox: list[SmsMessage]
) -> None:
    browser_client.post(LOGIN_PAGE, {"action": "request", "phone": PHONE})
    browser_client.post(LOGIN_PAGE, {"action": "request", "resend": "1"})
    assert [message.to for message in sms_outbox] == [PHONE, PHONE]
    changed = browser_client.post(LOGIN_PAGE, {"action": "change"})
    assert changed.status_code == 302
    assert 'name="phone"' in _text(browser_client.get(LOGIN_PAGE))
    # A third code is fine, a fourth within the hour is not.
    browser_client.post(LOGIN_PAGE, {"action": "request", "phone": PHONE})
    limited = browser_client.post(LOGIN_PAGE, {"action": "request", "resend": "1"})
    assert limited.status_code == 429
    assert "Çok fazla kod istendi" in _text(limited)


def test_verify_page_needs_login(client: Client) -> None:
    response = client.get(VERIFY_PAGE)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={VERIFY_PAGE}"


def test_user_verifies_own_number_on_the_page(
    user: User, django_capture_on_commit_callbacks: Capture, sms_outbox: list[SmsMessage]
) -> None:
    browser = Browser(django_capture_on_commit_callbacks, user=user)
    page = browser.get(VERIFY_PAGE)
    assert "Telefon numaranızı doğrulayın" in _text(page)
    browser.post(VERIFY_PAGE, {"action": "request", "phone": "5321234567"})
    done = browser.post(VERIFY_PAGE, {"action": "verify", "code": _code(sms_outbox)})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.phone == PHONE
    assert user.phone_verified_at is not None
    page = browser.get(VERIFY_PAGE)
    assert "Telefon numaranız doğrulandı" in _text(page)
    assert "+90 532 123 45 67" in _text(page)


def test_number_verified_by_someone_else_is_refused_on_the_page(
    user: User, django_capture_on_commit_callbacks: Capture, sms_outbox: list[SmsMessage]
) -> None:
    UserFactory.create(phone=PHONE, phone_verified_at=timezone.now())
    browser = Browser(django_capture_on_commit_callbacks, user=user)
    page = browser.post(VERIFY_PAGE, {"action": "request", "phone": PHONE})
    assert page.status_code == 400
    assert "Bu telefon numarası başka bir hesapta doğrulanmış." in _text(page)
    assert sms_outbox == []


def test_phone_code_page_refuses_a_non_turkish_number_alike_for_accounts_and_strangers(
    browser_client: Browser, sms_outbox: list[SmsMessage]
) -> None:
    UserFactory.create(phone="+16502530000", phone_verified_at=timezone.now())
    pages = [
        browser_client.post(LOGIN_PAGE, {"action": "request", "phone": phone})
        for phone in ("+1 650 253 0000", "+1 650 253 0001")
    ]
    refusal = "Doğrulama kodu yalnızca Türkiye cep telefonu numaralarına gönderilebilir."
    for page in pages:
        assert page.status_code == 400
        assert refusal in _text(page)
    assert sms_outbox == []
