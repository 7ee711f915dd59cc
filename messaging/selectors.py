"""Reads of the messaging app: a user's conversations, one conversation's messages, unread totals.

The inbox page, the conversation page, the API and the header badge all read through these, in a
fixed number of queries however many conversations or messages there are.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.http import HttpRequest

from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from messaging.fraud import fraud_warning
from messaging.links import conversation_path as conversation_path
from messaging.models import Conversation, ConversationStatus, Message, UserBlock

# A seller's response rate and median response time, for their public page (issue 21).
from messaging.response_stats import (  # noqa: F401
    ResponseStats,
    seller_response_stats,
    seller_response_stats_compute,
)
from parts.selectors import part_ready_images_prefetch

# Other apps take `Conversation` (for annotations) and `conversation_path` (a chat page's link)
# from here: they use messaging through its selectors and services, never its other modules.

CONVERSATIONS_DEFAULT_LIMIT = 20
CONVERSATIONS_MAX_LIMIT = 100
MESSAGES_DEFAULT_LIMIT = 50
MESSAGES_MAX_LIMIT = 100


@dataclass(frozen=True)
class ConversationItem:
    """One conversation as the viewer sees it: their role, their unread count, the other side."""

    conversation: Conversation
    user_role: str  # "buyer" | "seller"
    unread_count: int
    other_user: User


@dataclass(frozen=True)
class ConversationPage:
    items: list[ConversationItem]
    total: int
    limit: int
    offset: int

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total


@dataclass(frozen=True)
class MessagePage:
    """Messages oldest → newest; `has_more`: more exist beyond the page in the paging direction
    (older ones for the latest page or `before`, newer ones for `after`)."""

    messages: list[Message]
    has_more: bool

    @property
    def oldest_message_timestamp(self) -> datetime | None:
        return self.messages[0].created_at if self.messages else None


def _part_thumbnails() -> Prefetch[Any]:
    return part_ready_images_prefetch(through="part__")


def conversation_id_subquery(*, part: OuterRef, buyer: OuterRef) -> Subquery:
    """The id of the buyer's conversation about the part (at most one), for an annotation."""
    return Subquery(Conversation.objects.filter(part=part, buyer=buyer).values("pk")[:1])


def conversations_by_id(ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Conversation]:
    conversations = Conversation.objects.filter(pk__in=ids)
    return {conversation.pk: conversation for conversation in conversations}


def conversation_ids_for_seller(*, user: User) -> QuerySet[Conversation, uuid.UUID]:
    """The ids of the conversations about the user's listings."""
    return Conversation.objects.filter(seller=user).values_list("pk", flat=True)


def conversation_phone_shared_at_locked(*, conversation_id: uuid.UUID) -> datetime | None:
    """When the seller shared their phone in the conversation (None: not yet), with the row
    locked until the caller's transaction ends, so concurrent approvals queue."""
    shared_at = list(
        Conversation.objects.select_for_update()
        .filter(pk=conversation_id)
        .values_list("seller_phone_shared_at", flat=True)
    )
    return shared_at[0] if shared_at else None


def conversation_queryset_for_user(*, user: User) -> QuerySet[Conversation]:
    """The user's conversations in both roles, with part, photos and both users loaded."""
    return (
        Conversation.objects.filter(Q(buyer=user) | Q(seller=user))
        .select_related("part", "buyer", "seller")
        .prefetch_related(_part_thumbnails())
    )


def conversation_item(*, conversation: Conversation, viewer: User) -> ConversationItem:
    if viewer.pk == conversation.buyer_id:
        return ConversationItem(
            conversation=conversation,
            user_role="buyer",
            unread_count=conversation.buyer_unread_count,
            other_user=conversation.seller,
        )
    return ConversationItem(
        conversation=conversation,
        user_role="seller",
        unread_count=conversation.seller_unread_count,
        other_user=conversation.buyer,
    )


def conversation_list_for_user(
    *,
    user: User,
    status: str | None = None,
    limit: int = CONVERSATIONS_DEFAULT_LIMIT,
    offset: int = 0,
) -> ConversationPage:
    """Newest activity first; `status` is "active", "closed" or None for both."""
    conversations = conversation_queryset_for_user(user=user)
    if status is not None:
        if status not in ConversationStatus.values:
            raise ValueError(status)
        conversations = conversations.filter(status=status)
    total = conversations.count()
    page = list(conversations.order_by("-last_message_at", "-created_at")[offset : offset + limit])
    return ConversationPage(
        items=[conversation_item(conversation=item, viewer=user) for item in page],
        total=total,
        limit=limit,
        offset=offset,
    )


def conversation_detail_for_participant(
    *, conversation_id: uuid.UUID | str, user: User
) -> ConversationItem | None:
    """The conversation with everything the page shows, or None for a non-participant."""
    try:
        conversation = conversation_queryset_for_user(user=user).get(pk=conversation_id)
    except (Conversation.DoesNotExist, ValidationError, ValueError, TypeError):
        return None
    return conversation_item(conversation=conversation, viewer=user)


def message_list_for_conversation(
    *,
    conversation: Conversation,
    limit: int = MESSAGES_DEFAULT_LIMIT,
    before: datetime | None = None,
    after: datetime | None = None,
) -> MessagePage:
    """A page of visible messages (staff-hidden ones are left out), oldest → newest.

    Without `after`: the newest `limit` messages (older than `before` when given). With `after`:
    the oldest `limit` messages newer than it, which is what a reconnecting client missed.
    """
    limit = max(1, min(limit, MESSAGES_MAX_LIMIT))
    messages = Message.objects.filter(conversation=conversation, hidden_at__isnull=True)
    if before is not None:
        messages = messages.filter(created_at__lt=before)
    if after is not None:
        rows = list(messages.filter(created_at__gt=after).order_by("created_at", "id")[: limit + 1])
        return MessagePage(messages=rows[:limit], has_more=len(rows) > limit)
    rows = list(messages.order_by("-created_at", "-id")[: limit + 1])
    page = rows[:limit]
    page.reverse()
    return MessagePage(messages=page, has_more=len(rows) > limit)


def message_warning_for_viewer(
    *, message: Message, viewer_id: uuid.UUID | None
) -> dict[str, Any] | None:
    """The scam warning shown under a message (`{"reasons": [...], "message": "..."}`), to its
    recipient only: the sender never sees it, so a scammer is not told what to write around."""
    if message.sender_id == viewer_id:
        return None
    return fraud_warning(message.flagged_reason)


def unread_total_for_user(*, user: User) -> int:
    """Unread messages over all the user's conversations (the header badge): one query."""
    total = (
        Conversation.objects.filter(Q(buyer=user) | Q(seller=user))
        .aggregate(
            total=Sum(
                Case(
                    When(buyer=user, then=F("buyer_unread_count")),
                    default=F("seller_unread_count"),
                    output_field=IntegerField(),
                )
            )
        )
        .get("total")
    )
    return int(total or 0)


def unread_count_for_participant(
    *, conversation_id: uuid.UUID | str | None, user_id: uuid.UUID
) -> int | None:
    """How many of the conversation's messages `user_id` (a participant) has not read; None when
    the conversation is gone."""
    if conversation_id is None:
        return None
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return None
    if conversation.seller_id == user_id:
        return conversation.seller_unread_count
    return conversation.buyer_unread_count


def user_block_state(*, user: User, other: User) -> tuple[bool, bool]:
    """(the user blocked the other, the other blocked the user), in one query."""
    blockers = set(
        UserBlock.objects.filter(
            Q(blocker=user, blocked=other) | Q(blocker=other, blocked=user)
        ).values_list("blocker_id", flat=True)
    )
    return user.pk in blockers, other.pk in blockers


def users_blocked_either_way(*, user_id: uuid.UUID, other_id: uuid.UUID) -> bool:
    """Whether either of the two blocked the other (then no new conversation opens between them,
    on any listing)."""
    return UserBlock.objects.filter(
        Q(blocker_id=user_id, blocked_id=other_id) | Q(blocker_id=other_id, blocked_id=user_id)
    ).exists()


def conversation_buyer_ids_for_part(
    *, part_id: uuid.UUID, exclude_buyer_id: uuid.UUID
) -> list[uuid.UUID]:
    """The other buyers who asked about a listing (told politely when it sells to someone else)."""
    return list(
        Conversation.objects.filter(part_id=part_id)
        .exclude(buyer_id=exclude_buyer_id)
        .values_list("buyer_id", flat=True)
    )


# Cards other apps show on a conversation's page (orders: the payment request), registered in
# their AppConfig.ready(): (request, conversation, viewer) -> rendered HTML.
ConversationPanel = Callable[[HttpRequest, Conversation, User], str]
_CONVERSATION_PANELS: dict[str, ConversationPanel] = {}


def conversation_panel_register(name: str, panel: ConversationPanel) -> None:
    _CONVERSATION_PANELS[name] = panel


def conversation_panels(
    *, request: HttpRequest, conversation: Conversation, viewer: User
) -> list[str]:
    return [panel(request, conversation, viewer) for panel in _CONVERSATION_PANELS.values()]


def user_get_reportable(*, user_id: str) -> User:
    """The user a `POST /api/users/{id}/report` names: an existing, active account; anything else
    (a malformed id too) is NOT_FOUND."""
    try:
        parsed = uuid.UUID(str(user_id))
    except (ValueError, TypeError):
        raise DomainError(ErrorCode.NOT_FOUND) from None
    user = User.objects.filter(pk=parsed, is_active=True).first()
    if user is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    return user
