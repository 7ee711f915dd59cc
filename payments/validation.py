"""The rules of a payout profile's fields, once (the API, the page and the admin use them).

Checksums by python-stdnum (`stdnum.tr.tckimlik`, `stdnum.tr.vkn`, `stdnum.iban`); an IBAN must be
Turkish. `payout_fields_clean` reports every problem at once, each in Turkish, with the field's
error code (INVALID_TCKN, INVALID_VKN, INVALID_IBAN, INVALID_TURKISH_CITY) where it has one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.tr import tckimlik, vkn

from marketplace.cities import resolve_city
from marketplace.errors import DomainError, DomainErrorCode, ErrorCode
from marketplace.text import NUL_MESSAGE, has_nul
from payments.error_codes import PaymentErrorCode
from payments.models import PayoutProfileKind, SubMerchantType

NAME_MAX, TITLE_MAX, TAX_OFFICE_MAX, ADDRESS_MAX = 80, 200, 100, 400
ADDRESS_MIN = 10
BIRTH_YEAR_MIN = 1900
SECRET_FIELDS = ("tckn", "vkn", "iban", "birth_year")
REQUIRED_MESSAGE = _("This field is required.")


class FieldProblem(Exception):
    def __init__(self, message: str | Promise, code: DomainErrorCode = ErrorCode.VALIDATION_ERROR):
        self.message = message
        self.code = code
        super().__init__(str(message))


@dataclass(frozen=True)
class PayoutFields:
    """What a person typed, cleaned. Secrets are None where the stored ones are kept."""

    kind: str
    sub_merchant_type: str
    first_name: str
    last_name: str
    company_title: str
    tax_office: str
    address: str
    city: str
    tckn: str | None
    vkn: str | None
    iban: str | None
    birth_year: int | None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise FieldProblem(_("Enter text."))
    if has_nul(value):
        raise FieldProblem(NUL_MESSAGE)
    return re.sub(r"\s+", " ", str(value)).strip()


def _limited(value: Any, maximum: int) -> str:
    text = _text(value)
    if len(text) > maximum:
        raise FieldProblem(_("This field is too long."))
    return text


def clean_name(value: Any) -> str:
    name = _limited(value, NAME_MAX)
    if len(name) < 2 or any(char.isdigit() for char in name):
        raise FieldProblem(_("Enter the name as it is written on your identity card."))
    return name


def clean_tckn(value: Any) -> str:
    try:
        return str(tckimlik.validate(_text(value)))
    except StdnumValidationError:
        raise FieldProblem(
            PaymentErrorCode.INVALID_TCKN.message, PaymentErrorCode.INVALID_TCKN
        ) from None


def clean_vkn(value: Any) -> str:
    try:
        return str(vkn.validate(_text(value)))
    except StdnumValidationError:
        raise FieldProblem(
            PaymentErrorCode.INVALID_VKN.message, PaymentErrorCode.INVALID_VKN
        ) from None


def clean_iban(value: Any) -> str:
    """Any spacing or case in (`tr33 0006 1005 …`), the compact form out; Turkish only."""
    text = _text(value).upper()
    try:
        compact = str(stdnum_iban.validate(text))
    except StdnumValidationError:
        raise FieldProblem(
            PaymentErrorCode.INVALID_IBAN.message, PaymentErrorCode.INVALID_IBAN
        ) from None
    if not compact.startswith("TR"):
        raise FieldProblem(PaymentErrorCode.INVALID_IBAN.message, PaymentErrorCode.INVALID_IBAN)
    return compact


def clean_birth_year(value: Any) -> int:
    text = _text(value)
    this_year = timezone.localdate().year
    if not text.isdigit() or not BIRTH_YEAR_MIN <= int(text) <= this_year - 18:
        raise FieldProblem(_("Enter your birth year as four digits (you must be 18 or older)."))
    return int(text)


def clean_city(value: Any) -> str:
    city = resolve_city(_text(value))
    if city is None:
        raise FieldProblem(ErrorCode.INVALID_TURKISH_CITY.message, ErrorCode.INVALID_TURKISH_CITY)
    return city


def clean_address(value: Any) -> str:
    address = _limited(value, ADDRESS_MAX)
    if len(address) < ADDRESS_MIN:
        raise FieldProblem(_("Enter your full address (street, number, district)."))
    return address


def _kind_and_type(data: Mapping[str, Any]) -> tuple[str, str]:
    kind = _text(data.get("kind"))
    if kind not in PayoutProfileKind.values:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"kind": [str(_("Choose individual or business."))]},
        )
    sent_type = _text(data.get("sub_merchant_type")).upper()
    if kind == PayoutProfileKind.INDIVIDUAL:
        if sent_type not in ("", SubMerchantType.PERSONAL):
            raise DomainError(
                ErrorCode.VALIDATION_ERROR,
                details={"sub_merchant_type": [str(_("An individual seller is PERSONAL."))]},
            )
        return kind, SubMerchantType.PERSONAL
    if sent_type not in (
        SubMerchantType.PRIVATE_COMPANY,
        SubMerchantType.LIMITED_OR_JOINT_STOCK_COMPANY,
    ):
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={
                "sub_merchant_type": [
                    str(_("Choose a sole proprietorship or a limited or joint-stock company."))
                ]
            },
        )
    return kind, sent_type


# field -> (cleaner, which sub-merchant types need it)
_PERSON_TYPES = frozenset({SubMerchantType.PERSONAL, SubMerchantType.PRIVATE_COMPANY})
_BUSINESS_TYPES = frozenset(
    {SubMerchantType.PRIVATE_COMPANY, SubMerchantType.LIMITED_OR_JOINT_STOCK_COMPANY}
)
_ALL_TYPES = frozenset(SubMerchantType)
_CLEANERS: dict[str, tuple[Callable[[Any], Any], frozenset[str]]] = {
    "first_name": (clean_name, _ALL_TYPES),
    "last_name": (clean_name, _ALL_TYPES),
    "tckn": (clean_tckn, _PERSON_TYPES),
    "birth_year": (clean_birth_year, _PERSON_TYPES),
    "vkn": (clean_vkn, _BUSINESS_TYPES),
    "tax_office": (lambda value: _limited(value, TAX_OFFICE_MAX), _BUSINESS_TYPES),
    "company_title": (lambda value: _limited(value, TITLE_MAX), _BUSINESS_TYPES),
    "iban": (clean_iban, _ALL_TYPES),
    "address": (clean_address, _ALL_TYPES),
    "city": (clean_city, _ALL_TYPES),
}


def payout_fields_clean(
    data: Mapping[str, Any], *, stored_secrets: Mapping[str, Any] | None = None
) -> PayoutFields:
    """Cleans a whole profile; raises one DomainError listing every problem (its code: the
    first field's own code, else VALIDATION_ERROR). A secret left out or blank keeps the stored
    one (`stored_secrets`: the profile's decrypted identity), as the page never shows it back."""
    kind, sub_merchant_type = _kind_and_type(data)
    stored = stored_secrets or {}
    cleaned: dict[str, Any] = {}
    problems: dict[str, list[str]] = {}
    codes: list[DomainErrorCode] = []
    for field, (cleaner, types) in _CLEANERS.items():
        if sub_merchant_type not in types:
            cleaned[field] = "" if field not in SECRET_FIELDS else None
            continue
        value = data.get(field)
        if value in (None, "") and field in SECRET_FIELDS and stored.get(field):
            cleaned[field] = None  # keep the stored one
            continue
        if value in (None, ""):
            problems[field] = [str(REQUIRED_MESSAGE)]
            continue
        try:
            cleaned[field] = cleaner(value)
        except FieldProblem as problem:
            problems[field] = [str(problem.message)]
            codes.append(problem.code)
    if problems:
        business = [code for code in codes if code != ErrorCode.VALIDATION_ERROR]
        raise DomainError(business[0] if business else ErrorCode.VALIDATION_ERROR, details=problems)
    return PayoutFields(kind=kind, sub_merchant_type=sub_merchant_type, **cleaned)


def fields_needed(sub_merchant_type: str) -> frozenset[str]:
    """The fields a sub-merchant type keeps (the others are dropped when the type changes)."""
    return frozenset(
        field for field, (_c, types) in _CLEANERS.items() if sub_merchant_type in types
    )
