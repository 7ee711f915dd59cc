"""Staff moderation (the admin's actions): hiding messages and handling reports."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from marketplace.errors import DomainError, ErrorCode
from marketplace.models import AuditAction, User
from marketplace.services.audit import audit_record, audit_record_many
from messaging.models import (
    Message,
    Report,
    ReportStatus,
)


@transaction.atomic
def message_hide(*, message_ids: list[uuid.UUID], staff: User, reason: str = "") -> int:
    """Hides messages from both participants (kept for staff); returns how many changed. Each
    hidden message is an audit-log entry."""
    if not staff.is_staff:
        raise DomainError(ErrorCode.FORBIDDEN)
    now = timezone.now()
    changing = list(
        Message.objects.select_for_update().filter(pk__in=message_ids, hidden_at__isnull=True)
    )
    Message.objects.filter(pk__in=[message.pk for message in changing]).update(hidden_at=now)
    audit_record_many(
        actor=staff,
        action=AuditAction.MESSAGE_HIDE,
        targets=changing,
        before={"hidden_at": None},
        after={"hidden_at": now},
        reason=reason,
    )
    return len(changing)


@transaction.atomic
def message_unhide(*, message_ids: list[uuid.UUID], staff: User, reason: str = "") -> int:
    if not staff.is_staff:
        raise DomainError(ErrorCode.FORBIDDEN)
    changing = list(
        Message.objects.select_for_update().filter(pk__in=message_ids, hidden_at__isnull=False)
    )
    Message.objects.filter(pk__in=[message.pk for message in changing]).update(hidden_at=None)
    for message in changing:
        audit_record(
            actor=staff,
            action=AuditAction.MESSAGE_UNHIDE,
            target=message,
            before={"hidden_at": message.hidden_at},
            after={"hidden_at": None},
            reason=reason,
        )
    return len(changing)


def report_handle(*, report_ids: list[uuid.UUID], staff: User, status: str) -> int:
    """Closes open reports as resolved or dismissed, recording who handled them and when."""
    if not staff.is_staff:
        raise DomainError(ErrorCode.FORBIDDEN)
    if status not in (ReportStatus.RESOLVED, ReportStatus.DISMISSED):
        raise DomainError(ErrorCode.VALIDATION_ERROR, details={"status": [str(status)]})
    return Report.objects.filter(pk__in=report_ids, status=ReportStatus.OPEN).update(
        status=status, handled_by=staff, handled_at=timezone.now()
    )
