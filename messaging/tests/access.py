"""Authorization-matrix rows of the chat (see marketplace/tests/access.py).

The owner is a participant (the buyer); anyone else, staff included, must not learn that the
conversation exists: 404 on pages, CONVERSATION_NOT_FOUND (404) on the API.
"""

from __future__ import annotations

from typing import Any

from marketplace.models import User
from marketplace.tests.access import OK, Access, owner_only
from marketplace.tests.factories import UserFactory
from messaging.services import conversation_open, message_send
from parts.tests.factories import make_part

LOGIN = 302  # pages send anonymous visitors to the login page
DONE = 302  # a page form's action redirects back to the conversation


def _conversation(owner: User) -> dict[str, Any]:
    conversation = conversation_open(part=make_part(seller=UserFactory.create()), buyer=owner)
    message_send(conversation_id=conversation.pk, sender=owner, content="Parça duruyor mu?")
    return {"conversation_id": str(conversation.pk)}


def _listing(owner: User) -> dict[str, Any]:
    return {"part_id": str(make_part(seller=owner).id)}


def _account(owner: User) -> dict[str, Any]:
    return {"user_id": str(owner.pk)}


def _participant_only(route: str, *, owner: int, method: str = "GET", **fields: Any) -> Access:
    return owner_only(route, owner=owner, setup=_conversation, method=method, **fields)


ACCESS_ROWS: list[Access] = [
    Access("messaging:inbox", anonymous=LOGIN, other=OK, staff=OK),
    # Reporting a listing needs no interest: anyone logged in but its seller (who is refused with
    # a message on the page, 400 on the API).
    Access(
        "messaging:part-report",
        method="POST",
        data={"reason": "fraud"},
        anonymous=LOGIN,
        other=DONE,
        staff=DONE,
        owner=DONE,
        setup=_listing,
    ),
    Access(
        "api:part-report",
        method="POST",
        data={"reason": "fraud"},
        anonymous=401,
        other=201,
        staff=201,
        owner=400,
        setup=_listing,
    ),
    # Reporting a user needs no conversation: anyone logged in, but not about themself (400).
    Access(
        "api:user-report",
        method="POST",
        data={"reason": "abuse"},
        anonymous=401,
        other=201,
        staff=201,
        owner=400,
        setup=_account,
    ),
    # A malformed or unknown user id is NOT_FOUND.
    Access(
        "api:user-report",
        method="POST",
        path="/api/users/bozuk-kimlik/report",
        data={"reason": "abuse"},
        anonymous=401,
        other=404,
        staff=404,
    ),
    _participant_only("messaging:conversation", owner=OK),
    # A JSON body is no form: the participant gets the page again with "Write a message." (400).
    _participant_only("messaging:conversation", method="POST", owner=400),
    _participant_only("messaging:close", method="POST", owner=DONE),
    _participant_only("messaging:block", method="POST", owner=DONE),
    _participant_only("messaging:unblock", method="POST", owner=DONE),
    _participant_only("messaging:report", method="POST", owner=DONE),
    Access("api:conversation-list", anonymous=401, other=OK, staff=OK),
    _participant_only("api:conversation-messages", owner=OK),
    _participant_only(
        "api:conversation-messages", method="POST", data={"content": "Merhaba"}, owner=201
    ),
    # A malformed id gets the same CONVERSATION_NOT_FOUND as a stranger's conversation.
    Access(
        "api:conversation-messages",
        path="/api/conversations/bozuk-kimlik/messages",
        anonymous=401,
        other=404,
        staff=404,
    ),
    _participant_only("api:conversation-close", method="POST", owner=OK),
    _participant_only("api:conversation-block", method="POST", owner=OK),
    _participant_only("api:conversation-unblock", method="POST", owner=OK),
    _participant_only("api:conversation-report", method="POST", data={"reason": "spam"}, owner=201),
]

from messaging.tests.access_live import LIVE_ROWS  # noqa: E402 - after the app's own rows

ACCESS_ROWS += LIVE_ROWS
