"""The notifications' delivery rate per channel on the staff dashboard
(marketplace/dashboard.py), from the delivery attempts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from integrations.choices import AttemptStatus, Channel
from integrations.models import NotificationAttempt
from marketplace.dashboard import (
    DashboardMetric,
    Ratio,
    daily_ratios,
    dashboard_metric_register,
)

# Accepted by the provider (and, where it reports back, delivered) out of every attempt whose
# outcome is known; an attempt still in flight counts for neither.
DELIVERED = Q(status__in=[AttemptStatus.SENT, AttemptStatus.DELIVERED])
FINISHED = ~Q(status=AttemptStatus.SENDING)
CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.WHATSAPP)


def delivery_rate_daily(*, channel: str, since: datetime) -> dict[date, Ratio]:
    return daily_ratios(
        NotificationAttempt.objects.filter(channel=channel),
        field="created_at",
        since=since,
        numerator=DELIVERED,
        denominator=FINISHED,
    )


def _for_channel(channel: str) -> Callable[..., dict[date, Ratio]]:
    def daily(*, since: datetime) -> dict[date, Ratio]:
        return delivery_rate_daily(channel=channel, since=since)

    return daily


def dashboard_metrics_register() -> None:
    for order, channel in enumerate(CHANNELS, start=80):
        dashboard_metric_register(
            DashboardMetric(
                key=f"delivery_rate_{channel.value}",
                label=format_lazy(_("Delivery rate: {channel}"), channel=channel.label),
                kind="rate",
                daily=_for_channel(channel.value),
                definition=_(
                    "Attempts the provider accepted or delivered, out of the attempts whose "
                    "outcome is known."
                ),
                order=order,
            )
        )
