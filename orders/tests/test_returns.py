"""Returns ("uymadı") and disputes against iyzico's sandbox: the window, photos, the seller's
answer or silence, refunds, and staff settling a dispute from the admin."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from marketplace.models import AuditAction, AuditEntry, User
from marketplace.tests.factories import UserFactory
from messaging.models import Conversation
from orders.models import LedgerEntry, Order
from orders.services import order_deliver
from orders.services.sweeps import orders_returns_settle
from orders.tests.conftest import (
    DELIVERY,
    api,
    callback_post,
    data_of,
    error_of,
    payment_page_submit,
)
from parts.tests.images import phone_photo_jpeg_bytes
from payments.iyzico.sandbox import RunningSandbox

pytestmark = pytest.mark.django_db


def _delivered(seller: User, buyer: User, conversation: Conversation) -> str:
    order_id = str(
        data_of(
            api(seller).post(
                f"/api/conversations/{conversation.pk}/orders",
                {"shipping_fee": "50"},
                content_type="application/json",
            )
        )["order"]["id"]
    )
    started = data_of(
        api(buyer).post(
            f"/api/orders/{order_id}/checkout", DELIVERY, content_type="application/json"
        )
    )
    callback_post(payment_page_submit(started["payment_page_url"]))
    api(seller).post(
        f"/api/orders/{order_id}/ship",
        {"carrier": "mng", "tracking_number": "123456789"},
        content_type="application/json",
    )
    order_deliver(order_id=order_id)
    return order_id


def _escrow(order_id: str) -> Decimal:
    entries = LedgerEntry.objects.filter(order_id=order_id)
    assert sum((entry.amount for entry in entries), Decimal(0)) == 0
    return sum((entry.amount for entry in entries if entry.account == "escrow"), Decimal(0))


def test_does_not_fit_with_a_phone_photo_accepted_then_received_is_refunded(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    order_id = _delivered(seller, buyer, conversation)
    # Paid days ago: iyzico's cancel (same day only) no longer applies, the item is refunded.
    Order.objects.filter(pk=order_id).update(paid_at=timezone.now() - timedelta(days=3))
    photo = SimpleUploadedFile("IMG_2041.JPG", phone_photo_jpeg_bytes(), "image/jpeg")
    assert photo.size is not None
    assert photo.size > 2 * 1024 * 1024  # a real phone photo, not a thumbnail
    response = api(buyer).post(
        f"/api/orders/{order_id}/return",
        {"reason": "does_not_fit", "description": "Benim araç 1.6 dizel", "photos": [photo]},
    )
    assert response.status_code == 200, response.content
    order = data_of(response)["order"]
    assert order["state"] == "return_requested"
    assert order["return_reason"] == "does_not_fit"
    assert len(order["return_photos"]) == 1
    assert order["return_photos"][0].endswith(".webp")
    seller_view = data_of(api(seller).get(f"/api/orders/{order_id}"))["order"]
    assert seller_view["allowed_actions"] == ["return_accept", "return_refuse"]

    accepted = api(seller).post(f"/api/orders/{order_id}/return/accept")
    assert data_of(accepted)["order"]["state"] == "returned"
    assert _escrow(order_id) == Decimal("1300.00")  # still held until the part is back
    received = api(seller).post(f"/api/orders/{order_id}/return/received")
    assert data_of(received)["order"]["state"] == "refunded"
    assert _escrow(order_id) == 0
    refunded = Order.objects.get(pk=order_id)
    assert iyzico.state.item_transactions[refunded.payment_transaction_id].refunded == Decimal(
        "1300.00"
    )


def test_bad_return_input_and_a_closed_window(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    order_id = _delivered(seller, buyer, conversation)
    for body in ({"reason": "canim-istedi"}, {"reason": "other"}, {}):
        response = api(buyer).post(
            f"/api/orders/{order_id}/return", body, content_type="application/json"
        )
        assert response.status_code == 400, (body, response.content)
        assert error_of(response)["code"] == "VALIDATION_ERROR"
    not_a_photo = SimpleUploadedFile("fatura.pdf", b"%PDF-1.4 ...", "application/pdf")
    response = api(buyer).post(
        f"/api/orders/{order_id}/return", {"reason": "damaged", "photos": [not_a_photo]}
    )
    assert response.status_code == 400
    assert "photos" in error_of(response)["details"]
    assert Order.objects.get(pk=order_id).state == "delivered"  # nothing half-done
    # An individual seller's window is 2 days after delivery.
    Order.objects.filter(pk=order_id).update(delivered_at=timezone.now() - timedelta(days=3))
    late = api(buyer).post(
        f"/api/orders/{order_id}/return", {"reason": "damaged"}, content_type="application/json"
    )
    assert late.status_code == 409
    assert error_of(late)["code"] == "ORDER_ACTION_NOT_ALLOWED"


def test_a_silent_seller_agrees_and_an_unconfirmed_return_is_refunded_by_the_beat(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    order_id = _delivered(seller, buyer, conversation)
    api(buyer).post(
        f"/api/orders/{order_id}/return", {"reason": "wrong_part"}, content_type="application/json"
    )
    now = timezone.now()
    assert orders_returns_settle(now=now + timedelta(hours=47)) == 0
    assert orders_returns_settle(now=now + timedelta(hours=49)) == 1
    assert Order.objects.get(pk=order_id).state == "returned"
    assert orders_returns_settle(now=now + timedelta(days=12)) == 1
    assert Order.objects.get(pk=order_id).state == "refunded"
    assert _escrow(order_id) == 0


def test_a_refused_return_is_a_dispute_that_staff_settle_from_the_admin(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    order_id = _delivered(seller, buyer, conversation)
    api(buyer).post(
        f"/api/orders/{order_id}/return", {"reason": "damaged"}, content_type="application/json"
    )
    refused = api(seller).post(f"/api/orders/{order_id}/return/refuse", {"note": "Sağlamdı"})
    assert data_of(refused)["order"]["state"] == "disputed"
    # Frozen: neither party can move it now.
    assert api(buyer).post(f"/api/orders/{order_id}/confirm").status_code == 409
    assert api(seller).post(f"/api/orders/{order_id}/cancel").status_code == 409

    superuser = UserFactory.create(is_staff=True, is_superuser=True)
    staff = Client()
    staff.force_login(superuser)
    response = staff.post(
        "/yonetim/orders/order/",
        {"action": "release_to_seller", "_selected_action": [order_id]},
    )
    assert response.status_code == 302
    done = Order.objects.get(pk=order_id)
    assert done.state == "completed"
    assert iyzico.state.item_transactions[done.payment_transaction_id].approved
    assert _escrow(order_id) == 0


def test_staff_refund_from_the_admin_and_only_staff_may(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    order_id = _delivered(seller, buyer, conversation)
    moderator = UserFactory.create(is_staff=True)
    client = Client()
    client.force_login(moderator)
    client.post(
        "/yonetim/orders/order/", {"action": "refund_in_full", "_selected_action": [order_id]}
    )
    assert Order.objects.get(pk=order_id).state == "delivered"  # no permission, nothing done
    superuser = UserFactory.create(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    client.post(
        "/yonetim/orders/order/", {"action": "refund_in_full", "_selected_action": [order_id]}
    )
    refunded = Order.objects.get(pk=order_id)
    assert refunded.state == "refunded"
    assert _escrow(order_id) == 0
    [entry] = AuditEntry.objects.filter(action=AuditAction.ORDER_REFUND)  # the refused try: none
    assert (entry.actor, entry.target_id) == (superuser, str(order_id))
    assert entry.before == {"state": "delivered", "refunded_amount": "0.00"}
    assert entry.after == {"state": "refunded", "refunded_amount": "1300.00"}


def test_staff_refund_part_of_a_dispute_then_release_the_rest(
    iyzico: RunningSandbox, seller: User, buyer: User, conversation: Conversation
) -> None:
    order_id = _delivered(seller, buyer, conversation)
    api(buyer).post(
        f"/api/orders/{order_id}/return", {"reason": "damaged"}, content_type="application/json"
    )
    api(seller).post(f"/api/orders/{order_id}/return/refuse")
    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    form = client.post(
        "/yonetim/orders/order/", {"action": "refund_part", "_selected_action": [order_id]}
    )
    assert form.status_code == 200
    assert "1.300,00" in form.content.decode()
    too_much = client.post(
        "/yonetim/orders/order/",
        {"action": "refund_part", "_selected_action": [order_id], "amount": "5.000"},
    )
    assert too_much.status_code == 200  # asked again, nothing refunded
    assert Order.objects.get(pk=order_id).refunded_amount == 0
    client.post(
        "/yonetim/orders/order/",
        {"action": "refund_part", "_selected_action": [order_id], "amount": "300,00"},
    )
    order = Order.objects.get(pk=order_id)
    assert order.state == "disputed"
    assert order.refunded_amount == Decimal("300.00")
    client.post(
        "/yonetim/orders/order/", {"action": "release_to_seller", "_selected_action": [order_id]}
    )
    done = Order.objects.get(pk=order_id)
    assert done.state == "completed"
    assert _escrow(order_id) == 0
    seller_share = sum(e.amount for e in LedgerEntry.objects.filter(order=done, account="seller"))
    assert seller_share == Decimal("1300.00") - Decimal("300.00") - done.commission
    [refund] = AuditEntry.objects.filter(action=AuditAction.ORDER_REFUND)
    assert refund.before == {"state": "disputed", "refunded_amount": "0.00"}
    assert refund.after == {"state": "disputed", "refunded_amount": "300.00"}
    [release] = AuditEntry.objects.filter(action=AuditAction.ORDER_DISPUTE_RELEASE)
    assert (release.before, release.after) == ({"state": "disputed"}, {"state": "completed"})
