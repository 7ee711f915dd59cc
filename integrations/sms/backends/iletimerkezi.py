"""İleti Merkezi (Turkish SMS provider) over its JSON POST API.

POST {ILETIMERKEZI_API_BASE_URL}/v1/send-sms/json with the body
`{"request": {"authentication": {"key": <API key>, "hash": <HMAC-SHA256(secret, key)>},
  "order": {"sender": <approved sender name>, "sendDateTime": [], "iys": "0",
  "message": {"text": <text>, "receipents": {"number": [<10-digit national number>]}}}}}`
(`receipents` is spelled so by the provider). The answer is
`{"response": {"status": {"code": "200", "message": ...}, "order": {"id": ...}}}`; other codes are
errors: 400 bad request, 401 bad credentials, 402 no balance, 450 unknown sender, 451 duplicate,
452 bad recipients, 453 order too large, 454 empty text, 503 server busy.

"Bağlantıyı test et" asks for the balance instead, sending nothing: POST
{ILETIMERKEZI_API_BASE_URL}/v1/get-balance/json with `{"request": {"authentication": {...}}}`,
answered `{"response": {"status": {"code": "200", ...}, "balance": {"amount": ..., "sms": ...}}}`
(401 for a wrong key or hash).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from integrations.errors import DeliveryErrorKind, error_kind_for_http_status
from integrations.sms.backends.netgsm import national_number
from integrations.sms.base import SmsBackend, SmsMessage, SmsResult

_Kind = DeliveryErrorKind
# İleti Merkezi's documented status codes of the send API.
ERROR_KINDS: dict[str, DeliveryErrorKind] = {
    "400": _Kind.UNKNOWN,  # the request could not be understood
    "401": _Kind.AUTH_FAILED,  # wrong API key or hash
    "402": _Kind.INSUFFICIENT_BALANCE,  # not enough balance
    "450": _Kind.MISCONFIGURED,  # sender name not approved
    "451": _Kind.CONTENT_REJECTED,  # the same order again (duplicate)
    "452": _Kind.INVALID_RECIPIENT,  # no valid recipient number
    "453": _Kind.CONTENT_REJECTED,  # order too large
    "454": _Kind.CONTENT_REJECTED,  # empty message text
    "503": _Kind.PROVIDER_UNAVAILABLE,  # server busy, try later
}


def request_hash(api_key: str, secret: str) -> str:
    return hmac.new(secret.encode(), api_key.encode(), hashlib.sha256).hexdigest()


class IletiMerkeziSmsBackend(SmsBackend):
    name = "iletimerkezi"

    def __init__(self, config: Mapping[str, Any] | None = None) -> None:
        if config is None:
            config = {
                "api_key": settings.ILETIMERKEZI_API_KEY,
                "api_secret": settings.ILETIMERKEZI_API_SECRET,
                "sender": settings.ILETIMERKEZI_SENDER,
            }
        self.api_key: str = config.get("api_key", "")
        self.api_secret: str = config.get("api_secret", "")
        self.sender: str = config.get("sender", "")
        self.base_url: str = settings.ILETIMERKEZI_API_BASE_URL.rstrip("/")
        self.timeout: float = settings.SMS_TIMEOUT_SECONDS
        if not (self.api_key and self.api_secret and self.sender):
            raise ImproperlyConfigured(
                "The İleti Merkezi backend needs ILETIMERKEZI_API_KEY, ILETIMERKEZI_API_SECRET "
                "and ILETIMERKEZI_SENDER."
            )

    def check(self) -> SmsResult:
        """POST /v1/get-balance/json: status 200 (with the balance) when the key and hash are
        right; no message is sent."""
        outcome = self._post("/v1/get-balance/json", {})
        if isinstance(outcome, SmsResult):
            return outcome
        raw_balance = outcome.get("balance")
        balance: dict[str, Any] = raw_balance if isinstance(raw_balance, dict) else {}
        return SmsResult(
            ok=True,
            provider=self.name,
            status=f"balance {balance.get('amount', '')} ({balance.get('sms', '')} SMS)",
        )

    def send(self, message: SmsMessage) -> SmsResult:
        outcome = self._post(
            "/v1/send-sms/json",
            {
                "order": {
                    "sender": self.sender,
                    "sendDateTime": [],
                    "iys": "0",  # transactional messages are not İYS-filtered
                    "message": {
                        "text": message.body,
                        "receipents": {"number": [national_number(message.to)]},
                    },
                },
            },
        )
        if isinstance(outcome, SmsResult):
            return outcome
        raw_order = outcome.get("order")
        order: dict[str, Any] = raw_order if isinstance(raw_order, dict) else {}
        return SmsResult(
            ok=True, provider=self.name, message_id=str(order.get("id", "")), status="queued"
        )

    def _post(self, path: str, fields: dict[str, Any]) -> dict[str, Any] | SmsResult:
        """POSTs `{"request": {"authentication": …, **fields}}` to `path`: the `response` object
        of a status 200 answer, else the failed result."""
        body = {
            "request": {
                "authentication": {
                    "key": self.api_key,
                    "hash": request_hash(self.api_key, self.api_secret),
                },
                **fields,
            }
        }
        try:
            response = requests.post(
                f"{self.base_url}{path}",
                json=body,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as error:
            return SmsResult.unreachable(self.name, error)
        try:
            answer = response.json().get("response") or {}
        except (ValueError, AttributeError):
            answer = {}
        if not isinstance(answer, dict):
            answer = {}
        raw_status = answer.get("status")
        status: dict[str, Any] = raw_status if isinstance(raw_status, dict) else {}
        code = str(status.get("code", response.status_code))
        if code == "200":
            return answer
        return SmsResult(
            ok=False,
            provider=self.name,
            status=str(response.status_code),
            error_code=code,
            error_message=str(status.get("message") or response.text[:200]),
            error_kind=ERROR_KINDS.get(code) or error_kind_for_http_status(response.status_code),
        )
