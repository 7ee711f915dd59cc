"""Request ids: one per request, kept in a context variable so every log line can carry it."""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("request_id", default="")

# Incoming ids are echoed into logs and headers, so only a safe, bounded alphabet is trusted.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def request_id_new() -> str:
    return f"req_{uuid.uuid4().hex}"


def request_id_accept(incoming: str | None) -> str:
    """The client's X-Request-ID when it is well-formed, else a fresh one."""
    if incoming and _VALID_REQUEST_ID.match(incoming):
        return incoming
    return request_id_new()


def request_id_get() -> str:
    return _request_id.get()


def request_id_set(value: str) -> None:
    _request_id.set(value)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = _request_id.get()
        return True
