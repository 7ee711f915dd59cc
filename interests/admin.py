"""Staff screens of interest-gating: every answer, searchable, read-only.

An answer is the buyer's; staff look, they do not type answers for anyone (a new `interested`
would need its conversation, which only interests.services opens). Deleting stays possible for
moderation, which cascades nothing but the mark itself.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from interests.models import Interest


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin[Interest]):
    list_display = ("created_at", "user", "part", "type")
    list_filter = ("type", "created_at")
    search_fields = ("user__email", "part__title", "part__part_reference")
    list_select_related = ("user", "part")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    readonly_fields = ("id", "user", "part", "type", "created_at")
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Interest]:
        return super().get_queryset(request).select_related("user", "part")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Interest | None = None) -> bool:
        return False
