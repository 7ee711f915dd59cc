"""Live chat end to end: a real Daphne process, real WebSocket clients (the `websockets` library).

On the embedded default Daphne's channel layer is in memory, so messages go in through Daphne
itself (the socket or the REST API); with REDIS_URL the test process's own service calls reach
Daphne's sockets through Redis, as the WSGI workers and Celery do in production.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
import requests
from channels.db import database_sync_to_async
from django.conf import settings
from django.test import Client
from websockets.asyncio.client import ClientConnection, connect

from conftest import LiveServer, requires_redis
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from marketplace.tokens import access_token_create
from messaging import services
from messaging.models import Conversation

pytestmark = pytest.mark.live

PATH = "/api/websocket/connect"


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@asynccontextmanager
async def browser_socket(server: LiveServer, cookie: str) -> AsyncIterator[ClientConnection]:
    """What the page's script opens: same origin, the session cookie."""
    async with connect(
        server.ws_url + PATH,
        origin=server.url,  # type: ignore[arg-type]
        additional_headers={"Cookie": cookie},
        open_timeout=10,
    ) as socket:
        assert await receive(socket, "connected")
        yield socket


@asynccontextmanager
async def app_socket(server: LiveServer, token: str) -> AsyncIterator[ClientConnection]:
    """What a mobile app opens: no Origin, the access token as subprotocol."""
    async with connect(
        server.ws_url + PATH,
        subprotocols=["bearer", token],  # type: ignore[list-item]
        open_timeout=10,
    ) as socket:
        assert socket.subprotocol == "bearer"
        assert await receive(socket, "connected")
        yield socket


async def receive(socket: ClientConnection, event_type: str, timeout: float = 10) -> dict[str, Any]:
    """The data of the next event of this type (others, like pongs, are skipped)."""

    async def next_of_type() -> dict[str, Any]:
        while True:
            event = json.loads(await socket.recv())
            if event["type"] == event_type:
                return dict(event["data"])
            assert event["type"] != "error", event

    return await asyncio.wait_for(next_of_type(), timeout)


async def nothing_arrives(socket: ClientConnection, timeout: float = 0.5) -> bool:
    try:
        frame = await asyncio.wait_for(socket.recv(), timeout)
    except TimeoutError:
        return True
    raise AssertionError(f"unexpected frame: {frame!r}")


async def send(socket: ClientConnection, frame_type: str, **data: Any) -> None:
    await socket.send(json.dumps({"type": frame_type, "data": data}))


async def subscribe(socket: ClientConnection, conversation: Conversation) -> None:
    await send(socket, "subscribe_conversation", conversation_id=str(conversation.pk))
    assert await receive(socket, "subscribed") == {"conversation_id": str(conversation.pk)}


def test_message_typing_and_read_receipt_between_a_browser_and_an_app(
    live_daphne: LiveServer, conversation: Conversation, buyer: User, seller: User
) -> None:
    seller_cookie = session_cookie(seller)
    buyer_token = access_token_create(user=buyer)

    async def scenario() -> None:
        async with (
            browser_socket(live_daphne, seller_cookie) as seller_socket,
            app_socket(live_daphne, buyer_token) as buyer_socket,
        ):
            await subscribe(seller_socket, conversation)
            await subscribe(buyer_socket, conversation)

            await send(buyer_socket, "typing", conversation_id=str(conversation.pk), typing=True)
            typing = await receive(seller_socket, "typing")
            assert typing == {
                "conversation_id": str(conversation.pk),
                "user_id": str(buyer.pk),
                "typing": True,
            }

            await send(
                buyer_socket,
                "send_message",
                conversation_id=str(conversation.pk),
                content="Merhaba, far hâlâ satılık mı?",
            )
            sent = await receive(buyer_socket, "message_sent")
            delivered = await receive(seller_socket, "new_message")
            assert delivered["message"] == {
                **sent["message"],
                "is_own_message": False,
                "warning": None,
            }
            assert delivered["message"]["content"] == "Merhaba, far hâlâ satılık mı?"

            await send(seller_socket, "mark_read", conversation_id=str(conversation.pk))
            read = await receive(buyer_socket, "message_read")
            assert read["message_id"] == sent["message"]["id"]
            assert read["read_by"] == str(seller.pk)

    asyncio.run(scenario())


def test_strangers_socket_learns_nothing_through_daphne(
    live_daphne: LiveServer, conversation: Conversation, buyer: User
) -> None:
    stranger_cookie = session_cookie(UserFactory.create())
    buyer_token = access_token_create(user=buyer)

    async def scenario() -> None:
        async with (
            browser_socket(live_daphne, stranger_cookie) as stranger_socket,
            app_socket(live_daphne, buyer_token) as buyer_socket,
        ):
            await send(
                stranger_socket, "subscribe_conversation", conversation_id=str(conversation.pk)
            )
            error = json.loads(await asyncio.wait_for(stranger_socket.recv(), 10))
            assert error == {
                "type": "error",
                "data": {"code": "CONVERSATION_NOT_FOUND", "message": "Sohbet bulunamadı"},
            }
            await send(
                buyer_socket, "send_message", conversation_id=str(conversation.pk), content="selam"
            )
            await receive(buyer_socket, "message_sent")
            assert await nothing_arrives(stranger_socket)

    asyncio.run(scenario())


@requires_redis
def test_message_stored_by_another_process_reaches_daphnes_sockets_through_redis(
    live_daphne: LiveServer, conversation: Conversation, buyer: User, seller: User
) -> None:
    seller_cookie = session_cookie(seller)
    send_message = database_sync_to_async(services.message_send)

    async def scenario() -> None:
        async with browser_socket(live_daphne, seller_cookie) as seller_socket:
            await subscribe(seller_socket, conversation)
            message = await send_message(
                conversation_id=conversation.pk, sender=buyer, content="Redis üzerinden geldim"
            )
            delivered = await receive(seller_socket, "new_message")
            assert delivered["message"]["id"] == str(message.pk)

    asyncio.run(scenario())


def test_api_message_is_delivered_live_and_a_reconnecting_client_fetches_what_it_missed(
    live_daphne: LiveServer, conversation: Conversation, buyer: User, seller: User
) -> None:
    seller_cookie = session_cookie(seller)
    seller_token = access_token_create(user=seller)
    buyer_headers = {"Authorization": f"Bearer {access_token_create(user=buyer)}"}
    messages_url = f"{live_daphne.url}/api/conversations/{conversation.pk}/messages"

    def post(content: str) -> dict[str, Any]:
        response = requests.post(
            messages_url, json={"content": content}, headers=buyer_headers, timeout=10
        )
        assert response.status_code == 201, response.text
        assert response.json()["message"] == "Mesaj gönderildi"
        return dict(response.json()["data"]["message"])

    async def scenario() -> None:
        async with browser_socket(live_daphne, seller_cookie) as seller_socket:
            await subscribe(seller_socket, conversation)
            sent = await asyncio.to_thread(post, "API'den canlı")
            delivered = await receive(seller_socket, "new_message")
            assert delivered["message"]["id"] == sent["id"]
            last_seen = delivered["message"]["created_at"]

        # Offline: two messages arrive that no socket of the seller's hears.
        missed = [await asyncio.to_thread(post, text) for text in ("birinci", "ikinci")]

        async with app_socket(live_daphne, seller_token) as seller_socket:
            await subscribe(seller_socket, conversation)
            response = await asyncio.to_thread(
                requests.get,
                messages_url,
                params={"after": last_seen},
                headers={"Authorization": f"Bearer {seller_token}"},
                timeout=10,
            )
            assert response.status_code == 200
            fetched = response.json()["data"]["messages"]
            assert [message["id"] for message in fetched] == [message["id"] for message in missed]
            # Fetching marked everything unread read (the live one too: it was never read),
            # which both participants' sockets hear.
            unread = [sent, *missed]
            read = [await receive(seller_socket, "message_read") for _ in unread]
            assert [event["message_id"] for event in read] == [message["id"] for message in unread]
            assert {event["read_by"] for event in read} == {str(seller.pk)}

    asyncio.run(scenario())


def test_new_message_event_warns_the_recipient_of_a_deposit_scam_and_not_the_sender(
    live_daphne: LiveServer, conversation: Conversation, buyer: User, seller: User
) -> None:
    seller_token = access_token_create(user=seller)
    buyer_cookie = session_cookie(buyer)
    text = "Kaporayı TR33 0006 1005 1978 6457 8413 26 IBAN'ına gönderin, WhatsApp'tan yazın"

    async def scenario() -> None:
        async with (
            browser_socket(live_daphne, buyer_cookie) as buyer_socket,
            app_socket(live_daphne, seller_token) as seller_socket,
        ):
            await subscribe(buyer_socket, conversation)
            await subscribe(seller_socket, conversation)
            await send(
                seller_socket, "send_message", conversation_id=str(conversation.pk), content=text
            )
            own = await receive(seller_socket, "new_message")
            received = await receive(buyer_socket, "new_message")

            assert own["message"]["warning"] is None
            warning = received["message"]["warning"]
            assert warning["reasons"] == ["iban", "payment", "off_platform"]
            assert "Kapora ya da ön ödeme göndermeyin" in warning["message"]
            assert own["message"]["is_own_message"] is True
            assert received["message"]["is_own_message"] is False
            assert {**received["message"], "is_own_message": True, "warning": None} == own[
                "message"
            ]

    asyncio.run(scenario())
