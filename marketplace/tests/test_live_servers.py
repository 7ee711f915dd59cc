"""Real Daphne in its own process: HTTP and WebSocket on the ASGI application."""

from __future__ import annotations

import asyncio

import pytest
import requests
import websockets
from websockets.exceptions import InvalidStatus

pytestmark = pytest.mark.live


def test_daphne_serves_pages_and_the_api(live_daphne) -> None:
    home = requests.get(live_daphne.url + "/", timeout=10)
    assert home.status_code == 200
    assert '<html lang="tr">' in home.text
    assert home.headers["X-Request-ID"].startswith("req_")
    health = requests.get(live_daphne.url + "/api/health", timeout=10)
    assert health.status_code in {200, 503}
    assert health.json()["success"] is (health.status_code == 200)
    missing = requests.get(live_daphne.url + "/api/olmayan", timeout=10)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "NOT_FOUND"


def test_daphne_refuses_websockets_on_unknown_paths(live_daphne) -> None:
    async def connect() -> int:
        try:
            async with websockets.connect(live_daphne.ws_url + "/ws/olmayan", open_timeout=10):
                return 101
        except InvalidStatus as error:
            return error.response.status_code

    assert asyncio.run(connect()) == 403
    # The server is still up and serving after the refusal.
    assert requests.get(live_daphne.url + "/api/cities", timeout=10).status_code == 200
