"""Template helpers of the catalogue: photo URLs and structured data."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from parts.models import Part, PartImage
from parts.services import part_image_url

register = template.Library()


@register.filter
def display_url(image: PartImage) -> str:
    return part_image_url(image)


@register.filter
def thumbnail_url(image: PartImage) -> str:
    return part_image_url(image, thumbnail=True)


@register.filter
def first_image(part: Part) -> PartImage | None:
    images = list(part.images.all())
    return images[0] if images else None


@register.simple_tag
def product_json_ld(part: Part, url: str) -> SafeString:
    """schema.org Product + Offer for search engines (TRY, used/damaged condition)."""
    condition = (
        "https://schema.org/UsedCondition"
        if part.condition == "Kullanılabilir"
        else "https://schema.org/DamagedCondition"
    )
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": part.title,
        "mpn": part.part_reference,
        "brand": {"@type": "Brand", "name": part.brand},
        "description": part.description or part.title,
        "image": [part_image_url(image) for image in part.images.all()],
        "offers": {
            "@type": "Offer",
            "price": str(part.price),
            "priceCurrency": "TRY",
            "itemCondition": condition,
            "availability": "https://schema.org/InStock",
            "url": url,
            "areaServed": part.location_city,
        },
    }
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
