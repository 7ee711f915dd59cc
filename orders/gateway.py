"""Orders' door to the payments app: the seller's iyzico sub-merchant and iyzico's calls.

Everything iyzico says is turned into our own outcome here, and its errors into the order's error
codes: a declined card is PAYMENT_FAILED (402) with the bank's reason, an unreachable or
untrustworthy iyzico is PAYMENT_PROVIDER_UNAVAILABLE (503) and changes nothing on our side.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from marketplace.errors import DomainError
from marketplace.models import User
from orders.error_codes import OrderErrorCode
from orders.models import Order
from payments.selectors import payout_profile_sub_merchant_key, seller_is_business
from payments.services import (
    IyzicoAddress,
    IyzicoBasketItem,
    IyzicoBuyer,
    IyzicoCheckoutResult,
    IyzicoDeclinedError,
    IyzicoError,
    iyzico_client_get,
)

logger = logging.getLogger(__name__)

# iyzico requires an identity number for every buyer; a buyer who gave none is sent as the
# documented placeholder for "not collected" (iyzico's own samples use it too).
IDENTITY_NOT_COLLECTED = "11111111111"
PART_CATEGORY = "Otomotiv Yedek Parça"


@dataclass(frozen=True)
class Delivery:
    """Where the buyer wants the part (typed at checkout; the seller ships there)."""

    name: str
    phone: str
    address: str
    city: str


@dataclass(frozen=True)
class CheckoutSession:
    token: str
    payment_page_url: str


def seller_sub_merchant_key(*, seller_id: uuid.UUID) -> str:
    """The seller's iyzico sub-merchant key ("" while they have no payout profile)."""
    return payout_profile_sub_merchant_key(user_id=seller_id)


def seller_sells_as_business(*, seller_id: uuid.UUID) -> bool:
    """Business sellers take returns for 14 days, individuals for 2."""
    return seller_is_business(user_id=seller_id)


@contextmanager
def _iyzico_errors() -> Iterator[None]:
    try:
        yield
    except IyzicoDeclinedError as error:
        raise DomainError(
            OrderErrorCode.PAYMENT_FAILED, details={"provider": [error.error_message]}
        ) from error
    except IyzicoError as error:
        logger.warning("iyzico call failed: %s", error)
        raise DomainError(OrderErrorCode.PAYMENT_PROVIDER_UNAVAILABLE) from error


def _split_name(full_name: str) -> tuple[str, str]:
    words = full_name.split()
    if len(words) < 2:
        return full_name.strip() or "-", "-"
    return " ".join(words[:-1]), words[-1]


def checkout_start(
    *, order: Order, buyer: User, delivery: Delivery, ip: str, callback_url: str
) -> CheckoutSession:
    """Opens iyzico's payment page for the order's total: one basket item (the part with its
    shipping) whose sub-merchant price is the seller's share."""
    name, surname = _split_name(delivery.name)
    address = IyzicoAddress(
        contact_name=delivery.name, city=delivery.city, address=delivery.address
    )
    with _iyzico_errors():
        result = iyzico_client_get().checkout_form_initialize(
            conversation_id=str(order.pk),
            basket_id=str(order.pk),
            price=order.total,
            paid_price=order.total,
            callback_url=callback_url,
            enabled_installments=settings.ORDER_INSTALLMENTS,
            buyer=IyzicoBuyer(
                id=str(buyer.pk),
                name=name,
                surname=surname,
                gsm_number=delivery.phone,
                email=buyer.email,
                identity_number=IDENTITY_NOT_COLLECTED,
                registration_address=delivery.address,
                ip=ip,
                city=delivery.city,
            ),
            shipping_address=address,
            billing_address=address,
            basket_items=[
                IyzicoBasketItem(
                    id=str(order.pk),
                    name=order.part.title[:100],
                    category1=PART_CATEGORY,
                    price=order.total,
                    sub_merchant_key=order.sub_merchant_key,
                    sub_merchant_price=order.seller_amount,
                )
            ],
        )
    return CheckoutSession(token=result.token, payment_page_url=result.payment_page_url)


def checkout_fetch(*, token: str) -> IyzicoCheckoutResult:
    """The verified outcome of a checkout (a declined card raises PAYMENT_FAILED)."""
    with _iyzico_errors():
        return iyzico_client_get().checkout_form_retrieve(token=token)


def item_approve(*, order: Order) -> None:
    """Releases the seller's money from iyzico's protected pool."""
    with _iyzico_errors():
        iyzico_client_get().approve_item(
            payment_transaction_id=order.payment_transaction_id, conversation_id=str(order.pk)
        )


def item_refund(*, order: Order, amount: Decimal, ip: str) -> str:
    """Gives `amount` back to the buyer's card; returns iyzico's payment id for the ledger."""
    with _iyzico_errors():
        result = iyzico_client_get().refund(
            payment_transaction_id=order.payment_transaction_id,
            amount=amount,
            ip=ip,
            conversation_id=str(order.pk),
        )
    return result.payment_id


def payment_cancel(*, order: Order, ip: str) -> str:
    """Voids the whole payment (iyzico's cancel: the same day, before the bank's end of day, and
    without a refund's fees); returns iyzico's payment id for the ledger."""
    with _iyzico_errors():
        result = iyzico_client_get().cancel_payment(
            payment_id=order.payment_id, ip=ip, conversation_id=str(order.pk)
        )
    return result.payment_id
