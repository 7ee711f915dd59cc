"""Profile photos: JPEG or PNG up to 500 KB, checked by content and re-encoded to a WebP square."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from marketplace.errors import DomainError, ErrorCode
from marketplace.files import stored_files_delete
from marketplace.images import ImageRejected, image_render_square, image_validate
from marketplace.models import User

AVATAR_MAX_BYTES = 500 * 1024
AVATAR_SIZE = 256
AVATAR_FORMATS = frozenset({"JPEG", "PNG"})


def _refuse(message: object) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, details={"avatar": [str(message)]})


@transaction.atomic
def user_avatar_set(*, user: User, data: bytes) -> User:
    """Validates the upload (size, real JPEG/PNG content, fully decodable) and stores a 256 px
    WebP square without EXIF; the previous photo's file is removed after the commit."""
    if len(data) > AVATAR_MAX_BYTES:
        raise _refuse(_("The profile photo must be at most 500 KB."))
    try:
        validated = image_validate(data)
        if validated.format not in AVATAR_FORMATS:
            raise _refuse(_("Only JPEG and PNG profile photos are accepted."))
        rendered = image_render_square(data, size=AVATAR_SIZE)
    except ImageRejected as rejected:
        raise _refuse(rejected.message) from None
    previous = user.avatar.name
    user.avatar.save(f"{uuid.uuid4().hex}.webp", ContentFile(rendered), save=False)
    user.save(update_fields=["avatar", "updated_at"])
    if previous:
        transaction.on_commit(lambda: stored_files_delete(previous))
    return user


@transaction.atomic
def user_avatar_remove(*, user: User) -> User:
    previous = user.avatar.name
    if previous:
        user.avatar = ""
        user.save(update_fields=["avatar", "updated_at"])
        transaction.on_commit(lambda: stored_files_delete(previous))
    return user
