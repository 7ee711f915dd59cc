"""Every HTTP and WebSocket route states what each role gets, and gets exactly that.

In the style of Zulip's URL coverage check: adding a route without a row fails this test.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.asgi import application
from config.websocket import websocket_urlpatterns
from marketplace.models import User
from marketplace.tests.access import Access, Outcome
from marketplace.tests.factories import UserFactory
from marketplace.tokens import access_token_create

APPS_WITH_ROUTES = [
    "marketplace",
    "parts",
    "interests",
    "messaging",
    "integrations",
    "payments",
    "orders",
    "shipping",
    "reviews",
]


def _all_rows() -> list[Access]:
    rows: list[Access] = []
    for app in APPS_WITH_ROUTES:
        try:
            module = importlib.import_module(f"{app}.tests.access")
        except ModuleNotFoundError:
            continue
        rows.extend(module.ACCESS_ROWS)
    return rows


ROWS = _all_rows()


def _http_route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                # /api/v1/ mirrors /api/: one row covers both.
                walk(pattern.url_patterns, "api" if inner == "api-v1" else inner)
            else:
                names.add(f"{namespace}:{pattern.name or pattern.pattern}")

    walk(get_resolver().url_patterns, "")
    return names


def _websocket_route_names() -> set[str]:
    return {f"ws:{pattern.name or pattern.pattern}" for pattern in websocket_urlpatterns}


def _covered(name: str, routes: set[str]) -> bool:
    namespace = name.split(":", 1)[0]
    return name in routes or f"{namespace}:*" in routes


def test_every_route_has_a_row() -> None:
    routes = {row.route for row in ROWS}
    missing = sorted(
        name
        for name in _http_route_names() | _websocket_route_names()
        if not _covered(name, routes)
    )
    assert not missing, "Routes without an authorization-matrix row: " + ", ".join(missing)


def _matches(outcome: Outcome, status: int) -> bool:
    return status in outcome if isinstance(outcome, frozenset) else status == outcome


def _http_status(row: Access, user: User | None, path: str) -> int:
    client = Client()
    headers: dict[str, str] = {}
    if user is not None:
        if path.startswith("/api/"):
            headers["Authorization"] = f"Bearer {access_token_create(user=user)}"
        else:
            client.force_login(user)
    response = client.generic(
        row.method,
        path,
        data=b"" if row.data is None else __import__("json").dumps(row.data),
        content_type="application/json",
        headers=headers,
    )
    return response.status_code


def _websocket_status(user: User | None, path: str) -> int:
    headers: list[tuple[bytes, bytes]] = [(b"origin", b"http://localhost")]
    if user is not None:
        client = Client()
        client.force_login(user)
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))

    async def connect() -> int:
        communicator = WebsocketCommunicator(application, path, headers=headers)
        connected, _ = await communicator.connect()
        await communicator.disconnect()
        return 101 if connected else 403

    return async_to_sync(connect)()


def _path(row: Access, kwargs: dict[str, Any]) -> str:
    if row.path is not None:
        return row.path
    return reverse(row.route.removeprefix(":"), kwargs=kwargs or None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.label} {row.path or ''}".strip())
def test_route_gives_each_role_what_its_row_says(row: Access, settings: Any) -> None:
    settings.API_RATE_LIMITS_ENABLED = False
    owner = UserFactory.create()
    kwargs = row.setup(owner) if row.setup else {}
    path = _path(row, kwargs)
    # The owner goes last: an owner's write (a delete) must not change what the others get.
    roles: list[tuple[str, User | None, Outcome | None]] = [
        ("anonymous", None, row.anonymous),
        ("other", UserFactory.create(), row.other),
        ("staff", UserFactory.create(is_staff=True, is_superuser=True), row.staff),
        ("owner", owner, row.owner),
    ]
    for role, user, expected in roles:
        if expected is None:
            continue
        status = _websocket_status(user, path) if row.websocket else _http_status(row, user, path)
        assert _matches(expected, status), f"{row.label} {path} as {role}: {status}, not {expected}"
