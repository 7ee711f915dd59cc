"""Shipping's error codes (carriers, tracking numbers, look-ups), registered with the core."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainErrorCode, error_codes_register


class ShippingErrorCode(DomainErrorCode):
    UNKNOWN_CARRIER = ("UNKNOWN_CARRIER", 400, _("Choose one of the listed shipping carriers"))
    INVALID_TRACKING_NUMBER = (
        "INVALID_TRACKING_NUMBER",
        400,
        _("The tracking number is not valid for this carrier"),
    )
    TRACKING_UNAVAILABLE = (
        "TRACKING_UNAVAILABLE",
        503,
        _("The carrier's tracking service cannot be reached right now"),
    )


error_codes_register(ShippingErrorCode)
