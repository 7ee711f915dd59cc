"""KVKK part of orders: the user's orders in their data export, and what an account deletion does
to them. Orders are commercial records (amounts, dates, iyzico references are kept, as the tax
rules ask); the delivery name, phone and address the user typed go from every order that is
over. Registered in apps.py."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from marketplace.models import User
from orders.models import OPEN_STATES, Order


def orders_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "id": str(order.pk),
            "role": "buyer" if order.buyer_id == user.pk else "seller",
            "part_id": str(order.part_id),
            "state": order.state,
            "price": str(order.price),
            "shipping_fee": str(order.shipping_fee),
            "created_at": order.created_at.isoformat(),
            "delivery": (
                {
                    "name": order.delivery_name,
                    "phone": order.delivery_phone,
                    "address": order.delivery_address,
                    "city": order.delivery_city,
                }
                if order.buyer_id == user.pk
                else None
            ),
        }
        for order in Order.objects.filter(Q(buyer=user) | Q(seller=user)).order_by("created_at")
    ]


def orders_erase(user: User) -> int:
    return (
        Order.objects.filter(buyer=user)
        .exclude(state__in=OPEN_STATES)
        .update(delivery_name="", delivery_phone="", delivery_address="", delivery_city="")
    )
