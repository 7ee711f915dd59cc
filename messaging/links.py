"""Links to the chat pages, for other apps (redirects, notification texts)."""

from __future__ import annotations

import uuid

from django.urls import reverse


def conversation_path(conversation_id: uuid.UUID | str) -> str:
    return reverse("messaging:conversation", kwargs={"conversation_id": conversation_id})
