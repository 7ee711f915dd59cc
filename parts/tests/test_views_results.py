"""The results page through the test client: cards, filters, the empty state, paging.

Every text checked is the Turkish one a visitor reads.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from pytest_django.asserts import assertContains

from marketplace.tests.factories import UserFactory
from parts.models import Part
from parts.tests.factories import make_part
from parts.tests.pages import (
    FILTER_FORM_FIELDS,
    RESULTS,
    attribute,
    cards,
    control_names,
    document,
    field_errors,
    has_attribute,
    one,
    select,
    text,
)

# Photos are processed in this process, under a temporary MEDIA_ROOT (parts/tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_with_local_photos")]


# --- Results ---------------------------------------------------------------------------------
def test_results_cards_show_short_price_city_and_condition_badge(
    client: Client, catalogue: dict[str, Part]
) -> None:
    response = client.get(RESULTS)

    assert response.status_code == 200
    found = cards(response)
    assert set(found) == {part.title for part in catalogue.values()}
    expectations = {
        "BMW E46 Alternatör - Orijinal Bosch": ("850 ₺", "İstanbul", "Kullanılabilir", "badge-ok"),
        "Mercedes W203 Fren Diski": ("1.250 ₺", "Ankara", "Kullanılabilir", "badge-ok"),
        "Renault Clio 4 Şanzıman": ("7.500 ₺", "İzmir", "Arızalı", "badge-bad"),
    }
    for title, (price, city, condition, badge_class) in expectations.items():
        card = found[title]
        assert text(one(card, "p", "price")) == price
        meta = one(card, "p", "part-card-meta")
        assert text(one(meta, "span", "badge")) == condition
        assert badge_class in (attribute(one(meta, "span", "badge"), "class") or "")
        assert city in text(meta)
        link = one(card, "a", "part-card-link")
        assert attribute(link, "href") == f"/parca/{catalogue_part(catalogue, title).slug}/"


def catalogue_part(catalogue: dict[str, Part], title: str) -> Part:
    return next(part for part in catalogue.values() if part.title == title)


def test_results_show_how_many_parts_were_found(client: Client, catalogue: dict[str, Part]) -> None:
    page = document(client.get(RESULTS))
    assert text(one(page, "p", "result-count")) == "3 parça bulundu"

    page = document(client.get(RESULTS, {"brand": "Renault"}))
    assert text(one(page, "p", "result-count")) == "1 parça bulundu"


def test_filter_form_fields_are_named_like_the_api_parameters(
    client: Client, catalogue: dict[str, Part]
) -> None:
    form = one(document(client.get(RESULTS)), "form", "filter-form")

    assert attribute(form, "method") == "get"
    assert attribute(form, "action") == RESULTS
    assert control_names(form) == FILTER_FORM_FIELDS
    assert {
        "search",
        "part_reference",
        "condition",
        "brand",
        "model",
        "location_city",
        "min_price",
        "max_price",
        "year_min",
        "year_max",
    } <= FILTER_FORM_FIELDS
    assertContains(client.get(RESULTS), "<summary><span>Filtreler</span></summary>", html=True)
    assertContains(client.get(RESULTS), "Filtreleri uygula")


def test_active_filters_show_as_chips_and_stay_in_the_form(
    client: Client, catalogue: dict[str, Part]
) -> None:
    response = client.get(RESULTS, {"brand": "renault", "max_price": "8000", "year_min": "2010"})

    assert response.status_code == 200
    assert list(cards(response)) == ["Renault Clio 4 Şanzıman"]
    page = document(response)
    chips = one(page, "ul", "active-filters")
    assert attribute(chips, "aria-label") == "Etkin filtreler"
    assert [text(chip) for chip in select(chips, "span", "chip-active")] == [
        "renault",
        "max ₺ 8000",
        "≥ 2010",
    ]
    clear = one(chips, "a", "chip")
    assert (text(clear), attribute(clear, "href")) == ("Tümünü temizle", RESULTS)
    form = one(page, "form", "filter-form")
    assert attribute(one(form, "input", name="brand"), "value") == "renault"
    assert attribute(one(form, "input", name="max_price"), "value") == "8000"
    # Folded after applying, so the results start on a phone's first screen; the count says 3.
    panel = one(page, "details", "filters")
    assert not has_attribute(panel, "open")
    assert text(one(panel, "span", "badge")) == "3"


def test_search_ignores_turkish_diacritics(client: Client, catalogue: dict[str, Part]) -> None:
    response = client.get(RESULTS, {"search": "sanziman"})

    assert response.status_code == 200
    assert list(cards(response)) == ["Renault Clio 4 Şanzıman"]
    assert text(one(document(response), "h1")) == "“sanziman” için sonuçlar"
    # The header's search box keeps what the buyer typed.
    assert attribute(one(document(response), "input", id="site-search"), "value") == "sanziman"

    response = client.get(RESULTS, {"search": "ALTERNATÖR"})
    assert list(cards(response)) == ["BMW E46 Alternatör - Orijinal Bosch"]


def test_unknown_city_is_400_with_the_turkish_message_next_to_the_field(
    client: Client, catalogue: dict[str, Part]
) -> None:
    response = client.get(RESULTS, {"location_city": "Gotham", "brand": "BMW"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = document(response)
    form = one(page, "form", "filter-form")
    assert field_errors(form, "location_city") == ["Geçersiz şehir adı"]
    assert field_errors(form, "brand") == []
    assert attribute(one(form, "input", name="location_city"), "value") == "Gotham"
    assert text(one(page, "p", "flash-error")) == "Lütfen aşağıda işaretli filtreleri düzeltin."
    assert cards(response) == {}


@pytest.mark.parametrize(
    "params",
    [
        {"min_price": "bedava"},
        {"min_price": "500", "max_price": "100"},
        {"year_min": "1800"},
        {"year_min": "2015", "year_max": "2010"},
        {"part_reference": "-"},
        {"condition": "Sıfır"},
        {"brand": "Batmobil"},
        {"sort": "rastgele"},
        {"limit": "0"},
        {"offset": "-1"},
        {"search": "a" * 201},
        {"min_price": "1e400"},
        {"year_max": "٣٠٠٠"},
    ],
)
def test_invalid_filters_are_a_400_page_never_a_500(
    client: Client, catalogue: dict[str, Part], params: dict[str, str]
) -> None:
    response = client.get(RESULTS, params)
    assert response.status_code == 400
    assertContains(response, "Lütfen aşağıda işaretli filtreleri düzeltin.", status_code=400)


def test_no_match_shows_the_empty_state_with_suggestions(
    client: Client, catalogue: dict[str, Part]
) -> None:
    response = client.get(RESULTS, {"search": "helikopter pervanesi"})

    assert response.status_code == 200
    empty = one(document(response), "section", "empty-state")
    assert text(one(empty, "h2")) == "Aramanıza uyan parça bulunamadı"
    assert [text(item) for item in select(empty, "li")] == [
        "Yazımı kontrol edin ya da daha az kelime kullanın.",
        "Parçanın üzerinde yazan OEM numarasıyla arayın.",
        "Şehir ya da yıl gibi bir filtreyi kaldırın.",
    ]
    see_all = one(empty, "a", "button")
    assert (text(see_all), attribute(see_all, "href")) == ("Tüm parçaları gör", RESULTS)


def _pagination_link(response: Any, label: str) -> str:
    nav = one(document(response), "nav", "pagination")
    links = [link for link in select(nav, "a") if text(link) == label]
    assert len(links) == 1, f"no {label!r} link"
    return attribute(links[0], "href") or ""


def test_pagination_links_keep_the_filters(client: Client) -> None:
    seller = UserFactory.create()
    for index in range(3):
        make_part(seller=seller, title=f"Renault Megane Far {index}", brand="Renault")
    make_part(seller=seller, title="BMW E90 Far", brand="BMW")

    first = client.get(RESULTS, {"brand": "Renault", "search": "far", "limit": "2"})
    assert len(cards(first)) == 2
    next_url = _pagination_link(first, "Sonraki")
    assert next_url == "?brand=Renault&search=far&limit=2&offset=2"

    second = client.get(RESULTS + next_url)
    assert second.status_code == 200
    assert [title.startswith("Renault Megane Far") for title in cards(second)] == [True]
    assert text(one(document(second), "p", "result-count")) == "3 parça bulundu"
    assert _pagination_link(second, "Önceki") == "?brand=Renault&search=far&limit=2&offset=0"
    nav = one(document(second), "nav", "pagination")
    assert "Sonraki" not in text(nav)
