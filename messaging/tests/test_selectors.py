"""The chat's reads: fixed query counts, the viewer's side of each conversation, unread totals."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.models import User
from marketplace.tests.factories import UserFactory
from messaging import selectors, services
from messaging.models import Conversation
from messaging.tests.conftest import minutes_ago, send_at
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db


def _list_and_touch_everything(user: User) -> int:
    """Queries for one inbox page, including every field the API and the page show."""
    with CaptureQueriesContext(connection) as captured:
        page = selectors.conversation_list_for_user(user=user)
        for item in page.items:
            _ = (item.other_user.public_name, item.conversation.part.title)
            _ = [image.pk for image in item.conversation.part.images.all()]
    return len(captured)


def test_conversation_list_needs_the_same_queries_for_1_or_12_conversations(user: User) -> None:
    services.conversation_open(part=make_part(), buyer=user)
    one = _list_and_touch_everything(user)
    for _ in range(6):
        services.conversation_open(part=make_part(), buyer=user)
        services.conversation_open(part=make_part(seller=user), buyer=UserFactory.create())
    assert _list_and_touch_everything(user) == one <= 3


def test_unread_total_adds_the_viewers_side_of_every_conversation_in_one_query(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    selling = services.conversation_open(part=make_part(seller=buyer), buyer=UserFactory.create())
    send_at(conversation, seller, "Bir")
    send_at(conversation, seller, "İki")
    send_at(conversation, buyer, "Benim mesajım sayılmaz")
    send_at(selling, selling.buyer, "Üç")
    with CaptureQueriesContext(connection) as captured:
        assert selectors.unread_total_for_user(user=buyer) == 3
    assert len(captured) == 1
    assert selectors.unread_total_for_user(user=seller) == 1
    assert selectors.unread_total_for_user(user=UserFactory.create()) == 0


def test_message_pages_skip_hidden_messages_and_know_when_more_exist(
    conversation: Conversation, buyer: User, seller: User, staff_user: User
) -> None:
    sent = [send_at(conversation, seller, f"M{n}", at=minutes_ago(30 - n)) for n in range(4)]
    services.message_hide(message_ids=[sent[3].pk], staff=staff_user)
    page = selectors.message_list_for_conversation(conversation=conversation, limit=2)
    assert [m.content for m in page.messages] == ["M1", "M2"]
    assert page.has_more is True
    assert page.oldest_message_timestamp == sent[1].created_at
    after = selectors.message_list_for_conversation(
        conversation=conversation, after=sent[0].created_at
    )
    assert [m.content for m in after.messages] == ["M1", "M2"]
    assert after.has_more is False


def test_detail_is_none_for_non_participants_and_malformed_ids(
    conversation: Conversation, buyer: User
) -> None:
    stranger = UserFactory.create()
    assert (
        selectors.conversation_detail_for_participant(
            conversation_id=conversation.pk, user=stranger
        )
        is None
    )
    assert (
        selectors.conversation_detail_for_participant(conversation_id="bozuk", user=buyer) is None
    )
    item = selectors.conversation_detail_for_participant(
        conversation_id=conversation.pk, user=buyer
    )
    assert item is not None
    assert (item.user_role, item.other_user) == ("buyer", conversation.seller)
