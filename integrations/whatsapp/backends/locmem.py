"""Keeps each WhatsApp message in `integrations.whatsapp.outbox`: for tests."""

from __future__ import annotations

from integrations.sms.base import SmsResult
from integrations.whatsapp.base import WhatsAppBackend, WhatsAppMessage


class LocmemWhatsAppBackend(WhatsAppBackend):
    name = "locmem"

    def send(self, message: WhatsAppMessage) -> SmsResult:
        from integrations import whatsapp

        whatsapp.outbox.append(message)
        return SmsResult(ok=True, provider=self.name, message_id=f"wamid.{len(whatsapp.outbox)}")
