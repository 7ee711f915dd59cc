"""Authorization-matrix rows of orders (see marketplace/tests/access.py).

Only an order's buyer and seller see it; anyone else, staff included, must not learn that it
exists: 404 on pages, ORDER_NOT_FOUND (404) on the API. Staff work on orders in the admin.
"""

from __future__ import annotations

from typing import Any

from marketplace.models import User
from marketplace.tests.access import OK, Access, owner_only
from marketplace.tests.factories import UserFactory
from messaging.services import conversation_open
from orders.tests.factories import make_order
from parts.tests.factories import make_part

LOGIN = 302
DONE = 302  # a page form's action redirects back


def _order_of_buyer(owner: User) -> dict[str, Any]:
    return {"order_id": str(make_order(buyer=owner).pk)}


def _conversation_of_seller(owner: User) -> dict[str, Any]:
    conversation = conversation_open(part=make_part(seller=owner), buyer=UserFactory.create())
    return {"conversation_id": str(conversation.pk)}


def _buyer_only(route: str, *, owner: int, method: str = "GET", **fields: Any) -> Access:
    return owner_only(route, owner=owner, setup=_order_of_buyer, method=method, **fields)


ACCESS_ROWS: list[Access] = [
    Access("orders:list", anonymous=LOGIN, other=OK, staff=OK),
    _buyer_only("orders:detail", owner=OK),
    _buyer_only("orders:action", method="POST", data={"action": "cancel"}, owner=DONE),
    # The seller without a payout profile is sent back to the conversation with the reason.
    Access(
        "orders:request",
        method="POST",
        data={"price": "1.250,00"},
        anonymous=LOGIN,
        other=404,
        staff=404,
        owner=DONE,
        setup=_conversation_of_seller,
    ),
    # iyzico's return: nothing is trusted but a token that iyzico confirms; none here.
    Access(
        "orders:payment-callback",
        method="POST",
        data={"token": "uydurma"},
        anonymous=404,
        other=404,
        staff=404,
        owner=404,
        setup=_order_of_buyer,
    ),
    Access("order-webhooks:iyzico", method="POST", anonymous=401, other=401, staff=401),
    Access("api:order-list", anonymous=401, other=OK, staff=OK),
    _buyer_only("api:order-detail", owner=OK),
    Access(
        "api:order-detail",
        path="/api/orders/bozuk-kimlik",
        anonymous=401,
        other=404,
        staff=404,
    ),
    Access(
        "api:conversation-orders",
        method="POST",
        data={},
        anonymous=401,
        other=404,
        staff=404,
        owner=409,  # ORDER_PAYOUT_PROFILE_REQUIRED: the seller has no payout profile yet
        setup=_conversation_of_seller,
    ),
    _buyer_only("api:order-checkout", method="POST", data={}, owner=400),
    _buyer_only("api:order-ship", method="POST", data={"carrier": "yurtici"}, owner=409),
    _buyer_only("api:order-confirm", method="POST", owner=409),
    _buyer_only("api:order-cancel", method="POST", owner=OK),
    # Not delivered yet: no return to ask for, nor (as the buyer) to answer.
    _buyer_only("api:order-return", method="POST", data={"reason": "damaged"}, owner=409),
    _buyer_only("api:order-return-accept", method="POST", owner=409),
    _buyer_only("api:order-return-refuse", method="POST", owner=409),
    _buyer_only("api:order-return-received", method="POST", owner=409),
]
