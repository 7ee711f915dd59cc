"""When a buyer may still return a part: the window after delivery (2 days for individual
sellers, 14 for business sellers). Read by the services and the selectors alike."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from orders.gateway import seller_sells_as_business
from orders.models import Order, OrderState


def order_return_window(*, order: Order) -> timedelta:
    business = seller_sells_as_business(seller_id=order.seller_id)
    days = (
        settings.ORDER_RETURN_DAYS_BUSINESS if business else settings.ORDER_RETURN_DAYS_INDIVIDUAL
    )
    return timedelta(days=days)


def order_return_open(*, order: Order) -> bool:
    """Still within the return window (the buyer's "İade et" button)."""
    return (
        order.state == OrderState.DELIVERED
        and order.delivered_at is not None
        and timezone.now() <= order.delivered_at + order_return_window(order=order)
    )
