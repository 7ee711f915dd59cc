"""The staff dashboard: numbers per local day from data made through the services, the week from
Monday, Istanbul's midnight as the day's edge; and the page at /yonetim/pano/ only for staff."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import requires_postgres
from integrations.choices import AttemptStatus, Channel, NotificationEvent
from integrations.models import Notification, NotificationAttempt
from interests.models import Interest
from interests.services import interest_express
from marketplace.dashboard import (
    MetricReport,
    Ratio,
    dashboard_metrics,
    dashboard_report,
    local_timezone,
)
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from messaging.models import Conversation, Message, Report
from messaging.services import message_send, part_report_create
from orders.models import Order
from orders.tests.factories import make_order
from parts.models import Part, PartStatus
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db


def wednesday_noon() -> datetime:
    """A Wednesday noon in Istanbul a month ago: the service calls' own rows (made now) and the
    notifications they queue fall after it, outside the report."""
    moment = (timezone.now() - timedelta(days=30)).astimezone(local_timezone())
    wednesday = moment.date() + timedelta(days=2 - moment.weekday())
    return datetime.combine(wednesday, time(12, 0), tzinfo=local_timezone())


NOW = wednesday_noon()
TODAY_MORNING = NOW.replace(hour=0, minute=30)  # Tuesday 21:30 UTC: today in Istanbul
TUESDAY_NIGHT = NOW.replace(hour=0, minute=0) - timedelta(minutes=30)  # yesterday, in the week
MONDAY = NOW - timedelta(days=2)
LAST_FRIDAY = NOW - timedelta(days=5)  # in the chart, not in the week
LONG_AGO = NOW - timedelta(days=20)  # outside the chart


def at(instance: Model, moment: datetime, field: str = "created_at") -> None:
    type(instance)._default_manager.filter(pk=instance.pk).update(**{field: moment})


def metric(key: str) -> MetricReport:
    return next(item for item in dashboard_report(now=NOW).metrics if item.metric.key == key)


def by_day(item: MetricReport) -> dict[str, Any]:
    return {bar.day.isoformat(): bar.value for bar in item.bars if bar.value}


def test_listings_interests_messages_and_reports_are_counted_per_local_day() -> None:
    seller = UserFactory.create()
    buyer = UserFactory.create()
    moments = [TODAY_MORNING, NOW, TUESDAY_NIGHT, MONDAY, LAST_FRIDAY, LONG_AGO]
    parts = [make_part(seller=seller, title=f"Alternatör {index}") for index in moments]
    for part, moment in zip(parts, moments, strict=True):
        at(part, moment)
    Part.objects.filter(pk=parts[1].pk).update(status=PartStatus.PENDING_REVIEW)

    expressed = interest_express(user=buyer, part=parts[0], type="interested")
    interest_express(user=buyer, part=parts[2], type="not_interested")
    assert expressed.conversation is not None
    for moment in (NOW, MONDAY):
        sent = message_send(
            conversation_id=expressed.conversation.pk, sender=buyer, content="Merhaba"
        )
        at(sent, moment)
    at(expressed.conversation, TUESDAY_NIGHT)
    for interest in Interest.objects.all():
        at(interest, TUESDAY_NIGHT)
    report = part_report_create(reporter=buyer, part=parts[3], reason="fraud", note="Kapora istedi")
    at(report, TODAY_MORNING)

    new_listings = metric("new_listings")
    assert (new_listings.today, new_listings.week) == (2, 4)
    assert by_day(new_listings) == {
        NOW.date().isoformat(): 2,
        TUESDAY_NIGHT.date().isoformat(): 1,
        MONDAY.date().isoformat(): 1,
        LAST_FRIDAY.date().isoformat(): 1,
    }
    pending = metric("pending_review")
    assert (pending.today, pending.week, pending.backlog) == (1, 1, 1)
    interests = metric("interests")  # "not interested" is not an interest
    assert (interests.today, interests.week) == (0, 1)
    conversations = metric("conversations")
    assert (conversations.today, conversations.week) == (0, 1)
    messages = metric("messages")
    assert (messages.today, messages.week) == (1, 2)
    reports = metric("reports")
    assert (reports.today, reports.week, reports.backlog) == (1, 1, 1)
    assert Conversation.objects.count() == 1
    assert Message.objects.count() == 2
    assert Report.objects.count() == 1


def test_orders_gmv_and_commission_count_by_the_day_of_payment() -> None:
    paid_today = make_order(state="paid")
    at(paid_today, TODAY_MORNING, "paid_at")
    completed_monday = make_order(state="completed")
    at(completed_monday, MONDAY, "paid_at")
    refunded_today = make_order(state="refunded")
    at(refunded_today, NOW, "paid_at")
    make_order()  # awaiting payment: no paid_at

    orders = {order.pk: order for order in Order.objects.all()}
    gross = {pk: order.price + order.shipping_fee for pk, order in orders.items()}
    assert (metric("orders_paid").today, metric("orders_paid").week) == (2, 3)
    gmv = metric("gmv")
    assert gmv.today == gross[paid_today.pk] + gross[refunded_today.pk]
    assert gmv.week == sum(
        gross[order.pk] for order in (paid_today, refunded_today, completed_monday)
    )
    commission = metric("commission")  # the refunded order's commission is not the platform's
    assert commission.today == orders[paid_today.pk].commission
    assert commission.week == sum(
        orders[order.pk].commission for order in (paid_today, completed_monday)
    )
    assert isinstance(commission.week, Decimal)
    assert commission.week_display.endswith(" ₺")


def test_delivery_rate_per_channel_counts_finished_attempts() -> None:
    user = UserFactory.create()
    outcomes = [
        (Channel.SMS, AttemptStatus.DELIVERED, NOW),
        (Channel.SMS, AttemptStatus.UNDELIVERED, NOW),
        (Channel.SMS, AttemptStatus.SENT, MONDAY),
        (Channel.SMS, AttemptStatus.SENDING, MONDAY),  # still in flight: not counted
        (Channel.EMAIL, AttemptStatus.FAILED, MONDAY),
    ]
    for index, (channel, status, moment) in enumerate(outcomes):
        notification = Notification.objects.create(
            user=user, event=NotificationEvent.WELCOME, dedupe_key=f"dashboard-{index}"
        )
        attempt = NotificationAttempt.objects.create(
            notification=notification, channel=channel, provider="test", status=status
        )
        at(attempt, moment)

    sms = metric("delivery_rate_sms")
    assert (sms.today, sms.week) == (Ratio(1, 2), Ratio(2, 3))
    assert (sms.today_display, sms.week_display) == ("%50,0", "%66,7")
    email = metric("delivery_rate_email")
    assert (email.today_display, email.week_display) == ("–", "%0,0")
    assert metric("delivery_rate_whatsapp").week == Ratio(0, 0)


def test_active_users_are_distinct_sign_ins_in_the_period() -> None:
    for moment in (TODAY_MORNING, NOW, MONDAY, LAST_FRIDAY):
        at(UserFactory.create(), moment, "last_login")
    UserFactory.create()  # never signed in

    active = metric("active_users")
    assert (active.today, active.week) == (2, 3)
    assert [bar.value for bar in active.bars if bar.value] == [1, 1, 2]


def staff_member(role: str) -> User:
    member = UserFactory.create(is_staff=True)
    member.groups.add(Group.objects.get(name=role))
    return member


@pytest.mark.parametrize("role", ["Destek", "Moderatörler"])
def test_dashboard_page_opens_for_staff_roles_with_charts(role: str) -> None:
    make_part()
    client = Client()
    client.force_login(staff_member(role))

    page = client.get("/yonetim/pano/")

    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-metric="new_listings"' in html
    assert 'data-metric="delivery_rate_whatsapp"' in html
    assert html.count('<svg width="280"') == len(dashboard_report().metrics)
    row = html.split('data-metric="new_listings"', 1)[1].split("</tr>", 1)[0]
    assert '<td class="number" data-period="today">1</td>' in row
    assert "Bugün" in html  # Turkish


def test_admin_index_links_to_the_dashboard(staff_user: User) -> None:
    client = Client()
    client.force_login(staff_user)

    assert 'href="/yonetim/pano/"' in client.get("/yonetim/").content.decode()


def test_dashboard_sends_non_staff_to_the_admin_login(user: User) -> None:
    client = Client()
    assert client.get("/yonetim/pano/")["Location"].startswith("/yonetim/login/")
    client.force_login(user)
    answer = client.get("/yonetim/pano/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/yonetim/login/")


@requires_postgres
@pytest.mark.parametrize(
    ("key", "index"),
    [
        ("messages", "message_created"),
        ("new_listings", "part_created"),
        ("delivery_rate_sms", "attempt_channel_created"),
    ],
)
def test_busy_tables_are_read_through_an_index(key: str, index: str) -> None:
    """One query per series, and on the large tables it can use an index on the time column
    (sequential scans off, as on a table too big for them)."""
    chosen = next(item for item in dashboard_metrics() if item.key == key)
    since = NOW - timedelta(days=13)
    with CaptureQueriesContext(connection) as captured:
        chosen.daily(since=since)
    assert len(captured.captured_queries) == 1
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = _last_query_with_params(chosen, since)
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan


def _last_query_with_params(chosen: Any, since: datetime) -> tuple[str, Any]:
    """The series' SQL with its parameters (CaptureQueriesContext keeps only the interpolated
    text), taken from the queryset the helper builds."""
    captured: list[tuple[str, Any]] = []

    def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        chosen.daily(since=since)
    return captured[-1]
