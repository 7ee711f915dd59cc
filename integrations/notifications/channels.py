"""One call to the provider behind a channel; failures come back as results, never exceptions."""

from __future__ import annotations

import smtplib
import ssl
import time
from dataclasses import dataclass, replace
from datetime import datetime

from anymail.exceptions import (
    AnymailAPIError,
    AnymailError,
    AnymailInvalidAddress,
    AnymailRecipientsRefused,
)
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils.html import format_html
from django.utils.translation import gettext

from integrations.errors import DeliveryErrorKind, error_kind_for_http_status
from integrations.ga4 import ga4_event_send
from integrations.models import Channel
from integrations.notifications.rendering import Rendered
from integrations.notifications.routing import Route
from integrations.sms import sms_backend_get
from integrations.sms.base import SmsBackend, SmsMessage, SmsResult
from integrations.whatsapp import WhatsAppBackend, WhatsAppMessage, whatsapp_backend_get


@dataclass(frozen=True)
class Delivery:
    result: SmsResult
    latency_ms: int


@dataclass(frozen=True)
class ChannelProvider:
    """The provider serving a channel for one delivery, looked up once (an Integration Center
    connection costs a query and a decryption): its name, as recorded on attempts and used by the
    circuit breaker, and its adapter (SMS and WhatsApp; None for e-mail and GA4)."""

    name: str
    sms: SmsBackend | None = None
    whatsapp: WhatsAppBackend | None = None


def _email_provider_name() -> str:
    return f"email-{settings.EMAIL_BACKEND.rsplit('.', 2)[-2]}"


def channel_provider(channel: str) -> ChannelProvider:
    if channel == Channel.SMS:
        sms = sms_backend_get()
        return ChannelProvider(name=f"sms-{sms.name}", sms=sms)
    if channel == Channel.WHATSAPP:
        whatsapp = whatsapp_backend_get()
        return ChannelProvider(name=f"whatsapp-{whatsapp.name}", whatsapp=whatsapp)
    if channel == Channel.ANALYTICS:
        return ChannelProvider(name="ga4")
    return ChannelProvider(name=_email_provider_name())


def _send_email(route: Route, rendered: Rendered) -> SmsResult:
    provider = _email_provider_name()
    text, html, headers = rendered.text, rendered.html, {}
    if rendered.unsubscribe_url:
        footer = gettext("To stop these e-mails: %(url)s") % {"url": rendered.unsubscribe_url}
        text = f"{text}\n\n--\n{footer}"
        if html:
            link = format_html(
                '<p style="font-size:12px;color:#666"><a href="{}">{}</a></p>',
                rendered.unsubscribe_url,
                gettext("Stop these e-mails"),
            )
            html = f"{html}{link}"
        headers = {
            "List-Unsubscribe": f"<{rendered.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[route.address],
        headers=headers,
        connection=get_connection(),
    )
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (AnymailError, smtplib.SMTPException, OSError) as error:
        return email_error_result(provider, error)
    anymail_status = getattr(message, "anymail_status", None)
    message_id = (
        anymail_status.message_id if anymail_status else None
    ) or message.extra_headers.get("Message-ID", "")
    return SmsResult(ok=True, provider=provider, message_id=str(message_id))


def _smtp_kind(code: int, *, data: bool = False) -> DeliveryErrorKind:
    if 400 <= code < 500:
        return DeliveryErrorKind.PROVIDER_UNAVAILABLE  # temporary: greylisting, busy, full
    return DeliveryErrorKind.CONTENT_REJECTED if data else DeliveryErrorKind.UNKNOWN


def email_error_result(provider: str, error: Exception) -> SmsResult:
    """An SMTP or anymail failure as a result with its normalised kind; the raw code is the SMTP
    reply code or the hosted provider's HTTP status."""
    code: object = type(error).__name__
    kind: DeliveryErrorKind
    if isinstance(error, AnymailRecipientsRefused | AnymailInvalidAddress):
        kind = DeliveryErrorKind.INVALID_RECIPIENT
    elif isinstance(error, AnymailAPIError):
        status = error.status_code or 0
        code = status or "api_error"
        kind = error_kind_for_http_status(status)
    elif isinstance(error, AnymailError):
        kind = DeliveryErrorKind.UNKNOWN
    elif isinstance(error, smtplib.SMTPAuthenticationError):
        code, kind = error.smtp_code, DeliveryErrorKind.AUTH_FAILED
    elif isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [int(reply[0]) for reply in error.recipients.values()] or [550]
        code = codes[0]
        kind = (
            DeliveryErrorKind.PROVIDER_UNAVAILABLE
            if all(400 <= value < 500 for value in codes)
            else DeliveryErrorKind.INVALID_RECIPIENT
        )
    elif isinstance(error, smtplib.SMTPSenderRefused):
        code, kind = error.smtp_code, DeliveryErrorKind.MISCONFIGURED
    elif isinstance(error, smtplib.SMTPDataError):
        code, kind = error.smtp_code, _smtp_kind(error.smtp_code, data=True)
    elif isinstance(error, smtplib.SMTPConnectError):
        code, kind = error.smtp_code, DeliveryErrorKind.PROVIDER_UNAVAILABLE
    elif isinstance(error, smtplib.SMTPResponseException):
        code, kind = error.smtp_code, _smtp_kind(error.smtp_code)
    elif isinstance(error, smtplib.SMTPNotSupportedError | ssl.SSLError):
        kind = DeliveryErrorKind.MISCONFIGURED  # e.g. STARTTLS or SSL where the server has none
    elif isinstance(error, TimeoutError):
        kind = DeliveryErrorKind.TIMEOUT
    else:  # SMTPServerDisconnected, connection refused, DNS…
        kind = DeliveryErrorKind.NETWORK_ERROR
    return SmsResult(
        ok=False,
        provider=provider,
        error_code=str(code)[:60],
        error_message=str(error)[:500],
        error_kind=kind,
    )


def channel_send(
    *, route: Route, rendered: Rendered, provider: ChannelProvider, language: str = "tr"
) -> Delivery:
    started = time.monotonic()
    if provider.sms is not None:
        result = provider.sms.send(SmsMessage(to=route.address, body=rendered.text))
        result = _prefixed(result, "sms")
    elif provider.whatsapp is not None:
        result = provider.whatsapp.send(
            WhatsAppMessage(
                to=route.address,
                template_name=rendered.provider_name,
                language=language,
                variables=rendered.variables,
                text=rendered.text,
            )
        )
        result = _prefixed(result, "whatsapp")
    elif route.channel == Channel.ANALYTICS:
        result = ga4_event_send(
            client_id=route.address,
            name=str(rendered.payload.get("name", "")),
            params=dict(rendered.payload.get("params", {})),
        )
    else:
        result = _send_email(route, rendered)
    return Delivery(result=result, latency_ms=int((time.monotonic() - started) * 1000))


def channel_find_sent(
    *, route: Route, rendered: Rendered, provider: ChannelProvider, since: datetime
) -> Delivery | None:
    """The message a lost worker already handed to the provider, where the provider can list
    what it accepted (Twilio SMS); None otherwise."""
    if provider.sms is None:
        return None
    started = time.monotonic()
    found = provider.sms.find_sent(SmsMessage(to=route.address, body=rendered.text), since=since)
    if found is None:
        return None
    return Delivery(
        result=_prefixed(found, "sms"), latency_ms=int((time.monotonic() - started) * 1000)
    )


def _prefixed(result: SmsResult, channel: str) -> SmsResult:
    if result.provider.startswith(f"{channel}-"):
        return result
    return replace(result, provider=f"{channel}-{result.provider}")
