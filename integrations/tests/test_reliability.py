"""The outbox under failure, with real processes: Redis stopped while a buyer expresses interest,
and a Celery worker killed in the middle of a send. Each ends with the SMS delivered exactly once.

These need real Redis and a real worker (and a server database both processes share), so they run
in CI's PostgreSQL/Redis pass.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from conftest import (
    celery_beat_running,
    celery_worker_running,
    daphne_running,
    redis_server_running,
)
from integrations import services
from integrations.models import AttemptStatus, Notification, NotificationStatus
from integrations.tests import fake_twilio as twilio
from integrations.tests.fake_twilio import FakeTwilio
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from marketplace.tokens import access_token_create
from parts.tests.factories import make_part

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.REDIS_URL or settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="needs REDIS_URL and DATABASE_URL=postgres://… (a worker shares the database)",
    ),
]


def _provider_environment(fake: FakeTwilio, **extra: str) -> dict[str, str]:
    return {
        "SMS_BACKEND": "integrations.sms.backends.twilio.TwilioSmsBackend",
        "TWILIO_ACCOUNT_SID": twilio.ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": twilio.AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": twilio.FROM_NUMBER,
        "TWILIO_API_BASE_URL": fake.url,
        "NOTIFICATION_QUIET_HOURS": "0-0",
        **extra,
    }


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _seller_with_phone() -> User:
    seller: User = UserFactory.create(
        phone="+905321234567",
        phone_verified_at=timezone.now(),
        notify_sms=True,
        notify_email=False,
    )
    return seller


def test_redis_down_while_interest_is_expressed_delivers_once_after_it_returns(
    fake_twilio: FakeTwilio, tmp_path: Path
) -> None:
    seller = _seller_with_phone()
    part = make_part(seller=seller)
    buyer: User = UserFactory.create()
    token = access_token_create(user=buyer)
    with redis_server_running() as (port, stop_redis, start_redis):
        environment = _provider_environment(
            fake_twilio,
            REDIS_URL=f"redis://127.0.0.1:{port}/0",
            NOTIFICATION_SWEEP_SECONDS="1",
        )
        with (
            daphne_running(**environment) as server,
            celery_worker_running(wait=False, **environment),
        ):
            stop_redis()
            started = time.monotonic()
            response = requests.post(
                f"{server.url}/api/parts/{part.pk}/interest",
                json={"type": "interested"},
                headers={"Authorization": f"Bearer {token}"},
                timeout=60,
            )
            assert response.status_code == 201, response.text
            assert time.monotonic() - started < 30
            notification = Notification.objects.get(user=seller, event="interest_received")
            assert notification.status == NotificationStatus.PENDING
            assert fake_twilio.messages == []

            start_redis()
            schedule = tmp_path / "celerybeat-schedule"
            with celery_beat_running(schedule, **environment):
                _wait_for(lambda: len(fake_twilio.messages) >= 1, 90, "the seller's SMS")
                time.sleep(4)  # several more sweeps: still one message
    assert len(fake_twilio.messages) == 1
    assert fake_twilio.messages[0].to == "+905321234567"
    assert "ilgi gösterdi" in fake_twilio.messages[0].body
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts.filter(status=AttemptStatus.SENT).count() == 1


def test_worker_killed_mid_send_is_delivered_exactly_once_after_restart(
    fake_twilio: FakeTwilio,
) -> None:
    seller = _seller_with_phone()
    environment = _provider_environment(fake_twilio, NOTIFICATION_CLAIM_TIMEOUT_SECONDS="2")
    fake_twilio.answer_delay = 30  # Twilio accepted the SMS; the worker dies before the answer
    with celery_worker_running(wait=False, **environment) as worker:
        from config.celery_app import app

        _wait_for(lambda: bool(app.control.ping(timeout=0.5)), 30, "the worker")
        with transaction.atomic():
            notification = services.notification_enqueue(
                user=seller,
                event="interest_received",
                dedupe_key="kill-test",
                context={"seller_name": "Ahmet", "part_name": "Alternatör", "buyer_name": "Ayşe"},
            )
        _wait_for(lambda: len(fake_twilio.messages) == 1, 30, "the provider call")
        worker.kill()
        worker.wait()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENDING
    fake_twilio.answer_delay = 0
    time.sleep(2.5)  # the claim of the dead worker times out

    with celery_worker_running(wait=False, **environment):
        from integrations.tasks import notifications_sweep

        notifications_sweep.delay()
        _wait_for(
            lambda: Notification.objects.get(pk=notification.pk).status == NotificationStatus.SENT,
            30,
            "the notification to be settled",
        )
    assert len(fake_twilio.messages) == 1
    attempt = notification.attempts.get()
    assert attempt.provider_message_id == fake_twilio.messages[0].sid
