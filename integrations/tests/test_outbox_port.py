"""The integrations app serves the core's outbox port (marketplace.outbox)."""

from __future__ import annotations

import uuid

import pytest

from integrations.choices import NotificationEvent, NotificationStatus
from integrations.outbox import OUTBOX
from marketplace import outbox as outbox_port
from marketplace.outbox import outbox


def test_integrations_registers_its_notification_outbox() -> None:
    assert outbox() is OUTBOX


def test_the_core_event_names_and_statuses_are_the_outbox_s() -> None:
    assert {outbox_port.EVENT_OTP, outbox_port.EVENT_PASSWORD_RESET} <= set(NotificationEvent)
    assert outbox_port.DELIVERY_SENT == NotificationStatus.SENT


@pytest.mark.django_db
def test_a_row_another_worker_took_answers_taken() -> None:
    assert OUTBOX.deliver_now(notification_id=uuid.uuid4()) == outbox_port.DELIVERY_TAKEN
