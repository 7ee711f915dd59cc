"""No second e-mail or WhatsApp message after a worker died (or stalled past its claim) in the
middle of a provider call: the provider already has the message, the row is handed out again,
and the next worker settles the first call instead of sending again
(integrations.notifications.handoff)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from conftest import celery_worker_running
from integrations import services
from integrations.connections import connection_save
from integrations.models import AttemptStatus, Notification, NotificationStatus
from integrations.tests.fake_brevo import FakeBrevo
from integrations.tests.fake_meta import APP_SECRET, FakeMeta
from integrations.tests.fake_smtp import FakeSmtp, fake_smtp, smtp_config  # noqa: F401
from integrations.tests.test_reliability import _wait_for
from marketplace.models import ConsentKind, User
from marketplace.services.privacy import consent_record
from marketplace.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
needs_worker = pytest.mark.skipif(
    not django_settings.REDIS_URL
    or django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="needs REDIS_URL and DATABASE_URL=postgres://… (a worker shares the database)",
)
CONTEXT = {"seller_name": "Ahmet", "part_name": "Alternatör", "buyer_name": "Ayşe"}
ENCRYPTION_KEY = ("crash-test", "crash-test-encryption-secret")


def _email_user() -> User:
    user: User = UserFactory.create(notify_email=True, notify_sms=False, notify_whatsapp=False)
    return user


def _whatsapp_user() -> User:
    user: User = UserFactory.create(
        phone="+905321234567",
        phone_verified_at=timezone.now(),
        notify_whatsapp=True,
        notify_sms=True,
        notify_email=False,
    )
    consent_record(user=user, kind=ConsentKind.WHATSAPP, granted=True)
    return user


def _enqueue(user: User, key: str, event: str = "interest_received") -> Notification:
    with transaction.atomic():
        return services.notification_enqueue(
            user=user,
            event=event,
            dedupe_key=key,
            context=CONTEXT
            if event == "interest_received"
            else {"seller_name": "Ahmet", "seller_phone": "+905551112233"},
            relay=False,
        )


def _connect_smtp(state: FakeSmtp, settings: Any) -> None:
    settings.INTEGRATIONS_ENCRYPTION_KEYS = [ENCRYPTION_KEY]
    connection_save(
        kind="smtp_email",
        config=smtp_config(state),
        secrets={"password": "smtp-parola-Gizli-1"},
        is_enabled=True,
    )


def _stalled_worker(notification: Notification) -> threading.Thread:
    """A worker that claims the row and calls the provider, which holds its answer."""

    def work() -> None:
        try:
            services.notification_deliver(notification_id=notification.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def _claim_times_out(notification: Notification) -> None:
    """The stalled worker's claim is older than NOTIFICATION_CLAIM_TIMEOUT_SECONDS: the sweep
    hands the row out again."""
    Notification.objects.filter(pk=notification.pk).update(
        claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert str(notification.pk) in services.notifications_sweep()


def test_email_over_smtp_is_not_sent_again_when_the_claim_expired_mid_send(
    fake_smtp: FakeSmtp,  # noqa: F811
    settings: Any,
) -> None:
    _connect_smtp(fake_smtp, settings)
    fake_smtp.answer_delay = 3  # the server has the message; the worker has no answer yet
    notification = _enqueue(_email_user(), "smtp-stall")
    stalled = _stalled_worker(notification)
    _wait_for(lambda: len(fake_smtp.mails) == 1, 15, "the SMTP server to take the message")
    _claim_times_out(notification)

    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    stalled.join(timeout=15)
    assert len(fake_smtp.mails) == 1
    assert fake_smtp.problems == []
    [mail] = fake_smtp.mails
    assert mail.message_id == f"<notification.{notification.pk}@example.com>"
    notification.refresh_from_db()
    assert (notification.status, notification.channel) == (NotificationStatus.SENT, "email")
    # The stalled worker, answered at last, recorded what the server said on the same attempt.
    attempt = notification.attempts.get()
    assert (attempt.status, attempt.provider) == (AttemptStatus.SENT, "email-smtp")
    assert attempt.provider_message_id == mail.message_id


def test_a_send_never_begun_is_made_normally_after_the_claim_expired(
    fake_smtp: FakeSmtp,  # noqa: F811
    settings: Any,
) -> None:
    """A worker that died outside a provider call left no `sending` attempt: nothing can be out,
    so the row is delivered as usual."""
    _connect_smtp(fake_smtp, settings)
    notification = _enqueue(_email_user(), "smtp-never-begun")
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    services.notifications_sweep()
    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    assert len(fake_smtp.mails) == 1
    assert notification.attempts.get().status == AttemptStatus.SENT


def _meta_status(client: Client, status: dict[str, Any]) -> int:
    payload = {
        "object": "whatsapp_business_account",
        "entry": [
            {"id": "WABA", "changes": [{"field": "messages", "value": {"statuses": [status]}}]}
        ],
    }
    raw = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    response = client.post(
        "/api/webhooks/whatsapp",
        raw,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=signature,
    )
    return response.status_code


def test_whatsapp_status_webhook_settles_a_send_whose_answer_was_lost(
    fake_meta: FakeMeta, client: Client
) -> None:
    fake_meta.answer_delay = 3
    notification = _enqueue(_whatsapp_user(), "meta-stall", event="interest_approved")
    stalled = _stalled_worker(notification)
    _wait_for(lambda: len(fake_meta.messages) == 1, 15, "Meta to take the message")
    [sent] = fake_meta.messages
    attempt = notification.attempts.get()
    assert sent.callback_data == f"attempt:{attempt.pk}"
    # Meta reports the message before anyone read its answer: the receipt names the attempt.
    status = {
        "id": sent.message_id,
        "status": "sent",
        "timestamp": "1764500000",
        "recipient_id": "905321234567",
        "biz_opaque_callback_data": sent.callback_data,
    }
    assert _meta_status(client, status) == 200
    _claim_times_out(notification)

    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    stalled.join(timeout=15)
    assert len(fake_meta.messages) == 1  # not sent again, not fallen through to SMS either
    assert fake_meta.problems == []
    attempt.refresh_from_db()
    assert (attempt.status, attempt.provider_message_id) == (AttemptStatus.SENT, sent.message_id)
    assert _meta_status(client, {**status, "status": "delivered"}) == 200
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.DELIVERED


def test_brevo_email_is_sent_again_with_the_same_idempotency_key_and_arrives_once(
    fake_brevo: FakeBrevo, settings: Any
) -> None:
    """Brevo took the request but the answer never came (a network drop): the retry carries the
    same idempotencyKey, Brevo refuses it as a duplicate, and that counts as sent."""
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 0
    fake_brevo.drop_answers = 1
    notification = _enqueue(_email_user(), "brevo-drop")
    assert services.notification_deliver(notification_id=notification.pk) == "pending"
    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    assert len(fake_brevo.mails) == 1
    assert fake_brevo.problems == []
    assert fake_brevo.mails[0]["headers"]["idempotencyKey"] == str(notification.pk)
    failed, settled = notification.attempts.order_by("created_at")
    assert (failed.status, failed.retryable) == (AttemptStatus.FAILED, True)
    assert settled.status == AttemptStatus.SENT


def _worker_environment(**extra: str) -> dict[str, str]:
    return {
        "NOTIFICATION_QUIET_HOURS": "0-0",
        "NOTIFICATION_CLAIM_TIMEOUT_SECONDS": "2",
        "INTEGRATIONS_ENCRYPTION_KEYS": ":".join(ENCRYPTION_KEY),
        **extra,
    }


def _kill_mid_send_then_recover(
    notification: Notification, environment: dict[str, str], provider_has_it: Any
) -> None:
    with celery_worker_running(wait=False, **environment) as worker:
        from config.celery_app import app

        _wait_for(lambda: bool(app.control.ping(timeout=0.5)), 30, "the worker")
        services._relay(notification.pk)
        _wait_for(provider_has_it, 30, "the provider call")
        worker.kill()
        worker.wait()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENDING
    assert notification.attempts.get().status == AttemptStatus.SENDING
    time.sleep(2.5)  # the claim of the dead worker times out

    with celery_worker_running(wait=False, **environment):
        from integrations.tasks import notifications_sweep

        notifications_sweep.delay()
        _wait_for(
            lambda: Notification.objects.get(pk=notification.pk).status == NotificationStatus.SENT,
            30,
            "the notification to be settled",
        )
        time.sleep(1)


@needs_worker
def test_email_not_sent_twice_after_worker_killed_mid_send(
    fake_smtp: FakeSmtp,  # noqa: F811
    settings: Any,
) -> None:
    _connect_smtp(fake_smtp, settings)
    fake_smtp.answer_delay = 30  # the server queued the message; the worker dies before "250"
    notification = _enqueue(_email_user(), "smtp-kill")
    _kill_mid_send_then_recover(
        notification, _worker_environment(), lambda: len(fake_smtp.mails) == 1
    )
    assert len(fake_smtp.mails) == 1
    assert fake_smtp.problems == []
    attempt = notification.attempts.get()
    assert (attempt.status, attempt.provider) == (AttemptStatus.UNKNOWN, "email-smtp")


@needs_worker
def test_whatsapp_not_sent_twice_after_worker_killed_mid_send(
    fake_meta: FakeMeta, client: Client
) -> None:
    fake_meta.answer_delay = 30
    notification = _enqueue(_whatsapp_user(), "meta-kill", event="interest_approved")
    environment = _worker_environment(
        WHATSAPP_BACKEND="integrations.whatsapp.backends.meta_cloud.MetaCloudWhatsAppBackend",
        WHATSAPP_CLOUD_API_BASE_URL=fake_meta.url,
        WHATSAPP_CLOUD_API_VERSION=django_settings.WHATSAPP_CLOUD_API_VERSION,
        WHATSAPP_CLOUD_PHONE_NUMBER_ID=django_settings.WHATSAPP_CLOUD_PHONE_NUMBER_ID,
        WHATSAPP_CLOUD_ACCESS_TOKEN=django_settings.WHATSAPP_CLOUD_ACCESS_TOKEN,
        SMS_BACKEND="integrations.sms.backends.console.ConsoleSmsBackend",
    )
    _kill_mid_send_then_recover(notification, environment, lambda: len(fake_meta.messages) == 1)
    assert len(fake_meta.messages) == 1
    attempt = notification.attempts.get()  # no SMS fallback either
    assert attempt.status == AttemptStatus.UNKNOWN
    # Meta's late receipt names the attempt: the outcome is known after all.
    [sent] = fake_meta.messages
    status = {
        "id": sent.message_id,
        "status": "delivered",
        "timestamp": "1764500000",
        "recipient_id": "905321234567",
        "biz_opaque_callback_data": sent.callback_data,
    }
    assert _meta_status(client, status) == 200
    attempt.refresh_from_db()
    assert (attempt.status, attempt.provider_message_id) == (
        AttemptStatus.DELIVERED,
        sent.message_id,
    )
