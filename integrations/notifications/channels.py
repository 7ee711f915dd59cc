"""One call to the provider behind a channel; failures come back as results, never exceptions."""

from __future__ import annotations

import smtplib
import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.utils import parseaddr

from anymail.exceptions import AnymailAPIError, AnymailError
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils.html import format_html
from django.utils.translation import gettext

from integrations.ga4 import ga4_event_send
from integrations.mail import EmailProvider, email_error_result
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
    circuit breaker, and its adapter (SMS, WhatsApp, a connected e-mail provider; None for
    EMAIL_BACKEND and GA4)."""

    name: str
    sms: SmsBackend | None = None
    whatsapp: WhatsAppBackend | None = None
    email: EmailProvider | None = None

    @property
    def deduplicates_for(self) -> timedelta | None:
        """How long the provider drops a second request carrying the same idempotency key
        (`DeliveryKeys.notification_id`); None when it has no such key."""
        if self.name == "email-brevo":
            # Brevo's `idempotencyKey` header: documented TTLs are 15 and 30 minutes.
            return BREVO_IDEMPOTENCY_TTL
        return None


BREVO_IDEMPOTENCY_TTL = timedelta(minutes=15)


@dataclass(frozen=True)
class DeliveryKeys:
    """Names of one provider call that stay the same when a worker dies and another one takes
    the row over: the notification (Brevo's idempotency key, the e-mail's Message-ID) and the
    attempt (WhatsApp's callback data, tying a status webhook to the attempt)."""

    notification_id: str
    attempt_id: int

    @property
    def callback_data(self) -> str:
        return f"attempt:{self.attempt_id}"


def _email_provider_name() -> str:
    return f"email-{settings.EMAIL_BACKEND.rsplit('.', 2)[-2]}"


def _email_identity_headers(
    provider: ChannelProvider, from_email: str, keys: DeliveryKeys | None
) -> dict[str, str]:
    """Brevo gets the notification id as its idempotency key (a UUID, as it requires); a
    message handed over by SMTP (or any Django backend that is not a hosted API) gets a
    Message-ID made from it, the same at every try, so a receiving system can drop a copy.
    Other hosted APIs set their own Message-ID."""
    if keys is None:
        return {}
    if provider.deduplicates_for is not None:
        return {"idempotencyKey": keys.notification_id}
    if provider.email is None and settings.EMAIL_BACKEND.startswith("anymail."):
        return {}
    domain = parseaddr(from_email)[1].rpartition("@")[2] or "localhost"
    return {"Message-ID": f"<notification.{keys.notification_id}@{domain}>"}


def channel_provider(channel: str) -> ChannelProvider:
    if channel == Channel.SMS:
        sms = sms_backend_get()
        return ChannelProvider(name=f"sms-{sms.name}", sms=sms)
    if channel == Channel.WHATSAPP:
        whatsapp = whatsapp_backend_get()
        return ChannelProvider(name=f"whatsapp-{whatsapp.name}", whatsapp=whatsapp)
    if channel == Channel.ANALYTICS:
        return ChannelProvider(name="ga4")
    from integrations.providers import connection_backend

    connected = connection_backend(Channel.EMAIL)
    if isinstance(connected, EmailProvider):
        return ChannelProvider(name=f"email-{connected.name}", email=connected)
    return ChannelProvider(name=_email_provider_name())


def _send_email(
    route: Route, rendered: Rendered, channel_provider: ChannelProvider, keys: DeliveryKeys | None
) -> SmsResult:
    provider = channel_provider.name
    connected = channel_provider.email
    from_email = connected.from_email if connected else settings.DEFAULT_FROM_EMAIL
    text, html = rendered.text, rendered.html
    headers = _email_identity_headers(channel_provider, from_email, keys)
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
        headers["List-Unsubscribe"] = f"<{rendered.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=text,
        from_email=from_email,
        to=[route.address],
        headers=headers,
        connection=connected.connection() if connected else get_connection(),
    )
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (AnymailError, smtplib.SMTPException, OSError) as error:
        if channel_provider.deduplicates_for is not None and _duplicate_refused(error):
            # The provider already accepted a request with this key (a dead worker's, or one
            # whose answer was lost): that message is the one, nothing was sent now.
            return SmsResult(ok=True, provider=provider, status="duplicate")
        return email_error_result(provider, error)
    anymail_status = getattr(message, "anymail_status", None)
    message_id = (
        anymail_status.message_id if anymail_status else None
    ) or message.extra_headers.get("Message-ID", "")
    return SmsResult(ok=True, provider=provider, message_id=str(message_id))


def _duplicate_refused(error: Exception) -> bool:
    """Brevo refuses a second request with a used `idempotencyKey`: HTTP 400 with
    `{"code": "duplicate_parameter", ...}`."""
    response = getattr(error, "response", None)
    if not isinstance(error, AnymailAPIError) or response is None or error.status_code != 400:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("code") == "duplicate_parameter"


def channel_send(
    *,
    route: Route,
    rendered: Rendered,
    provider: ChannelProvider,
    language: str = "tr",
    keys: DeliveryKeys | None = None,
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
                callback_data=keys.callback_data if keys else "",
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
        result = _send_email(route, rendered, provider, keys)
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
