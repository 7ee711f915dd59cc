"""Test photos made in memory with Pillow: each format, EXIF with GPS, bombs and broken files."""

from __future__ import annotations

import functools
import io
import random
import struct
import zlib

import pillow_heif
from PIL import ExifTags, Image

RED = (220, 20, 20)
BLUE = (20, 20, 220)

# Istanbul, Sultanahmet: 41°0'29.5"N 28°58'42.2"E.
GPS_LATITUDE = (41.0, 0.0, 29.52)
GPS_LONGITUDE = (28.0, 58.0, 42.24)

HEIF_CAN_ENCODE = bool(pillow_heif.libheif_info().get("HEIF"))


def two_colour_image(width: int, height: int, *, mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue, so a test can tell which way up a rendering is."""
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, max(1, width // 2), height))
    return image.convert(mode)


def encode(image: Image.Image, format_name: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format_name, **options)
    return buffer.getvalue()


def exif_with(*, gps: bool = False, orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Test Camera"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)  # tag 0x8825
        gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps_ifd[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
        gps_ifd[ExifTags.GPS.GPSLongitudeRef] = "E"
        gps_ifd[ExifTags.GPS.GPSLongitude] = GPS_LONGITUDE
    return exif


def jpeg_bytes(
    width: int = 64,
    height: int = 48,
    *,
    gps: bool = False,
    orientation: int | None = None,
    quality: int = 90,
    icc_profile: bytes | None = None,
) -> bytes:
    options: dict[str, object] = {"quality": quality}
    if gps or orientation is not None:
        options["exif"] = exif_with(gps=gps, orientation=orientation)
    if icc_profile is not None:
        options["icc_profile"] = icc_profile
    return encode(two_colour_image(width, height), "JPEG", **options)


def png_bytes(width: int = 64, height: int = 48, *, transparent: bool = False) -> bytes:
    """An RGBA PNG whose right half is fully transparent when `transparent`, else RGB."""
    if not transparent:
        return encode(two_colour_image(width, height), "PNG")
    image = two_colour_image(width, height, mode="RGBA")
    alpha = Image.new("L", (width, height), 0)
    alpha.paste(255, (0, 0, max(1, width // 2), height))
    image.putalpha(alpha)
    return encode(image, "PNG")


def webp_bytes(width: int = 64, height: int = 48) -> bytes:
    return encode(two_colour_image(width, height), "WEBP", quality=90)


def heic_bytes(width: int = 64, height: int = 48) -> bytes:
    buffer = io.BytesIO()
    pillow_heif.from_pillow(two_colour_image(width, height)).save(buffer, quality=90)
    return buffer.getvalue()


def gif_bytes(width: int = 64, height: int = 48) -> bytes:
    return encode(two_colour_image(width, height), "GIF")


def bmp_bytes(width: int = 64, height: int = 48) -> bytes:
    return encode(two_colour_image(width, height), "BMP")


def mpo_bytes(width: int = 64, height: int = 48) -> bytes:
    """A multi-picture JPEG as phones write them (Pillow reports the format as MPO)."""
    image = two_colour_image(width, height)
    return encode(image, "MPO", save_all=True, append_images=[image.copy()])


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@functools.cache
def bomb_png_bytes(width: int = 20_000, height: int = 20_000) -> bytes:
    """A complete, valid 1-bit black PNG: kilobytes on disk, `width`×`height` pixels decoded.

    Written chunk by chunk, so making it never allocates the pixels either.
    """
    row = b"\x00" + bytes(-(-width // 8))  # filter byte "none", then the packed bits
    compressor = zlib.compressobj(9)
    compressed = [compressor.compress(row) for _ in range(height)]
    compressed.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", b"".join(compressed))
        + _png_chunk(b"IEND", b"")
    )


def noisy_image(width: int, height: int, *, seed: int = 0) -> Image.Image:
    return Image.frombytes(
        "RGB", (width, height), random.Random(seed).randbytes(width * height * 3)
    )


def truncated_jpeg_bytes() -> bytes:
    """A JPEG cut off in the middle of its scan data; the header alone still looks fine."""
    data = encode(noisy_image(320, 240), "JPEG", quality=90)
    return data[: len(data) * 6 // 10]


def noisy_jpeg_bytes(target_bytes: int) -> bytes:
    """A JPEG of random noise (which does not compress) of at least `target_bytes`."""
    side = 256
    while True:
        data = encode(noisy_image(side, side), "JPEG", quality=95)
        if len(data) >= target_bytes:
            return data
        side = int(side * max(1.1, (target_bytes / len(data)) ** 0.5 * 1.05))


def detailed_image(width: int, height: int) -> Image.Image:
    """Noise at several scales: the detail of a real photo, the expensive case for decoders and
    for the WebP encoder alike. Different on every call."""

    def noise(scale: int) -> Image.Image:
        small = Image.effect_noise((width // scale, height // scale), 60)
        return small.resize((width, height), Image.Resampling.BICUBIC)

    coarse, medium, detail = noise(64), noise(16), noise(4)
    fine = Image.effect_noise((width, height), 20)
    red = Image.blend(Image.blend(coarse, medium, 0.4), fine, 0.15)
    green = Image.blend(Image.blend(medium, detail, 0.4), fine, 0.15)
    blue = Image.blend(coarse, detail, 0.5)
    return Image.merge("RGB", (red, green, blue))


@functools.cache
def photo_jpeg_bytes(width: int = 4000, height: int = 3000) -> bytes:
    """A detailed 12 MP camera JPEG just under 2 MB, with GPS and orientation 6 in its EXIF."""
    return encode(
        detailed_image(width, height), "JPEG", quality=72, exif=exif_with(gps=True, orientation=6)
    )


def webp_chunks(data: bytes) -> list[bytes]:
    """The chunk names of a WebP file (VP8, VP8L, VP8X, ALPH, and EXIF/XMP/ICCP if present)."""
    assert data[:4] == b"RIFF", data[:16]
    assert data[8:12] == b"WEBP", data[:16]
    names = []
    offset = 12
    while offset + 8 <= len(data):
        name = data[offset : offset + 4]
        (size,) = struct.unpack("<I", data[offset + 4 : offset + 8])
        names.append(name)
        offset += 8 + size + (size & 1)
    return names


@functools.cache
def phone_photo_jpeg_bytes(width: int = 4032, height: int = 3024, *, variant: int = 0) -> bytes:
    """A 12 MP phone photo of about 3.6 MB as phones write them: detailed, quality 90, GPS and
    orientation 6 (held sideways) in its EXIF. `variant` makes another photo of the same kind."""
    del variant  # only a cache key: the noise differs on every call
    return encode(
        detailed_image(width, height), "JPEG", quality=90, exif=exif_with(gps=True, orientation=6)
    )
