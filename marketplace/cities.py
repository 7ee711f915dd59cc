"""The 81 Turkish provinces with plate codes, choices and tolerant name resolution."""

from __future__ import annotations

import re
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from marketplace.text import fold, turkish_sort_key


class Province(NamedTuple):
    """A province of Türkiye: its licence-plate code and canonical Turkish name."""

    plate: int
    name: str


PROVINCES: tuple[Province, ...] = (
    Province(1, "Adana"),
    Province(2, "Adıyaman"),
    Province(3, "Afyonkarahisar"),
    Province(4, "Ağrı"),
    Province(5, "Amasya"),
    Province(6, "Ankara"),
    Province(7, "Antalya"),
    Province(8, "Artvin"),
    Province(9, "Aydın"),
    Province(10, "Balıkesir"),
    Province(11, "Bilecik"),
    Province(12, "Bingöl"),
    Province(13, "Bitlis"),
    Province(14, "Bolu"),
    Province(15, "Burdur"),
    Province(16, "Bursa"),
    Province(17, "Çanakkale"),
    Province(18, "Çankırı"),
    Province(19, "Çorum"),
    Province(20, "Denizli"),
    Province(21, "Diyarbakır"),
    Province(22, "Edirne"),
    Province(23, "Elazığ"),
    Province(24, "Erzincan"),
    Province(25, "Erzurum"),
    Province(26, "Eskişehir"),
    Province(27, "Gaziantep"),
    Province(28, "Giresun"),
    Province(29, "Gümüşhane"),
    Province(30, "Hakkari"),
    Province(31, "Hatay"),
    Province(32, "Isparta"),
    Province(33, "Mersin"),
    Province(34, "İstanbul"),
    Province(35, "İzmir"),
    Province(36, "Kars"),
    Province(37, "Kastamonu"),
    Province(38, "Kayseri"),
    Province(39, "Kırklareli"),
    Province(40, "Kırşehir"),
    Province(41, "Kocaeli"),
    Province(42, "Konya"),
    Province(43, "Kütahya"),
    Province(44, "Malatya"),
    Province(45, "Manisa"),
    Province(46, "Kahramanmaraş"),
    Province(47, "Mardin"),
    Province(48, "Muğla"),
    Province(49, "Muş"),
    Province(50, "Nevşehir"),
    Province(51, "Niğde"),
    Province(52, "Ordu"),
    Province(53, "Rize"),
    Province(54, "Sakarya"),
    Province(55, "Samsun"),
    Province(56, "Siirt"),
    Province(57, "Sinop"),
    Province(58, "Sivas"),
    Province(59, "Tekirdağ"),
    Province(60, "Tokat"),
    Province(61, "Trabzon"),
    Province(62, "Tunceli"),
    Province(63, "Şanlıurfa"),
    Province(64, "Uşak"),
    Province(65, "Van"),
    Province(66, "Yozgat"),
    Province(67, "Zonguldak"),
    Province(68, "Aksaray"),
    Province(69, "Bayburt"),
    Province(70, "Karaman"),
    Province(71, "Kırıkkale"),
    Province(72, "Batman"),
    Province(73, "Şırnak"),
    Province(74, "Bartın"),
    Province(75, "Ardahan"),
    Province(76, "Iğdır"),
    Province(77, "Yalova"),
    Province(78, "Karabük"),
    Province(79, "Kilis"),
    Province(80, "Osmaniye"),
    Province(81, "Düzce"),
)

PROVINCE_NAMES: frozenset[str] = frozenset(province.name for province in PROVINCES)

# In Turkish alphabetical order (Çanakkale after Bursa, İstanbul after Isparta), for people.
PROVINCES_ALPHABETICAL: tuple[Province, ...] = tuple(
    sorted(PROVINCES, key=lambda province: turkish_sort_key(province.name))
)

CITY_CHOICES: list[tuple[str, str]] = [
    (province.name, province.name) for province in PROVINCES_ALPHABETICAL
]

# Common informal, historical or district names people type instead of the province name.
CITY_ALIASES: dict[str, str] = {
    "Afyon": "Afyonkarahisar",
    "Maraş": "Kahramanmaraş",
    "K.Maraş": "Kahramanmaraş",
    "Urfa": "Şanlıurfa",
    "Ş.Urfa": "Şanlıurfa",
    "Antep": "Gaziantep",
    "G.Antep": "Gaziantep",
    "İçel": "Mersin",
    "İzmit": "Kocaeli",
    "Adapazarı": "Sakarya",
    "Antakya": "Hatay",
    "Elaziz": "Elazığ",
    "Hakkâri": "Hakkari",
}

# Punctuation and spacing that never distinguishes two provinces ("K. Maraş", "Afyon-Karahisar").
_KEY_NOISE = re.compile(r"[\s.\-'’_]+")
_PLATE = re.compile(r"[0-9]{1,2}")

_BY_PLATE: dict[int, str] = {province.plate: province.name for province in PROVINCES}


def _lookup_key(value: str) -> str:
    return _KEY_NOISE.sub("", fold(value))


def _build_lookup() -> dict[str, str]:
    lookup = {_lookup_key(province.name): province.name for province in PROVINCES}
    for alias, canonical in CITY_ALIASES.items():
        key = _lookup_key(alias)
        if key in lookup and lookup[key] != canonical:  # pragma: no cover - data guard
            raise RuntimeError(f"City alias {alias!r} collides with {lookup[key]!r}.")
        lookup[key] = canonical
    return lookup


_BY_KEY: dict[str, str] = _build_lookup()


class InvalidCityError(ValueError):
    """Raised when a value cannot be resolved to one of the 81 provinces."""

    code = "invalid_city"

    def __init__(self) -> None:
        self.message = _("Invalid city name")
        super().__init__(self.message)


def resolve_city(value: str) -> str | None:
    """Canonical province name for any spelling, common alias or plate code; None if unknown."""
    text = value.strip()
    if not text:
        return None
    if _PLATE.fullmatch(text):
        return _BY_PLATE.get(int(text))
    key = _lookup_key(text)
    if not key:
        return None
    return _BY_KEY.get(key)


def city_resolve_or_raise(value: str) -> str:
    """Like resolve_city() but raises InvalidCityError instead of returning None."""
    city = resolve_city(value)
    if city is None:
        raise InvalidCityError
    return city
