"""The core's outbox port (marketplace.outbox) served by the notification outbox: a phone code
or a password-reset e-mail becomes a `Notification` delivered like any other. Registered from
IntegrationsConfig.ready()."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from integrations.services import (
    notification_cancel,
    notification_deliver_now,
    notification_enqueue,
)


class NotificationOutbox:
    def enqueue(
        self,
        *,
        user_id: uuid.UUID,
        event: str,
        dedupe_key: str,
        context: dict[str, Any] | None = None,
        secrets: dict[str, str] | None = None,
        expires_in: timedelta | None = None,
        address: str = "",
    ) -> uuid.UUID:
        # Not relayed to Celery: the caller delivers it from the request right after commit
        # (the user is waiting), and the sweep is the safety net.
        notification = notification_enqueue(
            user_id=user_id,
            event=event,
            dedupe_key=dedupe_key,
            context=context,
            secrets=secrets,
            expires_in=expires_in,
            address=address,
            relay=False,
        )
        return notification.pk

    def deliver_now(self, *, notification_id: uuid.UUID) -> str:
        return str(notification_deliver_now(notification_id=notification_id))

    def cancel(self, *, notification_id: uuid.UUID, reason: str) -> bool:
        return notification_cancel(notification_id=notification_id, reason=reason)


OUTBOX = NotificationOutbox()
