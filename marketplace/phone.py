"""Turkish phone number validation, E.164 normalisation and display formatting."""

from __future__ import annotations

import re

import phonenumbers
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "TR"

# Only digits and the punctuation people actually type. phonenumbers itself would accept letters
# (vanity numbers: "0532 ABC 45 67" -> 0532 222 45 67) and extensions, which we never want.
_ALLOWED_INPUT = re.compile(r"\+?[0-9\s().\-/]+")
_MAX_INPUT_LENGTH = 40

_MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


class InvalidPhoneError(ValueError):
    """Raised when a value is not a valid (or not a mobile) phone number."""

    code = "invalid_phone"

    def __init__(self) -> None:
        self.message = _("Invalid phone number. Example: 0532 123 45 67")
        super().__init__(self.message)


def normalize_phone(value: str, *, mobile_only: bool = False) -> str:
    """E.164 form of a phone number typed any usual way: "0532 123 45 67" -> "+905321234567".

    Numbers without a country code are read as Turkish. With mobile_only=True the number must be
    a mobile line (for regions whose plan cannot tell, "fixed line or mobile" is accepted).
    """
    text = value.strip()
    if not text or len(text) > _MAX_INPUT_LENGTH or not _ALLOWED_INPUT.fullmatch(text):
        raise InvalidPhoneError
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise InvalidPhoneError from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneError
    if mobile_only and phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise InvalidPhoneError
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_region(e164: str) -> str | None:
    """ISO 3166 region code of a stored E.164 number ("+905321234567" -> "TR"), else None."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.region_code_for_number(number)


def format_phone_display(e164: str) -> str:
    """Human form of a stored E.164 number: "+905321234567" -> "+90 532 123 45 67".

    Values that cannot be parsed are returned unchanged so templates never break on old data.
    """
    try:
        number = phonenumbers.parse(e164, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def format_phone_national(e164: str) -> str:
    """How a Turkish number is written at home: "+905321112233" -> "0532 111 22 33" (foreign
    numbers keep the international form; unparsable values are returned unchanged)."""
    try:
        number = phonenumbers.parse(e164, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) != DEFAULT_REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def mask_phone(phone: str) -> str:
    """`+905321234567` -> `+90532*****67`: enough to tell numbers apart in logs, no more (KVKK)."""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:6] + "*" * (len(phone) - 8) + phone[-2:]
