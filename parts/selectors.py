"""Reads of the parts catalogue: the one search used by pages and API, details, similar parts."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from interests.selectors import interest_hidden_parts_condition
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from parts.filters import PartSearchFilters
from parts.models import Part, PartImage, PartImageStatus, PartStatus
from parts.search import REFERENCE_MIN_LENGTH, ParsedQuery, SearchTerm, query_parse

# Counting every match of a common word costs more than the page itself: count up to this many
# and report "more than" beyond it.
COUNT_CAP = 1000
# Relevance is ranked among this many newest matches (more than COUNT_CAP, so counts agree).
RELEVANCE_WINDOW = 5000


@dataclass(frozen=True)
class SearchPage:
    parts: list[Part]
    total: int
    total_is_exact: bool
    query: ParsedQuery
    execution_time_ms: float


def _ready_images() -> Prefetch[Any]:
    return part_ready_images_prefetch()


def part_ready_images_prefetch(*, through: str = "") -> Prefetch[Any]:
    """Processed photos in order, as `part_data` expects; `through="part__"` from another model."""
    return Prefetch(
        f"{through}images",
        queryset=PartImage.objects.filter(status=PartImageStatus.READY).order_by("position"),
    )


def part_public_queryset(*, viewer: User | None = None) -> QuerySet[Part]:
    """Listings anyone may see: active, photos processed, not hidden by the viewer."""
    parts = Part.objects.filter(status=PartStatus.ACTIVE, images_pending=0)
    if viewer is not None and viewer.is_authenticated:
        parts = parts.filter(~interest_hidden_parts_condition(viewer=viewer))
    return parts


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _term_condition(term: SearchTerm, *, typos: bool) -> Q:
    """One word: its stem as a word prefix; with `typos`, also within one edit (5+ letters).

    The raw SQL names columns without the table: in the relevance window's subquery Django
    aliases parts_part, and a qualified name would point at the outer query instead."""
    if _is_postgres():
        condition = Q(
            RawSQL(
                "search_vector @@ to_tsquery('simple', %s)",
                [f"{term.stem}:*"],
                output_field=BooleanField(),
            )
        )
        if typos and term.typo_tolerant:
            # pg_trgm word similarity on the short fields: "altrnator" finds "alternator".
            condition |= Q(RawSQL("%s <%% search_short", [term.stem], output_field=BooleanField()))
        return condition
    condition = Q(search_document__contains=f" {term.stem}")
    if typos and term.typo_tolerant:
        condition |= Q(
            Func(
                F("search_short"),
                Value(term.stem),
                function="banayeni_fuzzy_prefix",
                output_field=BooleanField(),
            )
        )
    return condition


def _text_condition(terms: tuple[SearchTerm, ...], *, typos: bool) -> Q:
    """Every word must match. Without typos on PostgreSQL, one tsquery (`fren:* & disk:*`) so
    the GIN index is read once for all words."""
    if _is_postgres() and not typos:
        return Q(
            RawSQL(
                "search_vector @@ to_tsquery('simple', %s)",
                [" & ".join(f"{term.stem}:*" for term in terms)],
                output_field=BooleanField(),
            )
        )
    condition = Q()
    for term in terms:
        condition &= _term_condition(term, typos=typos)
    return condition


def _reference_condition(reference_key: str) -> Q:
    if len(reference_key) >= REFERENCE_MIN_LENGTH:
        return Q(part_reference_key__startswith=reference_key)
    return Q(part_reference_key=reference_key)


def _filtered(parts: QuerySet[Part], filters: PartSearchFilters) -> QuerySet[Part]:
    if filters.part_reference_key:
        parts = parts.filter(_reference_condition(filters.part_reference_key))
    if filters.condition:
        parts = parts.filter(condition=filters.condition)
    if filters.brand:
        parts = parts.filter(brand=filters.brand)
    if filters.model_folded:
        parts = parts.filter(model_search__contains=f" {filters.model_folded}")
    if filters.location_city:
        parts = parts.filter(location_city=filters.location_city)
    if filters.min_price is not None:
        parts = parts.filter(price__gte=filters.min_price)
    if filters.max_price is not None:
        parts = parts.filter(price__lte=filters.max_price)
    if filters.year_min is not None:
        parts = parts.filter(year__gte=filters.year_min)
    if filters.year_max is not None:
        parts = parts.filter(year__lte=filters.year_max)
    return parts


def part_search(*, filters: PartSearchFilters, viewer: User | None = None) -> QuerySet[Part]:
    """The one search: free text, part numbers and the seed's filters, in relevance order.

    Cheap steps first: a query that looks like a part number is answered by the reference index
    when any listing has it; words match exactly (stem prefixes) and only when nothing matches
    do typos count; relevance is ranked among the newest RELEVANCE_WINDOW matches, so a common
    word does not score the whole catalogue.
    """
    parts = _filtered(part_public_queryset(viewer=viewer), filters)
    query = query_parse(filters.search)

    reference_match = Q(pk__in=[])
    title_match = Q(pk__in=[])
    typo_fallback = False
    if not query.is_empty:
        by_reference = (
            parts.filter(_reference_condition(query.reference)) if query.reference else None
        )
        if by_reference is not None and (not query.terms or by_reference.exists()):
            reference_match = _reference_condition(query.reference)
            parts = by_reference
        else:
            exact = parts.filter(_text_condition(query.terms, typos=False))
            if exact.exists() or not any(term.typo_tolerant for term in query.terms):
                parts = exact
            else:
                parts = parts.filter(_text_condition(query.terms, typos=True))
                typo_fallback = True
            title_match = Q()
            for term in query.terms:
                title_match &= Q(title_search__contains=f" {term.stem}")

    ordering = {
        "newest": ["-created_at"],
        "price_asc": ["price", "-created_at"],
        "price_desc": ["-price", "-created_at"],
    }.get(filters.effective_sort)
    if ordering is None:  # relevance: reference match > title > other fields, then recency
        if query.terms and not typo_fallback and not filters.is_filtered:
            # Walking the date index until RELEVANCE_WINDOW matches pays for common words; with
            # filters or typos the matches are few or costly per row, and the bitmap is faster.
            window = parts.order_by("-created_at").values("pk")[:RELEVANCE_WINDOW]
            parts = Part.objects.filter(pk__in=window)
        parts = parts.annotate(
            relevance=Case(
                When(reference_match, then=Value(3)),
                When(title_match, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        ordering = ["-relevance", "-created_at"]
    return parts.order_by(*ordering)


def part_search_page(*, filters: PartSearchFilters, viewer: User | None = None) -> SearchPage:
    started = time.perf_counter()
    parts = part_search(filters=filters, viewer=viewer)
    page = list(
        parts.select_related("seller").prefetch_related(_ready_images())[
            filters.offset : filters.offset + filters.limit
        ]
    )
    if filters.offset == 0 and len(page) < filters.limit:
        total, exact = len(page), True
    else:
        capped = parts.order_by().values("pk")[: COUNT_CAP + 1].count()
        total, exact = min(capped, COUNT_CAP), capped <= COUNT_CAP
    elapsed = (time.perf_counter() - started) * 1000
    return SearchPage(
        parts=page,
        total=total,
        total_is_exact=exact,
        query=query_parse(filters.search),
        execution_time_ms=round(elapsed, 2),
    )


def part_get_visible(*, part_id: uuid.UUID, viewer: User | None = None) -> Part:
    """A listing by id for its page: public ones for all, any non-deleted one for owner/staff."""
    part = (
        Part.objects.select_related("seller")
        .prefetch_related(_ready_images())
        .filter(pk=part_id)
        .exclude(status=PartStatus.DELETED)
        .first()
    )
    if part is None:
        raise DomainError(ErrorCode.PART_NOT_FOUND)
    is_owner = viewer is not None and viewer.is_authenticated and part.seller_id == viewer.pk
    is_staff = viewer is not None and viewer.is_authenticated and viewer.is_staff
    if not part.is_public and not (is_owner or is_staff):
        raise DomainError(ErrorCode.PART_NOT_FOUND)
    return part


def part_similar(*, part: Part, viewer: User | None = None, limit: int = 4) -> list[Part]:
    """Other listings with the same part number, or for the same brand and model."""
    candidates = (
        part_public_queryset(viewer=viewer)
        .exclude(pk=part.pk)
        .filter(
            Q(part_reference_key=part.part_reference_key)
            | Q(brand=part.brand, model_search=part.model_search)
        )
        .annotate(
            closeness=Case(
                When(part_reference_key=part.part_reference_key, then=Value(3)),
                When(model_search=part.model_search, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("-closeness", "-created_at")
        .prefetch_related(_ready_images())
    )
    return list(candidates[:limit])


def part_newest(*, viewer: User | None = None, limit: int = 8) -> list[Part]:
    return list(
        part_public_queryset(viewer=viewer)
        .prefetch_related(_ready_images())
        .order_by("-created_at")[:limit]
    )


def part_list_for_seller(*, seller: User) -> QuerySet[Part]:
    return (
        Part.objects.filter(seller=seller)
        .exclude(status=PartStatus.DELETED)
        .prefetch_related(_ready_images())
        .order_by("-created_at")
    )
