"""What a ban and a password change do to open chat sockets, registered with the core's account
hooks (marketplace/account_hooks.py) and health checks from MessagingConfig.ready(). The effects
run in the caller's transaction and close the sockets once it commits (best effort, like the rest
of messaging/realtime.py)."""

from __future__ import annotations

import uuid

from django.db import transaction

from marketplace.models import User
from messaging.realtime import user_sockets_close, user_sockets_close_after_password_change


def sockets_close_after_ban(user: User) -> None:
    """An open connection must not keep receiving what a banned account may no longer see."""
    user_id = user.pk
    transaction.on_commit(lambda: user_sockets_close(user_id=user_id))


def sockets_close_after_password_change(
    *, user_id: uuid.UUID, keep_session_key: str | None
) -> None:
    """Every chat socket of the user closes, except those of the browser session that changed the
    password (`keep_session_key`; None on a reset)."""
    transaction.on_commit(
        lambda: user_sockets_close_after_password_change(
            user_id=user_id, keep_session_key=keep_session_key
        )
    )
