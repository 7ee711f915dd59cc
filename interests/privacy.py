"""KVKK part of the interests app: the user's answers in their data export, and what an account
deletion does to them and to the notifications this app wrote about the user. Registered in
apps.py."""

from __future__ import annotations

from typing import Any

from integrations.services import notification_contexts_redact
from interests.models import Interest, InterestType
from interests.services import interest_approved_dedupe_key, interest_received_dedupe_key
from marketplace.models import User
from marketplace.privacy import deleted_user_name
from messaging.selectors import conversation_ids_for_seller


def interests_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "part_id": str(part_id),
            "type": kind,
            "created_at": created_at.isoformat(),
        }
        for part_id, kind, created_at in Interest.objects.filter(user=user)
        .order_by("created_at")
        .values_list("part_id", "type", "created_at")
    ]


def interests_erase(user: User) -> int:
    """ "Not interested" marks are only about this user and go; "interested" ones stay, now
    anonymous, because the conversations they opened stay with the other party. The sellers'
    `interest_received` notifications lose the buyer's name, and the buyers'
    `interest_approved` ones the seller's name and phone."""
    removed, _by_model = Interest.objects.filter(
        user=user, type=InterestType.NOT_INTERESTED
    ).delete()
    name = deleted_user_name()
    notification_contexts_redact(
        dedupe_keys=(
            interest_received_dedupe_key(pk)
            for pk in Interest.objects.filter(user=user).values_list("pk", flat=True)
        ),
        replacements={"buyer_name": name},
    )
    notification_contexts_redact(
        dedupe_keys=(
            interest_approved_dedupe_key(pk) for pk in conversation_ids_for_seller(user=user)
        ),
        replacements={"seller_name": name, "seller_phone": ""},
    )
    return removed
