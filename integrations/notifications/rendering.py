"""Turns a notification into the text of one channel, from the templates staff edit in the admin."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.template import Context, Engine

from integrations.models import Channel, NotificationTemplate
from integrations.notifications.default_templates import DEFAULT_TEMPLATES

logger = logging.getLogger(__name__)
_ENGINE = Engine()


@dataclass(frozen=True)
class Rendered:
    text: str
    subject: str = ""
    html: str = ""
    provider_name: str = ""
    variables: list[str] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)  # analytics: {"name", "params"}
    unsubscribe_url: str = ""  # e-mail: footer link and List-Unsubscribe headers


def _render(source: str, context: dict[str, Any], *, html: bool = False) -> str:
    """Plain-text channels must not HTML-escape "Şanzıman & Debriyaj"; the e-mail HTML part must."""
    return _ENGINE.from_string(source).render(Context(context, autoescape=html)).strip()


# Staff-edited rows are read once per TEMPLATE_CACHE_SECONDS per event and channel, not once
# per delivery; saving or deleting a row (the admin) drops its cached copy at once.
TEMPLATE_CACHE_SECONDS = 300
_NO_ROW = "no-row"


def template_cache_key(*, event: str, channel: str, language: str) -> str:
    return f"notification-template:{language}:{event}:{channel}"


def _template_row(*, event: str, channel: str, language: str) -> NotificationTemplate | None:
    key = template_cache_key(event=event, channel=channel, language=language)
    try:
        cached = cache.get(key)
    except Exception:  # the cache is down: the database answers
        cached = None
    if isinstance(cached, NotificationTemplate):
        return cached
    if cached == _NO_ROW:
        return None
    row = NotificationTemplate.objects.filter(
        event=event, channel=channel, language=language
    ).first()
    try:
        cache.set(key, row if row is not None else _NO_ROW, TEMPLATE_CACHE_SECONDS)
    except Exception:
        logger.warning("notification template not cached", exc_info=True)
    return row


def template_get(*, event: str, channel: str, language: str = "tr") -> NotificationTemplate | None:
    """The staff-edited row, else the built-in default; None when the channel has no text for
    the event (or staff switched it off). Analytics events have no text: a blank stands in."""
    if channel == Channel.ANALYTICS:
        return NotificationTemplate(event=event, channel=channel, language=language, body="")
    row = _template_row(event=event, channel=channel, language=language)
    if row is not None:
        return row if row.is_active else None
    for default in DEFAULT_TEMPLATES:
        if default[:2] == (event, channel):
            subject, body, html_body, provider_name, variables = default[2:]
            return NotificationTemplate(
                event=event,
                channel=channel,
                language=language,
                subject=subject,
                body=body,
                html_body=html_body,
                provider_name=provider_name,
                variables=variables,
            )
    return None


def notification_render(*, template: NotificationTemplate, context: dict[str, Any]) -> Rendered:
    if template.channel == Channel.ANALYTICS:
        return Rendered(
            text=str(context.get("name", "")),
            payload={"name": context.get("name", ""), "params": context.get("params", {})},
        )
    text = _render(template.body, context)
    if template.channel == Channel.EMAIL:
        return Rendered(
            text=text,
            subject=_render(template.subject, context),
            html=_render(template.html_body, context, html=True) if template.html_body else "",
        )
    return Rendered(
        text=text,
        provider_name=template.provider_name,
        variables=[str(context.get(name, "")) for name in template.variables],
    )
