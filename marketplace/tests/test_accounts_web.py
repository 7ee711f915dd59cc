"""The allauth pages under /hesap/ through the real HTTP stack (CSRF enforced), in Turkish:
sign-up with the e-mail link, login and logout, lockout, password reset and change, e-mail change.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from marketplace.demo import DEMO_PASSWORD, DEMO_USERS, demo_users_load
from marketplace.models import Consent, ConsentKind, User
from marketplace.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "Kirmizi-Araba-2024"
WRONG_CREDENTIALS = "Girdiğiniz e-posta adresi ve/veya şifre doğru değil."
LOCKED = "Çok fazla hatalı giriş yapıldı. Lütfen daha sonra tekrar deneyin."
LINK = re.compile(r"https?://[^/\s]+(/hesap/[^\s]+/)")


class FormClient:
    """A test client that, like a browser, posts forms with the CSRF token of the page."""

    def __init__(self, user: User | None = None, **headers: str) -> None:
        self.client = Client(enforce_csrf_checks=True, headers=headers)
        if user is not None:
            self.client.force_login(user)

    def get(self, path: str, **extra: Any) -> Any:
        return self.client.get(path, **extra)

    def post(self, path: str, data: dict[str, str], **extra: Any) -> Any:
        page = self.client.get(path, **extra)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        assert match, f"no form with a CSRF token on {path} ({page.status_code})"
        return self.client.post(path, {**data, "csrfmiddlewaretoken": match.group(1)}, **extra)

    def user_id(self) -> str | None:
        return self.client.session.get("_auth_user_id")


def verified_user(**fields: Any) -> User:
    user = UserFactory.create(**fields)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def text(response: Any) -> str:
    return response.content.decode()


def link_in(message: mail.EmailMessage) -> str:
    match = LINK.search(str(message.body))
    assert match, message.body
    return match.group(1)


def log_in(browser: FormClient, email: str, password: str, **extra: Any) -> Any:
    return browser.post(reverse("account_login"), {"login": email, "password": password}, **extra)


# --- Sign-up ------------------------------------------------------------------------------------
def test_sign_up_then_the_emailed_link_logs_the_new_user_in() -> None:
    browser = FormClient()
    page = browser.get("/hesap/kayit/")
    assert page.status_code == 200
    assert "<h1>Kayıt ol</h1>" in text(page)
    assert '<a href="/kvkk/" target="_blank" rel="noopener">Aydınlatma metnini</a>' in text(page)

    signed_up = browser.post(
        "/hesap/kayit/",
        {
            "email": "Yeni.Uye@Example.com",
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
            "privacy_notice": "on",
            "marketing": "on",
        },
    )
    assert signed_up.status_code == 302
    assert signed_up["Location"] == "/hesap/e-posta/dogrulama/"
    assert "E-posta adresinizi doğrulayın" in text(browser.get(signed_up["Location"]))
    assert browser.user_id() is None

    user = User.objects.get(email="yeni.uye@example.com")
    consents = {consent.kind: consent for consent in Consent.objects.filter(user=user)}
    assert consents[ConsentKind.PRIVACY_NOTICE].granted
    assert consents[ConsentKind.MARKETING].granted
    assert consents[ConsentKind.PRIVACY_NOTICE].text_version == settings.KVKK_TEXT_VERSION
    assert consents[ConsentKind.PRIVACY_NOTICE].ip_address == "127.0.0.1"

    [message] = mail.outbox
    assert message.to == ["yeni.uye@example.com"]
    assert message.subject == "BanaYeni SanaEski: E-posta adresinizi doğrulayın"
    assert message.body.startswith("Merhaba,")
    link = link_in(message)
    assert link.startswith("/hesap/e-posta/dogrula/")

    confirm_page = browser.get(link)
    assert confirm_page.status_code == 200
    assert "yeni.uye@example.com" in text(confirm_page)
    assert browser.user_id() is None  # a GET changes nothing (mail scanners open links)
    confirmed = browser.post(link, {})
    assert confirmed.status_code == 302
    assert browser.user_id() == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified
    profile = browser.get("/hesabim/")
    assert profile.status_code == 200
    assert ">Hesabım</a>" in text(profile)


FULL_LINK = re.compile(r"https?://[^/\s]+(/hesap/e-posta/dogrula/\S+)")


def full_link_in(message: mail.EmailMessage) -> str:
    match = FULL_LINK.search(str(message.body))
    assert match, message.body
    return match.group(1)


def sign_up(browser: FormClient, email: str, next_path: str = "") -> Any:
    query = f"?{urlencode({'next': next_path})}" if next_path else ""
    return browser.post(
        f"/hesap/kayit/{query}",
        {
            "email": email,
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
            "privacy_notice": "on",
            **({"next": next_path} if next_path else {}),
        },
    )


def test_confirming_a_changed_address_from_another_browser_does_not_log_in() -> None:
    user = verified_user(email="eskisi@example.com")
    FormClient(user).post("/hesap/e-posta/", {"action_add": "", "email": "yenisi@example.com"})
    [message] = mail.outbox
    elsewhere = FormClient()
    assert elsewhere.post(link_in(message), {}).status_code == 302
    user.refresh_from_db()
    assert user.email == "yenisi@example.com"
    assert elsewhere.user_id() is None  # whoever holds the new mailbox is not let in


def test_an_outside_next_is_ignored_by_the_sign_up_and_its_link() -> None:
    assert sign_up(FormClient(), "dis@example.com", "https://kotu.example/").status_code == 302
    link = full_link_in(mail.outbox[0])
    assert "kotu.example" not in link
    confirmed = FormClient().post(link, {})
    assert confirmed.status_code == 302
    assert "kotu.example" not in confirmed["Location"]


def test_sign_up_needs_the_privacy_notice_and_records_no_marketing_when_unticked() -> None:
    browser = FormClient()
    data = {"email": "kvkk@example.com", "password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD}
    refused = browser.post("/hesap/kayit/", data)
    assert refused.status_code == 200
    assert "Lütfen aydınlatma metnini okuduğunuzu onaylayın." in text(refused)
    assert not User.objects.filter(email="kvkk@example.com").exists()

    assert browser.post("/hesap/kayit/", {**data, "privacy_notice": "on"}).status_code == 302
    user = User.objects.get(email="kvkk@example.com")
    kinds = set(Consent.objects.filter(user=user).values_list("kind", flat=True))
    assert kinds == {ConsentKind.PRIVACY_NOTICE}


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Kisa1a", "Şifre en az 8 karakter olmalıdır."),
        ("kucukharfler12", "Şifre en az bir büyük harf içermelidir."),
        ("BUYUKHARFLER12", "Şifre en az bir küçük harf içermelidir."),
        ("RakamYokBurada", "Şifre en az bir rakam içermelidir."),
    ],
)
def test_password_rule_in_turkish_on_the_page_and_the_api(password: str, message: str) -> None:
    browser = FormClient()
    page = browser.post(
        "/hesap/kayit/",
        {
            "email": "kural@example.com",
            "password1": password,
            "password2": password,
            "privacy_notice": "on",
        },
    )
    assert page.status_code == 200
    assert message in text(page)

    api = APIClient().post(
        "/api/auth/register",
        {"email": "kural@example.com", "password": password, "privacy_notice_accepted": True},
        format="json",
    )
    assert api.status_code == 400
    assert message in api.json()["error"]["details"]["password"]
    assert not User.objects.filter(email="kural@example.com").exists()


def test_signing_up_with_a_taken_address_looks_the_same_and_mails_the_owner() -> None:
    owner = verified_user(email="sahip@example.com")
    browser = FormClient()
    answer = browser.post(
        "/hesap/kayit/",
        {
            "email": "sahip@example.com",
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
            "privacy_notice": "on",
        },
    )
    assert answer.status_code == 302
    assert answer["Location"] == "/hesap/e-posta/dogrulama/"
    [message] = mail.outbox
    assert message.subject == "BanaYeni SanaEski: Zaten bir hesabınız var"
    assert "/hesap/sifre-sifirla/" in message.body
    assert User.objects.filter(email=owner.email).count() == 1


# --- Login, logout, lockout ---------------------------------------------------------------------
def test_login_page_links_to_phone_login_password_reset_and_sign_up() -> None:
    page = text(FormClient().get("/hesap/giris/"))
    assert "<h1>Giriş Yap</h1>" in page
    assert 'href="/hesap/telefon/giris/"' in page
    assert 'href="/hesap/sifre-sifirla/"' in page
    assert 'href="/hesap/kayit/"' in page
    assert "ile devam et" not in page  # no social provider is configured


def test_login_and_logout_through_the_pages() -> None:
    user = verified_user()
    browser = FormClient()
    logged_in = log_in(browser, user.email.upper(), TEST_PASSWORD)
    assert logged_in.status_code == 302
    assert logged_in["Location"] == "/"
    assert browser.user_id() == str(user.pk)

    home = text(browser.get("/"))
    assert 'href="/hesabim/">Hesabım</a>' in home
    assert re.search(r'<form method="post" action="/hesap/cikis/"', home)
    assert 'href="/hesap/giris/"' not in home

    assert browser.get("/hesap/giris/").status_code == 302  # already logged in
    logged_out = browser.post("/hesap/cikis/", {})
    assert logged_out.status_code == 302
    assert browser.user_id() is None
    home = text(browser.get("/"))
    assert 'href="/hesap/giris/">Giriş Yap</a>' in home
    assert 'href="/hesap/kayit/">Kayıt ol</a>' in home


def test_a_wrong_password_is_told_in_turkish_like_an_unknown_address() -> None:
    user = verified_user()
    browser = FormClient()
    wrong = log_in(browser, user.email, "Yanlis-Parola-1")
    unknown = log_in(browser, "kimse@example.com", "Yanlis-Parola-1")
    for page in (wrong, unknown):
        assert page.status_code == 200
        assert WRONG_CREDENTIALS in text(page)
    assert browser.user_id() is None


def test_login_with_an_unconfirmed_address_sends_a_new_link() -> None:
    user = UserFactory.create()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    browser = FormClient()
    answer = log_in(browser, user.email, TEST_PASSWORD)
    assert answer.status_code == 302
    assert answer["Location"] == "/hesap/e-posta/dogrulama/"
    assert browser.user_id() is None
    [message] = mail.outbox
    assert link_in(message).startswith("/hesap/e-posta/dogrula/")


def test_five_failures_lock_the_address_whatever_the_host_name(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    user = verified_user()
    browser = FormClient()
    for attempt in range(5):
        host = "banayeni.example" if attempt % 2 else "www.banayeni.example"
        page = log_in(browser, user.email, "Yanlis-Parola-1", HTTP_HOST=host)
        assert WRONG_CREDENTIALS in text(page)
    locked = log_in(browser, user.email.upper(), TEST_PASSWORD, HTTP_HOST="localhost")
    assert locked.status_code == 200
    assert LOCKED in text(locked)
    assert browser.user_id() is None
    # Another address from the same browser is not locked.
    other = verified_user()
    assert log_in(browser, other.email, TEST_PASSWORD).status_code == 302


def test_api_failures_and_page_failures_share_one_counter(settings: Any) -> None:
    settings.API_RATE_LIMITS_ENABLED = False
    user = verified_user()
    api = APIClient()
    for _attempt in range(3):
        failed = api.post(
            "/api/auth/login", {"email": user.email, "password": "Yanlis-1a"}, format="json"
        )
        assert failed.status_code == 401
    browser = FormClient()
    for _attempt in range(2):
        assert WRONG_CREDENTIALS in text(log_in(browser, user.email, "Yanlis-Parola-1"))
    assert LOCKED in text(log_in(browser, user.email, TEST_PASSWORD))
    locked = api.post(
        "/api/auth/login", {"email": user.email, "password": TEST_PASSWORD}, format="json"
    )
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "LOGIN_LOCKED"


def test_demo_accounts_log_in_with_the_readme_password() -> None:
    demo_users_load()
    for account in DEMO_USERS:
        browser = FormClient()
        answer = log_in(browser, account["email"], DEMO_PASSWORD)
        assert answer.status_code == 302, account["email"]
        assert browser.user_id() is not None


# --- Passwords ----------------------------------------------------------------------------------
def test_password_reset_by_emailed_link(django_capture_on_commit_callbacks: Any) -> None:
    user = verified_user()
    browser = FormClient()
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        asked = browser.post("/hesap/sifre-sifirla/", {"email": user.email})
    assert asked.status_code == 302
    assert asked["Location"] == "/hesap/sifre-sifirla/gonderildi/"
    assert "E-postanızı kontrol edin" in text(browser.get(asked["Location"]))
    [message] = mail.outbox
    assert message.subject == "BanaYeni SanaEski: Şifrenizi sıfırlayın"
    link = link_in(message)
    assert link.startswith("/hesap/sifre-sifirla/anahtar/")

    form_page = browser.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Yeni şifre belirleyin" in text(form_page)
    form_path = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    weak = browser.post(form_path, {"password1": "zayifsifre1", "password2": "zayifsifre1"})
    assert "Şifre en az bir büyük harf içermelidir." in text(weak)
    done = browser.post(form_path, {"password1": "Yepyeni-Sifre-7", "password2": "Yepyeni-Sifre-7"})
    assert done.status_code == 302
    assert done["Location"] == "/hesap/sifre-sifirla/tamamlandi/"
    # The link works once.
    assert "kullanılmış" in text(browser.get(link, follow=True))

    fresh = FormClient()
    assert WRONG_CREDENTIALS in text(log_in(fresh, user.email, TEST_PASSWORD))
    assert log_in(fresh, user.email, "Yepyeni-Sifre-7").status_code == 302


def test_password_reset_for_an_unknown_address_looks_the_same() -> None:
    browser = FormClient()
    asked = browser.post("/hesap/sifre-sifirla/", {"email": "kimse@example.com"})
    assert asked.status_code == 302
    assert asked["Location"] == "/hesap/sifre-sifirla/gonderildi/"
    [message] = mail.outbox
    assert message.subject == "BanaYeni SanaEski: Bu adresle açılmış bir hesap yok"


def test_too_many_reset_requests_get_the_turkish_429_page() -> None:
    user = verified_user()
    browser = FormClient()
    for _attempt in range(5):
        assert browser.post("/hesap/sifre-sifirla/", {"email": user.email}).status_code == 302
    limited = browser.post("/hesap/sifre-sifirla/", {"email": user.email})
    assert limited.status_code == 429
    assert "<h1>Çok fazla deneme</h1>" in text(limited)


def test_password_change_applies_the_rule_and_mails_a_notice() -> None:
    user = verified_user()
    browser = FormClient(user)
    page = browser.get("/hesap/sifre-degistir/")
    assert "<h1>Şifrenizi değiştirin</h1>" in text(page)
    weak = browser.post(
        "/hesap/sifre-degistir/",
        {"oldpassword": TEST_PASSWORD, "password1": "sadecekucuk1", "password2": "sadecekucuk1"},
    )
    assert "Şifre en az bir büyük harf içermelidir." in text(weak)
    changed = browser.post(
        "/hesap/sifre-degistir/",
        {
            "oldpassword": TEST_PASSWORD,
            "password1": "Degisti-Sifre-9",
            "password2": "Degisti-Sifre-9",
        },
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Degisti-Sifre-9")
    assert [message.subject for message in mail.outbox] == [
        "BanaYeni SanaEski: Şifreniz değiştirildi"
    ]


# --- E-mail change ------------------------------------------------------------------------------
def test_email_change_takes_effect_when_the_new_address_is_confirmed() -> None:
    user = verified_user(email="eski@example.com")
    browser = FormClient(user)
    page = browser.get("/hesap/e-posta/")
    assert "eski@example.com" in text(page)
    asked = browser.post("/hesap/e-posta/", {"action_add": "", "email": "yeni@example.com"})
    assert asked.status_code == 302
    assert "yeni@example.com" in text(browser.get("/hesap/e-posta/"))
    [message] = mail.outbox
    assert message.to == ["yeni@example.com"]
    user.refresh_from_db()
    assert user.email == "eski@example.com"  # not before the link is followed

    assert browser.post(link_in(message), {}).status_code == 302
    user.refresh_from_db()
    assert user.email == "yeni@example.com"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [
        "yeni@example.com"
    ]
    [notice] = mail.outbox[1:]
    assert notice.to == ["eski@example.com"]
    assert notice.subject == "BanaYeni SanaEski: E-posta adresiniz değiştirildi"
    assert "eski@example.com adresinden yeni@example.com adresine değiştirildi" in notice.body
    assert log_in(FormClient(), "yeni@example.com", TEST_PASSWORD).status_code == 302
