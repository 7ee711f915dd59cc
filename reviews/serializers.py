"""The reviews API's shapes: the two request bodies, a review, and a seller's summary."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from marketplace.api.fields import BodySerializer, ServiceRuleCharField, ServiceRuleMixin
from marketplace.api.responses import pagination_data
from marketplace.timestamps import api_datetime
from parts.selectors import buyer_display_name
from parts.serializers import PartSerializer, SellerBadgeSerializer, part_data
from reviews.models import COMMENT_MAX, RATING_MAX, RATING_MIN, REPLY_MAX, Review
from reviews.selectors import RatingSummary
from reviews.seller_profile import SellerListings, SellerProfile


class RatingField(ServiceRuleMixin, serializers.IntegerField):
    """Stars, as the service checks them (REVIEW_RATING_INVALID otherwise)."""


class ReviewCreateSerializer(BodySerializer):
    """`POST /api/orders/{id}/review` (the buyer, once the order is completed)."""

    rating = RatingField(min_value=RATING_MIN, max_value=RATING_MAX, help_text="1 to 5 stars")
    comment = ServiceRuleCharField(
        required=False, default="", allow_blank=True, max_length=COMMENT_MAX
    )


class ReviewReplySerializer(BodySerializer):
    """`POST /api/reviews/{id}/reply` (the rated seller, once)."""

    text = ServiceRuleCharField(max_length=REPLY_MAX)


def review_data(review: Review) -> dict[str, Any]:
    """A review as the API shows it (texts as typed: clients escape them)."""
    return {
        "id": str(review.pk),
        "order_id": str(review.order_id),
        "part_id": str(review.part_id),
        "seller_id": str(review.seller_id),
        "author_name": buyer_display_name(review.author),
        "rating": review.rating,
        "comment": review.comment,
        "reply_text": review.seller_reply if review.replied_at is not None else None,
        "replied_at": api_datetime(review.replied_at) if review.replied_at is not None else None,
        "hidden": review.is_hidden,
        "created_at": api_datetime(review.created_at),
    }


def rating_summary_data(summary: RatingSummary) -> dict[str, Any]:
    return {
        "average": summary.average,
        "count": summary.count,
        "distribution": [
            {"rating": rating, "count": times} for rating, times in summary.distribution.items()
        ],
    }


# --- Schema (documentation and response validation in tests) ---------------------------------
class ReviewSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    order_id = serializers.UUIDField()
    part_id = serializers.UUIDField()
    seller_id = serializers.UUIDField()
    author_name = serializers.CharField()
    rating = serializers.IntegerField(min_value=RATING_MIN, max_value=RATING_MAX)
    comment = serializers.CharField(allow_blank=True)
    reply_text = serializers.CharField(
        allow_null=True,
        allow_blank=True,
        help_text="The seller's answer; null before it, empty once the seller's account is deleted",
    )
    replied_at = serializers.DateTimeField(allow_null=True)
    hidden = serializers.BooleanField(help_text="Hidden by staff (only the participants see it)")
    created_at = serializers.DateTimeField()


class ReviewDataSerializer(serializers.Serializer[Any]):
    review = ReviewSerializer()


class RatingCountSerializer(serializers.Serializer[Any]):
    rating = serializers.IntegerField(min_value=RATING_MIN, max_value=RATING_MAX)
    count = serializers.IntegerField()


class RatingSummarySerializer(serializers.Serializer[Any]):
    average = serializers.DecimalField(
        max_digits=2,
        decimal_places=1,
        coerce_to_string=False,
        allow_null=True,
        help_text="To one decimal; null before the first review",
    )
    count = serializers.IntegerField()
    distribution = RatingCountSerializer(many=True, help_text="5 stars first")


class ReviewPaginationSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField()
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()
    has_more = serializers.BooleanField()
    total_is_exact = serializers.BooleanField()


class SellerReviewsSerializer(serializers.Serializer[Any]):
    summary = RatingSummarySerializer()
    reviews = ReviewSerializer(many=True)
    pagination = ReviewPaginationSerializer()


def seller_profile_data(profile: SellerProfile, listings: SellerListings) -> dict[str, Any]:
    """`GET /api/sellers/{id}`: public facts only (no e-mail, phone or identity)."""
    response = profile.response
    return {
        "seller": {
            "id": str(profile.id),
            "name": profile.name,
            "city": profile.city or None,
            "member_since": api_datetime(profile.member_since),
            "is_business_seller": profile.is_business_seller,
            "badges": [{"code": badge.code, "label": str(badge.label)} for badge in profile.badges],
            "rating": rating_summary_data(profile.rating),
            "latest_reviews": [review_data(review) for review in profile.latest_reviews],
            "response": {
                "conversations": response.conversations,
                "rate_percent": response.rate_percent,
                "median_seconds": response.median_seconds,
            },
            "url": profile.url,
            "reviews_url": profile.reviews_url,
        },
        "parts": [part_data(part) for part in listings.parts],
        "pagination": pagination_data(
            total=listings.total,
            limit=listings.limit,
            offset=listings.offset,
            count=len(listings.parts),
        ),
    }


class SellerResponseSerializer(serializers.Serializer[Any]):
    conversations = serializers.IntegerField(
        help_text="Conversations of the last 180 days in which the buyer wrote"
    )
    rate_percent = serializers.IntegerField(
        allow_null=True,
        help_text="Share of them the seller answered after the buyer's first message; null "
        "without conversations",
    )
    median_seconds = serializers.IntegerField(
        allow_null=True,
        help_text="Median time from the buyer's first message to the seller's first answer",
    )


class SellerPublicSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    name = serializers.CharField(help_text='The display name, or "Satıcı" when none is set')
    city = serializers.CharField(allow_null=True)
    member_since = serializers.DateTimeField()
    is_business_seller = serializers.BooleanField()
    badges = SellerBadgeSerializer(many=True)
    rating = RatingSummarySerializer()
    latest_reviews = ReviewSerializer(many=True)
    response = SellerResponseSerializer()
    url = serializers.CharField()
    reviews_url = serializers.CharField()


class SellerProfileSerializer(serializers.Serializer[Any]):
    seller = SellerPublicSerializer()
    parts = PartSerializer(many=True)
    pagination = ReviewPaginationSerializer()
