"""The outbox port: one outbox registered by the delivering app, a clear error without one."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from marketplace import outbox as outbox_port
from marketplace.outbox import OutboxNotRegistered, outbox, register_outbox


class _Outbox:
    def enqueue(
        self,
        *,
        user_id: uuid.UUID,
        event: str,
        dedupe_key: str,
        context: dict[str, Any] | None = None,
        secrets: dict[str, str] | None = None,
        expires_in: timedelta | None = None,
        address: str = "",
    ) -> uuid.UUID:
        return uuid.uuid4()

    def deliver_now(self, *, notification_id: uuid.UUID) -> str:
        return "sent"

    def cancel(self, *, notification_id: uuid.UUID, reason: str) -> bool:
        return True


def test_a_site_without_an_outbox_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outbox_port, "_outbox", None)
    with pytest.raises(OutboxNotRegistered, match="No outbox is registered"):
        outbox()


def test_the_same_outbox_may_register_again_another_one_may_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(outbox_port, "_outbox", None)
    first = _Outbox()
    register_outbox(first)
    register_outbox(first)  # ready() may run twice
    assert outbox() is first
    with pytest.raises(ValueError, match="another outbox is already registered"):
        register_outbox(_Outbox())
