"""The search finds what Turkish buyers type: diacritics, I/İ, suffixes, typos, OEM numbers.

The same tests run on SQLite (folded columns) and PostgreSQL (tsvector + pg_trgm).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from interests.models import Interest, InterestType
from marketplace.errors import DomainError
from marketplace.tests.factories import UserFactory
from parts import search_conditions
from parts.filters import part_search_filters_parse
from parts.models import Part, PartStatus, SearchWord
from parts.selectors import part_search, part_search_page
from parts.services import part_update
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db


def found(viewer=None, **params) -> list[str]:
    filters = part_search_filters_parse(params)
    return [part.title for part in part_search(filters=filters, viewer=viewer)]


@pytest.fixture
def catalogue() -> dict[str, Part]:
    return {
        "alternator": make_part(),
        "disk": make_part(
            title="Mercedes W203 Fren Diski",
            part_reference="A 203 423 06 12",
            brand="Mercedes",
            model="W203",
            year=2005,
            location_city="Ankara",
            price="450",
            description="Orijinal Mercedes fren diski, hiç kullanılmamış",
        ),
        "gearbox": make_part(
            title="Renault Clio 4 Şanzıman",
            part_reference="320102998R",
            brand="renault",
            model="Clio 4",
            year=2016,
            location_city="izmir",
            price="7500",
            condition="Arızalı",
            description="Vites geçirmiyor, tamir edilebilir",
        ),
        "pump": make_part(
            title="Fiat Doblo Yağ Pompası",
            part_reference="55193164",
            brand="Fiat",
            model="Doblo",
            year=2012,
            location_city="IĞDIR",
            price="1250,50",
            description="Çıkma, sorunsuz",
        ),
        "light": make_part(
            title="TOGG T10X SAĞ FAR IŞIK",
            part_reference="TG-100-200",
            brand="togg",
            model="T10X",
            year=2024,
            location_city="Bursa",
            price="15000",
            description="",
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("alternator", "BMW E46 Alternatör - Orijinal Bosch"),
        ("ALTERNATÖR", "BMW E46 Alternatör - Orijinal Bosch"),
        ("alternatörler", "BMW E46 Alternatör - Orijinal Bosch"),
        ("alternatörü", "BMW E46 Alternatör - Orijinal Bosch"),
        ("altrnatör", "BMW E46 Alternatör - Orijinal Bosch"),
        ("BMW alternatör", "BMW E46 Alternatör - Orijinal Bosch"),
        ("sanziman", "Renault Clio 4 Şanzıman"),
        ("ŞANZIMAN", "Renault Clio 4 Şanzıman"),
        ("şanzımanı", "Renault Clio 4 Şanzıman"),
        ("yag pompasi", "Fiat Doblo Yağ Pompası"),
        ("YAĞ POMPASI", "Fiat Doblo Yağ Pompası"),
        ("fren diski", "Mercedes W203 Fren Diski"),
        ("diski", "Mercedes W203 Fren Diski"),
        ("disk", "Mercedes W203 Fren Diski"),
        ("isik", "TOGG T10X SAĞ FAR IŞIK"),
        ("Işık", "TOGG T10X SAĞ FAR IŞIK"),
        ("IŞIK", "TOGG T10X SAĞ FAR IŞIK"),
        ("farlari", "TOGG T10X SAĞ FAR IŞIK"),
        ("mercedes w203", "Mercedes W203 Fren Diski"),
        ("vites", "Renault Clio 4 Şanzıman"),
    ],
)
def test_free_text_finds_what_people_type(catalogue, query: str, expected: str) -> None:
    assert found(search=query) == [expected]


@pytest.mark.parametrize(
    "reference",
    ["A 203 423 06 12", "A2034230612", "a-203-423-06-12", "A.203.423.06.12", "A203/423/0612"],
)
def test_part_number_in_any_format(catalogue, reference: str) -> None:
    assert found(search=reference) == ["Mercedes W203 Fren Diski"]
    assert found(part_reference=reference) == ["Mercedes W203 Fren Diski"]


def test_part_number_prefix_of_six_or_more(catalogue) -> None:
    assert found(search="12-31-75") == ["BMW E46 Alternatör - Orijinal Bosch"]
    assert found(part_reference="123175") == ["BMW E46 Alternatör - Orijinal Bosch"]
    assert found(part_reference="12317") == []  # five characters: exact only


def test_words_must_all_match(catalogue) -> None:
    assert found(search="fren alternatör") == []


def test_typos_only_for_longer_words(catalogue) -> None:
    assert found(search="frem") == []  # four letters: no typo tolerance
    assert found(search="pompsi") == ["Fiat Doblo Yağ Pompası"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"location_city": "istanbul"}, ["BMW E46 Alternatör - Orijinal Bosch"]),
        ({"location_city": "İSTANBUL"}, ["BMW E46 Alternatör - Orijinal Bosch"]),
        ({"location_city": "igdir"}, ["Fiat Doblo Yağ Pompası"]),
        ({"brand": "mercedes-benz"}, ["Mercedes W203 Fren Diski"]),
        ({"brand": "MERCEDES"}, ["Mercedes W203 Fren Diski"]),
        ({"brand": "Togg"}, ["TOGG T10X SAĞ FAR IŞIK"]),
        ({"model": "clio"}, ["Renault Clio 4 Şanzıman"]),
        ({"model": "W203"}, ["Mercedes W203 Fren Diski"]),
        ({"condition": "arizali"}, ["Renault Clio 4 Şanzıman"]),
        ({"condition": "Arızalı"}, ["Renault Clio 4 Şanzıman"]),
        ({"year_min": "2020"}, ["TOGG T10X SAĞ FAR IŞIK"]),
        ({"year_max": "2003"}, ["BMW E46 Alternatör - Orijinal Bosch"]),
        ({"min_price": "7500", "max_price": "10000"}, ["Renault Clio 4 Şanzıman"]),
        ({"max_price": "450"}, ["Mercedes W203 Fren Diski"]),
    ],
)
def test_filters_fold_case_and_diacritics(catalogue, params: dict, expected: list[str]) -> None:
    assert found(**params) == expected


@pytest.mark.parametrize(
    ("params", "code", "field"),
    [
        ({"location_city": "Gotham"}, "INVALID_TURKISH_CITY", "location_city"),
        ({"min_price": "ucuz"}, "VALIDATION_ERROR", "min_price"),
        ({"year_min": "iki bin"}, "VALIDATION_ERROR", "year_min"),
        ({"year_min": "1800"}, "VALIDATION_ERROR", "year_min"),
        ({"condition": "yeni gibi"}, "VALIDATION_ERROR", "condition"),
        ({"brand": "Batmobil"}, "VALIDATION_ERROR", "brand"),
        ({"min_price": "500", "max_price": "100"}, "VALIDATION_ERROR", "max_price"),
        ({"limit": "0"}, "VALIDATION_ERROR", "limit"),
        ({"limit": "1000"}, "VALIDATION_ERROR", "limit"),
        ({"offset": "-1"}, "VALIDATION_ERROR", "offset"),
        ({"sort": "rastgele"}, "VALIDATION_ERROR", "sort"),
        ({"part_reference": "-."}, "INVALID_PART_REFERENCE", "part_reference"),
    ],
)
def test_invalid_filters_are_reported_per_field(params: dict, code: str, field: str) -> None:
    with pytest.raises(DomainError) as error:
        part_search_filters_parse(params)
    assert error.value.code == code
    assert field in (error.value.details or {})


def test_relevance_reference_then_title_then_other_fields_then_recency() -> None:
    in_description = make_part(
        title="Volvo S60 Marş Motoru", description="alternatör kayışı hediye", brand="Volvo"
    )
    in_title_old = make_part(title="Ford Focus Alternatör", brand="Ford")
    Part.objects.filter(pk=in_title_old.pk).update(created_at=timezone.now() - timedelta(days=3))
    in_title_new = make_part(title="Opel Astra Alternatör", brand="Opel")
    titles = found(search="alternatör")
    assert titles == [
        in_title_new.title,
        in_title_old.title,
        in_description.title,
    ]


def test_sort_by_price_and_newest(catalogue) -> None:
    prices = [
        Decimal(p.price)
        for p in part_search(filters=part_search_filters_parse({"sort": "price_asc"}))
    ]
    assert prices == sorted(prices)
    newest = part_search(filters=part_search_filters_parse({"sort": "newest"}))
    assert [p.created_at for p in newest] == sorted((p.created_at for p in newest), reverse=True)


def test_only_active_listings_with_ready_photos_are_found(catalogue) -> None:
    Part.objects.filter(pk=catalogue["disk"].pk).update(status=PartStatus.PAUSED)
    Part.objects.filter(pk=catalogue["pump"].pk).update(images_pending=1)
    titles = found()
    assert "Mercedes W203 Fren Diski" not in titles
    assert "Fiat Doblo Yağ Pompası" not in titles
    assert len(titles) == 3


def test_not_interested_hides_part_from_that_buyer_only(catalogue) -> None:
    buyer, other = UserFactory.create(), UserFactory.create()
    Interest.objects.create(
        user=buyer, part=catalogue["alternator"], type=InterestType.NOT_INTERESTED
    )
    Interest.objects.create(user=other, part=catalogue["disk"], type=InterestType.INTERESTED)
    assert "BMW E46 Alternatör - Orijinal Bosch" not in found(viewer=buyer)
    assert "Mercedes W203 Fren Diski" in found(viewer=other)
    assert "BMW E46 Alternatör - Orijinal Bosch" in found(viewer=other)


def test_search_page_counts_and_times(catalogue) -> None:
    page = part_search_page(filters=part_search_filters_parse({"limit": "2"}))
    assert len(page.parts) == 2
    assert page.total == 5
    assert page.total_is_exact
    assert page.execution_time_ms >= 0


def test_search_page_follows_the_relevance_order_across_pages() -> None:
    """Pages read the title tier, then the others, newest first in each: the same order as the
    whole result, wherever a page boundary falls."""
    now = timezone.now()
    for index in range(5):
        in_title = make_part(title=f"Ford Focus Alternatör {index}", brand="Ford")
        in_description = make_part(
            title=f"Volvo S60 Marş Motoru {index}",
            brand="Volvo",
            description="alternatör kayışı hediye",
        )
        Part.objects.filter(pk=in_title.pk).update(created_at=now - timedelta(hours=2 * index))
        Part.objects.filter(pk=in_description.pk).update(created_at=now - timedelta(hours=index))
    whole = found(search="alternatör")
    assert [title.startswith("Ford") for title in whole] == [True] * 5 + [False] * 5

    for limit in (1, 3, 4, 20):
        paged: list[str] = []
        for offset in range(0, 10, limit):
            filters = part_search_filters_parse(
                {"search": "alternatör", "limit": str(limit), "offset": str(offset)}
            )
            page = part_search_page(filters=filters)
            assert page.total == 10
            paged += [part.title for part in page.parts]
        assert paged == whole


def test_a_typo_is_forgiven_in_any_field(catalogue) -> None:
    assert found(search="kulanılmamış") == ["Mercedes W203 Fren Diski"]  # in the description
    page = part_search_page(filters=part_search_filters_parse({"search": "altrnatör"}))
    assert [part.title for part in page.parts] == ["BMW E46 Alternatör - Orijinal Bosch"]


def test_new_and_edited_listings_add_their_words_to_the_vocabulary() -> None:
    part = make_part(title="Lada Samara Karbüratör")
    assert SearchWord.objects.filter(word__in=["lada", "samara", "karburator"]).count() == 3
    part_update(part=part, actor=part.seller, data={"description": "Weber çift boğaz"})
    assert SearchWord.objects.filter(word__in=["weber", "cift", "bogaz"]).count() == 3
    assert found(search="weber boğaz") == ["Lada Samara Karbüratör"]


def test_a_stem_with_too_many_words_is_still_a_prefix(catalogue, monkeypatch) -> None:
    monkeypatch.setattr(search_conditions, "STEM_EXPANSION_LIMIT", 1)  # "disk" has disk and diski
    make_part(title="Opel Astra Ön Disk", brand="Opel")
    assert sorted(found(search="disk")) == ["Mercedes W203 Fren Diski", "Opel Astra Ön Disk"]
