"""Part photos: validated on upload, processed to WebP sizes by a Celery task, then attached."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext
from PIL import Image

from marketplace.files import stored_files_delete
from marketplace.images import ImageRejected, image_validate
from marketplace.models import User
from parts.images import PhotoHash, image_from_base64, image_render, photo_hash
from parts.models import Part, PartImage, PartImageStatus
from parts.services.moderation import part_moderation_check
from parts.signals import part_image_uploaded

logger = logging.getLogger(__name__)

_IMAGE_ID_IN_URL = re.compile(
    r"parts/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/"
)


def part_image_url(image: PartImage, *, thumbnail: bool = False) -> str:
    """The photo's address (a presigned URL on S3). Stable names: known before processing ends."""
    name = _image_name(image.id, "thumbnail" if thumbnail else "display")
    return default_storage.url(name)


def _image_name(image_id: uuid.UUID, variant: str) -> str:
    return f"parts/{image_id}/{variant}.webp"


@transaction.atomic
def part_image_upload(*, uploader: User, data: bytes) -> PartImage:
    """Checks the real content (raises ImageRejected) and queues the processing."""
    validated = image_validate(data)
    image = PartImage(
        uploader=uploader,
        width=validated.width,
        height=validated.height,
        size=len(data),
        status=PartImageStatus.PENDING,
    )
    # The original keeps its EXIF (GPS!) only until processing; it is never served.
    image.original.save(f"original-{uuid.uuid4().hex}", ContentFile(data), save=False)
    image.save()
    image_id = image.id
    transaction.on_commit(lambda: _enqueue(image_id))
    return image


def part_image_files_delete(images: Sequence[PartImage]) -> None:
    """Removes the stored files of photos whose rows are gone (after the commit removing them)."""
    for image in images:
        stored_files_delete(image.original.name, image.display.name, image.thumbnail.name)


def _enqueue(image_id: uuid.UUID) -> None:
    # The tasks import these services; the processing task is queued by `parts.receivers`.
    part_image_uploaded.send(sender=PartImage, image_id=image_id)


def part_image_process(*, image_id: uuid.UUID) -> PartImage | None:
    """Renders the display and thumbnail sizes; idempotent (a ready photo is left alone)."""
    image = PartImage.objects.filter(pk=image_id).first()
    if image is None or image.status != PartImageStatus.PENDING or not image.original:
        return image
    try:
        with image.original.open("rb") as original:
            rendered = image_render(original.read())
    except ImageRejected as error:
        return _image_finish(image_id, failed=str(error.code))
    except OSError:
        logger.exception("Part photo %s could not be read", image_id)
        return _image_finish(image_id, failed="unreadable")
    display_name = _save_variant(image_id, "display", rendered.display)
    thumbnail_name = _save_variant(image_id, "thumbnail", rendered.thumbnail)
    return _image_finish(
        image_id,
        display=display_name,
        thumbnail=thumbnail_name,
        sizes=(
            rendered.display_width,
            rendered.display_height,
            rendered.thumbnail_width,
            rendered.thumbnail_height,
        ),
        photo_hash=rendered.hash,
    )


def _save_variant(image_id: uuid.UUID, variant: str, content: bytes) -> str:
    name = _image_name(image_id, variant)
    if default_storage.exists(name):  # a retried task: same content, same name
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(content))


@transaction.atomic
def _image_finish(
    image_id: uuid.UUID,
    *,
    failed: str = "",
    display: str = "",
    thumbnail: str = "",
    sizes: tuple[int, int, int, int] = (0, 0, 0, 0),
    photo_hash: PhotoHash | None = None,
) -> PartImage | None:
    image = PartImage.objects.select_for_update().filter(pk=image_id).first()
    if image is None or image.status != PartImageStatus.PENDING:
        return image
    original_name = image.original.name
    if failed:
        image.status, image.error = PartImageStatus.FAILED, failed
    else:
        image.status = PartImageStatus.READY
        image.display.name, image.thumbnail.name = display, thumbnail
        image.width, image.height, image.thumbnail_width, image.thumbnail_height = sizes
        if photo_hash is not None:
            image.perceptual_hash = photo_hash.fine
            (
                image.hash_band_0,
                image.hash_band_1,
                image.hash_band_2,
                image.hash_band_3,
            ) = photo_hash.bands
    image.original.name = ""
    image.save()
    if image.part_id is not None:
        Part.objects.filter(pk=image.part_id, images_pending__gt=0).update(
            images_pending=F("images_pending") - 1
        )
        if photo_hash is not None:
            # The photo rule needs the hash: the listing is scored again before it can go live.
            part_moderation_check(part_id=image.part_id)
    if original_name:
        transaction.on_commit(lambda: stored_files_delete(original_name))
    return image


@dataclass
class ImageReferences:
    """Photos given with a listing: ids of processed uploads, and what could not be used."""

    image_ids: list[uuid.UUID] = field(default_factory=list)
    uploaded: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def part_images_from_references(*, uploader: User, values: Sequence[str]) -> ImageReferences:
    """Each value is a URL from the upload endpoint or a base64 image (a data: URL too)."""
    references = ImageReferences()
    for index, value in enumerate(values, start=1):
        match = _IMAGE_ID_IN_URL.search(value) if len(value) < 2048 else None
        if match:
            image_id = uuid.UUID(match.group(1))
            if PartImage.objects.filter(id=image_id, uploader=uploader, part=None).exists():
                references.image_ids.append(image_id)
                references.uploaded.append(value)
            else:
                references.failed.append(f"{index}: {gettext('photo not found')}")
            continue
        try:
            image = part_image_upload(uploader=uploader, data=image_from_base64(value))
        except ImageRejected as error:
            references.failed.append(f"{index}: {error.message}")
            continue
        references.image_ids.append(image.id)
        references.uploaded.append(part_image_url(image))
    return references


def part_image_hashes_backfill(*, batch_size: int = 500) -> int:
    """Perceptual hashes for photos processed before they were kept (from the stored display
    size, which is what a new photo's hash is computed from). Idempotent; returns how many
    photos got one. Their listings are not scored again: the hashes count for new listings."""
    done = 0
    pending = PartImage.objects.filter(status=PartImageStatus.READY, perceptual_hash="").exclude(
        display=""
    )
    for image in pending.only("pk", "display").iterator(chunk_size=batch_size):
        try:
            with image.display.open("rb") as display, Image.open(display) as opened:
                hashes = photo_hash(opened)
        except OSError:
            logger.warning("Part photo %s: display size unreadable, no hash", image.pk)
            continue
        done += PartImage.objects.filter(pk=image.pk, perceptual_hash="").update(
            perceptual_hash=hashes.fine,
            hash_band_0=hashes.bands[0],
            hash_band_1=hashes.bands[1],
            hash_band_2=hashes.bands[2],
            hash_band_3=hashes.bands[3],
        )
    return done
