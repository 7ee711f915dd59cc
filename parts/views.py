"""The catalogue's pages: the home page, results, detail, create and edit, and the seller's own
listings."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from marketplace.cities import PROVINCES_ALPHABETICAL
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from parts.brands import BRANDS_ALPHABETICAL
from parts.error_codes import PartErrorCode
from parts.filters import SORT_CHOICES, part_search_filters_parse
from parts.models import MAX_IMAGES_PER_PART, Part, PartCondition, PartImage, PartStatus
from parts.selectors import (
    part_get_visible,
    part_list_for_seller,
    part_newest,
    part_search_page,
    part_similar,
    seller_badges_for,
    seller_display_name,
    seller_page_path,
    seller_ratings_for,
)
from parts.services import (
    part_delete,
    part_renew,
    part_status_change,
    part_view_count_increment,
)
from parts.services.analytics import part_search_recorded
from parts.services.gallery import (
    PhotoFile,
    part_create_with_files,
    part_image_delete,
    part_image_move,
    part_update_with_files,
)
from parts.validation import LISTING_FIELDS

FILTER_LABELS = {
    "search": "",
    "part_reference": "OEM",
    "condition": "",
    "brand": "",
    "model": "",
    "location_city": "",
    "min_price": "min ₺",
    "max_price": "max ₺",
    "year_min": "≥",
    "year_max": "≤",
}


def _viewer(request: HttpRequest) -> User | None:
    return request.user if request.user.is_authenticated else None


def _form_choices() -> dict[str, Any]:
    return {
        "cities": [province.name for province in PROVINCES_ALPHABETICAL],
        "brands": BRANDS_ALPHABETICAL,
        "conditions": PartCondition.values,
        "sort_choices": SORT_CHOICES,
    }


HOME_BRANDS = (
    "Renault", "Fiat", "Volkswagen", "Ford", "Toyota", "Hyundai", "Opel", "Peugeot",
    "Dacia", "BMW", "Mercedes-Benz", "Honda", "Tofaş", "TOGG", "Citroën", "Audi",
)  # fmt: skip


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    viewer = request.user if request.user.is_authenticated else None
    context = {
        "provinces": PROVINCES_ALPHABETICAL,
        "brands": HOME_BRANDS,
        "newest_parts": part_newest(viewer=viewer, limit=8),
    }
    return render(request, "parts/home.html", context)


@require_safe
def part_results(request: HttpRequest) -> HttpResponse:
    errors: dict[str, Any] = {}
    page = None
    try:
        filters = part_search_filters_parse(request.GET)
        page = part_search_page(filters=filters, viewer=_viewer(request))
        part_search_recorded(user=_viewer(request), filters=filters, total=page.total)
    except DomainError as error:
        errors = error.details or {}
        filters = None
    active = [
        {"name": name, "value": request.GET[name], "label": label}
        for name, label in FILTER_LABELS.items()
        if request.GET.get(name, "").strip()
    ]
    context: dict[str, Any] = {
        # Folded once applied, so results start on a phone's first screen (the chips above them
        # say what is applied); open only to show what must be corrected.
        "filters_open": bool(errors),
        "filters_applied": sum(1 for chip in active if chip["name"] != "search"),
        "page": page,
        "filters": filters,
        "errors": errors,
        "values": request.GET,
        "active_filters": active,
        **_form_choices(),
    }
    if page is not None and filters is not None:
        context["previous_offset"] = (
            max(filters.offset - filters.limit, 0) if filters.offset else None
        )
        has_more = filters.offset + len(page.parts) < page.total or not page.total_is_exact
        context["next_offset"] = filters.offset + filters.limit if has_more else None
    status = 400 if errors else 200
    return render(request, "parts/results.html", context, status=status)


def _part_from_slug(request: HttpRequest, slug: str) -> Part:
    try:
        part_id = uuid.UUID(slug[-36:])
    except ValueError:
        raise Http404 from None
    try:
        return part_get_visible(part_id=part_id, viewer=_viewer(request))
    except DomainError:
        raise Http404 from None


@require_safe
def part_detail(request: HttpRequest, slug: str) -> HttpResponse:
    part = _part_from_slug(request, slug)
    if slug != part.slug:
        return redirect("parts:detail", slug=part.slug, permanent=True)
    viewer = _viewer(request)
    if viewer is None or viewer.pk != part.seller_id:
        part_view_count_increment(part_id=part.id)
    context = {
        "part": part,
        "images": list(part.images.all()),
        "similar_parts": part_similar(part=part, viewer=viewer),
        "is_owner": viewer is not None and viewer.pk == part.seller_id,
        "seller_badges": seller_badges_for(seller_ids=[part.seller_id])[part.seller_id],
        "seller_rating": seller_ratings_for(seller_ids=[part.seller_id])[part.seller_id],
        "seller_name": seller_display_name(part.seller),
        "seller_url": seller_page_path(part.seller_id),
        "canonical_url": request.build_absolute_uri(reverse("parts:detail", args=[part.slug])),
    }
    return render(request, "parts/detail.html", context)


def _photo_files(request: HttpRequest) -> list[PhotoFile]:
    return [
        PhotoFile(name=file.name or "foto", size=file.size, file=file)
        for file in request.FILES.getlist("images")
    ]


def _gallery(part: Part) -> list[PartImage]:
    return list(PartImage.objects.filter(part=part).order_by("position", "created_at"))


@login_required
@require_http_methods(["GET", "POST"])
def part_create_page(request: HttpRequest) -> HttpResponse:
    values: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    if request.method == "POST":
        values = {field: request.POST.get(field, "") for field in LISTING_FIELDS}
        try:
            part = part_create_with_files(
                seller=request.user,  # type: ignore[arg-type]
                data=values,
                files=_photo_files(request),
            )
        except DomainError as error:
            errors = error.details or {"form": [str(error.message)]}
        else:
            messages.success(request, gettext("Part listing created"))
            return redirect("parts:detail", slug=part.slug)
    return render(
        request,
        "parts/form.html",
        {"values": values, "errors": errors, "editing": False, **_form_choices()},
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def part_edit_page(request: HttpRequest, slug: str) -> HttpResponse:
    part = _part_from_slug(request, slug)
    if part.seller_id != request.user.pk:
        raise Http404
    values: dict[str, Any] = {field: getattr(part, field) for field in LISTING_FIELDS}
    errors: dict[str, Any] = {}
    if request.method == "POST":
        values = {field: request.POST.get(field, "") for field in LISTING_FIELDS}
        try:
            part = part_update_with_files(
                part=part,
                actor=request.user,
                data=values,
                files=_photo_files(request),
            )
        except DomainError as error:
            errors = error.details or {"form": [str(error.message)]}
        else:
            messages.success(request, gettext("Part updated"))
            return redirect("parts:detail", slug=part.slug)
    context = {
        "values": values,
        "errors": errors,
        "editing": True,
        "part": part,
        "gallery": _gallery(part),
        **_form_choices(),
    }
    return render(request, "parts/form.html", context, status=400 if errors else 200)


# Moving a photo to the front makes it the cover; any count past the front stops there.
PHOTO_MOVES = {"cover": -MAX_IMAGES_PER_PART, "earlier": -1, "later": 1}


@login_required
@require_POST
def part_photo_action(request: HttpRequest, slug: str) -> HttpResponse:
    """The edit page's photo buttons: make cover, move earlier or later, delete."""
    part = _part_from_slug(request, slug)
    if part.seller_id != request.user.pk:
        raise Http404
    action = request.POST.get("action", "")
    actor: User = request.user
    try:
        try:
            image_id = uuid.UUID(request.POST.get("image_id", ""))
        except ValueError:
            raise DomainError(PartErrorCode.PART_IMAGE_NOT_FOUND) from None
        if action == "delete":
            part_image_delete(part=part, actor=actor, image_id=image_id)
            messages.success(request, gettext("Photo deleted"))
        elif action in PHOTO_MOVES:
            part_image_move(part=part, actor=actor, image_id=image_id, steps=PHOTO_MOVES[action])
            messages.success(request, gettext("Photo order saved"))
        else:
            raise DomainError(ErrorCode.VALIDATION_ERROR)
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect(reverse("parts:edit", args=[part.slug]) + "#photos")


@login_required
@require_safe
def my_listings(request: HttpRequest) -> HttpResponse:
    parts = part_list_for_seller(seller=request.user)  # type: ignore[arg-type]
    return render(request, "parts/my_listings.html", {"parts": parts})


ACTIONS = {
    "pause": PartStatus.PAUSED,
    "activate": PartStatus.ACTIVE,
    "sold": PartStatus.SOLD,
}


@login_required
@require_POST
def my_listing_action(request: HttpRequest, part_id: uuid.UUID) -> HttpResponse:
    part = Part.objects.filter(pk=part_id, seller_id=request.user.pk).first()
    if part is None:
        raise Http404
    action = request.POST.get("action", "")
    if action == "delete" and request.POST.get("confirmed") != "1":
        # "Sil" is final for the seller: ask once, on a page of its own (no JavaScript needed).
        return render(request, "parts/delete_confirmation.html", {"part": part})
    try:
        if action == "delete":
            part_delete(part=part, actor=request.user)  # type: ignore[arg-type]
            messages.success(request, gettext("Part listing deleted"))
        elif action == "renew":
            part_renew(part=part, actor=request.user)  # type: ignore[arg-type]
            messages.success(request, gettext("Listing renewed"))
        elif action in ACTIONS:
            part_status_change(part=part, actor=request.user, status=ACTIONS[action])  # type: ignore[arg-type]
            messages.success(request, gettext("Listing status updated"))
        else:
            raise DomainError(ErrorCode.VALIDATION_ERROR)
    except DomainError as error:
        problems = [str(m) for messages_ in (error.details or {}).values() for m in messages_]
        messages.error(request, problems[0] if problems else str(error.message))
    return redirect("parts:my-listings")
