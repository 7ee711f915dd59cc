"""Staff's review of listings the risk rules held back: approve, or reject with a reason from
the list (and a note) that the seller is told; the seller can edit and send it again."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from parts.models import Part, PartRejectionReason, PartStatus
from parts.services.listings import part_status_change


def rejection_text(*, reason: PartRejectionReason, note: str = "") -> str:
    """What the seller reads: the reason's label, then staff's note."""
    label = str(reason.label)
    note = " ".join(note.split())
    if not note:
        return label
    return f"{note}" if reason == PartRejectionReason.OTHER else f"{label}: {note}"


@transaction.atomic
def part_review_approve(*, part: Part, actor: User) -> Part:
    """Publishes the listing; the seller is told (listing_approved)."""
    return part_status_change(part=part, actor=actor, status=PartStatus.ACTIVE)


@transaction.atomic
def part_review_reject(
    *, part: Part, actor: User, reason: PartRejectionReason, note: str = ""
) -> Part:
    """Refuses the listing with a reason from the list; the seller is told (listing_rejected)
    and can edit the listing, which sends it back for review. "Another reason" needs the note."""
    if reason == PartRejectionReason.OTHER and not note.strip():
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"note": [gettext("Write the reason in the note: the seller reads it.")]},
        )
    part = part_status_change(
        part=part,
        actor=actor,
        status=PartStatus.REJECTED,
        reason=rejection_text(reason=reason, note=note),
    )
    part.rejection_code = reason
    part.save(update_fields=["rejection_code"])
    return part
