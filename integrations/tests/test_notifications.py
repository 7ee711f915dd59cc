"""The notification outbox: recorded with the change, delivered once, routed by consent and
preference, retried with back-off, falling back WhatsApp → SMS → e-mail, quiet at night."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from integrations import services
from integrations.models import (
    AttemptStatus,
    Channel,
    Notification,
    NotificationEvent,
    NotificationStatus,
    NotificationTemplate,
)
from integrations.notifications.breaker import FAILURE_THRESHOLD, circuit_state
from integrations.notifications.routing import quiet_hours_end, routes_for
from integrations.tests.fake_twilio import FakeTwilio
from marketplace.models import ConsentKind, User
from marketplace.services.privacy import consent_record
from marketplace.tests.factories import UserFactory

# Delivery after commit runs in this process, on Redis too (no worker in these tests).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_in_process")]
ISTANBUL = ZoneInfo("Europe/Istanbul")
CONTEXT = {
    "seller_name": "Ahmet",
    "part_name": "Alternatör",
    "buyer_name": "Ayşe",
    "conversation_url": "http://localhost:8000/mesajlar/x/",
}


@pytest.fixture
def whatsapp_outbox(settings: Any) -> list[Any]:
    from integrations import whatsapp

    settings.WHATSAPP_BACKEND = "integrations.whatsapp.backends.locmem.LocmemWhatsAppBackend"
    whatsapp.outbox.clear()
    return whatsapp.outbox


def _seller(*, whatsapp: bool = False, sms: bool = False, email: bool = True) -> User:
    user: User = UserFactory.create(
        phone="+905321234567",
        phone_verified_at=timezone.now(),
        notify_whatsapp=whatsapp,
        notify_sms=sms,
        notify_email=email,
    )
    if whatsapp:
        consent_record(user=user, kind=ConsentKind.WHATSAPP, granted=True)
    return user


def _enqueue(user: User, key: str = "interest_received:1", **kwargs: Any) -> Notification:
    with transaction.atomic():
        return services.notification_enqueue(
            user=user,
            event=kwargs.pop("event", NotificationEvent.INTEREST_RECEIVED),
            dedupe_key=key,
            context=kwargs.pop("context", CONTEXT),
        )


def test_the_row_is_written_once_per_cause(django_capture_on_commit_callbacks: Any) -> None:
    user = _seller()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = _enqueue(user)
        second = _enqueue(user)
    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert len(callbacks) == 1


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks: Any) -> None:
    user = _seller()

    def change_that_fails() -> None:
        with transaction.atomic():
            services.notification_enqueue(
                user=user, event="interest_received", dedupe_key="k", context=CONTEXT
            )
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change_that_fails()
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_whatsapp_first_with_the_approved_template(
    whatsapp_outbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    user = _seller(whatsapp=True, sms=True)
    with django_capture_on_commit_callbacks(execute=True):
        notification = _enqueue(user)
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.channel == Channel.WHATSAPP
    [message] = whatsapp_outbox
    assert message.template_name == "interest_notification"
    assert message.variables == ["Ahmet", "Alternatör", "Ayşe"]
    assert message.text == "Merhaba Ahmet, Alternatör parçanıza Ayşe ilgi gösterdi."
    [attempt] = notification.attempts.all()
    assert (attempt.provider, attempt.status) == ("whatsapp-locmem", AttemptStatus.SENT)


def test_whatsapp_needs_the_kvkk_consent_as_well_as_the_preference(
    whatsapp_outbox: list[Any],
) -> None:
    user = _seller(sms=True)
    user.notify_whatsapp = True
    user.save()
    routes, _ = routes_for(user=user, event="interest_received")
    assert [route.channel for route in routes] == [Channel.SMS, Channel.EMAIL]


def test_delivering_twice_sends_once(whatsapp_outbox: list[Any]) -> None:
    user = _seller(whatsapp=True)
    notification = _enqueue(user)
    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    assert services.notification_deliver(notification_id=notification.pk) == "not_due_or_taken"
    assert len(whatsapp_outbox) == 1


def test_email_has_text_and_html_parts(django_capture_on_commit_callbacks: Any) -> None:
    user = _seller()
    context = {**CONTEXT, "buyer_name": "<b>Ayşe & Co</b>"}
    with django_capture_on_commit_callbacks(execute=True):
        _enqueue(user, context=context)
    [email] = mail.outbox
    assert email.to == [user.email]
    assert email.subject == "Alternatör parçanıza ilgi var"
    assert "<b>Ayşe & Co</b>, Alternatör parçanızla ilgileniyor" in email.body
    assert isinstance(email, EmailMultiAlternatives)
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert "&lt;b&gt;Ayşe &amp; Co&lt;/b&gt;" in str(html)


def test_provider_failing_three_times_then_delivering_once(
    fake_twilio: FakeTwilio, settings: Any
) -> None:
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 0
    user = _seller(sms=True, email=False)
    fake_twilio.script = [500, 500, 500]
    notification = _enqueue(user)
    for _ in range(3):
        assert services.notification_deliver(notification_id=notification.pk) == "pending"
    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    assert len(fake_twilio.messages) == 1
    assert fake_twilio.messages[0].body.startswith("Merhaba Ahmet, Alternatör parçanıza Ayşe")
    statuses = list(notification.attempts.values_list("status", "retryable"))
    assert statuses == [("failed", True)] * 3 + [("sent", False)]


def test_a_failing_channel_falls_back_to_the_next(fake_twilio: FakeTwilio) -> None:
    user = _seller(sms=True)
    fake_twilio.answer = 503
    notification = _enqueue(user)
    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    notification.refresh_from_db()
    assert notification.channel == Channel.EMAIL
    assert [a.channel for a in notification.attempts.all()] == ["sms", "email"]
    assert len(mail.outbox) == 1


def test_circuit_opens_after_repeated_failures_and_the_fallback_is_used(
    fake_twilio: FakeTwilio,
) -> None:
    user = _seller(sms=True)
    fake_twilio.answer = 500
    for number in range(FAILURE_THRESHOLD):
        notification = _enqueue(user, key=f"n{number}")
        services.notification_deliver(notification_id=notification.pk)
    assert circuit_state("sms-twilio") == "open"
    requests_before = fake_twilio.requests_seen
    notification = _enqueue(user, key="after-open")
    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    assert fake_twilio.requests_seen == requests_before  # the provider was not called
    notification.refresh_from_db()
    assert notification.channel == Channel.EMAIL


def test_permanent_failure_on_every_channel_is_final(fake_twilio: FakeTwilio) -> None:
    user = _seller(sms=True, email=False)
    fake_twilio.answer = 400
    notification = _enqueue(user)
    assert services.notification_deliver(notification_id=notification.pk) == "failed"


def test_no_accepted_channel_is_skipped_with_a_reason() -> None:
    user = _seller(email=False)
    notification = _enqueue(user)
    assert services.notification_deliver(notification_id=notification.pk) == "skipped"
    notification.refresh_from_db()
    assert notification.skip_reason == "no channel the user accepts"


def test_marketing_needs_consent_and_stops_after_two_a_week() -> None:
    user = _seller()
    NotificationTemplate.objects.create(
        event="marketing", channel="email", subject="Kampanya", body="Fren balatalarında indirim"
    )
    first = _enqueue(user, key="m1", event="marketing", context={})
    assert services.notification_deliver(notification_id=first.pk) == "skipped"
    consent_record(user=user, kind=ConsentKind.MARKETING, granted=True)
    results = []
    for number in range(2, 5):
        notification = _enqueue(user, key=f"m{number}", event="marketing", context={})
        results.append(services.notification_deliver(notification_id=notification.pk))
    assert results == ["sent", "sent", "skipped"]


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ("2026-11-30 21:59", None),
        ("2026-11-30 22:00", "2026-12-01 08:00"),
        ("2026-12-01 03:30", "2026-12-01 08:00"),
        ("2026-12-01 08:00", None),
    ],
)
def test_quiet_hours(local: str, expected: str | None, settings: Any) -> None:
    settings.NOTIFICATION_QUIET_HOURS = (22, 8)
    moment = datetime.fromisoformat(local).replace(tzinfo=ISTANBUL)
    end = quiet_hours_end(moment)
    assert (end.strftime("%Y-%m-%d %H:%M") if end else None) == expected


def test_non_urgent_waits_for_the_morning_urgent_does_not(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.NOTIFICATION_QUIET_HOURS = (22, 8)
    night = datetime(2026, 11, 30, 23, 30, tzinfo=ISTANBUL)
    monkeypatch.setattr("integrations.services.timezone.now", lambda: night)
    user = _seller(sms=True)
    waiting = _enqueue(user)
    code = _enqueue(user, key="otp:1", event="otp", context={"code": "123456"})
    assert waiting.due_at == datetime(2026, 12, 1, 8, 0, tzinfo=ISTANBUL)
    assert code.due_at == night
    assert services.notification_deliver(notification_id=waiting.pk) == "not_due_or_taken"


def test_sweep_hands_out_rows_of_a_dead_worker(settings: Any) -> None:
    user = _seller()
    notification = _enqueue(user)
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.SENDING,
        claimed_at=timezone.now()
        - timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT_SECONDS + 1),
    )
    assert services.notifications_sweep() == [str(notification.pk)]
    assert services.notification_deliver(notification_id=notification.pk) == "sent"


def test_circuit_half_opens_after_a_while_and_closes_on_recovery(
    fake_twilio: FakeTwilio, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time as real_time

    from integrations.notifications import breaker

    user = _seller(sms=True)
    fake_twilio.answer = 500
    for number in range(FAILURE_THRESHOLD):
        services.notification_deliver(notification_id=_enqueue(user, key=f"r{number}").pk)
    assert circuit_state("sms-twilio") == "open"

    later = real_time.time() + breaker.OPEN_SECONDS + 1
    monkeypatch.setattr(breaker, "_now", lambda: later)
    assert circuit_state("sms-twilio") == "half_open"
    fake_twilio.answer = "ok"  # the provider is back
    notification = _enqueue(user, key="recovered")
    assert services.notification_deliver(notification_id=notification.pk) == "sent"
    notification.refresh_from_db()
    assert notification.channel == Channel.SMS
    assert circuit_state("sms-twilio") == "closed"


def test_payment_reminder_uses_the_seeds_whatsapp_template(
    whatsapp_outbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    """No payment exists yet to remind about; the event, its templates and routing are ready
    for the payments feature, which enqueues it like any other event."""
    buyer = _seller(whatsapp=True)
    context = {
        "buyer_name": "Ayşe",
        "part_name": "Alternatör",
        "payment_link": "https://banayenisanaeski.com/odeme/1/",
    }
    with django_capture_on_commit_callbacks(execute=True):
        notification = _enqueue(
            buyer, "payment_reminder:1", event=NotificationEvent.PAYMENT_REMINDER, context=context
        )
    notification.refresh_from_db()
    assert (notification.status, notification.channel) == (
        NotificationStatus.SENT,
        Channel.WHATSAPP,
    )
    [message] = whatsapp_outbox
    assert message.template_name == "payment_reminder"
    assert message.variables == ["Ayşe", "Alternatör", "https://banayenisanaeski.com/odeme/1/"]
    assert message.text == (
        "Ayşe, Alternatör için ödeme bekleniyor. Detaylar: https://banayenisanaeski.com/odeme/1/"
    )
