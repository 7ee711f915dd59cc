"""Server-side usage statistics (GA4 Measurement Protocol) through the notification outbox.

Recorded only when GA4 is configured and only for users who gave the analytics consent; events
carry a pseudonymous id (an HMAC of the user id, never the e-mail or phone) and no personal data,
only counts and catalogue facets (city, brand). Names follow GA4's rules.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from typing import Any

from django.conf import settings

from marketplace.models import ConsentKind, User
from marketplace.selectors import consent_current

EVENT_NAMES = frozenset({"part_search", "interest_expressed", "part_listed", "sign_up"})
_PARAM_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9_]{0,39}$")


def analytics_configured() -> bool:
    return bool(settings.GA4_MEASUREMENT_ID and settings.GA4_API_SECRET)


def analytics_client_id(user_id: uuid.UUID | str) -> str:
    """A stable pseudonym of the user for GA4's client_id/user_id."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"ga4:{user_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def _clean_params(params: dict[str, Any]) -> dict[str, str | int | float]:
    clean: dict[str, str | int | float] = {}
    for key, value in params.items():
        if not _PARAM_NAME.match(key):
            raise ValueError(f"GA4 parameter name {key!r}")
        if isinstance(value, bool):
            clean[key] = int(value)
        elif isinstance(value, int | float):
            clean[key] = value
        else:
            clean[key] = str(value)[:100]
    return clean


def analytics_event_context(
    *, user: User | Any, name: str, params: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """The outbox context of one GA4 event for a consenting, logged-in user; None: record nothing
    (integrations.services.analytics_event_record queues it)."""
    if name not in EVENT_NAMES:
        raise ValueError(f"unknown analytics event {name!r}")
    if not analytics_configured() or not getattr(user, "is_authenticated", False):
        return None
    if not consent_current(user=user).get(ConsentKind.ANALYTICS, False):
        return None
    return {"name": name, "params": _clean_params(params or {})}
