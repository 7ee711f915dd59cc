"""Meta's WhatsApp Cloud API (Graph API), template messages, over its documented HTTP interface.

POST {base}/{version}/{phone-number-id}/messages with `Authorization: Bearer <access token>` and
the JSON body

    {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "905321234567",
     "type": "template", "template": {"name": ..., "language": {"code": "tr"},
     "components": [{"type": "body", "parameters": [{"type": "text", "text": ...}, ...]}]},
     "biz_opaque_callback_data": "attempt:42"}

(`biz_opaque_callback_data`, at most 512 characters, comes back in the message's status
webhooks: the Cloud API has no idempotency key and no way to list sent messages, so this is how a
send whose answer a dead worker never read is recognised.)

Meta answers 200 with `{"messaging_product", "contacts": [{input, wa_id}], "messages": [{"id"}]}`
or an error object `{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from integrations.errors import DeliveryErrorKind, error_kind_for_http_status
from integrations.sms.base import SmsResult
from integrations.whatsapp.base import WhatsAppBackend, WhatsAppMessage

_Kind = DeliveryErrorKind
# Graph API / WhatsApp Cloud API error codes (developers.facebook.com, "Error codes").
ERROR_KINDS: dict[int, DeliveryErrorKind] = {
    0: _Kind.AUTH_FAILED,  # AuthException
    10: _Kind.AUTH_FAILED,  # permission denied
    190: _Kind.AUTH_FAILED,  # access token expired or invalid
    200: _Kind.AUTH_FAILED,  # permission not granted
    131031: _Kind.AUTH_FAILED,  # business account locked
    1: _Kind.PROVIDER_UNAVAILABLE,  # API unknown
    2: _Kind.PROVIDER_UNAVAILABLE,  # API service temporarily unavailable
    131000: _Kind.PROVIDER_UNAVAILABLE,  # something went wrong
    131016: _Kind.PROVIDER_UNAVAILABLE,  # service unavailable
    133004: _Kind.PROVIDER_UNAVAILABLE,  # server temporarily unavailable
    4: _Kind.RATE_LIMITED,  # API too many calls
    80007: _Kind.RATE_LIMITED,  # WhatsApp Business Account rate limit
    130429: _Kind.RATE_LIMITED,  # Cloud API throughput reached
    131048: _Kind.RATE_LIMITED,  # spam rate limit hit
    131056: _Kind.RATE_LIMITED,  # too many messages to the same number (pair rate limit)
    131026: _Kind.INVALID_RECIPIENT,  # undeliverable: not on WhatsApp, old app, terms
    131030: _Kind.INVALID_RECIPIENT,  # recipient not in the test allowed list
    131050: _Kind.RECIPIENT_OPTED_OUT,  # the user stopped marketing messages
    131047: _Kind.CONTENT_REJECTED,  # more than 24 hours since the user last replied
    131049: _Kind.CONTENT_REJECTED,  # not delivered to keep the ecosystem healthy
    131051: _Kind.CONTENT_REJECTED,  # unsupported message type
    132007: _Kind.CONTENT_REJECTED,  # template text violates a policy
    368: _Kind.CONTENT_REJECTED,  # temporarily blocked for policy violations
    132000: _Kind.MISCONFIGURED,  # template parameter count mismatch
    132001: _Kind.MISCONFIGURED,  # template does not exist (name or language)
    132015: _Kind.MISCONFIGURED,  # template paused
    132016: _Kind.MISCONFIGURED,  # template disabled
    133010: _Kind.MISCONFIGURED,  # phone number not registered
    131042: _Kind.INSUFFICIENT_BALANCE,  # business eligibility: payment issue
}


def meta_error_kind(code: object, http_status: int) -> DeliveryErrorKind:
    try:
        known = ERROR_KINDS.get(int(str(code)))
    except ValueError:
        known = None
    return known or error_kind_for_http_status(http_status)


class MetaCloudWhatsAppBackend(WhatsAppBackend):
    name = "meta"

    def __init__(self, config: Mapping[str, Any] | None = None) -> None:
        """`config` comes from an Integration Center connection; without one, from settings."""
        if config is None:
            config = {
                "phone_number_id": settings.WHATSAPP_CLOUD_PHONE_NUMBER_ID,
                "access_token": settings.WHATSAPP_CLOUD_ACCESS_TOKEN,
            }
        self.base_url: str = settings.WHATSAPP_CLOUD_API_BASE_URL.rstrip("/")
        self.version: str = settings.WHATSAPP_CLOUD_API_VERSION
        self.phone_number_id: str = config.get("phone_number_id", "")
        self.access_token: str = config.get("access_token", "")
        self.timeout: float = settings.WHATSAPP_TIMEOUT_SECONDS
        if not (self.phone_number_id and self.access_token):
            raise ImproperlyConfigured(
                "The WhatsApp Cloud API backend needs WHATSAPP_CLOUD_PHONE_NUMBER_ID and "
                "WHATSAPP_CLOUD_ACCESS_TOKEN."
            )

    @property
    def messages_url(self) -> str:
        return f"{self.base_url}/{self.version}/{self.phone_number_id}/messages"

    def payload(self, message: WhatsAppMessage) -> dict[str, Any]:
        template: dict[str, Any] = {
            "name": message.template_name,
            "language": {"code": message.language},
        }
        if message.variables:
            template["components"] = [
                {
                    "type": "body",
                    "parameters": [{"type": "text", "text": value} for value in message.variables],
                }
            ]
        payload: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": message.to.lstrip("+"),
            "type": "template",
            "template": template,
        }
        if message.callback_data:
            payload["biz_opaque_callback_data"] = message.callback_data[:512]
        return payload

    def check(self) -> SmsResult:
        """GET /{version}/{phone-number-id}: 200 with the number's details when the token works."""
        try:
            response = requests.get(
                f"{self.base_url}/{self.version}/{self.phone_number_id}",
                params={"fields": "display_phone_number,verified_name"},
                headers={"Authorization": f"Bearer {self.access_token}"},
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as error:
            return SmsResult.unreachable(self.name, error)
        if response.status_code == 200:
            return SmsResult(ok=True, provider=self.name)
        try:
            raw_error = response.json().get("error")
        except (ValueError, AttributeError):
            raw_error = None
        graph_error: dict[str, Any] = raw_error if isinstance(raw_error, dict) else {}
        return SmsResult(
            ok=False,
            provider=self.name,
            status=str(response.status_code),
            error_code=str(graph_error.get("code") or response.status_code),
            error_message=str(graph_error.get("message") or "")[:200],
            error_kind=meta_error_kind(graph_error.get("code"), response.status_code),
        )

    def send(self, message: WhatsAppMessage) -> SmsResult:
        if not message.template_name:
            return SmsResult(
                ok=False,
                provider=self.name,
                error_code="no_template",
                error_message="Business-initiated WhatsApp messages need an approved template.",
                error_kind=DeliveryErrorKind.MISCONFIGURED,
            )
        try:
            response = requests.post(
                self.messages_url,
                json=self.payload(message),
                headers={"Authorization": f"Bearer {self.access_token}"},
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as error:
            return SmsResult.unreachable(self.name, error)
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        if response.status_code == 200 and body.get("messages"):
            return SmsResult(
                ok=True,
                provider=self.name,
                message_id=str(body["messages"][0].get("id", "")),
                status=str(body["messages"][0].get("message_status", "accepted")),
            )
        raw_error = body.get("error")
        graph_error: dict[str, Any] = raw_error if isinstance(raw_error, dict) else {}
        code = graph_error.get("code")
        return SmsResult(
            ok=False,
            provider=self.name,
            status=str(response.status_code),
            error_code=str(code or response.status_code),
            error_message=str(graph_error.get("message") or response.text[:200]),
            error_kind=meta_error_kind(code, response.status_code),
        )
