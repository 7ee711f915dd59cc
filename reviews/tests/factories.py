"""Reviews for tests: made through the service, on an order made completed by orders' factory."""

from __future__ import annotations

from marketplace.models import User
from orders.tests.factories import make_order
from reviews.models import Review
from reviews.services import review_create


def make_review(
    *,
    buyer: User | None = None,
    seller: User | None = None,
    rating: int = 5,
    comment: str = "",
) -> Review:
    order = make_order(buyer=buyer, seller=seller, state="completed")
    return review_create(order_id=order.pk, buyer=order.buyer, rating=rating, comment=comment)
