"""Logs each WhatsApp message instead of sending it: the embedded default, for development."""

from __future__ import annotations

import logging
import uuid

from integrations.sms.base import SmsResult
from integrations.whatsapp.base import WhatsAppBackend, WhatsAppMessage
from marketplace.phone import mask_phone

logger = logging.getLogger("integrations.whatsapp.console")


class ConsoleWhatsAppBackend(WhatsAppBackend):
    name = "console"

    def send(self, message: WhatsAppMessage) -> SmsResult:
        logger.info(
            "WhatsApp (console backend, not sent)",
            extra={"to": mask_phone(message.to), "template": message.template_name},
        )
        return SmsResult(ok=True, provider=self.name, message_id=uuid.uuid4().hex)
