"""The staff dashboard's registry and report: each app registers its numbers (new listings,
messages, GMV…) in its AppConfig.ready(); the core adds them up for today, this week and the last
14 days, and draws each series as a small server-rendered SVG bar chart.

A metric's `daily` function answers with one aggregate query grouped by the local day
(`daily_counts`, `daily_sums`, `daily_ratios` below); the core sums the days for the week, unless
the number does not add up over days (distinct users), in which case the metric gives `period`.
Days and weeks are Istanbul's (TIME_ZONE): a week starts on Monday.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.functional import Promise

from marketplace.money import format_try

CHART_DAYS = 14
CHART_WIDTH = 280
CHART_HEIGHT = 48


@dataclass(frozen=True)
class Ratio:
    """A rate kept as its two counts, so that days add up correctly (7/10 + 1/90 ≠ the mean)."""

    numerator: int
    denominator: int

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.numerator + other.numerator, self.denominator + other.denominator)

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(100) * self.numerator / self.denominator).quantize(Decimal("0.1"))


Value = int | Decimal | Ratio
Kind = Literal["count", "money", "rate"]
DailyFunction = Callable[..., Mapping[date, Value]]  # (*, since: datetime) -> {day: value}
PeriodFunction = Callable[..., Value]  # (*, since: datetime, until: datetime) -> value


@dataclass(frozen=True)
class DashboardMetric:
    key: str
    label: str | Promise
    kind: Kind
    daily: DailyFunction
    # What the number means (shown under the table): how it is counted.
    definition: str | Promise = ""
    # For numbers that do not add up over days (distinct users): the value over [since, until).
    period: PeriodFunction | None = None
    # For a queue (listings waiting for review, open reports): how many wait right now.
    backlog: Callable[[], int] | None = None
    order: int = 100


_METRICS: dict[str, DashboardMetric] = {}


def dashboard_metric_register(metric: DashboardMetric) -> None:
    """Called by an app's AppConfig.ready(); registering a key again replaces it."""
    _METRICS[metric.key] = metric


def dashboard_metrics() -> list[DashboardMetric]:
    return sorted(_METRICS.values(), key=lambda metric: (metric.order, metric.key))


def local_timezone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _by_day(queryset: QuerySet[Any], *, field: str, since: datetime) -> QuerySet[Any]:
    return (
        queryset.filter(**{f"{field}__gte": since})
        .annotate(dashboard_day=TruncDate(field, tzinfo=local_timezone()))
        .values("dashboard_day")
        .order_by("dashboard_day")
    )


def daily_counts(
    queryset: QuerySet[Any], *, field: str, since: datetime, distinct: str = ""
) -> dict[date, int]:
    """Rows of `queryset` per local day of `field` from `since` (one query). `distinct`: count
    distinct values of that column instead of rows."""
    rows = _by_day(queryset, field=field, since=since).annotate(
        dashboard_value=Count(distinct or "pk", distinct=bool(distinct))
    )
    return {row["dashboard_day"]: row["dashboard_value"] for row in rows}


def daily_sums(
    queryset: QuerySet[Any], *, field: str, since: datetime, amount: Any
) -> dict[date, Decimal]:
    """The sum of `amount` (a field name or an expression) per local day of `field`."""
    rows = _by_day(queryset, field=field, since=since).annotate(dashboard_value=Sum(amount))
    return {row["dashboard_day"]: row["dashboard_value"] or Decimal("0") for row in rows}


def daily_ratios(
    queryset: QuerySet[Any], *, field: str, since: datetime, numerator: Q, denominator: Q
) -> dict[date, Ratio]:
    """Per local day, the rows matching `numerator` out of those matching `denominator`."""
    rows = _by_day(queryset, field=field, since=since).annotate(
        dashboard_numerator=Count("pk", filter=numerator),
        dashboard_denominator=Count("pk", filter=denominator),
    )
    return {
        row["dashboard_day"]: Ratio(row["dashboard_numerator"], row["dashboard_denominator"])
        for row in rows
    }


def value_display(value: Value) -> str:
    """Turkish notation: 1.234 · 1.234,50 ₺ · %97,5 (– for a rate without attempts)."""
    if isinstance(value, Ratio):
        percent = value.percent
        return "–" if percent is None else "%" + f"{percent:.1f}".replace(".", ",")
    if isinstance(value, Decimal):
        return format_try(value)
    return f"{value:,}".replace(",", ".")


@dataclass(frozen=True)
class ChartBar:
    day: date
    value: Value
    x: float
    y: float
    height: float

    @property
    def display(self) -> str:
        return value_display(self.value)


@dataclass(frozen=True)
class MetricReport:
    metric: DashboardMetric
    today: Value
    week: Value
    backlog: int | None
    bars: list[ChartBar]
    bar_width: float

    @property
    def today_display(self) -> str:
        return value_display(self.today)

    @property
    def week_display(self) -> str:
        return value_display(self.week)

    @property
    def chart_width(self) -> int:
        return CHART_WIDTH

    @property
    def chart_height(self) -> int:
        return CHART_HEIGHT


@dataclass(frozen=True)
class DashboardReport:
    today: date
    week_start: date
    first_day: date
    metrics: list[MetricReport]


def _zero(kind: Kind) -> Value:
    return Ratio(0, 0) if kind == "rate" else (Decimal("0.00") if kind == "money" else 0)


def _add(left: Value, right: Value) -> Value:
    if isinstance(left, Ratio) and isinstance(right, Ratio):
        return left + right
    if isinstance(left, Ratio) or isinstance(right, Ratio):
        raise TypeError("a rate metric's days must all be Ratio values")
    return left + right


def _magnitude(value: Value) -> float:
    if isinstance(value, Ratio):
        return float(value.percent or 0)
    return float(value)


def _bars(series: list[tuple[date, Value]]) -> tuple[list[ChartBar], float]:
    slot = CHART_WIDTH / len(series)
    width = max(slot - 2, 1)
    highest = max((_magnitude(value) for _day, value in series), default=0) or 1
    bars = []
    for index, (day, value) in enumerate(series):
        height = round(_magnitude(value) / highest * (CHART_HEIGHT - 2), 1)
        bars.append(
            ChartBar(
                day=day,
                value=value,
                x=round(index * slot + 1, 1),
                y=round(CHART_HEIGHT - height, 1),
                height=height,
            )
        )
    return bars, round(width, 1)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=local_timezone())


def dashboard_report(*, now: datetime | None = None) -> DashboardReport:
    """Today's and this week's value of every registered metric, and its last 14 days."""
    local_now = (now or timezone.now()).astimezone(local_timezone())
    today = local_now.date()
    week_start = today - timedelta(days=today.weekday())
    first_day = today - timedelta(days=CHART_DAYS - 1)
    days = [first_day + timedelta(days=offset) for offset in range(CHART_DAYS)]
    since = _local_midnight(first_day)
    reports = []
    for metric in dashboard_metrics():
        values = metric.daily(since=since)
        series = [(day, values.get(day, _zero(metric.kind))) for day in days]
        if metric.period is not None:
            today_value = metric.period(since=_local_midnight(today), until=local_now)
            week_value = metric.period(since=_local_midnight(week_start), until=local_now)
        else:
            today_value = series[-1][1]
            week_value = _zero(metric.kind)
            for day, value in series:
                if day >= week_start:
                    week_value = _add(week_value, value)
        bars, bar_width = _bars(series)
        reports.append(
            MetricReport(
                metric=metric,
                today=today_value,
                week=week_value,
                backlog=metric.backlog() if metric.backlog is not None else None,
                bars=bars,
                bar_width=bar_width,
            )
        )
    return DashboardReport(today=today, week_start=week_start, first_day=first_day, metrics=reports)
