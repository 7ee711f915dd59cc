"""Shapes of the messaging API (seed 002, "Conversation and Messaging API") and request bodies."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from marketplace.api.fields import (
    BodySerializer,
    QueryBooleanField,
    QueryChoiceField,
    QueryDateTimeField,
    QueryWholeNumberField,
    ServiceRuleCharField,
    ServiceRuleChoiceField,
)
from marketplace.models import User
from marketplace.privacy import mask_email
from marketplace.timestamps import api_datetime
from messaging.fraud import REASONS
from messaging.models import (
    MESSAGE_MAX_LENGTH,
    Conversation,
    ConversationStatus,
    Message,
    Report,
    ReportReason,
)
from messaging.selectors import (
    CONVERSATIONS_DEFAULT_LIMIT,
    CONVERSATIONS_MAX_LIMIT,
    MESSAGES_DEFAULT_LIMIT,
    MESSAGES_MAX_LIMIT,
    ConversationItem,
    message_warning_for_viewer,
)
from parts.serializers import PaginationSerializer
from parts.services import part_image_url


def other_user_data(user: User) -> dict[str, Any]:
    """The other participant as strangers may see them: masked e-mail and public name."""
    return {"id": str(user.pk), "email": mask_email(user.email), "name": user.public_name}


def conversation_data(item: ConversationItem) -> dict[str, Any]:
    conversation = item.conversation
    part = conversation.part
    return {
        "id": str(conversation.pk),
        "buyer_id": str(conversation.buyer_id),
        "seller_id": str(conversation.seller_id),
        "part": {
            "id": str(part.id),
            "title": part.title,
            "part_reference": part.part_reference,
            "condition": part.condition,
            "price": part.price,
            # Prefetched ready photos in order; thumbnails are what a list shows.
            "images": [part_image_url(image, thumbnail=True) for image in part.images.all()],
        },
        "other_user": other_user_data(item.other_user),
        "status": conversation.status,
        "last_message_at": api_datetime(conversation.last_message_at),
        "unread_count": item.unread_count,
        "user_role": item.user_role,
    }


def message_data(message: Message) -> dict[str, Any]:
    """A message as the API, the WebSocket and the new-message notice carry it (seed 002): one
    shape, its times in `api_datetime`; `read_at` once the recipient has read it. Documented by
    MessageSerializer."""
    data: dict[str, Any] = {
        "id": str(message.pk),
        "conversation_id": str(message.conversation_id),
        "sender_id": str(message.sender_id),
        "content": message.content,
        "created_at": api_datetime(message.created_at),
    }
    if message.read_at is not None:
        data["read_at"] = api_datetime(message.read_at)
    return data


def message_data_for_viewer(message: Message, *, viewer_id: uuid.UUID) -> dict[str, Any]:
    """`message_data` as one participant sees it (the message list, the `new_message` event):
    whether it is their own, and the scam warning, for the recipient only. Documented by
    MessageForViewerSerializer."""
    return {
        **message_data(message),
        "is_own_message": message.sender_id == viewer_id,
        "warning": message_warning_for_viewer(message=message, viewer_id=viewer_id),
    }


def conversation_state_data(conversation: Conversation) -> dict[str, Any]:
    return {
        "id": str(conversation.pk),
        "status": conversation.status,
        "closed_at": api_datetime(conversation.closed_at) if conversation.closed_at else None,
    }


def report_data(report: Report) -> dict[str, Any]:
    return {
        "id": str(report.pk),
        "reason": report.reason,
        "status": report.status,
        "message_id": str(report.message_id) if report.message_id else None,
        "created_at": api_datetime(report.created_at),
    }


# --- Schema (documentation and response validation in tests) ---------------------------------
class PartSummarySerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    title = serializers.CharField()
    part_reference = serializers.CharField()
    condition = serializers.CharField()
    price = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=False)
    images = serializers.ListField(child=serializers.CharField(), help_text="Thumbnail URLs")


class OtherUserSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    email = serializers.CharField(help_text="Masked: k****@example.com")
    name = serializers.CharField(help_text="Display name, masked e-mail or 'Silinmiş kullanıcı'")


class ConversationSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    buyer_id = serializers.UUIDField()
    seller_id = serializers.UUIDField()
    part = PartSummarySerializer()
    other_user = OtherUserSerializer()
    status = serializers.ChoiceField(choices=["active", "closed"])
    last_message_at = serializers.DateTimeField()
    unread_count = serializers.IntegerField(min_value=0)
    user_role = serializers.ChoiceField(choices=["buyer", "seller"])


class ConversationListSerializer(serializers.Serializer[Any]):
    conversations = ConversationSerializer(many=True)
    pagination = PaginationSerializer()


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {
            "reasons": {
                "type": "array",
                "items": {"type": "string", "enum": list(REASONS)},
                "description": "What the message contains, most dangerous first: an IBAN, talk "
                "of a deposit or prepayment (kapora, EFT, havale), a link to another site, a "
                "phone number, an invitation to WhatsApp/Telegram/Instagram (the last two only "
                "before the seller shared their phone)",
            },
            "message": {"type": "string", "description": "The warning card's Turkish text"},
        },
        "required": ["reasons", "message"],
    }
)
class MessageWarningField(serializers.JSONField):
    """`{"reasons": [...], "message": "..."}` or null (inline: a nullable $ref is not checked
    right by the response validator)."""


class MessageSerializer(serializers.Serializer[Any]):
    """The one shape of a message (`message_data`): the API, the WebSocket, the notifications."""

    id = serializers.UUIDField()
    conversation_id = serializers.UUIDField()
    sender_id = serializers.UUIDField()
    content = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(required=False, help_text="Once the recipient read it")


class MessageForViewerSerializer(MessageSerializer):
    """A message as one participant sees it (`message_data_for_viewer`)."""

    is_own_message = serializers.BooleanField()
    warning = MessageWarningField(
        allow_null=True,
        help_text="A scam warning for the recipient of the message; always null on your own "
        "messages (the WebSocket `new_message` event carries the same field)",
    )


class MessageConversationSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    part_title = serializers.CharField()
    other_user_email = serializers.CharField(help_text="Masked")
    status = serializers.ChoiceField(choices=["active", "closed"])
    user_role = serializers.ChoiceField(choices=["buyer", "seller"])
    seller_phone = serializers.CharField(
        allow_null=True, help_text="For the buyer, once the seller shared it; null otherwise"
    )


class MessagePaginationSerializer(serializers.Serializer[Any]):
    has_more = serializers.BooleanField()
    oldest_message_timestamp = serializers.DateTimeField(required=False)


class MessageListSerializer(serializers.Serializer[Any]):
    messages = MessageForViewerSerializer(many=True)
    conversation = MessageConversationSerializer()
    pagination = MessagePaginationSerializer()


class MessageSentSerializer(serializers.Serializer[Any]):
    message = MessageSerializer()


class ConversationStateSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=["active", "closed"])
    closed_at = serializers.DateTimeField(allow_null=True)


class ConversationClosedSerializer(serializers.Serializer[Any]):
    conversation = ConversationStateSerializer()


class UserUnblockedSerializer(serializers.Serializer[Any]):
    unblocked_user_id = serializers.UUIDField()


class UserBlockedSerializer(serializers.Serializer[Any]):
    blocked_user_id = serializers.UUIDField()


class ReportSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    reason = serializers.ChoiceField(choices=ReportReason.values)
    status = serializers.CharField()
    message_id = serializers.UUIDField(allow_null=True)
    created_at = serializers.DateTimeField()


class ReportCreatedSerializer(serializers.Serializer[Any]):
    report = ReportSerializer()


# --- Request input: the query strings and bodies the API reads ----------------------------------
MAX_OFFSET = 10_000


class ConversationListQuerySerializer(serializers.Serializer[Any]):
    """`GET /api/conversations`: blank parameters mean their defaults."""

    status = QueryChoiceField(choices=ConversationStatus.values, required=False)
    limit = QueryWholeNumberField(
        required=False,
        default=CONVERSATIONS_DEFAULT_LIMIT,
        min_value=1,
        max_value=CONVERSATIONS_MAX_LIMIT,
    )
    offset = QueryWholeNumberField(required=False, default=0, min_value=0, max_value=MAX_OFFSET)


class MessageListQuerySerializer(serializers.Serializer[Any]):
    """`GET /api/conversations/{id}/messages`."""

    limit = QueryWholeNumberField(
        required=False, default=MESSAGES_DEFAULT_LIMIT, min_value=1, max_value=MESSAGES_MAX_LIMIT
    )
    before = QueryDateTimeField(required=False, help_text="Older messages than this (paging)")
    after = QueryDateTimeField(
        required=False, help_text="Newer messages than this (what a reconnecting client missed)"
    )
    mark_as_read = QueryBooleanField(required=False, default=True)


class MessageSendSerializer(BodySerializer):
    """The body of POST …/messages; the rules are messaging.services' (the WebSocket's too)."""

    content = ServiceRuleCharField(min_length=1, max_length=MESSAGE_MAX_LENGTH)


class ReportNoteField(serializers.CharField):
    """A report's optional note: text (its length is the service's rule); null or nothing is ""."""

    def run_validation(self, data: Any = empty) -> Any:
        if data is empty or not data:
            return ""
        if not isinstance(data, str):
            raise serializers.ValidationError([gettext("Enter a text.")])
        return data


class ReportReasonField(ServiceRuleChoiceField):
    """The reason, as text; which ones exist is the service's rule."""

    def run_validation(self, data: Any = empty) -> Any:
        return str(data or "") if data is not empty else ""


class PartReportCreateSerializer(BodySerializer):
    """A listing's report; which reasons exist and how long a note may be are the service's."""

    reason = ReportReasonField(choices=ReportReason.values)
    note = ReportNoteField(required=False, allow_blank=True, max_length=1000)


class OptionalUuidField(serializers.UUIDField):
    """A UUID, or nothing (null and "" too)."""

    def run_validation(self, data: Any = empty) -> Any:
        if data is empty or data in (None, ""):
            return None
        try:
            return uuid.UUID(str(data))
        except ValueError:
            raise serializers.ValidationError([gettext("Must be a valid UUID.")]) from None


class ReportCreateSerializer(PartReportCreateSerializer):
    """A report about the other participant, or one of their messages."""

    message_id = OptionalUuidField(required=False, help_text="One of the other user's messages")
