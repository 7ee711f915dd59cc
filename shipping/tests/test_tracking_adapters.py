"""The carriers' tracking adapters against local servers that check the documented request:
Yurtiçi queryShipment (SOAP via zeep), Aras GetQueryJSON (SOAP 1.1), MNG REST with its JWT."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from shipping.error_codes import ShippingErrorCode
from shipping.services import TrackingStatus, TrackingUnavailable, tracking_status_fetch
from shipping.tests.fake_carriers import (
    ARAS_CUSTOMER_CODE,
    MNG_CLIENT_ID,
    MNG_CLIENT_SECRET,
    MNG_CUSTOMER,
    PASSWORD,
    USERNAME,
    FakeCarrier,
    fake_carrier,
)

ISTANBUL = ZoneInfo("Europe/Istanbul")
YURTICI_KEY, ARAS_NUMBER, MNG_NUMBER = "BNYN2026X1", "3513773163316", "BNY0000123456"


@pytest.fixture
def yurtici(settings: SettingsWrapper) -> Iterator[FakeCarrier]:
    with fake_carrier("yurtici") as fake:
        settings.YURTICI_WS_URL = f"{fake.url}/KOPSWebServices/ShippingOrderDispatcherServices"
        settings.YURTICI_WS_USERNAME, settings.YURTICI_WS_PASSWORD = USERNAME, PASSWORD
        settings.SHIPPING_TRACKING_TIMEOUT_SECONDS = 2.0
        yield fake
    assert fake.problems == []


@pytest.fixture
def aras(settings: SettingsWrapper) -> Iterator[FakeCarrier]:
    with fake_carrier("aras") as fake:
        settings.ARAS_QUERY_URL = f"{fake.url}/ArasCargoIntegrationService.svc"
        settings.ARAS_QUERY_USERNAME, settings.ARAS_QUERY_PASSWORD = USERNAME, PASSWORD
        settings.ARAS_CUSTOMER_CODE = ARAS_CUSTOMER_CODE
        settings.SHIPPING_TRACKING_TIMEOUT_SECONDS = 2.0
        yield fake
    assert fake.problems == []


@pytest.fixture
def mng(settings: SettingsWrapper) -> Iterator[FakeCarrier]:
    with fake_carrier("mng") as fake:
        settings.MNG_API_BASE_URL = fake.url
        settings.MNG_CUSTOMER_NUMBER, settings.MNG_PASSWORD = MNG_CUSTOMER, PASSWORD
        settings.MNG_CLIENT_ID, settings.MNG_CLIENT_SECRET = MNG_CLIENT_ID, MNG_CLIENT_SECRET
        settings.SHIPPING_TRACKING_TIMEOUT_SECONDS = 2.0
        yield fake
    assert fake.problems == []


# --- Yurtiçi ------------------------------------------------------------------------------------


def test_yurtici_in_transit_with_its_movements(yurtici: FakeCarrier) -> None:
    yurtici.shipments[YURTICI_KEY] = "in_transit"
    result = tracking_status_fetch(carrier="yurtici", tracking_number="bnyn 2026 x1")
    assert result.status == TrackingStatus.IN_TRANSIT
    assert result.raw_status == "IND"
    assert result.delivered_at is None
    assert [(event.at, event.description, event.location) for event in result.events] == [
        (
            datetime(2027, 5, 10, 14, 30, tzinfo=ISTANBUL),
            "Kargo kabul edildi",
            "KADIKÖY / KADIKÖY / İSTANBUL",
        ),
        (
            datetime(2027, 5, 11, 3, 15, tzinfo=ISTANBUL),
            "Transfer merkezinde",
            "ANKARA TRANSFER / ANKARA",
        ),
    ]
    assert yurtici.requests[0]["keys"] == YURTICI_KEY
    assert yurtici.requests[0]["wsUserName"] == USERNAME
    assert yurtici.requests[0]["wsPassword"] == PASSWORD


def test_yurtici_delivered_with_the_delivery_time(yurtici: FakeCarrier) -> None:
    yurtici.shipments[YURTICI_KEY] = "delivered"
    result = tracking_status_fetch(carrier="yurtici", tracking_number=YURTICI_KEY)
    assert result.status == TrackingStatus.DELIVERED
    assert result.delivered_at == datetime(2027, 5, 12, 11, 45, tzinfo=ISTANBUL)


def test_yurtici_returned_parcel(yurtici: FakeCarrier) -> None:
    yurtici.shipments[YURTICI_KEY] = "returned"
    assert tracking_status_fetch(carrier="yurtici", tracking_number=YURTICI_KEY).status == (
        TrackingStatus.RETURNED
    )


def test_yurtici_unknown_key_is_unknown(yurtici: FakeCarrier) -> None:
    result = tracking_status_fetch(carrier="yurtici", tracking_number=YURTICI_KEY)
    assert result.status == TrackingStatus.UNKNOWN
    assert result.raw_status == "82519"


def test_yurtici_refused_credentials_are_unavailable(yurtici: FakeCarrier) -> None:
    yurtici.refuse_credentials = True
    with pytest.raises(TrackingUnavailable) as caught:
        tracking_status_fetch(carrier="yurtici", tracking_number=YURTICI_KEY)
    assert caught.value.code == ShippingErrorCode.TRACKING_UNAVAILABLE
    assert "outFlag=1" in str(caught.value)


# --- Aras ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "status", "raw"),
    [
        ("in_transit", TrackingStatus.IN_TRANSIT, "2"),
        ("out_for_delivery", TrackingStatus.OUT_FOR_DELIVERY, "4"),
        ("returned", TrackingStatus.RETURNED, "2"),
        ("not_found", TrackingStatus.UNKNOWN, ""),
    ],
)
def test_aras_statuses(aras: FakeCarrier, kind: str, status: TrackingStatus, raw: str) -> None:
    aras.shipments[ARAS_NUMBER] = kind
    result = tracking_status_fetch(carrier="aras", tracking_number=ARAS_NUMBER)
    assert (result.status, result.raw_status, result.events) == (status, raw, [])


def test_aras_delivered_sends_the_documented_login_and_query(aras: FakeCarrier) -> None:
    aras.shipments[ARAS_NUMBER] = "delivered"
    result = tracking_status_fetch(carrier="aras", tracking_number="3513 7731 63316")
    assert result.status == TrackingStatus.DELIVERED
    assert result.delivered_at == datetime(2027, 5, 12, 11, 45, tzinfo=ISTANBUL)
    # The password's & < > travel escaped inside the escaped LoginInfo and arrive intact.
    assert aras.requests == [
        {
            "login": {
                "UserName": USERNAME,
                "Password": PASSWORD,
                "CustomerCode": ARAS_CUSTOMER_CODE,
            },
            "query": {"QueryType": "1", "TrackingNumber": ARAS_NUMBER},
        }
    ]


def test_aras_refusal_sentence_is_unavailable(aras: FakeCarrier) -> None:
    aras.refuse_credentials = True
    with pytest.raises(TrackingUnavailable, match="not JSON"):
        tracking_status_fetch(carrier="aras", tracking_number=ARAS_NUMBER)


# --- MNG ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("in_transit", TrackingStatus.IN_TRANSIT),
        ("out_for_delivery", TrackingStatus.OUT_FOR_DELIVERY),
        ("returned", TrackingStatus.RETURNED),
        ("not_found", TrackingStatus.UNKNOWN),
    ],
)
def test_mng_statuses(mng: FakeCarrier, kind: str, status: TrackingStatus) -> None:
    mng.shipments[MNG_NUMBER] = kind
    assert tracking_status_fetch(carrier="mng", tracking_number=MNG_NUMBER).status == status


def test_mng_delivered_with_a_token_kept_between_calls(mng: FakeCarrier) -> None:
    mng.shipments[MNG_NUMBER] = "delivered"
    first = tracking_status_fetch(carrier="mng", tracking_number=MNG_NUMBER)
    second = tracking_status_fetch(carrier="mng", tracking_number=MNG_NUMBER)
    assert first.status == second.status == TrackingStatus.DELIVERED
    assert first.raw_status == "5"
    assert first.delivered_at == datetime(2027, 5, 12, 11, 45, tzinfo=ISTANBUL)
    assert len(mng.tokens_issued) == 1
    assert mng.requests[0] == {
        "token": {"customerNumber": MNG_CUSTOMER, "password": PASSWORD, "identityType": 1}
    }
    assert mng.requests[1]["authorization"] == f"Bearer {mng.tokens_issued[0]}"


def test_mng_revoked_token_is_renewed_once(mng: FakeCarrier) -> None:
    mng.shipments[MNG_NUMBER] = "in_transit"
    tracking_status_fetch(carrier="mng", tracking_number=MNG_NUMBER)
    mng.tokens_valid.clear()
    result = tracking_status_fetch(carrier="mng", tracking_number=MNG_NUMBER)
    assert result.status == TrackingStatus.IN_TRANSIT
    assert len(mng.tokens_issued) == 2


def test_mng_refused_credentials_are_unavailable(mng: FakeCarrier) -> None:
    mng.refuse_credentials = True
    with pytest.raises(TrackingUnavailable, match="token: HTTP 401"):
        tracking_status_fetch(carrier="mng", tracking_number=MNG_NUMBER)


# --- All: timeouts, no configuration, no network, link-only carriers ----------------------------


@pytest.mark.parametrize(
    ("fixture", "carrier", "number"),
    [
        ("yurtici", "yurtici", YURTICI_KEY),
        ("aras", "aras", ARAS_NUMBER),
        ("mng", "mng", MNG_NUMBER),
    ],
)
def test_a_carrier_that_does_not_answer_in_time_is_unavailable(
    request: pytest.FixtureRequest,
    settings: SettingsWrapper,
    fixture: str,
    carrier: str,
    number: str,
) -> None:
    fake: FakeCarrier = request.getfixturevalue(fixture)
    fake.shipments[number] = "in_transit"
    fake.answer_delay = 1.0
    settings.SHIPPING_TRACKING_TIMEOUT_SECONDS = 0.2
    with pytest.raises(TrackingUnavailable, match=r"network: .*Timeout"):
        tracking_status_fetch(carrier=carrier, tracking_number=number)


@pytest.mark.parametrize(
    ("carrier", "number", "setting"),
    [
        ("yurtici", YURTICI_KEY, "YURTICI_WS_PASSWORD"),
        ("aras", ARAS_NUMBER, "ARAS_CUSTOMER_CODE"),
        ("mng", MNG_NUMBER, "MNG_CLIENT_SECRET"),
    ],
)
def test_a_carrier_without_credentials_is_unknown_without_a_network_call(
    settings: SettingsWrapper, carrier: str, number: str, setting: str
) -> None:
    # Every URL points at a closed port: any attempt to call would be TrackingUnavailable.
    settings.YURTICI_WS_URL = settings.ARAS_QUERY_URL = settings.MNG_API_BASE_URL = (
        "http://127.0.0.1:9"
    )
    settings.YURTICI_WS_USERNAME = settings.ARAS_QUERY_USERNAME = settings.MNG_CUSTOMER_NUMBER = "u"
    settings.YURTICI_WS_PASSWORD = settings.ARAS_QUERY_PASSWORD = settings.MNG_PASSWORD = "p"
    settings.ARAS_CUSTOMER_CODE = settings.MNG_CLIENT_ID = settings.MNG_CLIENT_SECRET = "c"
    setattr(settings, setting, "")
    result = tracking_status_fetch(carrier=carrier, tracking_number=number)
    assert result.status == TrackingStatus.UNKNOWN
    assert result.tracking_number == number


def test_a_carrier_that_cannot_be_reached_is_unavailable(settings: SettingsWrapper) -> None:
    settings.ARAS_QUERY_URL = "http://127.0.0.1:9/ArasCargoIntegrationService.svc"
    settings.ARAS_QUERY_USERNAME = settings.ARAS_QUERY_PASSWORD = settings.ARAS_CUSTOMER_CODE = "x"
    with pytest.raises(TrackingUnavailable, match="network: ConnectionError"):
        tracking_status_fetch(carrier="aras", tracking_number=ARAS_NUMBER)


@pytest.mark.parametrize(
    ("carrier", "number"),
    [("ptt", "RR123456785TR"), ("surat", "123456789012"), ("ups", "1Z999AA10123456784")],
)
def test_link_only_carriers_are_always_unknown(carrier: str, number: str) -> None:
    result = tracking_status_fetch(carrier=carrier, tracking_number=number)
    assert (result.status, result.tracking_number, result.events) == (
        TrackingStatus.UNKNOWN,
        number,
        [],
    )
