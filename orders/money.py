"""An order's money, Decimal only: the platform's commission and the seller's share.

The commission is `ORDER_COMMISSION_RATE` of the total (part + shipping), rounded half-up to the
kuruş (0.005 → 0.01); the seller's share is the total minus the commission, so the two always add
up to exactly what the buyer paid. iyzico's `subMerchantPrice` is that share.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KURUS = Decimal("0.01")


def kurus(amount: Decimal) -> Decimal:
    return amount.quantize(KURUS, rounding=ROUND_HALF_UP)


def commission_rate() -> Decimal:
    try:
        rate = Decimal(str(settings.ORDER_COMMISSION_RATE))
    except InvalidOperation:
        raise ImproperlyConfigured("ORDER_COMMISSION_RATE must be a decimal such as 0.08") from None
    if not Decimal("0") <= rate < Decimal("1"):
        raise ImproperlyConfigured("ORDER_COMMISSION_RATE must be at least 0 and below 1")
    return rate


@dataclass(frozen=True)
class OrderAmounts:
    price: Decimal
    shipping_fee: Decimal
    rate: Decimal
    commission: Decimal

    @property
    def total(self) -> Decimal:
        return self.price + self.shipping_fee

    @property
    def seller_amount(self) -> Decimal:
        return self.total - self.commission


def order_amounts(*, price: Decimal, shipping_fee: Decimal) -> OrderAmounts:
    rate = commission_rate()
    price, shipping_fee = kurus(price), kurus(shipping_fee)
    return OrderAmounts(
        price=price,
        shipping_fee=shipping_fee,
        rate=rate,
        commission=kurus((price + shipping_fee) * rate),
    )
