"""Payments' error codes (payout profiles), registered with the core."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainErrorCode, error_codes_register


class PaymentErrorCode(DomainErrorCode):
    INVALID_TCKN = ("INVALID_TCKN", 400, _("Invalid T.C. identity number"))
    INVALID_VKN = ("INVALID_VKN", 400, _("Invalid tax identification number"))
    INVALID_IBAN = ("INVALID_IBAN", 400, _("Invalid IBAN: enter a Turkish IBAN (TR…)"))
    IDENTITY_NOT_VERIFIED = (
        "IDENTITY_NOT_VERIFIED",
        400,
        _(
            "The identity number, name, surname and birth year do not match the population "
            "register. Please check them and enter them as on your identity card."
        ),
    )
    PAYOUT_PROFILE_NOT_FOUND = (
        "PAYOUT_PROFILE_NOT_FOUND",
        404,
        _("You have not entered your payout details yet"),
    )


error_codes_register(PaymentErrorCode)
