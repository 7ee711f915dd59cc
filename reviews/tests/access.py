"""Authorization-matrix rows of reviews (see marketplace/tests/access.py).

Writing a review is the buyer's, answering it the seller's; anyone else gets what orders give
strangers (404, ORDER_NOT_FOUND) for an order, and REPLY_NOT_ALLOWED (403 on the API, 404 on the
page) for a review. A seller's reviews are public.
"""

from __future__ import annotations

from typing import Any

from marketplace.models import User
from marketplace.tests.access import OK, Access, public
from orders.tests.factories import make_order
from reviews.tests.factories import make_review

LOGIN = 302
DONE = 302  # a page form's action redirects back to the order page


def _completed_order_of_buyer(owner: User) -> dict[str, Any]:
    return {"order_id": str(make_order(buyer=owner, state="completed").pk)}


def _review_of_seller(owner: User) -> dict[str, Any]:
    return {"review_id": str(make_review(seller=owner, rating=3).pk)}


def _seller(owner: User) -> dict[str, Any]:
    make_review(seller=owner)
    return {"user_id": str(owner.pk)}


ACCESS_ROWS: list[Access] = [
    Access(
        "reviews:create",
        method="POST",
        anonymous=LOGIN,
        other=404,
        staff=404,
        owner=DONE,
        setup=_completed_order_of_buyer,
    ),
    Access(
        "reviews:reply",
        method="POST",
        anonymous=LOGIN,
        other=404,
        staff=404,
        owner=DONE,
        setup=_review_of_seller,
    ),
    public("reviews:seller", owner=OK, setup=_seller),
    Access(
        "reviews:seller",
        path="/satici/00000000-0000-0000-0000-000000000000/degerlendirmeler/",
        anonymous=404,
        other=404,
        staff=404,
    ),
    Access(
        "api:order-review",
        method="POST",
        data={"rating": 5, "comment": "Hızlı kargo."},
        anonymous=401,
        other=404,
        staff=404,
        owner=201,
        setup=_completed_order_of_buyer,
    ),
    Access(
        "api:order-review",
        method="POST",
        path="/api/orders/bozuk-kimlik/review",
        anonymous=401,
        other=404,
        staff=404,
    ),
    Access(
        "api:review-reply",
        method="POST",
        data={"text": "Teşekkür ederiz."},
        anonymous=401,
        other=403,
        staff=403,
        owner=OK,
        setup=_review_of_seller,
    ),
    public("api:seller-reviews", owner=OK, setup=_seller),
    Access(
        "api:seller-reviews",
        path="/api/sellers/bozuk/reviews",
        anonymous=404,
        other=404,
        staff=404,
    ),
]


def _banned_seller(owner: User) -> dict[str, Any]:
    from marketplace.services.moderation import user_ban
    from marketplace.tests.factories import UserFactory
    from parts.tests.factories import make_part

    banned = UserFactory.create()
    make_part(seller=banned)
    user_ban(user=banned, reason="Sahte ilan")
    return {"user_id": str(banned.pk)}


ACCESS_ROWS += [
    # The seller page is public and shows no private data (reviews/tests/test_seller_profile.py);
    # a banned, deleted or unknown seller has none.
    public("reviews:seller-profile", owner=OK, setup=_seller),
    Access("reviews:seller-profile", anonymous=404, other=404, staff=404, setup=_banned_seller),
    Access(
        "reviews:seller-profile",
        path="/satici/00000000-0000-0000-0000-000000000000/",
        anonymous=404,
        other=404,
        staff=404,
    ),
    public("api:seller-profile", owner=OK, setup=_seller),
    Access("api:seller-profile", anonymous=404, other=404, staff=404, setup=_banned_seller),
    Access(
        "api:seller-profile",
        path="/api/sellers/bozuk",
        anonymous=404,
        other=404,
        staff=404,
    ),
]
