"""Unsubscribe links in notification e-mails: a footer link and RFC 8058 headers; the page asks
before it changes anything; the one-click POST works without a session or CSRF token."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client

from integrations import services
from marketplace.models import ConsentKind, User
from marketplace.selectors import consent_current
from marketplace.services.privacy import consent_record

pytestmark = pytest.mark.django_db


def _email_link(user: User, event: str = "interest_received") -> tuple[EmailMultiAlternatives, str]:
    notification = services.notification_enqueue(
        user=user,
        event=event,
        dedupe_key=f"{event}:{user.pk}",
        context={"seller_name": "Ahmet", "part_name": "Far", "buyer_name": "Ayşe"},
    )
    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    email = mail.outbox[-1]
    assert isinstance(email, EmailMultiAlternatives)
    match = re.search(r"https?://\S+/bildirimler/abonelik-iptal/\S+/", str(email.body))
    return email, match.group(0) if match else ""


def test_notification_emails_carry_the_link_and_headers(user: User) -> None:
    email, url = _email_link(user)
    assert url
    assert email.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = str(email.alternatives[0][0])
    assert url.replace("&", "&amp;") in html or url in html


def test_page_asks_first_then_stops_emails_and_marketing(user: User, settings: Any) -> None:
    consent_record(user=user, kind=ConsentKind.MARKETING, granted=True)
    _email, url = _email_link(user)
    path = url.removeprefix(settings.SITE_URL)
    client = Client()
    page = client.get(path)
    assert page.status_code == 200
    assert "E-postaları durdur" in page.content.decode()
    user.refresh_from_db()
    assert user.notify_email is True

    done = client.post(path)
    assert done.status_code == 200
    user.refresh_from_db()
    assert user.notify_email is False
    assert consent_current(user=user)[ConsentKind.MARKETING] is False


def test_one_click_post_needs_no_csrf_token(user: User, settings: Any) -> None:
    _email, url = _email_link(user)
    client = Client(enforce_csrf_checks=True)
    response = client.post(url.removeprefix(settings.SITE_URL), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.notify_email is False


def test_forged_link_changes_nothing(user: User) -> None:
    client = Client()
    for method in (client.get, client.post):
        response = method("/bildirimler/abonelik-iptal/sahte-anahtar/")
        assert response.status_code == 400
        assert "Bu bağlantı geçerli değil" in response.content.decode()
    user.refresh_from_db()
    assert user.notify_email is True


def test_required_emails_have_no_unsubscribe_link(user: User) -> None:
    email, url = _email_link(user, event="password_reset")
    assert url == ""
    assert "List-Unsubscribe" not in email.extra_headers
