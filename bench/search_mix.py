"""What buyers really type: a long tail of distinct searches drawn from the synthetic vocabulary.

`search_mix()` returns at least 1,000 distinct query strings for `GET /api/parts`, the same ones
on every run (seeded), in a shuffled order that the load sends round-robin. The shapes, with
roughly the share real search logs give them:

- a part name as typed, with or without Turkish letters ("sağ far", "sag far", "fren diski");
- a model with a part ("clio far", "egea sol ayna"), or a brand with one;
- structured filters alone: brand and city, brand, city and condition, year ranges, a price
  ceiling (filters with no words read a page without counting every match);
- a word with filters: a brand and a price ceiling, a city and a sort;
- a word with one typo (a letter dropped, doubled or swapped);
- a part number in another format than the seller's (no spaces, spaces, dashes, lower case);
- deep pages (offset 40–200) of a common word.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

MIX_SIZE = 1_200
MIX_SEED = 19

Query = dict[str, str]


def django_setup_here() -> None:
    """Django in the bench's own process (the local settings unless DJANGO_SETTINGS_MODULE says
    otherwise), without leaving DJANGO_SETTINGS_MODULE set for the servers it starts later,
    which choose their own settings."""
    import django

    given = os.environ.get("DJANGO_SETTINGS_MODULE")
    os.environ["DJANGO_SETTINGS_MODULE"] = given or "config.settings.local"
    try:
        django.setup()
    finally:
        if given is None:
            del os.environ["DJANGO_SETTINGS_MODULE"]


def _vocabulary() -> Any:
    """parts.demo_data, importable outside Django's own processes too (the bench's main one)."""
    django_setup_here()  # parts.demo_data names the models' choices
    from parts import demo_data

    return demo_data


def _pick(rng: random.Random, items: Any, weights: Any = None) -> Any:
    return rng.choices(list(items), weights=weights)[0]


def _typo(rng: random.Random, word: str) -> str:
    """One slip of the thumb: a letter dropped, doubled or two neighbours swapped."""
    if len(word) < 5:
        return word + word[-1]
    index = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:index] + word[index + 1 :]
    if kind == 1:
        return word[:index] + word[index] + word[index:]
    return word[: index - 1] + word[index] + word[index - 1] + word[index + 1 :]


def _reference_reformatted(rng: random.Random, reference: str) -> str:
    bare = "".join(character for character in reference if character.isalnum())
    kind = rng.randrange(4)
    if kind == 0:
        return bare
    if kind == 1:
        return " ".join(bare[index : index + 3] for index in range(0, len(bare), 3))
    if kind == 2:
        return "-".join(bare[index : index + 4] for index in range(0, len(bare), 4))
    return reference.lower()


def _shapes(data: Any) -> list[tuple[float, Callable[[random.Random], Query]]]:
    from marketplace.text import fold, turkish_lower

    models = data.VEHICLE_MODELS
    model_weights = [model.weight for model in models]
    parts = data.PART_NAMES
    part_weights = [part.weight for part in parts]
    cities = list(data.CITY_WEIGHTS) + list(data.CITIES)
    city_weights = list(data.CITY_WEIGHTS.values()) + [0.3] * len(data.CITIES)
    conditions = ("Kullanılabilir", "Arızalı")
    sorts = ("newest", "price_asc", "price_desc")

    def part_words(rng: random.Random) -> str:
        words = turkish_lower(_pick(rng, parts, part_weights).name).split()
        # People type a part's whole name, or only its last word or two ("diski", "fren diski").
        if rng.random() < 0.6:
            return " ".join(words)
        return " ".join(words[-rng.randint(1, len(words)) :])

    def model(rng: random.Random) -> Any:
        return _pick(rng, models, model_weights)

    def price(rng: random.Random) -> str:
        return str(_pick(rng, (500, 750, 1000, 1500, 2000, 2500, 3000, 5000, 7500, 10000, 20000)))

    def year_range(rng: random.Random, vehicle: Any) -> tuple[int, int]:
        first, last = vehicle.years
        low = rng.randint(first, last)
        return low, min(last, low + rng.randint(0, 6))

    def words(rng: random.Random) -> Query:
        return {"search": part_words(rng)}

    def words_folded(rng: random.Random) -> Query:
        return {"search": fold(part_words(rng))}

    def model_and_part(rng: random.Random) -> Query:
        return {"search": f"{turkish_lower(model(rng).name)} {part_words(rng)}"}

    def brand_and_part(rng: random.Random) -> Query:
        return {"search": f"{turkish_lower(model(rng).brand)} {part_words(rng)}"}

    def filters_only(rng: random.Random) -> Query:
        vehicle = model(rng)
        kind = rng.randrange(5)
        if kind == 0:
            return {"brand": vehicle.brand, "location_city": _pick(rng, cities, city_weights)}
        if kind == 1:
            return {"brand": vehicle.brand, "model": vehicle.name}
        if kind == 2:
            city = _pick(rng, cities, city_weights)
            return {"location_city": city, "condition": _pick(rng, conditions)}
        if kind == 3:
            low, high = year_range(rng, vehicle)
            return {"brand": vehicle.brand, "year_min": str(low), "year_max": str(high)}
        return {"brand": vehicle.brand, "max_price": price(rng), "sort": _pick(rng, sorts)}

    def words_and_filters(rng: random.Random) -> Query:
        vehicle = model(rng)
        if rng.random() < 0.5:
            return {"search": part_words(rng), "brand": vehicle.brand, "max_price": price(rng)}
        return {
            "search": part_words(rng),
            "location_city": _pick(rng, cities, city_weights),
            "sort": _pick(rng, sorts),
        }

    def typo(rng: random.Random) -> Query:
        typed = part_words(rng).split()
        longest = max(range(len(typed)), key=lambda index: len(typed[index]))
        typed[longest] = _typo(rng, typed[longest])
        return {"search": " ".join(typed)}

    def reference(rng: random.Random) -> Query:
        number = data.synthetic_reference(
            model(rng), _pick(rng, parts, part_weights), rng.randrange(data.REFERENCE_VARIANTS)
        )
        reformatted = _reference_reformatted(rng, number)
        if rng.random() < 0.3:
            return {"part_reference": reformatted}
        return {"search": reformatted}

    def deep_page(rng: random.Random) -> Query:
        common = _pick(rng, ("far", "kapı", "ayna", "fren", "amortisör", "stop", "tampon"))
        return {"search": common, "offset": str(rng.choice((40, 60, 80, 100, 140, 200)))}

    return [
        (22, words),
        (8, words_folded),
        (14, model_and_part),
        (6, brand_and_part),
        (16, filters_only),
        (12, words_and_filters),
        (8, typo),
        (8, reference),
        (6, deep_page),
    ]


def search_mix(size: int = MIX_SIZE, *, seed: int = MIX_SEED) -> list[str]:
    """`size` distinct query strings (urlencoded, without "?"), the same for the same seed."""
    shapes = _shapes(_vocabulary())
    weights = [weight for weight, _shape in shapes]
    rng = random.Random(seed)  # noqa: S311 - the same searches on every run, not a secret
    found: dict[str, None] = {}
    attempts = 0
    while len(found) < size:
        attempts += 1
        if attempts > size * 50:
            raise RuntimeError(f"the vocabulary gives fewer than {size} distinct searches")
        shape = rng.choices([shape for _weight, shape in shapes], weights=weights)[0]
        found.setdefault(urlencode(shape(rng)), None)
    return list(found)
