"""Writes of the orders app: the payment request, checkout, payment, shipping, confirmation,
cancellation and refunds. Pages, the API, iyzico's callback and webhook, the admin and the beat
jobs all call these; each checks who may act. The public names are re-exported here."""

from orders.gateway import CheckoutSession, Delivery
from orders.services.lifecycle import (
    order_cancel_unpaid,
    order_deliver,
    order_request,
    order_ship,
)
from orders.services.payment import (
    order_cancel,
    order_checkout,
    order_confirm,
    order_payment_confirm,
    order_refund,
)
from orders.services.returns import (
    order_return_accept,
    order_return_open,
    order_return_received,
    order_return_refuse,
    order_return_request,
)

__all__ = [
    "CheckoutSession",
    "Delivery",
    "order_cancel",
    "order_cancel_unpaid",
    "order_checkout",
    "order_confirm",
    "order_deliver",
    "order_payment_confirm",
    "order_refund",
    "order_request",
    "order_return_accept",
    "order_return_open",
    "order_return_received",
    "order_return_refuse",
    "order_return_request",
    "order_ship",
]
