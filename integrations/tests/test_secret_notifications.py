"""One-time codes and password-reset links through the outbox: the row is written with the
change, the secret is stored only encrypted, wiped once the message is out or expired, never shown
in the admin, and the provider receives it."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from integrations.models import (
    SECRETS_WIPED,
    Notification,
    NotificationAttempt,
    NotificationEvent,
    NotificationStatus,
)
from integrations.services import (
    notification_deliver,
    notification_enqueue,
    notifications_sweep,
)
from integrations.sms import SmsMessage
from integrations.tests.fake_twilio import FakeTwilio
from marketplace.models import PhoneOtp, User
from marketplace.services.phone_codes import phone_code_request, phone_code_verify
from marketplace.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PHONE = "+905321234567"
NEW_PHONE = "+905449876543"
IP = "203.0.113.9"
Capture = Callable[..., AbstractContextManager[Any]]
LINK = re.compile(r"https?://[^/\s]+(/hesap/sifre-sifirla/anahtar/[^\s\"<]+/)")


def _raw_rows(table: str) -> str:
    """Every column of every row of `table`, as the database holds them."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - a fixed table name
        return repr(cursor.fetchall())


def _code_row(user: User, key: str, code: str, **options: Any) -> Notification:
    """A one-time code's notification to NEW_PHONE, as phone_code_request writes it."""
    return notification_enqueue(
        user=user,
        event=NotificationEvent.OTP,
        dedupe_key=key,
        secrets={"code": code},
        address=NEW_PHONE,
        **options,
    )


def _raw_secrets(notification: Notification) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secrets_encrypted FROM integrations_notification WHERE id = %s",
            [notification.pk.hex if connection.vendor == "sqlite" else notification.pk],
        )
        return str(cursor.fetchone()[0])


def _staff_client() -> Client:
    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


def test_a_verify_code_is_an_encrypted_outbox_row_texted_to_the_new_number_then_wiped(
    user: User,
    fake_twilio: FakeTwilio,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        phone_code_request(phone=NEW_PHONE, purpose="verify", ip_address=IP, user=user)
    notification = Notification.objects.get(event=NotificationEvent.OTP)
    assert notification.user == user
    assert notification.address == NEW_PHONE  # not (yet) the user's saved phone
    assert notification.status == NotificationStatus.PENDING
    otp = PhoneOtp.objects.get()
    assert notification.dedupe_key == f"otp:{otp.id}"
    assert notification.expires_at is not None
    assert abs((notification.expires_at - otp.expires_at).total_seconds()) < 5
    assert _raw_secrets(notification).startswith("v1$")
    assert notification.context == {}
    # Nothing was sent before commit; the admin shows that a secret exists, never its value.
    assert fake_twilio.messages == []
    page = _staff_client().get(f"/yonetim/integrations/notification/{notification.pk}/change/")
    assert page.status_code == 200
    assert "Şifreli" in page.content.decode()

    for callback in callbacks:
        callback()
    [received] = fake_twilio.messages
    code = received.body.rsplit(" ", 1)[-1]
    assert received.to == NEW_PHONE
    assert received.body == f"BanaYeni SanaEski doğrulama kodunuz: {code}"
    assert fake_twilio.problems == []
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert _raw_secrets(notification) == SECRETS_WIPED
    assert code not in _raw_rows("integrations_notification")
    assert code not in _raw_rows("integrations_notificationattempt")
    page = _staff_client().get(f"/yonetim/integrations/notification/{notification.pk}/change/")
    assert code not in page.content.decode()
    assert NotificationAttempt.objects.get().sms_parts == 1
    # The code still works: the outbox changed how it travels, not what it is.
    phone_code_verify(phone=NEW_PHONE, code=code, purpose="verify", user=user)
    user.refresh_from_db()
    assert user.phone == NEW_PHONE


def test_an_expired_code_is_never_sent_and_its_secret_is_wiped(
    user: User, sms_outbox: list[SmsMessage], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        phone_code_request(phone=NEW_PHONE, purpose="verify", ip_address=IP, user=user)
    notification = Notification.objects.get(event=NotificationEvent.OTP)
    # The worker reaches it only after the code's five minutes.
    Notification.objects.filter(pk=notification.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert notification_deliver(notification_id=notification.pk) == NotificationStatus.SKIPPED
    assert sms_outbox == []
    notification.refresh_from_db()
    assert notification.skip_reason == "expired"
    assert _raw_secrets(notification) == SECRETS_WIPED


def test_the_sweep_drops_expired_codes_and_wipes_what_is_left(
    user: User, sms_outbox: list[SmsMessage], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        waiting = _code_row(user, "otp:waiting", "111111", expires_in=timedelta(minutes=5))
        expired = _code_row(user, "otp:expired", "222222", expires_in=timedelta(minutes=5))
        finished = _code_row(user, "otp:finished", "333333", expires_in=timedelta(minutes=5))
    Notification.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    # e.g. a status an operator set by hand: finished rows keep no secret either.
    Notification.objects.filter(pk=finished.pk).update(status=NotificationStatus.FAILED)
    due = notifications_sweep()
    assert due == [str(waiting.pk)]
    expired.refresh_from_db()
    assert expired.status == NotificationStatus.SKIPPED
    assert _raw_secrets(expired) == SECRETS_WIPED
    assert _raw_secrets(finished) == SECRETS_WIPED
    assert _raw_secrets(waiting).startswith("v1$")
    assert notification_deliver(notification_id=waiting.pk) == NotificationStatus.SENT
    assert sms_outbox == [
        SmsMessage(to=NEW_PHONE, body="BanaYeni SanaEski doğrulama kodunuz: 111111")
    ]
    assert "111111" not in _raw_rows("integrations_notification")


def test_a_secret_pasted_onto_another_row_does_not_decrypt(
    user: User, sms_outbox: list[SmsMessage], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        first = _code_row(user, "otp:first", "444444")
        second = _code_row(user, "otp:second", "555555")
    Notification.objects.filter(pk=second.pk).update(secrets_encrypted=first.secrets_encrypted)
    assert notification_deliver(notification_id=second.pk) == NotificationStatus.FAILED
    assert sms_outbox == []
    assert _raw_secrets(second) == SECRETS_WIPED


def test_password_reset_mail_goes_through_the_outbox_with_text_and_html(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    user = UserFactory.create(email="unutkan@example.com")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    client = Client()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        asked = client.post("/hesap/sifre-sifirla/", {"email": "UNUTKAN@example.com"})
    assert asked.status_code == 302
    assert mail.outbox == []  # nothing before commit
    notification = Notification.objects.get(event=NotificationEvent.PASSWORD_RESET)
    assert notification.address == "unutkan@example.com"
    assert _raw_secrets(notification).startswith("v1$")
    assert "/hesap/sifre-sifirla/anahtar/" not in _raw_rows("integrations_notification")
    assert notification.expires_at is not None
    assert notification.expires_at > timezone.now() + timedelta(hours=1)

    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == ["unutkan@example.com"]
    assert message.subject == "BanaYeni SanaEski: Şifrenizi sıfırlayın"
    text_link = LINK.search(str(message.body))
    assert text_link
    [(html, mimetype)] = message.alternatives  # type: ignore[attr-defined]
    assert mimetype == "text/html"
    assert text_link.group(1) in str(html)
    assert "List-Unsubscribe" not in message.extra_headers  # a required mail: no opt-out
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert _raw_secrets(notification) == SECRETS_WIPED
    assert text_link.group(1) not in _raw_rows("integrations_notification")
    assert text_link.group(1) not in _raw_rows("integrations_notificationattempt")
    # …and the link works.
    assert client.get(text_link.group(1), follow=True).status_code == 200


def test_key_rotation_re_encrypts_codes_still_waiting(
    user: User,
    settings: Any,
    sms_outbox: list[SmsMessage],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    settings.INTEGRATIONS_ENCRYPTION_KEYS = [("old", "old-secret")]
    with django_capture_on_commit_callbacks(execute=False):
        waiting = _code_row(user, "otp:rotated", "666666")
    settings.INTEGRATIONS_ENCRYPTION_KEYS = [("new", "new-secret"), ("old", "old-secret")]
    out = io.StringIO()
    call_command("rotate_integration_keys", stdout=out)
    assert "1 notification(s) re-encrypted" in out.getvalue()
    assert _raw_secrets(waiting).split("$")[1] == "new"
    settings.INTEGRATIONS_ENCRYPTION_KEYS = [("new", "new-secret")]
    assert notification_deliver(notification_id=waiting.pk) == NotificationStatus.SENT
    assert sms_outbox[-1].body.endswith("666666")
