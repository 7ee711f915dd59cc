"""Authorization-matrix machinery and the core app's rows.

Every URL pattern and WebSocket route has a row saying what an anonymous visitor, the owner of
the object (where there is one), another logged-in user and staff get. Each app lists its rows in
`<app>/tests/access.py` as `ACCESS_ROWS`; `test_authorization_matrix` fails for a route without one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from marketplace.models import User

# Expected outcome: an HTTP status, or a set of statuses when the answer depends on
# infrastructure rather than on who asks (health is 503 while a dependency is down).
Outcome = int | frozenset[int]
WS_ACCEPTED = 101
WS_REJECTED = 403


@dataclass(frozen=True)
class Access:
    route: str  # "namespace:name"; "admin:*" covers every route of a namespace
    anonymous: Outcome
    other: Outcome
    staff: Outcome
    owner: Outcome | None = None  # None: no object belongs to anyone on this route
    method: str = "GET"
    path: str | None = None  # a concrete path, when reverse() cannot build it
    data: dict[str, Any] | None = None
    # Builds what the route needs for an object owned by the given user; returns reverse() kwargs.
    setup: Callable[[User], dict[str, Any]] | None = field(default=None, compare=False)
    websocket: bool = False

    @property
    def label(self) -> str:
        return f"{'WS' if self.websocket else self.method} {self.route}"


OK = 200
LOGIN = 302  # to the login page
LOGIN_REDIRECT_TO_PROFILE = 302  # done, back to /hesabim/


def owner_only(
    route: str,
    *,
    owner: Outcome,
    setup: Callable[[User], dict[str, Any]],
    method: str = "GET",
    **fields: Any,
) -> Access:
    """A route about one object only its owner may know exists: anyone else, staff included,
    gets 404 (pages send visitors to the login page; the API answers them 401)."""
    return Access(
        route,
        method=method,
        anonymous=401 if route.startswith("api:") else LOGIN,
        other=404,
        staff=404,
        owner=owner,
        setup=setup,
        **fields,
    )


def public(route: str, **fields: Any) -> Access:
    """A route everyone may use, logged in or not."""
    return Access(route, anonymous=OK, other=OK, staff=OK, **fields)


ACCESS_ROWS: list[Access] = [
    public("parts:home"),
    public("marketplace:privacy-notice"),
    public("marketplace:contact"),
    public("marketplace:robots"),
    public(":sitemap"),
    public(":sitemap-section", path="/sitemap-parts.xml"),
    Access("parts:home", method="POST", anonymous=405, other=405, staff=405),
    Access(
        "api:health",
        anonymous=frozenset({200, 503}),
        other=frozenset({200, 503}),
        staff=frozenset({200, 503}),
    ),
    # The user's own account pages: the login page for visitors, each user their own data.
    Access("marketplace:profile", anonymous=LOGIN, other=OK, staff=OK),
    Access(
        "marketplace:profile",
        method="POST",
        data={"display_name": "Yeni Ad", "city": "Bursa"},
        anonymous=LOGIN,
        other=LOGIN_REDIRECT_TO_PROFILE,
        staff=LOGIN_REDIRECT_TO_PROFILE,
    ),
    Access(
        "marketplace:avatar",
        method="POST",
        anonymous=LOGIN,
        other=LOGIN_REDIRECT_TO_PROFILE,
        staff=LOGIN_REDIRECT_TO_PROFILE,
    ),
    Access("marketplace:avatar", anonymous=LOGIN, other=405, staff=405),
    Access("marketplace:data-export", anonymous=LOGIN, other=OK, staff=OK),
    Access("marketplace:account-delete", anonymous=LOGIN, other=OK, staff=OK),
    Access(
        "marketplace:account-delete",
        method="POST",
        data={"password": "yanlış"},
        anonymous=LOGIN,
        other=400,
        staff=400,
    ),
    public("api:city-list"),
    public("api:schema"),
    public("api:docs"),
    Access("api:not-found", path="/api/olmayan-yol", anonymous=404, other=404, staff=404),
    # The admin: staff only; everyone else is sent to the admin login.
    Access("admin:*", path="/yonetim/", anonymous=302, other=302, staff=OK),
    # The staff dashboard (issue 21): any staff member; everyone else to the admin login.
    Access(":staff-dashboard", anonymous=302, other=302, staff=OK),
    Access(
        "admin:*",
        path="/yonetim/marketplace/user/",
        anonymous=302,
        other=302,
        staff=OK,
    ),
    Access(
        "ws:websocket-unknown",
        path="/ws/olmayan",
        websocket=True,
        anonymous=WS_REJECTED,
        other=WS_REJECTED,
        staff=WS_REJECTED,
    ),
]

from marketplace.tests.access_accounts_api import ACCOUNT_API_ROWS  # noqa: E402 - after Access

ACCESS_ROWS += ACCOUNT_API_ROWS

from marketplace.tests.access_accounts_phone import ACCOUNT_PHONE_ROWS  # noqa: E402

ACCESS_ROWS += ACCOUNT_PHONE_ROWS

from marketplace.tests.access_accounts_web import ACCOUNT_WEB_ROWS  # noqa: E402

ACCESS_ROWS += ACCOUNT_WEB_ROWS
