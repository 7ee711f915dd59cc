"""Reads of the parts catalogue: the one search used by pages and API, details, similar parts."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, replace
from typing import Any, Protocol

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from marketplace.db_routing import replica_read
from marketplace.errors import DomainError
from marketplace.models import User
from parts.error_codes import PartErrorCode
from parts.filters import PartSearchFilters

# Other apps take `Part` and `PartStatus` from here for their annotations and lookups: they use
# the catalogue through its selectors and services, never its models module.
from parts.models import LIVE, Part, PartImage, PartImageStatus, PartStatus
from parts.search import ParsedQuery, query_parse

# parts.admin reads part numbers as the search does.
from parts.search_conditions import (
    known_words,
    part_reference_condition,
    text_match,
)

# Other apps register the badges shown next to a seller ("Doğrulanmış satıcı") through here.
from parts.seller_badges import (  # noqa: F401
    SellerBadge,
    seller_badge_register,
    seller_badges_for,
)

# The app that keeps reviews registers the sellers' ratings shown on a listing through here.
from parts.seller_ratings import (  # noqa: F401
    SellerRating,
    seller_ratings_for,
    seller_ratings_register,
)

# A seller's name and page link next to their listings (never their e-mail).
from parts.sellers import (  # noqa: F401
    buyer_display_name,
    seller_display_name,
    seller_page_path,
)

# Counting every match of a common word costs more than the page itself: count up to this many
# and report "more than" beyond it.
COUNT_CAP = 500
# Part's folded copies of its own fields (parts.search): searched, never shown.
SEARCH_COPIES = ("title_search", "model_search", "search_short", "search_document")
# The sizes of the newest (or cheapest…) candidates a search with many matches looks among first
# (`_ordered_ids`).
WINDOWS = (5_000, 80_000)


@dataclass(frozen=True)
class SearchPage:
    parts: list[Part]
    total: int
    total_is_exact: bool
    query: ParsedQuery
    execution_time_ms: float


@dataclass(frozen=True)
class _SearchPlan:
    """What a search matches, before any order: the listings, and the relevance tiers."""

    matches: QuerySet[Part]
    # The filtered listings before any word: a title match implies a match, so the title tier
    # reads `candidates` with the title condition alone (its statistics are then the title's).
    candidates: QuerySet[Part]
    query: ParsedQuery
    # Relevance: listings whose title has every word come before the others (None: one tier).
    title_match: Q | None
    # The words as typed matched nothing yet: a typo search may follow.
    typos_possible: bool
    # The same matches and title condition in a form no index serves (PostgreSQL): tested row
    # by row on the few thousand newest candidates (`_ordered_ids`), never through GIN.
    scanned_matches: QuerySet[Part] | None = None
    scanned_title: Q | None = None


def _ready_images() -> Prefetch[Any]:
    return part_ready_images_prefetch()


def part_ready_images_prefetch(*, through: str = "") -> Prefetch[Any]:
    """Processed photos in order, as `part_data` expects; `through="part__"` from another model."""
    return Prefetch(
        f"{through}images",
        queryset=PartImage.objects.filter(status=PartImageStatus.READY).order_by("position"),
    )


class HiddenForViewer(Protocol):
    """A condition on `Part` rows, true for the listings a logged-in viewer chose not to see."""

    def __call__(self, *, viewer: User) -> Exists: ...


_hidden_for_viewer: dict[str, HiddenForViewer] = {}


def part_hidden_for_viewer_register(name: str, condition: HiddenForViewer) -> None:
    """Another app hides listings from a viewer (interests: their "not interested" answers),
    from its AppConfig.ready(): parts reads the condition without importing that app."""
    if _hidden_for_viewer.get(name, condition) is not condition:
        raise ValueError(f"Hidden listings: {name!r} is already registered")
    _hidden_for_viewer[name] = condition


def part_public_queryset(*, viewer: User | None = None) -> QuerySet[Part]:
    """Listings anyone may see: active, photos processed, not hidden by the viewer."""
    parts = Part.objects.filter(LIVE)
    if viewer is not None and viewer.is_authenticated:
        for condition in _hidden_for_viewer.values():
            parts = parts.filter(~condition(viewer=viewer))
    return parts


def _filtered(parts: QuerySet[Part], filters: PartSearchFilters) -> QuerySet[Part]:
    if filters.part_reference_key:
        parts = parts.filter(part_reference_condition(filters.part_reference_key))
    if filters.condition:
        parts = parts.filter(condition=filters.condition)
    if filters.brand:
        parts = parts.filter(brand=filters.brand)
    if filters.model_key:
        parts = parts.filter(model_search__contains=f" {filters.model_key}")
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


def _search_plan(*, filters: PartSearchFilters, viewer: User | None) -> _SearchPlan:
    """The listings a search matches. A query that looks like a part number is answered by the
    reference index when any listing has it; otherwise its words must all match as typed."""
    parts = _filtered(part_public_queryset(viewer=viewer), filters)
    query = query_parse(filters.search, known_words=known_words)
    if query.is_empty:
        return _SearchPlan(parts, parts, query, title_match=None, typos_possible=False)
    if query.reference:
        by_reference = parts.filter(part_reference_condition(query.reference))
        if not query.terms or by_reference.exists():
            return _SearchPlan(by_reference, parts, query, title_match=None, typos_possible=False)
    return _text_plan(parts, query)


def _text_plan(
    candidates: QuerySet[Part], query: ParsedQuery, *, typo_stems: frozenset[str] = frozenset()
) -> _SearchPlan:
    text = text_match(query.terms, typo_stems=typo_stems)
    scanned = text.condition_scanned
    return _SearchPlan(
        candidates.filter(text.condition),
        candidates,
        query,
        title_match=text.in_title,
        typos_possible=not typo_stems and any(term.typo_tolerant for term in query.terms),
        scanned_matches=None if scanned is None else candidates.filter(scanned),
        scanned_title=text.in_title_scanned,
    )


def _typo_plan(plan: _SearchPlan) -> _SearchPlan:
    """The same search with one typo allowed in each word that no listing has as typed (the
    filters and reference look-up of `plan` are not redone).

    A word that some listing has stays as typed: "motor takozz" finds "Motor Takozu" and not
    "Rotor Takozu", so a typo match never outranks an exact one. For one word the first plan
    already said it matches nothing; for more, one EXISTS per word (this is the rare path)."""
    terms = [term for term in plan.query.terms if term.typo_tolerant]
    if len(plan.query.terms) > 1:
        terms = [
            term
            for term in terms
            if not plan.candidates.filter(text_match((term,)).condition).exists()
        ]
    typo_plan = _text_plan(
        plan.candidates, plan.query, typo_stems=frozenset(term.stem for term in terms)
    )
    return replace(typo_plan, typos_possible=False)


def _search_plan_with_typos(*, filters: PartSearchFilters, viewer: User | None) -> _SearchPlan:
    """Words match as typed; only when nothing does, one typo per word counts."""
    plan = _search_plan(filters=filters, viewer=viewer)
    if plan.typos_possible and not plan.matches.exists():
        return _typo_plan(plan)
    return plan


_SORT_ORDERINGS: dict[str, list[str]] = {
    "newest": ["-created_at"],
    "price_asc": ["price", "-created_at"],
    "price_desc": ["-price", "-created_at"],
}


def part_search(*, filters: PartSearchFilters, viewer: User | None = None) -> QuerySet[Part]:
    """The one search: free text, part numbers and the seed's filters, in relevance order
    (reference match > title > other fields, then recency) or the asked sort.

    Pages and the API read it through `part_search_page`, which fetches the same order tier by
    tier; this queryset is the whole result, for callers that need all of it."""
    plan = _search_plan_with_typos(filters=filters, viewer=viewer)
    ordering = _SORT_ORDERINGS.get(filters.effective_sort)
    if ordering is not None:
        return plan.matches.order_by(*ordering)
    if plan.title_match is None:
        return plan.matches.order_by("-created_at")
    return plan.matches.annotate(
        relevance=Case(
            When(plan.title_match, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("-relevance", "-created_at")


def _ordering(plan: _SearchPlan, sort: str) -> list[str]:
    ordering = _SORT_ORDERINGS.get(sort)
    if ordering is not None or plan.title_match is None:
        return ordering or ["-created_at"]
    return ["-in_title", "-created_at"]


def _few_ids_sorted(
    plan: _SearchPlan, ordering: list[str], *, limit: int
) -> tuple[list[uuid.UUID], int] | None:
    """The first `limit` ids in the search's order and how many match, when no more than
    COUNT_CAP do; None when more do.

    Up to COUNT_CAP + 1 matches are read in whatever order the database finds them fastest (a
    subquery without ORDER BY), then sorted and counted around it: `SELECT pk, count(*) OVER ()
    FROM (… LIMIT 501) ORDER BY … LIMIT 21`. The database cannot be trusted to sort few matches
    itself: told `ORDER BY created_at DESC LIMIT 21`, it walks the date (or price) index hoping to
    meet matches early whenever it overestimates how common they are, which it does for a part
    number prefix (it guesses 1 % of the catalogue for `LIKE '0778714%'`) and for rare words in
    a city, and then it reads every listing to find the 78 that match (0.8–1.6 s at a million
    listings). Read unordered, the same matches come from the reference or GIN index in a few
    milliseconds, and only the page's ids and one count travel back."""
    matches = plan.matches.order_by()
    if plan.title_match is not None:
        in_title = Case(When(plan.title_match, then=Value(1)), default=Value(0))
        matches = matches.annotate(in_title=in_title)
    fields = [name.lstrip("-") for name in ordering]
    inner, params = matches.values_list("pk", *fields)[: COUNT_CAP + 1].query.sql_with_params()
    order = ", ".join(
        f'few."{name.lstrip("-")}" {"DESC" if name.startswith("-") else "ASC"}' for name in ordering
    )
    # The inner SQL is Django's, its values in `params`; the order names come from
    # _SORT_ORDERINGS and _ordering, never from the request.
    sql = f'SELECT few."pk", count(*) OVER () FROM ({inner}) few ORDER BY {order} LIMIT %s'  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, max(limit, 1)])
        rows = cursor.fetchall()
    matched = rows[0][1] if rows else 0
    if matched > COUNT_CAP:
        return None
    return [_uuid(row[0]) for row in rows][:limit], matched


def _uuid(value: Any) -> uuid.UUID:
    """A primary key read by raw SQL: a UUID on PostgreSQL, 32 hex digits on SQLite."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)


class _WindowEdges:
    """The `created_at` of the newest candidates' WINDOWS-th one, each read once per search (both
    relevance tiers look among the same candidates): a walk of a `part_live_*` index."""

    def __init__(self, candidates: QuerySet[Part]) -> None:
        self._candidates = candidates
        self._edges: dict[int, Any] = {}

    def edge(self, size: int) -> Any:
        """None when there are fewer than `size` candidates."""
        if size not in self._edges:
            newest = self._candidates.order_by("-created_at").values_list("created_at", flat=True)
            self._edges[size] = next(iter(newest[size - 1 : size]), None)
        return self._edges[size]


def _ordered_ids(
    matches: QuerySet[Part],
    edges: _WindowEdges,
    *,
    limit: int,
    scanned: QuerySet[Part] | None = None,
) -> list[uuid.UUID]:
    """The newest `limit` ids of `matches` (a part of the candidates of `edges`), for a search
    with more than COUNT_CAP matches.

    Asked for `ORDER BY created_at DESC LIMIT 21` over all matches, PostgreSQL must guess how
    common they are: it walks the date index when it thinks they are common, and fetches every
    match to sort them when it thinks they are rare. Its guess for several words is the product
    of their frequencies ("ön fren diski": 485 where 24,000 listings have all three), so it
    fetched 24,000 rows for a page of 20. Instead the search looks among the newest WINDOWS[0]
    candidates first, a date range whose edge one walk of a `part_live_*` index gives; any plan
    over that range is cheap, and when it holds a full page that page is the answer (every
    match outside it is older). Only matches rarer than that read them all.

    In the first window the words are tested row by row (`scanned`, the same matches written so
    that no index serves them): the GIN index would otherwise read every match of a common
    word in the whole catalogue ("sağ far": 53,000, 35 ms) to keep the few in the window."""
    for index, size in enumerate(WINDOWS):
        edge = edges.edge(size)
        if edge is None:  # fewer candidates than the window: the window is all of them
            break
        tested = scanned if index == 0 and scanned is not None else matches
        within = tested.filter(created_at__gte=edge).order_by("-created_at")
        ids = list(within.values_list("pk", flat=True)[:limit])
        if len(ids) == limit:
            return ids
    return list(matches.order_by("-created_at").values_list("pk", flat=True)[:limit])


def _price_ordered_ids(plan: _SearchPlan, ordering: list[str], *, limit: int) -> list[uuid.UUID]:
    """The first `limit` ids by price. With words, the price is sorted as an expression, so that
    PostgreSQL reads the matches from the GIN index and keeps the top few (a heap sort) instead
    of walking the price index: a part's name sets its price, so for "rotil" by highest price
    that walk passes 600,000 dearer listings before the first rotil (1.5 s at a million)."""
    if plan.title_match is None:  # filters only: the `part_live_*price` indexes are in order
        ordered = plan.matches.order_by(*ordering)
    else:
        price = ExpressionWrapper(F("price") + Value(0), output_field=DecimalField())
        first = price.desc() if ordering[0].startswith("-") else price.asc()
        ordered = plan.matches.order_by(first, *ordering[1:])
    return list(ordered.values_list("pk", flat=True)[:limit])


def _first_ids(plan: _SearchPlan, *, sort: str, limit: int) -> list[uuid.UUID]:
    """The ids of the first `limit` results of a search with more than COUNT_CAP matches.

    Relevance is read tier by tier, newest first in each: the listings whose title has every
    word, then the others."""
    ordering = _SORT_ORDERINGS.get(sort)
    if ordering is not None and ordering[0].lstrip("-") == "price":
        return _price_ordered_ids(plan, ordering, limit=limit)
    if plan.title_match is None:  # filters only: a `part_live_*` index is in this order
        ordered = plan.matches.order_by(*(ordering or ["-created_at"]))
        return list(ordered.values_list("pk", flat=True)[:limit])
    scanned, scanned_title = plan.scanned_matches, plan.scanned_title
    edges = _WindowEdges(plan.candidates)
    if ordering is not None:
        return _ordered_ids(plan.matches, edges, limit=limit, scanned=scanned)
    first = plan.candidates.filter(plan.title_match)
    scanned_first = None if scanned_title is None else plan.candidates.filter(scanned_title)
    ids = _ordered_ids(first, edges, limit=limit, scanned=scanned_first)
    if len(ids) == limit:
        return ids
    others = plan.matches.exclude(plan.title_match)
    scanned_others = (
        None if scanned is None or scanned_title is None else scanned.exclude(scanned_title)
    )
    more = _ordered_ids(others, edges, limit=limit - len(ids), scanned=scanned_others)
    return ids + more


def _result_ids(plan: _SearchPlan, *, sort: str, limit: int) -> tuple[list[uuid.UUID], int]:
    """The first `limit` result ids and how many results there are, up to COUNT_CAP + 1: all of
    them sorted here when they are few, else the page in the database's order (and the count
    is more than COUNT_CAP)."""
    few = _few_ids_sorted(plan, _ordering(plan, sort), limit=limit)
    if few is not None:
        return few
    return _first_ids(plan, sort=sort, limit=limit), COUNT_CAP + 1


@replica_read
def part_search_page(*, filters: PartSearchFilters, viewer: User | None = None) -> SearchPage:
    """One page of `part_search`, its result count (exact up to COUNT_CAP) and its duration.

    Up to COUNT_CAP + 1 matches are read in any order (one query, from whichever index finds
    them fastest): when there are no more than COUNT_CAP they are the whole result, counted
    and sorted here; otherwise the page is read in order (`_first_ids`) and the count is
    "more than COUNT_CAP". So neither a rare search nor a common one reads every match in
    order."""
    started = time.perf_counter()
    start, stop = filters.offset, filters.offset + filters.limit
    plan = _search_plan(filters=filters, viewer=viewer)
    ids, matched = _result_ids(plan, sort=filters.effective_sort, limit=stop)
    if not ids and plan.typos_possible:  # nothing matched as typed
        plan = _typo_plan(plan)
        ids, matched = _result_ids(plan, sort=filters.effective_sort, limit=stop)
    total, exact = min(matched, COUNT_CAP), matched <= COUNT_CAP
    page_ids = ids[start:stop]
    # The folded search copies are for the database: a page never shows them (a description's
    # worth of text each, 20 times, read and decoded for nothing).
    rows = Part.objects.defer(*SEARCH_COPIES).prefetch_related(_ready_images()).in_bulk(page_ids)
    elapsed = (time.perf_counter() - started) * 1000
    return SearchPage(
        parts=[rows[part_id] for part_id in page_ids if part_id in rows],
        total=total,
        total_is_exact=exact,
        query=plan.query,
        execution_time_ms=round(elapsed, 2),
    )


def part_id_parse(value: str) -> uuid.UUID:
    """A listing id from a URL; a malformed one is PART_NOT_FOUND, like an unknown one."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise DomainError(PartErrorCode.PART_NOT_FOUND) from None


@replica_read
def part_get_visible(*, part_id: uuid.UUID, viewer: User | None = None) -> Part:
    """A listing by id for its page: live, sold and paused ones for all (the page of a sold or
    paused one tells so and offers no contact), any non-deleted one for its owner and staff."""
    part = (
        Part.objects.select_related("seller")
        .prefetch_related(_ready_images())
        .filter(pk=part_id)
        .exclude(status=PartStatus.DELETED)
        .first()
    )
    if part is None:
        raise DomainError(PartErrorCode.PART_NOT_FOUND)
    is_owner = viewer is not None and viewer.is_authenticated and part.seller_id == viewer.pk
    is_staff = viewer is not None and viewer.is_authenticated and viewer.is_staff
    if not part.has_public_page and not (is_owner or is_staff):
        raise DomainError(PartErrorCode.PART_NOT_FOUND)
    return part


@replica_read
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


@replica_read
def part_newest(*, viewer: User | None = None, limit: int = 8) -> list[Part]:
    return list(
        part_public_queryset(viewer=viewer)
        .prefetch_related(_ready_images())
        .order_by("-created_at")[:limit]
    )


def part_list_for_seller(*, seller: User) -> QuerySet[Part]:
    """The seller's listings (not deleted), newest first, each with `interested_count`."""
    return (
        Part.objects.filter(seller=seller)
        .exclude(status=PartStatus.DELETED)
        .annotate(interested_count=Count("interests", filter=Q(interests__type="interested")))
        .prefetch_related(_ready_images())
        .order_by("-created_at")
    )


@replica_read
def part_page_for_seller(
    *, seller_id: Any, viewer: User | None = None, limit: int, offset: int
) -> tuple[list[Part], int]:
    """A page of the seller's live listings (newest first) for their public page, and how many
    there are; what the viewer hid ("not interested") is left out, as in search."""
    listings = part_public_queryset(viewer=viewer).filter(seller_id=seller_id)
    page = listings.defer(*SEARCH_COPIES).prefetch_related(_ready_images()).order_by("-created_at")
    return list(page[offset : offset + limit]), listings.count()


def part_get_not_deleted(*, part_id: uuid.UUID | None) -> Part | None:
    """Any listing but a deleted one, whoever may see it (callers check ownership)."""
    if part_id is None:
        return None
    return Part.objects.filter(pk=part_id).exclude(status=PartStatus.DELETED).first()
