"""What each step of an order says to the other party, in one Turkish sentence."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from orders.models import Order, OrderState

_TO_BUYER: dict[str, Promise] = {
    OrderState.AWAITING_PAYMENT: _("The seller sent you a payment request."),
    OrderState.PAID: _("Your payment is held safely until the part reaches you."),
    OrderState.SHIPPED: _("The seller shipped your part."),
    OrderState.DELIVERED: _("Your part was delivered. Please confirm that it arrived."),
    OrderState.COMPLETED: _("The order is completed."),
    OrderState.CANCELLED: _("The payment request was cancelled."),
    OrderState.REFUNDED: _("Your money was refunded to your card."),
    OrderState.RETURN_REQUESTED: _("Your return request was sent to the seller."),
    OrderState.RETURNED: _("The seller accepted your return."),
    OrderState.DISPUTED: _("The seller refused the return; our team will review the order."),
}
_TO_SELLER: dict[str, Promise] = {
    OrderState.AWAITING_PAYMENT: _("Your payment request was sent."),
    OrderState.PAID: _("The buyer paid. Please ship the part within 3 business days."),
    OrderState.SHIPPED: _("The shipment was recorded."),
    OrderState.DELIVERED: _("The part was delivered to the buyer."),
    OrderState.COMPLETED: _("The buyer confirmed receipt; your money is released."),
    OrderState.CANCELLED: _("The payment request was cancelled."),
    OrderState.REFUNDED: _("The order was cancelled and the buyer refunded."),
    OrderState.RETURN_REQUESTED: _("The buyer asked to return the part."),
    OrderState.RETURNED: _("The return was accepted."),
    OrderState.DISPUTED: _("The order is frozen until our team reviews it."),
}


def order_update_summary(*, order: Order, for_buyer: bool) -> Promise:
    return (_TO_BUYER if for_buyer else _TO_SELLER)[order.state]
