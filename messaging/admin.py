"""Staff screens of the chat: conversations, messages (fraud flags, hiding), reports, blocks.

Everything a participant wrote is read-only here; staff act only through the actions, which call
messaging.services. Message text is always shown escaped.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marketplace.models import User
from messaging.fraud import fraud_reasons_display
from messaging.models import Conversation, Message, Report, ReportStatus, UserBlock
from messaging.services import message_hide, message_unhide, report_handle

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

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The stored codes ("phone,iban") read as words on the change page too.
        return [
            "flagged_reasons" if name == "flagged_reason" else name
            for name in super().get_readonly_fields(request, obj)
        ]

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["flagged_reason"]

    @admin.display(description=_("flagged for"), ordering="flagged_reason")
    def flagged_reasons(self, message: Message) -> str:
        return fraud_reasons_display(message.flagged_reason)

    @admin.display(description=_("content"))
    def content_preview(self, message: Message) -> str:
        # A plain str: the admin escapes it, so typed HTML never runs in a staff browser.
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


@admin.register(Report)
class ReportAdmin(_ReadOnlyFieldsMixin, admin.ModelAdmin[Report]):
    """The moderation queue: open reports first, oldest problems are not forgotten."""

    list_display = (
        "created_at",
        "reason",
        "status",
        "reporter",
        "reported_user",
        "message_link",
        "conversation_link",
        "part_link",
        "handled_by",
        "handled_at",
    )
    list_filter = ("status", "reason")
    search_fields = ("reporter__email", "reported_user__email")
    list_select_related = ("reporter", "reported_user", "message", "handled_by")
    show_full_result_count = False
    ordering = ("-created_at",)
    actions = ("resolve_reports", "dismiss_reports")
    readonly_extra = ("message_link", "message_content", "conversation_link", "part_link")

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

    @admin.display(description=_("listing"))
    def part_link(self, report: Report) -> SafeString | str:
        if report.part_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:parts_part_change", args=[report.part_id]),
            _("Listing"),
        )

    def _handle(self, request: HttpRequest, queryset: QuerySet[Report], status: str) -> int:
        staff: User = request.user  # type: ignore[assignment]
        return report_handle(
            report_ids=list(queryset.values_list("pk", flat=True)), staff=staff, status=status
        )

    @admin.action(description=_("Mark selected reports resolved"), permissions=["change"])
    def resolve_reports(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        count = self._handle(request, queryset, ReportStatus.RESOLVED)
        self.message_user(
            request,
            ngettext("%(count)d report resolved.", "%(count)d reports resolved.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Dismiss selected reports"), permissions=["change"])
    def dismiss_reports(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        count = self._handle(request, queryset, ReportStatus.DISMISSED)
        self.message_user(
            request,
            ngettext("%(count)d report dismissed.", "%(count)d reports dismissed.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(UserBlock)
class UserBlockAdmin(_ReadOnlyFieldsMixin, admin.ModelAdmin[UserBlock]):
    list_display = ("blocker", "blocked", "created_at")
    search_fields = ("blocker__email", "blocked__email")
    list_select_related = ("blocker", "blocked")
    show_full_result_count = False

    def has_change_permission(self, request: HttpRequest, obj: UserBlock | None = None) -> bool:
        return False
