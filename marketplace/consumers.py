"""Shared WebSocket consumers, and the guard refusing sockets cleanly while a backend is down."""

from __future__ import annotations

import json
import logging
from typing import Any

import redis
from channels.generic.websocket import WebsocketConsumer
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import translation

from marketplace.errors import ErrorCode

logger = logging.getLogger(__name__)

# 4503 mirrors HTTP 503, as 4401 and 4403 mirror 401 and 403 (Daphne's autobahn refuses RFC
# 6455's 1013 "Try Again Later" from a server): the client may reconnect in a little while.
CLOSE_SERVICE_UNAVAILABLE = 4503

# A backend that does not answer: Redis (channel layer) or the database.
BACKEND_UNAVAILABLE_ERRORS: tuple[type[BaseException], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
    TimeoutError,
    OperationalError,
    InterfaceError,
)

Scope = dict[str, Any]
Receive = Any
Send = Any


class UnknownRouteConsumer(WebsocketConsumer):
    """Refuses the handshake (HTTP 403) for any path no app serves, instead of erroring."""

    def connect(self) -> None:
        self.close()


class RefuseWhileBackendsAreDown:
    """ASGI middleware of the WebSocket routes: when Redis or the database does not answer
    (joining the channel layer, reading the session, a consumer's first queries), the socket gets
    an `error` event (`SERVICE_UNAVAILABLE`) and close code 4503 instead of the server's 500
    traceback; the client reconnects later. Any other exception still propagates."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        accepted = closed = False

        async def watched_send(message: dict[str, Any]) -> None:
            nonlocal accepted, closed
            if message["type"] == "websocket.accept":
                accepted = True
            elif message["type"] == "websocket.close":
                closed = True
            await send(message)

        try:
            await self.application(scope, receive, watched_send)
            return
        except BACKEND_UNAVAILABLE_ERRORS as error:
            logger.warning(
                "WebSocket refused: a backend is unavailable (%s)", error.__class__.__name__
            )
        if closed:
            return
        if not accepted:
            accept: dict[str, Any] = {"type": "websocket.accept"}
            subprotocols = scope.get("subprotocols") or []
            if subprotocols:  # a client that offered subprotocols fails the handshake without one
                accept["subprotocol"] = subprotocols[0]
            await send(accept)
        with translation.override(settings.LANGUAGE_CODE):
            message = str(ErrorCode.SERVICE_UNAVAILABLE.message)
        event = {
            "type": "error",
            "data": {"code": ErrorCode.SERVICE_UNAVAILABLE.value, "message": message},
        }
        await send({"type": "websocket.send", "text": json.dumps(event, ensure_ascii=False)})
        await send({"type": "websocket.close", "code": CLOSE_SERVICE_UNAVAILABLE})
