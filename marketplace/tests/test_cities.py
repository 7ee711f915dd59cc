"""Tests for marketplace.cities: the 81 provinces, choices and tolerant city resolution."""

from __future__ import annotations

import pytest

from marketplace.cities import (
    CITY_CHOICES,
    PROVINCES,
    InvalidCityError,
    Province,
    city_resolve_or_raise,
    resolve_city,
)
from marketplace.text import fold, turkish_lower, turkish_sort_key, turkish_upper

EXPECTED_PROVINCES = {
    1: "Adana",
    2: "Adıyaman",
    3: "Afyonkarahisar",
    4: "Ağrı",
    5: "Amasya",
    6: "Ankara",
    7: "Antalya",
    8: "Artvin",
    9: "Aydın",
    10: "Balıkesir",
    11: "Bilecik",
    12: "Bingöl",
    13: "Bitlis",
    14: "Bolu",
    15: "Burdur",
    16: "Bursa",
    17: "Çanakkale",
    18: "Çankırı",
    19: "Çorum",
    20: "Denizli",
    21: "Diyarbakır",
    22: "Edirne",
    23: "Elazığ",
    24: "Erzincan",
    25: "Erzurum",
    26: "Eskişehir",
    27: "Gaziantep",
    28: "Giresun",
    29: "Gümüşhane",
    30: "Hakkari",
    31: "Hatay",
    32: "Isparta",
    33: "Mersin",
    34: "İstanbul",
    35: "İzmir",
    36: "Kars",
    37: "Kastamonu",
    38: "Kayseri",
    39: "Kırklareli",
    40: "Kırşehir",
    41: "Kocaeli",
    42: "Konya",
    43: "Kütahya",
    44: "Malatya",
    45: "Manisa",
    46: "Kahramanmaraş",
    47: "Mardin",
    48: "Muğla",
    49: "Muş",
    50: "Nevşehir",
    51: "Niğde",
    52: "Ordu",
    53: "Rize",
    54: "Sakarya",
    55: "Samsun",
    56: "Siirt",
    57: "Sinop",
    58: "Sivas",
    59: "Tekirdağ",
    60: "Tokat",
    61: "Trabzon",
    62: "Tunceli",
    63: "Şanlıurfa",
    64: "Uşak",
    65: "Van",
    66: "Yozgat",
    67: "Zonguldak",
    68: "Aksaray",
    69: "Bayburt",
    70: "Karaman",
    71: "Kırıkkale",
    72: "Batman",
    73: "Şırnak",
    74: "Bartın",
    75: "Ardahan",
    76: "Iğdır",
    77: "Yalova",
    78: "Karabük",
    79: "Kilis",
    80: "Osmaniye",
    81: "Düzce",
}

ALL_PROVINCES = list(PROVINCES)


def _ids(province: Province) -> str:
    return f"{province.plate:02d}-{fold(province.name)}"


def test_there_are_81_provinces_in_plate_order() -> None:
    assert len(PROVINCES) == 81
    assert [province.plate for province in PROVINCES] == list(range(1, 82))


def test_province_plates_and_names_are_unique() -> None:
    assert len({province.plate for province in PROVINCES}) == 81
    assert len({province.name for province in PROVINCES}) == 81
    assert len({fold(province.name) for province in PROVINCES}) == 81


def test_provinces_match_the_official_list() -> None:
    assert {province.plate: province.name for province in PROVINCES} == EXPECTED_PROVINCES


def test_province_is_a_named_tuple() -> None:
    first = PROVINCES[0]
    assert isinstance(first, Province)
    assert first == (1, "Adana")
    assert (first.plate, first.name) == (1, "Adana")
    assert PROVINCES[-1] == Province(81, "Düzce")


def test_city_choices_cover_every_province_once() -> None:
    assert len(CITY_CHOICES) == 81
    assert {value for value, _label in CITY_CHOICES} == set(EXPECTED_PROVINCES.values())
    assert all(value == label for value, label in CITY_CHOICES)


def test_city_choices_are_in_turkish_alphabetical_order() -> None:
    names = [value for value, _label in CITY_CHOICES]
    assert names == sorted(names, key=turkish_sort_key)
    assert names[:3] == ["Adana", "Adıyaman", "Afyonkarahisar"]
    assert names[-1] == "Zonguldak"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Bursa", "Çanakkale"),
        ("Çorum", "Denizli"),
        ("Diyarbakır", "Düzce"),
        ("Hatay", "Iğdır"),
        ("Iğdır", "Isparta"),
        ("Isparta", "İstanbul"),
        ("İstanbul", "İzmir"),
        ("İzmir", "Kahramanmaraş"),
        ("Kırıkkale", "Kırklareli"),
        ("Kırşehir", "Kilis"),
        ("Sivas", "Şanlıurfa"),
        ("Şanlıurfa", "Şırnak"),
        ("Şırnak", "Tekirdağ"),
        ("Afyonkarahisar", "Ağrı"),
        ("Ağrı", "Aksaray"),
    ],
)
def test_city_choices_turkish_letter_positions(before: str, after: str) -> None:
    names = [value for value, _label in CITY_CHOICES]
    assert names.index(before) < names.index(after)


@pytest.mark.parametrize("province", ALL_PROVINCES, ids=_ids)
def test_every_province_resolves_from_its_canonical_name(province: Province) -> None:
    assert resolve_city(province.name) == province.name


@pytest.mark.parametrize("province", ALL_PROVINCES, ids=_ids)
def test_every_province_resolves_from_its_folded_form(province: Province) -> None:
    assert resolve_city(fold(province.name)) == province.name


@pytest.mark.parametrize("province", ALL_PROVINCES, ids=_ids)
def test_every_province_resolves_from_turkish_upper_and_lower(province: Province) -> None:
    assert resolve_city(turkish_upper(province.name)) == province.name
    assert resolve_city(turkish_lower(province.name)) == province.name
    assert resolve_city(fold(province.name).upper()) == province.name


@pytest.mark.parametrize("province", ALL_PROVINCES, ids=_ids)
def test_every_province_resolves_from_its_plate(province: Province) -> None:
    assert resolve_city(str(province.plate)) == province.name
    assert resolve_city(f"{province.plate:02d}") == province.name
    assert city_resolve_or_raise(f" {province.plate:02d} ") == province.name


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("istanbul", "İstanbul"),
        ("İSTANBUL", "İstanbul"),
        ("Istanbul", "İstanbul"),
        ("ISTANBUL", "İstanbul"),
        ("İstanbul", "İstanbul"),
        ("igdir", "Iğdır"),
        ("IĞDIR", "Iğdır"),
        ("Igdir", "Iğdır"),
        ("IGDIR", "Iğdır"),
        (" ankara ", "Ankara"),
        ("\tANKARA\n", "Ankara"),
        ("izmir", "İzmir"),
        ("IZMIR", "İzmir"),
        ("sanliurfa", "Şanlıurfa"),
        ("SANLIURFA", "Şanlıurfa"),
        ("Sanlı Urfa", "Şanlıurfa"),
        ("eskisehir", "Eskişehir"),
        ("kirikkale", "Kırıkkale"),
        ("KIRIKKALE", "Kırıkkale"),
        ("mugla", "Muğla"),
        ("canakkale", "Çanakkale"),
        ("duzce", "Düzce"),
        ("Kahraman Maraş", "Kahramanmaraş"),
        ("Afyon Karahisar", "Afyonkarahisar"),
        ("Afyon-Karahisar", "Afyonkarahisar"),
        ("Hakkâri", "Hakkari"),
        ("HAKKARİ", "Hakkari"),
        ("I\u0307stanbul", "İstanbul"),
    ],
)
def test_resolve_city_spellings(value: str, expected: str) -> None:
    assert resolve_city(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Afyon", "Afyonkarahisar"),
        ("AFYON", "Afyonkarahisar"),
        ("Maraş", "Kahramanmaraş"),
        ("maras", "Kahramanmaraş"),
        ("K.Maraş", "Kahramanmaraş"),
        ("K. Maraş", "Kahramanmaraş"),
        ("k.maras", "Kahramanmaraş"),
        ("Urfa", "Şanlıurfa"),
        ("URFA", "Şanlıurfa"),
        ("Ş.Urfa", "Şanlıurfa"),
        ("Antep", "Gaziantep"),
        ("G.Antep", "Gaziantep"),
        ("İçel", "Mersin"),
        ("Icel", "Mersin"),
        ("içel", "Mersin"),
        ("ICEL", "Mersin"),
        ("Izmit", "Kocaeli"),
        ("İzmit", "Kocaeli"),
        ("izmit", "Kocaeli"),
        ("Adapazarı", "Sakarya"),
        ("adapazari", "Sakarya"),
        ("ADAPAZARI", "Sakarya"),
        ("Antakya", "Hatay"),
        ("antakya", "Hatay"),
        ("Elaziz", "Elazığ"),
    ],
)
def test_resolve_city_aliases(value: str, expected: str) -> None:
    assert resolve_city(value) == expected
    assert city_resolve_or_raise(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("34", "İstanbul"),
        ("06", "Ankara"),
        ("6", "Ankara"),
        ("01", "Adana"),
        ("1", "Adana"),
        ("81", "Düzce"),
        (" 35 ", "İzmir"),
        ("76", "Iğdır"),
    ],
)
def test_resolve_city_plate_numbers(value: str, expected: str) -> None:
    assert resolve_city(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "0",
        "00",
        "82",
        "99",
        "100",
        "034",
        "-6",
        "3 4",
        "6.0",
        "Paris",
        "Istanbull",
        "Ankar",
        "x",
        ".",
        "- . _",
        "İstanbul Ankara",
        "Kahramanmaraş2",
    ],
)
def test_resolve_city_invalid_returns_none(value: str) -> None:
    assert resolve_city(value) is None


@pytest.mark.parametrize("value", ["", "Paris", "82", "0", "   "])
def test_city_resolve_or_raise_raises_invalid_city_error(value: str) -> None:
    with pytest.raises(InvalidCityError) as excinfo:
        city_resolve_or_raise(value)
    assert isinstance(excinfo.value, ValueError)
    assert excinfo.value.code == "invalid_city"


def test_city_resolve_or_raise_returns_canonical() -> None:
    assert city_resolve_or_raise("istanbul") == "İstanbul"
    assert city_resolve_or_raise("Antep") == "Gaziantep"


def test_resolve_city_result_is_always_a_canonical_name() -> None:
    canonical = set(EXPECTED_PROVINCES.values())
    samples = ["istanbul", "Urfa", "06", "İçel", "Izmit", "Antakya", "Afyon", "igdir"]
    assert all(resolve_city(sample) in canonical for sample in samples)
