"""KVKK part of the integrations app: the user's notifications in their data export (contexts,
never secrets) and what an account deletion does to them. Registered in apps.py."""

from __future__ import annotations

from typing import Any

from integrations.models import Notification
from integrations.services import notifications_erase_for_user
from marketplace.models import User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def notifications_export(user: User) -> list[dict[str, Any]]:
    """What we told (or were to tell) the user, with the variables of each text. One-time codes
    and password-reset links are never exported: they are encrypted apart from the context and
    wiped after delivery."""
    return [
        {
            "id": str(notification.pk),
            "event": notification.event,
            "status": notification.status,
            "channel": notification.channel,
            "context": notification.context,
            "sent_to": notification.address,
            "created_at": _iso(notification.created_at),
            "sent_at": _iso(notification.sent_at),
        }
        for notification in Notification.objects.filter(user=user)
        .order_by("created_at", "id")
        .only("pk", "event", "status", "channel", "context", "address", "created_at", "sent_at")
    ]


def notifications_erase(user: User) -> int:
    return notifications_erase_for_user(user=user)
