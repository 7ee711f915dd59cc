"""The chat consumer: one client connection, its authentication's lifetime, its frames and the
channel-layer events it forwards."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime
from typing import Any

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import translation

from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from messaging.consumers.actions import (
    conversation_read,
    conversation_subscribe,
    message_send,
    typing_send,
)
from messaging.consumers.frames import (
    ALREADY_AUTHENTICATED,
    CLOSE_ACCOUNT_DISABLED,
    CLOSE_UNAUTHORIZED,
    FIELD_REQUIRED,
    UNKNOWN_TYPE,
    FrameAllowance,
    FrameError,
    frame_conversation_id,
    frame_parse,
)
from messaging.consumers.handshake import (
    TokenCheck,
    handshake_token,
    origin_is_this_site,
    token_check,
)
from messaging.realtime import session_fingerprint, user_group_name

logger = logging.getLogger(__name__)

# channels_redis' core layer forgets group members after `group_expiry` (a day by default); an
# open socket renews its user's group membership well before that, whatever the layer.
GROUP_RENEW_SECONDS = 15 * 60
# The same typing state is relayed at most once per this many seconds per conversation.
TYPING_REPEAT_SECONDS = 2.0


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
        self.frame_allowance = FrameAllowance()
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
            frame = frame_parse(text_data)
            if not self.frame_allowance.take():
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
            user=user, conversation_id=frame_conversation_id(data)
        )
        self.subscriptions.add(conversation_id)
        await self.send_event("subscribed", {"conversation_id": conversation_id})

    async def on_unsubscribe(self, user: User, data: dict[str, Any]) -> None:
        conversation_id = frame_conversation_id(data)
        self.subscriptions.discard(conversation_id)
        await self.send_event("unsubscribed", {"conversation_id": conversation_id})

    async def on_typing(self, user: User, data: dict[str, Any]) -> None:
        conversation_id = frame_conversation_id(data)
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
        await conversation_read(user=user, conversation_id=frame_conversation_id(data))

    async def on_send_message(self, user: User, data: dict[str, Any]) -> None:
        conversation_id = frame_conversation_id(data)
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
