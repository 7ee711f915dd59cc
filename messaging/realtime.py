"""Pushing chat events to connected WebSockets through the channel layer.

Every socket of a user joins that user's group on connect; an event of a conversation goes to the
groups of both participants, and each consumer forwards it only for conversations its client
subscribed to. In-memory on the embedded default, Redis in production.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def user_group_name(user_id: uuid.UUID | str) -> str:
    return f"user.{user_id}"


def conversation_event_publish(
    *,
    conversation_id: uuid.UUID,
    user_ids: Iterable[uuid.UUID],
    event_type: str,
    data: dict[str, Any],
) -> None:
    """Sends `{"type": event_type, "data": data}` to every socket of the given users.

    Called after the database commit; a channel layer that is down must not undo what was stored,
    so failures are logged (clients fetch what they missed with `after` on reconnect).
    """
    layer = get_channel_layer()
    if layer is None:
        return
    envelope = {
        "type": "chat.event",
        "conversation_id": str(conversation_id),
        "event": {"type": event_type, "data": data},
    }
    for user_id in set(user_ids):
        try:
            async_to_sync(layer.group_send)(user_group_name(user_id), envelope)
        except Exception:  # delivery is best effort: the message is already stored
            logger.exception("chat event not delivered", extra={"event_type": event_type})


USER_SOCKETS_CLOSE = "user.sockets.close"


def user_sockets_close(*, user_id: uuid.UUID) -> None:
    """Ends every open chat socket of the user (banned, deleted): an open connection must not keep
    receiving what the account may no longer see. Called after commit; best effort like the rest."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(user_group_name(user_id), {"type": USER_SOCKETS_CLOSE})
    except Exception:
        logger.exception("chat sockets not closed")
