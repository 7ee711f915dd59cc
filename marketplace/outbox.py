"""The outbox port: how the core hands a message to whichever app delivers notifications (the
integrations app registers its outbox from its AppConfig.ready()); the core calls the port, never
the app.

The core's messages are a phone code (`otp`) and allauth's password-reset e-mail
(`password_reset`): written in the caller's transaction, delivered right after commit from the
request (the user is waiting), cancelled when the user was told it did not go out. Everything
crossing the port is plain data: a user id, an event name, template variables, an address.

Without a registered outbox nothing can be sent: `outbox()` raises `OutboxNotRegistered` rather
than silently dropping a code.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, Protocol

# The events the core sends (the delivering app holds their templates).
EVENT_OTP = "otp"
EVENT_PASSWORD_RESET = "password_reset"  # noqa: S105 - an event name, not a secret

# What `deliver_now` answers, besides the other statuses of a notification ("pending", "failed",
# "skipped") and "error" (delivery broke).
DELIVERY_SENT = "sent"
# Another worker (the outbox's sweep) claimed the row first and delivers it.
DELIVERY_TAKEN = "not_due_or_taken"


class OutboxNotRegistered(RuntimeError):
    pass


class Outbox(Protocol):
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
        """Records a notification for the user in the current transaction (once per
        `dedupe_key`), sent to `address` (a phone number or an e-mail address) instead of the
        user's own when given; `secrets` are stored encrypted and wiped after delivery. The
        caller delivers it (`deliver_now`) after commit. Returns the notification's id."""
        ...

    def deliver_now(self, *, notification_id: uuid.UUID) -> str:
        """Delivers it in this process at once; returns its status (DELIVERY_SENT, …)."""
        ...

    def cancel(self, *, notification_id: uuid.UUID, reason: str) -> bool:
        """Gives up a notification still waiting for a retry; False when it was already done."""
        ...


_outbox: Outbox | None = None


def register_outbox(outbox: Outbox) -> None:
    """Called once from the delivering app's AppConfig.ready()."""
    global _outbox
    # The same one again is harmless (ready() may run twice in tests); another one is a bug.
    if _outbox is not None and _outbox is not outbox:
        raise ValueError("Outbox: another outbox is already registered")
    _outbox = outbox


def outbox() -> Outbox:
    """The registered outbox; raises OutboxNotRegistered on a site without one."""
    if _outbox is None:
        raise OutboxNotRegistered(
            "No outbox is registered: a phone code or an e-mail cannot be sent. Add the app that "
            "delivers notifications (integrations) to INSTALLED_APPS; its AppConfig.ready() "
            "calls marketplace.outbox.register_outbox()."
        )
    return _outbox
