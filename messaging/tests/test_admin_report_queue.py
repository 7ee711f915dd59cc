"""The one report queue in the admin (/yonetim/messaging/report/), as a "Moderatörler" member:
listing, message and user reports together; dismiss, hide, warn, suspend, ban; each action closes
the report(s) and writes audit entries; reading a reported conversation is logged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from integrations.models import Notification
from marketplace.models import AuditAction, AuditEntry, User
from marketplace.roles import staff_roles_ensure
from marketplace.tests.factories import UserFactory
from messaging import services
from messaging.models import Conversation, Message, Report, ReportStatus
from messaging.tests.conftest import send_at
from parts.models import PartStatus
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db

REPORTS = "/yonetim/messaging/report/"
MESSAGES = "/yonetim/messaging/message/"


@pytest.fixture
def moderator() -> User:
    staff_roles_ensure()
    user = UserFactory.create(is_staff=True)
    user.groups.add(Group.objects.get(name="Moderatörler"))
    return user


@pytest.fixture
def moderator_client(moderator: User) -> Client:
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def support_client() -> Client:
    staff_roles_ensure()
    support = UserFactory.create(is_staff=True)
    support.groups.add(Group.objects.get(name="Destek"))
    client = Client()
    client.force_login(support)
    return client


def act(client: Client, action: str, *reports: Report) -> Any:
    return client.post(
        REPORTS,
        {"action": action, "_selected_action": [str(item.pk) for item in reports], "index": 0},
        follow=True,
    )


def audit(action: str, target: Any) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(action=action, target_id=str(target.pk)).order_by("created_at")
    )


def test_one_queue_open_first_oldest_first_with_content_reporter_and_reason(
    moderator_client: Client, conversation: Conversation, buyer: User, seller: User
) -> None:
    seller.display_name = "Oto Çıkmacı Hasan"
    seller.save(update_fields=["display_name"])
    part = make_part(seller=seller, title="Golf 7 sol far")
    scam = send_at(conversation, seller, "Kaporayı <b>IBAN</b>'a yatırın")
    listing_report = services.part_report_create(reporter=buyer, part=part, reason="fraud")
    message_report = services.report_create(
        reporter=buyer, conversation=conversation, reason="fraud", message_id=scam.pk
    )
    user_report = services.user_report_create(
        reporter=UserFactory.create(), user=seller, reason="abuse"
    )
    closed = services.user_report_create(reporter=buyer, user=seller, reason="spam")
    Report.objects.filter(pk=closed.pk).update(status=ReportStatus.DISMISSED)
    Report.objects.filter(pk=listing_report.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )

    response = moderator_client.get(REPORTS)

    rows = list(response.context["cl"].result_list)
    assert [row.pk for row in rows] == [
        listing_report.pk,
        message_report.pk,
        user_report.pk,
        closed.pk,
    ]
    assertContains(response, "Golf 7 sol far (Yayında)")
    assertContains(response, "Kaporayı &lt;b&gt;IBAN&lt;/b&gt;")
    assertContains(response, "Oto Çıkmacı Hasan")
    assertContains(response, "Dolandırıcılık")
    assertContains(response, buyer.email)


def test_dismiss_closes_only_that_report_and_is_audited(
    moderator_client: Client, moderator: User, buyer: User, seller: User
) -> None:
    report = services.user_report_create(reporter=buyer, user=seller, reason="spam")

    response = act(moderator_client, "dismiss_reports", report)

    assertContains(response, "Şikâyet reddedildi.")
    report.refresh_from_db()
    assert (report.status, report.handled_by) == (ReportStatus.DISMISSED, moderator)
    [entry] = audit(AuditAction.REPORT_DISMISS, report)
    assert entry.actor == moderator
    assert entry.reason.startswith(f"report {report.pk}:")
    assert entry.after == {"status": "dismissed", "outcome": "dismiss"}
    # Handled once: a second press changes nothing and writes nothing.
    act(moderator_client, "dismiss_reports", report)
    assert len(audit(AuditAction.REPORT_DISMISS, report)) == 1


def test_hiding_a_reported_message_closes_every_report_about_it(
    moderator_client: Client, moderator: User, conversation: Conversation, buyer: User, seller: User
) -> None:
    scam = send_at(conversation, seller, "Kapora gönderin")
    first = services.report_create(
        reporter=buyer, conversation=conversation, reason="fraud", message_id=scam.pk
    )

    act(moderator_client, "hide_content", first)

    scam.refresh_from_db()
    first.refresh_from_db()
    assert scam.hidden_at is not None
    assert first.status == ReportStatus.RESOLVED
    [hidden] = audit(AuditAction.MESSAGE_HIDE, scam)
    assert hidden.reason.startswith(f"report {first.pk}:")
    assert audit(AuditAction.REPORT_RESOLVE, first)[0].after["outcome"] == "hide"


def test_hiding_a_reported_listing_suspends_it(
    moderator_client: Client, buyer: User, seller: User
) -> None:
    part = make_part(seller=seller)
    report = services.part_report_create(reporter=buyer, part=part, reason="spam")
    other = services.part_report_create(reporter=UserFactory.create(), part=part, reason="fraud")

    act(moderator_client, "hide_content", report)

    part.refresh_from_db()
    assert part.status == PartStatus.SUSPENDED
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.RESOLVED}
    assert audit(AuditAction.PART_STATUS_CHANGE, part)[0].reason.startswith(f"report {report.pk}")
    assert {entry.target_id for entry in AuditEntry.objects.filter(action="report_resolve")} == {
        str(report.pk),
        str(other.pk),
    }


def test_a_user_report_has_no_content_to_hide(
    moderator_client: Client, buyer: User, seller: User
) -> None:
    report = services.user_report_create(reporter=buyer, user=seller, reason="abuse")

    response = act(moderator_client, "hide_content", report)

    assertContains(response, "gizlenecek bir içerik yok")
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN
    assert not AuditEntry.objects.filter(target_id=str(report.pk)).exists()


def test_warning_notifies_the_reported_user_through_the_outbox(
    moderator_client: Client, moderator: User, buyer: User, seller: User
) -> None:
    report = services.user_report_create(reporter=buyer, user=seller, reason="abuse")

    act(moderator_client, "warn_users", report)

    [notice] = Notification.objects.filter(event="user_warning")
    assert notice.user_id == seller.pk
    assert notice.context["reason"] == "Hakaret veya taciz"
    [warned] = audit(AuditAction.USER_WARN, seller)
    assert (warned.actor, warned.reason.startswith(f"report {report.pk}")) == (moderator, True)
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED


def test_suspend_takes_down_every_active_listing_of_the_reported_user(
    moderator_client: Client, buyer: User, seller: User
) -> None:
    listings = [make_part(seller=seller), make_part(seller=seller)]
    untouched = make_part(seller=buyer)
    report = services.part_report_create(reporter=buyer, part=listings[0], reason="fraud")

    act(moderator_client, "suspend_listings", report)

    for part in listings:
        part.refresh_from_db()
        assert part.status == PartStatus.SUSPENDED
        assert len(audit(AuditAction.PART_STATUS_CHANGE, part)) == 1
    untouched.refresh_from_db()
    assert untouched.status == PartStatus.ACTIVE
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED


def test_ban_uses_the_report_as_the_reason_and_closes_every_report_about_the_user(
    moderator_client: Client,
    moderator: User,
    conversation: Conversation,
    buyer: User,
    seller: User,
) -> None:
    report = services.user_report_create(reporter=buyer, user=seller, reason="fraud")
    other = services.report_create(reporter=buyer, conversation=conversation, reason="abuse")

    response = act(moderator_client, "ban_users", report)

    assertContains(response, "Şikâyet edilen kullanıcı engellendi.")
    seller.refresh_from_db()
    assert not seller.is_active
    assert seller.ban_reason.startswith(f"report {report.pk}:")
    [ban] = audit(AuditAction.USER_BAN, seller)
    assert ban.actor == moderator
    for item in (report, other):
        item.refresh_from_db()
        assert item.status == ReportStatus.RESOLVED
        assert audit(AuditAction.REPORT_RESOLVE, item)[0].after["outcome"] == "ban"


def test_a_reported_conversation_is_read_through_the_report_and_each_reading_is_logged(
    moderator_client: Client,
    moderator: User,
    support_client: Client,
    conversation: Conversation,
    buyer: User,
    seller: User,
) -> None:
    send_at(conversation, buyer, "Parça duruyor mu?")
    scam = send_at(conversation, seller, "<script>x()</script> Kapora gönderin")
    report = services.report_create(
        reporter=buyer, conversation=conversation, reason="fraud", message_id=scam.pk
    )
    url = f"{REPORTS}{report.pk}/conversation/"
    assertContains(moderator_client.get(f"{REPORTS}{report.pk}/change/"), url)

    for _ in range(2):
        page = moderator_client.get(url)
        assert page.status_code == 200
        assertContains(page, "Parça duruyor mu?")
        assertContains(page, "&lt;script&gt;x()&lt;/script&gt; Kapora gönderin")
        assertNotContains(page, "<script>x()</script>")

    readings = audit(AuditAction.CONVERSATION_READ, conversation)
    assert len(readings) == 2
    assert {(entry.actor, entry.reason.split(":")[0]) for entry in readings} == {
        (moderator, f"report {report.pk}")
    }
    # Support staff see the queue but do not read conversations; nothing is logged for them.
    assert support_client.get(url).status_code == 403
    # A report about a user alone names no conversation.
    alone = services.user_report_create(reporter=buyer, user=seller, reason="spam")
    assert moderator_client.get(f"{REPORTS}{alone.pk}/conversation/").status_code == 404
    assert len(audit(AuditAction.CONVERSATION_READ, conversation)) == 2


def test_the_message_screens_show_no_text_without_a_report(
    moderator_client: Client, conversation: Conversation, buyer: User, seller: User
) -> None:
    private = send_at(conversation, buyer, "Yarın 10'da dükkandayım")
    reported = send_at(conversation, seller, "Önce kapora lazım")
    services.report_create(
        reporter=buyer, conversation=conversation, reason="fraud", message_id=reported.pk
    )

    listing = moderator_client.get(MESSAGES)
    assertNotContains(listing, "Yarın 10&#x27;da dükkandayım")
    assertNotContains(listing, "dükkandayım")
    assertContains(listing, "Önce kapora lazım")
    assertContains(listing, "yalnızca bir şikâyet üzerinden gösterilir")
    detail = moderator_client.get(f"{MESSAGES}{private.pk}/change/")
    assert detail.status_code == 200
    assertNotContains(detail, "dükkandayım")
    assert Message.objects.count() == 2


def test_support_staff_see_the_queue_but_take_no_action(
    support_client: Client, buyer: User, seller: User
) -> None:
    report = services.user_report_create(reporter=buyer, user=seller, reason="spam")
    response = support_client.get(REPORTS)
    assert response.status_code == 200
    assert response.context["action_form"] is None
    for action in (
        "dismiss_reports",
        "hide_content",
        "warn_users",
        "suspend_listings",
        "ban_users",
    ):
        act(support_client, action, report)
    report.refresh_from_db()
    seller.refresh_from_db()
    assert (report.status, seller.is_active) == (ReportStatus.OPEN, True)
    assert not AuditEntry.objects.filter(target_id__in=[str(report.pk), str(seller.pk)]).exists()
