"""Search parameters (the API query string and the results form use the same names), parsed once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError, ErrorCode
from marketplace.text import NUL_MESSAGE, has_nul, normalize_reference
from parts.search import model_query_key
from parts.validation import (
    FieldProblem,
    clean_brand,
    clean_city,
    clean_condition,
    clean_price,
    clean_year,
)

SORT_CHOICES: dict[str, Any] = {
    "relevance": _("Most relevant"),
    "newest": _("Newest"),
    "price_asc": _("Lowest price"),
    "price_desc": _("Highest price"),
}
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 10_000
SEARCH_MAX_LENGTH = 200
PARAMETERS = (
    "search",
    "part_reference",
    "condition",
    "brand",
    "model",
    "location_city",
    "min_price",
    "max_price",
    "year_min",
    "year_max",
    "sort",
    "limit",
    "offset",
)


@dataclass(frozen=True)
class PartSearchFilters:
    search: str = ""
    part_reference_key: str = ""
    condition: str = ""
    brand: str = ""
    model_key: str = ""
    location_city: str = ""
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    year_min: int | None = None
    year_max: int | None = None
    sort: str = ""
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    @property
    def is_filtered(self) -> bool:
        """Whether any structured filter (not the free text) narrows the search."""
        return bool(
            self.part_reference_key
            or self.condition
            or self.brand
            or self.model_key
            or self.location_city
            or self.min_price is not None
            or self.max_price is not None
            or self.year_min is not None
            or self.year_max is not None
        )

    @property
    def effective_sort(self) -> str:
        if self.sort:
            return self.sort
        return "relevance" if (self.search or self.part_reference_key) else "newest"


def _whole_number(value: str, *, minimum: int, maximum: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise FieldProblem(_("Enter a whole number.")) from None
    if not minimum <= number <= maximum:
        raise FieldProblem(
            gettext("Enter a number between %(minimum)d and %(maximum)d.")
            % {"minimum": minimum, "maximum": maximum}
        )
    return number


def part_search_filters_parse(params: Mapping[str, Any]) -> PartSearchFilters:
    """Reads the search parameters; every invalid one is reported, in Turkish, at once."""
    values = {name: str(params.get(name, "") or "").strip() for name in PARAMETERS}
    parsed: dict[str, Any] = {}
    problems: dict[str, list[str]] = {}
    codes: list[ErrorCode] = []
    for name, value in values.items():
        if has_nul(value):
            problems[name] = [str(NUL_MESSAGE)]
            values[name] = ""  # reported; not parsed any further

    def attempt(name: str, target: str, parse: Any) -> None:
        if not values[name]:
            return
        try:
            parsed[target] = parse(values[name])
        except FieldProblem as problem:
            problems[name] = [str(problem.message)]
            codes.append(problem.code)

    if len(values["search"]) > SEARCH_MAX_LENGTH:
        problems["search"] = [str(_("The search text can be at most 200 characters."))]
    elif "search" not in problems:
        parsed["search"] = values["search"]
    attempt("part_reference", "part_reference_key", _reference_filter)
    attempt("condition", "condition", clean_condition)
    attempt("brand", "brand", clean_brand)
    attempt("model", "model_key", lambda value: model_query_key(value)[:100])
    attempt("location_city", "location_city", clean_city)
    attempt("min_price", "min_price", clean_price)
    attempt("max_price", "max_price", clean_price)
    attempt("year_min", "year_min", clean_year)
    attempt("year_max", "year_max", clean_year)
    attempt("sort", "sort", _sort)
    attempt("limit", "limit", lambda value: _whole_number(value, minimum=1, maximum=MAX_LIMIT))
    attempt("offset", "offset", lambda value: _whole_number(value, minimum=0, maximum=MAX_OFFSET))
    _check_ranges(parsed, problems)
    if problems:
        business = [code for code in codes if code != ErrorCode.VALIDATION_ERROR]
        raise DomainError(business[0] if business else ErrorCode.VALIDATION_ERROR, details=problems)
    return PartSearchFilters(**parsed)


def _reference_filter(value: str) -> str:
    key = normalize_reference(value)
    if len(key) < 3:
        raise FieldProblem(_("Invalid part reference number"), ErrorCode.INVALID_PART_REFERENCE)
    return key


def _sort(value: str) -> str:
    if value not in SORT_CHOICES:
        raise FieldProblem(_("Unknown sort order."))
    return value


def _check_ranges(parsed: dict[str, Any], problems: dict[str, list[str]]) -> None:
    low, high = parsed.get("min_price"), parsed.get("max_price")
    if low is not None and high is not None and low > high:
        problems["max_price"] = [str(_("The maximum price must not be below the minimum."))]
    first, last = parsed.get("year_min"), parsed.get("year_max")
    if first is not None and last is not None and first > last:
        problems["year_max"] = [str(_("The last year must not be before the first year."))]
