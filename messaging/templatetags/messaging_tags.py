"""Template filters of the chat pages."""

from __future__ import annotations

from datetime import datetime

from django import template

from parts.serializers import api_datetime

register = template.Library()


@register.filter
def iso_utc(value: datetime | None) -> str:
    """The same ISO 8601 UTC form as the API (a client passes it back as `after`/`before`)."""
    return api_datetime(value) if value else ""
