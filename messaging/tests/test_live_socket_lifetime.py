"""How long an authenticated chat socket lives: as long as its access token, or its browser
session (until logout). Real Daphne, real WebSocket clients.

Tokens are minted here with a 3-second lifetime (ACCESS_TOKEN_LIFETIME_SECONDS); JWT expiry has
whole seconds, so each one runs out 2 to 3 seconds after it was made.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from datetime import timedelta
from typing import Any

import pytest
import requests
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from conftest import LiveServer
from marketplace.models import User
from marketplace.tests.factories import TEST_PASSWORD
from marketplace.tokens import access_token_create
from messaging.consumers import CLOSE_UNAUTHORIZED
from messaging.models import Conversation
from messaging.tests.test_live_chat import (
    PATH,
    app_socket,
    browser_socket,
    nothing_arrives,
    receive,
    send,
    session_cookie,
    subscribe,
)

pytestmark = pytest.mark.live

TOKEN_LIFETIME_SECONDS = 3
UNAUTHORIZED_MESSAGE = "Giriş yapmanız gerekiyor"


@pytest.fixture(autouse=True)
def _short_token_lifetime(settings: Any) -> None:
    settings.ACCESS_TOKEN_LIFETIME_SECONDS = TOKEN_LIFETIME_SECONDS


async def next_event(socket: ClientConnection, timeout: float = 10) -> dict[str, Any]:
    return dict(json.loads(await asyncio.wait_for(socket.recv(), timeout)))


async def closed_with(socket: ClientConnection) -> int | None:
    """Waits for the server's close; the close code it sent."""
    with pytest.raises(ConnectionClosed):
        await asyncio.wait_for(socket.recv(), 10)
    return socket.close_code


def test_a_token_socket_is_closed_with_4401_when_its_token_expires(
    live_daphne: LiveServer, conversation: Conversation, buyer: User
) -> None:
    token = access_token_create(user=buyer)
    minted = time.monotonic()

    async def scenario() -> None:
        async with app_socket(live_daphne, token) as socket:
            await subscribe(socket, conversation)
            event = await next_event(socket)
            assert time.monotonic() - minted >= TOKEN_LIFETIME_SECONDS - 1.2
            assert event == {
                "type": "error",
                "data": {
                    "code": "UNAUTHORIZED",
                    "message": UNAUTHORIZED_MESSAGE,
                    "details": {"reason": "token_expired"},
                },
            }
            assert await closed_with(socket) == CLOSE_UNAUTHORIZED

    asyncio.run(scenario())


def test_the_first_frame_token_expires_too(live_daphne: LiveServer, buyer: User) -> None:
    token = access_token_create(user=buyer)

    async def scenario() -> None:
        async with connect(live_daphne.ws_url + PATH, open_timeout=10) as socket:
            await send(socket, "auth", token=token)
            assert await receive(socket, "connected") == {"user_id": str(buyer.pk)}
            event = await next_event(socket)
            assert event["data"]["details"] == {"reason": "token_expired"}
            assert await closed_with(socket) == CLOSE_UNAUTHORIZED

    asyncio.run(scenario())


def test_a_fresh_token_of_the_same_user_keeps_the_socket_open_and_subscribed(
    live_daphne: LiveServer, conversation: Conversation, buyer: User, seller: User
) -> None:
    short_token = access_token_create(user=buyer)
    fresh_token = access_token_create(user=buyer, lifetime=timedelta(minutes=5))
    seller_cookie = session_cookie(seller)

    async def scenario() -> None:
        async with (
            app_socket(live_daphne, short_token) as buyer_socket,
            browser_socket(live_daphne, seller_cookie) as seller_socket,
        ):
            await subscribe(buyer_socket, conversation)
            await subscribe(seller_socket, conversation)
            # A bad fresh token is refused, but the socket keeps its current one.
            await send(buyer_socket, "auth", token="abc.def.ghi")
            assert await next_event(buyer_socket) == {
                "type": "error",
                "data": {
                    "code": "UNAUTHORIZED",
                    "message": UNAUTHORIZED_MESSAGE,
                    "details": {"reason": "token_invalid"},
                },
            }
            await send(buyer_socket, "auth", token=fresh_token)
            refreshed = await receive(buyer_socket, "token_refreshed")
            assert refreshed["expires_at"].startswith(time.strftime("%Y-", time.gmtime()))
            # Past the first token's expiry: still open, still subscribed.
            assert await nothing_arrives(buyer_socket, timeout=TOKEN_LIFETIME_SECONDS + 0.5)
            await send(
                seller_socket,
                "send_message",
                conversation_id=str(conversation.pk),
                content="Hâlâ buradayım",
            )
            delivered = await receive(buyer_socket, "new_message")
            assert delivered["message"]["content"] == "Hâlâ buradayım"

    asyncio.run(scenario())


def test_another_users_token_closes_the_socket(
    live_daphne: LiveServer, conversation: Conversation, buyer: User, seller: User
) -> None:
    buyer_token = access_token_create(user=buyer, lifetime=timedelta(minutes=5))
    seller_token = access_token_create(user=seller, lifetime=timedelta(minutes=5))

    async def scenario() -> None:
        async with app_socket(live_daphne, buyer_token) as socket:
            await subscribe(socket, conversation)
            await send(socket, "auth", token=seller_token)
            assert await next_event(socket) == {
                "type": "error",
                "data": {
                    "code": "UNAUTHORIZED",
                    "message": UNAUTHORIZED_MESSAGE,
                    "details": {"reason": "token_user_mismatch"},
                },
            }
            assert await closed_with(socket) == CLOSE_UNAUTHORIZED

    asyncio.run(scenario())


def test_a_session_socket_does_not_take_tokens(live_daphne: LiveServer, buyer: User) -> None:
    cookie = session_cookie(buyer)
    token = access_token_create(user=buyer, lifetime=timedelta(minutes=5))

    async def scenario() -> None:
        async with browser_socket(live_daphne, cookie) as socket:
            await send(socket, "auth", token=token)
            event = await next_event(socket)
            assert event["data"]["code"] == "VALIDATION_ERROR"
            # Sessions do not expire with tokens: open past the token lifetime.
            assert await nothing_arrives(socket, timeout=TOKEN_LIFETIME_SECONDS + 0.5)
            await send(socket, "ping")
            assert await receive(socket, "pong") == {}

    asyncio.run(scenario())


def test_logging_out_ends_that_sessions_sockets_only(
    live_daphne: LiveServer, conversation: Conversation, buyer: User
) -> None:
    """The browser logs out through Daphne (the allauth page, CSRF and all); the socket opened
    with that session ends, one opened with another session of the same user does not."""
    leaving_cookie = session_cookie(buyer)
    staying_cookie = session_cookie(buyer)

    def log_out() -> None:
        http = requests.Session()
        name, value = leaving_cookie.split("=", 1)
        http.cookies.set(name, value)
        page = http.get(live_daphne.url + "/hesap/cikis/", timeout=10)
        assert page.status_code == 200
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert csrf is not None
        response = http.post(
            live_daphne.url + "/hesap/cikis/",
            data={"csrfmiddlewaretoken": csrf.group(1)},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text

    async def scenario() -> None:
        async with (
            browser_socket(live_daphne, leaving_cookie) as leaving,
            browser_socket(live_daphne, staying_cookie) as staying,
        ):
            await subscribe(leaving, conversation)
            await subscribe(staying, conversation)
            await asyncio.to_thread(log_out)
            assert await next_event(leaving) == {
                "type": "error",
                "data": {
                    "code": "UNAUTHORIZED",
                    "message": UNAUTHORIZED_MESSAGE,
                    "details": {"reason": "logged_out"},
                },
            }
            assert await closed_with(leaving) == CLOSE_UNAUTHORIZED
            await send(staying, "ping")
            assert await receive(staying, "pong") == {}

    asyncio.run(scenario())


def test_a_password_change_ends_every_socket_but_the_changing_sessions(
    live_daphne: LiveServer, conversation: Conversation, buyer: User
) -> None:
    """The buyer changes the password in one browser (through Daphne, CSRF and all): the app's
    token socket and another browser's socket end with `password_changed`; the changing
    browser's socket carries on."""
    changing_cookie = session_cookie(buyer)
    other_cookie = session_cookie(buyer)
    token = access_token_create(user=buyer, lifetime=timedelta(minutes=5))

    def change_password() -> None:
        http = requests.Session()
        name, value = changing_cookie.split("=", 1)
        http.cookies.set(name, value)
        page = http.get(live_daphne.url + "/hesap/sifre-degistir/", timeout=10)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert csrf is not None, page.text
        response = http.post(
            live_daphne.url + "/hesap/sifre-degistir/",
            data={
                "csrfmiddlewaretoken": csrf.group(1),
                "oldpassword": TEST_PASSWORD,
                "password1": "Degisti-Sifre-9",
                "password2": "Degisti-Sifre-9",
            },
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text

    ended = {
        "type": "error",
        "data": {
            "code": "UNAUTHORIZED",
            "message": UNAUTHORIZED_MESSAGE,
            "details": {"reason": "password_changed"},
        },
    }

    async def scenario() -> None:
        async with (
            browser_socket(live_daphne, changing_cookie) as changing,
            browser_socket(live_daphne, other_cookie) as other,
            app_socket(live_daphne, token) as app,
        ):
            for socket in (changing, other, app):
                await subscribe(socket, conversation)
            await asyncio.to_thread(change_password)
            for socket in (other, app):
                assert await next_event(socket) == ended
                assert await closed_with(socket) == CLOSE_UNAUTHORIZED
            await send(changing, "ping")
            assert await receive(changing, "pong") == {}

    asyncio.run(scenario())
