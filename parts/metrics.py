"""The listings' numbers on the staff dashboard (marketplace/dashboard.py)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from marketplace.dashboard import DashboardMetric, daily_counts, dashboard_metric_register
from parts.models import Part, PartStatus


def new_listings_daily(*, since: datetime) -> dict[date, int]:
    return daily_counts(Part.objects.all(), field="created_at", since=since)


def pending_review_daily(*, since: datetime) -> dict[date, int]:
    return daily_counts(
        Part.objects.filter(status=PartStatus.PENDING_REVIEW), field="created_at", since=since
    )


def pending_review_backlog() -> int:
    return Part.objects.filter(status=PartStatus.PENDING_REVIEW).count()


def dashboard_metrics_register() -> None:
    dashboard_metric_register(
        DashboardMetric(
            key="new_listings",
            label=_("New listings"),
            kind="count",
            daily=new_listings_daily,
            definition=_("Listings created in the period, whatever became of them since."),
            order=10,
        )
    )
    dashboard_metric_register(
        DashboardMetric(
            key="pending_review",
            label=_("Listings waiting for review"),
            kind="count",
            daily=pending_review_daily,
            backlog=pending_review_backlog,
            definition=_(
                "Listings created in the period that still wait for a moderator; “now”: all "
                "listings waiting."
            ),
            order=11,
        )
    )
