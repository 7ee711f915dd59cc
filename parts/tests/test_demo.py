"""`manage.py seed_demo`: public demo listings with processed photos, once; bulk listings."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from pytest_django.fixtures import Settings

from marketplace.demo import DEMO_SELLER_EMAILS, DEMO_USERS, demo_synthetic_seller_ids
from marketplace.models import User
from parts.demo import demo_parts_synthetic_count
from parts.demo_data import DEMO_LISTINGS, PART_NAMES, VEHICLE_MODELS, synthetic_reference
from parts.filters import part_search_filters_parse
from parts.models import Part, PartImage, PartImageStatus
from parts.selectors import part_public_queryset, part_search
from parts.services import part_search_fields_fill
from parts.validation import part_fields_clean

# Photos are processed as each listing commits (eager Celery on the embedded default).
pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Photos are processed in this process: the tests use a temporary MEDIA_ROOT.
    pytest.mark.usefixtures("celery_in_process"),
]

SEARCH_COLUMNS = ("title_search", "model_search", "search_short", "search_document")
LISTING_FIELDS = (
    "title",
    "part_reference",
    "condition",
    "price",
    "location_city",
    "brand",
    "model",
    "year",
    "description",
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def seed(**options: object) -> str:
    output = io.StringIO()
    call_command("seed_demo", stdout=output, **options)
    return output.getvalue()


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Part.objects.count(), PartImage.objects.count()


def titles(**params: str) -> list[str]:
    filters = part_search_filters_parse(params)
    return [part.title for part in part_search(filters=filters)]


def test_seed_demo_creates_public_listings_with_photos_once() -> None:
    seed()

    sellers = User.objects.filter(email__in=DEMO_SELLER_EMAILS)
    assert 3 <= sellers.count() <= 5
    assert all(seller.email.endswith("@banayeni.local") for seller in sellers)
    public = part_public_queryset().filter(seller__in=sellers)
    assert public.count() == len(DEMO_LISTINGS) >= 50
    for part in public.prefetch_related("images"):
        images = list(part.images.all())
        assert 1 <= len(images) <= 3, part.title
        assert all(image.status == PartImageStatus.READY for image in images), part.title
        assert all(image.display and image.thumbnail for image in images), part.title
    assert len({part.location_city for part in public}) >= 30
    assert len({part.brand for part in public}) >= 30
    assert {part.condition for part in public} == {"Kullanılabilir", "Arızalı"}
    assert "BMW E46 Alternatör - Orijinal Bosch" in titles(search="alternatör")
    assert titles(search="A 203 421 25 12") == ["Mercedes W203 Ön Fren Diski"]
    assert "Tofaş Şahin Karbüratör" in titles(search="karburator")
    # The demo accounts can log in at once (mandatory e-mail verification is satisfied).
    assert EmailAddress.objects.filter(email="alici@banayeni.local", verified=True).exists()
    before = counts()

    output = seed()

    assert counts() == before
    assert "parts.demo.demo_parts_load: 0 created" in output
    assert f"Demo users: 0 created, {len(DEMO_USERS)} present" in output


def test_seed_demo_parts_adds_searchable_synthetic_listings(api_client) -> None:
    output = seed(parts=500)

    assert "500 created" in output
    assert demo_parts_synthetic_count() == 500
    synthetic = part_public_queryset().filter(seller_id__in=demo_synthetic_seller_ids())
    assert synthetic.count() == 500
    response = api_client.get("/api/parts", {"search": "far"})
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["pagination"]["total"] > 20
    assert all(" far" in Part.objects.get(pk=part["id"]).search_document for part in data["parts"])
    assert data["search_info"]["execution_time_ms"] >= 0


def test_synthetic_listings_are_valid_and_their_search_columns_match_the_service() -> None:
    seed(parts=500)

    for part in Part.objects.filter(seller_id__in=demo_synthetic_seller_ids())[:200]:
        cleaned = part_fields_clean({field: getattr(part, field) for field in LISTING_FIELDS})
        assert {field: getattr(part, field) for field in cleaned} == cleaned
        stored = {column: getattr(part, column) for column in SEARCH_COLUMNS}
        part_search_fields_fill(part)
        assert stored == {column: getattr(part, column) for column in SEARCH_COLUMNS}


def test_seed_demo_parts_total_only_adds_what_is_missing() -> None:
    seed(parts=300)

    output = seed(parts_total=500)

    assert "300 present, 200 missing" in output
    assert demo_parts_synthetic_count() == 500
    seed(parts_total=400)
    assert demo_parts_synthetic_count() == 500


def test_benchmark_queries_exist_in_the_synthetic_vocabulary() -> None:
    """bench/scenarios.py searches these; a change here would make the benchmark measure misses."""
    w203 = next(model for model in VEHICLE_MODELS if model.name == "C 180 W203")
    rear_disc = next(part for part in PART_NAMES if part.name == "Arka Fren Diski")
    assert synthetic_reference(w203, rear_disc, 0) == "A 203 423 06 12"
    # One number, one part: as in a real catalogue, no other W203 part shares it.
    assert len({synthetic_reference(w203, part, 0) for part in PART_NAMES}) == len(PART_NAMES)
    total = sum(part.weight for part in PART_NAMES)
    far = sum(part.weight for part in PART_NAMES if "far" in part.name.lower())
    assert far / total > 0.15
    assert any(part.name == "Karbüratör" and part.weight / total < 0.001 for part in PART_NAMES)
    assert any(part.name == "Alternatör" for part in PART_NAMES)
