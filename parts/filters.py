"""Search parameters (the API query string and the results form use the same names), parsed once
by one serializer, which is also what the OpenAPI schema documents."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import SkipField

from marketplace.api.errors import business_code_in
from marketplace.api.fields import (
    QueryChoiceField,
    QueryDecimalField,
    QueryTextField,
    QueryWholeNumberField,
)
from marketplace.errors import DomainError, ErrorCode
from marketplace.text import normalize_reference
from parts.error_codes import PartErrorCode
from parts.fields import field_rule
from parts.models import MAX_PRICE, YEAR_MAX, YEAR_MIN, PartCondition
from parts.search import model_query_key
from parts.validation import (
    MODEL_MAX,
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


def _reference_filter(value: str) -> str:
    key = normalize_reference(value)
    if len(key) < 3:
        raise FieldProblem(
            PartErrorCode.INVALID_PART_REFERENCE.message, PartErrorCode.INVALID_PART_REFERENCE
        )
    return key


def _sort(value: str) -> str:
    if value not in SORT_CHOICES:
        raise FieldProblem(_("Unknown sort order."))
    return value


def _search_text(value: str) -> str:
    if len(value) > SEARCH_MAX_LENGTH:
        raise serializers.ValidationError(
            [str(_("The search text can be at most 200 characters."))]
        )
    return value


def _price_field() -> QueryDecimalField:
    """A price bound in TRY, read with the listings' own price rule (Turkish formats too)."""
    return QueryDecimalField(
        required=False,
        parse=field_rule(clean_price),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=MAX_PRICE,
        help_text="TRY",
    )


class PartSearchQuerySerializer(serializers.Serializer[Any]):
    """The search's query string (the API's and the results page's): its types document the API,
    its fields parse both. Blank parameters are ignored; every invalid one is reported at once."""

    search = QueryTextField(
        required=False, parse=_search_text, max_length=SEARCH_MAX_LENGTH, help_text="Free text"
    )
    part_reference = QueryTextField(
        required=False,
        source="part_reference_key",
        parse=field_rule(_reference_filter),
        help_text="OEM number in any spelling (spaces, dots and dashes are ignored)",
    )
    condition = QueryChoiceField(
        required=False, choices=PartCondition.values, parse=field_rule(clean_condition)
    )
    brand = QueryTextField(required=False, parse=field_rule(clean_brand))
    model = QueryTextField(
        required=False,
        source="model_key",
        parse=lambda value: model_query_key(value)[:MODEL_MAX],
        help_text="Only the first 100 characters count",
    )
    location_city = QueryTextField(
        required=False, parse=field_rule(clean_city), help_text="Any spelling of a province"
    )
    min_price = _price_field()
    max_price = _price_field()
    year_min = QueryWholeNumberField(
        required=False, parse=field_rule(clean_year), min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    year_max = QueryWholeNumberField(
        required=False, parse=field_rule(clean_year), min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    sort = QueryChoiceField(
        required=False,
        choices=list(SORT_CHOICES),
        parse=field_rule(_sort),
        help_text="Default: relevance with a text or reference, else newest",
    )
    limit = QueryWholeNumberField(
        required=False, min_value=1, max_value=MAX_LIMIT, help_text=f"Default {DEFAULT_LIMIT}"
    )
    offset = QueryWholeNumberField(
        required=False, min_value=0, max_value=MAX_OFFSET, help_text="Default 0"
    )

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        # DRF's own loop, except that the ranges are checked even when another parameter failed:
        # the page shows every problem at once.
        values: dict[str, Any] = {}
        problems: dict[str, Any] = {}
        for field in self._writable_fields:
            try:
                values[str(field.source)] = field.run_validation(field.get_value(data))
            except serializers.ValidationError as error:
                problems[str(field.field_name)] = error.detail
            except SkipField:
                pass
        problems.update(_range_problems(values))
        if problems:
            raise serializers.ValidationError(problems)
        return values


# The query string's names, in the order problems are looked for.
PARAMETERS: tuple[str, ...] = tuple(PartSearchQuerySerializer().fields)


def part_search_filters_parse(params: Mapping[str, Any]) -> PartSearchFilters:
    """Reads the search parameters; every invalid one is reported, in Turkish, at once."""
    query = PartSearchQuerySerializer(data=params)
    if not query.is_valid():
        errors = query.errors
        raise DomainError(
            business_code_in(errors) or ErrorCode.VALIDATION_ERROR,
            details={name: [str(message) for message in errors[name]] for name in errors},
        )
    return PartSearchFilters(**query.validated_data)


def _range_problems(values: Mapping[str, Any]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    low, high = values.get("min_price"), values.get("max_price")
    if low is not None and high is not None and low > high:
        problems["max_price"] = [str(_("The maximum price must not be below the minimum."))]
    first, last = values.get("year_min"), values.get("year_max")
    if first is not None and last is not None and first > last:
        problems["year_max"] = [str(_("The last year must not be before the first year."))]
    return problems
