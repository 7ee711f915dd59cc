"""Authorization-matrix rows of the provider webhooks: without the provider's signature (or the
verify token), everyone is refused alike — being logged in or staff grants nothing."""

from __future__ import annotations

from marketplace.tests.access import Access

FORBIDDEN = 403


def _refused(route: str, method: str) -> Access:
    return Access(route, method=method, anonymous=FORBIDDEN, other=FORBIDDEN, staff=FORBIDDEN)


ACCESS_ROWS: list[Access] = [
    _refused("api:webhook-twilio-status", "POST"),
    _refused("api:webhook-twilio-inbound", "POST"),
    _refused("api:webhook-whatsapp", "POST"),
    _refused("api:webhook-whatsapp", "GET"),
    Access("api:webhook-twilio-status", anonymous=405, other=405, staff=405),
]
