"""Signing up from a listing's page (a parts page) brings the new user back to it."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from marketplace.models import User
from marketplace.tests.test_accounts_web import FormClient, full_link_in, sign_up, text
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db


def test_the_sign_up_link_on_a_listing_brings_the_new_user_back_to_it() -> None:
    listing = reverse("parts:detail", args=[make_part().slug])
    browser = FormClient()
    page = text(browser.get(listing))
    signup_link = f'href="/hesap/kayit/?next={quote(listing, safe="")}"'
    assert signup_link in page
    assert f'href="/hesap/giris/?next={quote(listing, safe="")}"' in page
    # The login page's "Create an account" and the sign-up page's "Log in" keep it too.
    login_page = text(browser.get(f"/hesap/giris/?next={quote(listing)}"))
    assert signup_link in login_page
    signup_page = text(browser.get(f"/hesap/kayit/?next={quote(listing)}"))
    assert f'<input type="hidden" name="next" value="{listing}">' in signup_page
    assert f'href="/hesap/giris/?next={quote(listing, safe="")}"' in signup_page

    assert sign_up(browser, "geri@example.com", listing).status_code == 302
    [message] = mail.outbox
    link = full_link_in(message)
    assert link.endswith(f"?next={quote(listing, safe='')}")
    confirmed = browser.post(link, {})
    assert (confirmed.status_code, confirmed["Location"]) == (302, listing)
    assert browser.user_id() == str(User.objects.get(email="geri@example.com").pk)


def test_confirming_from_a_mail_app_in_another_browser_logs_in_once_and_returns_to_the_page() -> (
    None
):
    listing = reverse("parts:detail", args=[make_part().slug])
    assert sign_up(FormClient(), "postadan@example.com", listing).status_code == 302
    user = User.objects.get(email="postadan@example.com")
    link = full_link_in(mail.outbox[0])

    mail_app = FormClient()  # no session of the sign-up
    confirmed = mail_app.post(link, {})
    assert (confirmed.status_code, confirmed["Location"]) == (302, listing)
    assert mail_app.user_id() == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified

    # Single use: the same link neither confirms nor logs anyone in again.
    again = FormClient()
    assert "Bu doğrulama bağlantısının süresi dolmuş ya da bağlantı geçersiz." in text(
        again.get(link)
    )
    again.client.post(link, {})
    assert again.user_id() is None
