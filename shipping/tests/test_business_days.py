"""Turkish business days: weekends, public holidays from `holidays.Turkey`, arife half days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from shipping.selectors import business_days_after, business_days_between

ISTANBUL = ZoneInfo("Europe/Istanbul")


def _istanbul(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ISTANBUL)


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        # Kurban Bayramı 2027 is 16–19 May (Sun–Wed): Thu 20, Fri 21 and Mon 24 remain.
        (_istanbul(2027, 5, 14, 12, 0), _istanbul(2027, 5, 25)),
        # Republic Day Thu 29 Oct 2026; its arife (Wed 28, from 13:00) counts as a business day.
        (_istanbul(2026, 10, 27, 10, 0), _istanbul(2026, 11, 3)),
        # New Year's Day Fri 1 Jan 2027, across the year boundary.
        (_istanbul(2026, 12, 30, 9, 0), _istanbul(2027, 1, 6)),
        # Ramazan Bayramı 2027 is 9–11 Mar (Tue–Thu); its arife Mon 8 Mar counts.
        (_istanbul(2027, 3, 5, 18, 0), _istanbul(2027, 3, 16)),
        # Paid on a Saturday: Mon, Tue, Wed.
        (_istanbul(2026, 6, 6, 23, 59), _istanbul(2026, 6, 11)),
    ],
)
def test_three_business_days_skip_weekends_and_turkish_public_holidays(
    start: datetime, deadline: datetime
) -> None:
    assert business_days_after(start=start, days=3) == deadline
    assert business_days_between(start=start, end=deadline - timedelta(microseconds=1)) == 3


def test_the_istanbul_day_counts_not_the_utc_day() -> None:
    # 22:30 UTC on 30 Dec is already 01:30 on Thu 31 Dec in Istanbul: the clock starts then.
    start = datetime(2026, 12, 30, 22, 30, tzinfo=UTC)
    assert business_days_after(start=start, days=3) == _istanbul(2027, 1, 7)
    assert business_days_after(start=start, days=3).utcoffset() == timedelta(hours=3)


def test_between_counts_the_days_used_so_far() -> None:
    start = _istanbul(2027, 5, 14, 12, 0)
    assert business_days_between(start=start, end=start) == 0
    assert business_days_between(start=start, end=_istanbul(2027, 5, 19, 20, 0)) == 0
    assert business_days_between(start=start, end=_istanbul(2027, 5, 20, 8, 0)) == 1
    assert business_days_between(start=start, end=_istanbul(2027, 5, 22, 8, 0)) == 2
    assert business_days_between(start=start, end=_istanbul(2027, 5, 1)) == 0


def test_zero_days_ends_with_the_start_day() -> None:
    assert business_days_after(start=_istanbul(2027, 5, 14, 12, 0), days=0) == _istanbul(
        2027, 5, 15
    )


def test_naive_datetimes_and_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        business_days_after(start=datetime(2027, 5, 14, 12, 0), days=3)
    with pytest.raises(ValueError, match="negative"):
        business_days_after(start=_istanbul(2027, 5, 14), days=-1)
