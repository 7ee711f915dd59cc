"""iyzico webhook verification (X-IYZ-SIGNATURE-V3) with iyzico's two published samples
(iyzipay-php samples/webhook_Signature_Validation.php), and the sandbox's signed webhook after a
real checkout. No database."""

from __future__ import annotations

import json
import time
from decimal import Decimal

import pytest

from payments.iyzico.client import IyzicoClient
from payments.iyzico.errors import IyzicoSignatureError
from payments.iyzico.sandbox import sandbox_running
from payments.iyzico.types import SubMerchant, SubMerchantType
from payments.iyzico.webhooks import webhook_event_verify
from payments.tests.iyzico_support import (
    ADDRESS,
    API_KEY,
    BUYER,
    SECRET_KEY,
    basket_item,
    checkout_page_pay,
    merchant_receiver,
)

SAMPLE_SECRET = "sandbox-UuLnD7wZa0a3DmytfIrwHQqAMfqCNJrs"
CHECKOUT_FORM_SAMPLE = (
    b'{"paymentConversationId":"conversationId","merchantId":3382172,"token":"e828c62d-fd12-4b1'
    b'a-ad5a-380f15fe6596","status":"SUCCESS","iyziReferenceCode":"77e1635c-6b39-475a-8b7b-ca15a'
    b'd0cd4ac","iyziEventType":"CHECKOUT_FORM_AUTH","iyziEventTime":1721825036103,"iyziPaymentId'
    b'":22483975}'
)
CHECKOUT_FORM_SIGNATURE = "4031c575763486a2d2bf3f7ace0baebfcd6bed65393ab4df3fe80c00d5fd6878"
DIRECT_SAMPLE = (
    b'{"paymentConversationId":"conversationId","merchantId":3382172,"paymentId":22484059,"stat'
    b'us":"SUCCESS","iyziReferenceCode":"a9af8e6b-4401-4928-b6b8-40419aaa3d0f","iyziEventType":"'
    b'API_AUTH","iyziEventTime":1721825828467,"iyziPaymentId":22484059}'
)
DIRECT_SIGNATURE = "92c7a72b7741bc83eb696066605c894778c87297b2c88d6037670666230e18ae"


def test_iyzicos_checkout_form_sample_verifies() -> None:
    event = webhook_event_verify(
        headers={"X-IYZ-SIGNATURE-V3": CHECKOUT_FORM_SIGNATURE},
        body=CHECKOUT_FORM_SAMPLE,
        secret_key=SAMPLE_SECRET,
    )
    assert (event.kind, event.event_type, event.payment_id) == (
        "checkout_form",
        "CHECKOUT_FORM_AUTH",
        "22483975",
    )
    assert event.token == "e828c62d-fd12-4b1a-ad5a-380f15fe6596"
    assert (event.status, event.payment_conversation_id) == ("SUCCESS", "conversationId")
    assert event.reference_code == "77e1635c-6b39-475a-8b7b-ca15ad0cd4ac"


def test_iyzicos_direct_payment_sample_verifies_with_django_header_names() -> None:
    event = webhook_event_verify(
        headers={"HTTP_X_IYZ_SIGNATURE_V3": DIRECT_SIGNATURE},
        body=DIRECT_SAMPLE,
        secret_key=SAMPLE_SECRET,
    )
    assert (event.kind, event.event_type, event.payment_id, event.token) == (
        "direct",
        "API_AUTH",
        "22484059",
        "",
    )


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        ({}, CHECKOUT_FORM_SAMPLE),
        (
            {"X-IYZ-SIGNATURE-V3": CHECKOUT_FORM_SIGNATURE},
            CHECKOUT_FORM_SAMPLE.replace(b"SUCCESS", b"FAILURE"),
        ),
        ({"X-IYZ-SIGNATURE-V3": CHECKOUT_FORM_SIGNATURE}, DIRECT_SAMPLE),
        ({"X-IYZ-SIGNATURE-V3": DIRECT_SIGNATURE}, b"not json"),
        ({"X-IYZ-SIGNATURE-V3": DIRECT_SIGNATURE}, b"[1, 2]"),
    ],
)
def test_forged_or_malformed_webhooks_are_refused(headers: dict[str, str], body: bytes) -> None:
    with pytest.raises(IyzicoSignatureError):
        webhook_event_verify(headers=headers, body=body, secret_key=SAMPLE_SECRET)


def test_samples_do_not_verify_with_another_secret() -> None:
    with pytest.raises(IyzicoSignatureError):
        webhook_event_verify(
            headers={"X-IYZ-SIGNATURE-V3": CHECKOUT_FORM_SIGNATURE},
            body=CHECKOUT_FORM_SAMPLE,
            secret_key=SECRET_KEY,
        )


def test_sandbox_posts_a_verifiable_webhook_after_payment() -> None:
    with (
        merchant_receiver() as (merchant_url, received),
        sandbox_running(
            api_key=API_KEY,
            secret_key=SECRET_KEY,
            webhook_url=merchant_url + "/api/webhooks/iyzico",
        ) as sandbox,
    ):
        client = IyzicoClient(
            api_key=API_KEY, secret_key=SECRET_KEY, base_url=sandbox.base_url, timeout_seconds=5
        )
        seller = client.sub_merchant_create(
            sub_merchant=SubMerchant(
                sub_merchant_type=SubMerchantType.PERSONAL,
                external_id="seller-w",
                name="Webhook Parça",
                email="w@example.com",
                gsm_number="+905551110001",
                address="Bursa",
                iban="TR180006100000001234567890",
                contact_name="Veli",
                contact_surname="Can",
                identity_number="10000000146",
            )
        )
        initialized = client.checkout_form_initialize(
            conversation_id="order-w",
            basket_id="BW",
            price=Decimal("1250.00"),
            paid_price=Decimal("1250.00"),
            callback_url=merchant_url + "/callback",
            buyer=BUYER,
            shipping_address=ADDRESS,
            billing_address=ADDRESS,
            basket_items=[basket_item(sub_merchant_key=seller.sub_merchant_key)],
        )
        checkout_page_pay(initialized.payment_page_url)
        for _ in range(100):  # the webhook goes out from its own thread
            if any(r["path"] == "/api/webhooks/iyzico" for r in received):
                break
            time.sleep(0.02)
    (webhook,) = [r for r in received if r["path"] == "/api/webhooks/iyzico"]
    event = webhook_event_verify(
        headers=webhook["headers"], body=webhook["body"], secret_key=SECRET_KEY
    )
    assert (event.kind, event.status, event.token) == (
        "checkout_form",
        "SUCCESS",
        initialized.token,
    )
    assert event.payment_conversation_id == "order-w"
    assert json.loads(webhook["body"])["iyziEventType"] == "CHECKOUT_FORM_AUTH"
