"""Fixtures of the phone-code tests: the SMS outbox, a fake Twilio, and users with phones."""

from __future__ import annotations

import pytest
from django.utils import timezone

from integrations.tests.fake_twilio import fake_twilio, sms_outbox  # noqa: F401 - fixtures
from marketplace.models import User
from marketplace.tests.factories import UserFactory

PHONE = "+905321234567"


@pytest.fixture
def phone_user(db: None) -> User:
    """A user whose number +90 532 123 45 67 is verified: they can log in with it."""
    return UserFactory.create(phone=PHONE, phone_verified_at=timezone.now())
