"""Which backups a grandfather-father-son rule keeps: the newest backup of each of the last N
days, M ISO weeks and K months (in UTC, the time the backups are named by)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from datetime import datetime


def _newest_per_period(
    ordered: list[tuple[str, datetime]], period: Callable[[datetime], Hashable], count: int
) -> set[str]:
    """`ordered` newest first: the first backup met in each of the first `count` periods."""
    kept: set[str] = set()
    seen: list[Hashable] = []
    for name, created_at in ordered:
        key = period(created_at)
        if key in seen:
            continue
        if len(seen) == count:
            break
        seen.append(key)
        kept.add(name)
    return kept


def backup_names_to_keep(
    *, backups: Mapping[str, datetime], daily: int, weekly: int, monthly: int
) -> set[str]:
    """The names to keep of `backups` (name → when it was made). The newest is always kept, so
    a rule of zeros never deletes the only copy."""
    ordered = sorted(backups.items(), key=lambda item: item[1], reverse=True)
    if not ordered:
        return set()
    return (
        {ordered[0][0]}
        | _newest_per_period(ordered, lambda moment: moment.date(), daily)
        | _newest_per_period(ordered, lambda moment: moment.isocalendar()[:2], weekly)
        | _newest_per_period(ordered, lambda moment: (moment.year, moment.month), monthly)
    )
