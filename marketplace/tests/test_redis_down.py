"""Redis stopped under a real Daphne: logins and pages go on (limits fail open), phone codes are
refused alike for every number (their limits fail closed), WebSockets are refused cleanly.

Daphne gets a private Redis (`redis_server_running`) that the test stops; the Redis and the
database the rest of the suite uses are never touched. The database is the test database on
either backend.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import websockets
from allauth.account.models import EmailAddress
from django.utils import timezone
from websockets.exceptions import ConnectionClosed, InvalidStatus

from conftest import LiveServer, daphne_running, redis_server_running
from marketplace.models import User
from marketplace.tests.factories import TEST_PASSWORD, UserFactory
from marketplace.tokens import access_token_create

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

KNOWN_PHONE = "+905321234567"
UNKNOWN_PHONE = "+905551112233"
UNAVAILABLE_MESSAGE = "Doğrulama kodu şu anda gönderilemiyor. Lütfen biraz sonra tekrar deneyin."


@pytest.fixture
def daphne_without_redis() -> Iterator[LiveServer]:
    """Daphne whose Redis (cache, rate limits, channel layer, Celery broker) has stopped."""
    with (
        redis_server_running() as (port, stop_redis, _start_redis),
        daphne_running(REDIS_URL=f"redis://127.0.0.1:{port}/0") as server,
    ):
        # Pools are warm before Redis goes, as in production.
        assert requests.get(server.url + "/api/cities", timeout=10).status_code == 200
        stop_redis()
        yield server


@pytest.fixture
def account() -> User:
    user: User = UserFactory.create(
        email="ayse@example.com", phone=KNOWN_PHONE, phone_verified_at=timezone.now()
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def _csrf_form(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=30)
    assert page.status_code == 200, page.text[:500]
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match
    return match.group(1)


def _envelope_without_volatile_fields(response: requests.Response) -> dict[str, Any]:
    body = response.json()
    error = body.get("error") or {}
    error.pop("timestamp", None)
    error.pop("request_id", None)
    return {"status": response.status_code, "body": body}


def test_login_works_while_redis_is_down(daphne_without_redis: LiveServer, account: User) -> None:
    url = daphne_without_redis.url
    api = requests.post(
        url + "/api/auth/login",
        json={"email": "ayse@example.com", "password": TEST_PASSWORD},
        timeout=30,
    )
    assert api.status_code == 200, api.text[:500]
    assert api.json()["session"]["access_token"]
    wrong = requests.post(
        url + "/api/auth/login",
        json={"email": "ayse@example.com", "password": "Yanlis12345"},
        timeout=30,
    )
    assert wrong.status_code == 401, wrong.text[:500]

    browser = requests.Session()
    token = _csrf_form(browser, url + "/hesap/giris/")
    page = browser.post(
        url + "/hesap/giris/",
        data={"csrfmiddlewaretoken": token, "login": "ayse@example.com", "password": TEST_PASSWORD},
        headers={"Referer": url + "/hesap/giris/"},
        timeout=30,
        allow_redirects=False,
    )
    assert page.status_code == 302, page.text[:500]
    # The session works on the next pages (sessions live in the database, not in Redis).
    profile = browser.get(url + "/hesabim/", timeout=30, allow_redirects=False)
    assert profile.status_code == 200
    for path in ("/", "/parcalar/?q=alternat%C3%B6r", "/api/parts?q=disk", "/olmayan-sayfa/"):
        response = requests.get(url + path, timeout=30)
        assert response.status_code == (404 if "olmayan" in path else 200), path


def test_phone_code_answer_is_the_same_for_known_and_unknown_numbers_when_redis_is_down(
    daphne_without_redis: LiveServer, account: User
) -> None:
    url = daphne_without_redis.url
    answers = [
        requests.post(url + "/api/auth/otp/request", json={"phone": phone}, timeout=30)
        for phone in (KNOWN_PHONE, UNKNOWN_PHONE)
    ]
    known, unknown = (_envelope_without_volatile_fields(answer) for answer in answers)
    assert known == unknown
    assert known["status"] == 503
    assert known["body"]["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert known["body"]["error"]["message"] == UNAVAILABLE_MESSAGE

    pages = []
    for phone in (KNOWN_PHONE, UNKNOWN_PHONE):
        browser = requests.Session()
        token = _csrf_form(browser, url + "/hesap/telefon/giris/")
        pages.append(
            browser.post(
                url + "/hesap/telefon/giris/",
                data={"csrfmiddlewaretoken": token, "action": "request", "phone": phone},
                headers={"Referer": url + "/hesap/telefon/giris/"},
                timeout=30,
                allow_redirects=False,
            )
        )
    assert [page.status_code for page in pages] == [503, 503]
    assert UNAVAILABLE_MESSAGE in pages[0].text
    known_page, unknown_page = (
        re.sub(r'value="[^"]*"', 'value=""', page.text)  # the CSRF token and the typed number
        for page in pages
    )
    assert known_page == unknown_page


def test_websocket_is_refused_cleanly_while_redis_is_down(
    daphne_without_redis: LiveServer, account: User
) -> None:
    token = access_token_create(user=account)

    async def connect() -> tuple[int | None, list[dict[str, Any]]]:
        frames: list[dict[str, Any]] = []
        try:
            async with websockets.connect(
                f"{daphne_without_redis.ws_url}/api/websocket/connect?token={token}",
                open_timeout=10,
            ) as socket:
                try:
                    while True:
                        frames.append(json.loads(await asyncio.wait_for(socket.recv(), 10)))
                except ConnectionClosed as closed:
                    return (closed.rcvd.code if closed.rcvd else None), frames
        except InvalidStatus as error:
            return error.response.status_code, frames

    code, frames = asyncio.run(connect())
    assert code == 4503
    assert [frame["type"] for frame in frames] == ["error"]
    assert frames[0]["data"]["code"] == "SERVICE_UNAVAILABLE"
    # Daphne is still up and serving.
    assert requests.get(daphne_without_redis.url + "/api/cities", timeout=10).status_code == 200
