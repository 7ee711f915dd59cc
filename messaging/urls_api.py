"""API routes of the chat."""

from django.urls import URLPattern

from marketplace.api.routing import api_route
from messaging.api import (
    ConversationBlockView,
    ConversationCloseView,
    ConversationListView,
    ConversationMessagesView,
    ConversationReportView,
    ConversationUnblockView,
    PartReportView,
    UserReportView,
)

# `str`, not `uuid`: a malformed id must get CONVERSATION_NOT_FOUND, not the catch-all NOT_FOUND.
urlpatterns: list[URLPattern] = [
    api_route("conversations", ConversationListView.as_view(), name="conversation-list"),
    api_route(
        "conversations/<str:conversation_id>/messages",
        ConversationMessagesView.as_view(),
        name="conversation-messages",
    ),
    api_route(
        "conversations/<str:conversation_id>/close",
        ConversationCloseView.as_view(),
        name="conversation-close",
    ),
    api_route(
        "conversations/<str:conversation_id>/block",
        ConversationBlockView.as_view(),
        name="conversation-block",
    ),
    api_route(
        "conversations/<str:conversation_id>/unblock",
        ConversationUnblockView.as_view(),
        name="conversation-unblock",
    ),
    api_route("parts/<str:part_id>/report", PartReportView.as_view(), name="part-report"),
    api_route("users/<str:user_id>/report", UserReportView.as_view(), name="user-report"),
    api_route(
        "conversations/<str:conversation_id>/report",
        ConversationReportView.as_view(),
        name="conversation-report",
    ),
]
