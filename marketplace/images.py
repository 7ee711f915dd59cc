"""Checks uploaded images by their content and re-encodes them to metadata-free WebP (no
database): the generic part shared by profile photos (core) and listing photos (`parts.images`)."""

from __future__ import annotations

import io
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
MAX_PIXELS = 40_000_000
SQUARE_QUALITY = 75
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


def image_validate(data: bytes) -> ValidatedImage:
    """Accept only a complete JPEG, PNG, WebP or HEIC photo within the size and pixel limits."""
    if not data:
        raise ImageRejected(ImageRejectedCode.EMPTY)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(ImageRejectedCode.TOO_LARGE)
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay False")
    with image_open(data) as image:
        format_name = image_format_name(image)
        width, height = image.size
        # Decoding every pixel is the only way to find a truncated or damaged file; any failure
        # of the decoder on untrusted input means the same thing to the seller.
        try:
            image.load()
        except Exception as error:
            raise ImageRejected(ImageRejectedCode.CORRUPT) from error
    return ValidatedImage(data=data, format=format_name, width=width, height=height)


def image_render_square(data: bytes, *, size: int, quality: int = SQUARE_QUALITY) -> bytes:
    """An upright, metadata-free WebP square of `size` pixels cut from the middle (avatars)."""
    with image_open(data) as image:
        icc_profile = image.info.get("icc_profile")
        try:
            # Scale the short side to `size` first, so the crop keeps as much as it can.
            box = max(image.size) * size // max(1, min(image.size))
            prepared = image_prepare(image, box=max(box, size), icc_profile=icc_profile)
            square = ImageOps.fit(prepared, (size, size), Image.Resampling.LANCZOS)
            return webp_encode(square, quality=quality)
        except Exception as error:
            raise ImageRejected(ImageRejectedCode.CORRUPT) from error


def image_open(data: bytes) -> ImageFile.ImageFile:
    """Open from the bytes alone (names and content types lie), reading the header only."""
    try:
        image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRejected(ImageRejectedCode.TOO_MANY_PIXELS) from error
    except Exception as error:  # every parser failure on untrusted bytes means "not an image"
        raise ImageRejected(ImageRejectedCode.NOT_AN_IMAGE) from error
    if image_format_name(image) not in ALLOWED_FORMATS:
        image.close()
        raise ImageRejected(ImageRejectedCode.UNSUPPORTED_FORMAT)
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise ImageRejected(ImageRejectedCode.TOO_MANY_PIXELS)
    return image


def image_format_name(image: Image.Image) -> str:
    format_name = image.format or ""
    return _FORMAT_ALIASES.get(format_name, format_name)


def image_fit(size: tuple[int, int], *, box: int) -> tuple[int, int]:
    """The size that fits a box×box square with the same aspect ratio; never larger than `size`."""
    width, height = size
    scale = min(box / width, box / height, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def image_prepare(
    image: ImageFile.ImageFile, *, box: int, icc_profile: bytes | None
) -> Image.Image:
    if image_format_name(image) == "JPEG":
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale, never below the target: a 12 MP photo
        # then costs a quarter of the decoding time and memory. The box is square, so the
        # EXIF rotation applied afterwards does not change the target.
        image.draft(None, image_fit(image.size, box=box))
    upright = ImageOps.exif_transpose(image)
    converted = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
    display = image_downscale(converted, box=box)
    if display.mode == "RGBA" and display.getchannel("A").getextrema() == (255, 255):
        display = display.convert("RGB")  # an alpha channel with nothing transparent in it
    return _image_to_srgb(display, icc_profile=icc_profile)


def image_downscale(image: Image.Image, *, box: int) -> Image.Image:
    size = image_fit(image.size, box=box)
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


def webp_encode(image: Image.Image, *, quality: int) -> bytes:
    # WebP's encoder only writes EXIF, XMP or ICC when given them explicitly; clearing `info`
    # as well keeps a future Pillow default from carrying the camera's GPS position along.
    image.info = {}
    buffer = io.BytesIO()
    image.save(buffer, format="WEBP", quality=quality, method=WEBP_METHOD)
    return buffer.getvalue()
