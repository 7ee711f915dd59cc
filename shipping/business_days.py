"""Turkish business days for shipping deadlines ("shipped within 3 business days").

A business day is a Monday–Friday in Europe/Istanbul that is not a public holiday of
`holidays.Turkey` (its PUBLIC category: New Year, 23 Nisan, 1 Mayıs, 19 Mayıs, 15 Temmuz,
30 Ağustos, 29 Ekim and the Ramazan and Kurban Bayramı days, the religious dates as the package
computes them).

The half-day eves ("arife": the afternoon before Ramazan and Kurban Bayramı, and 28 Ekim) count as
whole business days: offices and carriers' branches work until 13:00 and take parcels, and a
seller who was paid the day before can hand the part over that morning. `holidays` keeps these
eves in a separate HALF_DAY category, which we do not load.

The day the clock starts (the payment day) never counts, even when it is a business day; a
deadline of N business days is the end of the N-th business day after it, i.e. 00:00 Istanbul
time of the following calendar day, so "within 3 business days" gives the seller every hour of
those three days whatever the hour of payment.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

ISTANBUL = ZoneInfo("Europe/Istanbul")


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[date]:
    return frozenset(holidays.Turkey(years=year, categories=(holidays.PUBLIC,)).keys())


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def _local_date(moment: datetime) -> date:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("business days need an aware datetime")
    return moment.astimezone(ISTANBUL).date()


def deadline_after(*, start: datetime, days: int) -> datetime:
    """00:00 Istanbul after the `days`-th business day following `start`'s local day."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = _local_date(start)
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_business_day(day):
            counted += 1
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=ISTANBUL)


def count_between(*, start: datetime, end: datetime) -> int:
    """Business days after `start`'s local day up to and including `end`'s local day (0 when
    `end` is not later): how many of the seller's days have been used by `end`."""
    first, last = _local_date(start), _local_date(end)
    count = 0
    day = first + timedelta(days=1)
    while day <= last:
        if is_business_day(day):
            count += 1
        day += timedelta(days=1)
    return count
