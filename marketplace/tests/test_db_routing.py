"""The replica router's rules in-process (tests/test_replica.py runs them on a real replica)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from marketplace.db_routing import (
    PIN_COOKIE,
    PrimaryPinMiddleware,
    ReplicaRouter,
    primary_only,
    replica_read,
)

# The router only looks whether a "replica" alias is configured; no query goes to it here.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES:UserWarning")

User = get_user_model()
WITH_REPLICA: dict[str, Any] = {
    "DATABASES": {**settings.DATABASES, "replica": {**settings.DATABASES["default"]}}
}


@replica_read
def _where_reads_go() -> str | None:
    return ReplicaRouter().db_for_read(User)


def test_without_a_replica_everything_reads_the_primary() -> None:
    assert "replica" not in settings.DATABASES
    assert _where_reads_go() == "default"
    assert ReplicaRouter().db_for_read(User) == "default"


@override_settings(**WITH_REPLICA)
def test_only_marked_selectors_read_the_replica() -> None:
    assert _where_reads_go() == "replica"
    assert ReplicaRouter().db_for_read(User) == "default"
    with primary_only():
        assert _where_reads_go() == "default"
    assert ReplicaRouter().db_for_write(User) == "default"
    assert ReplicaRouter().allow_migrate("replica", "parts") is False
    assert ReplicaRouter().allow_migrate("default", "parts") is True


@pytest.mark.django_db
@override_settings(**WITH_REPLICA)
def test_reads_inside_a_transaction_stay_on_the_primary() -> None:
    with transaction.atomic():
        assert _where_reads_go() == "default"


@override_settings(**WITH_REPLICA, DATABASE_REPLICA_PIN_SECONDS=7)
@pytest.mark.parametrize(("method", "pinned_during", "cookie"), [
    ("get", False, False),
    ("post", True, True),
    ("delete", True, True),
])  # fmt: skip
def test_a_write_pins_the_client_to_the_primary(
    method: str, pinned_during: bool, cookie: bool
) -> None:
    seen: list[str | None] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(_where_reads_go())
        return HttpResponse()

    request = getattr(RequestFactory(), method)("/api/parts")
    response = PrimaryPinMiddleware(view)(request)
    assert seen == ["default" if pinned_during else "replica"]
    assert (PIN_COOKIE in response.cookies) is cookie
    if cookie:
        assert response.cookies[PIN_COOKIE]["max-age"] == 7
        assert response.cookies[PIN_COOKIE]["httponly"]

    pinned_request = RequestFactory().get("/api/parts")
    pinned_request.COOKIES[PIN_COOKIE] = "1"
    PrimaryPinMiddleware(view)(pinned_request)
    assert seen[-1] == "default"


@override_settings(**WITH_REPLICA)
def test_the_pin_follows_a_bearer_token_for_apps_without_cookies() -> None:
    seen: list[str | None] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(_where_reads_go())
        return HttpResponse()

    factory = RequestFactory()
    PrimaryPinMiddleware(view)(factory.post("/api/parts", HTTP_AUTHORIZATION="Bearer a"))
    PrimaryPinMiddleware(view)(factory.get("/api/parts", HTTP_AUTHORIZATION="Bearer a"))
    PrimaryPinMiddleware(view)(factory.get("/api/parts", HTTP_AUTHORIZATION="Bearer b"))
    assert seen == ["default", "default", "replica"]
