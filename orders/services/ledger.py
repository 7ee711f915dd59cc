"""Money movements as balanced ledger rows (append-only; each movement sums to zero)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from orders.models import LedgerAccount, LedgerEntry, LedgerKind, Order


def _movement(
    *, order: Order, kind: LedgerKind, legs: list[tuple[LedgerAccount, Decimal]], reference: str
) -> None:
    if sum((amount for _, amount in legs), Decimal("0")) != 0:
        raise ValueError(f"An unbalanced {kind} movement for order {order.pk}: {legs}")
    movement = uuid.uuid4()
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            order=order,
            movement=movement,
            kind=kind,
            account=account,
            amount=amount,
            reference=reference[:64],
        )
        for account, amount in legs
        if amount
    )


def ledger_charge_record(*, order: Order, reference: str) -> None:
    """The buyer paid the total into iyzico's protected pool."""
    _movement(
        order=order,
        kind=LedgerKind.CHARGE,
        legs=[(LedgerAccount.BUYER, -order.total), (LedgerAccount.ESCROW, order.total)],
        reference=reference,
    )


def ledger_release_record(*, order: Order, reference: str) -> None:
    """The item was approved: what is left in the pool goes to the seller less the commission."""
    held = order.total - order.refunded_amount
    commission = min(order.commission, held)
    _movement(
        order=order,
        kind=LedgerKind.PAYOUT,
        legs=[
            (LedgerAccount.ESCROW, -(held - commission)),
            (LedgerAccount.SELLER, held - commission),
        ],
        reference=reference,
    )
    _movement(
        order=order,
        kind=LedgerKind.COMMISSION,
        legs=[(LedgerAccount.ESCROW, -commission), (LedgerAccount.PLATFORM, commission)],
        reference=reference,
    )


def ledger_refund_record(*, order: Order, amount: Decimal, reference: str) -> None:
    """Money went back from the pool to the buyer's card."""
    _movement(
        order=order,
        kind=LedgerKind.REFUND,
        legs=[(LedgerAccount.ESCROW, -amount), (LedgerAccount.BUYER, amount)],
        reference=reference,
    )
