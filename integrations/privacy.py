"""KVKK part of the integrations app: the user's notifications in their data export (contexts,
never secrets) and what an account deletion does to them. Registered in apps.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from integrations.models import Notification, NotificationStatus
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


def notifications_purge(*, before: datetime) -> int:
    """KVKK retention: finished notifications (sent, failed, not sent) created before `before`
    are deleted with their delivery attempts: their texts' variables name people, parts and
    sometimes a phone number. One still waiting or being sent is never touched."""
    finished = Notification.objects.filter(created_at__lt=before).exclude(
        status__in=[NotificationStatus.PENDING, NotificationStatus.SENDING]
    )
    return finished.delete()[1].get("integrations.Notification", 0)
