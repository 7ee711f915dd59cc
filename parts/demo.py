"""Demo listings with generated photos, and synthetic listings in bulk for the search benchmarks
(the listings and the vocabulary they are drawn from are in parts/demo_data.py)."""

from __future__ import annotations

import datetime
import io
import itertools
import random
import uuid
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from marketplace.demo import demo_synthetic_seller_ids, demo_synthetic_sellers_load
from marketplace.models import User
from marketplace.text import turkish_lower
from parts.demo_data import (
    CITIES,
    CITY_WEIGHTS,
    DEMO_LISTINGS,
    EXTRAS,
    FAULTY,
    OPENINGS_FAULTY,
    OPENINGS_USABLE,
    PART_NAMES,
    QUALIFIERS,
    REFERENCE_VARIANTS,
    USABLE,
    VEHICLE_MODELS,
    PartName,
    VehicleModel,
    synthetic_reference,
)
from parts.models import Part, PartStatus
from parts.services import (
    part_create,
    part_image_upload,
    part_search_fields_fill,
    search_words_rebuild,
)
from parts.services.expiry import part_expiry_date
from parts.validation import clean_part_reference

# --- Demo photos and the hand-written demo listings ---------------------------------------------
PHOTO_SIZE = (800, 600)
_PALETTE: tuple[tuple[int, int, int], ...] = (
    (38, 70, 83),
    (42, 157, 143),
    (233, 196, 106),
    (244, 162, 97),
    (231, 111, 81),
    (69, 123, 157),
    (29, 53, 87),
    (106, 76, 147),
    (130, 130, 130),
    (188, 71, 73),
)
_FONT_FILES = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf")


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in _FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _text_lines(text: str, *, limit: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def demo_photo(*, title: str, number: int, count: int, seed: int) -> bytes:
    """An 800×600 JPEG: a coloured background, a simple shape and the part's name."""
    width, height = PHOTO_SIZE
    background = _PALETTE[(seed + number) % len(_PALETTE)]
    accent = _PALETTE[(seed + number + 3) % len(_PALETTE)]
    image = Image.new("RGB", PHOTO_SIZE, background)
    draw = ImageDraw.Draw(image)
    box = (width // 2 - 150, 90, width // 2 + 150, 330)
    match (seed + number) % 4:
        case 0:
            draw.ellipse(box, fill=accent, outline="white", width=6)
        case 1:
            draw.rectangle(box, fill=accent, outline="white", width=6)
        case 2:
            draw.polygon([(box[0], box[3]), (width // 2, box[1]), (box[2], box[3])], fill=accent)
        case _:
            draw.rounded_rectangle(box, radius=40, fill=accent, outline="white", width=6)
    top = 370
    for line in _text_lines(title, limit=26)[:3]:
        draw.text((width // 2, top), line, font=_font(44), fill="white", anchor="ma")
        top += 56
    draw.text(
        (width - 24, height - 24),
        f"BanaYeni SanaEski · Fotoğraf {number}/{count}",
        font=_font(20),
        fill="white",
        anchor="rd",
    )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def demo_parts_load(*, sellers: Sequence[User]) -> int:
    """The demo listings (1–3 photos each), spread over the demo sellers; existing ones are kept.

    A listing is one transaction: on the embedded default its photos are processed eagerly as it
    commits, so it is public when this returns; with a Celery worker it is once the worker is done.
    """
    if not sellers:
        return 0
    present = set(
        Part.objects.filter(
            seller__in=sellers, title__in=[item.title for item in DEMO_LISTINGS]
        ).values_list("title", flat=True)
    )
    created = 0
    for index, item in enumerate(DEMO_LISTINGS):
        if item.title in present:
            continue
        seller = sellers[index % len(sellers)]
        photo_count = 1 + index % 3
        with transaction.atomic():
            image_ids = [
                part_image_upload(
                    uploader=seller,
                    data=demo_photo(title=item.title, number=number, count=photo_count, seed=index),
                ).id
                for number in range(1, photo_count + 1)
            ]
            part_create(seller=seller, data=item._asdict(), image_ids=image_ids)
        created += 1
    return created


# --- Synthetic listings for benchmarks ----------------------------------------------------------
SYNTHETIC_BATCH = 20_000
SYNTHETIC_AGE = datetime.timedelta(days=730)


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


_PART_WEIGHTS = _cumulative([part.weight for part in PART_NAMES])
_MODEL_WEIGHTS = _cumulative([model.weight for model in VEHICLE_MODELS])
_CITY_CUMULATIVE = _cumulative([CITY_WEIGHTS.get(city, 0.6) for city in CITIES])
_QUALIFIER_WEIGHTS = _cumulative([weight for _, weight in QUALIFIERS])


def synthetic_parts(
    *, count: int, seller_ids: Sequence[Any], seed: int, now: datetime.datetime
) -> Iterator[Part]:
    """Unsaved, valid, active listings with their search columns filled by the service's helper.

    Oldest first, spread over the last two years: a real table grows in that order, so its rows
    lie on disk roughly by `created_at`, and the query plans depend on it.
    """
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    oldest = now - SYNTHETIC_AGE
    # Live for a full period from the load, however old they look (like the migration's backfill).
    expires_at = part_expiry_date(published_at=now)
    step = SYNTHETIC_AGE / count
    produced = 0
    while produced < count:
        size = min(SYNTHETIC_BATCH, count - produced)
        # A batch's choices drawn together: much faster than one weighted draw per field.
        for offset, (model, part_name, city, (qualifier, _)) in enumerate(
            zip(
                rng.choices(VEHICLE_MODELS, cum_weights=_MODEL_WEIGHTS, k=size),
                rng.choices(PART_NAMES, cum_weights=_PART_WEIGHTS, k=size),
                rng.choices(CITIES, cum_weights=_CITY_CUMULATIVE, k=size),
                rng.choices(QUALIFIERS, cum_weights=_QUALIFIER_WEIGHTS, k=size),
                strict=True,
            ),
            start=produced,
        ):
            part = _synthetic_part(
                rng=rng,
                model=model,
                part_name=part_name,
                city=city,
                qualifier=qualifier,
                seller_id=seller_ids[rng.randrange(len(seller_ids))],
                created_at=oldest + step * (offset + rng.random()),
            )
            part.expires_at = expires_at
            yield part
        produced += size


def _synthetic_part(
    *,
    rng: random.Random,
    model: VehicleModel,
    part_name: PartName,
    city: str,
    qualifier: str,
    seller_id: Any,
    created_at: datetime.datetime,
) -> Part:
    faulty = rng.random() < 0.2
    vehicle = f"{model.brand} {model.name}"
    title = f"{vehicle} {part_name.name}" + (f" - {qualifier}" if qualifier else "")
    reference_typed, reference_key = _reference_clean(
        synthetic_reference(model, part_name, rng.randrange(REFERENCE_VARIANTS))
    )
    opening = rng.choice(OPENINGS_FAULTY if faulty else OPENINGS_USABLE)
    sentences = [opening.format(part=turkish_lower(part_name.name), vehicle=vehicle)]
    sentences.extend(rng.sample(EXTRAS, rng.randint(1, 3)))
    lowest, highest = part_name.price
    price = lowest * (highest / lowest) ** rng.random() * (0.4 if faulty else 1.0)
    part = Part(
        id=uuid.uuid4(),
        seller_id=seller_id,
        title=title,
        part_reference=reference_typed,
        part_reference_key=reference_key,
        condition=FAULTY if faulty else USABLE,
        price=Decimal(max(150, min(45_000, round(price, -1)))).quantize(Decimal("0.01")),
        location_city=city,
        brand=model.brand,
        model=model.name,
        year=rng.randint(max(1990, model.years[0]), min(2025, model.years[1])),
        description=" ".join(sentences),
        status=PartStatus.ACTIVE.value,
        view_count=min(50_000, int(rng.paretovariate(1.5)) - 1),
        created_at=created_at,
        updated_at=created_at,
    )
    part_search_fields_fill(part)
    return part


@cache
def _reference_clean(reference: str) -> tuple[str, str]:
    return clean_part_reference(reference)


# Every stored column of a listing, from the model: COPY stays in step with migrations.
_COPY_COLUMNS: tuple[str, ...] = tuple(field.attname for field in Part._meta.concrete_fields)
# One COPY per transaction of this many rows: progress survives an interrupted run of millions.
COPY_CHUNK = 100_000
BULK_CREATE_BATCH = 2_000


def _copy_rows(parts: Iterator[Part], *, limit: int) -> Iterator[tuple[Any, ...]]:
    for part in itertools.islice(parts, limit):
        yield tuple(getattr(part, column) for column in _COPY_COLUMNS)


def _postgres_copy(parts: Iterator[Part], *, count: int, progress: Callable[[int], None]) -> None:
    statement = f"COPY parts_part ({', '.join(_COPY_COLUMNS)}) FROM STDIN"
    written = 0
    while written < count:
        chunk = min(COPY_CHUNK, count - written)
        with transaction.atomic(), connection.cursor() as cursor:
            # Safe to lose on a crash: it is benchmark data, and each chunk is all or nothing.
            cursor.execute("SET LOCAL synchronous_commit = off")
            with cursor.cursor.copy(statement) as copy:  # the psycopg 3 cursor
                for row in _copy_rows(parts, limit=chunk):
                    copy.write_row(row)
        written += chunk
        progress(written)


def _bulk_create(parts: Iterator[Part], *, count: int, progress: Callable[[int], None]) -> None:
    written = 0
    while written < count:
        batch = list(itertools.islice(parts, min(BULK_CREATE_BATCH * 10, count - written)))
        with transaction.atomic():
            Part.objects.bulk_create(batch, batch_size=BULK_CREATE_BATCH)
        written += len(batch)
        progress(written)


def demo_parts_synthetic_count() -> int:
    """How many synthetic listings exist (those of the synthetic sellers)."""
    return Part.objects.filter(seller_id__in=demo_synthetic_seller_ids()).count()


def demo_parts_synthetic_load(
    *, count: int, progress: Callable[[int], None] | None = None, **_: Any
) -> int:
    """`count` more synthetic active listings, with COPY on PostgreSQL, then VACUUM ANALYZE."""
    if count <= 0:
        return 0
    seller_ids = [seller.pk for seller in demo_synthetic_sellers_load()]
    parts = synthetic_parts(
        count=count,
        seller_ids=seller_ids,
        seed=demo_parts_synthetic_count(),
        now=timezone.now(),
    )
    report = progress or (lambda written: None)
    if connection.vendor == "postgresql":
        _postgres_copy(parts, count=count, progress=report)
    else:
        _bulk_create(parts, count=count, progress=report)
    search_words_rebuild()
    with connection.cursor() as cursor:
        # Fresh statistics for the planner; on PostgreSQL also the visibility map that index-only
        # scans need (VACUUM cannot run inside a transaction, ANALYZE can).
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE parts_part" if vacuum else "ANALYZE parts_part")
    return count
