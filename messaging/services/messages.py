"""Messages: checking and sending one (with its live events and the offline notice), reading
them, and the typing indicator."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext

from integrations.services import NotificationEvent, notification_enqueue
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from marketplace.text import has_nul
from marketplace.timestamps import api_datetime
from messaging.error_codes import MessagingErrorCode
from messaging.fraud import fraud_flags_for_message
from messaging.links import conversation_path
from messaging.models import (
    MESSAGE_MAX_LENGTH,
    Conversation,
    ConversationStatus,
    Message,
)
from messaging.realtime import (
    conversation_event_publish,
    conversation_events_publish,
    conversation_user_events_publish,
)
from messaging.serializers import message_data, message_data_for_viewer
from messaging.services.conversations import conversation_get_for_participant, conversation_pk_parse
from messaging.services.message_store import StoredMessage, message_store

logger = logging.getLogger(__name__)


def message_content_clean(content: object) -> str:
    """Stored as typed (only surrounding whitespace trimmed); empty or over 2000 is refused."""
    if not isinstance(content, str) or not content.strip():
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, details={"content": [gettext("Write a message.")]}
        )
    content = content.strip()
    if len(content) > MESSAGE_MAX_LENGTH:
        raise DomainError(MessagingErrorCode.MESSAGE_TOO_LONG)
    if has_nul(content):
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"content": [gettext("The message contains characters that are not allowed.")]},
        )
    return content


def _message_event_data(message: Message, *, viewer_id: uuid.UUID) -> dict[str, object]:
    """`new_message` as one participant receives it: the message as the API lists it for them
    (the scam warning only for the recipient)."""
    with translation.override(settings.LANGUAGE_CODE):  # a socket has no request language
        data = message_data_for_viewer(message, viewer_id=viewer_id)
    return {"conversation_id": str(message.conversation_id), "message": data}


def new_message_dedupe_key(message_id: object) -> str:
    """The recipient's offline notice about one message (also how a deletion finds it again)."""
    return f"{NotificationEvent.NEW_MESSAGE}:{message_id}"


def _offline_notice_enqueue(*, stored: StoredMessage) -> None:
    """The first unread message of a run queues one notice to the recipient, held back for
    NEW_MESSAGE_NOTICE_DELAY_SECONDS and dropped if they read it meanwhile (they were online).
    Later messages of the same run are batched into it. Each send's UPDATE adds one to the
    count under the conversation's row lock, so exactly one concurrent sender sees it at 1.

    The message is already stored: a notice that cannot be written is logged, not raised, so
    the sender is not told that the message failed (and does not send it twice)."""
    if stored.unread_count != 1:
        return
    message = stored.message
    try:
        with transaction.atomic():
            conversation = Conversation.objects.select_related("part").get(
                pk=message.conversation_id
            )
            recipient = User.objects.get(pk=conversation.other_participant_id(message.sender_id))
            notification_enqueue(
                user=recipient,
                event=NotificationEvent.NEW_MESSAGE,
                dedupe_key=new_message_dedupe_key(message.pk),
                # The template's variables, and the message in its one shape (the API's).
                context={
                    "conversation_id": str(conversation.pk),
                    "sender_name": message.sender.public_name,
                    "part_name": conversation.part.title,
                    "excerpt": Truncator(message.content).chars(120),
                    "conversation_url": settings.SITE_URL + conversation_path(conversation.pk),
                    "message": message_data(message),
                },
                delay=timedelta(seconds=settings.NEW_MESSAGE_NOTICE_DELAY_SECONDS),
            )
    except DatabaseError:
        logger.exception("new-message notice not queued", extra={"message_id": str(message.pk)})


def message_send(*, conversation_id: uuid.UUID | str, sender: User, content: object) -> Message:
    """Stores the message, then (after commit) pushes `new_message` to both participants.

    The checks (a participant, the conversation active, nobody blocked) are part of the write;
    only a refused message reads the conversation, to say why.
    """
    conversation_pk = conversation_pk_parse(conversation_id)
    text = message_content_clean(content)
    stored = message_store(
        conversation_id=conversation_pk,
        sender=sender,
        text=text,
        flags=fraud_flags_for_message(text),
        now=timezone.now(),
    )
    if stored is None:  # say why: not a participant, closed, or else blocked (when written)
        conversation = conversation_get_for_participant(
            conversation_id=conversation_pk, user=sender
        )
        if conversation.status != ConversationStatus.ACTIVE:
            raise DomainError(MessagingErrorCode.CONVERSATION_CLOSED)
        raise DomainError(MessagingErrorCode.USER_BLOCKED)
    _offline_notice_enqueue(stored=stored)
    events = [
        (user_id, "new_message", _message_event_data(stored.message, viewer_id=user_id))
        for user_id in (stored.buyer_id, stored.seller_id)
    ]
    transaction.on_commit(
        lambda: conversation_user_events_publish(conversation_id=conversation_pk, events=events)
    )
    return stored.message


def conversation_mark_read(*, conversation: Conversation, reader: User) -> list[Message]:
    """Marks the other participant's unread messages read; `message_read` goes to both sides.

    Each message is marked by exactly one UPDATE, and the unread counter drops by the number of
    rows that UPDATE changed, so concurrent readers and senders keep the counter right.
    """
    if not conversation.is_participant(reader.pk):
        raise DomainError(MessagingErrorCode.CONVERSATION_NOT_FOUND)
    now = timezone.now()
    unread_field = (
        "seller_unread_count" if reader.pk == conversation.seller_id else "buyer_unread_count"
    )
    with transaction.atomic():
        unread = list(
            Message.objects.select_for_update()
            .filter(conversation=conversation, read_at__isnull=True)
            .exclude(sender_id=reader.pk)
            .values_list("pk", flat=True)
        )
        if not unread:
            return []
        changed = Message.objects.filter(pk__in=unread, read_at__isnull=True).update(read_at=now)
        Conversation.objects.filter(pk=conversation.pk).update(
            **{unread_field: Greatest(F(unread_field) - changed, 0)}
        )
        messages = list(Message.objects.filter(pk__in=unread, read_at=now).order_by("created_at"))
        participants = (conversation.buyer_id, conversation.seller_id)
        events = [
            {
                "conversation_id": str(conversation.pk),
                "message_id": str(message.pk),
                "read_by": str(reader.pk),
                "read_at": api_datetime(now),
            }
            for message in messages
        ]

        transaction.on_commit(
            lambda: conversation_events_publish(
                conversation_id=conversation.pk,
                user_ids=participants,
                events=[("message_read", data) for data in events],
            )
        )
    return messages


def typing_publish(*, conversation: Conversation, user: User, typing: bool) -> None:
    """Tells the other participant that the user is (or stopped) typing; nothing is stored."""
    if not conversation.is_participant(user.pk):
        raise DomainError(MessagingErrorCode.CONVERSATION_NOT_FOUND)
    conversation_event_publish(
        conversation_id=conversation.pk,
        user_ids=[conversation.other_participant_id(user.pk)],
        event_type="typing",
        data={"conversation_id": str(conversation.pk), "user_id": str(user.pk), "typing": typing},
    )
