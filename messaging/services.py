"""Writes of the messaging app: opening conversations, sending, reading, closing, blocking, reports.

The HTML views, the DRF API and the WebSocket consumer all call these; each checks who may act.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.db.models.functions import Greatest
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext

from integrations.models import NotificationEvent
from integrations.services import notification_enqueue
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from marketplace.text import NUL_MESSAGE, has_nul
from messaging.fraud import FraudFlags, fraud_flags_for_message
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
from messaging.realtime import (
    conversation_event_publish,
    conversation_events_publish,
    conversation_user_events_publish,
)
from messaging.selectors import message_warning_for_viewer
from parts.selectors import Part

logger = logging.getLogger(__name__)


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
    not it exists (strangers learn nothing)."""
    conversation = Conversation.objects.filter(pk=_conversation_pk(conversation_id)).first()
    if conversation is None or not conversation.is_participant(user.pk):
        raise DomainError(ErrorCode.CONVERSATION_NOT_FOUND)
    return conversation


def _conversation_pk(conversation_id: uuid.UUID | str) -> uuid.UUID:
    """The id as a UUID; CONVERSATION_NOT_FOUND for anything that cannot be one."""
    try:
        value = Conversation._meta.get_field("id").to_python(conversation_id)
    except (ValidationError, ValueError, TypeError):
        raise DomainError(ErrorCode.CONVERSATION_NOT_FOUND) from None
    if not isinstance(value, uuid.UUID):
        raise DomainError(ErrorCode.CONVERSATION_NOT_FOUND)
    return value


def message_content_clean(content: object) -> str:
    """Stored as typed (only surrounding whitespace trimmed); empty or over 2000 is refused."""
    if not isinstance(content, str) or not content.strip():
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, details={"content": [gettext("Write a message.")]}
        )
    content = content.strip()
    if len(content) > MESSAGE_MAX_LENGTH:
        raise DomainError(ErrorCode.MESSAGE_TOO_LONG)
    if has_nul(content):
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"content": [gettext("The message contains characters that are not allowed.")]},
        )
    return content


def _message_event_data(message: Message, *, viewer_id: uuid.UUID) -> dict[str, object]:
    """`new_message` as one participant receives it: the scam warning only for the recipient."""
    with translation.override(settings.LANGUAGE_CODE):  # a socket has no request language
        warning = message_warning_for_viewer(message=message, viewer_id=viewer_id)
    return {
        "conversation_id": str(message.conversation_id),
        "message": {
            "id": str(message.id),
            "sender_id": str(message.sender_id),
            "content": message.content,
            "created_at": message.created_at.isoformat(),
            "warning": warning,
        },
    }


def _column(model: type[models.Model], name: str) -> str:
    """The quoted column of a model's field, for the hand-written SQL of this module."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    assert field.column is not None
    return connection.ops.quote_name(field.column)


def _conversation_column(name: str) -> str:
    return _column(Conversation, name)


def _block_between_participants_sql(conversation_alias: str) -> str:
    """`EXISTS` (either participant of the aliased conversation row blocked the other)."""
    quote = connection.ops.quote_name
    blocker = _column(UserBlock, "blocker")
    blocked = _column(UserBlock, "blocked")
    buyer = f"{conversation_alias}.{_conversation_column('buyer')}"
    seller = f"{conversation_alias}.{_conversation_column('seller')}"
    return (
        f"EXISTS (SELECT 1 FROM {quote(UserBlock._meta.db_table)} b "  # noqa: S608
        f"WHERE (b.{blocker} = {buyer} AND b.{blocked} = {seller}) "
        f"OR (b.{blocker} = {seller} AND b.{blocked} = {buyer}))"
    )


# A new message's columns in the order the store functions write them.
_MESSAGE_COLUMNS = (
    "id",
    "conversation_id",
    "sender_id",
    "content",
    "created_at",
    "read_at",
    "flagged_reason",
    "hidden_at",
)


@dataclass(frozen=True)
class _NewMessage:
    conversation_id: uuid.UUID
    message_id: uuid.UUID
    sender_id: uuid.UUID
    text: str
    # Scam signs in the text; contact details count only while the seller's phone is not shared.
    flags: FraudFlags
    now: datetime


@dataclass(frozen=True)
class _StoredMessage:
    message: Message
    buyer_id: uuid.UUID
    seller_id: uuid.UUID
    unread_count: int  # the recipient's, this message included


def _message_store(
    *, conversation_id: uuid.UUID, sender: User, text: str, flags: FraudFlags, now: datetime
) -> _StoredMessage | None:
    """Stores the message and counts it unread for the other participant, only if the sender
    takes part in the conversation, it is active and neither participant has blocked the other:
    all checked in the same write, so a close or block an instant before cannot let a message
    through. None when it was not stored.
    """
    new = _NewMessage(
        conversation_id=conversation_id,
        message_id=uuid.uuid4(),
        sender_id=sender.pk,
        text=text,
        flags=flags,
        now=now,
    )
    store = (
        _message_store_in_one_statement
        if connection.vendor == "postgresql"
        else _message_store_in_transaction
    )
    row = store(new)
    if row is None:
        return None
    buyer_id, seller_id, unread_count, stored_flags = row
    message = Message.from_db(
        connection.alias,
        list(_MESSAGE_COLUMNS),
        [new.message_id, conversation_id, sender.pk, text, now, None, stored_flags, None],
    )
    message.sender = sender
    return _StoredMessage(
        message=message, buyer_id=buyer_id, seller_id=seller_id, unread_count=unread_count
    )


# (buyer id, seller id, the recipient's unread count, the flags stored) of a stored message.
_StoreRow = tuple[uuid.UUID, uuid.UUID, int, str]


def _message_store_in_one_statement(new: _NewMessage) -> _StoreRow | None:
    """PostgreSQL: the conversation's UPDATE (the checks, last_message_at and the recipient's
    unread count) and the message's INSERT as one statement (data-modifying CTEs), so a send is
    one round trip with no BEGIN and COMMIT of its own, instead of a lookup and four. The UPDATE
    locks the conversation row, so concurrent senders are counted one after the other.
    """
    sender = new.sender_id
    parameters: list[Any] = [
        *(new.now, sender, sender, new.conversation_id, sender, sender),
        *(ConversationStatus.ACTIVE, sender),
        *(new.message_id, sender, new.text, new.now),
        *(new.flags.before_phone_shared, new.flags.after_phone_shared),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_message_store_sql(), parameters)
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0], row[1], int(row[2]), str(row[3])


@cache
def _message_store_sql() -> str:
    """The statement of `_message_store_in_one_statement`, built once: only names from the
    models' metadata are formatted in; the values are parameters."""
    quote = connection.ops.quote_name
    buyer, seller = _conversation_column("buyer"), _conversation_column("seller")
    buyer_unread = _conversation_column("buyer_unread_count")
    seller_unread = _conversation_column("seller_unread_count")
    columns = ", ".join(_column(Message, name) for name in _MESSAGE_COLUMNS)
    return (
        f"WITH counted AS (UPDATE {quote(Conversation._meta.db_table)} c "  # noqa: S608
        f"SET {_conversation_column('last_message_at')} = %s, "
        f"{buyer_unread} = c.{buyer_unread} + (CASE WHEN c.{seller} = %s THEN 1 ELSE 0 END), "
        f"{seller_unread} = c.{seller_unread} + (CASE WHEN c.{buyer} = %s THEN 1 ELSE 0 END) "
        f"WHERE c.{_conversation_column('id')} = %s AND (c.{buyer} = %s OR c.{seller} = %s) "
        f"AND c.{_conversation_column('status')} = %s "
        f"AND NOT {_block_between_participants_sql('c')} "
        f"RETURNING c.{_conversation_column('id')} AS id, c.{buyer} AS buyer, "
        f"c.{seller} AS seller, "
        f"CASE WHEN c.{buyer} = %s THEN c.{seller_unread} ELSE c.{buyer_unread} END AS unread, "
        f"c.{_conversation_column('seller_phone_shared_at')} AS shared_at), "
        f"stored AS (INSERT INTO {quote(Message._meta.db_table)} ({columns}) "
        f"SELECT %s, counted.id, %s, %s, %s, NULL, "
        f"CASE WHEN counted.shared_at IS NULL THEN %s ELSE %s END, NULL FROM counted "
        f"RETURNING {_column(Message, 'flagged_reason')} AS flags) "
        f"SELECT counted.buyer, counted.seller, counted.unread, stored.flags "
        f"FROM counted CROSS JOIN stored"
    )


def _message_store_in_transaction(new: _NewMessage) -> _StoreRow | None:
    """Other databases (the embedded SQLite): the same checks and write as an UPDATE, a read of
    the row and an INSERT in one transaction (the UPDATE first: SQLite runs one writer at a
    time, and this one holds the lock from the start)."""
    blocked = UserBlock.objects.filter(
        Q(blocker=OuterRef("buyer"), blocked=OuterRef("seller"))
        | Q(blocker=OuterRef("seller"), blocked=OuterRef("buyer"))
    )
    with transaction.atomic():
        counted = (
            Conversation.objects.filter(
                Q(buyer_id=new.sender_id) | Q(seller_id=new.sender_id),
                pk=new.conversation_id,
                status=ConversationStatus.ACTIVE,
            )
            .filter(~Exists(blocked))
            .update(
                last_message_at=new.now,
                buyer_unread_count=F("buyer_unread_count")
                + Case(When(seller_id=new.sender_id, then=1), default=0),
                seller_unread_count=F("seller_unread_count")
                + Case(When(buyer_id=new.sender_id, then=1), default=0),
            )
        )
        if not counted:
            return None
        conversation = Conversation.objects.only(
            "buyer_id",
            "seller_id",
            "buyer_unread_count",
            "seller_unread_count",
            "seller_phone_shared_at",
        ).get(pk=new.conversation_id)
        stored_flags = (
            new.flags.before_phone_shared
            if conversation.seller_phone_shared_at is None
            else new.flags.after_phone_shared
        )
        Message.objects.create(
            id=new.message_id,
            conversation_id=new.conversation_id,
            sender_id=new.sender_id,
            content=new.text,
            created_at=new.now,
            flagged_reason=stored_flags,
        )
    unread_count = (
        conversation.seller_unread_count
        if new.sender_id == conversation.buyer_id
        else conversation.buyer_unread_count
    )
    return conversation.buyer_id, conversation.seller_id, unread_count, stored_flags


def new_message_dedupe_key(message_id: object) -> str:
    """The recipient's offline notice about one message (also how a deletion finds it again)."""
    return f"{NotificationEvent.NEW_MESSAGE}:{message_id}"


def _offline_notice_enqueue(*, stored: _StoredMessage) -> None:
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
                context={
                    "conversation_id": str(conversation.pk),
                    "sender_name": message.sender.public_name,
                    "part_name": conversation.part.title,
                    "excerpt": Truncator(message.content).chars(120),
                    "conversation_url": settings.SITE_URL + conversation_path(conversation.pk),
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
    conversation_pk = _conversation_pk(conversation_id)
    text = message_content_clean(content)
    stored = _message_store(
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
            raise DomainError(ErrorCode.CONVERSATION_CLOSED)
        raise DomainError(ErrorCode.USER_BLOCKED)
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


def _report_note_clean(*, reason: str, note: str) -> str:
    """The reason must be one of the list; the note is trimmed, at most 1000 characters."""
    if reason not in ReportReason.values:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, details={"reason": [gettext("Choose a reason.")]}
        )
    note = (note or "").strip()
    if has_nul(note):
        raise DomainError(ErrorCode.VALIDATION_ERROR, details={"note": [str(NUL_MESSAGE)]})
    if len(note) > 1000:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"note": [gettext("The note can be at most 1000 characters.")]},
        )
    return note


def part_report_create(*, reporter: User, part: Part, reason: str, note: str = "") -> Report:
    """Anyone logged in reports a listing they can see, without answering it first; one open
    report per reporter and listing (pressing again changes nothing)."""
    if part.seller_id == reporter.pk:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"part": [gettext("You cannot report your own listing.")]},
        )
    note = _report_note_clean(reason=reason, note=note)
    existing = Report.objects.filter(reporter=reporter, part=part, status=ReportStatus.OPEN).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Report.objects.create(
                reporter=reporter,
                reported_user_id=part.seller_id,
                part=part,
                reason=reason,
                note=note,
            )
    except IntegrityError:
        return Report.objects.get(reporter=reporter, part=part, status=ReportStatus.OPEN)


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
    note = _report_note_clean(reason=reason, note=note)
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
