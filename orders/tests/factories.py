"""Orders for tests: made through the ORM in a given state (the flow tests go through the
services and iyzico's sandbox instead)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marketplace.models import User
from marketplace.tests.factories import UserFactory
from messaging.services import conversation_open
from orders.models import Order
from orders.money import order_amounts
from parts.tests.factories import make_part


def make_order(
    *,
    buyer: User | None = None,
    seller: User | None = None,
    state: str = "awaiting_payment",
    **fields: Any,
) -> Order:
    buyer = buyer or UserFactory.create()
    seller = seller or UserFactory.create()
    part = make_part(seller=seller)
    conversation = conversation_open(part=part, buyer=buyer)
    amounts = order_amounts(price=part.price, shipping_fee=Decimal("50.00"))
    order = Order.objects.create(
        conversation=conversation,
        part=part,
        buyer=buyer,
        seller=seller,
        price=amounts.price,
        shipping_fee=amounts.shipping_fee,
        commission=amounts.commission,
        commission_rate=amounts.rate,
        sub_merchant_key="sandbox-sub-merchant",
        **fields,
    )
    if state != "awaiting_payment":
        Order.objects.filter(pk=order.pk).update(state=state)
        order.refresh_from_db()
    return order
