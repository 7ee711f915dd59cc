"""`whatsapp_send`: the one entry point, dispatching to settings.WHATSAPP_BACKEND."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from integrations.sms.base import SmsResult
from integrations.whatsapp.base import WhatsAppBackend, WhatsAppMessage


def whatsapp_backend_get(path: str | None = None) -> WhatsAppBackend:
    dotted = path or settings.WHATSAPP_BACKEND
    try:
        backend_class = import_string(dotted)
    except ImportError as error:
        raise ImproperlyConfigured(
            f"WHATSAPP_BACKEND={dotted!r} cannot be imported: {error}"
        ) from None
    if not (isinstance(backend_class, type) and issubclass(backend_class, WhatsAppBackend)):
        raise ImproperlyConfigured(f"WHATSAPP_BACKEND={dotted!r} is not a WhatsAppBackend")
    return backend_class()


def whatsapp_send(message: WhatsAppMessage) -> SmsResult:
    return whatsapp_backend_get().send(message)
