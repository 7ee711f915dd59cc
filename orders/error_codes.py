"""Orders' error codes, registered with the core (one Turkish message each)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainErrorCode, error_codes_register


class OrderErrorCode(DomainErrorCode):
    ORDER_NOT_FOUND = ("ORDER_NOT_FOUND", 404, _("Order not found"))
    ORDER_ACTION_NOT_ALLOWED = (
        "ORDER_ACTION_NOT_ALLOWED",
        409,
        _("This order cannot be changed that way now"),
    )
    ORDER_ALREADY_OPEN = (
        "ORDER_ALREADY_OPEN",
        409,
        _("There is already an open payment request in this conversation"),
    )
    ORDER_PART_NOT_AVAILABLE = (
        "ORDER_PART_NOT_AVAILABLE",
        409,
        _("This part is no longer for sale"),
    )
    ORDER_PAYOUT_PROFILE_REQUIRED = (
        "ORDER_PAYOUT_PROFILE_REQUIRED",
        409,
        _("Fill in your payout details before you send a payment request"),
    )
    PAYMENT_FAILED = (
        "PAYMENT_FAILED",
        402,
        _("The payment did not go through; no money was taken"),
    )
    PAYMENT_PROVIDER_UNAVAILABLE = (
        "PAYMENT_PROVIDER_UNAVAILABLE",
        503,
        _("The payment service is not answering; please try again in a few minutes"),
    )


error_codes_register(OrderErrorCode)
