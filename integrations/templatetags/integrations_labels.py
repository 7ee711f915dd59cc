"""Turkish words for the machine values the Integration Center's health page shows."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from integrations.models import ConnectionStatus

register = template.Library()

_LABELS = {
    # health grades (integrations.selectors.provider_health)
    "healthy": _("Healthy"),
    "degraded": _("Degraded"),
    "unhealthy": _("Unhealthy"),
    # circuit breaker (integrations.notifications.breaker)
    "closed": _("Normal"),
    "open": _("Paused after errors"),
    "half_open": _("Trying again"),
    **dict(ConnectionStatus.choices),
}


@register.filter
def health_label(value: object) -> object:
    """The Turkish label of a health grade, circuit state or connection status; unknown values
    are shown as they are."""
    return _LABELS.get(str(value), value)
