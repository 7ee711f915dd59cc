"""iyzico's HMAC-SHA256 rules in one place: the IYZWSv2 request authorization, the `signature`
of a response, and how amounts are written in requests and in signatures.

Sources: iyzipay 1.0.46 `IyzipayResource.generate_v2_hash` (authorization); docs.iyzico.com
"Response Signature Validation" (field orders per endpoint, ':' separator, "trailing zero" rule).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from payments.iyzico.errors import IyzicoRequestError

# Field orders of the `signature` iyzico puts in a response (docs: Response Signature Validation).
CHECKOUT_FORM_INITIALIZE_SIGNED_FIELDS = ("conversationId", "token")
CHECKOUT_FORM_RETRIEVE_SIGNED_FIELDS = (
    "paymentStatus",
    "paymentId",
    "currency",
    "basketId",
    "conversationId",
    "paidPrice",
    "price",
    "token",
)
REFUND_SIGNED_FIELDS = ("paymentId", "price", "currency", "conversationId")
PAYMENT_SIGNED_FIELDS = (
    "paymentId",
    "currency",
    "basketId",
    "conversationId",
    "paidPrice",
    "price",
)
_PRICE_FIELDS = frozenset({"price", "paidPrice"})

_KURUS = Decimal("0.01")


def hmac_sha256_hex(*, secret_key: str, message: str) -> str:
    return hmac.new(secret_key.encode(), message.encode(), hashlib.sha256).hexdigest()


def authorization_header(
    *, api_key: str, secret_key: str, random_key: str, uri_path: str, body: str
) -> str:
    """`IYZWSv2 ` + base64("apiKey:<key>&randomKey:<rnd>&signature:<hex HMAC(secret, rnd +
    path + body)>"), the path without its query string, exactly as iyzipay 1.0.46 builds it."""
    signature = hmac_sha256_hex(
        secret_key=secret_key, message=random_key + uri_path.split("?")[0] + body
    )
    pairs = f"apiKey:{api_key}&randomKey:{random_key}&signature:{signature}"
    return "IYZWSv2 " + base64.b64encode(pairs.encode()).decode()


def amount_request_format(amount: Decimal) -> str:
    """A request amount: kuruş precision, trailing zeros dropped but one decimal kept
    (Decimal("100") -> "100.0", Decimal("12.50") -> "12.5", Decimal("0.35") -> "0.35").

    Rounding: none. Money in the marketplace is already in kuruş; an amount with finer precision
    is a bug upstream, so it raises IyzicoRequestError (a ValueError) rather than being rounded
    on its way to the bank.
    """
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise IyzicoRequestError(f"Not a finite Decimal amount: {amount!r}")
    if amount < 0:
        raise IyzicoRequestError(f"Negative amount: {amount}")
    if amount != amount.quantize(_KURUS):
        raise IyzicoRequestError(f"Amount finer than a kuruş: {amount}")
    text = format(amount.quantize(_KURUS), "f").rstrip("0")
    return text + "0" if text.endswith(".") else text


def amount_signature_format(value: object) -> str:
    """An amount as it enters a response signature: iyzico's "trailing zero" rule, 10.50 -> 10.5,
    10.0 -> 10, 10 -> 10 (docs: Response Signature Validation, "Trailing Zero")."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def response_signature(*, secret_key: str, body: dict[str, object], fields: Sequence[str]) -> str:
    """The `signature` iyzico computes over `fields` of a response body, joined by ':'."""
    parts = []
    for field in fields:
        value = body.get(field)
        if value is None:
            parts.append("")
        elif field in _PRICE_FIELDS:
            parts.append(amount_signature_format(value))
        else:
            parts.append(str(value))
    return hmac_sha256_hex(secret_key=secret_key, message=":".join(parts))


def response_signature_valid(
    *, secret_key: str, body: dict[str, object], fields: Sequence[str]
) -> bool:
    received = body.get("signature")
    if not isinstance(received, str) or not received:
        return False
    expected = response_signature(secret_key=secret_key, body=body, fields=fields)
    return hmac.compare_digest(expected, received.lower())
