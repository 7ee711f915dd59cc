"""Staff screen of reviews: read-only (what users wrote is theirs); moderators hide a review or
show it again through the actions, which call reviews.services. Texts are shown escaped."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marketplace.models import User
from reviews.models import Review
from reviews.services import review_hide, review_unhide

PREVIEW_LENGTH = 80


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin[Review]):
    list_display = (
        "created_at",
        "rating",
        "author",
        "seller",
        "comment_preview",
        "has_reply",
        "is_hidden",
    )
    list_filter = ("rating", ("hidden_at", admin.EmptyFieldListFilter))
    search_fields = ("author__email", "seller__email", "part__title")
    list_select_related = ("author", "seller")
    show_full_result_count = False
    ordering = ("-created_at",)
    actions = ("hide_reviews", "unhide_reviews")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Review._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("comment"))
    def comment_preview(self, review: Review) -> str:
        # A plain str: the admin escapes it, so typed HTML never runs in a staff browser.
        return Truncator(review.comment).chars(PREVIEW_LENGTH)

    @admin.display(description=_("answered"), boolean=True)
    def has_reply(self, review: Review) -> bool:
        return review.has_reply

    @admin.display(description=_("hidden"), boolean=True)
    def is_hidden(self, review: Review) -> bool:
        return review.is_hidden

    @admin.action(description=_("Hide selected reviews"), permissions=["change"])
    def hide_reviews(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        staff: User = request.user  # type: ignore[assignment]
        count = review_hide(review_ids=list(queryset.values_list("pk", flat=True)), staff=staff)
        self.message_user(
            request,
            ngettext("%(count)d review hidden.", "%(count)d reviews hidden.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Show selected reviews again"), permissions=["change"])
    def unhide_reviews(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        staff: User = request.user  # type: ignore[assignment]
        count = review_unhide(review_ids=list(queryset.values_list("pk", flat=True)), staff=staff)
        self.message_user(
            request,
            ngettext("%(count)d review shown again.", "%(count)d reviews shown again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
