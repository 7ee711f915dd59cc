"""Sign-up in real headless Chromium on a phone-sized viewport: the form, the e-mailed link,
and the logged-in header, served over real HTTP."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from marketplace.models import Consent, ConsentKind, User
from marketplace.tests.browser import (
    PHONE_VIEWPORT,
    LiveSite,
    PageProblems,
    csp_violations,
    open_page,
    requires_chromium,
)
from marketplace.tests.factories import UserFactory

pytestmark = [requires_chromium, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://[^/\s]+(/hesap/e-posta/dogrula/[^/\s]+/)")


def test_sign_up_follow_the_emailed_link_and_be_logged_in(
    page: Page, live_site: LiveSite, page_problems: PageProblems
) -> None:
    page.goto(live_site.url + "/")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Ana menü").get_by_role("link", name="Kayıt ol").click()
    assert page.url == live_site.url + "/hesap/kayit/"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate("window.innerWidth") == PHONE_VIEWPORT["width"]

    page.get_by_label("E-posta adresi").fill("tarayici@example.com")
    page.get_by_label("Şifreniz", exact=True).fill("Tarayici-Sifre-1")
    page.get_by_label("Şifreniz (tekrar)").fill("Tarayici-Sifre-1")
    page.get_by_label("Aydınlatma metnini okudum.").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Hesap oluştur").click()
    expect(page.get_by_role("heading", name="E-posta adresinizi doğrulayın")).to_be_visible()

    [message] = mail.outbox
    match = LINK.search(str(message.body))
    assert match, message.body
    page.goto(live_site.url + match.group(1))
    expect(page.get_by_text("tarayici@example.com")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Onayla").click()

    assert page.url == live_site.url + "/"
    header = page.get_by_role("navigation", name="Ana menü")
    expect(header.get_by_role("link", name="Hesabım")).to_be_visible()
    expect(header.get_by_role("button", name="Çıkış")).to_be_visible()
    expect(header.get_by_role("link", name="Giriş Yap")).to_have_count(0)
    user = User.objects.get(email="tarayici@example.com")
    assert Consent.objects.filter(user=user, kind=ConsentKind.PRIVACY_NOTICE).exists()
    assert page_problems.console_errors == []
    assert page_problems.page_errors == []
    assert page_problems.failed_responses == []
    assert csp_violations(page) == []


def test_profile_city_select_shows_province_names_and_saves_the_choice(
    browser: Browser, live_site: LiveSite, page_problems: PageProblems
) -> None:
    user = UserFactory.create(city="İzmir", display_name="Usta Mehmet")
    for page in open_page(browser, page_problems, live_site, user):
        page.goto(live_site.url + "/hesabim/")
        city = page.get_by_label("Şehir")
        expect(city).to_have_value("İzmir")
        labels = city.locator("option").all_inner_texts()
        assert labels[:3] == ["Seçin", "Adana", "Adıyaman"]
        assert len(labels) == 82
        assert not [label for label in labels if "Province" in label]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        city.scroll_into_view_if_needed()

        city.select_option(label="Çanakkale")
        with page.expect_navigation():
            page.get_by_role("button", name="Kaydet").click()
        expect(page.get_by_text("Profiliniz kaydedildi")).to_be_visible()
        expect(page.get_by_label("Şehir")).to_have_value("Çanakkale")
        user.refresh_from_db()
        assert user.city == "Çanakkale"

        # Saved again without touching the select: the city stays.
        with page.expect_navigation():
            page.get_by_role("button", name="Kaydet").click()
        expect(page.get_by_label("Şehir")).to_have_value("Çanakkale")
        user.refresh_from_db()
        assert user.city == "Çanakkale"
    assert page_problems.console_errors == []
    assert page_problems.page_errors == []
    assert page_problems.failed_responses == []
