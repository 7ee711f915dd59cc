"""Template helpers of reviews: a rating as stars, a reviewer's public name."""

from __future__ import annotations

from django import template

from marketplace.models import User
from parts.selectors import buyer_display_name
from reviews.models import RATING_MAX

register = template.Library()


@register.filter
def stars(rating: int) -> str:
    """4 -> "★★★★☆" (the number is given in words beside it for screen readers)."""
    filled = max(0, min(int(rating or 0), RATING_MAX))
    return "★" * filled + "☆" * (RATING_MAX - filled)


@register.filter
def reviewer_name(author: User) -> str:
    """The review's author as the public sees them: never an e-mail (parts.selectors)."""
    return buyer_display_name(author)
