"""The chat socket's frames: close codes, size and rate limits, parsing and validating a
client frame, and the `error` event's FrameError."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainErrorCode, ErrorCode
from messaging.error_codes import MessagingErrorCode

CLOSE_UNAUTHORIZED = 4401  # 4000-4999: application codes; 4401 mirrors HTTP 401
CLOSE_ACCOUNT_DISABLED = 4403  # banned or deleted while connected
MAX_FRAME_BYTES = 8 * 1024
# Client frames: a burst of FRAME_BURST, then FRAME_RATE per second on average.
FRAME_BURST = 30
FRAME_RATE = 10.0

INVALID_JSON = _("The message is not valid JSON")
UNKNOWN_TYPE = _("Unknown message type")
FRAME_TOO_LARGE = _("The message is too large")
FIELD_REQUIRED = _("A required field is missing or invalid")
ALREADY_AUTHENTICATED = _("This connection is already authenticated")


class FrameError(Exception):
    """A client frame that cannot be acted on; becomes an `error` event."""

    def __init__(
        self,
        code: DomainErrorCode,
        message: str | Promise | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.code = code
        self.message = message if message is not None else code.message
        self.details = details
        super().__init__(str(code))


def frame_parse(text_data: str | None) -> dict[str, Any]:
    """The client frame as `{"type": str, "data": dict | None}`; FrameError otherwise."""
    if text_data is None:
        raise FrameError(ErrorCode.VALIDATION_ERROR, INVALID_JSON)
    if len(text_data) > MAX_FRAME_BYTES or len(text_data.encode()) > MAX_FRAME_BYTES:
        raise FrameError(ErrorCode.VALIDATION_ERROR, FRAME_TOO_LARGE)
    try:
        frame = json.loads(text_data)
    except (ValueError, RecursionError):  # RecursionError: "[[[[…" nested past the stack
        raise FrameError(ErrorCode.VALIDATION_ERROR, INVALID_JSON) from None
    if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
        raise FrameError(ErrorCode.VALIDATION_ERROR, FIELD_REQUIRED, {"type": ["required"]})
    if "data" in frame and not isinstance(frame["data"], dict | None):
        raise FrameError(ErrorCode.VALIDATION_ERROR, FIELD_REQUIRED, {"data": ["invalid"]})
    return frame


class FrameAllowance:
    """A token bucket per connection: bursts are fine, a flood is not."""

    def __init__(self) -> None:
        self.allowance = float(FRAME_BURST)
        self.allowance_at = time.monotonic()

    def take(self) -> bool:
        """One frame's worth of allowance; False while the client floods."""
        now = time.monotonic()
        self.allowance = min(
            float(FRAME_BURST), self.allowance + (now - self.allowance_at) * FRAME_RATE
        )
        self.allowance_at = now
        if self.allowance < 1:
            return False
        self.allowance -= 1
        return True


def frame_conversation_id(data: dict[str, Any]) -> str:
    value = data.get("conversation_id")
    if not isinstance(value, str):
        raise FrameError(
            ErrorCode.VALIDATION_ERROR, FIELD_REQUIRED, {"conversation_id": ["required"]}
        )
    try:
        return str(uuid.UUID(value))
    except ValueError:
        # A malformed id names no conversation: the same answer as a stranger's.
        raise FrameError(MessagingErrorCode.CONVERSATION_NOT_FOUND) from None
