"""E-mail providers staff connect in the Integration Center: an SMTP server (Django's SMTP
EmailBackend built from the decrypted credentials) or a hosted provider through django-anymail
that needs only an API key. Without an enabled connection, e-mail goes through EMAIL_BACKEND.

Each provider gives the connection notification e-mails are sent with, the From address, and
`check()` for "Bağlantıyı test et".
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from typing import Any

import requests
from anymail.exceptions import (
    AnymailAPIError,
    AnymailError,
    AnymailInvalidAddress,
    AnymailRecipientsRefused,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend

from integrations.errors import DeliveryErrorKind, error_kind_for_http_status
from integrations.sms.base import SmsResult

TLS_MODES = ("starttls", "ssl", "none")


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


class EmailProvider:
    name: str = ""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.from_email: str = str(config.get("from_email") or settings.DEFAULT_FROM_EMAIL)

    def connection(self) -> BaseEmailBackend:
        raise NotImplementedError

    def check(self) -> SmsResult:
        return SmsResult(ok=True, provider=f"email-{self.name}")


class SmtpEmailProvider(EmailProvider):
    name = "smtp"

    def __init__(self, config: Mapping[str, Any]) -> None:
        super().__init__(config)
        self.host: str = str(config.get("host", "")).strip()
        self.username: str = str(config.get("username", ""))
        self.password: str = str(config.get("password", ""))
        self.tls_mode: str = str(config.get("tls_mode") or "starttls")
        self.timeout: float = float(settings.EMAIL_TIMEOUT)
        try:
            self.port = int(str(config.get("port") or (465 if self.tls_mode == "ssl" else 587)))
        except ValueError:
            raise ImproperlyConfigured("The SMTP port must be a number.") from None
        if not self.host or self.tls_mode not in TLS_MODES:
            raise ImproperlyConfigured("The SMTP connection needs a host and a TLS mode.")

    def connection(self) -> BaseEmailBackend:
        return SmtpBackend(
            host=self.host,
            port=self.port,
            username=self.username,
            password=self.password,
            use_tls=self.tls_mode == "starttls",
            use_ssl=self.tls_mode == "ssl",
            timeout=self.timeout,
            fail_silently=False,
        )

    def check(self) -> SmsResult:
        """A real SMTP session: connect, EHLO, STARTTLS if set, AUTH, QUIT; nothing is sent."""
        provider = f"email-{self.name}"
        context = ssl.create_default_context()
        try:
            session: smtplib.SMTP
            if self.tls_mode == "ssl":
                session = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=context
                )
            else:
                session = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with session:
                session.ehlo()
                if self.tls_mode == "starttls":
                    session.starttls(context=context)
                    session.ehlo()
                if self.username:
                    session.login(self.username, self.password)
        except (smtplib.SMTPException, OSError) as error:
            return email_error_result(provider, error)
        return SmsResult(ok=True, provider=provider, status="authenticated")


class BrevoEmailProvider(EmailProvider):
    """Brevo (ex Sendinblue) through anymail's Brevo backend: an API key is all it needs."""

    name = "brevo"

    def __init__(self, config: Mapping[str, Any]) -> None:
        super().__init__(config)
        self.api_key: str = str(config.get("api_key", ""))
        anymail = getattr(settings, "ANYMAIL", {}) or {}
        self.api_url: str = str(anymail.get("BREVO_API_URL") or "https://api.brevo.com/v3/")
        if not self.api_key:
            raise ImproperlyConfigured("The Brevo connection needs an API key.")

    def connection(self) -> BaseEmailBackend:
        return get_connection(
            "anymail.backends.brevo.EmailBackend", api_key=self.api_key, api_url=self.api_url
        )

    def check(self) -> SmsResult:
        """GET {api}/account with the `api-key` header: 200 when the key is right."""
        provider = f"email-{self.name}"
        try:
            response = requests.get(
                self.api_url.rstrip("/") + "/account",
                headers={"api-key": self.api_key, "Accept": "application/json"},
                timeout=settings.EMAIL_TIMEOUT,
                allow_redirects=False,
            )
        except requests.RequestException as error:
            return SmsResult.unreachable(provider, error)
        if response.status_code == 200:
            return SmsResult(ok=True, provider=provider)
        return SmsResult(
            ok=False,
            provider=provider,
            status=str(response.status_code),
            error_code=str(response.status_code),
            error_message=response.text[:200],
            error_kind=error_kind_for_http_status(response.status_code),
        )
