"""Orders' fixtures: iyzico's local sandbox (the real iyzipay client talks to it over HTTP), a
seller whose payout profile made them an iyzico sub-merchant there, a buyer who asked about the
part, and helpers that drive the payment page the way a browser does."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client, override_settings

from marketplace.models import User
from marketplace.tests.factories import UserFactory
from marketplace.tokens import access_token_create
from messaging.models import Conversation
from messaging.services import conversation_open
from parts.tests.factories import make_part
from payments.iyzico.sandbox import RunningSandbox, sandbox_running
from payments.services import payout_profile_sub_merchant_sync
from payments.tests.factories import make_profile
from payments.tests.iyzico_support import checkout_page_submit

API_KEY = "orders-sandbox-api-key"
SECRET_KEY = "orders-sandbox-secret-key"
SITE_URL = "http://testserver"
DELIVERY = {
    "name": "Ayşe Yılmaz",
    "phone": "0532 123 45 67",
    "address": "Bora Sok. No: 1 Daire 4, Kadıköy",
    "city": "istanbul",
}


@pytest.fixture
def iyzico() -> Iterator[RunningSandbox]:
    with (
        sandbox_running(api_key=API_KEY, secret_key=SECRET_KEY) as sandbox,
        override_settings(
            IYZICO_API_KEY=API_KEY,
            IYZICO_SECRET_KEY=SECRET_KEY,
            IYZICO_BASE_URL=sandbox.base_url,
            IYZICO_TIMEOUT_SECONDS=5,
            SITE_URL=SITE_URL,
            ORDER_COMMISSION_RATE="0.08",
        ),
    ):
        yield sandbox


@pytest.fixture
def seller(iyzico: RunningSandbox) -> User:
    user = UserFactory.create(phone="+905321112233")
    profile = make_profile(user=user)
    payout_profile_sub_merchant_sync(profile_id=profile.pk)
    return user


@pytest.fixture
def buyer() -> User:
    return UserFactory.create(phone="+905329998877")


@pytest.fixture
def conversation(seller: User, buyer: User) -> Conversation:
    return conversation_open(part=make_part(seller=seller, price=Decimal("1250.00")), buyer=buyer)


def api(user: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {access_token_create(user=user)}")


def data_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert body["success"] is True, body
    return body["data"]


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert body["success"] is False, body
    return body["error"]


def payment_page_submit(payment_page_url: str, **card: str) -> dict[str, str]:
    """GET iyzico's page, POST its form (the test card unless `card` says otherwise), and read the
    auto-submitting form that would take the browser back: {"action": callbackUrl, "token": …}."""
    back = checkout_page_submit(payment_page_url, **card)
    return {"action": back.action, **back.fields}


def callback_post(back: dict[str, str]) -> Any:
    """The browser's POST to our callback (no session cookie: it comes from iyzico's site)."""
    path = back["action"].removeprefix(SITE_URL)
    return Client(enforce_csrf_checks=True).post(path, {"token": back["token"]})


@pytest.fixture(autouse=True)
def _every_ledger_reconciles(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each orders test: every order's ledger sums to zero, and an order that is over holds
    nothing in iyzico's pool (the issue: "the ledger reconciles for every order in the tests")."""
    yield
    if "django_db_setup" not in request.fixturenames and not any(
        marker.name == "django_db" for marker in request.node.iter_markers()
    ):
        return
    from django.db.models import Sum

    from orders.models import LedgerEntry, Order

    for order in Order.objects.all():
        entries = LedgerEntry.objects.filter(order=order)
        assert (entries.aggregate(total=Sum("amount"))["total"] or 0) == 0, order.pk
        if order.state in ("completed", "refunded", "cancelled"):
            escrow = entries.filter(account="escrow").aggregate(total=Sum("amount"))["total"]
            assert (escrow or 0) == 0, (order.pk, order.state, escrow)
