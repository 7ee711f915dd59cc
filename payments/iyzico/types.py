"""Plain data going into and coming out of the iyzico adapter (no models, no dicts)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Buyer:
    id: str
    name: str
    surname: str
    gsm_number: str  # E.164, "+905350000000"
    email: str
    identity_number: str  # TC kimlik no (iyzico requires one; 11 digits)
    registration_address: str
    ip: str
    city: str
    country: str = "Turkey"


@dataclass(frozen=True)
class Address:
    contact_name: str
    city: str
    address: str
    country: str = "Turkey"


@dataclass(frozen=True)
class BasketItem:
    """One part in the basket; `price` is what the buyer pays for it, `sub_merchant_price` what
    iyzico pays out to the seller (the platform keeps the difference)."""

    id: str
    name: str
    category1: str
    price: Decimal
    sub_merchant_key: str
    sub_merchant_price: Decimal


class SubMerchantType(enum.StrEnum):
    PERSONAL = "PERSONAL"
    PRIVATE_COMPANY = "PRIVATE_COMPANY"
    LIMITED_OR_JOINT_STOCK_COMPANY = "LIMITED_OR_JOINT_STOCK_COMPANY"


@dataclass(frozen=True)
class SubMerchant:
    """A seller as iyzico knows it. Which fields a type needs (iyzico's marketplace docs):
    PERSONAL: contact name/surname + identity number; PRIVATE_COMPANY: + tax office and legal
    company title; LIMITED_OR_JOINT_STOCK_COMPANY: tax office, tax number, legal company title."""

    sub_merchant_type: SubMerchantType
    external_id: str
    name: str
    email: str
    gsm_number: str
    address: str
    iban: str
    contact_name: str = ""
    contact_surname: str = ""
    identity_number: str = ""
    tax_office: str = ""
    tax_number: str = ""
    legal_company_title: str = ""
    currency: str = "TRY"


@dataclass(frozen=True)
class CheckoutFormInitializeResult:
    token: str
    payment_page_url: str
    token_expire_time: int  # seconds the token stays valid
    conversation_id: str


@dataclass(frozen=True)
class ItemTransaction:
    item_id: str
    payment_transaction_id: str
    price: Decimal
    paid_price: Decimal
    sub_merchant_key: str
    sub_merchant_price: Decimal | None
    transaction_status: int  # iyzico's item status as sent (2 in a fresh successful payment)


@dataclass(frozen=True)
class CheckoutFormResult:
    """A retrieved checkout form whose signature verified. `payment_status` is SUCCESS, FAILURE,
    INIT_THREEDS or CALLBACK_THREEDS; `fraud_status` 1 = approved, 0 = in review, -1 = rejected
    (ship only on 1)."""

    token: str
    payment_status: str
    payment_id: str
    conversation_id: str
    basket_id: str
    currency: str
    price: Decimal
    paid_price: Decimal
    fraud_status: int
    installment: int
    item_transactions: tuple[ItemTransaction, ...] = field(default_factory=tuple)

    @property
    def paid(self) -> bool:
        return self.payment_status == "SUCCESS" and self.fraud_status == 1


@dataclass(frozen=True)
class InstallmentPrice:
    installment_number: int
    installment_price: Decimal
    total_price: Decimal


@dataclass(frozen=True)
class InstallmentInfoResult:
    bin_number: str
    price: Decimal
    card_type: str
    card_association: str
    card_family_name: str
    bank_name: str
    force_3ds: bool
    installment_prices: tuple[InstallmentPrice, ...]


@dataclass(frozen=True)
class ItemApprovalResult:
    payment_transaction_id: str
    conversation_id: str


@dataclass(frozen=True)
class CancelResult:
    payment_id: str
    price: Decimal
    currency: str
    conversation_id: str


@dataclass(frozen=True)
class RefundResult:
    payment_id: str
    payment_transaction_id: str
    price: Decimal
    currency: str
    conversation_id: str


@dataclass(frozen=True)
class SubMerchantResult:
    sub_merchant_key: str
    conversation_id: str


@dataclass(frozen=True)
class IyzicoWebhookEvent:
    """A verified iyzico webhook. `kind` is "checkout_form" (HPP format: carries `token`) or
    "direct" (API payments). `payment_id` is iyziPaymentId or paymentId, whichever was sent."""

    kind: str
    event_type: str  # iyziEventType: CHECKOUT_FORM_AUTH, API_AUTH, THREE_DS_AUTH, ...
    payment_id: str
    payment_conversation_id: str
    status: str  # SUCCESS, FAILURE, INIT_THREEDS, ...
    token: str
    reference_code: str  # iyziReferenceCode: unique per notification, the dedupe key
    event_time_ms: int
    merchant_id: str
