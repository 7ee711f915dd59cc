"""Chat fixtures: a buyer (`user`) and a seller (`other_user`) talking about one listing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

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


LIST = "/api/conversations"  # GET: the viewer's conversations


def messages_url(conversation: Conversation | str) -> str:
    key = conversation.pk if isinstance(conversation, Conversation) else conversation
    return f"/api/conversations/{key}/messages"


def action_url(conversation: Conversation | str, action: str) -> str:
    key = conversation.pk if isinstance(conversation, Conversation) else conversation
    return f"/api/conversations/{key}/{action}"


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert body["success"] is False
    return dict(body["error"])
