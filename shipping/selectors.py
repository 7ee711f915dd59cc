"""Shipping's public reads: carriers, tracking links and Turkish business-day deadlines."""

from __future__ import annotations

from datetime import datetime

from shipping import business_days
from shipping.carriers import (
    Carrier,
    carrier_parse,
    tracking_number_clean,
    tracking_url_build,
)
from shipping.tracking import tracking_adapter_get

__all__ = [
    "Carrier",
    "business_days_after",
    "business_days_between",
    "carrier_choices",
    "carrier_tracking_available",
    "tracking_url",
]


def carrier_choices() -> list[tuple[str, str]]:
    """(value, label) of every carrier a seller may pick, for forms and API schemas."""
    return [(carrier.value, str(carrier.label)) for carrier in Carrier]


def carrier_tracking_available(*, carrier: str) -> bool:
    """Whether the carrier's status can be polled here (an adapter with credentials); the others
    only have tracking links."""
    adapter = tracking_adapter_get(carrier=carrier_parse(carrier=carrier))
    return adapter is not None and adapter.is_configured()


def tracking_url(*, carrier: str, tracking_number: str) -> str:
    """The carrier's public tracking page for this number (normalised first; raises like
    services.tracking_number_normalize for a bad carrier or number)."""
    parsed = carrier_parse(carrier=carrier)
    number = tracking_number_clean(carrier=parsed, tracking_number=tracking_number)
    return tracking_url_build(carrier=parsed, tracking_number=number)


def business_days_after(*, start: datetime, days: int) -> datetime:
    """The deadline `days` Turkish business days after `start`: 00:00 Europe/Istanbul after the
    last of them (the start's own day never counts; weekends and public holidays, Ramazan and
    Kurban Bayramı included, are skipped; arife half days count). Aware datetimes only."""
    return business_days.deadline_after(start=start, days=days)


def business_days_between(*, start: datetime, end: datetime) -> int:
    """Business days after `start`'s Istanbul day up to and including `end`'s (0 if `end` is not
    later). `business_days_between(start=s, end=business_days_after(start=s, days=n) - ε) == n`."""
    return business_days.count_between(start=start, end=end)
