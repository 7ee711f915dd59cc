"""Reads of the interests app: hidden parts, a user's answers, a listing's interested buyers."""

from __future__ import annotations

import uuid

from django.db.models import Exists, OuterRef, QuerySet

from interests.models import Interest, InterestType
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from messaging.selectors import conversation_id_subquery, conversations_by_id
from parts.error_codes import PartErrorCode
from parts.selectors import Part, PartStatus, part_get_not_deleted, part_ready_images_prefetch


def interest_hidden_parts_condition(*, viewer: User) -> Exists:
    """True for parts the viewer marked not interested; excluding it costs one anti-join."""
    return Exists(
        Interest.objects.filter(user=viewer, part=OuterRef("pk"), type=InterestType.NOT_INTERESTED)
    )


def interest_get_for_part(*, user: User, part_id: uuid.UUID) -> Interest | None:
    return _with_conversation_id(Interest.objects.filter(user=user, part_id=part_id)).first()


def _with_conversation_id(interests: QuerySet[Interest]) -> QuerySet[Interest]:
    """Adds `conversation_id`: the buyer's chat about the part (only `interested` has one)."""
    return interests.annotate(
        conversation_id=conversation_id_subquery(part=OuterRef("part"), buyer=OuterRef("user"))
    )


def interest_list_for_user(*, user: User, type: str | None = None) -> QuerySet[Interest]:
    """The user's answers, newest first, with the part (photos prefetched) and conversation id.

    Deleted listings are left out: there is nothing left to look at or to withdraw from.
    """
    interests = (
        Interest.objects.filter(user=user)
        .exclude(part__status=PartStatus.DELETED)
        .select_related("part")
        .prefetch_related(part_ready_images_prefetch(through="part__"))
        .order_by("-created_at", "-pk")
    )
    if type is not None:
        interests = interests.filter(type=type)
    return _with_conversation_id(interests)


def interest_list_for_seller_part(
    *, seller: User, part_id: uuid.UUID | None
) -> tuple[Part, list[Interest]]:
    """The listing's `interested` answers with their buyers and conversations; owner only.

    PART_NOT_FOUND when there is no such (non-deleted) listing, FORBIDDEN for anyone but its seller.
    """
    part = part_get_not_deleted(part_id=part_id)
    if part is None:
        raise DomainError(PartErrorCode.PART_NOT_FOUND)
    if part.seller_id != seller.pk:
        raise DomainError(ErrorCode.FORBIDDEN)
    interests = list(
        _with_conversation_id(
            Interest.objects.filter(part=part, type=InterestType.INTERESTED)
            .select_related("user")
            .order_by("-created_at", "-pk")
        )
    )
    conversations = conversations_by_id(
        [interest.conversation_id for interest in interests]  # type: ignore[attr-defined]
    )
    for interest in interests:
        interest.conversation = conversations.get(interest.conversation_id)  # type: ignore[attr-defined]
    return part, interests
