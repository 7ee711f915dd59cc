"""Tests for marketplace.phone: Turkish phone number normalisation and display."""

from __future__ import annotations

import pytest

from marketplace.phone import InvalidPhoneError, format_phone_display, normalize_phone


@pytest.mark.parametrize(
    "value",
    [
        "0532 123 45 67",
        "05321234567",
        "+90 532 1234567",
        "+90 532 123 45 67",
        "+905321234567",
        "5321234567",
        "532 123 45 67",
        "905321234567",
        "90 532 123 45 67",
        "0090 532 123 45 67",
        "00905321234567",
        "(0532) 123-45-67",
        "0 (532) 123 45 67",
        "0532-123-45-67",
        "0532.123.45.67",
        "  0532 123 45 67  ",
        "+90 (532) 123 45 67",
    ],
)
def test_normalize_phone_accepts_common_mobile_spellings(value: str) -> None:
    assert normalize_phone(value) == "+905321234567"
    assert normalize_phone(value, mobile_only=True) == "+905321234567"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0505 987 65 43", "+905059876543"),
        ("0544 000 11 22", "+905440001122"),
        ("0555 555 55 55", "+905555555555"),
    ],
)
def test_normalize_phone_other_operators(value: str, expected: str) -> None:
    assert normalize_phone(value, mobile_only=True) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0212 123 45 67", "+902121234567"),
        ("(0216) 555 12 34", "+902165551234"),
        ("0312 123 45 67", "+903121234567"),
        ("+90 232 123 45 67", "+902321234567"),
    ],
)
def test_normalize_phone_accepts_landlines_unless_mobile_only(value: str, expected: str) -> None:
    assert normalize_phone(value) == expected
    with pytest.raises(InvalidPhoneError):
        normalize_phone(value, mobile_only=True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("+44 7911 123456", "+447911123456"),
        ("+49 1512 3456789", "+4915123456789"),
    ],
)
def test_normalize_phone_accepts_foreign_numbers_with_country_code(
    value: str, expected: str
) -> None:
    assert normalize_phone(value) == expected
    assert normalize_phone(value, mobile_only=True) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "abc",
        "0532 ABC 45 67",  # phonenumbers alone would read letters as keypad digits
        "0532 123 45 6a",
        "0532 123 45 67 ext 12",
        "12345",
        "0532",
        "532123456",  # one digit short
        "053212345678",  # one digit too many
        "+90 532 123 45 67 89",
        "0000000000",
        "+",
        "++905321234567",
        "0532#1234567",
        "0532*123*45*67",
        "+90 000 000 00 00",
        "1" * 60,
    ],
)
def test_normalize_phone_rejects_invalid(value: str) -> None:
    with pytest.raises(InvalidPhoneError):
        normalize_phone(value)


def test_invalid_phone_error_is_a_value_error_with_code() -> None:
    with pytest.raises(InvalidPhoneError) as excinfo:
        normalize_phone("not a phone")
    assert isinstance(excinfo.value, ValueError)
    assert excinfo.value.code == "invalid_phone"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("+905321234567", "+90 532 123 45 67"),
        ("+902121234567", "+90 212 123 45 67"),
        ("+447911123456", "+44 7911 123456"),
        ("+16502530000", "+1 650-253-0000"),
    ],
)
def test_format_phone_display(value: str, expected: str) -> None:
    assert format_phone_display(value) == expected


@pytest.mark.parametrize("value", ["0532 123 45 67", "(0532) 123-45-67", "905321234567"])
def test_normalize_then_display_round_trip(value: str) -> None:
    e164 = normalize_phone(value)
    assert format_phone_display(e164) == "+90 532 123 45 67"
    assert normalize_phone(format_phone_display(e164)) == e164


@pytest.mark.parametrize("value", ["", "garbage", "+"])
def test_format_phone_display_returns_unparseable_values_unchanged(value: str) -> None:
    assert format_phone_display(value) == value
