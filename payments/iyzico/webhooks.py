"""Verifying iyzico's webhook notifications (X-IYZ-SIGNATURE-V3) and reading them into a typed
event. The lead's view for POST /api/webhooks/iyzico calls webhook_event_verify().

Rule (docs.iyzico.com "Webhook"; iyzipay-php samples/webhook_Signature_Validation.php, whose two
sample signatures payments/tests/test_iyzico_webhooks.py verifies): lowercase hex
HMAC-SHA256(key=secretKey, message=secretKey + fields concatenated with no separator), where
fields are, for checkout-form (HPP) and Pay-with-iyzico events:
    iyziEventType, iyziPaymentId, token, paymentConversationId, status
and for direct (API, 3DS) payments:
    iyziEventType, paymentId, paymentConversationId, status
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from payments.iyzico.errors import IyzicoSignatureError
from payments.iyzico.signing import hmac_sha256_hex
from payments.iyzico.types import IyzicoWebhookEvent

SIGNATURE_HEADER = "X-IYZ-SIGNATURE-V3"
_MAX_BODY_BYTES = 64 * 1024


def _text(payload: Mapping[str, Any], key: str) -> str:
    value = payload.get(key)
    return "" if value is None else str(value)


def webhook_signature(*, secret_key: str, payload: Mapping[str, Any]) -> str:
    """The X-IYZ-SIGNATURE-V3 iyzico sends with `payload` (a checkout-form event carries
    `token`; a direct payment's does not)."""
    if payload.get("token"):
        fields = [
            _text(payload, "iyziEventType"),
            _text(payload, "iyziPaymentId"),
            _text(payload, "token"),
            _text(payload, "paymentConversationId"),
            _text(payload, "status"),
        ]
    else:
        fields = [
            _text(payload, "iyziEventType"),
            _text(payload, "paymentId") or _text(payload, "iyziPaymentId"),
            _text(payload, "paymentConversationId"),
            _text(payload, "status"),
        ]
    return hmac_sha256_hex(secret_key=secret_key, message=secret_key + "".join(fields))


def _header(headers: Mapping[str, str], name: str) -> str:
    """Header lookup ignoring case (also accepts Django's META spelling, HTTP_X_IYZ_...)."""
    wanted = {name.lower(), "http_" + name.lower().replace("-", "_")}
    for key, value in headers.items():
        if key.lower() in wanted:
            return value
    return ""


def webhook_event_verify(
    *, headers: Mapping[str, str], body: bytes, secret_key: str | None = None
) -> IyzicoWebhookEvent:
    """The event in `body` once its X-IYZ-SIGNATURE-V3 matches; IyzicoSignatureError otherwise
    (missing or wrong signature, body not a JSON object, no event type)."""
    secret = settings.IYZICO_SECRET_KEY if secret_key is None else secret_key
    received = _header(headers, SIGNATURE_HEADER).strip().lower()
    if not received:
        raise IyzicoSignatureError(f"webhook without {SIGNATURE_HEADER}")
    if len(body) > _MAX_BODY_BYTES:
        raise IyzicoSignatureError("webhook body too large")
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise IyzicoSignatureError("webhook body is not JSON") from error
    if not isinstance(payload, dict) or not payload.get("iyziEventType"):
        raise IyzicoSignatureError("webhook body is not an iyzico event")
    expected = webhook_signature(secret_key=secret, payload=payload)
    if not hmac.compare_digest(expected, received):
        raise IyzicoSignatureError("webhook signature does not match")
    is_checkout_form = bool(payload.get("token"))
    try:
        event_time_ms = int(payload.get("iyziEventTime") or 0)
    except (TypeError, ValueError):
        event_time_ms = 0
    return IyzicoWebhookEvent(
        kind="checkout_form" if is_checkout_form else "direct",
        event_type=_text(payload, "iyziEventType"),
        payment_id=_text(payload, "iyziPaymentId") or _text(payload, "paymentId"),
        payment_conversation_id=_text(payload, "paymentConversationId"),
        status=_text(payload, "status"),
        token=_text(payload, "token"),
        reference_code=_text(payload, "iyziReferenceCode"),
        event_time_ms=event_time_ms,
        merchant_id=_text(payload, "merchantId"),
    )
