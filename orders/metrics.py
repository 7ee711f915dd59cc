"""Güvenli Ödeme's numbers on the staff dashboard (marketplace/dashboard.py): orders paid, GMV
and commission, each by the local day the buyer's payment went through (`paid_at`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from marketplace.dashboard import (
    DashboardMetric,
    daily_counts,
    daily_sums,
    dashboard_metric_register,
)
from orders.models import Order, OrderState


def orders_paid_daily(*, since: datetime) -> dict[date, int]:
    return daily_counts(Order.objects.all(), field="paid_at", since=since)


def gmv_daily(*, since: datetime) -> dict[date, Decimal]:
    return daily_sums(
        Order.objects.all(), field="paid_at", since=since, amount=F("price") + F("shipping_fee")
    )


def commission_daily(*, since: datetime) -> dict[date, Decimal]:
    return daily_sums(
        Order.objects.exclude(state=OrderState.REFUNDED),
        field="paid_at",
        since=since,
        amount="commission",
    )


def dashboard_metrics_register() -> None:
    dashboard_metric_register(
        DashboardMetric(
            key="orders_paid",
            label=_("Orders paid"),
            kind="count",
            daily=orders_paid_daily,
            definition=_("Güvenli Ödeme orders whose payment went through in the period."),
            order=50,
        )
    )
    dashboard_metric_register(
        DashboardMetric(
            key="gmv",
            label=_("GMV"),
            kind="money",
            daily=gmv_daily,
            definition=_(
                "Gross merchandise value: price plus shipping of the orders paid in the period, "
                "before refunds."
            ),
            order=51,
        )
    )
    dashboard_metric_register(
        DashboardMetric(
            key="commission",
            label=_("Commission"),
            kind="money",
            daily=commission_daily,
            definition=_(
                "The platform's commission on the orders paid in the period, except those "
                "refunded since."
            ),
            order=52,
        )
    )
