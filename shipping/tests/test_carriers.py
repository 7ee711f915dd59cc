"""Carriers, tracking-number normalisation and tracking links (shipping.services / selectors)."""

from __future__ import annotations

import pytest
from django.utils import translation
from pytest_django.fixtures import Settings

from marketplace.errors import DomainError
from shipping.error_codes import ShippingErrorCode
from shipping.selectors import carrier_choices, carrier_tracking_available, tracking_url
from shipping.services import Carrier, tracking_number_normalize


def _error(carrier: str, number: str) -> DomainError:
    with pytest.raises(DomainError) as caught, translation.override("tr"):
        tracking_number_normalize(carrier=carrier, tracking_number=number)
    return caught.value


def test_carrier_choices_have_the_turkish_brand_names() -> None:
    assert carrier_choices() == [
        ("yurtici", "Yurtiçi Kargo"),
        ("aras", "Aras Kargo"),
        ("mng", "MNG Kargo"),
        ("ptt", "PTT Kargo"),
        ("surat", "Sürat Kargo"),
        ("ups", "UPS Kargo"),
    ]


@pytest.mark.parametrize(
    ("carrier", "typed", "normalized"),
    [
        ("ups", "1z 999 aa1 01 2345 6784", "1Z999AA10123456784"),
        ("aras", " 3513-7731-63316 ", "3513773163316"),
        ("yurtici", "1012 3456 7890", "101234567890"),
        ("yurtici", "bnyn2026x1", "BNYN2026X1"),
        # A Turkish keyboard types İ and ı for the Latin I.
        ("yurtici", "bny İı 2026", "BNYII2026"),
        ("mng", "bny-0000123456", "BNY0000123456"),
        ("ptt", "rr 123 456 785 tr", "RR123456785TR"),
        ("ptt", "2710200000622", "2710200000622"),
        ("surat", "\u00a0123456789012\t", "123456789012"),
        (Carrier.UPS, "1234567890", "1234567890"),
    ],
)
def test_tracking_number_is_normalized_as_the_carrier_writes_it(
    carrier: str, typed: str, normalized: str
) -> None:
    assert tracking_number_normalize(carrier=carrier, tracking_number=typed) == normalized


def test_a_wrong_length_says_in_turkish_what_the_carriers_numbers_look_like() -> None:
    error = _error("aras", "351377316331")
    assert error.code == ShippingErrorCode.INVALID_TRACKING_NUMBER
    assert error.status == 400
    assert str(error.message) == "Aras Kargo takip numarası 13 haneli bir sayı olmalıdır."
    assert error.details == {"carrier": "aras"}


def test_a_ups_number_with_a_wrong_check_digit_is_refused_as_a_typo() -> None:
    error = _error("ups", "1Z999AA10123456785")
    assert error.code == ShippingErrorCode.INVALID_TRACKING_NUMBER
    assert "kontrol hanesi tutmuyor" in str(error.message)


def test_a_ptt_s10_number_with_a_wrong_check_digit_is_refused() -> None:
    assert "kontrol hanesi" in str(_error("ptt", "RR123456784TR").message)


@pytest.mark.parametrize(
    "number",
    ["", "   ", "35137731633\x006", "ŞŞŞŞŞŞŞŞ", "１２３４５６７８", "1" * 3_000_000, "ABC#1234"],
)
def test_empty_hostile_and_huge_input_gets_the_error_code_not_a_crash(number: str) -> None:
    error = _error("yurtici", number)
    assert error.code == ShippingErrorCode.INVALID_TRACKING_NUMBER


def test_empty_number_asks_for_it() -> None:
    assert str(_error("mng", " ").message) == "Takip numarasını girin."


def test_unknown_carrier_has_its_own_code_and_turkish_message() -> None:
    error = _error("dhl", "1234567890")
    assert error.code == ShippingErrorCode.UNKNOWN_CARRIER
    with translation.override("tr"):
        assert str(error.message) == "Listedeki kargo firmalarından birini seçin"


@pytest.mark.parametrize(
    ("carrier", "number", "url"),
    [
        (
            "yurtici",
            "101234567890",
            "https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code=101234567890",
        ),
        (
            "aras",
            "3513773163316",
            "https://kargotakip.araskargo.com.tr/mainpage.aspx?code=3513773163316",
        ),
        ("mng", "BNY0000123456", "https://www.mngkargo.com.tr/gonderi-takip/?q=BNY0000123456"),
        (
            "ptt",
            "rr123456785tr",
            "https://gonderitakip.ptt.gov.tr/Track/Verify?q=RR123456785TR",
        ),
        (
            "surat",
            "123456789012",
            "https://www.suratkargo.com.tr/KargoTakip/?kargotakipno=123456789012",
        ),
        (
            "ups",
            "1Z 999AA1 0123456784",
            "https://www.ups.com/track?loc=tr_TR&tracknum=1Z999AA10123456784",
        ),
    ],
)
def test_tracking_url_is_the_carriers_public_page_with_the_normalized_number(
    carrier: str, number: str, url: str
) -> None:
    assert tracking_url(carrier=carrier, tracking_number=number) == url


def test_tracking_url_refuses_a_bad_number() -> None:
    with pytest.raises(DomainError) as caught:
        tracking_url(carrier="aras", tracking_number="12")
    assert caught.value.code == ShippingErrorCode.INVALID_TRACKING_NUMBER


def test_tracking_is_available_only_for_adapters_with_credentials(settings: Settings) -> None:
    settings.ARAS_QUERY_USERNAME = settings.ARAS_QUERY_PASSWORD = settings.ARAS_CUSTOMER_CODE = ""
    assert carrier_tracking_available(carrier="aras") is False
    settings.ARAS_QUERY_USERNAME, settings.ARAS_QUERY_PASSWORD = "user", "secret"
    settings.ARAS_CUSTOMER_CODE = "1234"
    assert carrier_tracking_available(carrier="aras") is True
    assert carrier_tracking_available(carrier="ptt") is False
