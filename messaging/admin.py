"""Staff screens of the chat: conversations, messages (fraud flags, hiding), reports, blocks.

Everything a participant wrote is read-only here; staff act only through the actions, which call
messaging.services. Message text is always shown escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, OuterRef, QuerySet, Value, When
from django.db.models.expressions import Combinable
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from messaging.fraud import fraud_reasons_display
from messaging.models import Conversation, Message, Report, ReportStatus, UserBlock
from messaging.services import (
    message_hide,
    message_unhide,
    report_content_hide,
    report_conversation_read,
    report_dismiss,
    report_listings_suspend,
    report_user_ban,
    report_user_warn,
)

PREVIEW_LENGTH = 80


def _change_link(model: str, pk: object, text: object) -> SafeString:
    return format_html(
        '<a href="{}">{}</a>', reverse(f"admin:messaging_{model}_change", args=[pk]), text
    )


class _ReadOnlyFieldsMixin:
    """Every field read-only: what users wrote is evidence, and changes go through services."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        model = self.model  # type: ignore[attr-defined]
        extra = list(getattr(self, "readonly_extra", ()))
        return [field.name for field in model._meta.fields] + extra

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """A relation shown as a link (`<name>_link`) is not shown a second time as text."""
        extra = set(getattr(self, "readonly_extra", ()))
        fields = super().get_fields(request, obj)  # type: ignore[misc]
        return [name for name in fields if f"{name}_link" not in extra]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Conversation)
class ConversationAdmin(_ReadOnlyFieldsMixin, admin.ModelAdmin[Conversation]):
    list_display = (
        "part",
        "buyer",
        "seller",
        "status",
        "last_message_at",
        "buyer_unread_count",
        "seller_unread_count",
        "messages_link",
    )
    list_filter = ("status",)
    search_fields = ("buyer__email", "seller__email", "part__title")
    search_help_text = _("Participant e-mail or part title")
    list_select_related = ("part", "buyer", "seller")
    show_full_result_count = False
    ordering = ("-last_message_at",)
    readonly_extra = ("messages_link",)

    @admin.display(description=_("Messages"))
    def messages_link(self, conversation: Conversation) -> SafeString:
        url = reverse("admin:messaging_message_changelist")
        return format_html(
            '<a href="{}?conversation__id__exact={}">{}</a>', url, conversation.pk, _("Messages")
        )


class FlaggedFilter(admin.SimpleListFilter):
    title = _("suspicious")
    parameter_name = "flagged"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Suspicious")), ("no", _("Not flagged"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.exclude(flagged_reason="")
        if self.value() == "no":
            return queryset.filter(flagged_reason="")
        return queryset


class HiddenFilter(admin.SimpleListFilter):
    title = _("hidden")
    parameter_name = "hidden"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Hidden")), ("no", _("Visible"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(hidden_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(hidden_at__isnull=True)
        return queryset


@admin.register(Message)
class MessageAdmin(_ReadOnlyFieldsMixin, admin.ModelAdmin[Message]):
    list_display = (
        "created_at",
        "sender",
        "content_preview",
        "flagged_reasons",
        "is_hidden",
        "conversation_link",
    )
    list_filter = (FlaggedFilter, HiddenFilter)
    search_fields = ("sender__email", "conversation__part__title")
    list_select_related = ("sender", "conversation")
    show_full_result_count = False
    ordering = ("-created_at",)
    actions = ("hide_messages", "unhide_messages")
    readonly_extra = ("conversation_link",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Message]:
        reported = Exists(Report.objects.filter(message_id=OuterRef("pk")))
        return super().get_queryset(request).annotate(is_reported=reported)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The stored codes ("phone,iban") read as words on the change page too; the text only
        # when the message was reported or flagged (see `content_preview`).
        renamed = {"flagged_reason": "flagged_reasons", "content": "content_guarded"}
        return [renamed.get(name, name) for name in super().get_readonly_fields(request, obj)]

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["flagged_reason", "content"]

    @staticmethod
    def _content_visible(message: Message) -> bool:
        """Staff read what users wrote only through a report: a user's report or the fraud
        filter's flag (the machine's report). Other messages show no text here; their
        conversation is read from a report (ReportAdmin), each reading logged."""
        if message.flagged_reason:
            return True
        reported = getattr(message, "is_reported", None)
        if reported is None:
            reported = Report.objects.filter(message_id=message.pk).exists()
        return bool(reported)

    @admin.display(description=_("content"))
    def content_guarded(self, message: Message) -> str:
        if not self._content_visible(message):
            return str(_("(shown only through a report)"))
        return message.content

    @admin.display(description=_("flagged for"), ordering="flagged_reason")
    def flagged_reasons(self, message: Message) -> str:
        return fraud_reasons_display(message.flagged_reason)

    @admin.display(description=_("content"))
    def content_preview(self, message: Message) -> str:
        # A plain str: the admin escapes it, so typed HTML never runs in a staff browser.
        if not self._content_visible(message):
            return str(_("(shown only through a report)"))
        return Truncator(message.content).chars(PREVIEW_LENGTH)

    @admin.display(description=_("hidden"), boolean=True)
    def is_hidden(self, message: Message) -> bool:
        return message.hidden_at is not None

    @admin.display(description=_("conversation"))
    def conversation_link(self, message: Message) -> SafeString:
        return _change_link("conversation", message.conversation_id, message.conversation_id)

    @admin.action(
        description=_("Hide selected messages from the participants"), permissions=["change"]
    )
    def hide_messages(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        staff: User = request.user  # type: ignore[assignment]
        count = message_hide(message_ids=list(queryset.values_list("pk", flat=True)), staff=staff)
        self.message_user(
            request,
            ngettext("%(count)d message hidden.", "%(count)d messages hidden.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Show selected messages again"), permissions=["change"])
    def unhide_messages(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        staff: User = request.user  # type: ignore[assignment]
        count = message_unhide(message_ids=list(queryset.values_list("pk", flat=True)), staff=staff)
        self.message_user(
            request,
            ngettext("%(count)d message shown again.", "%(count)d messages shown again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


# Queue actions: (service, success message); each closes the report(s) and writes audit entries.
_QUEUE_ACTIONS: dict[str, tuple[Callable[..., int], str | Promise]] = {
    "dismiss": (report_dismiss, _("Report dismissed.")),
    "hide": (report_content_hide, _("Reported content hidden.")),
    "warn": (report_user_warn, _("The reported user was warned.")),
    "suspend": (report_listings_suspend, _("The reported user's listings were suspended.")),
    "ban": (report_user_ban, _("The reported user was banned.")),
}


@admin.register(Report)
class ReportAdmin(_ReadOnlyFieldsMixin, admin.ModelAdmin[Report]):
    """The one moderation queue: listing, message and user reports together, open ones first and
    the oldest of them first. Each row shows what was reported, by whom and why; the actions
    (dismiss, hide, warn, suspend, ban) call messaging.services.report_actions. A reported
    conversation is read only from here (`<report>/conversation/`), each reading logged."""

    list_display = (
        "created_at",
        "status",
        "kind",
        "reported_content",
        "reason",
        "reporter",
        "reported_user_name",
        "handled_by",
    )
    list_filter = ("status", "reason")
    search_fields = ("reporter__email", "reported_user__email")
    list_select_related = ("reporter", "reported_user", "message", "part", "handled_by")
    show_full_result_count = False
    actions = ("dismiss_reports", "hide_content", "warn_users", "suspend_listings", "ban_users")
    readonly_extra = (
        "reported_content",
        "message_link",
        "message_content",
        "conversation_link",
        "conversation_read_link",
        "part_link",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Report]:
        # Not super(): it orders before the annotation exists.
        closed = Case(When(status=ReportStatus.OPEN, then=Value(0)), default=Value(1))
        queryset = self.model._default_manager.get_queryset().annotate(queue_closed=closed)
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request: HttpRequest) -> list[str | Combinable]:
        return ["queue_closed", "created_at"]

    def get_urls(self) -> list[URLPattern]:
        read = self.admin_site.admin_view(self.conversation_read_view)
        return [
            path("<uuid:report_id>/conversation/", read, name="messaging_report_conversation"),
            *super().get_urls(),
        ]

    @admin.display(description=_("about"))
    def kind(self, report: Report) -> str:
        if report.message_id is not None:
            return str(_("Message"))
        if report.part_id is not None:
            return str(_("Listing"))
        if report.conversation_id is not None:
            return str(_("User (in a conversation)"))
        return str(_("User"))

    @admin.display(description=_("content"))
    def reported_content(self, report: Report) -> str:
        # Plain strings: the admin escapes them.
        if report.message is not None:
            return Truncator(report.message.content).chars(PREVIEW_LENGTH)
        if report.part is not None:
            return f"{report.part.title} ({report.part.get_status_display()})"
        return report.reported_user.public_name

    @admin.display(description=_("reported user"), ordering="reported_user__display_name")
    def reported_user_name(self, report: Report) -> str:
        return report.reported_user.public_name

    @admin.display(description=_("message"))
    def message_link(self, report: Report) -> SafeString | str:
        if report.message_id is None:
            return "—"
        return _change_link("message", report.message_id, _("Message"))

    @admin.display(description=_("content"))
    def message_content(self, report: Report) -> str:
        return report.message.content if report.message is not None else "—"

    @admin.display(description=_("conversation"))
    def conversation_link(self, report: Report) -> SafeString | str:
        if report.conversation_id is None:
            return "—"
        return _change_link("conversation", report.conversation_id, _("Conversation"))

    @admin.display(description=_("read the conversation"))
    def conversation_read_link(self, report: Report) -> SafeString | str:
        if report.conversation_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:messaging_report_conversation", args=[report.pk]),
            _("Read the conversation (the reading is logged)"),
        )

    @admin.display(description=_("listing"))
    def part_link(self, report: Report) -> SafeString | str:
        if report.part_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:parts_part_change", args=[report.part_id]),
            _("Listing"),
        )

    def conversation_read_view(self, request: HttpRequest, report_id: str) -> HttpResponse:
        """The reported conversation's messages; the service checks the moderator's right and
        writes the audit entry of this reading."""
        report = get_object_or_404(Report.objects.select_related("conversation"), pk=report_id)
        staff: User = request.user  # type: ignore[assignment]
        try:
            thread = report_conversation_read(report=report, staff=staff)
        except DomainError as error:
            if error.code == ErrorCode.FORBIDDEN:
                raise PermissionDenied from None
            raise Http404 from None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Reported conversation"),
            "report": report,
            "thread": thread,
        }
        return TemplateResponse(request, "admin/messaging/report/conversation.html", context)

    def _act(self, request: HttpRequest, queryset: QuerySet[Report], name: str) -> None:
        service, done = _QUEUE_ACTIONS[name]
        staff: User = request.user  # type: ignore[assignment]
        handled = 0
        for report in queryset.filter(status=ReportStatus.OPEN):
            try:
                service(report=report, staff=staff)
            except DomainError as error:
                details = error.details or {}
                text = "; ".join(str(item) for items in details.values() for item in items)
                self.message_user(request, text or str(error.message), messages.ERROR)
                continue
            handled += 1
        if handled:
            self.message_user(request, f"{done} ({handled})", messages.SUCCESS)

    @admin.action(description=_("Dismiss: nothing wrong"), permissions=["change"])
    def dismiss_reports(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._act(request, queryset, "dismiss")

    @admin.action(
        description=_("Hide the content (the message, or suspend the listing)"),
        permissions=["change"],
    )
    def hide_content(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._act(request, queryset, "hide")

    @admin.action(description=_("Warn the reported user"), permissions=["change"])
    def warn_users(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._act(request, queryset, "warn")

    @admin.action(
        description=_("Suspend all active listings of the reported user"), permissions=["change"]
    )
    def suspend_listings(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._act(request, queryset, "suspend")

    @admin.action(description=_("Ban the reported user"), permissions=["change"])
    def ban_users(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._act(request, queryset, "ban")


@admin.register(UserBlock)
class UserBlockAdmin(_ReadOnlyFieldsMixin, admin.ModelAdmin[UserBlock]):
    list_display = ("blocker", "blocked", "created_at")
    search_fields = ("blocker__email", "blocked__email")
    list_select_related = ("blocker", "blocked")
    show_full_result_count = False

    def has_change_permission(self, request: HttpRequest, obj: UserBlock | None = None) -> bool:
        return False
