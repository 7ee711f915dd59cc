"""`whatsapp_send`: the one entry point, dispatching to settings.WHATSAPP_BACKEND."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from integrations.models import Channel
from integrations.sms.base import SmsResult
from integrations.whatsapp.base import WhatsAppBackend, WhatsAppMessage


def whatsapp_backend_get(path: str | None = None) -> WhatsAppBackend:
    """The Integration Center's enabled WhatsApp connection, else WHATSAPP_BACKEND (or `path`)."""
    if path is None:
        from integrations.providers import connection_backend

        connected = connection_backend(Channel.WHATSAPP)
        if connected is not None:
            return cast(WhatsAppBackend, connected)
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
