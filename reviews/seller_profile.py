"""A seller's public page (issue 21): `/satici/<id>/` and `GET /api/sellers/{id}`.

It lives with the reviews because they are most of what a buyer looks a seller up for, and
because this app already reads the catalogue and the chat: the badges and the live listings come
from `parts.selectors`, the response rate and median response time from `messaging.selectors`.
Only what a seller shows the public is read: display name (a neutral "Satıcı" without one), city,
member since, business seller, badges, rating, response figures, live listings — never the
e-mail, phone, identity or payout data. A deleted, banned or deactivated account has no page."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marketplace.models import User
from messaging.selectors import ResponseStats, seller_response_stats
from parts.selectors import (
    Part,
    SellerBadge,
    part_page_for_seller,
    seller_badges_for,
    seller_display_name,
    seller_page_path,
)
from reviews.selectors import (
    RatingSummary,
    seller_get_public,
    seller_rating_summary,
    seller_reviews_path,
    seller_reviews_visible,
)

LATEST_REVIEWS = 3


@dataclass(frozen=True)
class SellerProfile:
    id: uuid.UUID
    name: str
    city: str
    member_since: datetime
    is_business_seller: bool
    badges: list[SellerBadge]
    rating: RatingSummary
    latest_reviews: list[Any]
    response: ResponseStats
    url: str
    reviews_url: str


@dataclass(frozen=True)
class SellerListings:
    parts: list[Part]
    total: int
    limit: int
    offset: int


def seller_profile_get(*, user_id: uuid.UUID | str) -> SellerProfile:
    """The public facts about a seller; NOT_FOUND for an unknown, deleted or banned account."""
    seller: User = seller_get_public(user_id=user_id)
    return SellerProfile(
        id=seller.pk,
        name=seller_display_name(seller),
        city=seller.city,
        member_since=seller.created_at,
        is_business_seller=seller.is_business_seller,
        badges=seller_badges_for(seller_ids=[seller.pk])[seller.pk],
        rating=seller_rating_summary(seller_id=seller.pk),
        latest_reviews=seller_reviews_visible(
            seller_id=seller.pk, limit=LATEST_REVIEWS, offset=0
        ).reviews,
        response=seller_response_stats(seller_id=seller.pk),
        url=seller_page_path(seller.pk),
        reviews_url=seller_reviews_path(seller.pk),
    )


def seller_listings_page(
    *, seller_id: uuid.UUID, viewer: User | None, limit: int, offset: int
) -> SellerListings:
    """A page of the seller's live listings, newest first (sold, expired, paused or pending
    ones are not shown)."""
    parts, total = part_page_for_seller(
        seller_id=seller_id, viewer=viewer, limit=limit, offset=offset
    )
    return SellerListings(parts=parts, total=total, limit=limit, offset=offset)
