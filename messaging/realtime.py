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

import redis
from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer
from channels_redis.pubsub import RedisPubSubChannelLayer

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


class _PubSubPublisher:
    """Publishes group messages of channels_redis' pub/sub layer straight from sync code: one
    pipelined round trip to Redis on a per-process connection pool, no hop into an event loop.

    Only for a layer with a single Redis host, where it writes what the layer's own group_send
    writes: the layer's serialisation of the message, PUBLISHed to `<prefix>__group__<group>`
    (channels_redis 4.x; `test_message_stored_by_another_process_reaches_daphnes_sockets_through_
    redis` fails if that ever changes). Other set-ups go through the publisher loop.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: dict[tuple[int, str], redis.Redis] = {}

    @staticmethod
    def address(layer: Any) -> str | None:
        if not isinstance(layer, RedisPubSubChannelLayer):
            return None
        hosts = layer._kwargs.get("hosts")
        if not isinstance(hosts, list | tuple) or len(hosts) != 1 or not isinstance(hosts[0], str):
            return None
        return hosts[0]

    def _client(self, address: str) -> redis.Redis:
        key = (os.getpid(), address)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = redis.Redis.from_url(
                    address,
                    socket_timeout=PUBLISH_TIMEOUT_SECONDS,
                    socket_connect_timeout=PUBLISH_TIMEOUT_SECONDS,
                )
                self._clients[key] = client
            return client

    def send(self, layer: Any, address: str, messages: list[tuple[str, dict[str, Any]]]) -> None:
        prefix = layer._kwargs.get("prefix", "asgi")
        pipeline = self._client(address).pipeline(transaction=False)
        for group, message in messages:
            pipeline.publish(f"{prefix}__group__{group}", layer.serialize(message))
        pipeline.execute()


_pubsub_publisher = _PubSubPublisher()


def _group_messages_send(layer: Any, messages: list[tuple[str, dict[str, Any]]]) -> None:
    """Sends each (group, message) from sync code, in order; waits until they are out."""
    address = _PubSubPublisher.address(layer)
    if address is not None:
        _pubsub_publisher.send(layer, address, messages)
        return
    _run_in_async(layer, _group_send_each(layer, messages))


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


class ChannelLayerUnavailable(Exception):
    pass


def channel_layer_check(*, timeout: float) -> None:
    """Raises unless the channel layer can carry events (for `/api/health`).

    channels_redis' pub/sub layer with one Redis: a PING to that Redis, which is all a publish
    needs. A message through a fresh subscription would cost over 100 ms a probe (the layer
    waits that long before its first SUBSCRIBE). Other layers: a message sent to a new channel
    and received back.
    """
    layer = get_channel_layer()
    if layer is None:
        raise ChannelLayerUnavailable("no channel layer configured")
    address = _PubSubPublisher.address(layer)
    if address is not None:
        client = redis.Redis.from_url(
            address, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        try:
            if not client.ping():
                raise ChannelLayerUnavailable("Redis did not answer PING")
        finally:
            client.close()
        return

    async def round_trip() -> None:
        channel = await layer.new_channel("health.")
        await layer.send(channel, {"type": "health.ping"})
        message = await asyncio.wait_for(layer.receive(channel), timeout=timeout)
        if message.get("type") != "health.ping":
            raise ChannelLayerUnavailable("message did not round-trip")

    async_to_sync(round_trip)()


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
    users = set(user_ids)
    conversation_user_events_publish(
        conversation_id=conversation_id,
        events=[(user_id, event_type, data) for event_type, data in events for user_id in users],
    )


def conversation_user_events_publish(
    *,
    conversation_id: uuid.UUID,
    events: list[tuple[uuid.UUID, str, dict[str, Any]]],
) -> None:
    """(user id, event type, data) of one conversation, in order, in one trip: for events whose
    data differs per participant (a new message's scam warning goes to its recipient only)."""
    layer = get_channel_layer()
    if layer is None or not events:
        return
    messages = [
        (
            user_group_name(user_id),
            {
                "type": "chat.event",
                "conversation_id": str(conversation_id),
                "event": {"type": event_type, "data": data},
            },
        )
        for user_id, event_type, data in events
    ]
    try:
        _group_messages_send(layer, messages)
    except Exception:  # no way into async code here: the message is stored all the same
        logger.exception("chat events not delivered")


async def _group_send_each(layer: Any, messages: list[tuple[str, dict[str, Any]]]) -> None:
    for group, message in messages:
        try:
            await layer.group_send(group, message)
        except Exception:  # delivery is best effort: the message is already stored
            logger.exception("chat event not delivered", extra={"message_type": message["type"]})


USER_SOCKETS_CLOSE = "user.sockets.close"


def user_sockets_close(*, user_id: uuid.UUID) -> None:
    """Ends every open chat socket of the user (banned, deleted): an open connection must not keep
    receiving what the account may no longer see. Called after commit; best effort like the rest."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        _group_messages_send(layer, [(user_group_name(user_id), {"type": USER_SOCKETS_CLOSE})])
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
        _group_messages_send(layer, [(user_group_name(user_id), event)])
    except Exception:
        logger.exception("chat sockets of the session not closed")


USER_PASSWORD_CHANGED = "user.password.changed"  # noqa: S105 - an event type


def user_sockets_close_after_password_change(
    *, user_id: uuid.UUID, keep_session_key: str | None
) -> None:
    """Ends the user's chat sockets after a password change or reset (401, reason
    `password_changed`), except those of the browser session `keep_session_key`."""
    layer = get_channel_layer()
    if layer is None:
        return
    event = {
        "type": USER_PASSWORD_CHANGED,
        "keep": session_fingerprint(keep_session_key) if keep_session_key else None,
    }
    try:
        _group_messages_send(layer, [(user_group_name(user_id), event)])
    except Exception:
        logger.exception("chat sockets not closed after a password change")
