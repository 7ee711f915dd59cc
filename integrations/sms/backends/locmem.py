"""Keeps each SMS in `integrations.sms.outbox` (like Django's locmem e-mail backend): for tests."""

from __future__ import annotations

from integrations.sms.base import SmsBackend, SmsMessage, SmsResult


class LocmemSmsBackend(SmsBackend):
    name = "locmem"

    def send(self, message: SmsMessage) -> SmsResult:
        from integrations import sms

        sms.outbox.append(message)
        return SmsResult(ok=True, provider=self.name, message_id=f"locmem-{len(sms.outbox)}")
