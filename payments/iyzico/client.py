"""The iyzico adapter: iyzico's marketplace operations (checkout form, item approval, cancel,
refund, installments, sub-merchants) through the real iyzipay client, taking and returning plain
data (payments.iyzico.types) and raising only payments.iyzico.errors.

Request fields follow docs.iyzico.com (CF Initialize/Retrieve, Marketplace: Sub-merchant, Approval,
Refund & Cancel, Installment & BIN Service). Amounts go out as strings ("100.0", see
signing.amount_request_format, which refuses sub-kuruş amounts instead of rounding them) and come
back as Decimal, parsed from iyzico's JSON numbers without passing through float.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import iyzipay
from django.conf import settings

from payments.iyzico import signing
from payments.iyzico.errors import IyzicoDeclinedError, IyzicoRequestError, IyzicoSignatureError
from payments.iyzico.transport import Endpoint, resource_call
from payments.iyzico.types import (
    Address,
    BasketItem,
    Buyer,
    CancelResult,
    CheckoutFormInitializeResult,
    CheckoutFormResult,
    InstallmentInfoResult,
    InstallmentPrice,
    ItemApprovalResult,
    ItemTransaction,
    RefundResult,
    SubMerchant,
    SubMerchantResult,
    SubMerchantType,
)

LOCALE = "tr"
CURRENCY = "TRY"


def _buyer_fields(buyer: Buyer) -> dict[str, str]:
    return {
        "id": buyer.id,
        "name": buyer.name,
        "surname": buyer.surname,
        "gsmNumber": buyer.gsm_number,
        "email": buyer.email,
        "identityNumber": buyer.identity_number,
        "registrationAddress": buyer.registration_address,
        "ip": buyer.ip,
        "city": buyer.city,
        "country": buyer.country,
    }


def _address_fields(address: Address) -> dict[str, str]:
    return {
        "contactName": address.contact_name,
        "city": address.city,
        "country": address.country,
        "address": address.address,
    }


def _basket_item_fields(item: BasketItem) -> dict[str, str]:
    if item.sub_merchant_price > item.price:
        raise IyzicoRequestError(
            f"Basket item {item.id}: the seller's share exceeds the item price."
        )
    return {
        "id": item.id,
        "name": item.name,
        "category1": item.category1,
        "itemType": "PHYSICAL",
        "price": signing.amount_request_format(item.price),
        "subMerchantKey": item.sub_merchant_key,
        "subMerchantPrice": signing.amount_request_format(item.sub_merchant_price),
    }


def _sub_merchant_fields(sub_merchant: SubMerchant) -> dict[str, str]:
    """The fields iyzico takes for the sub-merchant's type, and only those."""
    fields = {
        "name": sub_merchant.name,
        "email": sub_merchant.email,
        "gsmNumber": sub_merchant.gsm_number,
        "address": sub_merchant.address,
        "iban": sub_merchant.iban.replace(" ", "").upper(),
        "currency": sub_merchant.currency,
    }
    kind = sub_merchant.sub_merchant_type
    if kind is SubMerchantType.PERSONAL:
        fields |= {
            "contactName": sub_merchant.contact_name,
            "contactSurname": sub_merchant.contact_surname,
            "identityNumber": sub_merchant.identity_number,
        }
    elif kind is SubMerchantType.PRIVATE_COMPANY:
        fields |= {
            "taxOffice": sub_merchant.tax_office,
            "legalCompanyTitle": sub_merchant.legal_company_title,
            "identityNumber": sub_merchant.identity_number,
        }
    else:
        fields |= {
            "taxOffice": sub_merchant.tax_office,
            "taxNumber": sub_merchant.tax_number,
            "legalCompanyTitle": sub_merchant.legal_company_title,
        }
    missing = sorted(name for name, value in fields.items() if not value)
    if missing:
        raise IyzicoRequestError(f"Sub-merchant of type {kind} lacks: {', '.join(missing)}")
    return fields


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _text(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    return "" if value is None else str(value)


class IyzicoClient:
    """One merchant account's iyzico API. Thread-safe: each call has its own connection and
    headers. Every call has a timeout; a failed one raises an IyzicoError subclass."""

    def __init__(
        self, *, api_key: str, secret_key: str, base_url: str, timeout_seconds: float
    ) -> None:
        self.api_key = api_key
        self.secret_key = secret_key
        self.endpoint = Endpoint.parse(base_url)
        self.timeout_seconds = timeout_seconds

    def _call(
        self, resource_class: type[Any], method: str, request: dict[str, Any]
    ) -> dict[str, Any]:
        body = resource_call(
            resource_class=resource_class,
            method=method,
            request=request,
            endpoint=self.endpoint,
            api_key=self.api_key,
            secret_key=self.secret_key,
            timeout=self.timeout_seconds,
        )
        if body.get("status") != "success":
            code, message = _text(body, "errorCode"), _text(body, "errorMessage")
            raise IyzicoDeclinedError(
                f"iyzico refused ({code}): {message}",
                error_code=code,
                error_message=message,
                error_group=_text(body, "errorGroup"),
            )
        return body

    def _signature_check(self, body: dict[str, Any], fields: Sequence[str]) -> None:
        if not signing.response_signature_valid(
            secret_key=self.secret_key, body=body, fields=fields
        ):
            raise IyzicoSignatureError("iyzico's response signature is missing or does not match")

    def checkout_form_initialize(
        self,
        *,
        conversation_id: str,
        basket_id: str,
        price: Decimal,
        paid_price: Decimal,
        callback_url: str,
        buyer: Buyer,
        shipping_address: Address,
        billing_address: Address,
        basket_items: Sequence[BasketItem],
        enabled_installments: Sequence[int] = (1,),
    ) -> CheckoutFormInitializeResult:
        """Opens iyzico's hosted payment page for a basket; the buyer goes to `payment_page_url`
        and comes back by a POST of `token` to `callback_url`."""
        if not basket_items:
            raise IyzicoRequestError("An empty basket cannot be paid.")
        if sum((item.price for item in basket_items), Decimal(0)) != price:
            raise IyzicoRequestError("The basket items' prices must add up to the basket price.")
        request = {
            "locale": LOCALE,
            "conversationId": conversation_id,
            "price": signing.amount_request_format(price),
            "paidPrice": signing.amount_request_format(paid_price),
            "currency": CURRENCY,
            "basketId": basket_id,
            "paymentGroup": "PRODUCT",
            "callbackUrl": callback_url,
            "enabledInstallments": list(enabled_installments),
            "buyer": _buyer_fields(buyer),
            "shippingAddress": _address_fields(shipping_address),
            "billingAddress": _address_fields(billing_address),
            "basketItems": [_basket_item_fields(item) for item in basket_items],
        }
        body = self._call(iyzipay.CheckoutFormInitialize, "create", request)
        self._signature_check(body, signing.CHECKOUT_FORM_INITIALIZE_SIGNED_FIELDS)
        if _text(body, "conversationId") != conversation_id:
            raise IyzicoSignatureError("iyzico answered for another conversation")
        return CheckoutFormInitializeResult(
            token=_text(body, "token"),
            payment_page_url=_text(body, "paymentPageUrl"),
            token_expire_time=int(body.get("tokenExpireTime") or 0),
            conversation_id=conversation_id,
        )

    def checkout_form_retrieve(self, *, token: str) -> CheckoutFormResult:
        """The outcome of a checkout form, only once its signature verifies. A declined card
        raises IyzicoDeclinedError with the bank's errorCode/errorGroup."""
        body = self._call(iyzipay.CheckoutForm, "retrieve", {"locale": LOCALE, "token": token})
        self._signature_check(body, signing.CHECKOUT_FORM_RETRIEVE_SIGNED_FIELDS)
        if _text(body, "token") != token:
            raise IyzicoSignatureError("iyzico answered for another checkout form")
        items = tuple(
            ItemTransaction(
                item_id=_text(item, "itemId"),
                payment_transaction_id=_text(item, "paymentTransactionId"),
                price=_decimal(item.get("price", 0)),
                paid_price=_decimal(item.get("paidPrice", 0)),
                sub_merchant_key=_text(item, "subMerchantKey"),
                sub_merchant_price=(
                    None
                    if item.get("subMerchantPrice") is None
                    else _decimal(item["subMerchantPrice"])
                ),
                transaction_status=int(item.get("transactionStatus") or 0),
            )
            for item in body.get("itemTransactions") or []
        )
        return CheckoutFormResult(
            token=token,
            payment_status=_text(body, "paymentStatus"),
            payment_id=_text(body, "paymentId"),
            conversation_id=_text(body, "conversationId"),
            basket_id=_text(body, "basketId"),
            currency=_text(body, "currency"),
            price=_decimal(body.get("price", 0)),
            paid_price=_decimal(body.get("paidPrice", 0)),
            fraud_status=int(body.get("fraudStatus") or 0),
            installment=int(body.get("installment") or 1),
            item_transactions=items,
        )

    def installment_info(
        self, *, bin_number: str, price: Decimal, conversation_id: str = ""
    ) -> InstallmentInfoResult:
        """The card's bank, type and the installment plans iyzico offers for `price`."""
        request = {
            "locale": LOCALE,
            "conversationId": conversation_id,
            "binNumber": bin_number,
            "price": signing.amount_request_format(price),
        }
        body = self._call(iyzipay.InstallmentInfo, "retrieve", request)
        details = body.get("installmentDetails") or []
        if not details:
            raise IyzicoDeclinedError(
                "iyzico offers no installments for this card",
                error_code="",
                error_message="",
            )
        detail = details[0]
        return InstallmentInfoResult(
            bin_number=_text(detail, "binNumber"),
            price=_decimal(detail.get("price", price)),
            card_type=_text(detail, "cardType"),
            card_association=_text(detail, "cardAssociation"),
            card_family_name=_text(detail, "cardFamilyName"),
            bank_name=_text(detail, "bankName"),
            force_3ds=bool(detail.get("force3ds")),
            installment_prices=tuple(
                InstallmentPrice(
                    installment_number=int(plan["installmentNumber"]),
                    installment_price=_decimal(plan["installmentPrice"]),
                    total_price=_decimal(plan["totalPrice"]),
                )
                for plan in detail.get("installmentPrices") or []
            ),
        )

    def _item_approval(
        self, resource_class: type[Any], payment_transaction_id: str, conversation_id: str
    ) -> ItemApprovalResult:
        request = {
            "locale": LOCALE,
            "conversationId": conversation_id,
            "paymentTransactionId": payment_transaction_id,
        }
        body = self._call(resource_class, "create", request)
        if _text(body, "paymentTransactionId") != payment_transaction_id:
            raise IyzicoSignatureError("iyzico answered for another payment transaction")
        return ItemApprovalResult(
            payment_transaction_id=payment_transaction_id,
            conversation_id=_text(body, "conversationId"),
        )

    def approve_item(
        self, *, payment_transaction_id: str, conversation_id: str = ""
    ) -> ItemApprovalResult:
        """Releases one item's money from the protected pool to the seller (buyer got the part)."""
        return self._item_approval(iyzipay.Approval, payment_transaction_id, conversation_id)

    def disapprove_item(
        self, *, payment_transaction_id: str, conversation_id: str = ""
    ) -> ItemApprovalResult:
        """Withdraws an approval before iyzico paid the seller out."""
        return self._item_approval(iyzipay.Disapproval, payment_transaction_id, conversation_id)

    def cancel_payment(
        self, *, payment_id: str, ip: str, conversation_id: str = ""
    ) -> CancelResult:
        """Cancels a whole payment (same day, before the bank's end of day)."""
        request = {
            "locale": LOCALE,
            "conversationId": conversation_id,
            "paymentId": payment_id,
            "ip": ip,
        }
        body = self._call(iyzipay.Cancel, "create", request)
        return CancelResult(
            payment_id=_text(body, "paymentId"),
            price=_decimal(body.get("price", 0)),
            currency=_text(body, "currency"),
            conversation_id=_text(body, "conversationId"),
        )

    def refund(
        self,
        *,
        payment_transaction_id: str,
        amount: Decimal,
        ip: str,
        conversation_id: str = "",
    ) -> RefundResult:
        """Refunds all or part of one item; the answer's signature must verify."""
        request = {
            "locale": LOCALE,
            "conversationId": conversation_id,
            "paymentTransactionId": payment_transaction_id,
            "price": signing.amount_request_format(amount),
            "currency": CURRENCY,
            "ip": ip,
        }
        body = self._call(iyzipay.Refund, "create", request)
        self._signature_check(body, signing.REFUND_SIGNED_FIELDS)
        return RefundResult(
            payment_id=_text(body, "paymentId"),
            payment_transaction_id=_text(body, "paymentTransactionId"),
            price=_decimal(body.get("price", 0)),
            currency=_text(body, "currency"),
            conversation_id=_text(body, "conversationId"),
        )

    def sub_merchant_create(
        self, *, sub_merchant: SubMerchant, conversation_id: str = ""
    ) -> SubMerchantResult:
        """Registers a seller with iyzico; keep the returned key on the seller's payout profile."""
        request = {
            "locale": LOCALE,
            "conversationId": conversation_id,
            "subMerchantExternalId": sub_merchant.external_id,
            "subMerchantType": sub_merchant.sub_merchant_type.value,
            **_sub_merchant_fields(sub_merchant),
        }
        body = self._call(iyzipay.SubMerchant, "create", request)
        key = _text(body, "subMerchantKey")
        if not key:
            raise IyzicoSignatureError("iyzico answered success without a subMerchantKey")
        return SubMerchantResult(sub_merchant_key=key, conversation_id=conversation_id)

    def sub_merchant_update(
        self, *, sub_merchant_key: str, sub_merchant: SubMerchant, conversation_id: str = ""
    ) -> SubMerchantResult:
        """Updates a seller's details at iyzico (its type cannot change)."""
        request = {
            "locale": LOCALE,
            "conversationId": conversation_id,
            "subMerchantKey": sub_merchant_key,
            **_sub_merchant_fields(sub_merchant),
        }
        self._call(iyzipay.SubMerchant, "update", request)
        return SubMerchantResult(sub_merchant_key=sub_merchant_key, conversation_id=conversation_id)


def iyzico_client_get() -> IyzicoClient:
    """The client for the merchant account in settings (IYZICO_*)."""
    return IyzicoClient(
        api_key=settings.IYZICO_API_KEY,
        secret_key=settings.IYZICO_SECRET_KEY,
        base_url=settings.IYZICO_BASE_URL,
        timeout_seconds=settings.IYZICO_TIMEOUT_SECONDS,
    )
