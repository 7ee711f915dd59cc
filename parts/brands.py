"""Vehicle brands sold in Turkey, matched like cities: any spelling in, the canonical name out."""

from __future__ import annotations

from marketplace.text import fold, turkish_sort_key

# Cars, light commercials and the heavy-vehicle makers common in Turkish çıkma yards.
# fmt: off
BRANDS: tuple[str, ...] = (
    "Alfa Romeo", "Anadol", "Aston Martin", "Audi", "Bentley", "BMC", "BMW", "BYD", "Cadillac",
    "Chery", "Chevrolet", "Chrysler", "Citroën", "Cupra", "Dacia", "DAF", "Daewoo", "Daihatsu",
    "Dodge", "DS", "Ferrari", "Fiat", "Ford", "Geely", "Honda", "Hyundai", "Infiniti", "Isuzu",
    "Iveco", "Jaguar", "Jeep", "Karsan", "KGM", "Kia", "Lada", "Lamborghini", "Lancia",
    "Land Rover", "Lexus", "MAN", "Maserati", "Mazda", "Mercedes-Benz", "MG", "Mini",
    "Mitsubishi", "Nissan", "Opel", "Otokar", "Peugeot", "Porsche", "Proton", "Renault",
    "Rolls-Royce", "Rover", "Saab", "Scania", "Seat", "Skoda", "Smart", "SsangYong", "Subaru",
    "Suzuki", "Temsa", "Tesla", "Tofaş", "TOGG", "Toyota", "Volkswagen", "Volvo",
)
# fmt: on

# Informal names sellers and buyers type.
BRAND_ALIASES: dict[str, str] = {
    "Mercedes": "Mercedes-Benz",
    "Mercedes Benz": "Mercedes-Benz",
    "Benz": "Mercedes-Benz",
    "VW": "Volkswagen",
    "Wolkswagen": "Volkswagen",
    "Folksvagen": "Volkswagen",
    "Citroen": "Citroën",
    "Alfa": "Alfa Romeo",
    "Range Rover": "Land Rover",
    "Tofas": "Tofaş",
    "Ssang Yong": "SsangYong",
    "Hyundai Assan": "Hyundai",
    "Mercedes-Benz Türk": "Mercedes-Benz",
}

BRANDS_ALPHABETICAL: tuple[str, ...] = tuple(sorted(BRANDS, key=turkish_sort_key))
BRAND_CHOICES: list[tuple[str, str]] = [(brand, brand) for brand in BRANDS_ALPHABETICAL]


def _key(value: str) -> str:
    return "".join(character for character in fold(value) if character.isalnum())


_LOOKUP: dict[str, str] = {_key(brand): brand for brand in BRANDS}
_LOOKUP.update({_key(alias): brand for alias, brand in BRAND_ALIASES.items()})


def resolve_brand(value: str) -> str | None:
    """`mercedes`, `MERCEDES-BENZ`, `tofas`, `citroen` -> the canonical brand, or None."""
    return _LOOKUP.get(_key(value or ""))
