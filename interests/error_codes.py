"""Interest-gating's error codes (seed 002 business codes), registered with the core."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainErrorCode, error_codes_register


class InterestErrorCode(DomainErrorCode):
    OWN_PART_INTEREST = (
        "OWN_PART_INTEREST",
        400,
        _("You cannot express interest in your own part"),
    )
    INTEREST_EXISTS = (
        "INTEREST_EXISTS",
        409,
        _("You have already expressed interest in this part"),
    )


error_codes_register(InterestErrorCode)
