"""Whether a notification still makes sense at delivery time (its cause may have been dealt with
while it waited). The app that knows the cause registers a check for the event from its
AppConfig.ready() (messaging: a new-message notice is dropped once the messages are read).

A check is `function(user_id=..., context=...)`, given the recipient's id and the notification's
template variables, and returns (relevant, reason it is not, template variables to update).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from integrations.models import Notification


class RelevanceCheck(Protocol):
    def __call__(
        self, *, user_id: uuid.UUID, context: dict[str, Any]
    ) -> tuple[bool, str, dict[str, Any]]: ...


_checks: dict[str, RelevanceCheck] = {}


def notification_relevance_register(event: str, check: RelevanceCheck) -> None:
    """`check` decides, at delivery time, whether a notification of `event` is still sent."""
    # The same function again is harmless (ready() may run twice in tests); another one is a bug.
    if _checks.get(event, check) is not check:
        raise ValueError(f"Notification relevance: {event!r} already has a check")
    _checks[event] = check


def still_relevant(notification: Notification) -> tuple[bool, str]:
    check = _checks.get(notification.event)
    if check is None:
        return True, ""
    relevant, reason, updates = check(
        user_id=notification.user_id, context=dict(notification.context)
    )
    notification.context.update(updates)
    return relevant, reason
