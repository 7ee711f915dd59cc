"""Chat fixtures: a buyer (`user`) and a seller (`other_user`) talking about one listing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from marketplace.models import User
from messaging import services
from messaging.models import Conversation, Message
from parts.tests.factories import make_part


@pytest.fixture
def buyer(user: User) -> User:
    return user


@pytest.fixture
def seller(other_user: User) -> User:
    return other_user


@pytest.fixture
def conversation(buyer: User, seller: User) -> Conversation:
    return services.conversation_open(part=make_part(seller=seller), buyer=buyer)


def send_at(
    conversation: Conversation, sender: User, content: str, *, at: datetime | None = None
) -> Message:
    """Sends through the service, then pins the time (paging tests need distinct, known times)."""
    message = services.message_send(conversation_id=conversation.pk, sender=sender, content=content)
    if at is not None:
        Message.objects.filter(pk=message.pk).update(created_at=at)
        message.refresh_from_db()
    return message


def minutes_ago(minutes: int) -> datetime:
    return timezone.now() - timedelta(minutes=minutes)
