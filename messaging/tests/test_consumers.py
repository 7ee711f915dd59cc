"""The chat WebSocket's rules, through the whole ASGI application (auth middleware, router).

Each test drives real consumers with Channels' WebsocketCommunicator on the configured channel
layer; the services run for real, so events come from the same code the REST API and pages use.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from config.asgi import application
from marketplace.models import User
from marketplace.services.moderation import user_ban
from marketplace.services.privacy import account_delete
from marketplace.tests.factories import UserFactory
from marketplace.timestamps import api_datetime
from marketplace.tokens import access_token_create
from messaging import services
from messaging.consumers import CLOSE_ACCOUNT_DISABLED, CLOSE_UNAUTHORIZED, FRAME_BURST
from messaging.models import Conversation, Message

pytestmark = pytest.mark.django_db(transaction=True)

PATH = "/api/websocket/connect"
SITE_ORIGIN = (b"origin", b"http://localhost")


@pytest.fixture(autouse=True)
def _short_auth_timeout(settings: Any) -> None:
    settings.CHAT_WEBSOCKET_AUTH_TIMEOUT_SECONDS = 0.5


@pytest.fixture(autouse=True)
def _empty_channel_layer() -> None:
    layer = get_channel_layer()
    if hasattr(layer, "flush"):
        async_to_sync(layer.flush)()


def session_cookie(user: User) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (b"cookie", f"{settings.SESSION_COOKIE_NAME}={value}".encode())


def socket(
    *,
    user: User | None = None,
    origin: bytes | None = b"http://localhost",
    query: str = "",
    subprotocols: list[str] | None = None,
) -> WebsocketCommunicator:
    headers: list[tuple[bytes, bytes]] = []
    if origin is not None:
        headers.append((b"origin", origin))
    if user is not None:
        headers.append(session_cookie(user))
    path = PATH + (f"?{query}" if query else "")
    return WebsocketCommunicator(application, path, headers=headers, subprotocols=subprotocols)


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    async_to_sync(scenario)()


async def connected(communicator: WebsocketCommunicator) -> dict[str, Any]:
    accepted, _subprotocol = await communicator.connect()
    assert accepted
    event = await communicator.receive_json_from(timeout=5)
    assert event["type"] == "connected", event
    return dict(event["data"])


async def subscribe(communicator: WebsocketCommunicator, conversation: Conversation) -> None:
    await communicator.send_json_to(
        {"type": "subscribe_conversation", "data": {"conversation_id": str(conversation.pk)}}
    )
    event = await communicator.receive_json_from(timeout=5)
    assert event == {"type": "subscribed", "data": {"conversation_id": str(conversation.pk)}}


async def expect_unauthorized_close(communicator: WebsocketCommunicator) -> None:
    event = await communicator.receive_json_from(timeout=5)
    assert event["type"] == "error"
    assert event["data"] == {"code": "UNAUTHORIZED", "message": "Giriş yapmanız gerekiyor"}
    closed = await communicator.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": CLOSE_UNAUTHORIZED}


send_message = database_sync_to_async(services.message_send)


# --- Authentication ---------------------------------------------------------------------------
def test_browser_session_from_this_site_is_authenticated(buyer: User) -> None:
    communicator = socket(user=buyer)

    async def scenario() -> None:
        assert await connected(communicator) == {"user_id": str(buyer.pk)}
        await communicator.disconnect()

    run(scenario)


@pytest.mark.parametrize("origin", [b"https://kotu-site.example", None, b"null"])
def test_session_is_not_used_from_a_foreign_or_missing_origin(
    buyer: User, origin: bytes | None
) -> None:
    communicator = socket(user=buyer, origin=origin)

    async def scenario() -> None:
        accepted, _ = await communicator.connect()
        assert accepted  # a token client may still authenticate with its first frame
        await expect_unauthorized_close(communicator)

    run(scenario)


def test_access_token_in_the_query_string(buyer: User) -> None:
    async def scenario() -> None:
        token = access_token_create(user=buyer)
        communicator = socket(origin=None, query=f"token={token}")
        assert await connected(communicator) == {"user_id": str(buyer.pk)}
        await communicator.disconnect()

    run(scenario)


def test_access_token_as_subprotocol_is_accepted_with_bearer(buyer: User) -> None:
    async def scenario() -> None:
        token = access_token_create(user=buyer)
        communicator = socket(origin=None, subprotocols=["bearer", token])
        accepted, subprotocol = await communicator.connect()
        assert accepted
        assert subprotocol == "bearer"
        event = await communicator.receive_json_from(timeout=5)
        assert event == {"type": "connected", "data": {"user_id": str(buyer.pk)}}
        await communicator.disconnect()

    run(scenario)


def test_access_token_in_the_first_frame(buyer: User) -> None:
    async def scenario() -> None:
        communicator = socket(origin=None)
        accepted, _ = await communicator.connect()
        assert accepted
        token = access_token_create(user=buyer)
        await communicator.send_json_to({"type": "auth", "data": {"token": token}})
        event = await communicator.receive_json_from(timeout=5)
        assert event == {"type": "connected", "data": {"user_id": str(buyer.pk)}}
        # Past the auth timeout the authenticated socket is still open.
        assert await communicator.receive_nothing(timeout=0.8)
        await communicator.send_json_to({"type": "ping"})
        assert await communicator.receive_json_from(timeout=5) == {"type": "pong", "data": {}}
        await communicator.disconnect()

    run(scenario)


def test_no_auth_frame_within_the_timeout_closes_with_4401() -> None:
    async def scenario() -> None:
        communicator = socket(origin=None)
        accepted, _ = await communicator.connect()
        assert accepted
        # Frames other than auth and ping need a user.
        await communicator.send_json_to(
            {"type": "subscribe_conversation", "data": {"conversation_id": "x"}}
        )
        event = await communicator.receive_json_from(timeout=5)
        assert event["data"]["code"] == "UNAUTHORIZED"
        await expect_unauthorized_close(communicator)

    run(scenario)


@pytest.mark.parametrize("token_kind", ["garbage", "expired", "banned", "deleted"])
def test_bad_tokens_are_refused_every_way(buyer: User, token_kind: str) -> None:
    if token_kind == "garbage":
        token = "abc.def.ghi"
    elif token_kind == "expired":
        token = access_token_create(user=buyer, lifetime=timedelta(seconds=-5))
    else:
        token = access_token_create(user=buyer)
        if token_kind == "banned":
            user_ban(user=buyer, reason="dolandırıcılık")
        else:
            User.objects.filter(pk=buyer.pk).update(is_active=False)

    async def scenario() -> None:
        for communicator in (
            socket(origin=None, query=f"token={token}"),
            socket(origin=None, subprotocols=["bearer", token]),
        ):
            accepted, _ = await communicator.connect()
            assert not accepted
        communicator = socket(origin=None)
        assert (await communicator.connect())[0]
        await communicator.send_json_to({"type": "auth", "data": {"token": token}})
        await expect_unauthorized_close(communicator)

    run(scenario)


def test_banned_users_session_does_not_authenticate(buyer: User) -> None:
    cookie = session_cookie(buyer)
    user_ban(user=buyer)

    async def scenario() -> None:
        communicator = WebsocketCommunicator(application, PATH, headers=[SITE_ORIGIN, cookie])
        assert (await communicator.connect())[0]
        await expect_unauthorized_close(communicator)

    run(scenario)


@pytest.mark.parametrize("ending", ["ban", "delete"])
def test_an_open_socket_ends_when_the_account_is_banned_or_deleted(
    conversation: Conversation, buyer: User, seller: User, ending: str
) -> None:
    buyer_socket = socket(user=buyer)
    end_account = database_sync_to_async(
        (lambda: user_ban(user=buyer)) if ending == "ban" else (lambda: account_delete(user=buyer))
    )

    async def scenario() -> None:
        await connected(buyer_socket)
        await subscribe(buyer_socket, conversation)
        await end_account()
        event = await buyer_socket.receive_json_from(timeout=5)
        assert event == {
            "type": "error",
            "data": {"code": "ACCOUNT_DISABLED", "message": "Hesabınız askıya alındı"},
        }
        closed = await buyer_socket.receive_output(timeout=5)
        assert closed == {"type": "websocket.close", "code": CLOSE_ACCOUNT_DISABLED}
        # Nothing of the conversation reaches it any more.
        await send_message(
            conversation_id=conversation.pk, sender=seller, content="hâlâ orada mısın?"
        )
        assert await buyer_socket.receive_nothing(timeout=0.3)

    run(scenario)


# --- Subscriptions and events -----------------------------------------------------------------
def test_participants_get_new_messages_and_strangers_get_nothing(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    stranger = UserFactory.create()

    seller_socket = socket(user=seller)
    stranger_socket = socket(user=stranger)

    async def scenario() -> None:
        await connected(seller_socket)
        await connected(stranger_socket)
        await subscribe(seller_socket, conversation)
        await stranger_socket.send_json_to(
            {"type": "subscribe_conversation", "data": {"conversation_id": str(conversation.pk)}}
        )
        not_found = {
            "type": "error",
            "data": {"code": "CONVERSATION_NOT_FOUND", "message": "Sohbet bulunamadı"},
        }
        assert await stranger_socket.receive_json_from(timeout=5) == not_found
        # A made-up or malformed id gets the very same answer.
        for made_up in ("00000000-0000-0000-0000-000000000000", "olmayan"):
            await stranger_socket.send_json_to(
                {"type": "subscribe_conversation", "data": {"conversation_id": made_up}}
            )
            assert await stranger_socket.receive_json_from(timeout=5) == not_found

        message = await send_message(
            conversation_id=conversation.pk,
            sender=buyer,
            content="Merhaba <b>parça</b> duruyor mu?",
        )
        event = await seller_socket.receive_json_from(timeout=5)
        assert event == {
            "type": "new_message",
            "data": {
                "conversation_id": str(conversation.pk),
                # The API's shape and time format (the message list's item for the seller).
                "message": {
                    "id": str(message.pk),
                    "conversation_id": str(conversation.pk),
                    "sender_id": str(buyer.pk),
                    "content": "Merhaba <b>parça</b> duruyor mu?",
                    "created_at": api_datetime(message.created_at),
                    "is_own_message": False,
                    "warning": None,
                },
            },
        }
        assert await stranger_socket.receive_nothing(timeout=0.3)
        await seller_socket.disconnect()
        await stranger_socket.disconnect()

    run(scenario)


def test_events_only_for_subscribed_conversations(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    seller_socket = socket(user=seller)

    async def scenario() -> None:
        await connected(seller_socket)
        await send_message(conversation_id=conversation.pk, sender=buyer, content="abone değilken")
        assert await seller_socket.receive_nothing(timeout=0.3)
        await subscribe(seller_socket, conversation)
        await seller_socket.send_json_to(
            {"type": "unsubscribe_conversation", "data": {"conversation_id": str(conversation.pk)}}
        )
        assert (await seller_socket.receive_json_from(timeout=5))["type"] == "unsubscribed"
        await send_message(conversation_id=conversation.pk, sender=buyer, content="abonelik bitti")
        assert await seller_socket.receive_nothing(timeout=0.3)
        await seller_socket.disconnect()

    run(scenario)


def test_typing_reaches_the_other_party_only_and_is_throttled(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    buyer_socket = socket(user=buyer)
    seller_socket = socket(user=seller)

    async def scenario() -> None:
        await connected(buyer_socket)
        await connected(seller_socket)
        await subscribe(buyer_socket, conversation)
        await subscribe(seller_socket, conversation)
        target = {"conversation_id": str(conversation.pk)}
        frame = {"type": "typing", "data": {**target, "typing": True}}
        for _ in range(5):  # keystrokes
            await buyer_socket.send_json_to(frame)
        event = await seller_socket.receive_json_from(timeout=5)
        assert event == {
            "type": "typing",
            "data": {
                "conversation_id": str(conversation.pk),
                "user_id": str(buyer.pk),
                "typing": True,
            },
        }
        assert await seller_socket.receive_nothing(timeout=0.3)  # repeats were not relayed
        assert await buyer_socket.receive_nothing(timeout=0.1)  # no echo to the typist
        await buyer_socket.send_json_to({"type": "typing", "data": {**target, "typing": False}})
        event = await seller_socket.receive_json_from(timeout=5)
        assert event["data"]["typing"] is False
        await buyer_socket.disconnect()
        await seller_socket.disconnect()

    run(scenario)


def test_mark_read_sends_read_receipts_to_the_sender(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    buyer_socket = socket(user=buyer)
    seller_socket = socket(user=seller)

    async def scenario() -> None:
        await connected(buyer_socket)
        await connected(seller_socket)
        await subscribe(buyer_socket, conversation)
        message = await send_message(
            conversation_id=conversation.pk, sender=buyer, content="Fiyat?"
        )
        assert (await buyer_socket.receive_json_from(timeout=5))["type"] == "new_message"
        await seller_socket.send_json_to(
            {"type": "mark_read", "data": {"conversation_id": str(conversation.pk)}}
        )
        event = await buyer_socket.receive_json_from(timeout=5)
        assert event["type"] == "message_read"
        assert event["data"]["message_id"] == str(message.pk)
        assert event["data"]["read_by"] == str(seller.pk)
        assert event["data"]["conversation_id"] == str(conversation.pk)
        await buyer_socket.disconnect()
        await seller_socket.disconnect()

    run(scenario)
    conversation.refresh_from_db()
    assert conversation.seller_unread_count == 0
    assert Message.objects.get().read_at is not None


def test_send_message_over_the_socket(
    conversation: Conversation, buyer: User, seller: User
) -> None:
    buyer_socket = socket(user=buyer)
    seller_socket = socket(user=seller)

    async def scenario() -> None:
        await connected(buyer_socket)
        await connected(seller_socket)
        await subscribe(seller_socket, conversation)
        data = {"conversation_id": str(conversation.pk), "content": "  Kargo var mı?  "}
        await buyer_socket.send_json_to({"type": "send_message", "data": data})
        ack = await buyer_socket.receive_json_from(timeout=5)
        assert ack["type"] == "message_sent"
        assert ack["data"]["message"]["content"] == "Kargo var mı?"
        delivered = await seller_socket.receive_json_from(timeout=5)
        assert delivered["type"] == "new_message"
        assert delivered["data"]["message"] == {
            **ack["data"]["message"],
            "is_own_message": False,
            "warning": None,
        }

        await buyer_socket.send_json_to(
            {"type": "send_message", "data": {**data, "content": "a" * 2001}}
        )
        error = await buyer_socket.receive_json_from(timeout=5)
        assert error["data"] == {
            "code": "MESSAGE_TOO_LONG",
            "message": "Mesaj çok uzun (max 2000 karakter)",
        }
        await buyer_socket.disconnect()
        await seller_socket.disconnect()

    run(scenario)
    assert Message.objects.count() == 1


def test_strangers_cannot_type_read_or_send(conversation: Conversation, buyer: User) -> None:
    stranger = UserFactory.create()

    stranger_socket = socket(user=stranger)

    async def scenario() -> None:
        await connected(stranger_socket)
        target = {"conversation_id": str(conversation.pk)}
        for frame in (
            {"type": "typing", "data": {**target, "typing": True}},
            {"type": "mark_read", "data": target},
            {"type": "send_message", "data": {**target, "content": "selam"}},
        ):
            await stranger_socket.send_json_to(frame)
            event = await stranger_socket.receive_json_from(timeout=5)
            assert event["data"]["code"] == "CONVERSATION_NOT_FOUND", frame
        await stranger_socket.disconnect()

    run(scenario)
    assert not Message.objects.exists()


# --- Bad frames -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("frame", "message"),
    [
        ("{not json", "Mesaj geçerli bir JSON değil"),
        ("[" * 4000 + "]" * 4000, "Mesaj geçerli bir JSON değil"),  # past Python's stack
        ("[1, 2]", "Zorunlu bir alan eksik ya da geçersiz"),
        (json.dumps({"data": {}}), "Zorunlu bir alan eksik ya da geçersiz"),
        (json.dumps({"type": "dans_et"}), "Bilinmeyen mesaj türü"),
        (json.dumps({"type": "typing", "data": "x"}), "Zorunlu bir alan eksik ya da geçersiz"),
        (json.dumps({"type": "subscribe_conversation"}), "Zorunlu bir alan eksik ya da geçersiz"),
        (
            json.dumps(
                {
                    "type": "typing",
                    "data": {
                        "conversation_id": "00000000-0000-0000-0000-000000000000",
                        "typing": "evet",
                    },
                }
            ),
            "Zorunlu bir alan eksik ya da geçersiz",
        ),
        (json.dumps({"type": "ping", "data": {"pad": "ş" * 5000}}), "Mesaj çok büyük"),
    ],
)
def test_bad_frames_get_an_error_and_the_socket_stays_open(
    buyer: User, frame: str, message: str
) -> None:
    communicator = socket(user=buyer)

    async def scenario() -> None:
        await connected(communicator)
        await communicator.send_to(text_data=frame)
        event = await communicator.receive_json_from(timeout=5)
        assert event["type"] == "error"
        assert event["data"]["message"] == message
        assert event["data"]["code"] == "VALIDATION_ERROR"
        await communicator.send_to(bytes_data=b"\x00\x01")
        assert (await communicator.receive_json_from(timeout=5))["data"][
            "code"
        ] == "VALIDATION_ERROR"
        await communicator.send_json_to({"type": "ping"})
        assert await communicator.receive_json_from(timeout=5) == {"type": "pong", "data": {}}
        await communicator.disconnect()

    run(scenario)


def test_a_flood_of_frames_is_rate_limited(buyer: User) -> None:
    communicator = socket(user=buyer)

    async def scenario() -> None:
        await connected(communicator)
        for _ in range(FRAME_BURST + 10):
            await communicator.send_json_to({"type": "ping"})
        answers = [await communicator.receive_json_from(timeout=5) for _ in range(FRAME_BURST + 10)]
        limited = [answer for answer in answers if answer["type"] == "error"]
        assert limited
        assert limited[0]["data"] == {
            "code": "RATE_LIMITED",
            "message": "Çok fazla istek. Lütfen bekleyin.",
        }
        assert sum(answer["type"] == "pong" for answer in answers) >= FRAME_BURST
        await communicator.disconnect()

    run(scenario)
