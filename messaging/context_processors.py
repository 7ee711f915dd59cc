"""The header's unread-message badge, computed only when a template shows it."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from messaging.selectors import unread_total_for_user


def unread_messages(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:  # one query, at most once per page, and none if the page never asks
        return unread_total_for_user(user=user)

    return {"unread_message_count": count}
