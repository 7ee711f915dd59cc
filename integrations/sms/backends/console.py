"""Logs each SMS instead of sending it: the embedded default, for development.

With DEBUG on, the whole message is logged (a developer needs the code to log in locally).
Otherwise the number is masked and the text withheld, since it may hold a one-time code.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings

from integrations.sms.base import SmsBackend, SmsMessage, SmsResult
from marketplace.phone import mask_phone

logger = logging.getLogger("integrations.sms.console")


class ConsoleSmsBackend(SmsBackend):
    name = "console"

    def send(self, message: SmsMessage) -> SmsResult:
        if settings.CONSOLE_MESSAGES_IN_FULL:
            to, body = message.to, message.body
        else:
            to, body = mask_phone(message.to), f"[{len(message.body)} characters withheld]"
        logger.info("SMS (console backend, not sent)", extra={"to": to, "body": body})
        return SmsResult(ok=True, provider=self.name, message_id=f"console-{uuid.uuid4().hex}")
