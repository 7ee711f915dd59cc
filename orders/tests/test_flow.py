"""The whole Güvenli Ödeme flow through the API and iyzico's sandbox: request, pay (the real
iyzipay client, the payment page, the callback), ship, deliver, confirm (iyzico approval); and the
ledger reconciling at every step."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings

from integrations.models import Notification
from marketplace.models import User
from messaging.models import Conversation
from orders.models import LedgerEntry, Order, OrderTransition
from orders.services import order_deliver
from orders.tests.conftest import (
    DELIVERY,
    api,
    callback_post,
    data_of,
    error_of,
    payment_page_submit,
)
from payments.iyzico.sandbox import RunningSandbox

pytestmark = pytest.mark.django_db


def _balances(order: Order) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for entry in LedgerEntry.objects.filter(order=order):
        totals[entry.account] = totals.get(entry.account, Decimal(0)) + entry.amount
    assert sum(totals.values(), Decimal(0)) == 0  # every movement balances
    return totals


def _request(seller: User, conversation: Conversation, **body: object) -> dict:
    response = api(seller).post(
        f"/api/conversations/{conversation.pk}/orders",
        {"shipping_fee": 75, "note": "Orijinal kutusunda", **body},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return data_of(response)["order"]


def _checkout(buyer: User, order_id: str) -> dict:
    response = api(buyer).post(
        f"/api/orders/{order_id}/checkout", DELIVERY, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return data_of(response)


def test_request_pay_ship_deliver_confirm(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    order = _request(seller, conversation)
    assert (order["state"], order["price"], order["shipping_fee"], order["total"]) == (
        "awaiting_payment",
        1250.0,
        75.0,
        1325.0,
    )
    assert order["commission"] == 106.0
    assert order["seller_amount"] == 1219.0
    buyer_view = data_of(api(buyer).get(f"/api/orders/{order['id']}"))["order"]
    assert buyer_view["allowed_actions"] == ["checkout", "cancel"]
    assert buyer_view["commission"] is None  # the seller's business
    assert Notification.objects.filter(user=buyer, event="order_update").exists()

    started = _checkout(buyer, order["id"])
    assert started["payment_page_url"].startswith(iyzico.base_url)
    back = payment_page_submit(started["payment_page_url"])
    assert back["token"] == started["token"]
    answer = callback_post(back)
    assert answer.status_code == 302
    assert answer["Location"].endswith(f"/hesabim/siparislerim/{order['id']}/?odeme=basarili")

    paid = Order.objects.get(pk=order["id"])
    assert paid.state == "paid"
    assert paid.payment_id
    assert paid.payment_transaction_id
    assert paid.ship_by is not None
    assert paid.delivery_city == "İstanbul"
    assert paid.part.status == "sold"
    assert _balances(paid) == {"buyer": Decimal("-1325.00"), "escrow": Decimal("1325.00")}
    # The same callback again (a double click, a replay) changes nothing.
    assert callback_post(back).status_code == 302
    assert OrderTransition.objects.filter(order=paid, to_state="paid").count() == 1

    refused = api(buyer).post(
        f"/api/orders/{order['id']}/ship",
        {"carrier": "yurtici", "tracking_number": "123456789012"},
        content_type="application/json",
    )
    assert refused.status_code == 409, refused.content
    shipped = api(seller).post(
        f"/api/orders/{order['id']}/ship",
        {"carrier": "yurtici", "tracking_number": "1234 5678 9012"},
        content_type="application/json",
    )
    assert shipped.status_code == 200, shipped.content
    shipped_order = data_of(shipped)["order"]
    assert shipped_order["state"] == "shipped"
    assert shipped_order["tracking_url"]

    order_deliver(order_id=order["id"])
    confirmed = api(buyer).post(f"/api/orders/{order['id']}/confirm")
    assert confirmed.status_code == 200, confirmed.content
    final = data_of(confirmed)["order"]
    assert final["state"] == "completed"
    assert [row["to_state"] for row in final["history"]] == [
        "awaiting_payment",
        "paid",
        "shipped",
        "delivered",
        "completed",
    ]
    done = Order.objects.get(pk=order["id"])
    assert iyzico.state.item_transactions[done.payment_transaction_id].approved
    assert _balances(done) == {
        "buyer": Decimal("-1325.00"),
        "escrow": Decimal("0.00"),
        "seller": Decimal("1219.00"),
        "platform": Decimal("106.00"),
    }


def test_declined_card_leaves_the_order_to_pay_again(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    order = _request(seller, conversation)
    started = _checkout(buyer, order["id"])
    back = payment_page_submit(started["payment_page_url"], cardNumber="4111111111111129")
    answer = callback_post(back)
    assert answer["Location"].endswith("?odeme=basarisiz")
    assert Order.objects.get(pk=order["id"]).state == "awaiting_payment"
    assert not LedgerEntry.objects.filter(order_id=order["id"]).exists()
    # A second try with a good card goes through.
    again = _checkout(buyer, order["id"])
    assert callback_post(payment_page_submit(again["payment_page_url"]))["Location"].endswith(
        "?odeme=basarili"
    )
    assert Order.objects.get(pk=order["id"]).state == "paid"


def test_forged_callback_token_changes_nothing(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    order = _request(seller, conversation)
    _checkout(buyer, order["id"])
    forged = callback_post({"action": f"/odeme/donus/{order['id']}/", "token": "sahte-belirtec"})
    assert forged.status_code == 404
    assert Order.objects.get(pk=order["id"]).state == "awaiting_payment"


def test_the_seller_giving_up_a_paid_sale_refunds_it_in_full(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    order = _request(seller, conversation, price="990,50")
    assert order["price"] == 990.5
    callback_post(payment_page_submit(_checkout(buyer, order["id"])["payment_page_url"]))
    # Only the buyer pays and confirms, only the seller ships: and the buyer cannot refund
    # themselves (they ask for a return, or the shipping deadline does it).
    assert api(buyer).post(f"/api/orders/{order['id']}/cancel").status_code == 409
    assert api(seller).post(f"/api/orders/{order['id']}/confirm").status_code == 409
    assert (
        api(seller)
        .post(f"/api/orders/{order['id']}/checkout", DELIVERY, content_type="application/json")
        .status_code
        == 409
    )
    cancelled = api(seller).post(f"/api/orders/{order['id']}/cancel")
    assert cancelled.status_code == 200, cancelled.content
    assert data_of(cancelled)["order"]["state"] == "refunded"
    refunded = Order.objects.get(pk=order["id"])
    assert refunded.refunded_amount == Decimal("1065.50")
    # Paid today: voided with iyzico's cancel (no refund fees), not refunded item by item.
    assert iyzico.state.payments[refunded.payment_id]["cancelled"] is True
    assert iyzico.state.item_transactions[refunded.payment_transaction_id].refunded == 0
    assert _balances(refunded) == {"buyer": Decimal("0.00"), "escrow": Decimal("0.00")}


def test_one_open_request_per_conversation_and_bad_amounts(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    for body in ({"price": 0}, {"price": "çok"}, {"shipping_fee": -5}, {"price": 10**7}):
        response = api(seller).post(
            f"/api/conversations/{conversation.pk}/orders", body, content_type="application/json"
        )
        assert response.status_code == 400, (body, response.content)
        assert error_of(response)["code"] == "VALIDATION_ERROR"
    _request(seller, conversation)
    again = api(seller).post(
        f"/api/conversations/{conversation.pk}/orders", {}, content_type="application/json"
    )
    assert again.status_code == 409
    assert error_of(again)["code"] == "ORDER_ALREADY_OPEN"
    by_buyer = api(buyer).post(
        f"/api/conversations/{conversation.pk}/orders", {}, content_type="application/json"
    )
    assert by_buyer.status_code == 409
    assert error_of(by_buyer)["code"] == "ORDER_ACTION_NOT_ALLOWED"


def test_iyzico_too_slow_is_a_clear_503_and_changes_nothing(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    order = _request(seller, conversation)
    iyzico.state.delay_seconds = 2.0
    with override_settings(IYZICO_TIMEOUT_SECONDS=0.5):
        response = api(buyer).post(
            f"/api/orders/{order['id']}/checkout", DELIVERY, content_type="application/json"
        )
    assert response.status_code == 503
    error = error_of(response)
    assert error["code"] == "PAYMENT_PROVIDER_UNAVAILABLE"
    assert "birkaç dakika" in error["message"]
    unchanged = Order.objects.get(pk=order["id"])
    assert unchanged.state == "awaiting_payment"
    assert unchanged.checkout_token == ""
    iyzico.state.delay_seconds = 0.0
    assert _checkout(buyer, order["id"])["token"]
