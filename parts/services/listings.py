"""Writes of the parts catalogue: create, update, status changes and soft delete of listings."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from integrations.services import NotificationEvent, analytics_event_record, notification_enqueue
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import AuditAction, User
from marketplace.services.audit import audit_record
from marketplace.text import normalize_reference
from parts.error_codes import PartErrorCode
from parts.models import (
    MAX_IMAGES_PER_PART,
    Part,
    PartImage,
    PartImageStatus,
    PartStatus,
)
from parts.search import document_words, model_key, reference_unprefixed
from parts.services.expiry import part_expiry_date
from parts.services.images import ImageReferences, part_images_from_references
from parts.services.moderation import part_moderation_check
from parts.services.search_words import search_words_add
from parts.validation import part_fields_clean

# Which status changes an owner may make (staff may set any through the admin).
OWNER_TRANSITIONS: dict[str, set[str]] = {
    PartStatus.ACTIVE: {PartStatus.PAUSED, PartStatus.SOLD},
    PartStatus.PAUSED: {PartStatus.ACTIVE, PartStatus.SOLD},
    PartStatus.SOLD: {PartStatus.ACTIVE},
    PartStatus.PENDING_REVIEW: set(),
    PartStatus.REJECTED: set(),
    PartStatus.DELETED: set(),
    PartStatus.SUSPENDED: set(),
    # Back through renewal (parts.services.expiry.part_renew), or sold meanwhile.
    PartStatus.EXPIRED: {PartStatus.SOLD},
}


def part_search_fields_fill(part: Part) -> None:
    """Recomputes the folded search columns from the listing's fields."""
    part.title_search = document_words(part.title)
    part.model_search = model_key(part.model)
    reference_key = normalize_reference(part.part_reference)
    part.part_reference_unprefixed = reference_unprefixed(reference_key)
    reference = reference_key.lower()
    part.search_short = document_words(part.title, part.brand, part.model) + f" {reference}"
    part.search_document = (
        document_words(part.title, part.brand, part.model, part.description) + f" {reference}"
    )


SEARCH_FIELDS = (
    "title_search",
    "model_search",
    "part_reference_unprefixed",
    "search_short",
    "search_document",
)


def _too_many_images() -> str:
    return gettext("You can add at most %(count)d photos.") % {"count": MAX_IMAGES_PER_PART}


def part_images_attach(*, part: Part, seller: User, image_ids: Sequence[uuid.UUID]) -> None:
    if len(image_ids) > MAX_IMAGES_PER_PART:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"images": [_too_many_images()]},
        )
    images = {
        image.id: image
        for image in PartImage.objects.select_for_update().filter(
            id__in=image_ids, uploader=seller, part__isnull=True
        )
    }
    missing = [str(image_id) for image_id in image_ids if image_id not in images]
    if missing:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"images": [gettext("A photo was not found or belongs to another listing.")]},
        )
    already = part.images.count()
    if already + len(image_ids) > MAX_IMAGES_PER_PART:
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"images": [_too_many_images()]},
        )
    pending = 0
    for position, image_id in enumerate(image_ids, start=already):
        image = images[image_id]
        image.part = part
        image.position = position
        image.save(update_fields=["part", "position"])
        pending += image.status == PartImageStatus.PENDING
    if pending:
        Part.objects.filter(pk=part.pk).update(images_pending=F("images_pending") + pending)
        part.refresh_from_db(fields=["images_pending"])


@transaction.atomic
def part_create_with_photos(
    *, seller: User, data: Mapping[str, Any], photos: Sequence[str]
) -> tuple[Part, ImageReferences]:
    """A listing and its photos (upload URLs or base64); unusable photos are reported, the
    listing is still created."""
    if len(photos) > MAX_IMAGES_PER_PART:
        raise DomainError(ErrorCode.VALIDATION_ERROR, details={"images": [_too_many_images()]})
    part = part_create(seller=seller, data=data)
    references = part_images_from_references(uploader=seller, values=photos)
    if references.image_ids:
        part_images_attach(part=part, seller=seller, image_ids=references.image_ids)
        _moderation_check(part)
    return part, references


# What the risk check may change on the listing (refreshed on the caller's instance).
_MODERATION_FIELDS = ("status", "risk_score", "risk_reasons", "text_fingerprint")


def _moderation_check(part: Part) -> None:
    part_moderation_check(part_id=part.pk)
    part.refresh_from_db(fields=list(_MODERATION_FIELDS))


@transaction.atomic
def part_create(
    *, seller: User, data: Mapping[str, Any], image_ids: Sequence[uuid.UUID] = ()
) -> Part:
    """A new listing, scored by the risk rules: active (in search once every photo is
    processed), or pending review at the threshold."""
    fields = part_fields_clean(data)
    part = Part(
        seller=seller,
        status=PartStatus.ACTIVE,
        expires_at=part_expiry_date(published_at=timezone.now()),
        **fields,
    )
    part_search_fields_fill(part)
    part.save()
    search_words_add(documents=[part.search_document])
    if image_ids:
        part_images_attach(part=part, seller=seller, image_ids=image_ids)
    _moderation_check(part)
    analytics_event_record(
        user=seller,
        name="part_listed",
        params={"brand": part.brand, "city": part.location_city, "condition": part.condition},
    )
    return part


def _require_owner(*, part: Part, actor: User) -> None:
    if part.seller_id != actor.pk:
        raise DomainError(ErrorCode.FORBIDDEN)
    if part.status == PartStatus.DELETED:
        raise DomainError(PartErrorCode.PART_NOT_FOUND)


@transaction.atomic
def part_update(
    *,
    part: Part,
    actor: User,
    data: Mapping[str, Any],
    image_ids: Sequence[uuid.UUID] = (),
) -> Part:
    """Partial update by the owner: only the fields given change. Editing a rejected listing
    sends it back to staff (pending review), with the rejection's reason kept until they look.
    Every edit is scored again (parts.services.moderation)."""
    part = Part.objects.select_for_update().get(pk=part.pk)
    _require_owner(part=part, actor=actor)
    fields = part_fields_clean(data, partial=True)
    for name, value in fields.items():
        setattr(part, name, value)
    part_search_fields_fill(part)
    resubmitted = ["status"] if part.status == PartStatus.REJECTED else []
    if resubmitted:
        part.status = PartStatus.PENDING_REVIEW
    part.save(update_fields=[*fields, *SEARCH_FIELDS, *resubmitted, "updated_at"])
    search_words_add(documents=[part.search_document])
    if image_ids:
        part_images_attach(part=part, seller=actor, image_ids=image_ids)
    _moderation_check(part)
    return part


@transaction.atomic
def part_status_change(*, part: Part, actor: User, status: str, reason: str = "") -> Part:
    """Owner pauses, reactivates or marks sold; staff moderate any status (a rejection with the
    `reason` its seller is shown and told). A staff member's change is an audit-log entry."""
    part = Part.objects.select_for_update().get(pk=part.pk)
    if not actor.is_staff:
        _require_owner(part=part, actor=actor)
        if status not in OWNER_TRANSITIONS.get(part.status, set()):
            raise DomainError(
                ErrorCode.VALIDATION_ERROR,
                details={"status": [gettext("This listing's status cannot be changed that way.")]},
            )
    elif status not in PartStatus.values or part.status == PartStatus.DELETED:
        # A listing its seller deleted stays deleted: moderation cannot bring it back.
        raise DomainError(
            ErrorCode.VALIDATION_ERROR, details={"status": [gettext("Invalid status.")]}
        )
    previous = part.status
    if (
        not actor.is_staff
        and status == PartStatus.ACTIVE
        and part.risk_score >= settings.LISTING_REVIEW_THRESHOLD
    ):
        # A paused or sold listing edited into a risky one goes live through staff.
        status = PartStatus.PENDING_REVIEW
    previous_reason = part.rejection_reason
    part.status = status
    if _publishes(part=part, previous=previous):
        part.expires_at = part_expiry_date(published_at=timezone.now())
    # A status set by hand is no longer the ban's to undo.
    part.suspended_by_ban = False
    if status == PartStatus.REJECTED:
        part.rejection_reason = reason.strip()[:500]
    elif status != PartStatus.PENDING_REVIEW:
        part.rejection_reason = ""
        part.rejection_code = ""
    part.save(
        update_fields=[
            "status",
            "suspended_by_ban",
            "rejection_reason",
            "expires_at",
            "rejection_code",
            "updated_at",
        ]
    )
    changed = (previous, previous_reason) != (part.status, part.rejection_reason)
    if actor.is_staff and actor.pk != part.seller_id and changed:
        audit_record(
            actor=actor,
            action=AuditAction.PART_STATUS_CHANGE,
            target=part,
            before={"status": previous, "rejection_reason": previous_reason},
            after={"status": part.status, "rejection_reason": part.rejection_reason},
            reason=reason.strip(),
            label=part.title,
        )
    if actor.is_staff and actor.pk != part.seller_id:
        _moderation_notice(part=part, previous=previous)
    return part


def _publishes(*, part: Part, previous: str) -> bool:
    """Going live starts a new period (parts.services.expiry), except a paused listing's return
    before its expiry date: pausing does not stop the clock."""
    if part.status != PartStatus.ACTIVE or previous == PartStatus.ACTIVE:
        return False
    still_valid = part.expires_at is not None and part.expires_at > timezone.now()
    return not (previous == PartStatus.PAUSED and still_valid)


def _moderation_notice(*, part: Part, previous: str) -> None:
    """Tells the seller that staff published or refused the listing (in this transaction)."""
    if part.status == PartStatus.ACTIVE and previous in (
        PartStatus.PENDING_REVIEW,
        PartStatus.REJECTED,
    ):
        event = NotificationEvent.LISTING_APPROVED
    elif part.status == PartStatus.REJECTED and previous != PartStatus.REJECTED:
        event = NotificationEvent.LISTING_REJECTED
    else:
        return
    notification_enqueue(
        user=part.seller,
        event=event,
        dedupe_key=f"{event}:{part.pk}:{part.updated_at.isoformat()}",
        context={
            "part_name": part.title,
            "part_url": settings.SITE_URL + reverse("parts:detail", args=[part.slug]),
            "reason": part.rejection_reason,
        },
    )


@transaction.atomic
def part_delete(*, part: Part, actor: User) -> None:
    """Soft delete: the row stays (conversations refer to it) but nobody sees it any more."""
    part = Part.objects.select_for_update().get(pk=part.pk)
    _require_owner(part=part, actor=actor)
    part.status = PartStatus.DELETED
    part.save(update_fields=["status", "updated_at"])


def part_listings_suspend_for_ban(*, seller: User) -> int:
    """A ban hides the seller's active listings and marks them as the ban's (in the caller's
    transaction). Returns how many were suspended."""
    return Part.objects.filter(seller=seller, status=PartStatus.ACTIVE).update(
        status=PartStatus.SUSPENDED, suspended_by_ban=True, updated_at=timezone.now()
    )


def part_listings_restore_after_ban(*, seller: User) -> int:
    """Lifting a ban brings back exactly the listings the ban suspended; a listing staff
    suspended or changed for another reason keeps its status. Returns how many came back."""
    return Part.objects.filter(
        seller=seller, status=PartStatus.SUSPENDED, suspended_by_ban=True
    ).update(status=PartStatus.ACTIVE, suspended_by_ban=False, updated_at=timezone.now())


def part_photos_delayed_notify(*, waited_at_least: timedelta) -> int:
    """Tells each seller whose listing has waited `waited_at_least` for its photos (so it is not
    on the site yet), once per listing: the worker may be down or behind. Returns how many
    sellers were told now; /api/health says why (its Celery check)."""
    started = timezone.now()
    since = started - waited_at_least
    told = 0
    waiting = Part.objects.filter(
        images_pending__gt=0, status=PartStatus.ACTIVE, updated_at__lt=since
    ).select_related("seller")
    for part in waiting.iterator():
        with transaction.atomic():
            notification = notification_enqueue(
                user=part.seller,
                event=NotificationEvent.LISTING_PHOTOS_DELAYED,
                dedupe_key=f"{NotificationEvent.LISTING_PHOTOS_DELAYED}:{part.pk}",
                context={
                    "part_name": part.title,
                    "part_url": settings.SITE_URL + reverse("parts:edit", args=[part.slug]),
                },
            )
        told += int(notification.created_at >= started)  # not one an earlier run wrote
    return told


def part_view_count_increment(*, part_id: uuid.UUID) -> None:
    Part.objects.filter(pk=part_id).update(view_count=F("view_count") + 1)


def part_listings_erase_for_seller(*, seller: User) -> int:
    """KVKK account deletion: every listing of `seller` is soft-deleted (conversations may refer
    to it) and emptied of what could identify them: description and photos (files included).
    Returns how many listings were removed. Runs inside the caller's transaction."""
    from parts.services.images import part_image_files_delete

    listings = Part.objects.filter(seller=seller)
    images = list(PartImage.objects.filter(uploader=seller))
    removed = listings.exclude(status=PartStatus.DELETED).count()
    listings.update(status=PartStatus.DELETED, description="", images_pending=0)
    for part in listings.only("pk", "title", "brand", "model", "part_reference"):
        part.description = ""
        part_search_fields_fill(part)
        part.save(update_fields=list(SEARCH_FIELDS))
    PartImage.objects.filter(pk__in=[image.pk for image in images]).delete()
    transaction.on_commit(lambda: part_image_files_delete(images))
    return removed
