"""`sms_send`: the one entry point, dispatching to the backend named by settings.SMS_BACKEND."""

from __future__ import annotations

import logging
from typing import cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from integrations.models import Channel
from integrations.sms.base import SmsBackend, SmsMessage, SmsResult
from marketplace.phone import mask_phone

logger = logging.getLogger(__name__)


def sms_backend_get(path: str | None = None) -> SmsBackend:
    """The Integration Center's enabled SMS connection, else the backend named by SMS_BACKEND (or
    `path`); misconfiguration raises at once."""
    if path is None:
        from integrations.providers import connection_backend

        connected = connection_backend(Channel.SMS)
        if connected is not None:
            return cast(SmsBackend, connected)
    dotted = path or settings.SMS_BACKEND
    try:
        backend_class = import_string(dotted)
    except ImportError as error:
        raise ImproperlyConfigured(f"SMS_BACKEND={dotted!r} cannot be imported: {error}") from None
    if not (isinstance(backend_class, type) and issubclass(backend_class, SmsBackend)):
        raise ImproperlyConfigured(f"SMS_BACKEND={dotted!r} is not an SmsBackend")
    return backend_class()


def sms_send(*, to: str, body: str) -> SmsResult:
    """Sends `body` to the E.164 number `to` and reports what the provider said."""
    result = sms_backend_get().send(SmsMessage(to=to, body=body))
    if result.ok:
        logger.info(
            "SMS sent",
            extra={"provider": result.provider, "to": mask_phone(to), "sms_id": result.message_id},
        )
    else:
        logger.error(
            "SMS not sent",
            extra={
                "provider": result.provider,
                "to": mask_phone(to),
                "error_code": result.error_code,
                "error_message": result.error_message,
                "retryable": result.retryable,
            },
        )
    return result
