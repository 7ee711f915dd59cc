"""Listings for tests, created through the real service so search columns are filled."""

from __future__ import annotations

from typing import Any

from marketplace.models import User
from marketplace.tests.factories import UserFactory
from parts.models import Part
from parts.services import part_create

DEFAULT_PART: dict[str, Any] = {
    "title": "BMW E46 Alternatör - Orijinal Bosch",
    "part_reference": "12-31-7-501-999",
    "condition": "Kullanılabilir",
    "price": "850.00",
    "location_city": "İstanbul",
    "brand": "BMW",
    "model": "E46",
    "year": 2003,
    "description": "Orijinal Bosch alternatör, 2 yıl garanti",
}


def make_part(*, seller: User | None = None, **fields: Any) -> Part:
    data = {**DEFAULT_PART, **fields}
    return part_create(seller=seller or UserFactory.create(), data=data)
