"""WhatsApp messages through a configurable backend, like Django's e-mail backends."""

from integrations.whatsapp.base import WhatsAppBackend, WhatsAppMessage
from integrations.whatsapp.sending import whatsapp_backend_get, whatsapp_send

# Messages kept by the locmem backend (tests).
outbox: list[WhatsAppMessage] = []

__all__ = ["WhatsAppBackend", "WhatsAppMessage", "outbox", "whatsapp_backend_get", "whatsapp_send"]
