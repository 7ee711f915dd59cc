"""Celery beat jobs of orders: thin, idempotent, calling services."""

from __future__ import annotations

from celery import shared_task

from orders.services.sweeps import (
    orders_delivered_complete,
    orders_not_shipped_refund,
    orders_payment_remind,
    orders_returns_settle,
    orders_tracking_poll,
)


@shared_task(acks_late=True)
def orders_sweep() -> dict[str, int]:
    """Every few minutes: reminders, refunds of unshipped orders, tracking, auto-completion."""
    return {
        "reminded": orders_payment_remind(),
        "refunded_not_shipped": orders_not_shipped_refund(),
        "delivered": orders_tracking_poll(),
        "completed": orders_delivered_complete(),
        "returns_settled": orders_returns_settle(),
    }
