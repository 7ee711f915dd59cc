"""Yurtiçi Kargo tracking: the KOPS ShippingOrderDispatcherServices `queryShipment` SOAP operation,
spoken with zeep from the WSDL bundled next to this module (wsdl/, written from the documented
service: wsUserName, wsPassword, wsLanguage, keys, keyType, addHistoricalData, onlyTracking; the
answer's ShippingDeliveryVO / shippingDeliveryDetailVO / shippingDeliveryItemDetailVO /
invDocCargoVOArray as the Axis classes generated from Yurtiçi's WSDL name them).

Status mapping (`operationStatus` of the shipment):

| Yurtiçi | meaning                                         | ours        |
|---------|-------------------------------------------------|-------------|
| NOP     | data received, parcel not handed over yet       | unknown     |
| IND     | on its way ("teslimatta")                       | in_transit  |
| ISR     | processed, invoice not yet issued               | in_transit  |
| DLV     | delivered                                       | delivered   |
| CNL/ISC/BI | cancelled                                    | unknown     |

A returned parcel (item `returnStatus` 2 or 3, or `rejectStatus` 9 or 10) is `returned` whatever
the operation status. Yurtiçi has no separate out-for-delivery state. An answer with `outFlag` other
than 0, or one of the credential error codes, is TrackingUnavailable; a shipment row with its own
`errCode` (no such key) is `unknown`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import requests
import zeep
import zeep.exceptions
from django.conf import settings
from lxml import etree
from zeep.transports import Transport

from shipping.carriers import Carrier
from shipping.tracking.base import (
    TrackingAdapter,
    TrackingEvent,
    TrackingResult,
    TrackingStatus,
    istanbul_datetime,
    parse_date,
    parse_time,
)

WSDL_PATH = Path(__file__).resolve().parent / "wsdl" / "yurtici_shipping_order_dispatcher.wsdl"
BINDING = (
    "{http://yurticikargo.com.tr/ShippingOrderDispatcherServices}"
    "ShippingOrderDispatcherServicesSoapBinding"
)
STATUS_MAP = {
    "IND": TrackingStatus.IN_TRANSIT,
    "ISR": TrackingStatus.IN_TRANSIT,
    "DLV": TrackingStatus.DELIVERED,
}
# Wrong web-service user or password (the codes Yurtiçi answers with for them).
CREDENTIAL_ERROR_CODES = frozenset({"1625", "1626", "80265"})
RETURN_STATUSES = frozenset({"2", "3"})
REJECT_STATUSES = frozenset({"9", "10"})


@lru_cache(maxsize=8)
def _service(*, url: str, timeout: float) -> Any:
    client = zeep.Client(
        wsdl=str(WSDL_PATH),
        transport=Transport(timeout=timeout, operation_timeout=timeout),
        # The WSDL is ours, written from the documentation: read the answer leniently (unknown
        # elements skipped, any order) rather than fail on a field Yurtiçi adds or moves.
        settings=zeep.Settings(strict=False, xsd_ignore_sequence_order=True, force_https=False),
    )
    return client.create_service(BINDING, url)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _location(event: Any) -> str:
    parts = (_text(event.unitName), _text(event.townName), _text(event.cityName))
    return " / ".join(part for part in parts if part)


class YurticiAdapter(TrackingAdapter):
    carrier = Carrier.YURTICI

    def is_configured(self) -> bool:
        return bool(settings.YURTICI_WS_USERNAME and settings.YURTICI_WS_PASSWORD)

    def fetch(self, *, tracking_number: str) -> TrackingResult:
        if not self.is_configured():
            return self.unknown(tracking_number=tracking_number)
        service = _service(
            url=settings.YURTICI_WS_URL, timeout=settings.SHIPPING_TRACKING_TIMEOUT_SECONDS
        )
        try:
            answer = service.queryShipment(
                wsUserName=settings.YURTICI_WS_USERNAME,
                wsPassword=settings.YURTICI_WS_PASSWORD,
                wsLanguage=settings.YURTICI_WS_LANGUAGE,
                keys=[tracking_number],
                keyType=settings.YURTICI_KEY_TYPE,
                addHistoricalData=True,
                onlyTracking=False,
            )
        except requests.RequestException as error:
            raise self.unavailable(f"network: {type(error).__name__}") from error
        except (zeep.exceptions.Error, etree.XMLSyntaxError) as error:
            raise self.unavailable(f"protocol: {type(error).__name__}: {error}") from error
        return self._result(answer, tracking_number=tracking_number)

    def _result(self, answer: Any, *, tracking_number: str) -> TrackingResult:
        if answer is None:
            raise self.unavailable("no ShippingDeliveryVO in the answer")
        out_flag, error_code = _text(answer.outFlag), _text(answer.errCode)
        details = list(answer.shippingDeliveryDetailVO or [])
        detail_codes = {_text(detail.errCode) for detail in details}
        if (
            out_flag != "0"
            or error_code in CREDENTIAL_ERROR_CODES
            or detail_codes & CREDENTIAL_ERROR_CODES
        ):
            raise self.unavailable(
                f"outFlag={out_flag} errCode={error_code or ','.join(sorted(detail_codes))} "
                f"{_text(answer.outResult)}"
            )
        if not details:
            return self.unknown(tracking_number=tracking_number)
        detail = details[0]
        if _text(detail.errCode) not in ("", "0"):
            return self.unknown(tracking_number=tracking_number, raw_status=_text(detail.errCode))
        operation_status = _text(detail.operationStatus)
        item = detail.shippingDeliveryItemDetailVO
        status = STATUS_MAP.get(operation_status, TrackingStatus.UNKNOWN)
        if item is not None and (
            _text(item.returnStatus) in RETURN_STATUSES
            or _text(item.rejectStatus) in REJECT_STATUSES
        ):
            status = TrackingStatus.RETURNED
        delivered_at = None
        if status == TrackingStatus.DELIVERED and item is not None:
            delivered_at = istanbul_datetime(
                parse_date(_text(item.deliveryDate), "%Y%m%d"),
                parse_time(_text(item.deliveryTime), "%H%M%S", "%H%M"),
            )
        events = [
            TrackingEvent(
                at=istanbul_datetime(
                    parse_date(_text(event.eventDate), "%Y%m%d"),
                    parse_time(_text(event.eventTime), "%H%M%S", "%H%M"),
                ),
                description=_text(event.eventName),
                location=_location(event),
            )
            for event in (item.invDocCargoVOArray or [] if item is not None else [])
        ]
        return TrackingResult(
            carrier=self.carrier,
            tracking_number=tracking_number,
            status=status,
            delivered_at=delivered_at,
            events=events,
            raw_status=operation_status,
        )
