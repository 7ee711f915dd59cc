"""Conversations: opening one, finding it for a participant, closing it, blocking the other
participant, and the seller sharing their phone."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.errors import DomainError, id_parse
from marketplace.models import User
from messaging.error_codes import MessagingErrorCode
from messaging.models import (
    Conversation,
    ConversationStatus,
    UserBlock,
)
from messaging.realtime import conversation_event_publish
from parts.selectors import Part


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
    conversation = Conversation.objects.filter(pk=conversation_pk_parse(conversation_id)).first()
    if conversation is None or not conversation.is_participant(user.pk):
        raise DomainError(MessagingErrorCode.CONVERSATION_NOT_FOUND)
    return conversation


def conversation_pk_parse(conversation_id: uuid.UUID | str) -> uuid.UUID:
    """The id as a UUID; CONVERSATION_NOT_FOUND for anything that cannot be one."""
    return id_parse(conversation_id, not_found=MessagingErrorCode.CONVERSATION_NOT_FOUND)


def conversation_close(*, conversation: Conversation, actor: User) -> Conversation:
    if not conversation.is_participant(actor.pk):
        raise DomainError(MessagingErrorCode.CONVERSATION_NOT_FOUND)
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
        raise DomainError(MessagingErrorCode.CONVERSATION_NOT_FOUND)
    blocked_id = conversation.other_participant_id(blocker.pk)
    block, _created = UserBlock.objects.get_or_create(blocker=blocker, blocked_id=blocked_id)
    return block


def user_unblock(*, blocker: User, blocked_id: uuid.UUID) -> None:
    UserBlock.objects.filter(blocker=blocker, blocked_id=blocked_id).delete()


def seller_phone_share(*, conversation: Conversation, seller: User) -> datetime:
    """The seller approves showing their phone to this buyer ("Telefonumu paylaş")."""
    if conversation.seller_id != seller.pk:
        raise DomainError(MessagingErrorCode.CONVERSATION_NOT_FOUND)
    if conversation.seller_phone_shared_at is None:
        now = timezone.now()
        Conversation.objects.filter(pk=conversation.pk, seller_phone_shared_at__isnull=True).update(
            seller_phone_shared_at=now
        )
        conversation.refresh_from_db(fields=["seller_phone_shared_at"])
    assert conversation.seller_phone_shared_at is not None
    return conversation.seller_phone_shared_at


def conversation_event_send(
    *, conversation: Conversation, event_type: str, data: dict[str, Any]
) -> None:
    """A live event to both participants' sockets after commit (e.g. an order card changed)."""
    user_ids = (conversation.buyer_id, conversation.seller_id)
    transaction.on_commit(
        lambda: conversation_event_publish(
            conversation_id=conversation.pk, user_ids=user_ids, event_type=event_type, data=data
        )
    )
