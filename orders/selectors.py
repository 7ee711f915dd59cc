"""Reads of orders: a participant's list and one order with its history and what they may do."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from marketplace.errors import DomainError
from marketplace.models import User
from orders.error_codes import OrderErrorCode
from orders.models import Order, OrderState, OrderTransition
from orders.returns import order_return_open
from orders.rules import order_action_allowed, order_pk_parse
from shipping.selectors import carrier_choices, tracking_url

ROLES = ("buyer", "seller")


@dataclass(frozen=True)
class OrderPage:
    orders: list[Order]
    total: int
    limit: int
    offset: int


def _orders_with_relations() -> QuerySet[Order]:
    return Order.objects.select_related("part", "buyer", "seller")


def order_list_for_user(
    *,
    user: User,
    role: str | None,
    limit: int,
    offset: int,
    conversation_id: uuid.UUID | None = None,
) -> OrderPage:
    """The user's orders as buyer, as seller, or both (`role=None`), newest first."""
    if role == "buyer":
        orders = _orders_with_relations().filter(buyer=user)
    elif role == "seller":
        orders = _orders_with_relations().filter(seller=user)
    else:
        orders = _orders_with_relations().filter(Q(buyer=user) | Q(seller=user))
    if conversation_id is not None:
        orders = orders.filter(conversation_id=conversation_id)
    orders = orders.order_by("-created_at", "-pk")
    return OrderPage(
        orders=list(orders[offset : offset + limit]),
        total=orders.count(),
        limit=limit,
        offset=offset,
    )


def order_get_for_participant(*, order_id: uuid.UUID | str, user: User) -> Order:
    """The order if the user is its buyer or seller; ORDER_NOT_FOUND otherwise (staff too: they
    read orders in the admin)."""
    order = _orders_with_relations().filter(pk=order_pk_parse(order_id)).first()
    if order is None or user.pk not in (order.buyer_id, order.seller_id):
        raise DomainError(OrderErrorCode.ORDER_NOT_FOUND)
    return order


def order_history(*, order: Order) -> list[OrderTransition]:
    return list(order.transitions.order_by("created_at", "id"))


def order_for_conversation(*, conversation_id: uuid.UUID) -> Order | None:
    """The conversation's newest order (the card the chat shows)."""
    return (
        _orders_with_relations()
        .filter(conversation_id=conversation_id)
        .order_by("-created_at", "-pk")
        .first()
    )


def order_allowed_actions(*, order: Order, viewer: User) -> list[str]:
    """What the viewer may do next, by the API's action names (the buttons a client shows)."""
    actions: list[str] = []
    is_buyer = viewer.pk == order.buyer_id
    is_seller = viewer.pk == order.seller_id
    if is_buyer and order.state == OrderState.AWAITING_PAYMENT:
        actions.append("checkout")
    if order_action_allowed(order=order, action=order.cancel, actor=viewer) or (
        is_seller and order.state == OrderState.PAID
    ):
        actions.append("cancel")
    if is_seller and order_action_allowed(order=order, action=order.ship, actor=viewer):
        actions.append("ship")
    if is_buyer and order_action_allowed(order=order, action=order.complete, actor=viewer):
        actions.append("confirm")
    if is_buyer and order_return_open(order=order):
        actions.append("return")
    if is_seller and order.state == OrderState.RETURN_REQUESTED:
        actions.extend(["return_accept", "return_refuse"])
    if is_seller and order.state == OrderState.RETURNED:
        actions.append("return_received")
    return actions


def orders_awaiting_payment_reminder(*, now: datetime | None = None) -> QuerySet[Order]:
    now = now or timezone.now()
    return Order.objects.filter(
        state=OrderState.AWAITING_PAYMENT,
        payment_reminded_at__isnull=True,
        created_at__lte=now - timedelta(hours=settings.ORDER_PAYMENT_REMINDER_HOURS),
    )


# Sections other apps add to an order's page (reviews: the rating form), registered in their
# AppConfig.ready(): (request, order, viewer) -> rendered HTML.
OrderPanel = Callable[[HttpRequest, Order, User], str]
_ORDER_PANELS: dict[str, OrderPanel] = {}


def order_panel_register(name: str, panel: OrderPanel) -> None:
    _ORDER_PANELS[name] = panel


def order_panels(*, request: HttpRequest, order: Order, viewer: User) -> list[str]:
    return [panel(request, order, viewer) for panel in _ORDER_PANELS.values()]


@dataclass(frozen=True)
class OrderShipment:
    carrier_name: str  # "" before shipping
    tracking_url: str  # the carrier's public tracking page; "" before shipping


def order_shipment(*, order: Order) -> OrderShipment:
    """How the page and the API show the shipment: the carrier's Turkish name and tracking link."""
    shipped = bool(order.carrier and order.tracking_number)
    return OrderShipment(
        carrier_name=dict(carrier_choices()).get(order.carrier, ""),
        tracking_url=(
            tracking_url(carrier=order.carrier, tracking_number=order.tracking_number)
            if shipped
            else ""
        ),
    )
