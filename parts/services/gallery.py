"""A listing's photo gallery: photos added with the listing or later, deleted, reordered."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from marketplace.errors import DomainError, ErrorCode
from marketplace.images import ImageRejected, ImageRejectedCode, image_validate
from marketplace.models import User
from parts.error_codes import PartErrorCode
from parts.images import PAGE_MAX_UPLOAD_BYTES, image_shrink
from parts.models import MAX_IMAGES_PER_PART, Part, PartImage, PartImageStatus, PartStatus
from parts.services.images import (
    ImageReferences,
    part_image_files_delete,
    part_image_upload,
    part_images_from_references,
)
from parts.services.listings import part_create, part_images_attach, part_update
from parts.services.moderation import part_moderation_check
from parts.validation import part_fields_clean


@dataclass(frozen=True)
class PhotoFile:
    """A photo chosen on the listing page: its name (for the message) and its open file."""

    name: str
    size: int | None
    file: IO[bytes]


def _too_many_images() -> str:
    return gettext("You can add at most %(count)d photos.") % {"count": MAX_IMAGES_PER_PART}


def _photo_files_prepare(files: Sequence[PhotoFile], *, room: int) -> tuple[list[bytes], list[str]]:
    """Each photo shrunk when it is over 2 MB and checked; one message per refused photo.

    Read one at a time, so at most one original (≤ 15 MB) is in memory at once."""
    prepared: list[bytes] = []
    problems: list[str] = []
    if len(files) > room:
        return [], [_too_many_images()]
    for photo in files:
        try:
            if photo.size is not None and photo.size > PAGE_MAX_UPLOAD_BYTES:
                raise ImageRejected(ImageRejectedCode.TOO_LARGE_FOR_PAGE)
            data = image_shrink(photo.file.read(PAGE_MAX_UPLOAD_BYTES + 1))
            image_validate(data)
        except ImageRejected as error:
            problems.append(f"{photo.name}: {error.message}")
            continue
        prepared.append(data)
    return prepared, problems


def _problems_raise(*, field_problems: Mapping[str, Any] | None, photo_problems: list[str]) -> None:
    if field_problems or photo_problems:
        details: dict[str, Any] = dict(field_problems or {})
        if photo_problems:
            details["images"] = [*details.get("images", []), *photo_problems]
        raise DomainError(ErrorCode.VALIDATION_ERROR, details=details)


def part_create_with_files(
    *, seller: User, data: Mapping[str, Any], files: Sequence[PhotoFile]
) -> Part:
    """The listing page's publish: all or nothing. Any refused field or photo raises one
    VALIDATION_ERROR naming each problem (each photo by its name) and nothing is stored."""
    prepared, photo_problems = _photo_files_prepare(files, room=MAX_IMAGES_PER_PART)
    field_problems: Mapping[str, Any] | None = None
    try:
        part_fields_clean(data)
    except DomainError as error:
        field_problems = error.details or {"form": [str(error.message)]}
    _problems_raise(field_problems=field_problems, photo_problems=photo_problems)
    with transaction.atomic():
        image_ids = [part_image_upload(uploader=seller, data=photo).id for photo in prepared]
        return part_create(seller=seller, data=data, image_ids=image_ids)


def part_update_with_files(
    *, part: Part, actor: User, data: Mapping[str, Any], files: Sequence[PhotoFile]
) -> Part:
    """The edit page's save: new photos are added after the others; all or nothing, as above."""
    room = MAX_IMAGES_PER_PART - part.images.count()
    prepared, photo_problems = _photo_files_prepare(files, room=room)
    field_problems: Mapping[str, Any] | None = None
    try:
        part_fields_clean(data, partial=True)
    except DomainError as error:
        field_problems = error.details or {"form": [str(error.message)]}
    _problems_raise(field_problems=field_problems, photo_problems=photo_problems)
    with transaction.atomic():
        image_ids = [part_image_upload(uploader=actor, data=photo).id for photo in prepared]
        return part_update(part=part, actor=actor, data=data, image_ids=image_ids)


def _part_locked_for(*, part: Part, actor: User, staff_allowed: bool = False) -> Part:
    part = Part.objects.select_for_update().get(pk=part.pk)
    if part.status == PartStatus.DELETED:
        raise DomainError(PartErrorCode.PART_NOT_FOUND)
    if part.seller_id != actor.pk and not (staff_allowed and actor.is_staff):
        raise DomainError(ErrorCode.FORBIDDEN)
    return part


def _positions_renumber(part: Part, ordered: Sequence[PartImage]) -> None:
    for position, image in enumerate(ordered):
        if image.position != position:
            image.position = position
            image.save(update_fields=["position"])
    Part.objects.filter(pk=part.pk).update(updated_at=timezone.now())


@transaction.atomic
def part_images_add(*, part: Part, actor: User, photos: Sequence[str]) -> ImageReferences:
    """Photos added to an existing listing (upload URLs or base64), after the others; the ones
    that cannot be used are reported, the rest are attached."""
    part = _part_locked_for(part=part, actor=actor)
    if part.images.count() + len(photos) > MAX_IMAGES_PER_PART:
        raise DomainError(ErrorCode.VALIDATION_ERROR, details={"images": [_too_many_images()]})
    references = part_images_from_references(uploader=actor, values=photos)
    if references.image_ids:
        part_images_attach(part=part, seller=actor, image_ids=references.image_ids)
        part_moderation_check(part_id=part.pk)
    return references


@transaction.atomic
def part_image_delete(*, part: Part, actor: User, image_id: uuid.UUID) -> None:
    """The seller removes one photo; staff may too (a plate or a phone number in it) without
    touching the listing otherwise. The files go after commit; the others close up."""
    part = _part_locked_for(part=part, actor=actor, staff_allowed=True)
    images = list(part.images.select_for_update().order_by("position", "created_at"))
    removed = next((image for image in images if image.id == image_id), None)
    if removed is None:
        raise DomainError(PartErrorCode.PART_IMAGE_NOT_FOUND)
    remaining = [image for image in images if image.id != image_id]
    removed.delete()
    if removed.status == PartImageStatus.PENDING:
        Part.objects.filter(pk=part.pk, images_pending__gt=0).update(
            images_pending=F("images_pending") - 1
        )
    _positions_renumber(part, remaining)
    transaction.on_commit(lambda: part_image_files_delete([removed]))


@transaction.atomic
def part_images_reorder(*, part: Part, actor: User, image_ids: Sequence[uuid.UUID]) -> None:
    """The photos in the given order; the first is the cover. Each id must be one of the
    listing's photos, once. Photos left out (still processing, say) keep their order after them."""
    part = _part_locked_for(part=part, actor=actor)
    images = list(part.images.select_for_update().order_by("position", "created_at"))
    by_id = {image.id: image for image in images}
    if len(set(image_ids)) != len(image_ids) or not all(
        image_id in by_id for image_id in image_ids
    ):
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            details={"image_ids": [gettext("Send each photo of this listing at most once.")]},
        )
    listed = [by_id[image_id] for image_id in image_ids]
    _positions_renumber(part, [*listed, *(image for image in images if image not in listed)])


@transaction.atomic
def part_image_move(*, part: Part, actor: User, image_id: uuid.UUID, steps: int) -> None:
    """One photo moved earlier (negative `steps`) or later in the gallery; position 0 is the
    cover. Moving past either end stops there."""
    part = _part_locked_for(part=part, actor=actor)
    images = list(part.images.select_for_update().order_by("position", "created_at"))
    index = next((i for i, image in enumerate(images) if image.id == image_id), None)
    if index is None:
        raise DomainError(PartErrorCode.PART_IMAGE_NOT_FOUND)
    moved = images.pop(index)
    images.insert(max(0, min(len(images), index + steps)), moved)
    _positions_renumber(part, images)
