"""Staff act on the report queue (the Report admin's actions): dismiss, hide the content, warn the
reported user, suspend their listings, ban them; and read a reported conversation.

Each action goes through the owning app's service (messaging's `message_hide`, parts'
`part_status_change`, the core's `user_ban`), closes the report together with the other open
reports about the same content (resolved, or dismissed), and writes an audit-log entry per closed
report whose reason names the report. Staff read a conversation only through a report, and each
reading is an audit-log entry (`conversation_read`).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from marketplace.errors import DomainError, ErrorCode
from marketplace.models import AuditAction, User
from marketplace.outbox import outbox
from marketplace.services.audit import audit_record
from marketplace.services.moderation import user_ban
from messaging.models import Message, Report, ReportStatus
from messaging.services.moderation import message_hide
from parts.selectors import PartStatus, part_list_for_seller
from parts.services import part_status_change

# The event of the warning notice (integrations' NotificationEvent.USER_WARNING holds its Turkish
# templates); through the core's outbox port, as the core's own codes go.
EVENT_USER_WARNING = "user_warning"

# Actions only moderators take; support staff read the queue.
ACT_PERMISSION = "messaging.change_report"


def report_reason_text(*, report: Report) -> str:
    """The audit-log reason of an action taken on `report`: which report, and why it was filed."""
    return f"report {report.pk}: {report.get_reason_display()}"[:500]


def _require_moderator(staff: User) -> None:
    if not (staff.is_active and staff.is_staff and staff.has_perm(ACT_PERMISSION)):
        raise DomainError(ErrorCode.FORBIDDEN)


def _same_content(report: Report) -> QuerySet[Report]:
    """The open reports about what `report` is about (its message, its listing, or the user)."""
    if report.message_id is not None:
        about = Q(message_id=report.message_id)
    elif report.part_id is not None:
        about = Q(part_id=report.part_id)
    else:
        about = Q(reported_user_id=report.reported_user_id)
    return Report.objects.select_for_update().filter(about, status=ReportStatus.OPEN)


def _close(*, reports: list[Report], staff: User, status: str, outcome: str, reason: Report) -> int:
    now = timezone.now()
    Report.objects.filter(pk__in=[item.pk for item in reports]).update(
        status=status, handled_by=staff, handled_at=now
    )
    action = (
        AuditAction.REPORT_RESOLVE
        if status == ReportStatus.RESOLVED
        else AuditAction.REPORT_DISMISS
    )
    for item in reports:
        audit_record(
            actor=staff,
            action=action,
            target=item,
            before={"status": ReportStatus.OPEN},
            after={"status": status, "outcome": outcome},
            reason=report_reason_text(report=reason),
        )
    return len(reports)


def _open(report: Report) -> Report:
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("part", "message")
        .get(pk=report.pk)
    )
    if report.status != ReportStatus.OPEN:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"report": [gettext("This report was already handled.")]},
        )
    return report


@transaction.atomic
def report_dismiss(*, report: Report, staff: User) -> int:
    """Nothing wrong found: closes this report (only this one) as dismissed."""
    _require_moderator(staff)
    report = _open(report)
    return _close(
        reports=[report],
        staff=staff,
        status=ReportStatus.DISMISSED,
        outcome="dismiss",
        reason=report,
    )


@transaction.atomic
def report_content_hide(*, report: Report, staff: User) -> int:
    """Hides what was reported: the message from both participants, or the listing (suspended by
    staff, its seller is told the reason). A report about a user alone has no content to hide."""
    _require_moderator(staff)
    report = _open(report)
    reason = report_reason_text(report=report)
    if report.message is not None:
        message_hide(message_ids=[report.message.pk], staff=staff, reason=reason)
    elif report.part is not None:
        if report.part.status != PartStatus.SUSPENDED:
            part_status_change(
                part=report.part, actor=staff, status=PartStatus.SUSPENDED, reason=reason
            )
    else:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={
                "report": [gettext("This report is about a user: there is no content to hide.")]
            },
        )
    return _close(
        reports=list(_same_content(report)),
        staff=staff,
        status=ReportStatus.RESOLVED,
        outcome="hide",
        reason=report,
    )


@transaction.atomic
def report_user_warn(*, report: Report, staff: User) -> int:
    """Warns the reported user: a notice through the outbox (once per report), an audit entry on
    the user, and the report resolved."""
    _require_moderator(staff)
    report = _open(report)
    reported = User.objects.get(pk=report.reported_user_id)
    outbox().enqueue(
        user_id=reported.pk,
        event=EVENT_USER_WARNING,
        dedupe_key=f"user_warning:{report.pk}",
        context={"reason": str(report.get_reason_display()), "name": reported.public_name},
    )
    audit_record(
        actor=staff,
        action=AuditAction.USER_WARN,
        target=reported,
        after={"warned": True},
        reason=report_reason_text(report=report),
    )
    return _close(
        reports=[report], staff=staff, status=ReportStatus.RESOLVED, outcome="warn", reason=report
    )


@transaction.atomic
def report_listings_suspend(*, report: Report, staff: User) -> int:
    """Suspends every active listing of the reported user (each change an audit entry through
    `part_status_change`); returns how many listings were suspended."""
    _require_moderator(staff)
    report = _open(report)
    reason = report_reason_text(report=report)
    reported = User.objects.get(pk=report.reported_user_id)
    suspended = 0
    for part in part_list_for_seller(seller=reported).filter(status=PartStatus.ACTIVE):
        part_status_change(part=part, actor=staff, status=PartStatus.SUSPENDED, reason=reason)
        suspended += 1
    _close(
        reports=[report],
        staff=staff,
        status=ReportStatus.RESOLVED,
        outcome="suspend",
        reason=report,
    )
    return suspended


@transaction.atomic
def report_user_ban(*, report: Report, staff: User) -> int:
    """Bans the reported user (`user_ban`, the report as the reason; their listings are suspended
    by the ban's effects) and resolves every open report about them."""
    _require_moderator(staff)
    report = _open(report)
    reported = User.objects.get(pk=report.reported_user_id)
    if reported.pk == staff.pk or reported.is_superuser:
        raise DomainError(ErrorCode.FORBIDDEN)
    if reported.banned_at is None:
        user_ban(user=reported, reason=report_reason_text(report=report), actor=staff)
    open_about_user = Report.objects.select_for_update().filter(
        reported_user_id=reported.pk, status=ReportStatus.OPEN
    )
    return _close(
        reports=list(open_about_user),
        staff=staff,
        status=ReportStatus.RESOLVED,
        outcome="ban",
        reason=report,
    )


@transaction.atomic
def report_conversation_read(*, report: Report, staff: User) -> list[Message]:
    """The messages of the conversation a report is about, oldest first, hidden ones included;
    each reading is an audit-log entry (who, which report). Only moderators read, and only
    through a report that names a conversation."""
    _require_moderator(staff)
    conversation = report.conversation
    if conversation is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    audit_record(
        actor=staff,
        action=AuditAction.CONVERSATION_READ,
        target=conversation,
        reason=report_reason_text(report=report),
    )
    return list(
        Message.objects.filter(conversation_id=conversation.pk)
        .select_related("sender")
        .order_by("created_at")
    )
