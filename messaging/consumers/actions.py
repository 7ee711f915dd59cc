"""What a chat socket does in the database: each a whole messaging service call, run in a
worker thread."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

from channels.db import DatabaseSyncToAsync

from marketplace.models import User
from messaging import services
from messaging.serializers import message_data

P = ParamSpec("P")
R = TypeVar("R")


def in_database_thread(function: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """Runs a service call in a worker thread (Channels closes stale connections around it).

    Not thread-sensitive: each call is a whole service call with its own transaction, so the
    calls of many sockets may run side by side instead of queueing on one database thread.
    """
    return DatabaseSyncToAsync(function, thread_sensitive=False)


@in_database_thread
def conversation_subscribe(*, user: User, conversation_id: str) -> str:
    conversation = services.conversation_get_for_participant(
        conversation_id=conversation_id, user=user
    )
    return str(conversation.pk)


@in_database_thread
def typing_send(*, user: User, conversation_id: str, typing: bool) -> None:
    conversation = services.conversation_get_for_participant(
        conversation_id=conversation_id, user=user
    )
    services.typing_publish(conversation=conversation, user=user, typing=typing)


@in_database_thread
def conversation_read(*, user: User, conversation_id: str) -> int:
    conversation = services.conversation_get_for_participant(
        conversation_id=conversation_id, user=user
    )
    return len(services.conversation_mark_read(conversation=conversation, reader=user))


@in_database_thread
def message_send(*, user: User, conversation_id: str, content: object) -> dict[str, Any]:
    message = services.message_send(conversation_id=conversation_id, sender=user, content=content)
    return message_data(message)
