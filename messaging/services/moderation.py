"""Staff moderation (the admin's actions): hiding messages and handling reports."""

from __future__ import annotations

import uuid

from django.utils import timezone

from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from messaging.models import (
    Message,
    Report,
    ReportStatus,
)


def message_hide(*, message_ids: list[uuid.UUID], staff: User) -> int:
    """Hides messages from both participants (kept for staff); returns how many changed."""
    if not staff.is_staff:
        raise DomainError(ErrorCode.FORBIDDEN)
    return Message.objects.filter(pk__in=message_ids, hidden_at__isnull=True).update(
        hidden_at=timezone.now()
    )


def message_unhide(*, message_ids: list[uuid.UUID], staff: User) -> int:
    if not staff.is_staff:
        raise DomainError(ErrorCode.FORBIDDEN)
    return Message.objects.filter(pk__in=message_ids, hidden_at__isnull=False).update(
        hidden_at=None
    )


def report_handle(*, report_ids: list[uuid.UUID], staff: User, status: str) -> int:
    """Closes open reports as resolved or dismissed, recording who handled them and when."""
    if not staff.is_staff:
        raise DomainError(ErrorCode.FORBIDDEN)
    if status not in (ReportStatus.RESOLVED, ReportStatus.DISMISSED):
        raise DomainError(ErrorCode.VALIDATION_ERROR, details={"status": [str(status)]})
    return Report.objects.filter(pk__in=report_ids, status=ReportStatus.OPEN).update(
        status=status, handled_by=staff, handled_at=timezone.now()
    )
