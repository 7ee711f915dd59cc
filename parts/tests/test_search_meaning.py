"""Search that means what people type (issue 24): a suffix is cut only when what is left is a
word people use, a typo never beats the word as typed, part numbers without the maker's letter,
and model names written with or without a hyphen or a space.

Through the API (`GET /api/parts`) and the selector; the same tests run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from parts.filters import part_search_filters_parse
from parts.models import Part
from parts.selectors import part_search, part_search_page
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db


def api_titles(client, **params: str) -> list[str]:
    response = client.get("/api/parts", params)
    assert response.status_code == 200, response.content
    return [part["title"] for part in response.json()["data"]["parts"]]


def selector_titles(**params: str) -> list[str]:
    filters = part_search_filters_parse(params)
    whole = [part.title for part in part_search(filters=filters)]
    paged = [part.title for part in part_search_page(filters=filters).parts]
    assert paged == whole[: filters.limit]  # the page reads the same order as the whole result
    return whole


def older(part: Part, *, days: int) -> Part:
    Part.objects.filter(pk=part.pk).update(created_at=timezone.now() - timedelta(days=days))
    return part


# --- "kapı" is the door ------------------------------------------------------------------------
DOOR = "Renault Clio 4 Sol Ön Kapı"
DOOR_HANDLE = "Fiat Egea Sağ Arka Kapı Kolu"


@pytest.fixture
def body_parts() -> None:
    """Two doors listed days ago, and newer listings whose words start with "kap"."""
    older(make_part(title=DOOR, brand="Renault", model="Clio 4", description=""), days=3)
    older(make_part(title=DOOR_HANDLE, brand="Fiat", model="Egea", description=""), days=2)
    make_part(title="Ford Focus Ön Kaporta", brand="Ford", model="Focus", description="")
    make_part(title="BMW E46 Motor Kapak Contası", brand="BMW", description="")
    make_part(title="Opel Astra H Kaput", brand="Opel", model="Astra", description="")


def test_kapi_finds_the_door_not_kaporta_kapak_or_kaput(body_parts, api_client) -> None:
    assert api_titles(api_client, search="kapı") == [DOOR_HANDLE, DOOR]
    assert selector_titles(search="KAPI") == [DOOR_HANDLE, DOOR]


@pytest.mark.parametrize("typed", ["kapılar", "kapısı", "kapıyı", "KAPILARI", "sol ön kapısı"])
def test_inflected_kapi_still_finds_the_door(body_parts, api_client, typed: str) -> None:
    titles = api_titles(api_client, search=typed)
    assert DOOR in titles
    assert not any("Kap" in title and "Kapı" not in title for title in titles)


def test_kapi_stays_the_door_when_a_listing_uses_the_word_kap(body_parts, api_client) -> None:
    make_part(
        title="Fiat Doblo Yağ Pompası", brand="Fiat", description="Yağ kap ile birlikte verilir"
    )
    assert api_titles(api_client, search="kapı") == [DOOR_HANDLE, DOOR]


def test_a_suffix_is_cut_when_what_is_left_is_a_listing_word(api_client) -> None:
    # Not a word of the built-in list: the listings' own vocabulary says "webasto" is a word.
    make_part(title="Ford Transit Webasto Isıtıcı", brand="Ford", model="Transit")
    assert api_titles(api_client, search="webastolar") == ["Ford Transit Webasto Isıtıcı"]
    # A word of the built-in list: no listing has "disk" itself, only "diski".
    make_part(title="Opel Astra Ön Fren Diski", brand="Opel", model="Astra")
    assert api_titles(api_client, search="diskleri") == ["Opel Astra Ön Fren Diski"]


# --- "balata" is not "balast" --------------------------------------------------------------------
def test_balata_does_not_match_balasti(api_client) -> None:
    make_part(title="Renault Clio 4 Ön Fren Balatası", brand="Renault", model="Clio 4")
    make_part(title="BMW E90 Xenon Far Balastı", brand="BMW", model="E90", description="")
    # A listing that names Balat (an Istanbul district): "balat" is a word, "balata" still is not
    # cut to it.
    make_part(title="Fiat Egea Ayna", brand="Fiat", description="Balat'ta elden teslim")
    assert api_titles(api_client, search="balata") == ["Renault Clio 4 Ön Fren Balatası"]
    assert api_titles(api_client, search="balata", brand="BMW") == []
    assert api_titles(api_client, search="balatalar") == ["Renault Clio 4 Ön Fren Balatası"]


def test_a_typo_match_never_outranks_an_exact_word_match(api_client) -> None:
    """Nothing has both words as typed ("takozz" is a typo), so one typo counts, but only for the
    word that matches nothing: "motor" is a word listings have, so "Rotor" is not its typo."""
    exact = older(make_part(title="Ford Focus Motor Takozu", brand="Ford", model="Focus"), days=2)
    make_part(title="Ford Focus Arka Rotor Takozu", brand="Ford", model="Focus")
    assert api_titles(api_client, search="motor takozz") == [exact.title]
    assert selector_titles(search="motor takozz") == [exact.title]


# --- Part numbers without the maker's letter -----------------------------------------------------
MERCEDES_DISK = "Mercedes W203 Fren Diski"


@pytest.fixture
def mercedes_disk() -> Part:
    make_part(title="Renault Clio 4 Debriyaj Seti", part_reference="302050383R", brand="Renault")
    return make_part(
        title=MERCEDES_DISK,
        part_reference="A 203 423 06 12",
        brand="Mercedes",
        model="W203",
        description="",
    )


@pytest.mark.parametrize(
    "typed", ["2034230612", "203.423.06.12", "203 423 06 12", "203-423-0612", "203423"]
)
def test_part_number_without_the_makers_letter_finds_the_part(
    mercedes_disk, api_client, typed: str
) -> None:
    assert api_titles(api_client, search=typed) == [MERCEDES_DISK]
    assert api_titles(api_client, part_reference=typed) == [MERCEDES_DISK]
    assert selector_titles(search=typed) == [MERCEDES_DISK]


def test_part_number_with_another_makers_letter_is_another_part(mercedes_disk, api_client) -> None:
    assert api_titles(api_client, search="A203.423.06.12") == [MERCEDES_DISK]
    assert api_titles(api_client, part_reference="N 203 423 06 12") == []


# --- Model names with a hyphen or a space --------------------------------------------------------
@pytest.mark.parametrize(
    ("model", "typed"),
    [
        ("CX-5", "cx5"),
        ("CX-5", "CX 5"),
        ("CX-5", "cx-5"),
        ("CX-5", "CX-5"),
        ("C-Max", "cmax"),
        ("C-Max", "c max"),
        ("C-Max", "C-MAX"),
        ("Clio 4", "clio4"),
        ("Clio 4", "Clio 4"),
        ("Clio 4", "clio-4"),
        ("Clio 4", "clio"),
    ],
)
def test_model_filter_finds_models_with_a_hyphen_or_a_space(
    api_client, model: str, typed: str
) -> None:
    brand = {"CX-5": "Mazda", "C-Max": "Ford", "Clio 4": "Renault"}[model]
    make_part(title=f"{brand} {model} Sol Ayna", brand=brand, model=model)
    make_part(title="Mazda 3 Sol Ayna", brand="Mazda", model="3")
    make_part(title="Ford Max Sol Ayna", brand="Ford", model="Max")
    assert api_titles(api_client, model=typed) == [f"{brand} {model} Sol Ayna"]
    assert selector_titles(model=typed, search="ayna") == [f"{brand} {model} Sol Ayna"]


# --- Existing listings ---------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_existing_listings_are_found_by_model_and_unprefixed_number_after_migrating() -> None:
    """The migration fills the new columns of listings written before it (and undoes it)."""
    cx5 = make_part(
        title="Mazda CX-5 Sol Ayna", brand="Mazda", model="CX-5", part_reference="A 203 423 06 12"
    )
    astra = make_part(title="Opel Astra Ayna", brand="Opel", model="Astra H", part_reference="TG-1")
    executor = MigrationExecutor(connection)
    executor.migrate([("parts", "0008_part_suspended_by_ban")])
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, model_search FROM parts_part")
            before = {str(row[0]).replace("-", ""): row[1] for row in cursor.fetchall()}
        assert before[cx5.pk.hex] == " cx 5"
        assert before[astra.pk.hex] == " astra h"
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    rows = {part.pk: part for part in Part.objects.all()}
    assert rows[cx5.pk].model_search == " cx5 5"
    assert rows[cx5.pk].part_reference_unprefixed == "2034230612"
    assert rows[astra.pk].model_search == " astrah h"
    assert rows[astra.pk].part_reference_unprefixed == "TG1"
    assert selector_titles(model="cx5", search="203.423.06.12") == [cx5.title]
