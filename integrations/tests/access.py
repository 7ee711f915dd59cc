"""Authorization-matrix rows of the provider webhooks: without the provider's signature (or the
verify token), everyone is refused alike — being logged in or staff grants nothing."""

from __future__ import annotations

from marketplace.tests.access import Access

FORBIDDEN = 403


def _refused(route: str, method: str) -> Access:
    return Access(route, method=method, anonymous=FORBIDDEN, other=FORBIDDEN, staff=FORBIDDEN)


ACCESS_ROWS: list[Access] = [
    _refused("webhooks:twilio-status", "POST"),
    _refused("webhooks:twilio-inbound", "POST"),
    _refused("webhooks:whatsapp", "POST"),
    _refused("webhooks:whatsapp", "GET"),
    Access("webhooks:twilio-status", anonymous=405, other=405, staff=405),
    Access("api:integrations-health", anonymous=401, other=403, staff=200),
]

# The unsubscribe page: the signed token is the only key; a forged one is refused for everyone.
ACCESS_ROWS += [
    Access(
        "integrations:unsubscribe",
        path="/bildirimler/abonelik-iptal/sahte-anahtar/",
        anonymous=400,
        other=400,
        staff=400,
    ),
    Access(
        "integrations:unsubscribe",
        method="POST",
        path="/bildirimler/abonelik-iptal/sahte-anahtar/",
        anonymous=400,
        other=400,
        staff=400,
    ),
]
