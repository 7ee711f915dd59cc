"""Reads of reviews: a seller's rating summary and visible reviews, the summaries of many sellers
in one query (listing pages), and an order's review for its page."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse

from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from reviews.models import RATING_MAX, RATING_MIN, Review

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class RatingSummary:
    """A seller's visible reviews: the average to one decimal (None without reviews), how many,
    and how many of each number of stars (1…5, zeros included)."""

    count: int = 0
    average: Decimal | None = None
    distribution: dict[int, int] = field(
        default_factory=lambda: dict.fromkeys(range(RATING_MAX, RATING_MIN - 1, -1), 0)
    )


@dataclass(frozen=True)
class ReviewPage:
    reviews: list[Review]
    total: int
    limit: int
    offset: int


def _visible() -> QuerySet[Review]:
    return Review.objects.filter(hidden_at__isnull=True)


def _summary(distribution: dict[int, int]) -> RatingSummary:
    count = sum(distribution.values())
    if not count:
        return RatingSummary()
    stars = sum(rating * times for rating, times in distribution.items())
    average = (Decimal(stars) / Decimal(count)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return RatingSummary(count=count, average=average, distribution=distribution)


def seller_rating_summaries(*, seller_ids: Iterable[Any]) -> dict[Any, RatingSummary]:
    """Each seller's summary, in one grouped query whatever the number of sellers."""
    # The caller's own keys (UUIDs or their text) map to the ids the database gives back.
    keys: dict[uuid.UUID, Any] = {}
    for seller_id in seller_ids:
        try:
            keys.setdefault(uuid.UUID(str(seller_id)), seller_id)
        except ValueError:
            continue
    if not keys:
        return {}
    distributions: dict[uuid.UUID, dict[int, int]] = {
        pk: dict.fromkeys(range(RATING_MAX, RATING_MIN - 1, -1), 0) for pk in keys
    }
    rows = (
        _visible()
        .filter(seller_id__in=list(keys))
        .values("seller_id", "rating")
        .annotate(times=Count("id"))
        .order_by()
    )
    for row in rows:
        distributions[row["seller_id"]][row["rating"]] = row["times"]
    return {keys[pk]: _summary(counts) for pk, counts in distributions.items()}


def seller_rating_summary(*, seller_id: Any) -> RatingSummary:
    return seller_rating_summaries(seller_ids=[seller_id])[seller_id]


def seller_reviews_visible(*, seller_id: Any, limit: int, offset: int) -> ReviewPage:
    """The seller's reviews that staff did not hide, newest first, with their authors."""
    reviews = (
        _visible()
        .filter(seller_id=seller_id)
        .select_related("author", "part")
        .order_by("-created_at", "-pk")
    )
    return ReviewPage(
        reviews=list(reviews[offset : offset + limit]),
        total=reviews.count(),
        limit=limit,
        offset=offset,
    )


def review_for_order(*, order_id: uuid.UUID) -> Review | None:
    """The order's review, hidden or not (its two participants see it either way)."""
    return Review.objects.select_related("author", "seller").filter(order_id=order_id).first()


def review_order_id(*, review_id: uuid.UUID) -> uuid.UUID | None:
    return Review.objects.filter(pk=review_id).values_list("order_id", flat=True).first()


def seller_reviews_path(seller_id: Any) -> str:
    return reverse("reviews:seller", kwargs={"user_id": seller_id})


def seller_ratings_for_listing(*, user_ids: list[Any]) -> dict[Any, tuple[Decimal, int, str]]:
    """For parts' seller-rating registry: (average, count, reviews page) of the sellers among
    `user_ids` who have visible reviews; one query."""
    return {
        seller_id: (summary.average, summary.count, seller_reviews_path(seller_id))
        for seller_id, summary in seller_rating_summaries(seller_ids=user_ids).items()
        if summary.average is not None
    }


def seller_get_public(*, user_id: uuid.UUID | str) -> User:
    """An active account whose reviews anyone may read; NOT_FOUND otherwise."""
    try:
        pk = uuid.UUID(str(user_id))
    except ValueError:
        raise DomainError(ErrorCode.NOT_FOUND) from None
    seller = User.objects.filter(pk=pk, is_active=True, deleted_at__isnull=True).first()
    if seller is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    return seller
