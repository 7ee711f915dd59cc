"""Badges shown next to a seller on a listing ("Doğrulanmış satıcı"), from the apps that know
them: each registers, from its AppConfig.ready(), a name, a label and a function giving which of
some sellers hold it; parts asks without importing those apps. Used through parts.selectors."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

BadgeHolders = Callable[..., set[Any]]  # holders(*, user_ids) -> the ids that hold the badge


@dataclass(frozen=True)
class SellerBadge:
    code: str
    label: str | Promise


_badges: dict[str, tuple[Promise | str, BadgeHolders]] = {}


def seller_badge_register(code: str, *, label: Promise | str, holders: BadgeHolders) -> None:
    registered = _badges.get(code)
    if registered is not None and registered[1] is not holders:
        raise ValueError(f"Seller badges: {code!r} is already registered")
    _badges[code] = (label, holders)


def seller_badges_for(*, seller_ids: Iterable[Any]) -> dict[Any, list[SellerBadge]]:
    """Each seller's badges (one query per kind of badge, whatever the number of sellers)."""
    ids = list(dict.fromkeys(seller_ids))
    badges: dict[Any, list[SellerBadge]] = {seller_id: [] for seller_id in ids}
    if not ids:
        return badges
    for code, (label, holders) in _badges.items():
        for seller_id in holders(user_ids=ids):
            if seller_id in badges:
                badges[seller_id].append(SellerBadge(code=code, label=label))
    return badges
