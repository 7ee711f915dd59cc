"""DRF endpoints of reviews: the buyer rates the seller of a completed order, the seller answers
once, and anyone reads a seller's reviews."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.fields import PagingQuerySerializer, input_validated
from marketplace.api.responses import api_success, pagination_data
from marketplace.api.schema import envelope
from marketplace.models import User
from orders.selectors import order_get_for_participant
from reviews import services
from reviews.selectors import seller_get_public, seller_rating_summary, seller_reviews_visible
from reviews.seller_profile import seller_listings_page, seller_profile_get
from reviews.serializers import (
    ReviewCreateSerializer,
    ReviewDataSerializer,
    ReviewReplySerializer,
    SellerProfileSerializer,
    SellerReviewsSerializer,
    rating_summary_data,
    review_data,
    seller_profile_data,
)

REVIEW_ENVELOPE = envelope(ReviewDataSerializer(), name="ReviewEnvelope")
PUBLISHED_MESSAGE = _("Thank you! Your review is published.")
ANSWERED_MESSAGE = _("Your answer is published.")


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


class ReviewCreateView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    throttle_category = "reviews"
    api_error_statuses: tuple[int, ...] = (400, 404, 409)

    @extend_schema(
        operation_id="reviews_create",
        summary="The buyer rates the seller of a completed order (once)",
        request=ReviewCreateSerializer,
        responses={201: REVIEW_ENVELOPE},
    )
    def post(self, request: Request, order_id: str) -> Response:
        # Strangers learn nothing (ORDER_NOT_FOUND) before their body is looked at.
        order_get_for_participant(order_id=order_id, user=_user(request))
        data = input_validated(ReviewCreateSerializer, request.data)
        review = services.review_create(
            order_id=order_id,
            buyer=_user(request),
            rating=data.get("rating"),
            comment=data.get("comment", ""),
        )
        return api_success({"review": review_data(review)}, message=PUBLISHED_MESSAGE, status=201)


class ReviewReplyView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    throttle_category = "reviews"
    api_error_statuses: tuple[int, ...] = (400, 403, 404, 409)

    @extend_schema(
        operation_id="reviews_reply",
        summary="The rated seller answers a review (once)",
        request=ReviewReplySerializer,
        responses={200: REVIEW_ENVELOPE},
    )
    def post(self, request: Request, review_id: str) -> Response:
        data = input_validated(ReviewReplySerializer, request.data)
        review = services.review_reply(
            review_id=review_id, seller=_user(request), text=data.get("text")
        )
        return api_success({"review": review_data(review)}, message=ANSWERED_MESSAGE)


class SellerReviewsView(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_category = "search"
    api_error_statuses: tuple[int, ...] = (400, 404)

    @extend_schema(
        operation_id="reviews_seller_list",
        summary="A seller's rating summary and visible reviews, newest first",
        parameters=[PagingQuerySerializer],
        responses={200: envelope(SellerReviewsSerializer(), name="SellerReviewsEnvelope")},
    )
    def get(self, request: Request, user_id: str) -> Response:
        seller = seller_get_public(user_id=user_id)
        query = input_validated(PagingQuerySerializer, request.query_params)
        page = seller_reviews_visible(
            seller_id=seller.pk, limit=query["limit"], offset=query["offset"]
        )
        return api_success(
            {
                "summary": rating_summary_data(seller_rating_summary(seller_id=seller.pk)),
                "reviews": [review_data(review) for review in page.reviews],
                "pagination": pagination_data(
                    total=page.total,
                    limit=page.limit,
                    offset=page.offset,
                    count=len(page.reviews),
                ),
            }
        )


class SellerProfileView(APIView):
    """`GET /api/sellers/{id}`: a seller's public facts and a page of their live listings."""

    permission_classes = [permissions.AllowAny]
    throttle_category = "search"
    api_error_statuses: tuple[int, ...] = (400, 404)

    @extend_schema(
        operation_id="sellers_retrieve",
        summary="A seller's public page: name, city, member since, badges, rating, response "
        "rate and median response time, live listings (paged)",
        parameters=[PagingQuerySerializer],
        responses={200: envelope(SellerProfileSerializer(), name="SellerProfileEnvelope")},
    )
    def get(self, request: Request, user_id: str) -> Response:
        profile = seller_profile_get(user_id=user_id)
        query = input_validated(PagingQuerySerializer, request.query_params)
        listings = seller_listings_page(
            seller_id=profile.id,
            viewer=_user(request) if request.user.is_authenticated else None,
            limit=query["limit"],
            offset=query["offset"],
        )
        return api_success(seller_profile_data(profile, listings))
