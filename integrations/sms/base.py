"""The types every SMS backend shares: the message, the result and the backend's interface."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime

import requests

from integrations.errors import RETRYABLE_ERROR_KINDS, DeliveryErrorKind


@dataclass(frozen=True)
class SmsMessage:
    to: str  # E.164, e.g. +905321234567
    body: str


@dataclass(frozen=True)
class SmsResult:
    """What the provider said: its own error code and message, and their normalised kind
    (`integrations.errors.DeliveryErrorKind`), which alone tells a retrying caller (the
    notifications outbox) whether trying again later can help."""

    ok: bool
    provider: str
    message_id: str = ""
    status: str = ""
    error_code: str = ""
    error_message: str = ""
    error_kind: str = ""

    @property
    def retryable(self) -> bool:
        return not self.ok and self.error_kind in RETRYABLE_ERROR_KINDS

    @classmethod
    def unreachable(cls, provider: str, error: Exception) -> SmsResult:
        """The provider could not be reached (connection refused, timeout, TLS…). Only the
        exception's type is kept: its text may hold a URL with credentials."""
        timed_out = isinstance(error, requests.Timeout | TimeoutError)
        return cls(
            ok=False,
            provider=provider,
            error_message=type(error).__name__,
            error_kind=DeliveryErrorKind.TIMEOUT if timed_out else DeliveryErrorKind.NETWORK_ERROR,
        )


class SmsBackend(ABC):
    """One provider. Instances are created per send, so settings are read at that moment."""

    name: str = ""
    # Whether `find_sent` really asks the provider (so "not found" means it was not accepted).
    can_find_sent: bool = False

    @abstractmethod
    def send(self, message: SmsMessage) -> SmsResult:
        """Sends one message; provider and network failures return ok=False, never raise."""

    def find_sent(self, message: SmsMessage, *, since: datetime) -> SmsResult | None:
        """The provider's record of this message if it accepted one since `since` (used after a
        worker died mid-send); None when it did not or cannot tell."""
        return None

    def check(self) -> SmsResult:
        """A harmless authenticated request ("Bağlantıyı test et"); local backends always pass."""
        return SmsResult(ok=True, provider=self.name)
