"""Tests for marketplace.money: Turkish lira formatting and parsing with Decimal."""

from __future__ import annotations

from decimal import Decimal

import pytest

from marketplace.money import format_try, parse_try


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1250"), "1.250,00 ₺"),
        (1250, "1.250,00 ₺"),
        ("1250", "1.250,00 ₺"),
        ("1250.5", "1.250,50 ₺"),
        (Decimal("1250.50"), "1.250,50 ₺"),
        (0, "0,00 ₺"),
        (Decimal("0.5"), "0,50 ₺"),
        (Decimal("0.005"), "0,01 ₺"),
        (Decimal("0.004"), "0,00 ₺"),
        (Decimal("999.995"), "1.000,00 ₺"),
        (Decimal("999"), "999,00 ₺"),
        (Decimal("1000"), "1.000,00 ₺"),
        (Decimal("1234567.89"), "1.234.567,89 ₺"),
        (1_000_000_000, "1.000.000.000,00 ₺"),
        (-1250, "-1.250,00 ₺"),
        (Decimal("-0.5"), "-0,50 ₺"),
        (Decimal("-1234.565"), "-1.234,57 ₺"),
        (Decimal("-0.001"), "0,00 ₺"),
        (Decimal("1E+3"), "1.000,00 ₺"),
        (" 12.3 ", "12,30 ₺"),
    ],
)
def test_format_try_with_decimals(amount: Decimal | int | str, expected: str) -> None:
    assert format_try(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1250, "1.250 ₺"),
        (Decimal("1250.49"), "1.250 ₺"),
        (Decimal("1250.5"), "1.251 ₺"),
        (Decimal("1249.5"), "1.250 ₺"),
        (Decimal("0.5"), "1 ₺"),
        (Decimal("0.49"), "0 ₺"),
        (Decimal("2.5"), "3 ₺"),  # half-up, not banker's rounding
        (Decimal("-2.5"), "-3 ₺"),
        (Decimal("-0.4"), "0 ₺"),
        (Decimal("999.5"), "1.000 ₺"),
        ("1234567.5", "1.234.568 ₺"),
        (0, "0 ₺"),
    ],
)
def test_format_try_without_decimals(amount: Decimal | int | str, expected: str) -> None:
    assert format_try(amount, decimals=False) == expected


def test_format_try_uses_plain_space_and_lira_sign() -> None:
    text = format_try(5)
    assert text.endswith(" ₺")
    assert "\u00a0" not in text
    assert text[-2] == " "


@pytest.mark.parametrize("amount", ["abc", "", "1,250", "1.250,00", "NaN", "Infinity", "-inf"])
def test_format_try_rejects_bad_values(amount: str) -> None:
    with pytest.raises(ValueError, match="amount"):
        format_try(amount)


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_format_try_rejects_non_finite_decimals(amount: Decimal) -> None:
    with pytest.raises(ValueError, match="finite"):
        format_try(amount)


def test_format_try_rejects_bool_and_float() -> None:
    with pytest.raises(TypeError):
        format_try(True)
    with pytest.raises(TypeError):
        format_try(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.250,50", Decimal("1250.50")),
        ("1250.50", Decimal("1250.50")),
        ("1250,5", Decimal("1250.50")),
        ("1250", Decimal("1250.00")),
        ("1.250 ₺", Decimal("1250.00")),
        ("₺1.250,00", Decimal("1250.00")),
        ("₺ 1.250,00", Decimal("1250.00")),
        ("1.250", Decimal("1250.00")),
        ("12.500.000", Decimal("12500000.00")),
        ("12.500.000,75", Decimal("12500000.75")),
        ("1,250.50", Decimal("1250.50")),
        ("1,250,000.5", Decimal("1250000.50")),
        ("1.25", Decimal("1.25")),
        ("1.2", Decimal("1.20")),
        ("12.50", Decimal("12.50")),
        ("1250.5", Decimal("1250.50")),
        ("0,99", Decimal("0.99")),
        ("1,25", Decimal("1.25")),  # a lone comma is always the decimal separator
        ("1250,50", Decimal("1250.50")),
        ("0.99", Decimal("0.99")),
        ("0", Decimal("0.00")),
        ("007", Decimal("7.00")),
        ("  1250  ", Decimal("1250.00")),
        ("1 250,00", Decimal("1250.00")),
        ("1\u00a0250,00 ₺", Decimal("1250.00")),
        ("1.250,00 TL", Decimal("1250.00")),
        ("1.250,00TL", Decimal("1250.00")),
        ("1250 try", Decimal("1250.00")),
        ("TL 99", Decimal("99.00")),
        ("-1.250,50", Decimal("-1250.50")),
        ("-₺1.250", Decimal("-1250.00")),
        ("- 5 TL", Decimal("-5.00")),
        ("+5", Decimal("5.00")),
        ("-0", Decimal("0.00")),
    ],
)
def test_parse_try(value: str, expected: Decimal) -> None:
    result = parse_try(value)
    assert result == expected
    assert result.as_tuple().exponent == -2
    assert result.is_signed() == (expected < 0)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "₺",
        "TL",
        "abc",
        "12a",
        "1e5",
        "NaN",
        "Infinity",
        ",",
        ".",
        ",50",
        ".50",
        "1250,",
        "1250.",
        "1.250.",
        "1,2,3",
        "1.25.0",
        "1.2345.678",
        "1.250,555",  # more than two decimals
        "1,250",  # lone comma = decimal, but three decimals: ambiguous, refuse rather than guess
        "1250.500",  # not a valid grouping, and three decimals
        "0.500",
        "12.34,56",  # malformed thousands grouping
        "1,250.50,3",
        "1.250,50.3",
        "--5",
        "5-",
        "+-5",
        "1 2 3 x",
        "5 TLX",
        "٣",
        "$100",
        "1" * 40,
    ],
)
def test_parse_try_rejects_garbage(value: str) -> None:
    with pytest.raises(ValueError, match="amount"):
        parse_try(value)


@pytest.mark.parametrize(
    "amount",
    [Decimal("0"), Decimal("0.01"), Decimal("1250"), Decimal("1250.5"), Decimal("1234567.89")],
)
def test_format_then_parse_round_trip(amount: Decimal) -> None:
    assert parse_try(format_try(amount)) == amount.quantize(Decimal("0.01"))
    assert parse_try(format_try(-amount)) == (-amount).quantize(Decimal("0.01"))


def test_parse_try_returns_decimal_not_float() -> None:
    assert type(parse_try("1.250,50")) is Decimal
