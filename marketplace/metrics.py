"""The core's numbers on the staff dashboard (marketplace/dashboard.py): active users."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from marketplace.dashboard import DashboardMetric, daily_counts, dashboard_metric_register
from marketplace.models import User


def active_users_daily(*, since: datetime) -> dict[date, int]:
    return daily_counts(User.objects.all(), field="last_login", since=since)


def active_users_period(*, since: datetime, until: datetime) -> int:
    # Exact for a period reaching now: a user signed in since `since` iff their latest sign-in is.
    return User.objects.filter(last_login__gte=since, last_login__lte=until).count()


def dashboard_metrics_register() -> None:
    dashboard_metric_register(
        DashboardMetric(
            key="active_users",
            label=_("Active users"),
            kind="count",
            daily=active_users_daily,
            period=active_users_period,
            definition=_(
                "Accounts that signed in (on the site or in the app) in the period; the chart "
                "counts each account on the day of its latest sign-in."
            ),
            order=90,
        )
    )
