"""Chat moderation in the admin (/yonetim/): suspicious messages, hiding, reports, roles."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from marketplace.models import User
from marketplace.roles import staff_roles_ensure
from marketplace.tests.factories import UserFactory
from messaging import services
from messaging.models import Conversation, Message, Report, ReportStatus
from messaging.tests.conftest import send_at
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db

MESSAGES = "/yonetim/messaging/message/"
REPORTS = "/yonetim/messaging/report/"
CONVERSATIONS = "/yonetim/messaging/conversation/"
BLOCKS = "/yonetim/messaging/userblock/"


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


def run_action(client: Client, url: str, action: str, *objects: Any) -> Any:
    return client.post(
        url,
        {"action": action, "_selected_action": [str(item.pk) for item in objects], "index": 0},
        follow=True,
    )


def listed(response: Any) -> list[Any]:
    return list(response.context["cl"].result_list)


def test_suspicious_filter_shows_flagged_messages_escaped(
    moderator_client: Client, conversation: Conversation, buyer: User, seller: User
) -> None:
    send_at(conversation, buyer, "Parça duruyor mu?")
    flagged = send_at(conversation, seller, "<script>x()</script> Beni arayın: 0532 123 45 67")
    assert flagged.flagged_reason == "phone"

    response = moderator_client.get(MESSAGES, {"flagged": "yes"})

    assert response.status_code == 200
    assert listed(response) == [flagged]
    assertContains(response, "&lt;script&gt;x()&lt;/script&gt;")
    assertNotContains(response, "<script>x()</script>")


def test_hide_and_unhide_actions(
    moderator_client: Client, conversation: Conversation, buyer: User, seller: User
) -> None:
    message = send_at(conversation, seller, "IBAN: TR33 0006 1005 1978 6457 8413 26")
    run_action(moderator_client, MESSAGES, "hide_messages", message)
    message.refresh_from_db()
    assert message.hidden_at is not None
    assert listed(moderator_client.get(MESSAGES, {"hidden": "yes"})) == [message]
    assert services.conversation_get_for_participant(conversation_id=conversation.pk, user=buyer)

    response = run_action(moderator_client, MESSAGES, "unhide_messages", message)
    assertContains(response, "1 mesaj yeniden gösteriliyor.")
    message.refresh_from_db()
    assert message.hidden_at is None


def test_report_queue_resolve_and_dismiss_record_who_and_when(
    moderator_client: Client,
    moderator: User,
    conversation: Conversation,
    buyer: User,
    seller: User,
) -> None:
    scam = send_at(conversation, seller, "Kapora gönderin")
    first = services.report_create(
        reporter=buyer, conversation=conversation, reason="fraud", message_id=scam.pk
    )
    second = services.report_create(reporter=seller, conversation=conversation, reason="abuse")

    queue = moderator_client.get(REPORTS, {"status__exact": "open"})
    assert set(listed(queue)) == {first, second}
    # The queue shows the reported text itself; the links are on the report's page.
    assertContains(queue, "Kapora gönderin")
    detail = moderator_client.get(f"{REPORTS}{first.pk}/change/")
    assertContains(detail, f"/yonetim/messaging/message/{scam.pk}/change/")
    assertContains(detail, f"/yonetim/messaging/conversation/{conversation.pk}/change/")

    resolved = run_action(moderator_client, REPORTS, "hide_content", first)
    assertContains(resolved, "Şikâyet edilen içerik gizlendi.")
    run_action(moderator_client, REPORTS, "dismiss_reports", second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.handled_by) == (ReportStatus.RESOLVED, moderator)
    assert (second.status, second.handled_by) == (ReportStatus.DISMISSED, moderator)
    assert first.handled_at
    assert second.handled_at
    # A handled report is not handled again.
    run_action(moderator_client, REPORTS, "dismiss_reports", first)
    first.refresh_from_db()
    assert first.status == ReportStatus.RESOLVED
    detail = moderator_client.get(f"{REPORTS}{first.pk}/change/")
    assertContains(detail, "Kapora gönderin")


def test_conversations_are_found_by_participant_email_and_part_title(
    moderator_client: Client, conversation: Conversation, seller: User
) -> None:
    other = services.conversation_open(
        part=make_part(title="Clio 2 Sol Stop Lambası"),
        buyer=UserFactory.create(),
    )
    assert listed(moderator_client.get(CONVERSATIONS, {"q": seller.email})) == [conversation]
    assert listed(moderator_client.get(CONVERSATIONS, {"q": "Clio 2 Sol"})) == [other]
    assert listed(moderator_client.get(CONVERSATIONS, {"status__exact": "closed"})) == []


def test_blocks_are_read_only_and_nothing_is_added_or_deleted_by_hand(
    moderator_client: Client, conversation: Conversation, buyer: User
) -> None:
    block = services.user_block(blocker=buyer, conversation=conversation)
    assert moderator_client.get(BLOCKS).status_code == 200
    detail = moderator_client.get(f"{BLOCKS}{block.pk}/change/")
    assertNotContains(detail, 'name="_save"')
    for url in (MESSAGES, REPORTS, CONVERSATIONS, BLOCKS):
        assert moderator_client.get(f"{url}add/").status_code == 403
    assert Message.objects.count() == 0
    assert Report.objects.count() == 0


def test_support_staff_read_reports_but_cannot_act(conversation: Conversation, buyer: User) -> None:
    staff_roles_ensure()
    support = UserFactory.create(is_staff=True)
    support.groups.add(Group.objects.get(name="Destek"))
    client = Client()
    client.force_login(support)
    report = services.report_create(reporter=buyer, conversation=conversation, reason="spam")
    response = client.get(REPORTS)
    assert response.status_code == 200
    assert response.context["action_form"] is None  # no action is offered
    run_action(client, REPORTS, "dismiss_reports", report)
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN
    assert client.get(MESSAGES).status_code == 403


def test_staff_read_the_flag_reasons_as_turkish_words(
    moderator_client: Client, conversation: Conversation, buyer: User, seller: User
) -> None:
    flagged = send_at(
        conversation, seller, "Hesap TR33 0006 1005 1978 6457 8413 26, yoksa 0532 123 45 67"
    )
    assert flagged.flagged_reason == "iban,phone"

    listing = moderator_client.get(MESSAGES, {"flagged": "yes"})
    detail = moderator_client.get(f"{MESSAGES}{flagged.pk}/change/")

    for response in (listing, detail):
        assert response.status_code == 200
        assertContains(response, "IBAN, telefon numarası")
        assertNotContains(response, "iban,phone")


def test_a_report_shows_the_message_and_conversation_once_each_as_links(
    moderator_client: Client, conversation: Conversation, buyer: User, seller: User
) -> None:
    message = services.message_send(
        conversation_id=conversation.pk, sender=seller, content="Kapora gönder"
    )
    report = services.report_create(
        reporter=buyer, conversation=conversation, reason="spam", message_id=message.pk
    )

    page = moderator_client.get(f"{REPORTS}{report.pk}/change/").content.decode()

    assert page.count(">Mesaj:<") == 1
    assert page.count(">Sohbet:<") == 1
    assert f'href="/yonetim/messaging/message/{message.pk}/change/"' in page
