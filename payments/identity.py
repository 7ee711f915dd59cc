"""A payout profile's identity data at rest (encrypted with the core's keys, bound to the user)
and as shown back (masked: never in full, not even to its owner or staff)."""

from __future__ import annotations

from typing import Any

from marketplace.encryption import values_decrypt, values_encrypt
from payments.models import PayoutProfile

PURPOSE = "payout-profile"


def identity_encrypt(values: dict[str, Any], *, profile: PayoutProfile) -> str:
    return values_encrypt(
        {key: value for key, value in values.items() if value not in (None, "")},
        purpose=PURPOSE,
        bound_to=profile.identity_bound_to,
    )


def identity_decrypt(profile: PayoutProfile) -> dict[str, Any]:
    """{"tckn", "vkn", "iban", "birth_year"} (those the type keeps); raises DecryptionError."""
    return values_decrypt(
        profile.identity_encrypted, purpose=PURPOSE, bound_to=profile.identity_bound_to
    )


def mask_tail(value: str | None, *, visible: int = 4) -> str | None:
    """`17291716060` -> `*******6060`; None stays None."""
    if not value:
        return None
    text = str(value)
    return "*" * max(len(text) - visible, 0) + text[-visible:]


def mask_iban(value: str | None) -> str | None:
    """`TR330006100519786457841326` -> `TR** **** **** **** **** **** 1326`."""
    if not value:
        return None
    return f"{value[:2]}** **** **** **** **** **** {value[-4:]}"
