"""Reports to staff: about a listing, about the other participant of a conversation or one of
their messages."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from marketplace.text import NUL_MESSAGE, has_nul
from messaging.error_codes import MessagingErrorCode
from messaging.models import (
    Conversation,
    Message,
    Report,
    ReportReason,
    ReportStatus,
)
from parts.selectors import Part


def _report_note_clean(*, reason: str, note: str) -> str:
    """The reason must be one of the list; the note is trimmed, at most 1000 characters."""
    if reason not in ReportReason.values:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, details={"reason": [gettext("Choose a reason.")]}
        )
    note = (note or "").strip()
    if has_nul(note):
        raise DomainError(ErrorCode.VALIDATION_ERROR, details={"note": [str(NUL_MESSAGE)]})
    if len(note) > 1000:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"note": [gettext("The note can be at most 1000 characters.")]},
        )
    return note


def part_report_create(*, reporter: User, part: Part, reason: str, note: str = "") -> Report:
    """Anyone logged in reports a listing they can see, without answering it first; one open
    report per reporter and listing (pressing again changes nothing)."""
    if part.seller_id == reporter.pk:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"part": [gettext("You cannot report your own listing.")]},
        )
    note = _report_note_clean(reason=reason, note=note)
    existing = Report.objects.filter(reporter=reporter, part=part, status=ReportStatus.OPEN).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Report.objects.create(
                reporter=reporter,
                reported_user_id=part.seller_id,
                part=part,
                reason=reason,
                note=note,
            )
    except IntegrityError:
        return Report.objects.get(reporter=reporter, part=part, status=ReportStatus.OPEN)


def report_create(
    *,
    reporter: User,
    conversation: Conversation,
    reason: str,
    message_id: uuid.UUID | str | None = None,
    note: str = "",
) -> Report:
    """A participant reports the other user, or one of the other user's messages, to staff."""
    if not conversation.is_participant(reporter.pk):
        raise DomainError(MessagingErrorCode.CONVERSATION_NOT_FOUND)
    note = _report_note_clean(reason=reason, note=note)
    reported_id = conversation.other_participant_id(reporter.pk)
    message = None
    if message_id is not None:
        try:
            message = Message.objects.get(
                pk=message_id, conversation=conversation, sender_id=reported_id
            )
        except (Message.DoesNotExist, ValidationError, ValueError, TypeError):
            raise DomainError(ErrorCode.NOT_FOUND) from None
        existing = Report.objects.filter(reporter=reporter, message=message).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            return Report.objects.create(
                reporter=reporter,
                reported_user_id=reported_id,
                conversation=conversation,
                message=message,
                reason=reason,
                note=note,
            )
    except IntegrityError:
        return Report.objects.get(reporter=reporter, message=message)


def user_report_create(*, reporter: User, user: User, reason: str, note: str = "") -> Report:
    """Anyone logged in reports another user to staff (`POST /api/users/{id}/report`), without a
    conversation or listing; one open report per reporter and user (pressing again changes
    nothing). Oneself cannot be reported."""
    if user.pk == reporter.pk:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"user": [gettext("You cannot report yourself.")]},
        )
    note = _report_note_clean(reason=reason, note=note)
    open_reports = Report.objects.filter(
        reporter=reporter,
        reported_user=user,
        conversation__isnull=True,
        part__isnull=True,
        status=ReportStatus.OPEN,
    )
    existing = open_reports.first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Report.objects.create(
                reporter=reporter, reported_user=user, reason=reason, note=note
            )
    except IntegrityError:
        return open_reports.get()
