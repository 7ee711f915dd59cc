"""The seller's payment request and the steps that need no money to move: cancel before payment,
ship, delivered (from the carrier's tracking)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.errors import DomainError
from marketplace.models import User
from messaging.services import conversation_get_for_participant
from orders.error_codes import OrderErrorCode
from orders.gateway import seller_sub_merchant_key
from orders.models import OPEN_STATES, Order
from orders.money import order_amounts
from orders.rules import order_action_allowed
from orders.services.transitions import (
    order_locked,
    order_request_record,
    order_transition_apply,
)
from parts.selectors import PartStatus
from shipping.services import tracking_number_normalize


def order_request(
    *,
    conversation_id: uuid.UUID | str,
    seller: User,
    price: Decimal | None = None,
    shipping_fee: Decimal = Decimal("0"),
    note: str = "",
) -> Order:
    """The seller asks the buyer of a conversation to pay (price defaults to the listing's).

    One open order per conversation; the listing must still be for sale; the seller needs a payout
    profile with an iyzico sub-merchant (where the money goes)."""
    conversation = conversation_get_for_participant(conversation_id=conversation_id, user=seller)
    if conversation.seller_id != seller.pk:
        raise DomainError(OrderErrorCode.ORDER_ACTION_NOT_ALLOWED)
    part = conversation.part
    if part.status != PartStatus.ACTIVE:
        raise DomainError(OrderErrorCode.ORDER_PART_NOT_AVAILABLE)
    sub_merchant_key = seller_sub_merchant_key(seller_id=seller.pk)
    if not sub_merchant_key:
        raise DomainError(OrderErrorCode.ORDER_PAYOUT_PROFILE_REQUIRED)
    amounts = order_amounts(price=part.price if price is None else price, shipping_fee=shipping_fee)
    try:
        with transaction.atomic():
            if Order.objects.filter(conversation=conversation, state__in=OPEN_STATES).exists():
                raise DomainError(OrderErrorCode.ORDER_ALREADY_OPEN)
            order = Order.objects.create(
                conversation=conversation,
                part=part,
                buyer_id=conversation.buyer_id,
                seller=seller,
                price=amounts.price,
                shipping_fee=amounts.shipping_fee,
                commission=amounts.commission,
                commission_rate=amounts.rate,
                note=note.strip()[:500],
                sub_merchant_key=sub_merchant_key,
            )
            order = order_locked(order_id=order.pk, user=seller)
            order_request_record(order=order, seller=seller)
            return order
    except IntegrityError:
        # A concurrent request in the same conversation won the unique constraint.
        raise DomainError(OrderErrorCode.ORDER_ALREADY_OPEN) from None


def order_cancel_unpaid(*, order_id: uuid.UUID | str, actor: User | None) -> Order:
    """Buyer or seller withdraws a payment request nobody paid yet (the platform does it when the
    listing sold in another conversation)."""
    with transaction.atomic():
        order = order_locked(order_id=order_id, user=actor)
        return order_transition_apply(order=order, action="cancel", actor=actor)


def order_ship(
    *, order_id: uuid.UUID | str, seller: User, carrier: str, tracking_number: str
) -> Order:
    """The seller hands the part to a carrier (the tracking number is checked per carrier)."""
    with transaction.atomic():
        order = order_locked(order_id=order_id, user=seller)
        if not order_action_allowed(order=order, action=order.ship, actor=seller):
            raise DomainError(OrderErrorCode.ORDER_ACTION_NOT_ALLOWED)
        number = tracking_number_normalize(carrier=carrier, tracking_number=tracking_number)
        return order_transition_apply(
            order=order,
            action="ship",
            actor=seller,
            changes={"carrier": carrier, "tracking_number": number, "shipped_at": timezone.now()},
        )


def order_deliver(*, order_id: uuid.UUID | str, delivered_at: datetime | None = None) -> Order:
    """The carrier says it arrived (tracking poll): the buyer's confirmation clock starts."""
    with transaction.atomic():
        order = order_locked(order_id=order_id, user=None)
        return order_transition_apply(
            order=order,
            action="deliver",
            actor=None,
            changes={"delivered_at": delivered_at or timezone.now()},
        )
