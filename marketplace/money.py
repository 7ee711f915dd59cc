"""Turkish lira formatting ("1.250,00 ₺") and parsing of user-typed amounts, Decimal only."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CURRENCY_SYMBOL = "₺"

_CENTS = Decimal("0.01")
_WHOLE = Decimal("1")
_SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})

# Currency markers stripped by parse_try(); matched case-insensitively.
_CURRENCY_MARKERS = re.compile(r"₺|(?<![A-Za-z])(?:TRY|TL)(?![A-Za-z])", re.IGNORECASE)
_NUMBER = re.compile(r"([+-]?)([0-9.,]+)")
# An integer with thousands separators: "1.250", "12.345.678" (no leading-zero group).
_GROUPED_TEMPLATE = r"[1-9][0-9]{{0,2}}(?:{sep}[0-9]{{3}})+"
_GROUPED_DOT = re.compile(_GROUPED_TEMPLATE.format(sep=r"\."))
_GROUPED_COMMA = re.compile(_GROUPED_TEMPLATE.format(sep=","))
_DIGITS = re.compile(r"[0-9]+")
_MAX_FRACTION_DIGITS = 2


def _to_decimal(amount: Decimal | int | str) -> Decimal:
    if isinstance(amount, bool):
        raise TypeError("format_try() does not accept booleans.")
    if isinstance(amount, Decimal):
        value = amount
    elif isinstance(amount, int):
        value = Decimal(amount)
    elif isinstance(amount, str):
        try:
            value = Decimal(amount.strip())
        except InvalidOperation:
            raise ValueError(f"Not a decimal amount: {amount!r}") from None
    else:
        raise TypeError(f"Unsupported amount type: {type(amount).__name__}")
    if not value.is_finite():
        raise ValueError(f"Not a finite amount: {amount!r}")
    return value


def format_try(amount: Decimal | int | str, *, decimals: bool = True) -> str:
    """Format lira the Turkish way: 1250 -> "1.250,00 ₺"; decimals=False -> "1.250 ₺".

    A str amount is a plain decimal literal ("1250.50"), not user input; use parse_try() for that.
    Rounding is half-up, to kuruş or (decimals=False) to whole lira.
    """
    value = _to_decimal(amount)
    try:
        rounded = value.quantize(_CENTS if decimals else _WHOLE, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"Lira amount out of range: {amount!r}") from None
    sign = "-" if rounded < 0 else ""  # "-0.001" rounds to 0 and must not print "-0,00".
    body = format(abs(rounded), ",.2f" if decimals else ",.0f").translate(_SWAP_SEPARATORS)
    return f"{sign}{body} {CURRENCY_SYMBOL}"


def _split_number(number: str) -> tuple[str, str]:
    """Split a separator-laden number into (integer digits, fraction digits)."""
    has_dot = "." in number
    has_comma = "," in number
    if has_dot and has_comma:
        decimal_sep = "." if number.rfind(".") > number.rfind(",") else ","
        grouped = _GROUPED_COMMA if decimal_sep == "." else _GROUPED_DOT
        integer, _sep, fraction = number.rpartition(decimal_sep)
        if not grouped.fullmatch(integer):
            raise ValueError
        return integer.replace("," if decimal_sep == "." else ".", ""), fraction
    if has_comma:
        integer, _sep, fraction = number.partition(",")
        return integer, fraction
    if has_dot:
        if _GROUPED_DOT.fullmatch(number):
            return number.replace(".", ""), ""
        integer, _sep, fraction = number.partition(".")
        return integer, fraction
    return number, ""


def parse_try(value: str) -> Decimal:
    """Parse a typed lira amount ("1.250,50", "1250.50", "₺1.250") into a 2-place Decimal.

    If both "." and "," occur, the last one is the decimal separator; a lone "," is decimal; a
    lone "." is a thousands separator only when every dot is followed by exactly three digits in
    a well-formed grouping ("1.250", "12.500.000"), otherwise it is decimal. At most two decimals.
    Raises ValueError for anything else.
    """
    text = _CURRENCY_MARKERS.sub("", value)
    text = "".join(text.split())
    match = _NUMBER.fullmatch(text)
    if match is None:
        raise ValueError(f"Not a lira amount: {value!r}")
    sign, number = match.groups()
    # A separator with nothing after it ("1250," / "1.250,") is a typo, not an amount.
    if number.endswith((".", ",")):
        raise ValueError(f"Not a lira amount: {value!r}")
    try:
        integer, fraction = _split_number(number)
    except ValueError:
        raise ValueError(f"Not a lira amount: {value!r}") from None
    if not _DIGITS.fullmatch(integer) or (
        fraction and not (_DIGITS.fullmatch(fraction) and len(fraction) <= _MAX_FRACTION_DIGITS)
    ):
        raise ValueError(f"Not a lira amount: {value!r}")
    try:
        amount = Decimal(f"{sign}{integer}.{fraction or '0'}").quantize(_CENTS)
    except InvalidOperation:
        raise ValueError(f"Lira amount out of range: {value!r}") from None
    return amount if amount != 0 else abs(amount)
