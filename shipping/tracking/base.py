"""The one small interface every carrier's tracking adapter implements, and what it returns."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError
from shipping.business_days import ISTANBUL
from shipping.carriers import Carrier
from shipping.error_codes import ShippingErrorCode


class TrackingStatus(StrEnum):
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    RETURNED = "returned"
    # Not configured, not found, not yet handed to the carrier, or a status we do not map.
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class TrackingEvent:
    at: datetime | None
    description: str
    location: str = ""


@dataclass(frozen=True)
class TrackingResult:
    carrier: Carrier
    tracking_number: str
    status: TrackingStatus
    delivered_at: datetime | None = None
    events: list[TrackingEvent] = field(default_factory=list)
    # The carrier's own status as it sent it ("DLV", "6", "5"…); "" when nothing was asked.
    raw_status: str = ""


class TrackingUnavailable(DomainError):
    """The carrier could not be asked or did not answer sensibly (network, timeout, HTTP error,
    SOAP fault, credentials refused, a body we cannot read). Try again later."""

    def __init__(self, *, carrier: Carrier, reason: str) -> None:
        super().__init__(
            ShippingErrorCode.TRACKING_UNAVAILABLE,
            details={"carrier": carrier.value},
            message=_("The carrier's tracking service cannot be reached right now"),
        )
        self.carrier = carrier
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.carrier.value}: {self.reason}"


class TrackingAdapter(ABC):
    carrier: Carrier

    @abstractmethod
    def is_configured(self) -> bool:
        """Credentials are set; an adapter without them answers UNKNOWN without a network call."""

    @abstractmethod
    def fetch(self, *, tracking_number: str) -> TrackingResult:
        """Asks the carrier; raises TrackingUnavailable on network or protocol errors."""

    def unknown(self, *, tracking_number: str, raw_status: str = "") -> TrackingResult:
        return TrackingResult(
            carrier=self.carrier,
            tracking_number=tracking_number,
            status=TrackingStatus.UNKNOWN,
            raw_status=raw_status,
        )

    def unavailable(self, reason: str) -> TrackingUnavailable:
        return TrackingUnavailable(carrier=self.carrier, reason=reason)


def istanbul_datetime(day: date | None, moment: time | None) -> datetime | None:
    """A carrier's local date and time (Turkey has no DST since 2016) as an aware datetime."""
    if day is None:
        return None
    return datetime.combine(day, moment or time.min, tzinfo=ISTANBUL)


def parse_date(text: str | None, *formats: str) -> date | None:
    for fmt in formats:
        try:
            return datetime.strptime((text or "").strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse_time(text: str | None, *formats: str) -> time | None:
    for fmt in formats:
        try:
            return datetime.strptime((text or "").strip(), fmt).time()
        except ValueError:
            continue
    return None
