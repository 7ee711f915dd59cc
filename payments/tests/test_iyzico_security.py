"""What the iyzico adapter refuses and survives: forged or unsigned answers, wrong keys, a slow
iyzico, many threads at once. Real iyzipay client against the local sandbox; no database."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from iyzipay.iyzipay_resource import IyzipayResource

from payments.iyzico import signing
from payments.iyzico.client import IyzicoClient
from payments.iyzico.errors import (
    IyzicoDeclinedError,
    IyzicoSignatureError,
    IyzicoTimeoutError,
    IyzicoUnavailableError,
)
from payments.iyzico.sandbox import RunningSandbox, sandbox_running
from payments.iyzico.types import SubMerchant, SubMerchantType
from payments.tests.iyzico_support import (
    ADDRESS,
    API_KEY,
    BUYER,
    SECRET_KEY,
    basket_item,
    callback_token,
    checkout_page_pay,
    merchant_receiver,
    tampering_proxy,
)

SELLER = SubMerchant(
    sub_merchant_type=SubMerchantType.PERSONAL,
    external_id="seller-1",
    name="Ali Parça",
    email="ali@example.com",
    gsm_number="+905551110000",
    address="Bursa",
    iban="TR180006100000001234567890",
    contact_name="Ali",
    contact_surname="Kaya",
    identity_number="10000000146",
)


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    with sandbox_running(api_key=API_KEY, secret_key=SECRET_KEY) as running:
        yield running


def _client(base_url: str, *, api_key: str = API_KEY, secret_key: str = SECRET_KEY) -> IyzicoClient:
    return IyzicoClient(
        api_key=api_key, secret_key=secret_key, base_url=base_url, timeout_seconds=5
    )


def _paid_token(client: IyzicoClient) -> str:
    seller = client.sub_merchant_create(sub_merchant=SELLER)
    with merchant_receiver() as (callback_url, callbacks):
        initialized = client.checkout_form_initialize(
            conversation_id="order-9",
            basket_id="B9",
            price=Decimal("1250.00"),
            paid_price=Decimal("1250.00"),
            callback_url=callback_url,
            buyer=BUYER,
            shipping_address=ADDRESS,
            billing_address=ADDRESS,
            basket_items=[basket_item(sub_merchant_key=seller.sub_merchant_key)],
        )
        checkout_page_pay(initialized.payment_page_url)
    return callback_token(callbacks[0])


def _lower_paid_price(body: dict[str, Any]) -> None:
    body["paidPrice"] = 1.0


def _drop_signature(body: dict[str, Any]) -> None:
    body.pop("signature", None)


@pytest.mark.parametrize("tamper", [_lower_paid_price, _drop_signature])
def test_tampered_or_unsigned_retrieve_is_refused(sandbox: RunningSandbox, tamper: Any) -> None:
    token = _paid_token(_client(sandbox.base_url))
    assert _client(sandbox.base_url).checkout_form_retrieve(token=token).paid  # the real answer

    with (
        tampering_proxy(sandbox.base_url, tamper) as proxy_url,
        pytest.raises(IyzicoSignatureError),
    ):
        _client(proxy_url).checkout_form_retrieve(token=token)


def test_answer_signed_with_another_merchants_key_is_refused(sandbox: RunningSandbox) -> None:
    token = _paid_token(_client(sandbox.base_url))

    def resign_with_other_key(body: dict[str, Any]) -> None:
        body["signature"] = signing.response_signature(
            secret_key="another-merchant",
            body=body,
            fields=signing.CHECKOUT_FORM_RETRIEVE_SIGNED_FIELDS,
        )

    with (
        tampering_proxy(sandbox.base_url, resign_with_other_key) as proxy_url,
        pytest.raises(IyzicoSignatureError),
    ):
        _client(proxy_url).checkout_form_retrieve(token=token)


def test_sandbox_rejects_an_unknown_api_key(sandbox: RunningSandbox) -> None:
    with pytest.raises(IyzicoDeclinedError) as refused:
        _client(sandbox.base_url, api_key="sandbox-someone-else").sub_merchant_create(
            sub_merchant=SELLER
        )
    assert (refused.value.error_code, refused.value.error_message) == (
        "1001",
        "api bilgileri bulunamadı",
    )
    assert sandbox.state.sub_merchants == {}


def test_sandbox_rejects_a_request_signed_with_the_wrong_secret(sandbox: RunningSandbox) -> None:
    with pytest.raises(IyzicoDeclinedError) as refused:
        _client(sandbox.base_url, secret_key="not-the-secret").installment_info(
            bin_number="552879", price=Decimal("10.00")
        )
    assert (refused.value.error_code, refused.value.error_message) == ("1000", "Geçersiz imza")


def test_slow_iyzico_raises_our_timeout_quickly() -> None:
    with sandbox_running(api_key=API_KEY, secret_key=SECRET_KEY, delay_seconds=3) as slow:
        client = IyzicoClient(
            api_key=API_KEY, secret_key=SECRET_KEY, base_url=slow.base_url, timeout_seconds=0.3
        )
        started = time.monotonic()
        with pytest.raises(IyzicoTimeoutError):
            client.installment_info(bin_number="552879", price=Decimal("10.00"))
        assert time.monotonic() - started < 1.5


def test_unreachable_iyzico_is_unavailable_not_a_crash(sandbox: RunningSandbox) -> None:
    base_url = sandbox.base_url
    sandbox.stop()
    with pytest.raises(IyzicoUnavailableError):
        _client(base_url).installment_info(bin_number="552879", price=Decimal("10.00"))


def test_concurrent_calls_keep_their_own_headers(sandbox: RunningSandbox) -> None:
    """iyzipay keeps headers on a class-level dict; each call here has its own, so eight threads
    signing eight different bodies at once all pass the sandbox's signature check."""
    client = _client(sandbox.base_url)
    barrier = threading.Barrier(8)
    results: dict[int, Decimal] = {}
    errors: list[BaseException] = []

    def work(index: int) -> None:
        barrier.wait()
        try:
            for round_ in range(5):
                price = Decimal(f"{100 + index}.{round_:02d}")
                info = client.installment_info(bin_number="552879", price=price)
                assert info.price == price
            results[index] = info.price
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(results) == 8
    assert "Authorization" not in IyzipayResource.header  # the library's shared dict untouched
    assert "x-iyzi-rnd" not in IyzipayResource.header


def test_amounts_finer_than_a_kurus_are_refused_not_rounded(sandbox: RunningSandbox) -> None:
    with pytest.raises(ValueError, match="kuruş"):
        _client(sandbox.base_url).refund(
            payment_transaction_id="1", amount=Decimal("10.005"), ip="1.1.1.1"
        )


def test_amount_formats_follow_iyzico() -> None:
    assert signing.amount_request_format(Decimal("100")) == "100.0"
    assert signing.amount_request_format(Decimal("12.50")) == "12.5"
    assert signing.amount_request_format(Decimal("0.35")) == "0.35"
    # docs.iyzico.com "Trailing Zero": 10.50 -> 10.5, 10.0 -> 10, 10.51050 -> 10.5105
    assert [
        signing.amount_signature_format(value)
        for value in ("10", "10.0", "10.50", "10.510", "10.51050", Decimal("1E+1"))
    ] == ["10", "10", "10.5", "10.51", "10.5105", "10"]


def test_response_signature_matches_iyzicos_published_sample() -> None:
    """docs.iyzico.com, Response Signature Validation, "Sample Signature for Non-3DS Endpoint"."""
    body = {
        "paymentId": "22416032",
        "currency": "TRY",
        "basketId": "basketId",
        "conversationId": "conversationId",
        "paidPrice": Decimal("10.5"),
        "price": Decimal("10.50"),
        "signature": "836c3a6c8db86c81043f2ca74edb13518b54a813f454f8dd762f0dd658610173",
    }
    assert signing.response_signature_valid(
        secret_key="sandbox-qaIiLIxhjMgx3LSKIVvp6j17NunHOFtD",
        body=body,
        fields=signing.PAYMENT_SIGNED_FIELDS,
    )
