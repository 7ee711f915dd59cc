"""Orders bought through Güvenli Ödeme: the state machine, its history and the money ledger.

An order is born in a conversation (the seller's payment request) and moves only along the
transitions below (django-fsm-2, `protected`: nothing assigns `state` by hand). Every change is
made by a service in `orders/services/` under a row lock and leaves an `OrderTransition` row; every
movement of money leaves balanced `LedgerEntry` rows (they sum to zero per order).
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

MAX_ORDER_AMOUNT = Decimal("999999.99")


class OrderState(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")
    RETURN_REQUESTED = "return_requested", _("Return requested")
    RETURNED = "returned", _("Returned")
    DISPUTED = "disputed", _("Disputed")


# An order in one of these states blocks a new payment request in the same conversation.
OPEN_STATES = (
    OrderState.AWAITING_PAYMENT,
    OrderState.PAID,
    OrderState.SHIPPED,
    OrderState.DELIVERED,
    OrderState.RETURN_REQUESTED,
    OrderState.RETURNED,
    OrderState.DISPUTED,
)
# The money is in iyzico's protected pool in these states.
HELD_STATES = (
    OrderState.PAID,
    OrderState.SHIPPED,
    OrderState.DELIVERED,
    OrderState.RETURN_REQUESTED,
    OrderState.RETURNED,
    OrderState.DISPUTED,
)


class ReturnReason(models.TextChoices):
    DOES_NOT_FIT = "does_not_fit", _("The part did not fit my car")
    NOT_AS_DESCRIBED = "not_as_described", _("Not as described in the listing")
    DAMAGED = "damaged", _("Arrived damaged")
    WRONG_PART = "wrong_part", _("A different part was sent")
    OTHER = "other", _("Other")


class Actor(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    SELLER = "seller", _("Seller")
    STAFF = "staff", _("Staff")
    SYSTEM = "system", _("System")


# Who may ask for a transition (django-fsm's `permission`): (the order, the user or None).
# `None` is the platform itself (iyzico's callback, the beat jobs).


def _buyer(order: Any, user: Any) -> bool:
    return bool(user is not None and user.pk == order.buyer_id)


def _seller(order: Any, user: Any) -> bool:
    return bool(user is not None and user.pk == order.seller_id)


def _staff(order: Any, user: Any) -> bool:
    return bool(user is not None and user.is_staff)


def _system(order: Any, user: Any) -> bool:
    return user is None


def _buyer_seller_or_system(order: Any, user: Any) -> bool:
    return _buyer(order, user) or _seller(order, user) or _system(order, user)


def _buyer_or_system(order: Any, user: Any) -> bool:
    return _buyer(order, user) or _system(order, user)


def _seller_or_system(order: Any, user: Any) -> bool:
    return _seller(order, user) or _system(order, user)


def _refunder(order: Any, user: Any) -> bool:
    """Staff refund from any held state; the platform when the seller did not ship in time or
    never confirmed a return; the seller only to give up a sale before shipping or once a returned
    part is back. The buyer never refunds themselves: they ask (a return) or wait (the deadline)."""
    own_refund = order.state in (OrderState.PAID, OrderState.RETURNED) and _seller(order, user)
    return _staff(order, user) or _system(order, user) or own_refund


class Order(FSMModelMixin, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    conversation = models.ForeignKey(
        "messaging.Conversation",
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("conversation"),
    )
    part = models.ForeignKey(
        "parts.Part", on_delete=models.PROTECT, related_name="orders", verbose_name=_("part")
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="orders_as_buyer",
        verbose_name=_("buyer"),
    )
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="orders_as_seller",
        verbose_name=_("seller"),
    )
    state = FSMField(
        _("state"),
        max_length=20,
        choices=OrderState.choices,
        default=OrderState.AWAITING_PAYMENT,
        protected=True,
    )
    # Money, in TRY. total = price + shipping_fee; the seller gets total - commission.
    price = models.DecimalField(_("price (TRY)"), max_digits=8, decimal_places=2)
    shipping_fee = models.DecimalField(
        _("shipping fee (TRY)"), max_digits=8, decimal_places=2, default=Decimal("0.00")
    )
    commission = models.DecimalField(_("commission (TRY)"), max_digits=8, decimal_places=2)
    commission_rate = models.DecimalField(_("commission rate"), max_digits=5, decimal_places=4)
    refunded_amount = models.DecimalField(
        _("refunded (TRY)"), max_digits=8, decimal_places=2, default=Decimal("0.00")
    )
    note = models.CharField(_("seller's note"), max_length=500, blank=True)
    # iyzico
    checkout_token = models.CharField(_("checkout token"), max_length=200, blank=True)
    payment_id = models.CharField(_("iyzico payment id"), max_length=64, blank=True)
    payment_transaction_id = models.CharField(
        _("iyzico item transaction id"), max_length=64, blank=True
    )
    sub_merchant_key = models.CharField(_("seller's iyzico key"), max_length=200, blank=True)
    # Where the buyer wants it (typed at checkout; shown to the seller once paid)
    delivery_name = models.CharField(_("recipient"), max_length=100, blank=True)
    delivery_phone = models.CharField(_("recipient's phone"), max_length=20, blank=True)
    delivery_address = models.CharField(_("delivery address"), max_length=300, blank=True)
    delivery_city = models.CharField(_("delivery city"), max_length=30, blank=True)
    # Shipping
    carrier = models.CharField(_("carrier"), max_length=20, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True)
    ship_by = models.DateTimeField(_("ship by"), null=True, blank=True)
    # When each step happened (the history has all of them; these are what the rules read).
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # A return: why, in the buyer's words, and when the seller answered
    return_reason = models.CharField(
        _("return reason"), max_length=20, choices=ReturnReason.choices, blank=True
    )
    return_description = models.CharField(_("return description"), max_length=1000, blank=True)
    return_requested_at = models.DateTimeField(_("return requested at"), null=True, blank=True)
    return_answered_at = models.DateTimeField(_("return answered at"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("state changed at"), default=timezone.now)
    payment_reminded_at = models.DateTimeField(_("payment reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation"],
                condition=models.Q(state__in=OPEN_STATES),
                name="order_one_open_per_conversation",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=OrderState.values), name="order_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(price__gt=0, shipping_fee__gte=0, commission__gte=0),
                name="order_amounts_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(refunded_amount__gte=0)
                & models.Q(refunded_amount__lte=models.F("price") + models.F("shipping_fee")),
                name="order_refund_within_total",
            ),
            models.CheckConstraint(
                condition=~models.Q(buyer=models.F("seller")), name="order_not_with_self"
            ),
        ]
        indexes = [
            models.Index(fields=["buyer", "-created_at"], name="order_buyer_created"),
            models.Index(fields=["seller", "-created_at"], name="order_seller_created"),
            models.Index(fields=["state", "state_changed_at"], name="order_state_changed"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} ({self.state})"

    @property
    def total(self) -> Decimal:
        return self.price + self.shipping_fee

    @property
    def seller_amount(self) -> Decimal:
        return self.total - self.commission

    # --- Transitions: only the services call these, under a row lock. -----------------------
    # `permission` says who may ask for it; `_system` ones are the platform's own.

    @transition(
        field=state,
        source=OrderState.AWAITING_PAYMENT,
        target=OrderState.PAID,
        permission=_system,
    )
    def pay(self) -> None:
        pass

    @transition(
        field=state,
        source=OrderState.AWAITING_PAYMENT,
        target=OrderState.CANCELLED,
        permission=_buyer_seller_or_system,
    )
    def cancel(self) -> None:
        pass

    @transition(field=state, source=OrderState.PAID, target=OrderState.SHIPPED, permission=_seller)
    def ship(self) -> None:
        pass

    @transition(
        field=state, source=OrderState.SHIPPED, target=OrderState.DELIVERED, permission=_system
    )
    def deliver(self) -> None:
        pass

    @transition(
        field=state,
        source=[OrderState.SHIPPED, OrderState.DELIVERED],
        target=OrderState.COMPLETED,
        permission=_buyer_or_system,
    )
    def complete(self) -> None:
        pass

    @transition(
        field=state,
        source=OrderState.DELIVERED,
        target=OrderState.RETURN_REQUESTED,
        permission=_buyer,
    )
    def request_return(self) -> None:
        pass

    @transition(
        field=state,
        source=OrderState.RETURN_REQUESTED,
        target=OrderState.RETURNED,
        permission=_seller_or_system,
    )
    def accept_return(self) -> None:
        pass

    @transition(
        field=state,
        source=OrderState.RETURN_REQUESTED,
        target=OrderState.DISPUTED,
        permission=_seller,
    )
    def refuse_return(self) -> None:
        pass

    @transition(
        field=state,
        source=list(HELD_STATES),
        target=OrderState.REFUNDED,
        permission=_refunder,
    )
    def refund(self) -> None:
        pass

    @transition(
        field=state,
        source=OrderState.DISPUTED,
        target=OrderState.COMPLETED,
        permission=_staff,
    )
    def release(self) -> None:
        """Staff settle a dispute for the seller: the money is released."""


class OrderTransition(models.Model):
    """One row per state change: who (or the platform) moved the order, from where to where."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("order")
    )
    from_state = models.CharField(_("from"), max_length=20, choices=OrderState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=OrderState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_role = models.CharField(_("role"), max_length=10, choices=Actor.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("order state change")
        verbose_name_plural = _("order state changes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class LedgerAccount(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    ESCROW = "escrow", _("iyzico protected pool")
    SELLER = "seller", _("Seller")
    PLATFORM = "platform", _("Platform commission")


class LedgerKind(models.TextChoices):
    CHARGE = "charge", _("Charge")
    PAYOUT = "payout", _("Payout approved")
    COMMISSION = "commission", _("Commission")
    REFUND = "refund", _("Refund")


class LedgerEntry(models.Model):
    """Append-only double entry: each movement is rows that sum to zero; so does each order."""

    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="ledger_entries", verbose_name=_("order")
    )
    movement = models.UUIDField(_("movement"), default=uuid.uuid4)
    kind = models.CharField(_("kind"), max_length=12, choices=LedgerKind.choices)
    account = models.CharField(_("account"), max_length=10, choices=LedgerAccount.choices)
    amount = models.DecimalField(_("amount (TRY)"), max_digits=10, decimal_places=2)
    reference = models.CharField(_("provider reference"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["order", "account"], name="ledger_order_account")]

    def __str__(self) -> str:
        return f"{self.kind} {self.account} {self.amount}"


def return_photo_upload_to(instance: OrderReturnPhoto, filename: str) -> str:
    """Server-chosen names: what the phone called the file never reaches the storage."""
    return f"returns/{instance.order_id}/{uuid.uuid4().hex}.webp"


class OrderReturnPhoto(models.Model):
    """A photo the buyer sent with a return request (re-encoded, metadata-free WebP)."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="return_photos", verbose_name=_("order")
    )
    image = models.FileField(_("photo"), upload_to=return_photo_upload_to, max_length=200)
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("return photo")
        verbose_name_plural = _("return photos")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.image.name or ""
