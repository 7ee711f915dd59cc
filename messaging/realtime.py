"""Pushing chat events to connected WebSockets through the channel layer.

Every socket of a user joins that user's group on connect; an event of a conversation goes to the
groups of both participants, and each consumer forwards it only for conversations its client
subscribed to. In-memory on the embedded default, Redis in production.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import threading
import uuid
from collections.abc import Coroutine, Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

logger = logging.getLogger(__name__)
# A publish that takes longer than this is given up (and logged): the message is stored anyway.
PUBLISH_TIMEOUT_SECONDS = 5.0


class _PublisherLoop:
    """One event loop per process, in a daemon thread, that sync code publishes through.

    `async_to_sync` from a sync worker (Gunicorn, Celery) starts a new event loop for every call,
    and channels_redis keeps its connections per loop, so each message paid for a fresh Redis
    connection and its teardown (about 7 ms of a 30 ms send). One long-lived loop keeps one.
    Restarted after a fork (the thread does not survive it).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pid: int | None = None

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._pid != os.getpid():
                loop = asyncio.new_event_loop()
                threading.Thread(
                    target=loop.run_forever, name="chat-publisher", daemon=True
                ).start()
                self._loop, self._pid = loop, os.getpid()
            return self._loop

    def run(self, coroutine: Coroutine[Any, Any, None]) -> None:
        future = asyncio.run_coroutine_threadsafe(coroutine, self._running_loop())
        future.result(timeout=PUBLISH_TIMEOUT_SECONDS)


_publisher = _PublisherLoop()


def _run_in_async(layer: Any, coroutine: Coroutine[Any, Any, None]) -> None:
    """Runs a channel-layer coroutine from sync code and waits for it."""
    if isinstance(layer, InMemoryChannelLayer):
        # Its queues belong to the loop of the consumers (the embedded default runs everything
        # in one process): async_to_sync hands the call to that loop.
        async def awaited() -> None:
            await coroutine

        async_to_sync(awaited)()
        return
    _publisher.run(coroutine)


def user_group_name(user_id: uuid.UUID | str) -> str:
    return f"user.{user_id}"


def conversation_event_publish(
    *,
    conversation_id: uuid.UUID,
    user_ids: Iterable[uuid.UUID],
    event_type: str,
    data: dict[str, Any],
) -> None:
    """Sends `{"type": event_type, "data": data}` to every socket of the given users.

    Called after the database commit; a channel layer that is down must not undo what was stored,
    so failures are logged (clients fetch what they missed with `after` on reconnect).
    """
    conversation_events_publish(
        conversation_id=conversation_id, user_ids=user_ids, events=[(event_type, data)]
    )


def conversation_events_publish(
    *,
    conversation_id: uuid.UUID,
    user_ids: Iterable[uuid.UUID],
    events: list[tuple[str, dict[str, Any]]],
) -> None:
    """Several events of one conversation, in order, in one trip into async code: from a sync
    worker (WSGI, Celery) each async_to_sync call starts an event loop and a Redis connection."""
    layer = get_channel_layer()
    if layer is None or not events:
        return
    groups = [user_group_name(user_id) for user_id in set(user_ids)]
    envelopes = [
        {
            "type": "chat.event",
            "conversation_id": str(conversation_id),
            "event": {"type": event_type, "data": data},
        }
        for event_type, data in events
    ]
    try:
        _run_in_async(layer, _group_send_each(layer, groups, envelopes))
    except Exception:  # no way into async code here: the message is stored all the same
        logger.exception("chat events not delivered")


async def _group_send_each(layer: Any, groups: list[str], envelopes: list[dict[str, Any]]) -> None:
    """Each event to every group, in order per group; the groups of one event at once (one round
    trip to Redis for both participants instead of one each)."""

    async def group_send(group: str, envelope: dict[str, Any]) -> None:
        try:
            await layer.group_send(group, envelope)
        except Exception:  # delivery is best effort: the message is already stored
            logger.exception(
                "chat event not delivered", extra={"event_type": envelope["event"]["type"]}
            )

    for envelope in envelopes:
        await asyncio.gather(*(group_send(group, envelope) for group in groups))


USER_SOCKETS_CLOSE = "user.sockets.close"


def user_sockets_close(*, user_id: uuid.UUID) -> None:
    """Ends every open chat socket of the user (banned, deleted): an open connection must not keep
    receiving what the account may no longer see. Called after commit; best effort like the rest."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        _run_in_async(
            layer, layer.group_send(user_group_name(user_id), {"type": USER_SOCKETS_CLOSE})
        )
    except Exception:
        logger.exception("chat sockets not closed")


USER_SESSION_ENDED = "user.session.ended"


def session_fingerprint(session_key: str) -> str:
    """What identifies a browser session on the channel layer: never the session key itself,
    which would let anyone reading Redis traffic take the session over."""
    return hashlib.sha256(f"chat-session:{session_key}".encode()).hexdigest()


def user_session_sockets_close(*, user_id: uuid.UUID, session_key: str) -> None:
    """Ends the chat sockets that were authenticated by this browser session (logout)."""
    layer = get_channel_layer()
    if layer is None:
        return
    event = {"type": USER_SESSION_ENDED, "session": session_fingerprint(session_key)}
    try:
        _run_in_async(layer, layer.group_send(user_group_name(user_id), event))
    except Exception:
        logger.exception("chat sockets of the session not closed")
