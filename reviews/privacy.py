"""KVKK part of reviews: the reviews the user wrote and received in their data export, and what
an account deletion does to them. Registered in apps.py.

On deletion the rating stays (it is the seller's record, and without a name it says nothing about
the author: the author shows as "Silinmiş kullanıcı"), but the free text goes, since people
write names, phone numbers and places in it: the author's comments are emptied, and a deleted
seller's answers too (the answer's time stays, so the review still reads "answered").
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from marketplace.models import User
from reviews.models import Review


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _review(review: Review) -> dict[str, Any]:
    return {
        "id": str(review.pk),
        "order_id": str(review.order_id),
        "rating": review.rating,
        "comment": review.comment,
        "seller_reply": review.seller_reply,
        "replied_at": _iso(review.replied_at),
        "hidden_by_staff": review.is_hidden,
        "created_at": _iso(review.created_at),
    }


def reviews_export(user: User) -> dict[str, Any]:
    """Written: the user's own ratings and comments (with the seller's answers); received: the
    ratings about them as a seller, without the authors' names (theirs, not the user's)."""
    return {
        "written": [
            {**_review(review), "seller_id": str(review.seller_id)}
            for review in Review.objects.filter(author=user).order_by("created_at")
        ],
        "received": [
            _review(review) for review in Review.objects.filter(seller=user).order_by("created_at")
        ],
    }


def reviews_erase(user: User) -> int:
    now = timezone.now()
    comments = (
        Review.objects.filter(author=user).exclude(comment="").update(comment="", updated_at=now)
    )
    answers = (
        Review.objects.filter(seller=user)
        .exclude(seller_reply="")
        .update(seller_reply="", updated_at=now)
    )
    return comments + answers
