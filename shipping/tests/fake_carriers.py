"""Local stand-ins for the carriers' tracking services, over real HTTP in a thread of the test
process. Each checks the request as the carrier documents it (path, method, headers, SOAP
envelope or JSON body, credentials, token) and answers the documented body for the shipment the
test scripted. Whatever does not match lands in `problems`, which every test asserts empty."""

from __future__ import annotations

import contextlib
import json
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any

from lxml import etree

from integrations.tests.http_fake import http_serving

YURTICI_NS = "http://yurticikargo.com.tr/ShippingOrderDispatcherServices"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TEMPURI = "http://tempuri.org/"
USERNAME, PASSWORD = "BANAYENI_WS", "s3cret&<pass>"
ARAS_CUSTOMER_CODE = "1932448851342"
MNG_CUSTOMER, MNG_CLIENT_ID, MNG_CLIENT_SECRET = "331234567", "ibm-client-id", "ibm-client-secret"


@dataclass
class FakeCarrier:
    url: str = ""
    # The answer per tracking number: "in_transit", "delivered", "returned", "not_found"…
    shipments: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    answer_delay: float = 0.0
    refuse_credentials: bool = False
    tokens_issued: list[str] = field(default_factory=list)
    tokens_valid: set[str] = field(default_factory=set)


def _handler(
    state: FakeCarrier, answer: Callable[[BaseHTTPRequestHandler, bytes], tuple[int, str, bytes]]
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, content_type, raw = answer(self, body)
            if state.answer_delay:
                time.sleep(state.answer_delay)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        do_POST = _serve
        do_GET = _serve

    return Handler


def _check(state: FakeCarrier, condition: bool, problem: str) -> None:
    if not condition:
        state.problems.append(problem)


# --- Yurtiçi: queryShipment ----------------------------------------------------------------------


def _yurtici_item(kind: str) -> str:
    if kind == "in_transit":
        return (
            "<operationStatus>IND</operationStatus><shippingDeliveryItemDetailVO>"
            "<docId>101234567890</docId><trackingUrl>https://selfservis.yurticikargo.com/"
            "reports/SSWDocumentDetail.aspx?DocId=101234567890</trackingUrl>"
            "<cargoEventId>YK</cargoEventId><cargoEventExplanation>Kargo yolda"
            "</cargoEventExplanation><returnStatus>0</returnStatus><rejectStatus>0</rejectStatus>"
            "<invDocCargoVOArray><unitId>123</unitId><unitName>KADIKÖY</unitName><eventId>AC"
            "</eventId><eventName>Kargo kabul edildi</eventName><eventDate>20270510</eventDate>"
            "<eventTime>143000</eventTime><cityName>İSTANBUL</cityName><townName>KADIKÖY"
            "</townName></invDocCargoVOArray>"
            "<invDocCargoVOArray><unitName>ANKARA TRANSFER</unitName><eventName>Transfer merkezinde"
            "</eventName><eventDate>20270511</eventDate><eventTime>031500</eventTime>"
            "<cityName>ANKARA</cityName></invDocCargoVOArray>"
            "</shippingDeliveryItemDetailVO>"
        )
    if kind == "delivered":
        return (
            "<operationStatus>DLV</operationStatus><shippingDeliveryItemDetailVO>"
            "<docId>101234567890</docId><deliveryDate>20270512</deliveryDate>"
            "<deliveryTime>114500</deliveryTime><receiverInfo>AYŞE Y.</receiverInfo>"
            "<returnStatus>0</returnStatus><rejectStatus>0</rejectStatus>"
            "</shippingDeliveryItemDetailVO>"
        )
    if kind == "returned":
        return (
            "<operationStatus>IND</operationStatus><shippingDeliveryItemDetailVO>"
            "<returnStatus>2</returnStatus><returnStatusExplanation>İade edildi"
            "</returnStatusExplanation></shippingDeliveryItemDetailVO>"
        )
    return "<operationStatus>NOP</operationStatus>"


def _yurtici_answer(state: FakeCarrier) -> Callable[..., tuple[int, str, bytes]]:
    def answer(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, str, bytes]:
        _check(state, handler.command == "POST", f"method {handler.command}")
        _check(state, handler.path == "/KOPSWebServices/ShippingOrderDispatcherServices", "path")
        content_type = handler.headers.get("Content-Type") or ""
        _check(state, content_type.startswith("text/xml"), f"Content-Type {content_type}")
        _check(state, handler.headers.get("SOAPAction") == '""', "SOAPAction")
        envelope = etree.fromstring(body)
        operation = envelope.find(f"{{{SOAP_ENV}}}Body/{{{YURTICI_NS}}}queryShipment")
        if operation is None:
            state.problems.append("no ship:queryShipment in the SOAP body")
            return 500, "text/xml", b""
        fields = {child.tag: child.text for child in operation}
        state.requests.append(fields)
        _check(
            state,
            list(fields)
            == [
                "wsUserName",
                "wsPassword",
                "wsLanguage",
                "keys",
                "keyType",
                "addHistoricalData",
                "onlyTracking",
            ],
            f"elements {list(fields)} (unqualified, in the documented order)",
        )
        _check(state, fields.get("wsLanguage") == "TR", "wsLanguage")
        _check(state, fields.get("keyType") == "0", "keyType")
        _check(state, fields.get("addHistoricalData") == "true", "addHistoricalData")
        _check(state, fields.get("onlyTracking") == "false", "onlyTracking")
        if state.refuse_credentials or (fields.get("wsUserName"), fields.get("wsPassword")) != (
            USERNAME,
            PASSWORD,
        ):
            inner = (
                "<outFlag>1</outFlag><outResult>Kullanıcı adı veya şifre hatalı</outResult>"
                "<errCode>1625</errCode>"
            )
        else:
            key = fields.get("keys") or ""
            kind = state.shipments.get(key, "not_found")
            detail = (
                f"<cargoKey>{key}</cargoKey><errCode>82519</errCode>"
                "<errMessage>Kayıt bulunamadı</errMessage>"
                if kind == "not_found"
                else f"<cargoKey>{key}</cargoKey><operationCode>5</operationCode>"
                f"<operationMessage>Kargo işlemde</operationMessage><errCode>0</errCode>"
                + _yurtici_item(kind)
            )
            inner = (
                "<outFlag>0</outFlag><outResult>Başarılı</outResult><senderCustId>123</senderCustId>"
                f"<count>1</count><shippingDeliveryDetailVO>{detail}</shippingDeliveryDetailVO>"
            )
        raw = (
            f'<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="{SOAP_ENV}"><S:Body>'
            f'<ns2:queryShipmentResponse xmlns:ns2="{YURTICI_NS}"><ShippingDeliveryVO>{inner}'
            "</ShippingDeliveryVO></ns2:queryShipmentResponse></S:Body></S:Envelope>"
        )
        return 200, "text/xml; charset=utf-8", raw.encode()

    return answer


# --- Aras: GetQueryJSON --------------------------------------------------------------------------

ARAS_CARGO = {
    "in_transit": {"DURUM_KODU": "2", "DURUMU": "YOLDA", "TIP_KODU": "1"},
    "out_for_delivery": {"DURUM_KODU": "4", "DURUMU": "DAĞITIMDA", "TIP_KODU": "1"},
    "delivered": {
        "DURUM_KODU": "6",
        "DURUMU": "TESLİM EDİLDİ",
        "TIP_KODU": "1",
        "TESLIM_TARIHI": "12.05.2027",
        "TESLIM_SAATI": "11:45",
        "TESLIM_ALAN": "AYŞE",
    },
    "returned": {"DURUM_KODU": "2", "DURUMU": "YOLDA", "TIP_KODU": "3"},
}


def _aras_answer(state: FakeCarrier) -> Callable[..., tuple[int, str, bytes]]:
    def answer(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, str, bytes]:
        _check(state, handler.command == "POST", f"method {handler.command}")
        _check(state, handler.path == "/ArasCargoIntegrationService.svc", f"path {handler.path}")
        _check(
            state,
            handler.headers.get("Content-Type") == "text/xml; charset=utf-8",
            "Content-Type",
        )
        _check(
            state,
            handler.headers.get("SOAPAction")
            == '"http://tempuri.org/IArasCargoIntegrationService/GetQueryJSON"',
            f"SOAPAction {handler.headers.get('SOAPAction')}",
        )
        operation = etree.fromstring(body).find(f"{{{SOAP_ENV}}}Body/{{{TEMPURI}}}GetQueryJSON")
        if operation is None:
            state.problems.append("no GetQueryJSON (http://tempuri.org/) in the body")
            return 500, "text/xml", b""
        login = etree.fromstring(operation.findtext(f"{{{TEMPURI}}}loginInfo") or "<x/>")
        query = etree.fromstring(operation.findtext(f"{{{TEMPURI}}}queryInfo") or "<x/>")
        fields = {
            "login": {child.tag: child.text for child in login},
            "query": {child.tag: child.text for child in query},
        }
        state.requests.append(fields)
        _check(state, login.tag == "LoginInfo" and query.tag == "QueryInfo", "XML parameters")
        _check(state, fields["query"].get("QueryType") == "1", "QueryType")
        credentials = (
            fields["login"].get("UserName"),
            fields["login"].get("Password"),
            fields["login"].get("CustomerCode"),
        )
        if state.refuse_credentials or credentials != (USERNAME, PASSWORD, ARAS_CUSTOMER_CODE):
            result = "Kullanıcı adı veya şifre hatalı."
        else:
            number = fields["query"].get("TrackingNumber") or ""
            kind = state.shipments.get(number, "not_found")
            cargo = ARAS_CARGO.get(kind)
            payload: dict[str, Any] = {
                "QueryResult": None
                if cargo is None
                else {"Cargo": [{"KARGO_TAKIP_NO": number, "MUSTERI_OZEL_KODU": "B1", **cargo}]}
            }
            result = json.dumps(payload, ensure_ascii=False)
        envelope = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"s": SOAP_ENV})
        response = etree.SubElement(
            etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body"),
            f"{{{TEMPURI}}}GetQueryJSONResponse",
            nsmap={None: TEMPURI},
        )
        etree.SubElement(response, f"{{{TEMPURI}}}GetQueryJSONResult").text = result
        return 200, "text/xml; charset=utf-8", etree.tostring(envelope, encoding="utf-8")

    return answer


# --- MNG: /token and standardqueryapi/getshipmentstatus -------------------------------------------

MNG_SHIPMENT = {
    "in_transit": {"shipmentStatusCode": 2, "shipmentStatus": "Transfer", "isDelivered": 0},
    "out_for_delivery": {"shipmentStatusCode": 4, "shipmentStatus": "Dağıtımda", "isDelivered": 0},
    "delivered": {
        "shipmentStatusCode": 5,
        "shipmentStatus": "Teslim edildi",
        "isDelivered": 1,
        "deliveryDateTime": "2027-05-12T11:45:00",
        "deliveryTo": "AYŞE Y.",
    },
    "returned": {"shipmentStatusCode": 7, "shipmentStatus": "İade", "isDelivered": 0},
}
MNG_STATUS_PATH = "/mngapi/api/standardqueryapi/getshipmentstatus/"


def _mng_answer(state: FakeCarrier) -> Callable[..., tuple[int, str, bytes]]:
    def reply(status: int, body: Any) -> tuple[int, str, bytes]:
        return status, "application/json", json.dumps(body, ensure_ascii=False).encode()

    def answer(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, str, bytes]:
        ibm = (handler.headers.get("X-IBM-Client-Id"), handler.headers.get("X-IBM-Client-Secret"))
        if ibm != (MNG_CLIENT_ID, MNG_CLIENT_SECRET):
            state.problems.append(f"{handler.path}: X-IBM client headers")
            return reply(401, {"httpCode": "401", "moreInformation": "Client id not registered"})
        if handler.command == "POST" and handler.path == "/mngapi/api/token":
            content_type = handler.headers.get("Content-Type") or ""
            _check(state, content_type.startswith("application/json"), "token Content-Type")
            request = json.loads(body or b"{}")
            state.requests.append({"token": request})
            _check(state, request.get("identityType") == 1, "identityType")
            if state.refuse_credentials or (
                request.get("customerNumber"),
                request.get("password"),
            ) != (MNG_CUSTOMER, PASSWORD):
                return reply(401, {"error": {"Code": "60020", "Message": "Hatalı giriş"}})
            token = secrets.token_urlsafe(24)
            state.tokens_issued.append(token)
            state.tokens_valid.add(token)
            expires = datetime.now(UTC) + timedelta(hours=1)
            return reply(
                200,
                {
                    "jwt": token,
                    "refreshToken": secrets.token_urlsafe(24),
                    "jwtExpireDate": expires.isoformat(),
                    "refreshTokenExpireDate": (expires + timedelta(days=1)).isoformat(),
                },
            )
        if handler.command == "GET" and handler.path.startswith(MNG_STATUS_PATH):
            number = handler.path.removeprefix(MNG_STATUS_PATH)
            authorization = handler.headers.get("Authorization") or ""
            state.requests.append({"status": number, "authorization": authorization})
            if authorization.removeprefix("Bearer ") not in state.tokens_valid:
                return reply(401, {"error": {"Code": "401", "Message": "Unauthorized"}})
            kind = state.shipments.get(number, "not_found")
            if kind == "not_found":
                return reply(404, {"error": {"Code": "404", "Message": "Gönderi bulunamadı"}})
            return reply(200, [{"referenceId": number, "shipmentId": "9001", **MNG_SHIPMENT[kind]}])
        state.problems.append(f"unexpected {handler.command} {handler.path}")
        return reply(404, {})

    return answer


@contextlib.contextmanager
def fake_carrier(kind: str) -> Iterator[FakeCarrier]:
    """A running fake of "yurtici", "aras" or "mng"; its base URL in `.url`."""
    state = FakeCarrier()
    answers = {"yurtici": _yurtici_answer, "aras": _aras_answer, "mng": _mng_answer}
    with http_serving(_handler(state, answers[kind](state))) as url:
        state.url = url
        yield state
