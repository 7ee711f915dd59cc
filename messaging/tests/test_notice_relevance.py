"""Messaging decides whether a held-back new-message notice is still sent (registered with the
notification outbox from MessagingConfig.ready(); test_services checks it end to end: a notice
read before delivery is dropped)."""

from __future__ import annotations

import uuid

from marketplace.models import User
from messaging import services
from messaging.models import Conversation
from messaging.notice_relevance import new_message_notice_relevance


def test_the_notice_tells_the_unread_count_until_read(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    context = {"conversation_id": str(conversation.pk)}
    services.message_send(conversation_id=conversation.pk, sender=buyer, content="Merhaba")
    services.message_send(conversation_id=conversation.pk, sender=buyer, content="Orada mısınız?")
    assert new_message_notice_relevance(user_id=seller.pk, context=context) == (
        True,
        "",
        {"count": 2},
    )
    services.conversation_mark_read(conversation=conversation, reader=seller)
    assert new_message_notice_relevance(user_id=seller.pk, context=context) == (
        False,
        "read in time",
        {},
    )


def test_a_notice_about_a_conversation_gone_is_dropped(seller: User) -> None:
    for context in ({"conversation_id": str(uuid.uuid4())}, {}):
        assert new_message_notice_relevance(user_id=seller.pk, context=context) == (
            False,
            "conversation gone",
            {},
        )
