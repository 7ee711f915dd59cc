"""Phone login in real headless Chromium on a phone-sized viewport, served over real HTTP."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from integrations.sms import SmsMessage
from marketplace.tests.browser import LiveSite, PageProblems, csp_violations, requires_chromium
from marketplace.tests.factories import UserFactory
from tests.phone.conftest import PHONE

pytestmark = [requires_chromium, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in_with_a_phone_code_on_a_phone(
    page: Page, live_site: LiveSite, page_problems: PageProblems, sms_outbox: list[SmsMessage]
) -> None:
    UserFactory.create(phone=PHONE, phone_verified_at=timezone.now())
    page.goto(live_site.url + "/hesap/telefon/giris/")
    page.get_by_label("Cep telefonu numarası").fill("0532 123 45 67")
    with page.expect_navigation():
        page.get_by_role("button", name="Kod gönder").click()
    expect(page.get_by_text("Doğrulama kodu gönderildi")).to_be_visible()

    code = sms_outbox[-1].body.rsplit(" ", 1)[-1]
    code_box = page.get_by_label("Doğrulama kodu")
    expect(code_box).to_be_focused()
    code_box.fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Giriş Yap", exact=True).click()

    assert page.url == live_site.url + "/"
    expect(page.get_by_text("Başarıyla giriş yapıldı")).to_be_visible()
    expect(page.get_by_role("button", name="Çıkış")).to_be_visible()
    assert page_problems.console_errors == []
    assert page_problems.page_errors == []
    assert page_problems.failed_responses == []
    assert csp_violations(page) == []
