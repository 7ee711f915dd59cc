"""Aras Kargo tracking: `GetQueryJSON` of the ArasCargoIntegrationService (WCF, SOAP 1.1).

The request, as Aras documents it: POST to the .svc address with `Content-Type: text/xml;
charset=utf-8` and `SOAPAction: "http://tempuri.org/IArasCargoIntegrationService/GetQueryJSON"`;
the body's `GetQueryJSON` (namespace http://tempuri.org/) carries two string parameters, each an
XML document of its own:
`loginInfo` = `<LoginInfo><UserName/><Password/><CustomerCode/></LoginInfo>` and
`queryInfo` = `<QueryInfo><QueryType>1</QueryType><TrackingNumber>…</TrackingNumber></QueryInfo>`
(QueryType 1, the shipment's summary, asked by the 13-digit tracking number). The answer's
`GetQueryJSONResult` is a JSON text `{"QueryResult": {"Cargo": {...} | [...]}}`; a shipment Aras
does not know gives `{"QueryResult": null}` (or no Cargo), refused credentials a plain sentence.

Status mapping (`DURUM_KODU`; `TIP_KODU` 3 is a return shipment and wins):

| DURUM_KODU | Aras                              | ours             |
|------------|-----------------------------------|------------------|
| 1          | çıkış şubesinde                   | in_transit       |
| 2          | yolda                             | in_transit       |
| 3          | teslimat şubesinde                | in_transit       |
| 4          | dağıtımda                         | out_for_delivery |
| 5          | teslim alınmadı / parçalı teslim  | in_transit       |
| 6          | teslim edildi                     | delivered        |
| 7          | yönlendirildi                     | in_transit       |

QueryType 1 has no movement list, so `events` stays empty for Aras. Only shipments of the
configured customer account can be seen (Aras answers nothing for other senders' numbers).
"""

from __future__ import annotations

import json
from typing import Any

import requests
from django.conf import settings
from lxml import etree

from shipping.carriers import Carrier
from shipping.tracking.base import (
    TrackingAdapter,
    TrackingResult,
    TrackingStatus,
    istanbul_datetime,
    parse_date,
    parse_time,
)

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TEMPURI = "http://tempuri.org/"
SOAP_ACTION = '"http://tempuri.org/IArasCargoIntegrationService/GetQueryJSON"'
QUERY_TYPE_BY_TRACKING_NUMBER = "1"
STATUS_MAP = {
    "1": TrackingStatus.IN_TRANSIT,
    "2": TrackingStatus.IN_TRANSIT,
    "3": TrackingStatus.IN_TRANSIT,
    "4": TrackingStatus.OUT_FOR_DELIVERY,
    "5": TrackingStatus.IN_TRANSIT,
    "6": TrackingStatus.DELIVERED,
    "7": TrackingStatus.IN_TRANSIT,
}
RETURN_TYPE_CODE = "3"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _xml_document(root: str, fields: list[tuple[str, str]]) -> str:
    element = etree.Element(root)
    for name, value in fields:
        etree.SubElement(element, name).text = value
    return etree.tostring(element, encoding="unicode")


def request_body(
    *, username: str, password: str, customer_code: str, tracking_number: str
) -> bytes:
    login_info = _xml_document(
        "LoginInfo",
        [("UserName", username), ("Password", password), ("CustomerCode", customer_code)],
    )
    query_info = _xml_document(
        "QueryInfo",
        [("QueryType", QUERY_TYPE_BY_TRACKING_NUMBER), ("TrackingNumber", tracking_number)],
    )
    envelope = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soap": SOAP_ENV})
    body = etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body")
    operation = etree.SubElement(body, f"{{{TEMPURI}}}GetQueryJSON", nsmap={None: TEMPURI})
    etree.SubElement(operation, f"{{{TEMPURI}}}loginInfo").text = login_info
    etree.SubElement(operation, f"{{{TEMPURI}}}queryInfo").text = query_info
    return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")


def _field(cargo: dict[str, Any], name: str) -> str:
    value = cargo.get(name)
    return "" if value is None else str(value).strip()


class ArasAdapter(TrackingAdapter):
    carrier = Carrier.ARAS

    def is_configured(self) -> bool:
        return bool(
            settings.ARAS_QUERY_USERNAME
            and settings.ARAS_QUERY_PASSWORD
            and settings.ARAS_CUSTOMER_CODE
        )

    def fetch(self, *, tracking_number: str) -> TrackingResult:
        if not self.is_configured():
            return self.unknown(tracking_number=tracking_number)
        body = request_body(
            username=settings.ARAS_QUERY_USERNAME,
            password=settings.ARAS_QUERY_PASSWORD,
            customer_code=settings.ARAS_CUSTOMER_CODE,
            tracking_number=tracking_number,
        )
        try:
            response = requests.post(
                settings.ARAS_QUERY_URL,
                data=body,
                headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": SOAP_ACTION},
                timeout=settings.SHIPPING_TRACKING_TIMEOUT_SECONDS,
            )
        except requests.RequestException as error:
            raise self.unavailable(f"network: {type(error).__name__}") from error
        if response.status_code != 200:
            raise self.unavailable(f"HTTP {response.status_code}: {response.text[:200]}")
        try:
            document = etree.fromstring(response.content, _PARSER)
        except etree.XMLSyntaxError as error:
            raise self.unavailable(f"not XML: {error}") from error
        result = document.find(f".//{{{TEMPURI}}}GetQueryJSONResult")
        if result is None:
            raise self.unavailable("no GetQueryJSONResult in the answer")
        try:
            payload = json.loads(result.text or "")
        except ValueError:
            # Aras answers refused credentials and malformed queries with a sentence.
            raise self.unavailable(f"not JSON: {(result.text or '')[:200]}") from None
        return self._result(payload, tracking_number=tracking_number)

    def _result(self, payload: Any, *, tracking_number: str) -> TrackingResult:
        query_result = payload.get("QueryResult") if isinstance(payload, dict) else None
        cargo = query_result.get("Cargo") if isinstance(query_result, dict) else None
        if isinstance(cargo, list):
            cargo = cargo[0] if cargo else None
        if not isinstance(cargo, dict):
            return self.unknown(tracking_number=tracking_number)
        status_code = _field(cargo, "DURUM_KODU")
        status = STATUS_MAP.get(status_code, TrackingStatus.UNKNOWN)
        if _field(cargo, "TIP_KODU") == RETURN_TYPE_CODE:
            status = TrackingStatus.RETURNED
        delivered_at = None
        if status == TrackingStatus.DELIVERED:
            delivered_at = istanbul_datetime(
                parse_date(_field(cargo, "TESLIM_TARIHI"), "%d.%m.%Y"),
                parse_time(_field(cargo, "TESLIM_SAATI"), "%H:%M", "%H:%M:%S"),
            )
        return TrackingResult(
            carrier=self.carrier,
            tracking_number=tracking_number,
            status=status,
            delivered_at=delivered_at,
            raw_status=status_code,
        )
