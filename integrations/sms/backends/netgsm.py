"""Netgsm (Turkish SMS provider) over its REST v2 API.

POST {NETGSM_API_BASE_URL}/sms/rest/v2/send with HTTP Basic auth (usercode:password) and JSON
`{"msgheader": <approved sender name>, "encoding": "TR", "iysfilter": "0",
  "messages": [{"msg": <text>, "no": <10-digit national number>}]}`.
Netgsm answers `{"code": "00", "description": "queued", "jobid": "..."}`; other codes are errors:
20 bad text or too long, 30 bad credentials or no API access, 40 unknown sender name,
50/51 İYS (commercial message registry) problems, 70 bad parameters, 80 sending limit,
85 duplicate limit, 100/101 system error.

"Bağlantıyı test et" sends nothing. It asks for the account's credit balance:
POST {NETGSM_API_BASE_URL}/balance with JSON `{"usercode", "password", "stip": 2}` (this endpoint
takes the same credentials in the body, not as Basic auth). Netgsm answers
`{"code": "00", "balance": "57,860"}`; otherwise `{"code": ..., "description": ...}` (HTTP 406):
30 bad credentials or no API access (IP restriction), 60 no balance record on the account,
70 bad parameters. Then it asks for the account's approved sender names:
GET {NETGSM_API_BASE_URL}/sms/rest/v2/msgheader with Basic auth, answered with
`{"code": "00", "msgheaders": ["BANAYENI", ...]}` (30 bad credentials, 70 bad parameters,
100/101 system error), and the configured msgheader must be one of them: an unapproved one is
refused at every send with code 40.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext

from integrations.errors import DeliveryErrorKind, error_kind_for_http_status
from integrations.sms.base import SmsBackend, SmsMessage, SmsResult

_Kind = DeliveryErrorKind
# Netgsm's documented return codes of the send API.
ERROR_KINDS: dict[str, DeliveryErrorKind] = {
    "20": _Kind.CONTENT_REJECTED,  # text problem or longer than the maximum
    "30": _Kind.AUTH_FAILED,  # wrong usercode/password, or no API access (IP restriction)
    "40": _Kind.MISCONFIGURED,  # sender name (msgheader) not defined
    "50": _Kind.MISCONFIGURED,  # the account cannot send İYS-checked messages
    "51": _Kind.MISCONFIGURED,  # no İYS brand code on the account
    "60": _Kind.INSUFFICIENT_BALANCE,  # no (OTP) SMS package on the account
    "70": _Kind.UNKNOWN,  # a parameter is wrong or missing
    "80": _Kind.RATE_LIMITED,  # sending limit exceeded
    "85": _Kind.RATE_LIMITED,  # more than 20 messages to one number within a minute
    "100": _Kind.PROVIDER_UNAVAILABLE,  # system error
    "101": _Kind.PROVIDER_UNAVAILABLE,  # system error
}
# Netgsm's documented return codes of the balance query.
BALANCE_ERROR_KINDS: dict[str, DeliveryErrorKind] = {
    "30": _Kind.AUTH_FAILED,  # wrong usercode/password, or no API access (IP restriction)
    "60": _Kind.INSUFFICIENT_BALANCE,  # no balance (credit or package) on the account
    "70": _Kind.UNKNOWN,  # a parameter is wrong or missing
}
# Netgsm's documented return codes of the sender-name query.
MSGHEADER_ERROR_KINDS: dict[str, DeliveryErrorKind] = {
    "30": _Kind.AUTH_FAILED,
    "70": _Kind.UNKNOWN,
    "100": _Kind.PROVIDER_UNAVAILABLE,
    "101": _Kind.PROVIDER_UNAVAILABLE,
}
# The send API's code for a sender name the account may not use.
UNAPPROVED_SENDER_CODE = "40"
# `stip` of the balance query: 1 packages and campaigns, 2 credit (TL), 3 both.
_BALANCE_CREDIT = 2


def national_number(e164: str) -> str:
    """+905321234567 -> 5321234567 (Netgsm wants Turkish numbers without the country code)."""
    digits = e164.lstrip("+")
    return digits[2:] if digits.startswith("90") and len(digits) == 12 else digits


class NetgsmSmsBackend(SmsBackend):
    name = "netgsm"

    def __init__(self, config: Mapping[str, Any] | None = None) -> None:
        if config is None:
            config = {
                "usercode": settings.NETGSM_USERCODE,
                "password": settings.NETGSM_PASSWORD,
                "msgheader": settings.NETGSM_MSGHEADER,
            }
        self.usercode: str = config.get("usercode", "")
        self.password: str = config.get("password", "")
        self.msgheader: str = config.get("msgheader", "")
        self.base_url: str = settings.NETGSM_API_BASE_URL.rstrip("/")
        self.timeout: float = settings.SMS_TIMEOUT_SECONDS
        if not (self.usercode and self.password and self.msgheader):
            raise ImproperlyConfigured(
                "The Netgsm backend needs NETGSM_USERCODE, NETGSM_PASSWORD and NETGSM_MSGHEADER."
            )

    def check(self) -> SmsResult:
        """The credentials through the balance query, then the sender name among the approved."""
        balance = self._query(
            "POST",
            "/balance",
            BALANCE_ERROR_KINDS,
            json={"usercode": self.usercode, "password": self.password, "stip": _BALANCE_CREDIT},
        )
        if isinstance(balance, SmsResult):
            return balance
        payload = self._query(
            "GET",
            "/sms/rest/v2/msgheader",
            MSGHEADER_ERROR_KINDS,
            auth=(self.usercode, self.password),
        )
        if isinstance(payload, SmsResult):
            return payload
        approved = payload.get("msgheaders") or payload.get("msgheader") or []
        if not isinstance(approved, list):
            approved = []
        if self.msgheader not in approved:
            return SmsResult(
                ok=False,
                provider=self.name,
                status="200",
                error_code=UNAPPROVED_SENDER_CODE,
                error_message=gettext(
                    "The sender name %(name)s is not approved on this account "
                    "(approved: %(approved)s)."
                )
                % {"name": self.msgheader, "approved": ", ".join(map(str, approved)) or "—"},
                error_kind=_Kind.MISCONFIGURED,
            )
        return SmsResult(
            ok=True,
            provider=self.name,
            status=f"balance {balance.get('balance', '')}, sender {self.msgheader}",
        )

    def send(self, message: SmsMessage) -> SmsResult:
        body = {
            "msgheader": self.msgheader,
            "encoding": "TR",
            "iysfilter": "0",  # transactional (bilgilendirme): not filtered by İYS
            "messages": [{"msg": message.body, "no": national_number(message.to)}],
        }
        payload = self._query(
            "POST",
            "/sms/rest/v2/send",
            ERROR_KINDS,
            json=body,
            auth=(self.usercode, self.password),
        )
        if isinstance(payload, SmsResult):
            return payload
        return SmsResult(
            ok=True, provider=self.name, message_id=str(payload.get("jobid", "")), status="queued"
        )

    def _query(
        self, method: str, path: str, kinds: Mapping[str, DeliveryErrorKind], **options: Any
    ) -> dict[str, Any] | SmsResult:
        """One call to Netgsm: its JSON answer (code "00"), or the failed result to return."""
        try:
            response = requests.request(
                method,
                f"{self.base_url}{path}",
                timeout=self.timeout,
                allow_redirects=False,
                **options,
            )
        except requests.RequestException as error:
            return SmsResult.unreachable(self.name, error)
        payload = _json(response)
        if not _succeeded(response, payload):
            return self._failure(response, payload, kinds)
        return payload

    def _failure(
        self,
        response: requests.Response,
        payload: dict[str, Any],
        kinds: Mapping[str, DeliveryErrorKind],
    ) -> SmsResult:
        """A refused request: Netgsm's code and description, and the kind that code documents."""
        code = str(payload.get("code", ""))
        return SmsResult(
            ok=False,
            provider=self.name,
            status=str(response.status_code),
            error_code=code or str(response.status_code),
            error_message=str(payload.get("description") or response.text)[:200],
            error_kind=kinds.get(code) or error_kind_for_http_status(response.status_code),
        )


def _succeeded(response: requests.Response, payload: dict[str, Any]) -> bool:
    return response.status_code == 200 and str(payload.get("code", "")) == "00"


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}
