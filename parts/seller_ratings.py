"""Sellers' ratings shown on a listing ("★ 4,6 (12 değerlendirme)"), from the app that keeps the
reviews: it registers, from its AppConfig.ready(), a function giving the ratings of some sellers
at once; parts asks without importing it. Used through parts.selectors."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# source(*, user_ids) -> {seller id: (average to one decimal, count, reviews page path)} for the
# sellers among them who have ratings.
RatingsSource = Callable[..., dict[Any, tuple[Decimal, int, str]]]


@dataclass(frozen=True)
class SellerRating:
    average: Decimal
    count: int
    url: str


_sources: dict[str, RatingsSource] = {}


def seller_ratings_register(name: str, source: RatingsSource) -> None:
    registered = _sources.get(name)
    if registered is not None and registered is not source:
        raise ValueError(f"Seller ratings: {name!r} is already registered")
    _sources[name] = source


def seller_ratings_for(*, seller_ids: Iterable[Any]) -> dict[Any, SellerRating | None]:
    """Each seller's rating, None for a seller without one (one call per registered source)."""
    ids = list(dict.fromkeys(seller_ids))
    ratings: dict[Any, SellerRating | None] = dict.fromkeys(ids)
    if not ids:
        return ratings
    for source in _sources.values():
        for seller_id, (average, count, url) in source(user_ids=ids).items():
            if seller_id in ratings:
                ratings[seller_id] = SellerRating(average=average, count=count, url=url)
    return ratings
