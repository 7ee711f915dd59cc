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
from dataclasses import dataclass
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
from marketplace.text import has_nul

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


def _twilio_form_usable(request: HttpRequest, *required: str) -> bool:
    """Whether a signed Twilio form can be used: the fields named are there, and no field holds
    a NUL (Twilio never sends one; PostgreSQL cannot store one)."""
    if not all(request.POST.get(name) for name in required):
        return False
    return not any(
        has_nul(key) or any(has_nul(value) for value in values)
        for key, values in request.POST.lists()
    )


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
    if not _twilio_form_usable(request, "MessageSid", "MessageStatus"):
        return HttpResponse(status=400)
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
    if not _twilio_form_usable(request):
        return HttpResponse(status=400)
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


@dataclass(frozen=True)
class _MetaStatus:
    message_id: str
    status: str
    error_code: str
    callback_data: str  # biz_opaque_callback_data: ties a status to the attempt that sent it


@dataclass(frozen=True)
class _MetaMessage:
    message_id: str
    sender: str
    text: str


def _meta_text(value: Any) -> str:
    """A string (or number) field of a Meta event; "" for anything else, or text with a NUL."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    text = str(value)
    return "" if has_nul(text) else text


def _meta_list(container: Any, key: str) -> list[dict[str, Any]]:
    items = container.get(key) if isinstance(container, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _meta_events(body: bytes) -> tuple[list[_MetaStatus], list[_MetaMessage]] | None:
    """The delivery statuses and inbound messages of a Meta webhook body; None when the body is
    not JSON. Parts of another shape than Meta documents are skipped (and logged): answering
    non-2xx would only make Meta send the same body again."""
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested past the stack
        return None
    statuses: list[_MetaStatus] = []
    messages: list[_MetaMessage] = []
    if not isinstance(payload, dict) or payload.get("object") != "whatsapp_business_account":
        logger.info("Meta webhook ignored: not a WhatsApp Business Account event")
        return statuses, messages
    for entry in _meta_list(payload, "entry"):
        for change in _meta_list(entry, "changes"):
            value = change.get("value")
            for status in _meta_list(value, "statuses"):
                errors = _meta_list(status, "errors") or [{}]
                statuses.append(
                    _MetaStatus(
                        message_id=_meta_text(status.get("id")),
                        status=_meta_text(status.get("status")),
                        error_code=_meta_text(errors[0].get("code")),
                        callback_data=_meta_text(status.get("biz_opaque_callback_data")),
                    )
                )
            for message in _meta_list(value, "messages"):
                text = message.get("text") if message.get("type") == "text" else None
                messages.append(
                    _MetaMessage(
                        message_id=_meta_text(message.get("id")),
                        sender=_meta_text(message.get("from")),
                        text=_meta_text(text.get("body")) if isinstance(text, dict) else "",
                    )
                )
    if not (statuses or messages):
        logger.info("Meta webhook ignored: no statuses or messages in a readable shape")
    return statuses, messages


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_cloud_webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _meta_verify(request)
    if not _meta_signature_valid(request):
        return HttpResponseForbidden()
    events = _meta_events(request.body)
    if events is None:
        return HttpResponse(status=400)
    statuses, messages = events
    for status in statuses:
        delivery_status_apply(
            provider="whatsapp-meta",
            provider_message_id=status.message_id,
            status=status.status,
            error_code=status.error_code,
            callback_data=status.callback_data,
        )
    for message in messages:
        if not message.message_id or not webhook_first_time(
            provider="meta-inbound", event_key=message.message_id
        ):
            continue
        if is_opt_out(message.text):
            opt_out_by_phone(phone="+" + message.sender, channel=Channel.WHATSAPP)
    return HttpResponse("OK", content_type="text/plain")
