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


class WhatsAppBackend(ABC):
    name: str = ""

    @abstractmethod
    def send(self, message: WhatsAppMessage) -> SmsResult:
        """Sends one message; provider and network failures return ok=False, never raise."""
