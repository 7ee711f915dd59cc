"""KVKK part of the parts app: the user's listings in their data export, and what an account
deletion does to them (parts.services.listings.part_listings_erase_for_seller). Registered in
apps.py."""

from __future__ import annotations

from typing import Any

from marketplace.models import User
from parts.models import Part, PartImage
from parts.services.images import part_image_url
from parts.services.listings import part_listings_erase_for_seller


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def listings_export(user: User) -> list[dict[str, Any]]:
    listings = []
    for part in Part.objects.filter(seller=user).order_by("created_at"):
        listings.append(
            {
                "id": str(part.pk),
                "title": part.title,
                "part_reference": part.part_reference,
                "condition": part.condition,
                "price": str(part.price),
                "location_city": part.location_city,
                "brand": part.brand,
                "model": part.model,
                "year": part.year,
                "description": part.description,
                "status": part.status,
                "view_count": part.view_count,
                "created_at": _iso(part.created_at),
                "updated_at": _iso(part.updated_at),
                "photos": [
                    part_image_url(image)
                    for image in PartImage.objects.filter(part=part).order_by("position")
                ],
            }
        )
    return listings


def listings_erase(user: User) -> int:
    return part_listings_erase_for_seller(seller=user)
