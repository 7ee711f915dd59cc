"""What the beat does to orders nobody touches: reminds an unpaid request once, cancels and
refunds an order not shipped in time, moves a shipped order on when the carrier says delivered,
and completes a delivered order the buyer never confirmed. Each order is its own transaction:
one that fails (iyzico away) is logged and tried again on the next run."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from integrations.services import NotificationEvent, notification_enqueue
from marketplace.errors import DomainError
from orders.models import Order, OrderState
from orders.selectors import orders_awaiting_payment_reminder
from orders.services.lifecycle import order_deliver
from orders.services.payment import order_confirm, order_refund
from orders.services.returns import order_return_accept
from shipping.selectors import carrier_tracking_available
from shipping.services import tracking_status_fetch

logger = logging.getLogger(__name__)

PLATFORM_IP = "127.0.0.1"  # iyzico wants the caller's address; the beat has none of its own
BATCH = 200


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def orders_payment_remind(*, now: datetime | None = None) -> int:
    """Seed 000's `payment_reminder`, once, to buyers of requests unpaid for a day."""
    sent = 0
    for order in orders_awaiting_payment_reminder(now=_now(now)).select_related("buyer", "part")[
        :BATCH
    ]:
        with transaction.atomic():
            claimed = Order.objects.filter(
                pk=order.pk, state=OrderState.AWAITING_PAYMENT, payment_reminded_at__isnull=True
            ).update(payment_reminded_at=_now(now))
            if not claimed:
                continue
            notification_enqueue(
                user=order.buyer,
                event=NotificationEvent.PAYMENT_REMINDER,
                dedupe_key=f"{NotificationEvent.PAYMENT_REMINDER}:{order.pk}",
                context={
                    "buyer_name": order.buyer.public_name,
                    "part_name": order.part.title,
                    "payment_link": f"{settings.SITE_URL}/hesabim/siparislerim/{order.pk}/",
                },
            )
        sent += 1
    return sent


def _each_order(order_ids: Any, act: Callable[[uuid.UUID], object], *, failure: str | None) -> int:
    """Runs `act` on each of the first BATCH orders, each in its own transaction (the services
    open theirs); one refused (DomainError: iyzico away, moved on meanwhile) is logged with
    `failure` (when given) and tried again on the next run. Returns how many went through."""
    done = 0
    for order_id in list(order_ids[:BATCH]):
        try:
            act(order_id)
        except DomainError as error:
            if failure:
                logger.warning(failure, order_id, error.code)
            continue
        done += 1
    return done


def orders_not_shipped_refund(*, now: datetime | None = None) -> int:
    """Paid and not shipped by the deadline (3 Turkish business days): cancelled and refunded."""
    due = Order.objects.filter(state=OrderState.PAID, ship_by__lte=_now(now)).values_list(
        "pk", flat=True
    )
    return _each_order(
        due,
        lambda order_id: order_refund(
            order_id=order_id, actor=None, ip=PLATFORM_IP, note="not shipped within the deadline"
        ),
        failure="order %s not refunded yet: %s",
    )


def orders_delivered_complete(*, now: datetime | None = None) -> int:
    """Delivered and not confirmed within ORDER_AUTO_COMPLETE_DAYS: approved, the money
    released to the seller."""
    limit = _now(now) - timedelta(days=settings.ORDER_AUTO_COMPLETE_DAYS)
    due = Order.objects.filter(state=OrderState.DELIVERED, delivered_at__lte=limit).values_list(
        "pk", flat=True
    )
    return _each_order(
        due,
        lambda order_id: order_confirm(order_id=order_id, buyer=None),
        failure="order %s not completed yet: %s",
    )


def orders_tracking_poll() -> int:
    """Asks the carriers about shipped orders; `delivered` moves them on."""
    moved = 0
    shipped = Order.objects.filter(state=OrderState.SHIPPED).values_list(
        "pk", "carrier", "tracking_number"
    )
    for order_id, carrier, number in list(shipped[:BATCH]):
        if not carrier_tracking_available(carrier=carrier):
            continue
        try:
            result = tracking_status_fetch(carrier=carrier, tracking_number=number)
        except DomainError as error:
            logger.info("tracking of order %s unavailable: %s", order_id, error.code)
            continue
        if result.status != "delivered":
            continue
        try:
            order_deliver(order_id=order_id, delivered_at=result.delivered_at)
        except DomainError:
            continue  # moved on meanwhile (confirmed, refunded)
        moved += 1
    return moved


def orders_returns_settle(*, now: datetime | None = None) -> int:
    """A return request the seller left unanswered for ORDER_RETURN_SILENCE_HOURS is accepted;
    an accepted return the seller never confirmed receiving is refunded after
    ORDER_RETURN_REFUND_DAYS."""
    moment = _now(now)
    silent = Order.objects.filter(
        state=OrderState.RETURN_REQUESTED,
        return_requested_at__lte=moment - timedelta(hours=settings.ORDER_RETURN_SILENCE_HOURS),
    ).values_list("pk", flat=True)
    accepted = _each_order(
        silent, lambda order_id: order_return_accept(order_id=order_id, seller=None), failure=None
    )
    unconfirmed = Order.objects.filter(
        state=OrderState.RETURNED,
        return_answered_at__lte=moment - timedelta(days=settings.ORDER_RETURN_REFUND_DAYS),
    ).values_list("pk", flat=True)
    refunded = _each_order(
        unconfirmed,
        lambda order_id: order_refund(
            order_id=order_id, actor=None, ip=PLATFORM_IP, note="return not confirmed"
        ),
        failure="return of order %s not refunded yet: %s",
    )
    return accepted + refunded
