"""Writes of reviews: the buyer's rating after a completed order, the seller's one answer, and
staff hiding a review. The pages, the API and the admin all call these; each checks who may act.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from marketplace.errors import DomainError, ErrorCode, id_parse
from marketplace.models import AuditAction, User
from marketplace.services.audit import audit_record, audit_record_many
from marketplace.text import NUL_MESSAGE, has_nul
from orders.selectors import OrderState, order_get_for_participant
from reviews.error_codes import ReviewErrorCode
from reviews.models import COMMENT_MAX, RATING_MAX, RATING_MIN, REPLY_MAX, Review

TOO_LONG_MESSAGE = gettext_lazy("The text can be at most %(limit)d characters.")
EMPTY_REPLY_MESSAGE = gettext_lazy("Write your answer.")


def review_pk_parse(review_id: uuid.UUID | str) -> uuid.UUID:
    """The id as a UUID; REVIEW_NOT_FOUND for anything that cannot be one."""
    return id_parse(review_id, not_found=ReviewErrorCode.REVIEW_NOT_FOUND)


def rating_clean(value: Any) -> int:
    """A whole number of stars from 1 to 5: a JSON number, or its digits as a form sends them.
    Anything else (0, 6, 4.5, "beş", true, null) is REVIEW_RATING_INVALID."""
    rating: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        rating = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        rating = int(value.strip())
    if rating is None or not RATING_MIN <= rating <= RATING_MAX:
        raise DomainError(
            ReviewErrorCode.REVIEW_RATING_INVALID,
            details={"rating": [str(ReviewErrorCode.REVIEW_RATING_INVALID.message)]},
        )
    return rating


def review_text_clean(value: Any, *, field: str, limit: int, required: bool = False) -> str:
    """Text as typed (only the surrounding spaces go): no NUL, at most `limit` characters."""
    if value is None and not required:
        value = ""
    problem: str | None = None
    if not isinstance(value, str):
        problem = gettext("Must be text.")
    elif has_nul(value):
        problem = str(NUL_MESSAGE)
    elif len(value.strip()) > limit:
        problem = str(TOO_LONG_MESSAGE) % {"limit": limit}
    elif required and not value.strip():
        problem = str(EMPTY_REPLY_MESSAGE)
    if problem is not None:
        raise DomainError(ReviewErrorCode.REVIEW_TEXT_INVALID, details={field: [problem]})
    return str(value).strip()


@transaction.atomic
def review_create(*, order_id: uuid.UUID | str, buyer: User, rating: Any, comment: Any) -> Review:
    """The buyer rates the seller of a completed order, once. Strangers get ORDER_NOT_FOUND (as
    everywhere in orders); the seller, or the buyer before completion, REVIEW_NOT_ALLOWED."""
    order = order_get_for_participant(order_id=order_id, user=buyer)
    if order.buyer_id != buyer.pk or order.state != OrderState.COMPLETED:
        raise DomainError(ReviewErrorCode.REVIEW_NOT_ALLOWED)
    if Review.objects.filter(order_id=order.pk).exists():
        raise DomainError(ReviewErrorCode.REVIEW_EXISTS)
    stars = rating_clean(rating)
    text = review_text_clean(comment, field="comment", limit=COMMENT_MAX)
    try:
        with transaction.atomic():  # a savepoint: the unique order is the last word on "once"
            return Review.objects.create(
                order_id=order.pk,
                part_id=order.part_id,
                author=buyer,
                seller_id=order.seller_id,
                rating=stars,
                comment=text,
            )
    except IntegrityError:
        if Review.objects.filter(order_id=order.pk).exists():
            raise DomainError(ReviewErrorCode.REVIEW_EXISTS) from None
        raise


@transaction.atomic
def review_reply(*, review_id: uuid.UUID | str, seller: User, text: Any) -> Review:
    """The rated seller answers a review, once."""
    review = Review.objects.select_for_update().filter(pk=review_pk_parse(review_id)).first()
    if review is None or (review.seller_id != seller.pk and review.is_hidden):
        raise DomainError(ReviewErrorCode.REVIEW_NOT_FOUND)
    if review.seller_id != seller.pk:
        raise DomainError(ReviewErrorCode.REPLY_NOT_ALLOWED)
    if review.has_reply:
        raise DomainError(ReviewErrorCode.REPLY_EXISTS)
    review.seller_reply = review_text_clean(text, field="text", limit=REPLY_MAX, required=True)
    review.replied_at = timezone.now()
    review.save(update_fields=["seller_reply", "replied_at", "updated_at"])
    return review


def _staff_only(staff: User) -> None:
    if not staff.is_staff:
        raise DomainError(ErrorCode.FORBIDDEN)


@transaction.atomic
def review_hide(*, review_ids: list[uuid.UUID], staff: User, reason: str = "") -> int:
    """Staff take reviews out of the summaries and public lists; returns how many changed. Each
    hidden review is an audit-log entry."""
    _staff_only(staff)
    now = timezone.now()
    changing = list(
        Review.objects.select_for_update().filter(pk__in=review_ids, hidden_at__isnull=True)
    )
    Review.objects.filter(pk__in=[review.pk for review in changing]).update(
        hidden_at=now, updated_at=now
    )
    audit_record_many(
        actor=staff,
        action=AuditAction.REVIEW_HIDE,
        targets=changing,
        before={"hidden_at": None},
        after={"hidden_at": now},
        reason=reason,
    )
    return len(changing)


@transaction.atomic
def review_unhide(*, review_ids: list[uuid.UUID], staff: User, reason: str = "") -> int:
    _staff_only(staff)
    changing = list(
        Review.objects.select_for_update().filter(pk__in=review_ids, hidden_at__isnull=False)
    )
    Review.objects.filter(pk__in=[review.pk for review in changing]).update(
        hidden_at=None, updated_at=timezone.now()
    )
    for review in changing:
        audit_record(
            actor=staff,
            action=AuditAction.REVIEW_UNHIDE,
            target=review,
            before={"hidden_at": review.hidden_at},
            after={"hidden_at": None},
            reason=reason,
        )
    return len(changing)
