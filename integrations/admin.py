"""Staff views of the outbox: Turkish templates (editable), notifications and attempts (read)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from integrations.models import Notification, NotificationAttempt, NotificationTemplate


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin[NotificationTemplate]):
    list_display = ("event", "channel", "language", "provider_name", "is_active", "updated_at")
    list_filter = ("channel", "event", "is_active")
    search_fields = ("body", "subject", "provider_name")


class NotificationAttemptInline(admin.TabularInline[NotificationAttempt, Notification]):
    model = NotificationAttempt
    extra = 0
    can_delete = False
    fields = (
        "created_at",
        "channel",
        "provider",
        "status",
        "provider_message_id",
        "error_code",
        "error_message",
        "latency_ms",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("created_at", "event", "user", "status", "channel", "due_at", "attempt_rounds")
    list_filter = ("status", "event", "channel")
    search_fields = ("user__email", "dedupe_key")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    inlines = (NotificationAttemptInline,)
    readonly_fields = (
        "user",
        "event",
        "dedupe_key",
        "context",
        "status",
        "due_at",
        "claimed_at",
        "attempt_rounds",
        "channel",
        "skip_reason",
        "created_at",
        "sent_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False
