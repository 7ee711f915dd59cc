"""What the beat does to orders nobody touches: reminds an unpaid request once, cancels and
refunds an order not shipped in time, moves a shipped order on when the carrier says delivered,
and completes a delivered order the buyer never confirmed. Each order is its own transaction:
one that fails (iyzico away) is logged and tried again on the next run."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

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


def orders_not_shipped_refund(*, now: datetime | None = None) -> int:
    """Paid and not shipped by the deadline (3 Turkish business days): cancelled and refunded."""
    due = Order.objects.filter(state=OrderState.PAID, ship_by__lte=_now(now)).values_list(
        "pk", flat=True
    )
    done = 0
    for order_id in list(due[:BATCH]):
        try:
            order_refund(
                order_id=order_id,
                actor=None,
                ip=PLATFORM_IP,
                note="not shipped within the deadline",
            )
        except DomainError as error:
            logger.warning("order %s not refunded yet: %s", order_id, error.code)
        else:
            done += 1
    return done


def orders_delivered_complete(*, now: datetime | None = None) -> int:
    """Delivered and not confirmed within ORDER_AUTO_COMPLETE_DAYS: approved, the money
    released to the seller."""
    limit = _now(now) - timedelta(days=settings.ORDER_AUTO_COMPLETE_DAYS)
    due = Order.objects.filter(state=OrderState.DELIVERED, delivered_at__lte=limit).values_list(
        "pk", flat=True
    )
    done = 0
    for order_id in list(due[:BATCH]):
        try:
            order_confirm(order_id=order_id, buyer=None)
        except DomainError as error:
            logger.warning("order %s not completed yet: %s", order_id, error.code)
        else:
            done += 1
    return done


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
    done = 0
    silent = Order.objects.filter(
        state=OrderState.RETURN_REQUESTED,
        return_requested_at__lte=moment - timedelta(hours=settings.ORDER_RETURN_SILENCE_HOURS),
    ).values_list("pk", flat=True)
    for order_id in list(silent[:BATCH]):
        try:
            order_return_accept(order_id=order_id, seller=None)
        except DomainError:
            continue
        done += 1
    unconfirmed = Order.objects.filter(
        state=OrderState.RETURNED,
        return_answered_at__lte=moment - timedelta(days=settings.ORDER_RETURN_REFUND_DAYS),
    ).values_list("pk", flat=True)
    for order_id in list(unconfirmed[:BATCH]):
        try:
            order_refund(order_id=order_id, actor=None, ip=PLATFORM_IP, note="return not confirmed")
        except DomainError as error:
            logger.warning("return of order %s not refunded yet: %s", order_id, error.code)
            continue
        done += 1
    return done
