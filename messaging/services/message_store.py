"""Storing a sent message: the checks (a participant, the conversation active, nobody blocked)
and the write as one statement on PostgreSQL, one transaction elsewhere."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, When

from marketplace.models import User
from messaging.fraud import FraudFlags
from messaging.models import (
    Conversation,
    ConversationStatus,
    Message,
    UserBlock,
)


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
class StoredMessage:
    message: Message
    buyer_id: uuid.UUID
    seller_id: uuid.UUID
    unread_count: int  # the recipient's, this message included


def message_store(
    *, conversation_id: uuid.UUID, sender: User, text: str, flags: FraudFlags, now: datetime
) -> StoredMessage | None:
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
    return StoredMessage(
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
