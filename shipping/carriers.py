"""The carriers a seller may ship with, what their tracking numbers look like, and their public
tracking pages.

What we accept as a tracking number (after removing spaces and hyphens and upper-casing; the
check digits are the carriers' published schemes, so a typo is caught before it is saved):

| carrier | accepted                                                                     |
|---------|------------------------------------------------------------------------------|
| Yurtiçi | 6–20 letters/digits: the 12-digit "gönderi kodu" or a cargo key (max. 20)    |
| Aras    | 13 digits ("kargo takip no")                                                 |
| MNG     | 8–20 letters/digits (the shipment number or the sender's reference)          |
| PTT     | 13 digits (domestic barcode) or a UPU S10 number `RR123456785TR` (check)     |
| Sürat   | 10–16 digits                                                                 |
| UPS     | `1Z` + 16 letters/digits (UPS check digit) or a 10–11 digit domestic number  |

Tracking pages are the carriers' public "gönderi sorgula" pages with the number in the query
string; anyone with the link sees the status, which is what buyers expect from a shop.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError
from shipping.error_codes import ShippingErrorCode

# A tracking number longer than this is not one, whatever it contains.
TRACKING_NUMBER_MAX_INPUT = 64


class Carrier(models.TextChoices):
    # Brand names: the same in every language.
    YURTICI = "yurtici", "Yurtiçi Kargo"
    ARAS = "aras", "Aras Kargo"
    MNG = "mng", "MNG Kargo"
    PTT = "ptt", "PTT Kargo"
    SURAT = "surat", "Sürat Kargo"
    UPS = "ups", "UPS Kargo"


def _ups_check_digit_ok(number: str) -> bool:
    """UPS 1Z numbers: the last character is a mod-10 check over the 15 before it (letters count
    as (ord - 63) % 10; odd positions once, even positions twice)."""
    if not number.startswith("1Z"):
        return True
    body, check = number[2:17], number[17]
    total = 0
    for position, char in enumerate(body, start=1):
        value = int(char) if char.isdigit() else (ord(char) - 63) % 10
        total += value * (2 if position % 2 == 0 else 1)
    return str((10 - total % 10) % 10) == check


def _s10_check_digit_ok(number: str) -> bool:
    """UPU S10 (`RR123456785TR`): weights 8 6 4 2 3 5 9 7 over the first eight digits, check =
    11 - sum mod 11 (10 → 0, 11 → 5). Pure-digit PTT barcodes carry no such check."""
    if number.isdigit():
        return True
    digits = number[2:10]
    total = sum(int(d) * w for d, w in zip(digits, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    check = 11 - total % 11
    check = {10: 0, 11: 5}.get(check, check)
    return str(check) == number[10]


@dataclass(frozen=True)
class CarrierRules:
    pattern: re.Pattern[str]
    format_text: Promise  # completes "A <carrier> tracking number must be …"
    tracking_url: str  # with {number}
    check_digit_ok: Callable[[str], bool] = lambda number: True


CARRIER_RULES: dict[Carrier, CarrierRules] = {
    Carrier.YURTICI: CarrierRules(
        pattern=re.compile(r"[A-Z0-9]{6,20}"),
        format_text=_("6 to 20 letters or digits"),
        tracking_url="https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code={number}",
    ),
    Carrier.ARAS: CarrierRules(
        pattern=re.compile(r"[0-9]{13}"),
        format_text=_("a 13-digit number"),
        tracking_url="https://kargotakip.araskargo.com.tr/mainpage.aspx?code={number}",
    ),
    Carrier.MNG: CarrierRules(
        pattern=re.compile(r"[A-Z0-9]{8,20}"),
        format_text=_("8 to 20 letters or digits"),
        tracking_url="https://www.mngkargo.com.tr/gonderi-takip/?q={number}",
    ),
    Carrier.PTT: CarrierRules(
        pattern=re.compile(r"[0-9]{13}|[A-Z]{2}[0-9]{9}[A-Z]{2}"),
        format_text=_("a 13-digit number or like RR123456785TR"),
        tracking_url="https://gonderitakip.ptt.gov.tr/Track/Verify?q={number}",
        check_digit_ok=_s10_check_digit_ok,
    ),
    Carrier.SURAT: CarrierRules(
        pattern=re.compile(r"[0-9]{10,16}"),
        format_text=_("a 10 to 16-digit number"),
        tracking_url="https://www.suratkargo.com.tr/KargoTakip/?kargotakipno={number}",
    ),
    Carrier.UPS: CarrierRules(
        pattern=re.compile(r"1Z[0-9A-Z]{16}|[0-9]{10,11}"),
        format_text=_("1Z followed by 16 letters or digits, or a 10 to 11-digit number"),
        tracking_url="https://www.ups.com/track?loc=tr_TR&tracknum={number}",
        check_digit_ok=_ups_check_digit_ok,
    ),
}

_SEPARATORS = re.compile(r"[\s\-]+")
# A Turkish keyboard types these for the Latin I (upper() would keep İ).
_TURKISH_I = str.maketrans({"İ": "I", "ı": "I", "i": "I"})


def carrier_parse(*, carrier: str) -> Carrier:
    """The `Carrier` named `carrier` (its value, as stored and sent by clients)."""
    try:
        return Carrier(carrier)
    except ValueError:
        raise DomainError(ShippingErrorCode.UNKNOWN_CARRIER, details={"carrier": carrier}) from None


def tracking_number_clean(*, carrier: Carrier, tracking_number: str) -> str:
    """The number as the carrier writes it, or a DomainError saying what the carrier's look like."""
    rules = CARRIER_RULES[carrier]
    details = {"carrier": carrier.value}
    if not isinstance(tracking_number, str) or not tracking_number.strip():
        raise DomainError(
            ShippingErrorCode.INVALID_TRACKING_NUMBER,
            details=details,
            message=gettext("Enter the tracking number."),
        )
    number = (
        _SEPARATORS.sub("", tracking_number[: TRACKING_NUMBER_MAX_INPUT + 1])
        .translate(_TURKISH_I)
        .upper()
    )
    if not number.isascii() or not rules.pattern.fullmatch(number):
        raise DomainError(
            ShippingErrorCode.INVALID_TRACKING_NUMBER,
            details=details,
            message=gettext("A %(carrier)s tracking number must be %(format)s.")
            % {"carrier": carrier.label, "format": rules.format_text},
        )
    if not rules.check_digit_ok(number):
        raise DomainError(
            ShippingErrorCode.INVALID_TRACKING_NUMBER,
            details=details,
            message=gettext(
                "The check digit of this %(carrier)s tracking number does not match; "
                "please look for a typo."
            )
            % {"carrier": carrier.label},
        )
    return number


def tracking_url_build(*, carrier: Carrier, tracking_number: str) -> str:
    """The carrier's public tracking page for an already cleaned number."""
    return CARRIER_RULES[carrier].tracking_url.format(number=quote(tracking_number, safe=""))
