"""Listing photos: their WebP display and thumbnail sizes, phone photos shrunk for the listing
page, base64 uploads (no database). The checks and encoders are the core's: `marketplace.images`.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from dataclasses import dataclass

from PIL import Image, ImageOps

from marketplace.images import (
    MAX_UPLOAD_BYTES,
    ImageRejected,
    ImageRejectedCode,
    image_downscale,
    image_fit,
    image_format_name,
    image_open,
    image_prepare,
    webp_encode,
)

# The listing page takes phone photos as they are (a browser without JavaScript cannot shrink
# them) and shrinks those over MAX_UPLOAD_BYTES itself to SHRINK_SIZE before the usual checks.
PAGE_MAX_UPLOAD_BYTES = 15 * 1024 * 1024
SHRINK_SIZE = 2000
SHRINK_QUALITIES = (85, 75, 60)
DISPLAY_SIZE = 1600
THUMBNAIL_SIZE = 400
DISPLAY_QUALITY = 80
THUMBNAIL_QUALITY = 75

# Base64 grows data by 4/3; allow CRLF line breaks every 76 characters and a data-URL header on
# top, so the length check needs no decoding.
_MAX_BASE64_CHARS = 4 * -(-MAX_UPLOAD_BYTES // 3)
_MAX_BASE64_INPUT_CHARS = _MAX_BASE64_CHARS + 2 * (_MAX_BASE64_CHARS // 76) + 256
_DATA_URL_HEADER = re.compile(r"data:image/[a-z0-9.+-]+(?:;[a-z0-9.+-]+=[^;,]*)*;base64,", re.I)


# Difference hashes (dHash: is each pixel brighter than its right neighbour, on a grey thumbnail):
# unchanged by re-encoding, resizing and mild colour changes. See
# https://www.hackerfactor.com/blog/index.php?/archives/529-Kind-of-Like-That.html
FINE_HASH_SIZE = 16  # 16×16 = 256 bits, compared whole
COARSE_HASH_SIZE = 8  # 8×8 = 64 bits, indexed as four 16-bit bands
HASH_BANDS = 4


@dataclass(frozen=True)
class PhotoHash:
    """A photo's perceptual hashes: `fine` (hex, 256 bits) decides, `bands` find candidates."""

    fine: str
    bands: tuple[int, int, int, int]


def _difference_hash(grey: Image.Image, size: int) -> int:
    small = grey.resize((size + 1, size), Image.Resampling.LANCZOS)
    pixels = small.tobytes()  # mode "L": one byte per pixel, row by row
    bits = 0
    for row in range(size):
        start = row * (size + 1)
        for column in range(size):
            bits = (bits << 1) | (pixels[start + column] > pixels[start + column + 1])
    return bits


def photo_hash(image: Image.Image) -> PhotoHash:
    grey = image.convert("L")
    coarse = _difference_hash(grey, COARSE_HASH_SIZE)
    fine = _difference_hash(grey, FINE_HASH_SIZE)
    bands = tuple((coarse >> (16 * band)) & 0xFFFF for band in range(HASH_BANDS))
    return PhotoHash(fine=f"{fine:064x}", bands=bands)  # type: ignore[arg-type]


def photo_hash_distance(first: str, second: str) -> int:
    """How many of the 256 bits differ (0 for the same photo re-encoded or resized)."""
    return (int(first, 16) ^ int(second, 16)).bit_count()


@dataclass(frozen=True)
class RenderedImage:
    """WebP encodings for the listing page and for result lists, free of any metadata."""

    display: bytes
    display_width: int
    display_height: int
    thumbnail: bytes
    thumbnail_width: int
    thumbnail_height: int
    hash: PhotoHash


def image_render(data: bytes) -> RenderedImage:
    """Upright, metadata-free WebP renderings that fit DISPLAY_SIZE and THUMBNAIL_SIZE squares."""
    with image_open(data) as image:
        icc_profile = image.info.get("icc_profile")
        try:
            display = image_prepare(image, box=DISPLAY_SIZE, icc_profile=icc_profile)
            thumbnail = image_downscale(display, box=THUMBNAIL_SIZE)
            display_bytes = webp_encode(display, quality=DISPLAY_QUALITY)
            thumbnail_bytes = webp_encode(thumbnail, quality=THUMBNAIL_QUALITY)
            hashes = photo_hash(display)
        except Exception as error:
            raise ImageRejected(ImageRejectedCode.CORRUPT) from error
    return RenderedImage(
        display=display_bytes,
        display_width=display.width,
        display_height=display.height,
        thumbnail=thumbnail_bytes,
        thumbnail_width=thumbnail.width,
        thumbnail_height=thumbnail.height,
        hash=hashes,
    )


def image_shrink(data: bytes) -> bytes:
    """A photo of up to PAGE_MAX_UPLOAD_BYTES made to pass MAX_UPLOAD_BYTES: an upright JPEG (WebP
    when it has transparency) fitting SHRINK_SIZE, without metadata. Smaller files are returned
    unchanged, for image_validate to judge like any upload.

    Memory stays bounded: a JPEG is decoded by libjpeg at 1/2, 1/4 or 1/8 scale (Image.draft),
    anything else is halved with Image.reduce before the final resampling.
    """
    if len(data) <= MAX_UPLOAD_BYTES:
        return data
    if len(data) > PAGE_MAX_UPLOAD_BYTES:
        raise ImageRejected(ImageRejectedCode.TOO_LARGE_FOR_PAGE)
    with image_open(data) as image:
        icc_profile = image.info.get("icc_profile")
        try:
            if image_format_name(image) == "JPEG":
                image.draft("RGB", image_fit(image.size, box=SHRINK_SIZE))
            upright = ImageOps.exif_transpose(image)
            converted = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
            target = image_fit(converted.size, box=SHRINK_SIZE)
            factor = min(converted.size) // max(1, min(target))
            if factor > 1:
                converted = converted.reduce(factor)
            shrunk = image_downscale(converted, box=SHRINK_SIZE)
        except Exception as error:
            raise ImageRejected(ImageRejectedCode.CORRUPT) from error
    for quality in SHRINK_QUALITIES:
        buffer = io.BytesIO()
        if shrunk.mode == "RGBA":
            shrunk.save(buffer, format="WEBP", quality=quality, icc_profile=icc_profile or b"")
        else:
            shrunk.save(buffer, format="JPEG", quality=quality, icc_profile=icc_profile)
        if buffer.tell() <= MAX_UPLOAD_BYTES:
            return buffer.getvalue()
    raise ImageRejected(ImageRejectedCode.TOO_LARGE)


def image_from_base64(value: str) -> bytes:
    """The bytes of plain base64 or of a `data:image/...;base64,` URL, at most MAX_UPLOAD_BYTES."""
    if len(value) > _MAX_BASE64_INPUT_CHARS:
        raise ImageRejected(ImageRejectedCode.TOO_LARGE)
    payload = value.strip()
    if payload[:5].lower() == "data:":
        header = _DATA_URL_HEADER.match(payload)
        if header is None:
            raise ImageRejected(ImageRejectedCode.NOT_AN_IMAGE)
        payload = payload[header.end() :]
    payload = "".join(payload.split())
    if not payload:
        raise ImageRejected(ImageRejectedCode.EMPTY)
    if len(payload) > _MAX_BASE64_CHARS:
        raise ImageRejected(ImageRejectedCode.TOO_LARGE)
    if not payload.isascii():
        raise ImageRejected(ImageRejectedCode.NOT_AN_IMAGE)
    try:
        data = base64.b64decode(payload, validate=True)
    except binascii.Error as error:
        raise ImageRejected(ImageRejectedCode.NOT_AN_IMAGE) from error
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(ImageRejectedCode.TOO_LARGE)
    return data
