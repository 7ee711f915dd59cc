"""Shipping's public writes and look-ups with side effects: checking a tracking number before it is
saved, and asking a carrier where a parcel is. Plain data in and out (no order models)."""

from __future__ import annotations

from shipping.carriers import Carrier, carrier_parse, tracking_number_clean
from shipping.tracking import (
    TrackingEvent,
    TrackingResult,
    TrackingStatus,
    TrackingUnavailable,
    tracking_adapter_get,
)

__all__ = [
    "Carrier",
    "TrackingEvent",
    "TrackingResult",
    "TrackingStatus",
    "TrackingUnavailable",
    "tracking_number_normalize",
    "tracking_status_fetch",
]


def tracking_number_normalize(*, carrier: str, tracking_number: str) -> str:
    """The number as the carrier writes it (spaces and hyphens removed, upper case, format and
    check digit verified). Raises DomainError UNKNOWN_CARRIER or INVALID_TRACKING_NUMBER with a
    Turkish message saying what the carrier's numbers look like."""
    return tracking_number_clean(
        carrier=carrier_parse(carrier=carrier), tracking_number=tracking_number
    )


def tracking_status_fetch(*, carrier: str, tracking_number: str) -> TrackingResult:
    """Where the parcel is, from the carrier's tracking service. UNKNOWN without a network call for
    PTT, Sürat, UPS and carriers without credentials; UNKNOWN when the carrier does not know the
    number. Raises TrackingUnavailable (code TRACKING_UNAVAILABLE) when the carrier cannot be asked
    (network, timeout, HTTP or SOAP error): the poller should try again later."""
    parsed = carrier_parse(carrier=carrier)
    number = tracking_number_clean(carrier=parsed, tracking_number=tracking_number)
    adapter = tracking_adapter_get(carrier=parsed)
    if adapter is None:
        return TrackingResult(carrier=parsed, tracking_number=number, status=TrackingStatus.UNKNOWN)
    return adapter.fetch(tracking_number=number)
