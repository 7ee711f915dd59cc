"""Sending SMS: one small interface (`sms_send`) in front of interchangeable providers.

The backend is named by the `SMS_BACKEND` setting (a dotted path), like Django's EMAIL_BACKEND:
the console backend logs messages (the embedded default), the locmem backend keeps them in
`integrations.sms.outbox` for tests, and provider adapters (Twilio; Netgsm and İleti Merkezi
later) speak a real provider's HTTP API. Provider problems never raise: they come back as a
failed `SmsResult`, so callers decide what a failure means for them.
"""

from __future__ import annotations

from integrations.sms.base import SmsBackend, SmsMessage, SmsResult
from integrations.sms.sending import sms_backend_get, sms_send
from marketplace.phone import mask_phone

# Messages "sent" by integrations.sms.backends.locmem.LocmemSmsBackend, oldest first.
outbox: list[SmsMessage] = []

__all__ = [
    "SmsBackend",
    "SmsMessage",
    "SmsResult",
    "mask_phone",
    "outbox",
    "sms_backend_get",
    "sms_send",
]
