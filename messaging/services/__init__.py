"""Writes of the messaging app: opening conversations, sending, reading, closing, blocking, reports.

The HTML views, the DRF API and the WebSocket consumer all call these; each checks who may act.
One module per concern: `conversations`, `messages` (and `message_store`, the write of a sent
message), `reports`, `moderation` (staff); the public names are re-exported here.
"""

from messaging.services.conversations import (
    conversation_close,
    conversation_event_send,
    conversation_get_for_participant,
    conversation_open,
    seller_phone_share,
    user_block,
    user_unblock,
)
from messaging.services.messages import (
    conversation_mark_read,
    message_content_clean,
    message_send,
    new_message_dedupe_key,
    typing_publish,
)
from messaging.services.moderation import message_hide, message_unhide, report_handle
from messaging.services.report_actions import (
    report_content_hide,
    report_conversation_read,
    report_dismiss,
    report_listings_suspend,
    report_user_ban,
    report_user_warn,
)
from messaging.services.reports import part_report_create, report_create, user_report_create

__all__ = [
    "conversation_close",
    "conversation_event_send",
    "conversation_get_for_participant",
    "conversation_mark_read",
    "conversation_open",
    "message_content_clean",
    "message_hide",
    "message_send",
    "message_unhide",
    "new_message_dedupe_key",
    "part_report_create",
    "report_content_hide",
    "report_conversation_read",
    "report_create",
    "report_dismiss",
    "report_handle",
    "report_listings_suspend",
    "report_user_ban",
    "report_user_warn",
    "seller_phone_share",
    "typing_publish",
    "user_block",
    "user_report_create",
    "user_unblock",
]
