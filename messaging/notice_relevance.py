"""Whether a new-message notice still makes sense when its delivery time comes: it waited to see
whether the recipient reads the messages first. Registered with the notification outbox from
MessagingConfig.ready()."""

from __future__ import annotations

import uuid
from typing import Any

from messaging.selectors import unread_count_for_participant


def new_message_notice_relevance(
    *, user_id: uuid.UUID, context: dict[str, Any]
) -> tuple[bool, str, dict[str, Any]]:
    """Dropped once the conversation is gone or read; otherwise it tells the current count."""
    unread = unread_count_for_participant(
        conversation_id=context.get("conversation_id"), user_id=user_id
    )
    if unread is None:
        return False, "conversation gone", {}
    if unread == 0:
        return False, "read in time", {}
    return True, "", {"count": unread}
