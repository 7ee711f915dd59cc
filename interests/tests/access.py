"""Authorization-matrix rows of interest-gating (see marketplace/tests/access.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from interests.models import InterestType
from interests.services import interest_express
from marketplace.models import User
from marketplace.tests.access import OK, Access
from marketplace.tests.factories import UserFactory
from parts.tests.factories import make_part

LOGIN = 302  # pages send anonymous visitors to the login page
REDIRECT = 302


def _part_id(owner: User) -> dict[str, Any]:
    return {"part_id": str(make_part(seller=owner).id)}


def _conversation_id(owner: User) -> dict[str, Any]:
    """A conversation on the owner's listing, opened by some buyer's `interested` (the owner has
    a verified phone, so sharing it is allowed)."""
    User.objects.filter(pk=owner.pk).update(
        phone=f"+90532{owner.pk.int % 10_000_000:07d}", phone_verified_at=timezone.now()
    )
    owner.refresh_from_db()
    part = make_part(seller=owner)
    result = interest_express(user=UserFactory.create(), part=part, type=InterestType.INTERESTED)
    assert result.conversation is not None
    return {"conversation_id": str(result.conversation.pk)}


def _not_interested_id(owner: User) -> dict[str, Any]:
    interest = interest_express(user=owner, part=make_part(), type=InterestType.NOT_INTERESTED)
    return {"interest_id": str(interest.interest.pk)}


ACCESS_ROWS: list[Access] = [
    # Pages. Answering someone else's listing redirects (to the conversation or the results);
    # the seller's own listing is refused with a message on the detail page (also a redirect).
    Access(
        "interests:express",
        method="POST",
        data={"type": "not_interested"},
        anonymous=LOGIN,
        other=REDIRECT,
        staff=REDIRECT,
        owner=REDIRECT,
        setup=_part_id,
    ),
    Access("interests:express", anonymous=LOGIN, other=405, staff=405, setup=_part_id),
    Access("interests:history", anonymous=LOGIN, other=OK, staff=OK),
    Access(
        "interests:withdraw",
        method="POST",
        anonymous=LOGIN,
        other=404,
        staff=404,
        owner=REDIRECT,
        setup=_not_interested_id,
    ),
    Access(
        "interests:part-interests",
        anonymous=LOGIN,
        other=404,
        staff=404,
        owner=OK,
        setup=_part_id,
    ),
    Access(
        "interests:share-phone",
        method="POST",
        anonymous=LOGIN,
        other=404,
        staff=404,
        owner=REDIRECT,
        setup=_conversation_id,
    ),
    # API.
    Access(
        "api:part-interest",
        method="POST",
        data={"type": "not_interested"},
        anonymous=401,
        other=201,
        staff=201,
        owner=400,  # OWN_PART_INTEREST
        setup=_part_id,
    ),
    Access("api:interest-list", anonymous=401, other=OK, staff=OK),
    Access(
        "api:interest-detail",
        method="DELETE",
        anonymous=401,
        other=404,
        staff=404,
        owner=OK,
        setup=_not_interested_id,
    ),
    Access(
        "api:part-interest-list",
        anonymous=401,
        other=403,
        staff=403,
        owner=OK,
        setup=_part_id,
    ),
    Access(
        "api:conversation-share-phone",
        method="POST",
        anonymous=401,
        other=404,
        staff=404,
        owner=OK,
        setup=_conversation_id,
    ),
]
