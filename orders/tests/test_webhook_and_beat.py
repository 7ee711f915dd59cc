"""iyzico's webhook (signature, replays, concurrent duplicates) and the beat's jobs (not shipped
in time, auto-completion, payment reminder), against the sandbox."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone

from integrations.models import Notification
from marketplace.models import User
from messaging.models import Conversation
from orders.models import LedgerEntry, Order, OrderTransition
from orders.services import order_deliver
from orders.services.sweeps import (
    orders_delivered_complete,
    orders_not_shipped_refund,
    orders_payment_remind,
)
from orders.tests.conftest import (
    DELIVERY,
    SECRET_KEY,
    api,
    callback_post,
    data_of,
    payment_page_submit,
)
from payments.iyzico.sandbox import RunningSandbox
from payments.iyzico.webhooks import webhook_signature

WEBHOOK = "/api/webhooks/iyzico"


def _requested(seller: User, conversation: Conversation) -> str:
    response = api(seller).post(
        f"/api/conversations/{conversation.pk}/orders", {}, content_type="application/json"
    )
    return str(data_of(response)["order"]["id"])


def _paid_on_iyzico(buyer: User, order_id: str) -> str:
    """The buyer pays on iyzico's page but the browser never comes back: only the token."""
    started = data_of(
        api(buyer).post(
            f"/api/orders/{order_id}/checkout", DELIVERY, content_type="application/json"
        )
    )
    payment_page_submit(started["payment_page_url"])
    return str(started["token"])


def _event(order_id: str, token: str, **changes: str) -> dict[str, str]:
    event = {
        "paymentConversationId": order_id,
        "merchantId": "1",
        "token": token,
        "status": "SUCCESS",
        "iyziReferenceCode": f"ref-{token}",
        "iyziEventType": "CHECKOUT_FORM_AUTH",
        "iyziEventTime": "1700000000000",
        "iyziPaymentId": "22000001",
        **changes,
    }
    return event


def _post(event: dict[str, str], *, signature: str | None = None) -> int:
    signed = webhook_signature(secret_key=SECRET_KEY, payload=event)
    response = Client().post(
        WEBHOOK,
        json.dumps(event),
        content_type="application/json",
        HTTP_X_IYZ_SIGNATURE_V3=signed if signature is None else signature,
    )
    return response.status_code


@pytest.mark.django_db
def test_a_signed_webhook_pays_the_order_and_a_bad_signature_changes_nothing(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    order_id = _requested(seller, conversation)
    token = _paid_on_iyzico(buyer, order_id)
    assert _post(_event(order_id, token), signature="0" * 64) == 401
    assert _post(_event(order_id, token), signature="") == 401
    assert Order.objects.get(pk=order_id).state == "awaiting_payment"
    assert _post(_event(order_id, token)) == 200
    assert Order.objects.get(pk=order_id).state == "paid"
    # A signed event for a token that is not the order's is ignored, not obeyed.
    assert _post(_event(order_id, "baska-belirtec", iyziReferenceCode="x")) == 200


@pytest.mark.django_db(transaction=True)
def test_one_webhook_replayed_ten_times_in_parallel_pays_once(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    order_id = _requested(seller, conversation)
    token = _paid_on_iyzico(buyer, order_id)
    event = _event(order_id, token)
    statuses: list[int] = []
    start = threading.Barrier(10)

    def deliver() -> None:
        try:
            start.wait()
            statuses.append(_post(event))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=deliver) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [200] * 10
    order = Order.objects.get(pk=order_id)
    assert order.state == "paid"
    assert OrderTransition.objects.filter(order=order, to_state="paid").count() == 1
    assert LedgerEntry.objects.filter(order=order, kind="charge").count() == 2
    # And the browser coming back afterwards changes nothing either.
    callback_post({"action": f"/odeme/donus/{order_id}/", "token": token})
    assert LedgerEntry.objects.filter(order=order, kind="charge").count() == 2


@pytest.mark.django_db
def test_not_shipped_in_time_is_refunded_and_delivered_is_completed_by_the_beat(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    order_id = _requested(seller, conversation)
    callback_post(payment_page_submit(_paid_checkout(buyer, order_id)))
    order = Order.objects.get(pk=order_id)
    assert order.ship_by is not None
    assert orders_not_shipped_refund(now=order.ship_by - timedelta(minutes=1)) == 0
    assert orders_not_shipped_refund(now=order.ship_by + timedelta(minutes=1)) == 1
    refunded = Order.objects.get(pk=order_id)
    assert refunded.state == "refunded"
    assert refunded.refunded_amount == refunded.total
    assert OrderTransition.objects.get(order=refunded, to_state="refunded").actor_role == "system"
    assert sum(e.amount for e in LedgerEntry.objects.filter(order=refunded, account="escrow")) == 0


def _paid_checkout(buyer: User, order_id: str) -> str:
    return str(
        data_of(
            api(buyer).post(
                f"/api/orders/{order_id}/checkout", DELIVERY, content_type="application/json"
            )
        )["payment_page_url"]
    )


@pytest.mark.django_db
def test_delivered_and_unconfirmed_for_seven_days_is_completed(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    order_id = _requested(seller, conversation)
    callback_post(payment_page_submit(_paid_checkout(buyer, order_id)))
    api(seller).post(
        f"/api/orders/{order_id}/ship",
        {"carrier": "aras", "tracking_number": "1234567890123"},
        content_type="application/json",
    )
    delivered_at = timezone.now() - timedelta(days=8)
    order_deliver(order_id=order_id, delivered_at=delivered_at)
    assert orders_delivered_complete(now=delivered_at + timedelta(days=6)) == 0
    assert orders_delivered_complete() == 1
    done = Order.objects.get(pk=order_id)
    assert done.state == "completed"
    assert iyzico.state.item_transactions[done.payment_transaction_id].approved
    seller_total = sum(e.amount for e in LedgerEntry.objects.filter(order=done, account="seller"))
    assert seller_total == done.total - done.commission == Decimal("1150.00")


@pytest.mark.django_db
def test_an_unpaid_request_is_reminded_once_after_a_day(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    order_id = _requested(seller, conversation)
    assert orders_payment_remind() == 0
    later = timezone.now() + timedelta(hours=25)
    assert orders_payment_remind(now=later) == 1
    assert orders_payment_remind(now=later) == 0
    reminder = Notification.objects.get(user=buyer, event="payment_reminder")
    assert reminder.context["payment_link"].endswith(f"/hesabim/siparislerim/{order_id}/")
