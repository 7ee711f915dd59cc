"""Inbound provider webhooks. Each checks the provider's signature before anything changes.

- Twilio (SMS and WhatsApp): status callbacks and inbound messages, signed with
  `X-Twilio-Signature` (HMAC-SHA1 of the public URL and the sorted form fields, by the auth token).
- Meta WhatsApp Cloud API: the subscription handshake (`hub.verify_token`), then events signed
  with `X-Hub-Signature-256` (HMAC-SHA256 of the raw body, by the app secret).

The secrets are those of the provider's Integration Center connection, else the environment's
(`integrations.selectors.webhook_secrets_for`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from twilio.request_validator import RequestValidator

from integrations.models import Channel
from integrations.selectors import WebhookSecret, webhook_secrets_for
from integrations.webhooks import (
    delivery_status_apply,
    is_opt_out,
    opt_out_by_phone,
    webhook_first_time,
)

logger = logging.getLogger(__name__)


def _twilio_signature_valid(request: HttpRequest) -> bool:
    """Signed with the auth token of the account named in the request (AccountSid), as saved in
    the Integration Center or, without a connection, in the environment."""
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    # Twilio signs the public URL it called; behind a proxy that is SITE_URL + the path.
    url = settings.SITE_URL + request.get_full_path()
    params = {key: request.POST.get(key, "") for key in request.POST}
    tokens = webhook_secrets_for(
        WebhookSecret.TWILIO_SIGNATURE, account=request.POST.get("AccountSid", "")
    )
    return any(RequestValidator(token).validate(url, params, signature) for token in tokens)


def _twilio_provider(request: HttpRequest) -> tuple[str, Channel]:
    address = request.POST.get("To", "") + request.POST.get("From", "")
    if "whatsapp:" in address:
        return "whatsapp-twilio", Channel.WHATSAPP
    return "sms-twilio", Channel.SMS


@csrf_exempt
@require_POST
def twilio_status_callback(request: HttpRequest) -> HttpResponse:
    if not _twilio_signature_valid(request):
        return HttpResponseForbidden()
    provider, _channel = _twilio_provider(request)
    delivery_status_apply(
        provider=provider,
        provider_message_id=request.POST.get("MessageSid", ""),
        status=request.POST.get("MessageStatus", ""),
        error_code=request.POST.get("ErrorCode", ""),
    )
    return HttpResponse(status=204)


def _twiml(message: str = "") -> HttpResponse:
    body = f"<Message>{escape(message)}</Message>" if message else ""
    xml = f'<?xml version="1.0" encoding="UTF-8"?><Response>{body}</Response>'
    return HttpResponse(xml, content_type="text/xml; charset=utf-8")


@csrf_exempt
@require_POST
def twilio_inbound_message(request: HttpRequest) -> HttpResponse:
    if not _twilio_signature_valid(request):
        return HttpResponseForbidden()
    _provider, channel = _twilio_provider(request)
    sid = request.POST.get("MessageSid", "")
    if not sid or not webhook_first_time(provider="twilio-inbound", event_key=sid):
        return _twiml()
    if is_opt_out(request.POST.get("Body", "")):
        sender = request.POST.get("From", "").removeprefix("whatsapp:")
        opt_out_by_phone(phone=sender, channel=channel)
        return _twiml(_("Your notifications are stopped. BanaYeni SanaEski"))
    return _twiml()


def _meta_signature_valid(request: HttpRequest) -> bool:
    """Signed with the app secret saved in the Integration Center or, without one, the
    environment's."""
    header = request.headers.get("X-Hub-Signature-256", "")
    if not header.startswith("sha256="):
        return False
    given = header.removeprefix("sha256=")
    return any(
        hmac.compare_digest(
            given, hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
        )
        for secret in webhook_secrets_for(WebhookSecret.META_SIGNATURE)
    )


def _meta_verify(request: HttpRequest) -> HttpResponse:
    given = request.GET.get("hub.verify_token", "")
    if request.GET.get("hub.mode") == "subscribe" and any(
        hmac.compare_digest(given.encode(), token.encode())
        for token in webhook_secrets_for(WebhookSecret.META_SUBSCRIPTION)
    ):
        return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
    return HttpResponseForbidden()


def _meta_values(payload: Any) -> list[dict[str, Any]]:
    if not isinstance(payload, dict) or payload.get("object") != "whatsapp_business_account":
        return []
    values = []
    for entry in payload.get("entry") or []:
        for change in (entry or {}).get("changes") or []:
            value = (change or {}).get("value")
            if isinstance(value, dict):
                values.append(value)
    return values


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_cloud_webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _meta_verify(request)
    if not _meta_signature_valid(request):
        return HttpResponseForbidden()
    try:
        payload = json.loads(request.body)
    except ValueError:
        return HttpResponse(status=400)
    for value in _meta_values(payload):
        for status in value.get("statuses") or []:
            errors = status.get("errors") or [{}]
            delivery_status_apply(
                provider="whatsapp-meta",
                provider_message_id=str(status.get("id", "")),
                status=str(status.get("status", "")),
                error_code=str(errors[0].get("code", "")),
                callback_data=str(status.get("biz_opaque_callback_data", "")),
            )
        for message in value.get("messages") or []:
            message_id = str(message.get("id", ""))
            if not message_id or not webhook_first_time(
                provider="meta-inbound", event_key=message_id
            ):
                continue
            text = (
                (message.get("text") or {}).get("body", "") if message.get("type") == "text" else ""
            )
            if is_opt_out(text):
                opt_out_by_phone(phone="+" + str(message.get("from", "")), channel=Channel.WHATSAPP)
    return HttpResponse("OK", content_type="text/plain")
