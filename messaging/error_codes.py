"""The chat's error codes (seed 002 business codes and the chat rules it does not name),
registered with the core."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainErrorCode, error_codes_register


class MessagingErrorCode(DomainErrorCode):
    CONVERSATION_NOT_FOUND = ("CONVERSATION_NOT_FOUND", 404, _("Conversation not found"))
    MESSAGE_TOO_LONG = ("MESSAGE_TOO_LONG", 400, _("Message too long (max 2000 characters)"))
    CONVERSATION_CLOSED = ("CONVERSATION_CLOSED", 409, _("This conversation is closed"))
    USER_BLOCKED = ("USER_BLOCKED", 403, _("You cannot exchange messages with this user"))


error_codes_register(MessagingErrorCode)
