"""API routes of orders."""

from django.urls import URLPattern

from marketplace.api.routing import api_route
from orders.api import (
    ConversationOrderCreateView,
    OrderCancelView,
    OrderCheckoutView,
    OrderConfirmView,
    OrderDetailView,
    OrderListView,
    OrderReturnAnswerView,
    OrderReturnView,
    OrderShipView,
)

# `str`, not `uuid`: a malformed id must get ORDER_NOT_FOUND, not the catch-all NOT_FOUND.
urlpatterns: list[URLPattern] = [
    api_route(
        "conversations/<str:conversation_id>/orders",
        ConversationOrderCreateView.as_view(),
        name="conversation-orders",
    ),
    api_route("orders", OrderListView.as_view(), name="order-list"),
    api_route("orders/<str:order_id>", OrderDetailView.as_view(), name="order-detail"),
    api_route("orders/<str:order_id>/checkout", OrderCheckoutView.as_view(), name="order-checkout"),
    api_route("orders/<str:order_id>/ship", OrderShipView.as_view(), name="order-ship"),
    api_route("orders/<str:order_id>/confirm", OrderConfirmView.as_view(), name="order-confirm"),
    api_route("orders/<str:order_id>/cancel", OrderCancelView.as_view(), name="order-cancel"),
    api_route("orders/<str:order_id>/return", OrderReturnView.as_view(), name="order-return"),
    api_route(
        "orders/<str:order_id>/return/accept",
        OrderReturnAnswerView.as_view(answer="accept"),
        name="order-return-accept",
    ),
    api_route(
        "orders/<str:order_id>/return/refuse",
        OrderReturnAnswerView.as_view(answer="refuse"),
        name="order-return-refuse",
    ),
    api_route(
        "orders/<str:order_id>/return/received",
        OrderReturnAnswerView.as_view(answer="received"),
        name="order-return-received",
    ),
]
