"""Scam signs in chat messages (messaging.fraud): what people really type, and what they don't."""

from __future__ import annotations

import time

import pytest
from pytest_django.fixtures import Settings

from messaging.fraud import fraud_reasons_display, fraud_reasons_find, fraud_warning


@pytest.mark.parametrize(
    ("text", "reasons"),
    [
        ("Beni 0532 123 45 67 numarasından arayın", ("phone",)),
        ("+90 (532) 123-45-67", ("phone",)),
        ("0 532 123 45 67", ("phone",)),
        ("905321234567", ("phone",)),
        ("Dükkan: 0212 555 12 34", ("phone",)),
        ("beş üç iki bir iki üç dört beş altı yedi", ("phone",)),
        ("BEŞ ÜÇ İKİ 123 45 67", ("phone",)),
        ("bes uc iki bir iki uc dort bes alti yedi", ("phone",)),
        ("sıfır beş yüz otuz iki, yüz yirmi üç, kırk beş, altmış yedi", ("phone",)),
        ("TR33 0006 1005 1978 6457 8413 26 hesabına", ("iban",)),
        ("tr330006100519786457841326", ("iban",)),
        # An IBAN's groups can look like a phone number: still only the IBAN.
        ("TR12 5321 2345 6700 0000 0000 00", ("iban",)),
        ("Kaporayı gönderin, parçayı ayırayım", ("payment",)),
        ("KAPORA olmadan olmaz", ("payment",)),
        ("Ön ödeme yaparsanız kargolarım", ("payment",)),
        ("on odeme lazim", ("payment",)),
        ("EFT ile gönderin", ("payment",)),
        ("Havaleyle öderseniz indirim", ("payment",)),
        ("Güvenli ödeme için https://guvenli-odeme.example/abc", ("link",)),
        ("t.me/parcaci", ("link",)),
        ("www.ucuzparca.com", ("link",)),
        ("bit.ly/3xYz", ("link",)),
        ("WhatsApp'tan yaz", ("off_platform",)),
        ("whatsapptan yazın", ("off_platform",)),
        ("Vatsaptan yaz", ("off_platform",)),
        ("wp den yaz", ("off_platform",)),
        ("İnstagramdan ulaşın", ("off_platform",)),
        ("Telegram'dan yaz", ("off_platform",)),
        ("wa.me/905321234567", ("link", "phone")),
        ("instagram.com/parcaci", ("link", "off_platform")),
        (
            "IBAN: TR33 0006 1005 1978 6457 8413 26, kaporayı atın, wp: 0532 123 45 67",
            ("iban", "payment", "phone", "off_platform"),
        ),
    ],
)
def test_scam_signs_are_recognised_as_people_type_them(text: str, reasons: tuple[str, ...]) -> None:
    assert fraud_reasons_find(text) == reasons


@pytest.mark.parametrize(
    "text",
    [
        "Parça 2015 model, 120000 km",
        "Referans A 203 423 06 12",
        "Parça no 5Q0 615 301 H",
        "Ön tampon var mı? Sol ön far da lazım",
        "Bir iki gün içinde kargolarım",
        "5 adet, fiyatı 1.250 TL",
        "Ford Focus 1.6 TDCi, yüz elli bin km",
        "Yarın saat 10'da gelebilirim, onları görmek isterim",
        "Tamam.Teşekkürler",
        "0.5 lt yağ aldım",
    ],
)
def test_ordinary_part_talk_raises_no_flag(text: str) -> None:
    assert fraud_reasons_find(text) == ()


def test_links_to_this_site_are_not_flagged(settings: Settings) -> None:
    settings.SITE_URL = "https://banayeni.com.tr"
    assert fraud_reasons_find("Şuna da bakın: https://banayeni.com.tr/parca/golf-4-far/") == ()
    assert fraud_reasons_find("www.banayeni.com.tr/parca/golf-4-far/") == ()
    assert fraud_reasons_find("https://banayeni.com.tr.kargo-odeme.xyz/ode") == ("link",)


def test_warning_is_turkish_text_per_reason_and_staff_read_words() -> None:
    warning = fraud_warning("phone,iban")
    assert warning is not None
    assert warning["reasons"] == ["iban", "phone"]
    assert "IBAN" in warning["message"]
    assert "telefon numarası" in warning["message"]
    assert fraud_warning("") is None
    assert fraud_reasons_display("phone,iban") == "IBAN, telefon numarası"
    assert fraud_reasons_display("payment,link,off_platform") == (
        "kapora / ön ödeme, site dışı bağlantı, site dışına yönlendirme"
    )


@pytest.mark.parametrize(
    "text",
    ["a." * 1000, "a-" * 1000, "a.-" * 666, "1 " * 1000, "beş " * 500, "tr" + "1 " * 999],
)
def test_a_hostile_2000_characters_is_checked_in_milliseconds(text: str) -> None:
    """It runs on every send: no pattern may backtrack its way to quadratic time."""
    started = time.perf_counter()
    fraud_reasons_find(text)
    assert time.perf_counter() - started < 0.05
