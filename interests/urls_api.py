"""API routes of interest-gating."""

from django.urls import URLPattern

from interests.api import (
    ConversationSharePhoneView,
    InterestDetailView,
    InterestListView,
    PartInterestExpressView,
    PartInterestListView,
)
from marketplace.api.routing import api_route

urlpatterns: list[URLPattern] = [
    api_route(
        "parts/<str:part_id>/interest", PartInterestExpressView.as_view(), name="part-interest"
    ),
    api_route(
        "parts/<str:part_id>/interests", PartInterestListView.as_view(), name="part-interest-list"
    ),
    api_route("interests", InterestListView.as_view(), name="interest-list"),
    api_route("interests/<str:interest_id>", InterestDetailView.as_view(), name="interest-detail"),
    api_route(
        "conversations/<str:conversation_id>/share-phone",
        ConversationSharePhoneView.as_view(),
        name="conversation-share-phone",
    ),
]
