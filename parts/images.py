"""Checks uploaded part photos and renders their WebP display and thumbnail sizes (no database)."""

from __future__ import annotations

import base64
import binascii
import io
import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageFile, ImageOps

try:
    import pillow_heif
except ImportError:  # pragma: no cover - pillow-heif is in requirements; without it HEIC is refused
    HEIF_SUPPORTED = False
else:
    pillow_heif.register_heif_opener()
    HEIF_SUPPORTED = True

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# The listing page takes phone photos as they are (a browser without JavaScript cannot shrink
# them) and shrinks those over MAX_UPLOAD_BYTES itself to SHRINK_SIZE before the usual checks.
PAGE_MAX_UPLOAD_BYTES = 15 * 1024 * 1024
SHRINK_SIZE = 2000
SHRINK_QUALITIES = (85, 75, 60)
MAX_PIXELS = 40_000_000
DISPLAY_SIZE = 1600
THUMBNAIL_SIZE = 400
DISPLAY_QUALITY = 80
THUMBNAIL_QUALITY = 75
WEBP_METHOD = 4
ALLOWED_FORMATS: frozenset[str] = frozenset(
    {"JPEG", "PNG", "WEBP"} | ({"HEIF"} if HEIF_SUPPORTED else set())
)

# Phones write multi-picture JPEGs (depth map, HDR gain map) that Pillow names MPO; the first
# picture is an ordinary JPEG, so they are JPEG photos to us.
_FORMAT_ALIASES = {"MPO": "JPEG"}

# Pillow's own guard then matches ours everywhere in the process: it warns above MAX_PIXELS and
# refuses to open anything above twice that, before a single pixel is decoded.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# A truncated upload must be refused, not padded with grey; nothing in the project may turn this on.
ImageFile.LOAD_TRUNCATED_IMAGES = False

# Base64 grows data by 4/3; allow CRLF line breaks every 76 characters and a data-URL header on
# top, so the length check needs no decoding.
_MAX_BASE64_CHARS = 4 * -(-MAX_UPLOAD_BYTES // 3)
_MAX_BASE64_INPUT_CHARS = _MAX_BASE64_CHARS + 2 * (_MAX_BASE64_CHARS // 76) + 256
_DATA_URL_HEADER = re.compile(r"data:image/[a-z0-9.+-]+(?:;[a-z0-9.+-]+=[^;,]*)*;base64,", re.I)

_SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class ImageRejectedCode(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    TOO_LARGE_FOR_PAGE = "too_large_for_page"
    NOT_AN_IMAGE = "not_an_image"
    UNSUPPORTED_FORMAT = "unsupported_format"
    TOO_MANY_PIXELS = "too_many_pixels"
    CORRUPT = "corrupt"


IMAGE_REJECTED_MESSAGES: dict[ImageRejectedCode, Promise] = {
    ImageRejectedCode.EMPTY: _("The file is empty."),
    ImageRejectedCode.TOO_LARGE: _("The file is larger than 2 MB."),
    ImageRejectedCode.TOO_LARGE_FOR_PAGE: _("The file is larger than 15 MB."),
    ImageRejectedCode.NOT_AN_IMAGE: _("The file is not an image."),
    ImageRejectedCode.UNSUPPORTED_FORMAT: _("Only JPEG, PNG, WebP and HEIC photos are accepted."),
    ImageRejectedCode.TOO_MANY_PIXELS: _(
        "The image dimensions are too large (at most 40 megapixels)."
    ),
    ImageRejectedCode.CORRUPT: _("The image is damaged or incomplete."),
}


class ImageRejected(Exception):
    """An uploaded photo was refused; `code` is for machines, `message` for the seller."""

    def __init__(self, code: ImageRejectedCode) -> None:
        self.code = code
        self.message = IMAGE_REJECTED_MESSAGES[code]
        super().__init__(str(code))


@dataclass(frozen=True)
class ValidatedImage:
    """The uploaded bytes, unchanged, with what Pillow found in them (size as stored, unrotated)."""

    data: bytes
    format: str
    width: int
    height: int


@dataclass(frozen=True)
class RenderedImage:
    """WebP encodings for the listing page and for result lists, free of any metadata."""

    display: bytes
    display_width: int
    display_height: int
    thumbnail: bytes
    thumbnail_width: int
    thumbnail_height: int


def image_validate(data: bytes) -> ValidatedImage:
    """Accept only a complete JPEG, PNG, WebP or HEIC photo within the size and pixel limits."""
    if not data:
        raise ImageRejected(ImageRejectedCode.EMPTY)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(ImageRejectedCode.TOO_LARGE)
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay False")
    with _image_open(data) as image:
        format_name = _format_name(image)
        width, height = image.size
        # Decoding every pixel is the only way to find a truncated or damaged file; any failure
        # of the decoder on untrusted input means the same thing to the seller.
        try:
            image.load()
        except Exception as error:
            raise ImageRejected(ImageRejectedCode.CORRUPT) from error
    return ValidatedImage(data=data, format=format_name, width=width, height=height)


def image_render(data: bytes) -> RenderedImage:
    """Upright, metadata-free WebP renderings that fit DISPLAY_SIZE and THUMBNAIL_SIZE squares."""
    with _image_open(data) as image:
        icc_profile = image.info.get("icc_profile")
        try:
            display = _image_prepare(image, box=DISPLAY_SIZE, icc_profile=icc_profile)
            thumbnail = _image_downscale(display, box=THUMBNAIL_SIZE)
            display_bytes = _webp_encode(display, quality=DISPLAY_QUALITY)
            thumbnail_bytes = _webp_encode(thumbnail, quality=THUMBNAIL_QUALITY)
        except Exception as error:
            raise ImageRejected(ImageRejectedCode.CORRUPT) from error
    return RenderedImage(
        display=display_bytes,
        display_width=display.width,
        display_height=display.height,
        thumbnail=thumbnail_bytes,
        thumbnail_width=thumbnail.width,
        thumbnail_height=thumbnail.height,
    )


def image_render_square(data: bytes, *, size: int, quality: int = THUMBNAIL_QUALITY) -> bytes:
    """An upright, metadata-free WebP square of `size` pixels cut from the middle (avatars)."""
    with _image_open(data) as image:
        icc_profile = image.info.get("icc_profile")
        try:
            # Scale the short side to `size` first, so the crop keeps as much as it can.
            box = max(image.size) * size // max(1, min(image.size))
            prepared = _image_prepare(image, box=max(box, size), icc_profile=icc_profile)
            square = ImageOps.fit(prepared, (size, size), Image.Resampling.LANCZOS)
            return _webp_encode(square, quality=quality)
        except Exception as error:
            raise ImageRejected(ImageRejectedCode.CORRUPT) from error


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
    with _image_open(data) as image:
        icc_profile = image.info.get("icc_profile")
        try:
            if _format_name(image) == "JPEG":
                image.draft("RGB", _fit(image.size, box=SHRINK_SIZE))
            upright = ImageOps.exif_transpose(image)
            converted = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
            target = _fit(converted.size, box=SHRINK_SIZE)
            factor = min(converted.size) // max(1, min(target))
            if factor > 1:
                converted = converted.reduce(factor)
            shrunk = _image_downscale(converted, box=SHRINK_SIZE)
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


def _image_open(data: bytes) -> ImageFile.ImageFile:
    """Open from the bytes alone (names and content types lie), reading the header only."""
    try:
        image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRejected(ImageRejectedCode.TOO_MANY_PIXELS) from error
    except Exception as error:  # every parser failure on untrusted bytes means "not an image"
        raise ImageRejected(ImageRejectedCode.NOT_AN_IMAGE) from error
    if _format_name(image) not in ALLOWED_FORMATS:
        image.close()
        raise ImageRejected(ImageRejectedCode.UNSUPPORTED_FORMAT)
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise ImageRejected(ImageRejectedCode.TOO_MANY_PIXELS)
    return image


def _format_name(image: Image.Image) -> str:
    format_name = image.format or ""
    return _FORMAT_ALIASES.get(format_name, format_name)


def _fit(size: tuple[int, int], *, box: int) -> tuple[int, int]:
    """The size that fits a box×box square with the same aspect ratio; never larger than `size`."""
    width, height = size
    scale = min(box / width, box / height, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _image_prepare(
    image: ImageFile.ImageFile, *, box: int, icc_profile: bytes | None
) -> Image.Image:
    if _format_name(image) == "JPEG":
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale, never below the target: a 12 MP photo
        # then costs a quarter of the decoding time and memory. The box is square, so the
        # EXIF rotation applied afterwards does not change the target.
        image.draft(None, _fit(image.size, box=box))
    upright = ImageOps.exif_transpose(image)
    converted = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
    display = _image_downscale(converted, box=box)
    if display.mode == "RGBA" and display.getchannel("A").getextrema() == (255, 255):
        display = display.convert("RGB")  # an alpha channel with nothing transparent in it
    return _image_to_srgb(display, icc_profile=icc_profile)


def _image_downscale(image: Image.Image, *, box: int) -> Image.Image:
    size = _fit(image.size, box=box)
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS)


def _image_to_srgb(image: Image.Image, *, icc_profile: bytes | None) -> Image.Image:
    """Bake an embedded colour profile (Display P3 on phones) into sRGB pixels, then drop it.

    Outputs carry no profile at all; browsers take untagged images as sRGB. A profile that
    cannot be read or does not describe RGB (a CMYK or grey one) is dropped unconverted.
    """
    if not icc_profile:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        converted = ImageCms.profileToProfile(
            image, source, _SRGB_PROFILE, outputMode=image.mode, inPlace=False
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
    return converted if converted is not None else image


def _webp_encode(image: Image.Image, *, quality: int) -> bytes:
    # WebP's encoder only writes EXIF, XMP or ICC when given them explicitly; clearing `info`
    # as well keeps a future Pillow default from carrying the camera's GPS position along.
    image.info = {}
    buffer = io.BytesIO()
    image.save(buffer, format="WEBP", quality=quality, method=WEBP_METHOD)
    return buffer.getvalue()
