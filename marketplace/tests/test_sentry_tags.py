"""Sentry events carry the feature and the kind of user, and no personal data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sentry_sdk
from django.conf import settings
from django.test import Client

from marketplace.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def sentry_events() -> Iterator[list[dict[str, Any]]]:
    """A real Sentry client whose transport keeps the events instead of sending them."""
    events: list[dict[str, Any]] = []

    class KeepingTransport(sentry_sdk.transport.Transport):
        def capture_envelope(self, envelope: Any) -> None:
            for item in envelope.items:
                if item.type == "event":
                    events.append(item.payload.json)

    client = sentry_sdk.Client(
        dsn="https://public@sentry.invalid/1",
        transport=KeepingTransport,
        integrations=[],
        default_integrations=False,
        **settings.SENTRY_PRIVACY_OPTIONS,  # as config/settings/base.py initialises Sentry
    )
    previous = sentry_sdk.get_client()
    sentry_sdk.get_global_scope().set_client(client)
    try:
        yield events
    finally:
        sentry_sdk.get_global_scope().set_client(previous)


def test_request_events_are_tagged(sentry_events: list[dict[str, Any]], user: User) -> None:
    client = Client()
    client.force_login(user)
    with sentry_sdk.isolation_scope():
        assert client.get("/api/parts").status_code == 200
        sentry_sdk.capture_message("probe")
    [event] = sentry_events
    assert event["tags"]["feature"] == "api"
    assert event["tags"]["user_type"] == "user"
    assert user.email not in str(event)


def test_exception_events_carry_no_local_values(sentry_events: list[dict[str, Any]]) -> None:
    def deliver(code: str) -> None:
        raise RuntimeError("provider refused")

    code = str(482_000 + 913)  # made at run time: the event's source lines must not hold it
    try:
        deliver(code)
    except RuntimeError:
        sentry_sdk.capture_exception()
    [event] = sentry_events
    assert event["exception"]["values"][0]["value"] == "provider refused"
    assert code not in str(event)
