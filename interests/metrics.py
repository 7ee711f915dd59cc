"""Interest-gating's number on the staff dashboard (marketplace/dashboard.py)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from interests.models import Interest, InterestType
from marketplace.dashboard import DashboardMetric, daily_counts, dashboard_metric_register


def interests_daily(*, since: datetime) -> dict[date, int]:
    return daily_counts(
        Interest.objects.filter(type=InterestType.INTERESTED), field="created_at", since=since
    )


def dashboard_metrics_register() -> None:
    dashboard_metric_register(
        DashboardMetric(
            key="interests",
            label=_("Interests"),
            kind="count",
            daily=interests_daily,
            definition=_("“Interested” answers given in the period (each opens a conversation)."),
            order=30,
        )
    )
