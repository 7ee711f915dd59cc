"""What every WhatsApp backend shares. Business-initiated WhatsApp messages must use a template
approved at the provider: the message names it and gives its body variables in order; `text` is the
rendered Turkish text (for logs, the console backend and providers that take free text)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from integrations.sms.base import SmsResult


@dataclass(frozen=True)
class WhatsAppMessage:
    to: str  # E.164
    template_name: str
    language: str
    variables: list[str] = field(default_factory=list)
    text: str = ""
    # Our reference of this send, echoed back by the provider's status callbacks where it can
    # (Meta: `biz_opaque_callback_data`), so a receipt finds its attempt even when the worker
    # died before reading the provider's answer (and its message id).
    callback_data: str = ""


class WhatsAppBackend(ABC):
    name: str = ""

    @abstractmethod
    def send(self, message: WhatsAppMessage) -> SmsResult:
        """Sends one message; provider and network failures return ok=False, never raise."""

    def check(self) -> SmsResult:
        """A harmless authenticated request ("Bağlantıyı test et"); local backends always pass."""
        return SmsResult(ok=True, provider=self.name)
