"""The iyzico adapter (real iyzipay 1.0.46 client) against the local sandbox: the protected
marketplace payment end to end, declines, 3-D Secure failures, cancel. No database."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from payments.iyzico.client import IyzicoClient
from payments.iyzico.errors import IyzicoDeclinedError
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
)

SELLER = SubMerchant(
    sub_merchant_type=SubMerchantType.PERSONAL,
    external_id="seller-7",
    name="Mehmet Oto Parça",
    email="mehmet@example.com",
    gsm_number="+905551112233",
    address="Sanayi Sitesi 4. Blok No:12, Ankara",
    iban="TR18 0006 1000 0000 1234 5678 90",
    contact_name="Mehmet",
    contact_surname="Demir",
    identity_number="10000000146",
)


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    with sandbox_running(api_key=API_KEY, secret_key=SECRET_KEY) as running:
        yield running


@pytest.fixture
def client(sandbox: RunningSandbox) -> IyzicoClient:
    return IyzicoClient(
        api_key=API_KEY, secret_key=SECRET_KEY, base_url=sandbox.base_url, timeout_seconds=5
    )


def _initialize(client: IyzicoClient, callback_url: str, sub_merchant_key: str) -> str:
    result = client.checkout_form_initialize(
        conversation_id="order-1001",
        basket_id="B1001",
        price=Decimal("1250.00"),
        paid_price=Decimal("1250.00"),
        callback_url=callback_url,
        buyer=BUYER,
        shipping_address=ADDRESS,
        billing_address=ADDRESS,
        basket_items=[basket_item(sub_merchant_key=sub_merchant_key)],
        enabled_installments=(1, 2, 3),
    )
    assert result.token
    assert result.token_expire_time == 1800
    assert result.payment_page_url.startswith(client_base(client) + "/checkoutform/pay?token=")
    return result.payment_page_url


def client_base(client: IyzicoClient) -> str:
    return f"{client.endpoint.scheme}://{client.endpoint.netloc}"


def test_protected_payment_pays_approves_and_refunds(
    client: IyzicoClient, sandbox: RunningSandbox
) -> None:
    seller = client.sub_merchant_create(sub_merchant=SELLER)
    with merchant_receiver() as (callback_url, callbacks):
        page_url = _initialize(client, callback_url + "/odeme/donus", seller.sub_merchant_key)
        checkout_page_pay(page_url)
    assert [record["path"] for record in callbacks] == ["/odeme/donus"]
    token = callback_token(callbacks[0])

    payment = client.checkout_form_retrieve(token=token)

    assert payment.paid
    assert payment.payment_status == "SUCCESS"
    assert (payment.price, payment.paid_price) == (Decimal("1250"), Decimal("1250"))
    assert (payment.conversation_id, payment.basket_id) == ("order-1001", "B1001")
    (item,) = payment.item_transactions
    assert (item.item_id, item.sub_merchant_key) == ("part-42", seller.sub_merchant_key)
    assert item.sub_merchant_price == Decimal("1150")

    approval = client.approve_item(payment_transaction_id=item.payment_transaction_id)
    assert approval.payment_transaction_id == item.payment_transaction_id
    assert sandbox.state.item_transactions[item.payment_transaction_id].approved

    refund = client.refund(
        payment_transaction_id=item.payment_transaction_id,
        amount=Decimal("250.50"),
        ip="85.34.78.112",
        conversation_id="refund-1",
    )
    assert (refund.payment_id, refund.price, refund.currency) == (
        payment.payment_id,
        Decimal("250.5"),
        "TRY",
    )
    with pytest.raises(IyzicoDeclinedError):  # more than what is left of the item
        client.refund(
            payment_transaction_id=item.payment_transaction_id,
            amount=Decimal("1000.00"),
            ip="85.34.78.112",
        )


def test_disapprove_withdraws_an_approval_and_cancel_voids_the_payment(
    client: IyzicoClient, sandbox: RunningSandbox
) -> None:
    seller = client.sub_merchant_create(sub_merchant=SELLER)
    with merchant_receiver() as (callback_url, callbacks):
        checkout_page_pay(_initialize(client, callback_url, seller.sub_merchant_key))
    payment = client.checkout_form_retrieve(token=callback_token(callbacks[0]))
    transaction_id = payment.item_transactions[0].payment_transaction_id

    with pytest.raises(IyzicoDeclinedError):
        client.disapprove_item(payment_transaction_id=transaction_id)
    client.approve_item(payment_transaction_id=transaction_id)
    client.disapprove_item(payment_transaction_id=transaction_id)
    assert not sandbox.state.item_transactions[transaction_id].approved

    cancel = client.cancel_payment(payment_id=payment.payment_id, ip="85.34.78.112")
    assert (cancel.payment_id, cancel.price) == (payment.payment_id, Decimal("1250"))
    with pytest.raises(IyzicoDeclinedError):
        client.approve_item(payment_transaction_id=transaction_id)


@pytest.mark.parametrize(
    ("card_number", "error_code", "error_group"),
    [
        ("4111111111111129", "10051", "NOT_SUFFICIENT_FUNDS"),
        ("4129111111111111", "10005", "DO_NOT_HONOUR"),
        ("4131111111111117", "SANDBOX_3DS_MD_STATUS_0", "THREEDS_AUTHENTICATION_FAILED"),
        ("4151111111111112", "SANDBOX_3DS_INITIALIZE_FAILED", "THREEDS_INITIALIZE_FAILED"),
    ],
)
def test_declined_card_returns_to_the_merchant_and_retrieve_raises(
    client: IyzicoClient, card_number: str, error_code: str, error_group: str
) -> None:
    seller = client.sub_merchant_create(sub_merchant=SELLER)
    with merchant_receiver() as (callback_url, callbacks):
        checkout_page_pay(
            _initialize(client, callback_url, seller.sub_merchant_key), cardNumber=card_number
        )
    token = callback_token(callbacks[0])  # iyzico returns the buyer even when the card fails

    with pytest.raises(IyzicoDeclinedError) as declined:
        client.checkout_form_retrieve(token=token)

    assert (declined.value.error_code, declined.value.error_group) == (error_code, error_group)
    assert declined.value.error_message


def test_basket_whose_items_do_not_add_up_is_refused_before_sending(
    client: IyzicoClient, sandbox: RunningSandbox
) -> None:
    with pytest.raises(ValueError, match="add up"):
        client.checkout_form_initialize(
            conversation_id="order-2",
            basket_id="B2",
            price=Decimal("100.00"),
            paid_price=Decimal("100.00"),
            callback_url="http://127.0.0.1:1/cb",
            buyer=BUYER,
            shipping_address=ADDRESS,
            billing_address=ADDRESS,
            basket_items=[basket_item(sub_merchant_key="k", price="99.99", share="90.00")],
        )
    assert sandbox.state.checkout_forms == {}


def test_sub_merchants_of_each_type_are_created_and_updated(client: IyzicoClient) -> None:
    company = SubMerchant(
        sub_merchant_type=SubMerchantType.LIMITED_OR_JOINT_STOCK_COMPANY,
        external_id="seller-8",
        name="Demir Otomotiv Ltd.",
        email="info@demir.example",
        gsm_number="+905551112244",
        address="OSTİM, Ankara",
        iban="TR180006100000001234567890",
        tax_office="Ostim",
        tax_number="1234567890",
        legal_company_title="Demir Otomotiv Ltd. Şti.",
    )
    private = SubMerchant(
        sub_merchant_type=SubMerchantType.PRIVATE_COMPANY,
        external_id="seller-9",
        name="Kaya Oto",
        email="kaya@example.com",
        gsm_number="+905551112255",
        address="İzmir",
        iban="TR180006100000001234567890",
        tax_office="Konak",
        legal_company_title="Kaya Oto",
        identity_number="10000000146",
    )
    keys = {client.sub_merchant_create(sub_merchant=m).sub_merchant_key for m in (company, private)}
    assert len(keys) == 2
    key = client.sub_merchant_create(sub_merchant=SELLER).sub_merchant_key
    updated = client.sub_merchant_update(sub_merchant_key=key, sub_merchant=SELLER)
    assert updated.sub_merchant_key == key
    with pytest.raises(IyzicoDeclinedError):  # the same external id twice
        client.sub_merchant_create(sub_merchant=SELLER)
    with pytest.raises(ValueError, match="taxNumber"):
        client.sub_merchant_create(
            sub_merchant=SubMerchant(**{**company.__dict__, "tax_number": ""})
        )


def test_installment_info_lists_plans_for_the_card(client: IyzicoClient) -> None:
    info = client.installment_info(bin_number="55287900", price=Decimal("1000.00"))
    assert (info.bank_name, info.card_association) == ("Halkbank", "MASTER_CARD")
    plans = {plan.installment_number: plan for plan in info.installment_prices}
    assert plans[1].total_price == Decimal("1000")
    assert plans[3].total_price == Decimal("1037.5")
    assert plans[3].installment_price == Decimal("345.83")
