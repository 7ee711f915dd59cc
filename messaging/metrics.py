"""Chat's numbers on the staff dashboard (marketplace/dashboard.py)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from marketplace.dashboard import DashboardMetric, daily_counts, dashboard_metric_register
from messaging.models import Conversation, Message, Report, ReportStatus


def reports_daily(*, since: datetime) -> dict[date, int]:
    return daily_counts(Report.objects.all(), field="created_at", since=since)


def reports_backlog() -> int:
    return Report.objects.filter(status=ReportStatus.OPEN).count()


def conversations_daily(*, since: datetime) -> dict[date, int]:
    return daily_counts(Conversation.objects.all(), field="created_at", since=since)


def messages_daily(*, since: datetime) -> dict[date, int]:
    return daily_counts(Message.objects.all(), field="created_at", since=since)


def dashboard_metrics_register() -> None:
    dashboard_metric_register(
        DashboardMetric(
            key="reports",
            label=_("Reports"),
            kind="count",
            daily=reports_daily,
            backlog=reports_backlog,
            definition=_("Reports of listings, messages and users; “now”: the open ones."),
            order=20,
        )
    )
    dashboard_metric_register(
        DashboardMetric(
            key="conversations",
            label=_("Conversations started"),
            kind="count",
            daily=conversations_daily,
            order=40,
        )
    )
    dashboard_metric_register(
        DashboardMetric(
            key="messages",
            label=_("Messages"),
            kind="count",
            daily=messages_daily,
            definition=_("Messages sent, hidden ones included."),
            order=41,
        )
    )
