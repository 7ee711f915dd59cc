"""The live chat WebSocket at /api/websocket/connect: authentication, subscriptions, chat frames.

Protocol (JSON text frames, each `{"type": ..., "data": {...}}`):

Authentication, one of
- the browser session (cookie), only when the Origin header is this site's (cross-site pages
  cannot borrow the visitor's session);
- an access token in the handshake: query parameter `?token=<jwt>`, or the subprotocols
  `["bearer", "<jwt>"]` (the server accepts with subprotocol `bearer`); a bad or expired one
  refuses the handshake (HTTP 403);
- a first frame `{"type": "auth", "data": {"token": "<jwt>"}}` within
  `CHAT_WEBSOCKET_AUTH_TIMEOUT_SECONDS` (5 s); otherwise, or with a bad token, an `error` event
  (`UNAUTHORIZED`) and close code 4401.
Inactive (banned, deleted) users are refused like a bad token; a user banned or deleted while
connected gets an `error` event (`ACCOUNT_DISABLED`) and close code 4403.

A token-authenticated socket lives as long as its token: when the token expires the socket gets
an `error` event (`UNAUTHORIZED`, details `{"reason": "token_expired"}`, as the REST API answers
an expired token) and close code 4401, unless the client sent a fresh token before, in another
`auth` frame: same user only (another user's token closes the socket with 4401), answered with
`token_refreshed` {expires_at}; a bad fresh token gets an `error` event (`UNAUTHORIZED`, details
`{"reason": ...}`) and the socket keeps its current token. A session-authenticated socket ends
(`UNAUTHORIZED`, details `{"reason": "logged_out"}`, close code 4401) when that session logs out.

Client → server: `auth`, `subscribe_conversation` {conversation_id}, `unsubscribe_conversation`
{conversation_id}, `typing` {conversation_id, typing}, `mark_read` {conversation_id},
`send_message` {conversation_id, content}, `ping`.

Server → client: `connected` {user_id}, `token_refreshed` {expires_at},
`subscribed` / `unsubscribed` {conversation_id},
`message_sent` {conversation_id, message} (the sender's acknowledgement of `send_message`),
`pong`, `error` {code, message[, details]}, and for subscribed conversations the seed's
`new_message`, `message_read` and `typing` events. `new_message`'s message also carries
`warning`: for the recipient, `{"reasons": [...], "message": "<Turkish text>"}` when the text
looks like a scam (messaging.fraud), else null; always null on the sender's own sockets.

Bad frames (not JSON, not an object, unknown type, missing fields, over 8 KB) get an `error`
event with `VALIDATION_ERROR`; the connection stays open. The rules themselves live in
messaging.services, reached through worker threads (Channels' DatabaseSyncToAsync).

While Redis (the channel layer) or the database does not answer, a socket gets an `error` event
(`SERVICE_UNAVAILABLE`) and close code 4503 (marketplace.consumers.RefuseWhileBackendsAreDown);
the client reconnects a little later.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ParamSpec, TypeVar
from urllib.parse import parse_qs, urlsplit

from channels.consumer import get_handler_name
from channels.db import DatabaseSyncToAsync
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marketplace.errors import ERROR_MESSAGES, DomainError, ErrorCode
from marketplace.models import User
from marketplace.tokens import InvalidAccessToken, user_get_for_access_token
from messaging import services
from messaging.realtime import session_fingerprint, user_group_name

logger = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

CLOSE_UNAUTHORIZED = 4401  # 4000-4999: application codes; 4401 mirrors HTTP 401
CLOSE_ACCOUNT_DISABLED = 4403  # banned or deleted while connected
MAX_FRAME_BYTES = 8 * 1024
BEARER_SUBPROTOCOL = "bearer"
# Client frames: a burst of FRAME_BURST, then FRAME_RATE per second on average.
FRAME_BURST = 30
FRAME_RATE = 10.0
# channels_redis' core layer forgets group members after `group_expiry` (a day by default); an
# open socket renews its user's group membership well before that, whatever the layer.
GROUP_RENEW_SECONDS = 15 * 60
# The same typing state is relayed at most once per this many seconds per conversation.
TYPING_REPEAT_SECONDS = 2.0

INVALID_JSON = _("The message is not valid JSON")
UNKNOWN_TYPE = _("Unknown message type")
FRAME_TOO_LARGE = _("The message is too large")
FIELD_REQUIRED = _("A required field is missing or invalid")
ALREADY_AUTHENTICATED = _("This connection is already authenticated")


class FrameError(Exception):
    """A client frame that cannot be acted on; becomes an `error` event."""

    def __init__(
        self,
        code: ErrorCode,
        message: str | Promise | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.code = code
        self.message = message if message is not None else ERROR_MESSAGES[code]
        self.details = details
        super().__init__(str(code))


def origin_is_this_site(headers: dict[bytes, bytes]) -> bool:
    """True when the Origin is the host the browser connected to, or one of ALLOWED_HOSTS
    (Channels' AllowedHostsOriginValidator, but "*" never lets a foreign page in)."""
    raw_origin = headers.get(b"origin")
    if not raw_origin:
        return False
    try:
        origin = urlsplit(raw_origin.decode("latin1"))
    except ValueError:
        return False
    if origin.scheme not in {"http", "https"} or not origin.netloc:
        return False
    host = headers.get(b"host", b"").decode("latin1").lower()
    if host and origin.netloc.lower() == host:
        return True
    domain, _port = split_domain_port(origin.netloc)
    allowed = [pattern for pattern in settings.ALLOWED_HOSTS if pattern != "*"]
    return bool(domain) and validate_host(domain, allowed)


def handshake_token(scope: dict[str, Any]) -> tuple[str | None, str | None]:
    """(token, subprotocol to accept with) from the query string or the subprotocols."""
    subprotocols = list(scope.get("subprotocols") or [])
    if len(subprotocols) >= 2 and subprotocols[0].lower() == BEARER_SUBPROTOCOL:
        return subprotocols[1], subprotocols[0]
    query = parse_qs(scope.get("query_string", b"").decode("latin1"))
    tokens = query.get("token")
    if tokens and tokens[0]:
        return tokens[0], None
    return None, None


def in_database_thread(function: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """Runs a service call in a worker thread (Channels closes stale connections around it).

    Not thread-sensitive: each call is a whole service call with its own transaction, so the
    calls of many sockets may run side by side instead of queueing on one database thread.
    """
    return DatabaseSyncToAsync(function, thread_sensitive=False)


@dataclass(frozen=True)
class TokenCheck:
    """The outcome of checking an access token: its active user and expiry, or why not."""

    user: User | None
    expires_at: datetime | None = None
    reason: str = ""


@in_database_thread
def token_check(token: str) -> TokenCheck:
    try:
        user, claims = user_get_for_access_token(token)
    except InvalidAccessToken as error:
        return TokenCheck(user=None, reason=error.reason)
    return TokenCheck(user=user, expires_at=claims.expires_at)


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
    return {
        "id": str(message.pk),
        "sender_id": str(message.sender_id),
        "content": message.content,
        "created_at": message.created_at.isoformat(),
    }


def _conversation_id(data: dict[str, Any]) -> str:
    value = data.get("conversation_id")
    if not isinstance(value, str):
        raise FrameError(
            ErrorCode.VALIDATION_ERROR, FIELD_REQUIRED, {"conversation_id": ["required"]}
        )
    try:
        return str(uuid.UUID(value))
    except ValueError:
        # A malformed id names no conversation: the same answer as a stranger's.
        raise FrameError(ErrorCode.CONVERSATION_NOT_FOUND) from None


class ChatConsumer(AsyncJsonWebsocketConsumer):
    """One client connection; joins the user's group and forwards subscribed conversations."""

    async def connect(self) -> None:
        self.user: User | None = None
        self.subscriptions: set[str] = set()
        self.auth_timeout: asyncio.Task[None] | None = None
        self.group_renewal: asyncio.Task[None] | None = None
        # Token sockets: when the token runs out (a timer that closes the socket then).
        self.token_expires_at: datetime | None = None
        self.token_expiry: asyncio.Task[None] | None = None
        # Session sockets: a fingerprint of the session key, to recognise its logout.
        self.session_fingerprint: str | None = None
        self.allowance = float(FRAME_BURST)
        self.allowance_at = time.monotonic()
        self.typing_sent: dict[str, tuple[bool, float]] = {}

        token, subprotocol = handshake_token(self.scope)
        if token is not None:
            check = await token_check(token)
            if check.user is None:
                await self.close()  # before accept: the handshake is refused (HTTP 403)
                return
            await self.accept(subprotocol)
            await self.authenticate(check.user, token_expires_at=check.expires_at)
            return

        await self.accept()
        session_user = self.scope.get("user")
        headers = dict(self.scope.get("headers", []))
        if (
            session_user is not None
            and session_user.is_authenticated
            and session_user.is_active
            and origin_is_this_site(headers)
        ):
            session = self.scope.get("session")
            session_key = getattr(session, "session_key", None)
            self.session_fingerprint = session_fingerprint(session_key) if session_key else None
            await self.authenticate(session_user)
            return
        self.auth_timeout = asyncio.create_task(self.close_unless_authenticated())

    async def close_unless_authenticated(self) -> None:
        await asyncio.sleep(settings.CHAT_WEBSOCKET_AUTH_TIMEOUT_SECONDS)
        if self.user is None:
            await self.refuse()

    async def refuse(self, details: dict[str, Any] | None = None) -> None:
        await self.send_error(FrameError(ErrorCode.UNAUTHORIZED, details=details))
        await self.close(code=CLOSE_UNAUTHORIZED)

    async def authenticate(self, user: User, *, token_expires_at: datetime | None = None) -> None:
        self.user = user
        if self.auth_timeout is not None:
            self.auth_timeout.cancel()
            self.auth_timeout = None
        if token_expires_at is not None:
            self.token_expiry_set(token_expires_at)
        await self.channel_layer.group_add(user_group_name(user.pk), self.channel_name)
        self.group_renewal = asyncio.create_task(self.renew_group(user_group_name(user.pk)))
        await self.send_event("connected", {"user_id": str(user.pk)})

    def token_expiry_set(self, expires_at: datetime) -> None:
        """(Re)arms the timer that ends the socket when its access token expires."""
        if self.token_expiry is not None:
            self.token_expiry.cancel()
        self.token_expires_at = expires_at
        self.token_expiry = asyncio.create_task(self.close_when_token_expires(expires_at))

    async def close_when_token_expires(self, expires_at: datetime) -> None:
        await asyncio.sleep(max(0.0, expires_at.timestamp() - time.time()))
        await self.end_authentication(details={"reason": "token_expired"})

    async def end_authentication(self, *, details: dict[str, Any]) -> None:
        """The socket's credentials are gone: it hears nothing more, gets an `error` event
        (`UNAUTHORIZED` with the reason) and is closed with 4401."""
        await self.forget_user()
        await self.refuse(details=details)

    async def renew_group(self, group: str) -> None:
        while True:
            await asyncio.sleep(GROUP_RENEW_SECONDS)
            await self.channel_layer.group_add(group, self.channel_name)

    async def disconnect(self, code: int) -> None:
        if self.auth_timeout is not None and self.auth_timeout is not asyncio.current_task():
            self.auth_timeout.cancel()
        await self.forget_user()

    async def forget_user(self) -> None:
        """Leaves the user's group and drops the user and subscriptions (before a close)."""
        for task in (self.group_renewal, self.token_expiry):
            if task is not None and task is not asyncio.current_task():
                task.cancel()
        if self.user is not None:
            await self.channel_layer.group_discard(user_group_name(self.user.pk), self.channel_name)
        self.user = None
        self.subscriptions.clear()

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Channels' dispatch without its `aclose_old_connections()` before every message.

        That call hops to asgiref's one shared sync thread for each frame and each delivered
        event, so with a thousand sockets every `new_message` queued behind the others' hops,
        and it tidies only that thread's connection, which this consumer never uses: its
        database work runs in DatabaseSyncToAsync worker threads, which close their old
        connections around every call themselves (`in_database_thread`).
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    # --- Frames from the client ---------------------------------------------------------------
    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            frame = self.parse(text_data, bytes_data)
            if not self.take_allowance():
                raise FrameError(ErrorCode.RATE_LIMITED)
            await self.dispatch_frame(frame["type"], frame.get("data"))
        except FrameError as error:
            await self.send_error(error)
        except DomainError as error:
            await self.send_error(FrameError(error.code, error.message, error.details))
        except Exception:
            # A bug or a database outage answers this frame; the connection and the other
            # conversations on it carry on (Sentry's logging integration records it).
            logger.exception("chat frame failed")
            await self.send_error(FrameError(ErrorCode.INTERNAL_ERROR))

    def parse(self, text_data: str | None, bytes_data: bytes | None) -> dict[str, Any]:
        if text_data is None:
            raise FrameError(ErrorCode.VALIDATION_ERROR, INVALID_JSON)
        if len(text_data) > MAX_FRAME_BYTES or len(text_data.encode()) > MAX_FRAME_BYTES:
            raise FrameError(ErrorCode.VALIDATION_ERROR, FRAME_TOO_LARGE)
        try:
            frame = json.loads(text_data)
        except (ValueError, RecursionError):  # RecursionError: "[[[[…" nested past the stack
            raise FrameError(ErrorCode.VALIDATION_ERROR, INVALID_JSON) from None
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            raise FrameError(ErrorCode.VALIDATION_ERROR, FIELD_REQUIRED, {"type": ["required"]})
        if "data" in frame and not isinstance(frame["data"], dict | None):
            raise FrameError(ErrorCode.VALIDATION_ERROR, FIELD_REQUIRED, {"data": ["invalid"]})
        return frame

    def take_allowance(self) -> bool:
        """A token bucket per connection: bursts are fine, a flood is not."""
        now = time.monotonic()
        self.allowance = min(
            float(FRAME_BURST), self.allowance + (now - self.allowance_at) * FRAME_RATE
        )
        self.allowance_at = now
        if self.allowance < 1:
            return False
        self.allowance -= 1
        return True

    async def dispatch_frame(self, frame_type: str, data: dict[str, Any] | None) -> None:
        data = data or {}
        if frame_type == "ping":
            await self.send_event("pong", {})
            return
        if frame_type == "auth":
            await self.on_auth(data)
            return
        handler = {
            "subscribe_conversation": self.on_subscribe,
            "unsubscribe_conversation": self.on_unsubscribe,
            "typing": self.on_typing,
            "mark_read": self.on_mark_read,
            "send_message": self.on_send_message,
        }.get(frame_type)
        if handler is None:
            raise FrameError(ErrorCode.VALIDATION_ERROR, UNKNOWN_TYPE, {"type": [frame_type[:50]]})
        if self.user is None:
            raise FrameError(ErrorCode.UNAUTHORIZED)
        await handler(self.user, data)

    async def on_auth(self, data: dict[str, Any]) -> None:
        if self.user is not None and self.token_expires_at is None:
            # A session socket: its session, not a token, decides how long it lives.
            raise FrameError(ErrorCode.VALIDATION_ERROR, ALREADY_AUTHENTICATED)
        token = data.get("token")
        if not isinstance(token, str) or not token:
            raise FrameError(ErrorCode.VALIDATION_ERROR, FIELD_REQUIRED, {"token": ["required"]})
        check = await token_check(token)
        if self.user is not None:
            await self.token_refresh(self.user, check)
            return
        if check.user is None:
            await self.refuse()
            return
        await self.authenticate(check.user, token_expires_at=check.expires_at)

    async def token_refresh(self, user: User, check: TokenCheck) -> None:
        """A fresh token for a token socket extends its life; the same user's only."""
        if check.user is None or check.expires_at is None:
            # The socket keeps its current (still valid) token.
            raise FrameError(ErrorCode.UNAUTHORIZED, details={"reason": check.reason})
        if check.user.pk != user.pk:
            await self.end_authentication(details={"reason": "token_user_mismatch"})
            return
        self.user = check.user
        self.token_expiry_set(check.expires_at)
        await self.send_event("token_refreshed", {"expires_at": check.expires_at.isoformat()})

    async def on_subscribe(self, user: User, data: dict[str, Any]) -> None:
        conversation_id = await conversation_subscribe(
            user=user, conversation_id=_conversation_id(data)
        )
        self.subscriptions.add(conversation_id)
        await self.send_event("subscribed", {"conversation_id": conversation_id})

    async def on_unsubscribe(self, user: User, data: dict[str, Any]) -> None:
        conversation_id = _conversation_id(data)
        self.subscriptions.discard(conversation_id)
        await self.send_event("unsubscribed", {"conversation_id": conversation_id})

    async def on_typing(self, user: User, data: dict[str, Any]) -> None:
        conversation_id = _conversation_id(data)
        typing = data.get("typing", True)
        if not isinstance(typing, bool):
            raise FrameError(ErrorCode.VALIDATION_ERROR, FIELD_REQUIRED, {"typing": ["invalid"]})
        # Keystrokes arrive far faster than anyone needs to be told; relay changes, and repeats
        # of the same state only now and then (the indicator fades out on the other side).
        now = time.monotonic()
        previous = self.typing_sent.get(conversation_id)
        if (
            previous is not None
            and previous[0] == typing
            and now - previous[1] < (TYPING_REPEAT_SECONDS)
        ):
            return
        await typing_send(user=user, conversation_id=conversation_id, typing=typing)
        self.typing_sent[conversation_id] = (typing, now)

    async def on_mark_read(self, user: User, data: dict[str, Any]) -> None:
        await conversation_read(user=user, conversation_id=_conversation_id(data))

    async def on_send_message(self, user: User, data: dict[str, Any]) -> None:
        conversation_id = _conversation_id(data)
        message = await message_send(
            user=user, conversation_id=conversation_id, content=data.get("content")
        )
        self.typing_sent.pop(conversation_id, None)
        await self.send_event(
            "message_sent", {"conversation_id": conversation_id, "message": message}
        )

    # --- Events from the channel layer ---------------------------------------------------------
    async def chat_event(self, envelope: dict[str, Any]) -> None:
        """`chat.event` from messaging.realtime: forwarded for subscribed conversations only."""
        if envelope.get("conversation_id") not in self.subscriptions or self.user is None:
            return
        event = envelope["event"]
        if event["type"] == "typing" and event["data"].get("user_id") == str(self.user.pk):
            return
        await self.send_json(event)

    async def user_sockets_close(self, event: dict[str, Any]) -> None:
        """The account was banned or deleted: this socket ends now, and hears nothing more even
        before the client completes the closing handshake."""
        await self.forget_user()
        await self.send_error(FrameError(ErrorCode.ACCOUNT_DISABLED))
        await self.close(code=CLOSE_ACCOUNT_DISABLED)

    async def user_session_ended(self, event: dict[str, Any]) -> None:
        """`user.session.ended`: the user logged out of a browser session; that session's
        sockets end (token sockets and the user's other sessions carry on)."""
        if (
            self.user is None
            or self.session_fingerprint is None
            or event.get("session") != self.session_fingerprint
        ):
            return
        await self.end_authentication(details={"reason": "logged_out"})

    async def user_password_changed(self, event: dict[str, Any]) -> None:
        """`user.password.changed`: every socket of the user ends, but those of the browser
        session that made the change."""
        if self.user is None:
            return
        if self.session_fingerprint is not None and event.get("keep") == self.session_fingerprint:
            return
        await self.end_authentication(details={"reason": "password_changed"})

    # --- Sending ------------------------------------------------------------------------------
    async def send_event(self, event_type: str, data: dict[str, Any]) -> None:
        await self.send_json({"type": event_type, "data": data})

    async def send_error(self, error: FrameError) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            data: dict[str, Any] = {"code": str(error.code), "message": str(error.message)}
        if error.details:
            data["details"] = error.details
        await self.send_event("error", data)
