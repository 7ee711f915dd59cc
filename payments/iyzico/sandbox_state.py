"""The local iyzico sandbox's memory and rules: checkout forms, payments, item transactions,
approvals, refunds and sub-merchants, answering each operation with iyzico's documented response
body (status, locale, systemTime, conversationId, and `signature` where iyzico signs).

No HTTP here (sandbox_server.py); one lock around every change, so concurrent calls stay sane.
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from payments.iyzico import sandbox_cards, signing

Body = dict[str, Any]
_KURUS = Decimal("0.01")
_INSTALLMENT_RATES = {
    1: Decimal("0"),
    2: Decimal("0.0250"),
    3: Decimal("0.0375"),
    6: Decimal("0.0700"),
    9: Decimal("0.1000"),
}
_BUYER_FIELDS = (
    "id",
    "name",
    "surname",
    "gsmNumber",
    "email",
    "identityNumber",
    "registrationAddress",
    "ip",
    "city",
    "country",
)
_ADDRESS_FIELDS = ("contactName", "city", "country", "address")
_ITEM_FIELDS = (
    "id",
    "name",
    "category1",
    "itemType",
    "price",
    "subMerchantKey",
    "subMerchantPrice",
)
_SUB_MERCHANT_TYPE_FIELDS = {
    "PERSONAL": ("contactName", "contactSurname", "identityNumber"),
    "PRIVATE_COMPANY": ("taxOffice", "legalCompanyTitle", "identityNumber"),
    "LIMITED_OR_JOINT_STOCK_COMPANY": ("taxOffice", "taxNumber", "legalCompanyTitle"),
}
_SUB_MERCHANT_COMMON_FIELDS = ("name", "email", "gsmNumber", "address", "iban", "currency")


class SandboxRequestError(Exception):
    """An invalid request: answered with status failure (HTTP 400)."""

    def __init__(self, error_code: str, error_message: str) -> None:
        super().__init__(error_message)
        self.error_code = error_code
        self.error_message = error_message


def _amount(value: Any, name: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise SandboxRequestError("11", f"{name} geçerli bir tutar değil") from None
    if not number.is_finite() or number <= 0:
        raise SandboxRequestError("11", f"{name} sıfırdan büyük olmalıdır")
    return number


def _required(source: Any, names: tuple[str, ...], where: str) -> None:
    if not isinstance(source, dict):
        raise SandboxRequestError("11", f"{where} gönderilmelidir")
    for name in names:
        if source.get(name) in (None, ""):
            raise SandboxRequestError("11", f"{where}.{name} gönderilmelidir")


@dataclass
class ItemTransactionRecord:
    payment_transaction_id: str
    payment_id: str
    item: dict[str, Any]
    price: Decimal
    sub_merchant_price: Decimal
    approved: bool = False
    refunded: Decimal = Decimal(0)


@dataclass
class CheckoutFormRecord:
    token: str
    request: dict[str, Any]
    api_conversation_id: str
    payment_status: str = "INIT"  # INIT -> SUCCESS | FAILURE
    payment_id: str = ""
    decline: sandbox_cards.CardDecline | None = None
    card_number: str = ""


@dataclass
class SandboxState:
    api_key: str
    secret_key: str
    base_url: str = ""
    delay_seconds: float = 0.0
    webhook_url: str = ""
    # Called with the lock held after every change (sandbox_persistence.py writes the state file).
    on_change: Callable[[SandboxState], None] | None = None
    # Where browsers reach the payment page (a phone on the LAN: not 127.0.0.1); "" = base_url.
    public_url: str = ""
    checkout_forms: dict[str, CheckoutFormRecord] = field(default_factory=dict)
    payments: dict[str, dict[str, Any]] = field(default_factory=dict)
    item_transactions: dict[str, ItemTransactionRecord] = field(default_factory=dict)
    sub_merchants: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _next_id: int = 22_000_000

    def _changed(self) -> None:
        """Call with the lock held after every change: the state file follows the memory."""
        if self.on_change is not None:
            self.on_change(self)

    def _id(self) -> str:
        self._next_id += 1
        return str(self._next_id)

    @staticmethod
    def envelope(request: dict[str, Any], **fields: Any) -> Body:
        body: Body = {"status": "success", "locale": request.get("locale") or "tr"}
        body["systemTime"] = int(time.time() * 1000)
        if request.get("conversationId"):
            body["conversationId"] = request["conversationId"]
        body.update(fields)
        return body

    @staticmethod
    def failure(request: dict[str, Any], *, code: str, message: str, group: str = "") -> Body:
        body: Body = {"status": "failure", "errorCode": code, "errorMessage": message}
        if group:
            body["errorGroup"] = group
        body["locale"] = request.get("locale") or "tr"
        body["systemTime"] = int(time.time() * 1000)
        if request.get("conversationId"):
            body["conversationId"] = request["conversationId"]
        return body

    def _sign(self, body: Body, fields: tuple[str, ...]) -> Body:
        body["signature"] = signing.response_signature(
            secret_key=self.secret_key, body=body, fields=fields
        )
        return body

    # --- checkout form ----------------------------------------------------------------------

    def checkout_form_initialize(self, request: dict[str, Any]) -> Body:
        _required(request, ("price", "paidPrice", "currency", "callbackUrl", "basketId"), "request")
        price = _amount(request["price"], "price")
        _amount(request["paidPrice"], "paidPrice")
        _required(request.get("buyer"), _BUYER_FIELDS, "buyer")
        _required(request.get("shippingAddress"), _ADDRESS_FIELDS, "shippingAddress")
        _required(request.get("billingAddress"), _ADDRESS_FIELDS, "billingAddress")
        items = request.get("basketItems")
        if not isinstance(items, list) or not items:
            raise SandboxRequestError("11", "basketItems gönderilmelidir")
        total = Decimal(0)
        with self.lock:
            for index, item in enumerate(items):
                _required(item, _ITEM_FIELDS, f"basketItems[{index}]")
                if item["subMerchantKey"] not in self.sub_merchants:
                    raise SandboxRequestError(
                        "SANDBOX_SUB_MERCHANT_NOT_FOUND", "Alt üye işyeri bulunamadı"
                    )
                item_price = _amount(item["price"], "basketItems.price")
                if _amount(item["subMerchantPrice"], "subMerchantPrice") > item_price:
                    raise SandboxRequestError("11", "subMerchantPrice ürün tutarını aşamaz")
                total += item_price
            if total != price:
                raise SandboxRequestError(
                    "11", "Sepetteki ürünlerin toplamı sepet tutarına eşit olmalıdır"
                )
            token = str(uuid.uuid4())
            self.checkout_forms[token] = CheckoutFormRecord(
                token=token,
                request=request,
                api_conversation_id=request.get("conversationId") or "",
            )
            self._changed()
        page_base = self.public_url or self.base_url
        body = self.envelope(
            request,
            token=token,
            checkoutFormContent=f'<script type="text/javascript">/* sandbox {token} */</script>',
            tokenExpireTime=1800,
            paymentPageUrl=f"{page_base}/checkoutform/pay?token={token}&lang=tr",
        )
        return self._sign(body, signing.CHECKOUT_FORM_INITIALIZE_SIGNED_FIELDS)

    def checkout_form_pay(
        self, *, token: str, card_number: str, expire_month: str, expire_year: str, cvc: str
    ) -> CheckoutFormRecord:
        """The buyer submitted the payment page: charge the card (or decline it) once."""
        card_number = card_number.replace(" ", "")
        with self.lock:
            form = self.checkout_forms.get(token)
            if form is None:
                raise SandboxRequestError("SANDBOX_TOKEN_NOT_FOUND", "Ödeme formu bulunamadı")
            if form.payment_status != "INIT":
                raise SandboxRequestError(
                    "SANDBOX_FORM_COMPLETED", "Bu ödeme formu zaten kullanıldı"
                )
            form.card_number = card_number
            form.decline = _card_decline(card_number, expire_month, expire_year, cvc)
            form.payment_id = self._id()
            if form.decline is not None:
                form.payment_status = "FAILURE"
            else:
                form.payment_status = "SUCCESS"
                self._payment_record(form)
            self._changed()
            return form

    def _payment_record(self, form: CheckoutFormRecord) -> None:
        request = form.request
        transactions = []
        for item in request["basketItems"]:
            record = ItemTransactionRecord(
                payment_transaction_id=self._id(),
                payment_id=form.payment_id,
                item=item,
                price=Decimal(str(item["price"])),
                sub_merchant_price=Decimal(str(item["subMerchantPrice"])),
            )
            self.item_transactions[record.payment_transaction_id] = record
            transactions.append(record.payment_transaction_id)
        self.payments[form.payment_id] = {
            "token": form.token,
            "paidPrice": Decimal(str(request["paidPrice"])),
            "price": Decimal(str(request["price"])),
            "currency": request["currency"],
            "basketId": request.get("basketId", ""),
            "conversationId": form.api_conversation_id,
            "transactions": transactions,
            "cancelled": False,
        }

    def checkout_form_retrieve(self, request: dict[str, Any]) -> Body:
        _required(request, ("token",), "request")
        with self.lock:
            form = self.checkout_forms.get(str(request["token"]))
            if form is None:
                raise SandboxRequestError("SANDBOX_TOKEN_NOT_FOUND", "Ödeme formu bulunamadı")
            base = {"locale": request.get("locale"), "conversationId": form.api_conversation_id}
            if form.payment_status == "INIT":
                body = self.failure(
                    base,
                    code="SANDBOX_FORM_NOT_COMPLETED",
                    message="Ödeme formu henüz tamamlanmadı",
                )
                body.update(
                    token=form.token,
                    callbackUrl=form.request["callbackUrl"],
                    paymentStatus="INIT_THREEDS",
                )
                return body
            if form.payment_status == "FAILURE" and form.decline is not None:
                body = self.failure(
                    base,
                    code=form.decline.error_code,
                    message=form.decline.error_message,
                    group=form.decline.error_group,
                )
                body.update(
                    token=form.token,
                    callbackUrl=form.request["callbackUrl"],
                    paymentStatus="FAILURE",
                    paymentId=form.payment_id,
                )
                return body
            payment = self.payments[form.payment_id]
            items = [
                self._item_body(self.item_transactions[ptid]) for ptid in payment["transactions"]
            ]
        number = form.card_number
        body = self.envelope(
            base,
            price=float(payment["price"]),
            paidPrice=float(payment["paidPrice"]),
            installment=1,
            paymentId=form.payment_id,
            fraudStatus=1,
            merchantCommissionRate=0,
            merchantCommissionRateAmount=0,
            iyziCommissionRateAmount=float(
                (payment["paidPrice"] * Decimal("0.0349")).quantize(_KURUS)
            ),
            iyziCommissionFee=0.25,
            cardType="CREDIT_CARD",
            cardAssociation="MASTER_CARD" if number.startswith("5") else "VISA",
            cardFamily="Paraf",
            binNumber=number[:8],
            lastFourDigits=number[-4:],
            basketId=payment["basketId"],
            currency=payment["currency"],
            itemTransactions=items,
            authCode=str(secrets.randbelow(900000) + 100000),
            phase="AUTH",
            hostReference="mock00007iyzihostrfn",
            token=form.token,
            callbackUrl=form.request["callbackUrl"],
            paymentStatus="SUCCESS",
        )
        return self._sign(body, signing.CHECKOUT_FORM_RETRIEVE_SIGNED_FIELDS)

    @staticmethod
    def _item_body(record: ItemTransactionRecord) -> Body:
        return {
            "itemId": record.item["id"],
            "paymentTransactionId": record.payment_transaction_id,
            "transactionStatus": 2,
            "price": float(record.price),
            "paidPrice": float(record.price),
            "subMerchantKey": record.item["subMerchantKey"],
            "subMerchantPrice": float(record.sub_merchant_price),
            "subMerchantPayoutAmount": float(record.sub_merchant_price),
            "merchantPayoutAmount": float(record.price - record.sub_merchant_price),
            "blockageRate": 0,
        }

    # --- marketplace after the payment ------------------------------------------------------

    def _transaction(self, request: dict[str, Any]) -> ItemTransactionRecord:
        _required(request, ("paymentTransactionId",), "request")
        record = self.item_transactions.get(str(request["paymentTransactionId"]))
        if record is None:
            raise SandboxRequestError("SANDBOX_TRANSACTION_NOT_FOUND", "Ödeme kırılımı bulunamadı")
        if self.payments[record.payment_id]["cancelled"]:
            raise SandboxRequestError("SANDBOX_PAYMENT_CANCELLED", "Ödeme iptal edilmiş")
        return record

    def item_approve(self, request: dict[str, Any], *, approve: bool) -> Body:
        with self.lock:
            record = self._transaction(request)
            if not approve and not record.approved:
                raise SandboxRequestError(
                    "SANDBOX_NOT_APPROVED", "Onaylanmamış ürünün onayı kaldırılamaz"
                )
            record.approved = approve
            self._changed()
        return self.envelope(request, paymentTransactionId=record.payment_transaction_id)

    def payment_cancel(self, request: dict[str, Any]) -> Body:
        _required(request, ("paymentId", "ip"), "request")
        with self.lock:
            payment = self.payments.get(str(request["paymentId"]))
            if payment is None:
                raise SandboxRequestError("SANDBOX_PAYMENT_NOT_FOUND", "Ödeme bulunamadı")
            if payment["cancelled"]:
                raise SandboxRequestError("SANDBOX_PAYMENT_CANCELLED", "Ödeme zaten iptal edilmiş")
            payment["cancelled"] = True
            self._changed()
        return self.envelope(
            request,
            paymentId=str(request["paymentId"]),
            price=float(payment["paidPrice"]),
            currency=payment["currency"],
            authCode=str(secrets.randbelow(900000) + 100000),
            hostReference="mock00007iyzihostrfn",
        )

    def refund(self, request: dict[str, Any]) -> Body:
        _required(request, ("paymentTransactionId", "price", "ip"), "request")
        amount = _amount(request["price"], "price")
        with self.lock:
            record = self._transaction(request)
            if record.refunded + amount > record.price:
                raise SandboxRequestError(
                    "SANDBOX_REFUND_EXCEEDS", "İade tutarı kırılım tutarını aşamaz"
                )
            record.refunded += amount
            self._changed()
            currency = self.payments[record.payment_id]["currency"]
        body = self.envelope(
            request,
            paymentId=record.payment_id,
            paymentTransactionId=record.payment_transaction_id,
            price=float(amount),
            currency=currency,
            authCode=str(secrets.randbelow(900000) + 100000),
            hostReference="mock00007iyzihostrfn",
            retryable=False,
        )
        return self._sign(body, signing.REFUND_SIGNED_FIELDS)

    def installment_info(self, request: dict[str, Any]) -> Body:
        _required(request, ("binNumber", "price"), "request")
        price = _amount(request["price"], "price")
        bin_number = str(request["binNumber"])[:6]
        bank = sandbox_cards.BINS.get(bin_number)
        if bank is None:
            return self.failure(
                request, code="10213", message="BIN bulunamadı", group="BIN_NOT_FOUND"
            )
        bank_name, association, family, card_type = bank
        plans = []
        for number, rate in _INSTALLMENT_RATES.items():
            total = (price * (1 + rate)).quantize(_KURUS, rounding=ROUND_HALF_UP)
            plans.append(
                {
                    "installmentNumber": number,
                    "totalPrice": float(total),
                    "installmentPrice": float(
                        (total / number).quantize(_KURUS, rounding=ROUND_HALF_UP)
                    ),
                }
            )
        detail = {
            "binNumber": bin_number,
            "price": float(price),
            "cardType": card_type,
            "cardAssociation": association,
            "cardFamilyName": family,
            "force3ds": 0,
            "bankCode": 12,
            "bankName": bank_name,
            "forceCvc": 0,
            "commercial": 0,
            "installmentPrices": plans,
        }
        return self.envelope(request, installmentDetails=[detail])

    # --- sub-merchants ----------------------------------------------------------------------

    def sub_merchant_create(self, request: dict[str, Any]) -> Body:
        _required(request, ("subMerchantExternalId", "subMerchantType"), "request")
        kind = str(request["subMerchantType"])
        if kind not in _SUB_MERCHANT_TYPE_FIELDS:
            raise SandboxRequestError("11", "subMerchantType geçersiz")
        _required(request, _SUB_MERCHANT_COMMON_FIELDS + _SUB_MERCHANT_TYPE_FIELDS[kind], "request")
        with self.lock:
            if any(
                m["subMerchantExternalId"] == request["subMerchantExternalId"]
                for m in self.sub_merchants.values()
            ):
                raise SandboxRequestError(
                    "SANDBOX_EXTERNAL_ID_EXISTS",
                    "Bu subMerchantExternalId ile alt üye işyeri zaten var",
                )
            key = secrets.token_urlsafe(21)
            self.sub_merchants[key] = dict(request)
            self._changed()
        return self.envelope(request, subMerchantKey=key)

    def sub_merchant_update(self, request: dict[str, Any]) -> Body:
        _required(request, ("subMerchantKey",), "request")
        with self.lock:
            existing = self.sub_merchants.get(str(request["subMerchantKey"]))
            if existing is None:
                raise SandboxRequestError(
                    "SANDBOX_SUB_MERCHANT_NOT_FOUND", "Alt üye işyeri bulunamadı"
                )
            kind = existing["subMerchantType"]
            _required(
                request, _SUB_MERCHANT_COMMON_FIELDS + _SUB_MERCHANT_TYPE_FIELDS[kind], "request"
            )
            existing.update(
                {
                    k: v
                    for k, v in request.items()
                    if k not in {"subMerchantKey", "locale", "conversationId"}
                }
            )
            self._changed()
        return self.envelope(request)


def _card_decline(
    card_number: str, expire_month: str, expire_year: str, cvc: str
) -> sandbox_cards.CardDecline | None:
    if not sandbox_cards.luhn_valid(card_number):
        return sandbox_cards.INVALID_CARD_NUMBER
    if not (cvc.isdigit() and len(cvc) in (3, 4)):
        return sandbox_cards.INVALID_CVC
    try:
        month, year = int(expire_month), int(expire_year)
    except ValueError:
        return sandbox_cards.EXPIRED_CARD
    year = year + 2000 if year < 100 else year
    today = date.today()
    if not 1 <= month <= 12 or (year, month) < (today.year, today.month):
        return sandbox_cards.EXPIRED_CARD
    return sandbox_cards.DECLINES.get(card_number)
