"""Twilio Programmable Messaging over its REST API (the documented wire format, no SDK).

POST {TWILIO_API_BASE_URL}/2010-04-01/Accounts/{AccountSid}/Messages.json with HTTP Basic auth
(AccountSid:AuthToken) and a form-encoded body: To, Body and From (or MessagingServiceSid).
Twilio answers 201 with the message resource (`sid`, `status`, …) or an error object
`{code, message, more_info, status}`. The base URL is a setting so tests can point it at a
local server that checks exactly this.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from integrations.errors import DeliveryErrorKind, error_kind_for_http_status
from integrations.sms.base import SmsBackend, SmsMessage, SmsResult

# Statuses a freshly created message can already have when Twilio refused to deliver it.
_FAILED_STATUSES = frozenset({"failed", "undelivered", "canceled"})

_Kind = DeliveryErrorKind
# Twilio's documented error codes (twilio.com/docs/api/errors), SMS and WhatsApp.
ERROR_KINDS: dict[str, DeliveryErrorKind] = {
    "20003": _Kind.AUTH_FAILED,  # authentication failed
    "20005": _Kind.AUTH_FAILED,  # account not active
    "20008": _Kind.AUTH_FAILED,  # test credentials not allowed
    "20404": _Kind.MISCONFIGURED,  # resource (account) not found
    "20429": _Kind.RATE_LIMITED,  # too many requests
    "14107": _Kind.RATE_LIMITED,  # SMS send rate limit exceeded
    "63018": _Kind.RATE_LIMITED,  # WhatsApp rate limit exceeded
    "20500": _Kind.PROVIDER_UNAVAILABLE,  # internal server error
    "20503": _Kind.PROVIDER_UNAVAILABLE,  # service unavailable
    "21211": _Kind.INVALID_RECIPIENT,  # invalid 'To' phone number
    "21214": _Kind.INVALID_RECIPIENT,  # 'To' number cannot be reached
    "21217": _Kind.INVALID_RECIPIENT,  # phone number does not appear to be valid
    "21401": _Kind.INVALID_RECIPIENT,  # invalid phone number
    "21612": _Kind.INVALID_RECIPIENT,  # 'To' number is not currently reachable via SMS
    "21614": _Kind.INVALID_RECIPIENT,  # 'To' number is not a valid mobile number
    "30003": _Kind.INVALID_RECIPIENT,  # unreachable destination handset
    "30005": _Kind.INVALID_RECIPIENT,  # unknown destination handset
    "30006": _Kind.INVALID_RECIPIENT,  # landline or unreachable carrier
    "63024": _Kind.INVALID_RECIPIENT,  # invalid WhatsApp recipient
    "21610": _Kind.RECIPIENT_OPTED_OUT,  # the recipient replied STOP
    "63032": _Kind.RECIPIENT_OPTED_OUT,  # WhatsApp user opted out of marketing messages
    "21617": _Kind.CONTENT_REJECTED,  # body exceeds the 1600-character limit
    "30007": _Kind.CONTENT_REJECTED,  # message filtered by the carrier
    "63016": _Kind.CONTENT_REJECTED,  # free-form WhatsApp text outside the 24-hour window
    "21212": _Kind.MISCONFIGURED,  # invalid 'From' number
    "21408": _Kind.MISCONFIGURED,  # permission to send to this region not enabled
    "21606": _Kind.MISCONFIGURED,  # 'From' number is not a valid message-capable number
    "21659": _Kind.MISCONFIGURED,  # 'From' is not a Twilio number
    "63007": _Kind.MISCONFIGURED,  # WhatsApp sender (channel) not found
    "30034": _Kind.MISCONFIGURED,  # sender not registered (A2P 10DLC)
    "20402": _Kind.INSUFFICIENT_BALANCE,  # payment required
    "30001": _Kind.RATE_LIMITED,  # queue overflow
    "30008": _Kind.UNKNOWN,  # unknown error
}


def twilio_error_kind(code: str, http_status: int) -> DeliveryErrorKind:
    return ERROR_KINDS.get(code) or error_kind_for_http_status(http_status)


class TwilioSmsBackend(SmsBackend):
    name = "twilio"
    can_find_sent = True

    def __init__(self, config: Mapping[str, Any] | None = None) -> None:
        """`config` comes from an Integration Center connection; without one, from settings."""
        if config is None:
            config = {
                "account_sid": settings.TWILIO_ACCOUNT_SID,
                "auth_token": settings.TWILIO_AUTH_TOKEN,
                "from_number": settings.TWILIO_FROM_NUMBER,
                "messaging_service_sid": settings.TWILIO_MESSAGING_SERVICE_SID,
            }
        self.account_sid: str = config.get("account_sid", "")
        self.auth_token: str = config.get("auth_token", "")
        self.from_number: str = config.get("from_number", "")
        self.messaging_service_sid: str = config.get("messaging_service_sid", "")
        self.base_url: str = settings.TWILIO_API_BASE_URL.rstrip("/")
        self.timeout: float = settings.TWILIO_TIMEOUT_SECONDS
        if not (self.account_sid and self.auth_token):
            raise ImproperlyConfigured(
                "The Twilio SMS backend needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN."
            )
        if not (self.from_number or self.messaging_service_sid):
            raise ImproperlyConfigured(
                "The Twilio SMS backend needs TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID."
            )

    @property
    def messages_url(self) -> str:
        return (
            f"{self.base_url}/2010-04-01/Accounts/{quote(self.account_sid, safe='')}/Messages.json"
        )

    def find_sent(self, message: SmsMessage, *, since: datetime) -> SmsResult | None:
        """GET …/Messages.json?To=…&DateSent>=… and match the body: a message Twilio accepted
        from a worker that died before recording it. Errors answer None (send again)."""
        try:
            response = requests.get(
                self.messages_url,
                params={
                    "To": message.to,
                    "DateSent>": since.astimezone(UTC).date().isoformat(),
                    "PageSize": "50",
                },
                auth=(self.account_sid, self.auth_token),
                headers={"Accept": "application/json"},
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException:
            return None
        if response.status_code != 200:
            return None
        for item in _json(response).get("messages") or []:
            try:
                created = parsedate_to_datetime(str(item.get("date_created", "")))
            except (TypeError, ValueError):
                continue
            if (
                item.get("body") == message.body
                and created >= since - timedelta(minutes=1)
                and str(item.get("status", "")) not in _FAILED_STATUSES
            ):
                return SmsResult(
                    ok=True,
                    provider=self.name,
                    message_id=str(item.get("sid", "")),
                    status="reconciled",
                )
        return None

    def check(self) -> SmsResult:
        """GET /2010-04-01/Accounts/{AccountSid}.json: 200 when the credentials are right."""
        url = f"{self.base_url}/2010-04-01/Accounts/{quote(self.account_sid, safe='')}.json"
        try:
            response = requests.get(
                url,
                auth=(self.account_sid, self.auth_token),
                headers={"Accept": "application/json"},
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as error:
            return SmsResult.unreachable(self.name, error)
        payload = _json(response)
        if response.status_code == 200:
            return SmsResult(ok=True, provider=self.name, status=str(payload.get("status", "")))
        code = str(payload.get("code") or response.status_code)
        return SmsResult(
            ok=False,
            provider=self.name,
            status=str(response.status_code),
            error_code=code,
            error_message=str(payload.get("message") or "")[:200],
            error_kind=twilio_error_kind(code, response.status_code),
        )

    def send(self, message: SmsMessage) -> SmsResult:
        form = {"To": message.to, "Body": message.body}
        if self.messaging_service_sid:
            form["MessagingServiceSid"] = self.messaging_service_sid
        else:
            form["From"] = self.from_number
        return self.post_message(form)

    def post_message(self, form: dict[str, str]) -> SmsResult:
        """POST …/Messages.json with the given fields (SMS or WhatsApp) and read Twilio's answer."""
        if settings.TWILIO_STATUS_CALLBACKS:
            # Delivery receipts come back signed to /api/webhooks/twilio/status.
            form["StatusCallback"] = settings.SITE_URL + reverse("webhooks:twilio-status")
        try:
            response = requests.post(
                self.messages_url,
                data=form,
                auth=(self.account_sid, self.auth_token),
                headers={"Accept": "application/json"},
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as error:
            return SmsResult.unreachable(self.name, error)
        payload = _json(response)
        if 200 <= response.status_code < 300:
            status = str(payload.get("status", ""))
            failed = status in _FAILED_STATUSES
            error_code = str(payload.get("error_code") or "")
            return SmsResult(
                ok=not failed,
                provider=self.name,
                message_id=str(payload.get("sid", "")),
                status=status,
                error_code=error_code,
                error_message=str(payload.get("error_message") or ""),
                error_kind=ERROR_KINDS.get(error_code, DeliveryErrorKind.UNKNOWN) if failed else "",
            )
        code = str(payload.get("code") or response.status_code)
        return SmsResult(
            ok=False,
            provider=self.name,
            status=str(response.status_code),
            error_code=code,
            error_message=str(payload.get("message") or response.text[:200]),
            error_kind=twilio_error_kind(code, response.status_code),
        )


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}
