"""Whether a notification still makes sense at delivery time (its cause may have been dealt with
while it waited): a new-message notice is dropped once the recipient has read the messages."""

from __future__ import annotations

from integrations.models import Notification, NotificationEvent


def still_relevant(notification: Notification) -> tuple[bool, str]:
    if notification.event == NotificationEvent.NEW_MESSAGE:
        from messaging.models import Conversation

        conversation = Conversation.objects.filter(
            pk=notification.context.get("conversation_id")
        ).first()
        if conversation is None:
            return False, "conversation gone"
        unread = (
            conversation.seller_unread_count
            if conversation.seller_id == notification.user_id
            else conversation.buyer_unread_count
        )
        if unread == 0:
            return False, "read in time"
        notification.context["count"] = unread
    return True, ""
