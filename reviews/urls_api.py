"""API routes of reviews."""

from django.urls import URLPattern

from marketplace.api.routing import api_route
from reviews.api import ReviewCreateView, ReviewReplyView, SellerProfileView, SellerReviewsView

# `str`, not `uuid`: a malformed id must get the resource's own NOT_FOUND code.
urlpatterns: list[URLPattern] = [
    api_route("orders/<str:order_id>/review", ReviewCreateView.as_view(), name="order-review"),
    api_route("reviews/<str:review_id>/reply", ReviewReplyView.as_view(), name="review-reply"),
    api_route("sellers/<str:user_id>", SellerProfileView.as_view(), name="seller-profile"),
    api_route("sellers/<str:user_id>/reviews", SellerReviewsView.as_view(), name="seller-reviews"),
]
