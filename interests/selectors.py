"""Reads of the interests app."""

from __future__ import annotations

import uuid

from django.db.models import Exists, OuterRef

from interests.models import Interest, InterestType
from marketplace.models import User


def interest_hidden_parts_condition(*, viewer: User) -> Exists:
    """True for parts the viewer marked not interested; excluding it costs one anti-join."""
    return Exists(
        Interest.objects.filter(user=viewer, part=OuterRef("pk"), type=InterestType.NOT_INTERESTED)
    )


def interest_get_for_part(*, user: User, part_id: uuid.UUID) -> Interest | None:
    return Interest.objects.filter(user=user, part_id=part_id).first()
