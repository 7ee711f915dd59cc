"""The local sandbox's memory on disk (`--state-file`): `make run` restarts the sandbox with the
site, and the sub-merchant keys, checkout forms and payments the site's database refers to must
still be known afterwards, as they would be at iyzico.

The file is JSON, rewritten after every change while the state's lock is held (so two changes
never interleave), through a temporary file in the same directory and `os.replace`, so a crash
leaves the previous or the new file, never half of one. Amounts are decimal strings.
"""

from __future__ import annotations

import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from payments.iyzico.sandbox_cards import CardDecline
from payments.iyzico.sandbox_state import CheckoutFormRecord, ItemTransactionRecord, SandboxState

FORMAT_VERSION = 1


def _plain(value: Any) -> Any:
    """Decimals (in payments and requests) as strings; everything else is JSON already."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def state_snapshot(state: SandboxState) -> dict[str, Any]:
    """What the sandbox knows, as JSON-ready data (call with state.lock held)."""
    return {
        "version": FORMAT_VERSION,
        "next_id": state._next_id,
        "sub_merchants": _plain(state.sub_merchants),
        "checkout_forms": {
            token: {
                "request": _plain(form.request),
                "api_conversation_id": form.api_conversation_id,
                "payment_status": form.payment_status,
                "payment_id": form.payment_id,
                "card_number": form.card_number,
                "decline": None if form.decline is None else vars(form.decline),
            }
            for token, form in state.checkout_forms.items()
        },
        "payments": _plain(state.payments),
        "item_transactions": {
            key: {
                "payment_transaction_id": record.payment_transaction_id,
                "payment_id": record.payment_id,
                "item": _plain(record.item),
                "price": format(record.price, "f"),
                "sub_merchant_price": format(record.sub_merchant_price, "f"),
                "approved": record.approved,
                "refunded": format(record.refunded, "f"),
            }
            for key, record in state.item_transactions.items()
        },
    }


def state_write(state: SandboxState, path: Path) -> None:
    """Replaces the file with the state atomically (call with state.lock held)."""
    data = json.dumps(state_snapshot(state), ensure_ascii=False, indent=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def state_read(state: SandboxState, path: Path) -> bool:
    """Loads a file state_write made into `state`; False when there is none yet. A file of
    another format version or broken JSON raises ValueError: better than forgetting it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        raise ValueError(f"{path}: not an iyzico sandbox state file (version {FORMAT_VERSION})")
    with state.lock:
        state._next_id = int(data["next_id"])
        state.sub_merchants = dict(data["sub_merchants"])
        state.checkout_forms = {
            token: CheckoutFormRecord(
                token=token,
                request=form["request"],
                api_conversation_id=form["api_conversation_id"],
                payment_status=form["payment_status"],
                payment_id=form["payment_id"],
                card_number=form["card_number"],
                decline=None if form["decline"] is None else CardDecline(**form["decline"]),
            )
            for token, form in data["checkout_forms"].items()
        }
        state.payments = {
            payment_id: {
                **payment,
                "price": Decimal(payment["price"]),
                "paidPrice": Decimal(payment["paidPrice"]),
            }
            for payment_id, payment in data["payments"].items()
        }
        state.item_transactions = {
            key: ItemTransactionRecord(
                payment_transaction_id=record["payment_transaction_id"],
                payment_id=record["payment_id"],
                item=record["item"],
                price=Decimal(record["price"]),
                sub_merchant_price=Decimal(record["sub_merchant_price"]),
                approved=record["approved"],
                refunded=Decimal(record["refunded"]),
            )
            for key, record in data["item_transactions"].items()
        }
    return True


def state_persist(state: SandboxState, path: Path) -> None:
    """Loads what an earlier sandbox saved at `path`, and writes every later change there."""
    state_read(state, path)
    state.on_change = lambda changed: state_write(changed, path)
