"""The relevance registry: the app that knows a notification's cause decides at delivery time
whether it is still sent, from plain data (the recipient's id and the template variables)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from integrations.notifications import relevance
from integrations.services import notification_deliver, notification_enqueue
from marketplace.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _dropped_unless_wanted(
    *, user_id: uuid.UUID, context: dict[str, Any]
) -> tuple[bool, str, dict[str, Any]]:
    if not context.get("wanted"):
        return False, "no longer wanted", {}
    return True, "", {"count": 3}


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> dict[str, relevance.RelevanceCheck]:
    registered: dict[str, relevance.RelevanceCheck] = {}
    monkeypatch.setattr(relevance, "_checks", registered)
    return registered


def test_a_registered_check_drops_the_notification_with_its_reason(
    checks: dict[str, relevance.RelevanceCheck],
) -> None:
    relevance.notification_relevance_register("welcome", _dropped_unless_wanted)
    user = UserFactory.create()
    notification = notification_enqueue(
        user=user, event="welcome", dedupe_key="welcome:test", context={}, relay=False
    )
    assert notification_deliver(notification_id=notification.pk) == "skipped"
    notification.refresh_from_db()
    assert notification.skip_reason == "no longer wanted"


def test_a_relevant_notification_gets_the_check_s_context_updates(
    checks: dict[str, relevance.RelevanceCheck],
) -> None:
    relevance.notification_relevance_register("welcome", _dropped_unless_wanted)
    user = UserFactory.create()
    notification = notification_enqueue(
        user=user, event="welcome", dedupe_key="welcome:t", context={"wanted": 1}, relay=False
    )
    assert relevance.still_relevant(notification) == (True, "")
    assert notification.context == {"wanted": 1, "count": 3}


def test_events_without_a_check_are_always_relevant(
    checks: dict[str, relevance.RelevanceCheck],
) -> None:
    user = UserFactory.create()
    notification = notification_enqueue(
        user=user, event="welcome", dedupe_key="welcome:none", relay=False
    )
    assert relevance.still_relevant(notification) == (True, "")


def test_an_event_has_one_check(checks: dict[str, relevance.RelevanceCheck]) -> None:
    relevance.notification_relevance_register("welcome", _dropped_unless_wanted)
    relevance.notification_relevance_register("welcome", _dropped_unless_wanted)  # ready() twice
    with pytest.raises(ValueError, match="already has a check"):
        relevance.notification_relevance_register("welcome", lambda **kwargs: (True, "", {}))
