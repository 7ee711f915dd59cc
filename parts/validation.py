"""The rules of a listing's fields, once: the API, the pages and the admin all go through here.

Each cleaner takes what a person typed and returns the stored value, or raises FieldProblem with
a Turkish message (and the contract's code where it has one: INVALID_PART_REFERENCE,
INVALID_TURKISH_CITY). `part_fields_clean` runs them all and reports every problem at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marketplace.cities import resolve_city
from marketplace.errors import DomainError, DomainErrorCode, ErrorCode
from marketplace.money import parse_try
from marketplace.text import NUL_MESSAGE, fold, has_nul, normalize_reference
from parts.brands import resolve_brand
from parts.error_codes import PartErrorCode
from parts.models import MAX_PRICE, YEAR_MAX, YEAR_MIN, PartCondition

TITLE_MIN, TITLE_MAX = 5, 200
REFERENCE_MIN, REFERENCE_MAX = 3, 100
MODEL_MAX = 100
DESCRIPTION_MAX = 5000


class FieldProblem(Exception):
    def __init__(self, message: str | Promise, code: DomainErrorCode = ErrorCode.VALIDATION_ERROR):
        self.message = message
        self.code = code
        super().__init__(str(message))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise FieldProblem(_("Enter text."))
    if has_nul(value):
        raise FieldProblem(NUL_MESSAGE)
    return re.sub(r"\s+", " ", str(value)).strip()


def clean_title(value: Any) -> str:
    title = _text(value)
    if len(title) < TITLE_MIN:
        raise FieldProblem(_("The title must be at least 5 characters."))
    if len(title) > TITLE_MAX:
        raise FieldProblem(_("The title can be at most 200 characters."))
    return title


def clean_part_reference(value: Any) -> tuple[str, str]:
    """The reference as typed (tidied) and its normalised key."""
    typed = _text(value)
    key = normalize_reference(typed)
    if len(key) < REFERENCE_MIN or len(typed) > REFERENCE_MAX:
        raise FieldProblem(
            PartErrorCode.INVALID_PART_REFERENCE.message, PartErrorCode.INVALID_PART_REFERENCE
        )
    return typed, key


_CONDITIONS = {fold(choice.value): choice.value for choice in PartCondition}


def clean_condition(value: Any) -> str:
    condition = _CONDITIONS.get(fold(_text(value)))
    if condition is None:
        raise FieldProblem(_("Choose Kullanılabilir or Arızalı."))
    return condition


def clean_price(value: Any) -> Decimal:
    if isinstance(value, bool) or value in (None, ""):
        raise FieldProblem(_("Enter a price."))
    try:
        if isinstance(value, str):
            # Typed text is read the Turkish way too: "1.250" is 1250, "1.250,50" is 1250.50.
            price = parse_try(value)
        else:
            # JSON numbers arrive as float: go through str() so 450.1 stays 450.10.
            price = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise FieldProblem(_("Enter the price as a number, e.g. 1250 or 1250,50.")) from None
    if not price.is_finite() or price <= 0:
        raise FieldProblem(_("The price must be greater than zero."))
    if price > MAX_PRICE:
        raise FieldProblem(_("The price can be at most 999.999,99 ₺."))
    return price


def clean_city(value: Any) -> str:
    city = resolve_city(_text(value))
    if city is None:
        raise FieldProblem(ErrorCode.INVALID_TURKISH_CITY.message, ErrorCode.INVALID_TURKISH_CITY)
    return city


def clean_brand(value: Any) -> str:
    brand = resolve_brand(_text(value))
    if brand is None:
        raise FieldProblem(_("Unknown brand. Choose one from the list."))
    return brand


def clean_model(value: Any) -> str:
    model = _text(value)
    if not model:
        raise FieldProblem(_("Enter the model."))
    if len(model) > MODEL_MAX:
        raise FieldProblem(_("The model can be at most 100 characters."))
    return model


def clean_year(value: Any) -> int:
    if isinstance(value, bool):
        raise FieldProblem(_("Enter the year as a number."))
    try:
        year = int(str(value).strip())
    except ValueError:
        raise FieldProblem(_("Enter the year as a number.")) from None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise FieldProblem(_("The year must be between 1900 and 2030."))
    return year


def clean_description(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FieldProblem(_("Enter text."))
    if has_nul(value):
        raise FieldProblem(NUL_MESSAGE)
    description = value.strip()
    if len(description) > DESCRIPTION_MAX:
        raise FieldProblem(_("The description can be at most 5000 characters."))
    return description


_CLEANERS: dict[str, Callable[[Any], Any]] = {
    "title": clean_title,
    "part_reference": clean_part_reference,
    "condition": clean_condition,
    "price": clean_price,
    "location_city": clean_city,
    "brand": clean_brand,
    "model": clean_model,
    "year": clean_year,
    "description": clean_description,
}
# The fields a seller fills in, in form order: the API, the pages and the admin use this list.
LISTING_FIELDS: tuple[str, ...] = tuple(_CLEANERS)
REQUIRED_FIELDS = tuple(field for field in LISTING_FIELDS if field != "description")


def part_fields_clean(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Cleans every listing field present; raises one DomainError listing every problem."""
    cleaned: dict[str, Any] = {}
    problems: dict[str, list[str]] = {}
    codes: list[DomainErrorCode] = []
    for field, cleaner in _CLEANERS.items():
        if field not in data:
            if not partial and field in REQUIRED_FIELDS:
                problems[field] = [str(_("This field is required."))]
            continue
        try:
            cleaned[field] = cleaner(data[field])
        except FieldProblem as problem:
            problems[field] = [str(problem.message)]
            codes.append(problem.code)
    if problems:
        business = [code for code in codes if code != ErrorCode.VALIDATION_ERROR]
        raise DomainError(business[0] if business else ErrorCode.VALIDATION_ERROR, details=problems)
    if "part_reference" in cleaned:
        cleaned["part_reference"], cleaned["part_reference_key"] = cleaned["part_reference"]
    return cleaned
