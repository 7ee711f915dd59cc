"""Template filters of the chat pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template

from marketplace.models import User
from marketplace.timestamps import api_datetime
from messaging.models import Message
from messaging.selectors import message_warning_for_viewer

register = template.Library()


@register.filter
def iso_utc(value: datetime | None) -> str:
    """The same ISO 8601 UTC form as the API (a client passes it back as `after`/`before`)."""
    return api_datetime(value) if value else ""


@register.filter
def warning_for(message: Message, viewer: User) -> dict[str, Any] | None:
    """The scam warning under the message on the viewer's page (the recipient's only)."""
    return message_warning_for_viewer(message=message, viewer_id=viewer.pk)


@register.inclusion_tag("messaging/_part_report.html", takes_context=True)
def part_report_form(context: dict[str, Any], part: Any) -> dict[str, Any]:
    """ "Bu ilanı şikâyet et" under a listing: for anyone logged in but its seller, no interest
    needed; visitors are asked to log in first."""
    from messaging.models import ReportReason

    request = context["request"]
    user = request.user
    return {
        "part": part,
        "request": request,
        "mode": "anonymous"
        if not user.is_authenticated
        else ("owner" if user.pk == part.seller_id else "report"),
        "report_reasons": ReportReason.choices,
    }
