"""The money steps of an order: checkout, the payment arriving (callback or webhook), the buyer's
confirmation releasing the money, cancellation after payment and refunds.

iyzico is called with the order row locked (as Saleor does for payments), so two clicks, a
callback racing a webhook, or a moderator and the beat cannot act twice on the same money.
"""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from integrations.services import NotificationEvent, notification_enqueue
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import AuditAction, User
from marketplace.money import format_try
from marketplace.services.audit import audit_record
from messaging.selectors import conversation_buyer_ids_for_part
from orders.error_codes import OrderErrorCode
from orders.gateway import (
    CheckoutSession,
    Delivery,
    checkout_fetch,
    checkout_start,
    item_approve,
    item_refund,
    payment_cancel,
)
from orders.models import HELD_STATES, Order, OrderState
from orders.rules import order_action_allowed
from orders.services.ledger import (
    ledger_charge_record,
    ledger_refund_record,
    ledger_release_record,
)
from orders.services.transitions import order_locked, order_transition_apply
from parts.selectors import PartStatus
from parts.services import part_status_change
from shipping.selectors import business_days_after

logger = logging.getLogger(__name__)
ISTANBUL = ZoneInfo("Europe/Istanbul")


def order_checkout(
    *, order_id: uuid.UUID | str, buyer: User, delivery: Delivery, ip: str
) -> CheckoutSession:
    """The buyer opens iyzico's payment page (again, if they came back without paying)."""
    with transaction.atomic():
        order = order_locked(order_id=order_id, user=buyer)
        if buyer.pk != order.buyer_id or order.state != OrderState.AWAITING_PAYMENT:
            raise DomainError(OrderErrorCode.ORDER_ACTION_NOT_ALLOWED)
        if order.part.status != PartStatus.ACTIVE:
            raise DomainError(OrderErrorCode.ORDER_PART_NOT_AVAILABLE)
        order.delivery_name = delivery.name
        order.delivery_phone = delivery.phone
        order.delivery_address = delivery.address
        order.delivery_city = delivery.city
        session = checkout_start(
            order=order,
            buyer=buyer,
            delivery=delivery,
            ip=ip,
            callback_url=settings.SITE_URL
            + reverse("orders:payment-callback", kwargs={"order_id": order.pk}),
        )
        order.checkout_token = session.token
        order.save(
            update_fields=[
                "delivery_name",
                "delivery_phone",
                "delivery_address",
                "delivery_city",
                "checkout_token",
            ]
        )
        return session


def order_payment_confirm(*, order_id: uuid.UUID | str, token: str) -> Order:
    """iyzico says the checkout `token` finished: the payment is retrieved (its signature
    verified) and, if it is this order's and complete, the order is paid. Idempotent: the
    callback, the webhook and their replays all end here and change the order once."""
    with transaction.atomic():
        order = order_locked(order_id=order_id, user=None)
        if not token or token != order.checkout_token:
            raise DomainError(OrderErrorCode.ORDER_NOT_FOUND)
        if order.state != OrderState.AWAITING_PAYMENT:
            return order
        result = checkout_fetch(token=token)
        item = next((i for i in result.item_transactions if i.item_id == str(order.pk)), None)
        if not result.paid:
            raise DomainError(OrderErrorCode.PAYMENT_FAILED)
        if (
            result.basket_id != str(order.pk)
            or result.price != order.total
            or result.currency != "TRY"
            or item is None
            or item.sub_merchant_key != order.sub_merchant_key
        ):
            logger.error("iyzico payment %s does not match order %s", result.payment_id, order.pk)
            raise DomainError(OrderErrorCode.PAYMENT_PROVIDER_UNAVAILABLE)
        now = timezone.now()
        order = order_transition_apply(
            order=order,
            action="pay",
            actor=None,
            changes={
                "payment_id": result.payment_id,
                "payment_transaction_id": item.payment_transaction_id,
                "paid_at": now,
                "ship_by": business_days_after(
                    start=now, days=settings.ORDER_SHIP_WITHIN_BUSINESS_DAYS
                ),
            },
        )
        ledger_charge_record(order=order, reference=result.payment_id)
        _part_sold(order=order)
    return order


def _part_sold(*, order: Order) -> None:
    """The listing is sold; other buyers who asked are told politely, and other unpaid requests
    for it are withdrawn."""
    part = order.part
    part.refresh_from_db(fields=["status"])
    if part.status == PartStatus.ACTIVE:
        part_status_change(part=part, actor=order.seller, status=PartStatus.SOLD)
    for other in (
        Order.objects.select_for_update()
        .filter(part_id=order.part_id, state=OrderState.AWAITING_PAYMENT)
        .exclude(pk=order.pk)
    ):
        order_transition_apply(order=other, action="cancel", actor=None)
    search_url = f"{settings.SITE_URL}{reverse('parts:results')}?{urlencode({'q': part.title})}"
    buyer_ids = conversation_buyer_ids_for_part(
        part_id=order.part_id, exclude_buyer_id=order.buyer_id
    )
    for buyer in User.objects.filter(pk__in=buyer_ids, is_active=True):
        notification_enqueue(
            user=buyer,
            event=NotificationEvent.PART_SOLD,
            dedupe_key=f"{NotificationEvent.PART_SOLD}:{order.part_id}:{buyer.pk}",
            context={"name": buyer.public_name, "part_name": part.title, "search_url": search_url},
        )


def order_confirm(*, order_id: uuid.UUID | str, buyer: User | None) -> Order:
    """The buyer has the part (or the beat, 7 days after delivery): iyzico releases the seller's
    money, then the order is completed."""
    with transaction.atomic():
        order = order_locked(order_id=order_id, user=buyer)
        if not order_action_allowed(order=order, action=order.complete, actor=buyer):
            raise DomainError(OrderErrorCode.ORDER_ACTION_NOT_ALLOWED)
        item_approve(order=order)
        order = order_transition_apply(
            order=order, action="complete", actor=buyer, changes={"completed_at": timezone.now()}
        )
        ledger_release_record(order=order, reference=order.payment_transaction_id)
    return order


def order_refund(
    *,
    order_id: uuid.UUID | str,
    actor: User | None,
    ip: str,
    amount: Decimal | None = None,
    note: str = "",
) -> Order:
    """Money back to the buyer's card. The whole rest of it ends the order as refunded (the
    seller before shipping, the beat when not shipped in time, staff at any point the money is
    held); a part of it (staff only) leaves the order where it is, the rest still the seller's.
    A staff member's refund is an audit-log entry (`note` its reason)."""
    with transaction.atomic():
        order = order_locked(order_id=order_id, user=actor, staff_allowed=True)
        if order.state not in HELD_STATES:
            raise DomainError(OrderErrorCode.ORDER_ACTION_NOT_ALLOWED)
        remaining = order.total - order.refunded_amount
        if amount is not None and not Decimal("0") < amount <= remaining:
            raise DomainError(
                ErrorCode.VALIDATION_ERROR,
                details={
                    "amount": [
                        gettext("Enter an amount up to %(remaining)s TL.")
                        % {"remaining": format_try(remaining)}
                    ]
                },
            )
        partial = amount is not None and amount < remaining
        if partial and not (actor is not None and actor.is_staff):
            raise DomainError(OrderErrorCode.ORDER_ACTION_NOT_ALLOWED)
        if not partial and not order_action_allowed(order=order, action=order.refund, actor=actor):
            raise DomainError(OrderErrorCode.ORDER_ACTION_NOT_ALLOWED)
        value = amount if partial and amount is not None else remaining
        if value <= 0:
            raise DomainError(OrderErrorCode.ORDER_ACTION_NOT_ALLOWED)
        before = {"state": order.state, "refunded_amount": order.refunded_amount}
        if _cancellable_today(order=order, amount=value):
            reference = payment_cancel(order=order, ip=ip)
        else:
            reference = item_refund(order=order, amount=value, ip=ip)
        order.refunded_amount = order.refunded_amount + value
        ledger_refund_record(order=order, amount=value, reference=reference)
        if partial:
            order.save(update_fields=["refunded_amount"])
        else:
            order = order_transition_apply(
                order=order,
                action="refund",
                actor=actor,
                note=note,
                changes={"refunded_amount": order.refunded_amount},
            )
        if (
            actor is not None
            and actor.is_staff
            and actor.pk not in (order.buyer_id, order.seller_id)
        ):
            audit_record(
                actor=actor,
                action=AuditAction.ORDER_REFUND,
                target=order,
                before=before,
                after={"state": order.state, "refunded_amount": order.refunded_amount},
                reason=note,
            )
        return order


def _cancellable_today(*, order: Order, amount: Decimal) -> bool:
    """A whole payment made today (Istanbul) is voided with iyzico's cancel, not refunded."""
    if order.paid_at is None or order.refunded_amount or amount != order.total:
        return False
    today = timezone.localdate(timezone.now(), ISTANBUL)
    return timezone.localdate(order.paid_at, ISTANBUL) == today


def order_cancel(*, order_id: uuid.UUID | str, actor: User, ip: str) -> Order:
    """Withdraw an unpaid request (buyer or seller); the seller may also give up a paid sale
    before shipping it (the buyer's money goes back in full)."""
    with transaction.atomic():
        order = order_locked(order_id=order_id, user=actor)
        if order.state == OrderState.AWAITING_PAYMENT:
            return order_transition_apply(order=order, action="cancel", actor=actor)
        if order.state != OrderState.PAID or actor.pk != order.seller_id:
            raise DomainError(OrderErrorCode.ORDER_ACTION_NOT_ALLOWED)
    return order_refund(order_id=order_id, actor=actor, ip=ip)


def order_dispute_release(*, order_id: uuid.UUID | str, staff: User, reason: str = "") -> Order:
    """Staff settle a dispute for the seller: iyzico releases what is left of the money (an
    audit-log entry)."""
    with transaction.atomic():
        order = order_locked(order_id=order_id, user=staff, staff_allowed=True)
        if not order_action_allowed(order=order, action=order.release, actor=staff):
            raise DomainError(OrderErrorCode.ORDER_ACTION_NOT_ALLOWED)
        before = {"state": order.state}
        item_approve(order=order)
        order = order_transition_apply(
            order=order, action="release", actor=staff, changes={"completed_at": timezone.now()}
        )
        ledger_release_record(order=order, reference=order.payment_transaction_id)
        audit_record(
            actor=staff,
            action=AuditAction.ORDER_DISPUTE_RELEASE,
            target=order,
            before=before,
            after={"state": order.state},
            reason=reason,
        )
    return order
