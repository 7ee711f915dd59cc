"""Writes of the messaging app: opening conversations, sending, reading, closing, blocking, reports.

The HTML views, the DRF API and the WebSocket consumer all call these; each checks who may act.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext

from integrations.models import NotificationEvent
from integrations.services import notification_enqueue
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from messaging.fraud import contact_details_found
from messaging.links import conversation_path
from messaging.models import (
    MESSAGE_MAX_LENGTH,
    Conversation,
    ConversationStatus,
    Message,
    Report,
    ReportReason,
    ReportStatus,
    UserBlock,
)
from messaging.realtime import conversation_event_publish, conversation_events_publish
from parts.models import Part


def conversation_open(*, part: Part, buyer: User) -> Conversation:
    """The buyer's conversation about the part, created once (called inside the interest's
    transaction; the unique constraint settles concurrent calls)."""
    existing = Conversation.objects.filter(part=part, buyer=buyer).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Conversation.objects.create(part=part, buyer=buyer, seller_id=part.seller_id)
    except IntegrityError:
        return Conversation.objects.get(part=part, buyer=buyer)


def conversation_get_for_participant(
    *, conversation_id: uuid.UUID | str, user: User
) -> Conversation:
    """The conversation if the user takes part in it; otherwise CONVERSATION_NOT_FOUND, whether or
    not it exists (strangers learn nothing).

    It carries `participants_blocked` (either blocked the other) from the same query, which
    `message_send` would otherwise ask for in a query of its own.
    """
    try:
        conversation_pk = Conversation._meta.get_field("id").to_python(conversation_id)
        found = list(
            Conversation.objects.raw(
                _conversation_with_block_sql(),
                [Conversation._meta.get_field("id").get_db_prep_value(conversation_pk, connection)],
            )
        )
    except (ValidationError, ValueError, TypeError):
        raise DomainError(ErrorCode.CONVERSATION_NOT_FOUND) from None
    if not found or not found[0].is_participant(user.pk):
        raise DomainError(ErrorCode.CONVERSATION_NOT_FOUND)
    return found[0]


def _conversation_with_block_sql() -> str:
    """The conversation by primary key and whether either participant blocked the other.

    Written out because every chat message looks its conversation up: building the same query
    with the ORM (an Exists annotation over two OR-ed pairs) took about 2 ms of CPU, four times
    the query's own cost. Only names from the models' metadata are formatted in.
    """
    quote = connection.ops.quote_name
    block = UserBlock._meta
    blocker = quote(block.get_field("blocker").column)
    blocked = quote(block.get_field("blocked").column)
    buyer = _conversation_column("buyer")
    seller = _conversation_column("seller")
    return (
        f"SELECT c.*, EXISTS (SELECT 1 FROM {quote(block.db_table)} b "  # noqa: S608
        f"WHERE (b.{blocker} = c.{buyer} AND b.{blocked} = c.{seller}) "
        f"OR (b.{blocker} = c.{seller} AND b.{blocked} = c.{buyer})) AS participants_blocked "
        f"FROM {quote(Conversation._meta.db_table)} c WHERE c.{_conversation_column('id')} = %s"
    )


def users_blocked_either_way(*, first_id: uuid.UUID, second_id: uuid.UUID) -> bool:
    return UserBlock.objects.filter(
        Q(blocker_id=first_id, blocked_id=second_id) | Q(blocker_id=second_id, blocked_id=first_id)
    ).exists()


def message_content_clean(content: object) -> str:
    """Stored as typed (only surrounding whitespace trimmed); empty or over 2000 is refused."""
    if not isinstance(content, str) or not content.strip():
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, details={"content": [gettext("Write a message.")]}
        )
    content = content.strip()
    if len(content) > MESSAGE_MAX_LENGTH:
        raise DomainError(ErrorCode.MESSAGE_TOO_LONG)
    if "\x00" in content:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"content": [gettext("The message contains characters that are not allowed.")]},
        )
    return content


def _message_event_data(message: Message) -> dict[str, object]:
    return {
        "conversation_id": str(message.conversation_id),
        "message": {
            "id": str(message.id),
            "sender_id": str(message.sender_id),
            "content": message.content,
            "created_at": message.created_at.isoformat(),
        },
    }


def _conversation_column(name: str) -> str:
    field = Conversation._meta.get_field(name)
    assert isinstance(field, models.Field)
    assert field.column is not None
    return connection.ops.quote_name(field.column)


def _conversation_message_count(
    *, conversation: Conversation, unread_field: str, now: datetime
) -> int:
    """Sets last_message_at and adds one to the recipient's unread count; returns the new count.

    One `UPDATE ... RETURNING` (PostgreSQL, SQLite 3.35+) instead of an UPDATE and a SELECT: the
    ORM's update() cannot return values. The row stays locked until the transaction ends.
    """
    if not connection.features.can_return_columns_from_insert:
        Conversation.objects.filter(pk=conversation.pk).update(
            last_message_at=now, **{unread_field: F(unread_field) + 1}
        )
        unread = Conversation.objects.filter(pk=conversation.pk).values_list(
            unread_field, flat=True
        )
        return unread.get()
    unread_column = _conversation_column(unread_field)
    # Only names from the model's own metadata are formatted in; the values are parameters.
    sql = (
        f"UPDATE {connection.ops.quote_name(Conversation._meta.db_table)} "  # noqa: S608
        f"SET {_conversation_column('last_message_at')} = %s, "
        f"{unread_column} = {unread_column} + 1 "
        f"WHERE {_conversation_column('id')} = %s RETURNING {unread_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                Conversation._meta.get_field("last_message_at").get_db_prep_value(now, connection),
                Conversation._meta.get_field("id").get_db_prep_value(conversation.pk, connection),
            ],
        )
        row = cursor.fetchone()
    if row is None:
        raise Conversation.DoesNotExist
    return int(row[0])


def _offline_notice_enqueue(
    *, conversation: Conversation, message: Message, unread_count: int
) -> None:
    """The first unread message of a run queues one notice to the recipient, held back for
    NEW_MESSAGE_NOTICE_DELAY_SECONDS and dropped if they read it meanwhile (they were online).
    Later messages of the same run are batched into it. The UPDATE that counted the message
    holds the conversation's row lock, so exactly one concurrent sender sees the count at 1."""
    if unread_count != 1:
        return
    recipient = User.objects.get(pk=conversation.other_participant_id(message.sender_id))
    notification_enqueue(
        user=recipient,
        event=NotificationEvent.NEW_MESSAGE,
        dedupe_key=f"new_message:{message.pk}",
        context={
            "conversation_id": str(conversation.pk),
            "sender_name": message.sender.public_name,
            "part_name": conversation.part.title,
            "excerpt": Truncator(message.content).chars(120),
            "conversation_url": settings.SITE_URL + conversation_path(conversation.pk),
        },
        delay=timedelta(seconds=settings.NEW_MESSAGE_NOTICE_DELAY_SECONDS),
    )


def message_send(*, conversation: Conversation, sender: User, content: object) -> Message:
    """Stores the message, then (after commit) pushes `new_message` to both participants."""
    if not conversation.is_participant(sender.pk):
        raise DomainError(ErrorCode.CONVERSATION_NOT_FOUND)
    text = message_content_clean(content)
    if conversation.status != ConversationStatus.ACTIVE:
        raise DomainError(ErrorCode.CONVERSATION_CLOSED)
    recipient_id = conversation.other_participant_id(sender.pk)
    blocked = getattr(conversation, "participants_blocked", None)
    if blocked is None:  # not loaded through conversation_get_for_participant
        blocked = users_blocked_either_way(first_id=sender.pk, second_id=recipient_id)
    if blocked:
        raise DomainError(ErrorCode.USER_BLOCKED)
    flags = "" if conversation.seller_phone_shared_at else contact_details_found(text)
    now = timezone.now()
    unread_field = (
        "seller_unread_count" if recipient_id == conversation.seller_id else "buyer_unread_count"
    )
    with transaction.atomic():
        message = Message.objects.create(
            conversation=conversation,
            sender=sender,
            content=text,
            created_at=now,
            flagged_reason=flags,
        )
        unread_count = _conversation_message_count(
            conversation=conversation, unread_field=unread_field, now=now
        )
        _offline_notice_enqueue(
            conversation=conversation, message=message, unread_count=unread_count
        )
        participants = (conversation.buyer_id, conversation.seller_id)
        data = _message_event_data(message)
        transaction.on_commit(
            lambda: conversation_event_publish(
                conversation_id=conversation.pk,
                user_ids=participants,
                event_type="new_message",
                data=data,
            )
        )
    conversation.last_message_at = now
    return message


def conversation_mark_read(*, conversation: Conversation, reader: User) -> list[Message]:
    """Marks the other participant's unread messages read; `message_read` goes to both sides.

    Each message is marked by exactly one UPDATE, and the unread counter drops by the number of
    rows that UPDATE changed, so concurrent readers and senders keep the counter right.
    """
    if not conversation.is_participant(reader.pk):
        raise DomainError(ErrorCode.CONVERSATION_NOT_FOUND)
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
                "read_at": now.isoformat(),
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
        raise DomainError(ErrorCode.CONVERSATION_NOT_FOUND)
    conversation_event_publish(
        conversation_id=conversation.pk,
        user_ids=[conversation.other_participant_id(user.pk)],
        event_type="typing",
        data={"conversation_id": str(conversation.pk), "user_id": str(user.pk), "typing": typing},
    )


def conversation_close(*, conversation: Conversation, actor: User) -> Conversation:
    if not conversation.is_participant(actor.pk):
        raise DomainError(ErrorCode.CONVERSATION_NOT_FOUND)
    if conversation.status == ConversationStatus.CLOSED:
        return conversation
    now = timezone.now()
    Conversation.objects.filter(pk=conversation.pk, status=ConversationStatus.ACTIVE).update(
        status=ConversationStatus.CLOSED, closed_at=now, closed_by=actor
    )
    conversation.refresh_from_db()
    return conversation


def user_block(*, blocker: User, conversation: Conversation) -> UserBlock:
    """The participant blocks the other one: no more messages either way, in any conversation."""
    if not conversation.is_participant(blocker.pk):
        raise DomainError(ErrorCode.CONVERSATION_NOT_FOUND)
    blocked_id = conversation.other_participant_id(blocker.pk)
    block, _created = UserBlock.objects.get_or_create(blocker=blocker, blocked_id=blocked_id)
    return block


def user_unblock(*, blocker: User, blocked_id: uuid.UUID) -> None:
    UserBlock.objects.filter(blocker=blocker, blocked_id=blocked_id).delete()


def report_create(
    *,
    reporter: User,
    conversation: Conversation,
    reason: str,
    message_id: uuid.UUID | str | None = None,
    note: str = "",
) -> Report:
    """A participant reports the other user, or one of the other user's messages, to staff."""
    if not conversation.is_participant(reporter.pk):
        raise DomainError(ErrorCode.CONVERSATION_NOT_FOUND)
    if reason not in ReportReason.values:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, details={"reason": [gettext("Choose a reason.")]}
        )
    note = (note or "").strip()
    if len(note) > 1000:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"note": [gettext("The note can be at most 1000 characters.")]},
        )
    reported_id = conversation.other_participant_id(reporter.pk)
    message = None
    if message_id is not None:
        try:
            message = Message.objects.get(
                pk=message_id, conversation=conversation, sender_id=reported_id
            )
        except (Message.DoesNotExist, ValidationError, ValueError, TypeError):
            raise DomainError(ErrorCode.NOT_FOUND) from None
        existing = Report.objects.filter(reporter=reporter, message=message).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            return Report.objects.create(
                reporter=reporter,
                reported_user_id=reported_id,
                conversation=conversation,
                message=message,
                reason=reason,
                note=note,
            )
    except IntegrityError:
        return Report.objects.get(reporter=reporter, message=message)


def seller_phone_share(*, conversation: Conversation, seller: User) -> datetime:
    """The seller approves showing their phone to this buyer ("Telefonumu paylaş")."""
    if conversation.seller_id != seller.pk:
        raise DomainError(ErrorCode.CONVERSATION_NOT_FOUND)
    if conversation.seller_phone_shared_at is None:
        now = timezone.now()
        Conversation.objects.filter(pk=conversation.pk, seller_phone_shared_at__isnull=True).update(
            seller_phone_shared_at=now
        )
        conversation.refresh_from_db(fields=["seller_phone_shared_at"])
    assert conversation.seller_phone_shared_at is not None
    return conversation.seller_phone_shared_at


# --- Staff moderation (the admin's actions) ----------------------------------------------------
def message_hide(*, message_ids: list[uuid.UUID], staff: User) -> int:
    """Hides messages from both participants (kept for staff); returns how many changed."""
    if not staff.is_staff:
        raise DomainError(ErrorCode.FORBIDDEN)
    return Message.objects.filter(pk__in=message_ids, hidden_at__isnull=True).update(
        hidden_at=timezone.now()
    )


def message_unhide(*, message_ids: list[uuid.UUID], staff: User) -> int:
    if not staff.is_staff:
        raise DomainError(ErrorCode.FORBIDDEN)
    return Message.objects.filter(pk__in=message_ids, hidden_at__isnull=False).update(
        hidden_at=None
    )


def report_handle(*, report_ids: list[uuid.UUID], staff: User, status: str) -> int:
    """Closes open reports as resolved or dismissed, recording who handled them and when."""
    if not staff.is_staff:
        raise DomainError(ErrorCode.FORBIDDEN)
    if status not in (ReportStatus.RESOLVED, ReportStatus.DISMISSED):
        raise DomainError(ErrorCode.VALIDATION_ERROR, details={"status": [str(status)]})
    return Report.objects.filter(pk__in=report_ids, status=ReportStatus.OPEN).update(
        status=status, handled_by=staff, handled_at=timezone.now()
    )
