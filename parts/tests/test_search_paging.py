"""A page of the search is the same slice of the same order, whichever way it is read.

`part_search_page` reads few matches unordered and sorts them around the query, and many
matches in date windows or by a price expression (parts.selectors); `part_search` is the
whole result in one ORDER BY. With the thresholds made tiny, every path runs on a dozen
listings, on both databases, and each page must equal the same slice of `part_search`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from parts import search_conditions, selectors
from parts.filters import part_search_filters_parse
from parts.models import Part
from parts.selectors import part_search, part_search_page
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db

TITLES = [
    ("Sol Ön Far", "Renault", "1500"),
    ("Sağ Ön Far", "Renault", "1400"),
    ("Sol Arka Stop", "Fiat", "300"),
    ("Far Ampulü", "Fiat", "90"),
    ("Sol Far Çerçevesi", "Ford", "250"),
    ("Ön Tampon", "Ford", "2500"),
    ("Sis Farı Sol", "Renault", "600"),
    ("Kapı Kolu", "Fiat", "150"),
    ("Sol Ön Kapı", "Renault", "3500"),
    ("Far Beyni", "Ford", "1500"),  # the same price as the first: the date decides
    ("Stop Lambası", "Renault", "400"),
    ("Ayna Camı Sol", "Fiat", "200"),
]


@pytest.fixture
def shelf() -> list[Part]:
    now = timezone.now()
    parts = []
    for age, (title, brand, price) in enumerate(TITLES):
        part = make_part(
            title=title,
            brand=brand,
            price=price,
            # "far" in the description only: a match outside the title tier.
            description="Sol far ile aynı kutudan" if title == "Kapı Kolu" else "",
        )
        Part.objects.filter(pk=part.pk).update(created_at=now - timedelta(hours=age))
        parts.append(part)
    return parts


@pytest.fixture(params=["few", "many"])
def thresholds(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """ "few": every search is read unordered and sorted around it; "many": every search with
    more than two matches is read in date windows of 2 and 5 listings, or by price."""
    if request.param == "many":
        monkeypatch.setattr(selectors, "COUNT_CAP", 2)
        monkeypatch.setattr(selectors, "WINDOWS", (2, 5))
    return str(request.param)


SEARCHES: list[dict[str, Any]] = [
    {"search": "far"},
    {"search": "sol far"},
    {"search": "sol"},
    {"search": "far", "sort": "price_desc"},
    {"search": "far", "sort": "price_asc"},
    {"search": "sol", "sort": "newest"},
    {"brand": "Renault"},
    {"brand": "Fiat", "sort": "price_asc"},
    {},
]


@pytest.mark.usefixtures("shelf")
@pytest.mark.parametrize("params", SEARCHES)
def test_every_page_is_the_same_slice_of_the_whole_order(
    params: dict[str, Any], thresholds: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ordered_reads: list[str] = []  # the paths for many matches with words, as they run
    for name in ("_ordered_ids", "_price_ordered_ids"):
        original = getattr(selectors, name)

        def spy(*args: Any, _original: Any = original, _name: str = name, **kwargs: Any) -> Any:
            ordered_reads.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(selectors, name, spy)
    whole = [
        part.pk
        for part in part_search(filters=part_search_filters_parse({**params, "limit": "50"}))
    ]
    assert whole, params
    for offset in range(0, len(whole) + 2, 2):
        filters = part_search_filters_parse({**params, "limit": "2", "offset": str(offset)})
        page = part_search_page(filters=filters)
        assert [part.pk for part in page.parts] == whole[offset : offset + 2], (params, offset)
        if thresholds == "few":
            assert (page.total, page.total_is_exact) == (len(whole), True)
        else:
            exact = len(whole) <= 2
            assert page.total_is_exact is exact
            assert page.total == (len(whole) if exact else 2)
    if thresholds == "many" and "search" in params and len(whole) > 2:
        assert ordered_reads, params
    if thresholds == "few":
        assert not ordered_reads


@pytest.mark.usefixtures("shelf")
def test_a_prefix_with_too_many_words_finds_the_same_as_its_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "s" starts sol, sağ, sis, stop…: listed as words, or (past STEM_EXPANSION_LIMIT) a prefix
    checked on the rows the other words find rather than through the index."""

    def titles() -> list[str]:
        filters = part_search_filters_parse({"search": "s far", "limit": "50"})
        return [part.title for part in part_search_page(filters=filters).parts]

    listed = titles()
    # "far" has two words (far, fari) and stays listed; "s" has more than three.
    monkeypatch.setattr(search_conditions, "STEM_EXPANSION_LIMIT", 3)
    assert titles() == listed
    titled = ["Sol Ön Far", "Sağ Ön Far", "Sol Far Çerçevesi", "Sis Farı Sol"]
    assert listed == [*titled, "Kapı Kolu"]  # its description has both words
