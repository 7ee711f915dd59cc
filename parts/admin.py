"""Staff moderation of listings: search, filters, photo previews, status changes via services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Prefetch, Q, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marketplace.errors import DomainError
from marketplace.models import User
from marketplace.money import format_try
from marketplace.text import fold, normalize_reference
from parts.models import (
    BannedWord,
    Part,
    PartImage,
    PartImageStatus,
    PartRejectionReason,
    PartStatus,
)
from parts.search import REFERENCE_MIN_LENGTH
from parts.selectors import part_reference_condition
from parts.services import part_image_url, part_status_change
from parts.services.gallery import part_image_delete
from parts.services.moderation import banned_word_save
from parts.services.review import part_review_approve, part_review_reject
from parts.validation import LISTING_FIELDS

LIST_THUMBNAIL_WIDTH = 64
INLINE_THUMBNAIL_WIDTH = 160

# Columns kept by the services (search, counters, timestamps): shown to staff, never typed.
PART_COMPUTED_FIELDS = (
    "id",
    "currency",
    "part_reference_key",
    "title_search",
    "model_search",
    "search_short",
    "search_document",
    "images_pending",
    "suspended_by_ban",
    "rejection_code",
    "text_fingerprint",
    "view_count",
    "created_at",
    "updated_at",
)
# A listing's content is the seller's: staff moderate its status and nothing else, so that every
# change goes through parts.services (search columns, owner rules, audit).
PART_CONTENT_FIELDS = ("seller", *LISTING_FIELDS)


def _thumbnail(image: PartImage | None, *, width: int) -> SafeString | str:
    """A small <img> of a processed photo; the photo's state in words otherwise."""
    if image is None:
        return "—"
    if image.status != PartImageStatus.READY:
        return str(image.get_status_display())
    # Width and height attributes, not inline CSS: the admin runs under the same strict CSP.
    if image.thumbnail_width:
        height = round(width * image.thumbnail_height / image.thumbnail_width)
    else:
        height = width
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="" loading="lazy" decoding="async">',
        part_image_url(image, thumbnail=True),
        width,
        height,
    )


class PartImageInline(admin.TabularInline[PartImage, Part]):
    """The listing's photos, read-only: sellers add and order them through the services."""

    model = PartImage
    fk_name = "part"
    extra = 0
    can_delete = False
    show_change_link = False
    fields = (
        "preview",
        "position",
        "status",
        "width",
        "height",
        "size",
        "error",
        "created_at",
        "remove_link",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Part | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Part | None = None) -> bool:
        return False

    @admin.display(description=_("Preview"))
    def preview(self, image: PartImage) -> SafeString | str:
        return _thumbnail(image, width=INLINE_THUMBNAIL_WIDTH)

    @admin.display(description=_("Remove"))
    def remove_link(self, image: PartImage) -> SafeString:
        """To the photo list with only this photo: its "Remove selected photos" action."""
        url = reverse("admin:parts_partimage_changelist") + f"?id__exact={image.id}"
        return format_html('<a href="{}">{}</a>', url, _("Remove this photo…"))


def _rejection_asked(
    model_admin: PartAdmin, request: HttpRequest, queryset: QuerySet[Part]
) -> TemplateResponse | tuple[PartRejectionReason, str]:
    """The reason from the list and staff's note from the confirmation page, or that page (a
    rejection always says why; "another reason" needs the note)."""
    code = request.POST.get("reason_code", "")
    note = request.POST.get("reason_note", "").strip()[:400]
    error = ""
    if "apply" in request.POST:
        if code not in PartRejectionReason.values:
            error = str(_("Choose a reason."))
        elif code == PartRejectionReason.OTHER and not note:
            error = str(_("Write the reason in the note: the seller reads it."))
        else:
            return PartRejectionReason(code), note
    return TemplateResponse(
        request,
        "admin/parts/part/reject_confirmation.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": _("Reject listings"),
            "targets": list(
                queryset.select_related(None).prefetch_related(None).only("pk", "title")
            ),
            "reasons": PartRejectionReason.choices,
            "chosen": code or PartRejectionReason.PHOTOS,
            "note": note,
            "error": error,
            "opts": model_admin.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


def _status_action(
    status: PartStatus, *, description: Any, done: Callable[[int], str]
) -> Callable[[PartAdmin, HttpRequest, QuerySet[Part]], TemplateResponse | None]:
    """A bulk action that moves each selected listing to `status` through the services (a
    rejection first asks for the reason from the list the seller is shown, and a note)."""

    def action(
        model_admin: PartAdmin, request: HttpRequest, queryset: QuerySet[Part]
    ) -> TemplateResponse | None:
        rejection: tuple[PartRejectionReason, str] | None = None
        if status == PartStatus.REJECTED:
            asked = _rejection_asked(model_admin, request, queryset)
            if isinstance(asked, TemplateResponse):
                return asked
            rejection = asked
        changed = 0
        failed: list[str] = []
        actor: User = request.user  # type: ignore[assignment]
        # The service locks and re-reads each row; the list's joins and photos are not needed.
        selected = queryset.select_related(None).prefetch_related(None).only("pk", "title")
        for part in selected:
            try:
                if rejection is not None:
                    part_review_reject(
                        part=part, actor=actor, reason=rejection[0], note=rejection[1]
                    )
                elif status == PartStatus.ACTIVE:
                    part_review_approve(part=part, actor=actor)
                else:
                    part_status_change(part=part, actor=actor, status=status)
            except DomainError as error:
                failed.append(f"{part.title}: {error.message}")
            else:
                changed += 1
        if changed:
            model_admin.message_user(request, done(changed), messages.SUCCESS)
        for problem in failed:
            model_admin.message_user(request, problem, messages.ERROR)
        return None

    action.__name__ = f"status_{status}"
    return admin.action(description=description, permissions=["change"])(action)


class PartModerationForm(ModelForm[Part]):
    """Staff set the status; a rejection needs the reason its seller will read."""

    class Meta:
        model = Part
        fields = ("status", "rejection_reason")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("status") == PartStatus.REJECTED
            and not (cleaned.get("rejection_reason") or "").strip()
        ):
            self.add_error("rejection_reason", _("Write why: the seller reads it."))
        return cleaned


@admin.register(Part)
class PartAdmin(admin.ModelAdmin[Part]):
    form = PartModerationForm
    list_display = (
        "thumbnail",
        "title",
        "brand",
        "model",
        "price_display",
        "location_city",
        "condition",
        "status",
        "risk_score",
        "seller",
        "created_at",
    )
    list_display_links = ("title",)
    list_filter = ("status", "location_city", "brand", "condition")
    search_fields = ("title", "part_reference", "part_reference_key", "seller__email")
    search_help_text = _("Title, part number (with or without spaces) or seller e-mail")
    list_select_related = ("seller",)
    list_per_page = 50
    # An exact COUNT(*) of the whole table on every page costs more than the page itself.
    show_full_result_count = False
    ordering = ("-created_at",)
    fieldsets = (
        (None, {"fields": ("status", "rejection_reason", *PART_CONTENT_FIELDS)}),
        (_("Risk"), {"fields": ("risk_score", "risk_reasons_display")}),
        (_("Internal"), {"classes": ("collapse",), "fields": PART_COMPUTED_FIELDS}),
    )
    readonly_fields = (
        *PART_CONTENT_FIELDS,
        *PART_COMPUTED_FIELDS,
        "risk_score",
        "risk_reasons_display",
    )
    inlines = (PartImageInline,)
    actions = (
        _status_action(
            PartStatus.ACTIVE,
            description=_("Approve selected listings (publish)"),
            done=lambda count: (
                ngettext("%(count)d listing approved.", "%(count)d listings approved.", count)
                % {"count": count}
            ),
        ),
        _status_action(
            PartStatus.REJECTED,
            description=_("Reject selected listings"),
            done=lambda count: (
                ngettext("%(count)d listing rejected.", "%(count)d listings rejected.", count)
                % {"count": count}
            ),
        ),
        _status_action(
            PartStatus.PAUSED,
            description=_("Pause selected listings"),
            done=lambda count: (
                ngettext("%(count)d listing paused.", "%(count)d listings paused.", count)
                % {"count": count}
            ),
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Part]:
        # Processed photos only, in gallery order: the list's thumbnail and the inline's previews.
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "images",
                    queryset=PartImage.objects.filter(status=PartImageStatus.READY).order_by(
                        "position", "created_at"
                    ),
                    to_attr="ready_images",
                )
            )
        )

    def get_ordering(self, request: HttpRequest) -> tuple[str, ...]:
        # The review queue (status = pending review) is read riskiest first, oldest first among
        # equals: the order of its partial index `part_review_queue`.
        if request.GET.get("status__exact") == PartStatus.PENDING_REVIEW:
            return ("-risk_score", "created_at")
        return tuple(self.ordering or ())

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Part], search_term: str
    ) -> tuple[QuerySet[Part], bool]:
        """Django's search, plus the catalogue's own folding: `sanziman` finds "Şanzıman", and
        `A 203 423 06 12` and `203.423.06.12` find the key `A2034230612`."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        words = fold(search_term).split()
        if not words:
            return results, may_have_duplicates
        extra = Q()
        for word in words:
            extra &= Q(search_document__contains=word)
        reference_key = normalize_reference(search_term)
        if len(reference_key) >= REFERENCE_MIN_LENGTH:
            extra |= part_reference_condition(reference_key)
        return results | queryset.filter(extra), may_have_duplicates

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Listings are created by sellers (part_create); staff never type one in.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Part | None = None) -> bool:
        # Conversations refer to listings: staff reject or pause, the seller soft-deletes.
        return False

    def save_model(
        self, request: HttpRequest, obj: Part, form: ModelForm[Part], change: bool
    ) -> None:
        """Only the status (with a rejection's reason) is editable here, and it changes through
        the services; a reason typed here is the seller's to read as it is."""
        if not change or not {"status", "rejection_reason"} & set(form.changed_data):
            return
        actor: User = request.user  # type: ignore[assignment]
        status = form.cleaned_data["status"]
        if status == PartStatus.REJECTED:
            part_review_reject(
                part=obj,
                actor=actor,
                reason=PartRejectionReason.OTHER,
                note=form.cleaned_data.get("rejection_reason", ""),
            )
        else:
            part_status_change(part=obj, actor=actor, status=status)

    def view_on_site(self, obj: Part) -> str:
        return reverse("parts:detail", args=[obj.slug])

    @admin.display(description=_("Why this score"))
    def risk_reasons_display(self, part: Part) -> SafeString | str:
        if not part.risk_reasons:
            return "—"
        return format_html_join(
            "",
            "<p>+{} · {}</p>",
            ((reason.get("points", 0), reason.get("detail", "")) for reason in part.risk_reasons),
        )

    @admin.display(description=_("Photo"))
    def thumbnail(self, part: Part) -> SafeString | str:
        images: list[PartImage] = getattr(part, "ready_images", [])
        return _thumbnail(images[0] if images else None, width=LIST_THUMBNAIL_WIDTH)

    @admin.display(description=Part._meta.get_field("price").verbose_name, ordering="price")
    def price_display(self, part: Part) -> str:
        return format_try(part.price)


@admin.register(PartImage)
class PartImageAdmin(admin.ModelAdmin[PartImage]):
    """Every photo, for finding failed or orphaned uploads; read-only."""

    list_display = ("preview", "id", "part", "uploader", "status", "size", "error", "created_at")
    list_filter = ("status",)
    search_fields = ("id", "part__title", "uploader__email")
    list_select_related = ("part", "uploader")
    show_full_result_count = False
    readonly_fields = ("preview",)
    actions = ("remove_photos",)

    @admin.action(
        description=_("Remove selected photos (a plate or a phone number in it)"),
        permissions=["remove"],
    )
    def remove_photos(self, request: HttpRequest, queryset: QuerySet[PartImage]) -> None:
        """Takes single photos off their listings through the service; the listings stay live."""
        actor: User = request.user  # type: ignore[assignment]
        removed = 0
        for image in queryset.select_related("part"):
            if image.part is None:
                continue  # an upload not attached to any listing is nobody's to see
            try:
                part_image_delete(part=image.part, actor=actor, image_id=image.id)
            except DomainError as error:
                self.message_user(request, f"{image.id}: {error.message}", messages.ERROR)
            else:
                # The audit trail: who took which photo off which listing (`image` keeps its id).
                self.log_change(request, image, f"Removed from listing {image.part_id} by staff")
                removed += 1
        if removed:
            self.message_user(
                request,
                ngettext("%(count)d photo removed.", "%(count)d photos removed.", removed)
                % {"count": removed},
                messages.SUCCESS,
            )

    def has_remove_permission(self, request: HttpRequest) -> bool:
        # Moderators change listings; removing a photo is such a change, not a deletion of rows
        # staff may otherwise never delete.
        return request.user.has_perm("parts.change_part")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PartImage | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PartImage | None = None) -> bool:
        return False

    @admin.display(description=_("Preview"))
    def preview(self, image: PartImage) -> SafeString | str:
        return _thumbnail(image, width=LIST_THUMBNAIL_WIDTH)


@admin.register(BannedWord)
class BannedWordAdmin(admin.ModelAdmin[BannedWord]):
    """Words and phrases that send a listing towards review (parts.risk), edited by moderators.
    Matched folded at word starts: "çalıntı" also finds "ÇALINTIDIR" and "calinti"."""

    list_display = ("phrase", "points", "note", "created_at")
    search_fields = ("phrase", "phrase_folded", "note")
    fields = ("phrase", "points", "note")
    ordering = ("phrase_folded",)

    def save_model(
        self, request: HttpRequest, obj: BannedWord, form: ModelForm[BannedWord], change: bool
    ) -> None:
        banned_word_save(banned_word=obj)
