"""The local sandbox's `--state-file`: a restarted sandbox (as `make run` restarts it) still knows
the sub-merchants, payments and item transactions the site's database refers to. No database."""

from __future__ import annotations

import json
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from payments.iyzico.client import IyzicoClient
from payments.iyzico.errors import IyzicoDeclinedError
from payments.iyzico.sandbox import RunningSandbox, sandbox_running, sandbox_start
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
    external_id="seller-restart",
    name="Kaya Oto Çıkma",
    email="kaya@example.com",
    gsm_number="+905321112233",
    address="Sanayi Sitesi 4. Blok No:12, İstanbul",
    iban="TR330006100519786457841326",
    contact_name="Ali",
    contact_surname="Kaya",
    identity_number="10000000146",
)


def _client(sandbox: RunningSandbox) -> IyzicoClient:
    return IyzicoClient(
        api_key=API_KEY, secret_key=SECRET_KEY, base_url=sandbox.base_url, timeout_seconds=5
    )


def _pay(client: IyzicoClient, sub_merchant_key: str, callback_url: str) -> None:
    result = client.checkout_form_initialize(
        conversation_id="order-restart",
        basket_id="B-restart",
        price=Decimal("1250.00"),
        paid_price=Decimal("1250.00"),
        callback_url=callback_url,
        buyer=BUYER,
        shipping_address=ADDRESS,
        billing_address=ADDRESS,
        basket_items=[basket_item(sub_merchant_key=sub_merchant_key)],
        enabled_installments=(1,),
    )
    checkout_page_pay(result.payment_page_url)


def test_restarted_sandbox_knows_sub_merchants_and_payments(tmp_path: Path) -> None:
    state_file = tmp_path / "run" / "iyzico-sandbox.json"
    with merchant_receiver() as (callback_url, callbacks):
        with sandbox_running(
            api_key=API_KEY, secret_key=SECRET_KEY, state_file=str(state_file)
        ) as first:
            key = _client(first).sub_merchant_create(sub_merchant=SELLER).sub_merchant_key
            _pay(_client(first), key, callback_url + "/odeme/donus")
        token = callback_token(callbacks[0])

        second = sandbox_start(api_key=API_KEY, secret_key=SECRET_KEY, state_file=str(state_file))
        try:
            client = _client(second)
            payment = client.checkout_form_retrieve(token=token)
            assert payment.paid
            assert payment.price == Decimal("1250")
            (item,) = payment.item_transactions
            assert item.sub_merchant_key == key
            # The money side goes on after the restart: approve, partial refund and its limit.
            client.approve_item(payment_transaction_id=item.payment_transaction_id)
            client.refund(
                payment_transaction_id=item.payment_transaction_id,
                amount=Decimal("250.50"),
                ip="85.34.78.112",
            )
            with pytest.raises(IyzicoDeclinedError):
                client.refund(
                    payment_transaction_id=item.payment_transaction_id,
                    amount=Decimal("1000.00"),
                    ip="85.34.78.112",
                )
            # The sub-merchant's key still takes a new payment; its external id stays taken.
            _pay(client, key, callback_url + "/odeme/donus")
            with pytest.raises(IyzicoDeclinedError):
                client.sub_merchant_create(sub_merchant=SELLER)
            new_ids = {int(record.payment_id) for record in second.state.checkout_forms.values()}
            assert len(new_ids) == 2  # ids keep counting up: no payment id reused
        finally:
            second.stop()
    assert len(callbacks) == 2

    saved = json.loads(state_file.read_text(encoding="utf-8"))
    record = saved["item_transactions"][item.payment_transaction_id]
    assert (record["approved"], Decimal(record["refunded"])) == (True, Decimal("250.50"))
    assert [path.name for path in state_file.parent.iterdir()] == ["iyzico-sandbox.json"]


def test_parallel_changes_leave_a_whole_file(tmp_path: Path) -> None:
    """Twenty sub-merchants created at once: the file, written under the lock each time, ends with
    all of them and parses (no interleaved writes, no temporary files left)."""
    state_file = tmp_path / "iyzico-sandbox.json"
    with sandbox_running(api_key=API_KEY, secret_key=SECRET_KEY, state_file=str(state_file)) as sb:
        client = _client(sb)
        keys: list[str] = []

        def create(number: int) -> None:
            seller = SubMerchant(**{**vars(SELLER), "external_id": f"seller-{number}"})
            keys.append(client.sub_merchant_create(sub_merchant=seller).sub_merchant_key)

        threads = [threading.Thread(target=create, args=(number,)) for number in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    saved = json.loads(state_file.read_text(encoding="utf-8"))
    assert sorted(saved["sub_merchants"]) == sorted(keys)
    assert len(keys) == 20
    assert list(tmp_path.iterdir()) == [state_file]


def test_a_state_file_of_another_kind_is_refused_not_forgotten(tmp_path: Path) -> None:
    state_file = tmp_path / "iyzico-sandbox.json"
    state_file.write_text('{"sub_merchants": {}}', encoding="utf-8")
    with pytest.raises(ValueError, match="not an iyzico sandbox state file"):
        sandbox_start(api_key=API_KEY, secret_key=SECRET_KEY, state_file=str(state_file))
    assert state_file.read_text(encoding="utf-8") == '{"sub_merchants": {}}'
