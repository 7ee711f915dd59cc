"""Tracking adapters by carrier: one small interface (base.TrackingAdapter), one registry.

Yurtiçi (SOAP queryShipment), Aras (SOAP GetQueryJSON) and MNG (REST) are asked; PTT, Sürat and
UPS have tracking links only and their status is always `unknown`.
"""

from __future__ import annotations

from shipping.carriers import Carrier
from shipping.tracking.aras import ArasAdapter
from shipping.tracking.base import (
    TrackingAdapter,
    TrackingEvent,
    TrackingResult,
    TrackingStatus,
    TrackingUnavailable,
)
from shipping.tracking.mng import MngAdapter
from shipping.tracking.yurtici import YurticiAdapter

ADAPTERS: dict[Carrier, type[TrackingAdapter]] = {
    Carrier.YURTICI: YurticiAdapter,
    Carrier.ARAS: ArasAdapter,
    Carrier.MNG: MngAdapter,
}


def tracking_adapter_get(*, carrier: Carrier) -> TrackingAdapter | None:
    """The carrier's adapter, or None for a carrier we can only link to."""
    adapter = ADAPTERS.get(carrier)
    return adapter() if adapter is not None else None


__all__ = [
    "ADAPTERS",
    "TrackingAdapter",
    "TrackingEvent",
    "TrackingResult",
    "TrackingStatus",
    "TrackingUnavailable",
    "tracking_adapter_get",
]
