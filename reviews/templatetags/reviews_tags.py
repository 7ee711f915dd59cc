"""Template helpers of reviews: a rating as stars."""

from __future__ import annotations

from django import template

from reviews.models import RATING_MAX

register = template.Library()


@register.filter
def stars(rating: int) -> str:
    """4 -> "★★★★☆" (the number is given in words beside it for screen readers)."""
    filled = max(0, min(int(rating or 0), RATING_MAX))
    return "★" * filled + "☆" * (RATING_MAX - filled)
