"""Authorization-matrix rows of the parts catalogue (see marketplace/tests/access.py)."""

from __future__ import annotations

import uuid
from typing import Any

from marketplace.models import User
from marketplace.tests.access import OK, Access, public
from parts.models import Part, PartStatus
from parts.services import part_status_change
from parts.tests.factories import DEFAULT_PART, make_part

LOGIN = 302  # pages send anonymous visitors to the login page


def _active_part(owner: User) -> dict[str, Any]:
    return {"slug": make_part(seller=owner).slug}


def _pending_part(owner: User) -> dict[str, Any]:
    part = make_part(seller=owner)
    Part.objects.filter(pk=part.pk).update(status=PartStatus.PENDING_REVIEW)
    return {"slug": part.slug}


def _paused_part(owner: User) -> dict[str, Any]:
    part = make_part(seller=owner)
    part_status_change(part=part, actor=owner, status=PartStatus.PAUSED)
    return {"slug": part.slug}


def _part_id(owner: User) -> dict[str, Any]:
    return {"part_id": str(make_part(seller=owner).id)}


ACCESS_ROWS: list[Access] = [
    public("parts:results"),
    public("parts:detail", owner=OK, setup=_active_part),
    # A paused (or sold) listing keeps its page for everyone, with a notice and no contact.
    Access("parts:detail", anonymous=OK, other=OK, staff=OK, owner=OK, setup=_paused_part),
    # A listing waiting for review is visible to its owner and staff only.
    Access("parts:detail", anonymous=404, other=404, staff=OK, owner=OK, setup=_pending_part),
    Access("parts:edit", anonymous=LOGIN, other=404, staff=404, owner=OK, setup=_active_part),
    Access("parts:create", anonymous=LOGIN, other=OK, staff=OK),
    Access("parts:my-listings", anonymous=LOGIN, other=OK, staff=OK),
    Access(
        "parts:my-listing-action",
        method="POST",
        anonymous=LOGIN,
        other=404,
        staff=404,
        owner=302,
        setup=_part_id,
    ),
    public("api:part-list"),
    Access("api:my-part-list", anonymous=401, other=OK, staff=OK),
    Access(
        "api:part-list",
        method="POST",
        data={**DEFAULT_PART, "year": 2003},
        anonymous=401,
        other=201,
        staff=201,
    ),
    public("api:part-detail", owner=OK, setup=_part_id),
    Access(
        "api:part-detail",
        method="PUT",
        data={"price": "900"},
        anonymous=401,
        other=403,
        staff=403,
        owner=OK,
        setup=_part_id,
    ),
    Access(
        "api:part-detail",
        method="DELETE",
        anonymous=401,
        other=403,
        staff=403,
        owner=OK,
        setup=_part_id,
    ),
    # Without files: 400 for anyone logged in; the upload itself is tested in test_api.py.
    Access("api:part-image-upload", method="POST", anonymous=401, other=400, staff=400),
]


def _photo_path(owner: User) -> dict[str, Any]:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save(
        f"parts/{uuid.uuid4()}/display.webp", ContentFile(b"RIFF\x00\x00\x00\x00WEBP")
    )
    return {"path": name}


ACCESS_ROWS.append(
    # Processed photos are public (like the listing); originals are never routed.
    public(":media", setup=_photo_path),
)


def _part_with_photo(owner: User) -> dict[str, Any]:
    from parts.services import part_image_upload, part_update
    from parts.tests.images import jpeg_bytes

    part = make_part(seller=owner)
    image = part_image_upload(uploader=owner, data=jpeg_bytes(120, 90))
    part_update(part=part, actor=owner, data={}, image_ids=[image.id])
    return {"part_id": str(part.id), "image_id": str(image.id)}


def _part_photo_order(owner: User) -> dict[str, Any]:
    return {"part_id": _part_with_photo(owner)["part_id"]}


ACCESS_ROWS += [
    # Photos of a listing: its seller only (staff remove a photo in the admin).
    Access(
        "api:part-images",
        method="POST",
        data={"images": []},
        anonymous=401,
        other=403,
        staff=403,
        owner=400,  # an empty list: nothing to add
        setup=_part_id,
    ),
    Access(
        "api:part-images",
        method="PUT",
        data={"image_ids": []},
        anonymous=401,
        other=403,
        staff=403,
        owner=OK,
        setup=_part_photo_order,
    ),
    Access(
        "api:part-image-detail",
        method="DELETE",
        anonymous=401,
        other=403,
        staff=403,
        owner=OK,
        setup=_part_with_photo,
    ),
]


def _part_slug_with_photo(owner: User) -> dict[str, Any]:
    part_id = _part_with_photo(owner)["part_id"]
    return {"slug": Part.objects.get(pk=part_id).slug}


ACCESS_ROWS.append(
    # The edit page's photo buttons: the seller only; back to the edit page with a message.
    Access(
        "parts:photo-action",
        method="POST",
        anonymous=LOGIN,
        other=404,
        staff=404,
        owner=302,
        setup=_part_slug_with_photo,
    )
)


def _expired(owner: User) -> Part:
    part = make_part(seller=owner)
    Part.objects.filter(pk=part.pk).update(status=PartStatus.EXPIRED)
    return part


def _expired_part(owner: User) -> dict[str, Any]:
    return {"slug": _expired(owner).slug}


def _expired_part_id(owner: User) -> dict[str, Any]:
    return {"part_id": str(_expired(owner).id)}


ACCESS_ROWS += [
    # An expired listing keeps its page for everyone (with a notice), like a sold one.
    Access("parts:detail", anonymous=OK, other=OK, staff=OK, owner=OK, setup=_expired_part),
    # Renewal: the seller only (staff change a listing's status in the admin).
    Access(
        "api:part-renew",
        method="POST",
        anonymous=401,
        other=403,
        staff=403,
        owner=OK,
        setup=_expired_part_id,
    ),
]
