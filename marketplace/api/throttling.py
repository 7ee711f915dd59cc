"""The DRF side of the per-category rate limits (`marketplace/rate_limits.py`).

A view opts in with `throttle_category = "search"` (or `throttle_categories = {"GET": "search",
"POST": "part_create"}` when methods differ); the limit is per user when logged in, per IP
otherwise, unless the view names its own identity (`throttle_identity(request)`, e.g. the token
refresh counts per login, not per carrier address). The decision is kept on the request so
every limited response carries X-RateLimit-*.
"""

from __future__ import annotations

import logging
from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from marketplace.cache import cache_counter_incr
from marketplace.rate_limits import (
    RateLimitState,
    rate_limit_ip_identity,
    rate_limit_refuses,
    rate_limit_window,
)

logger = logging.getLogger(__name__)


def view_throttle_category(view: Any, method: str) -> str | None:
    by_method: dict[str, str] = getattr(view, "throttle_categories", {})
    return by_method.get(method.upper()) or getattr(view, "throttle_category", None)


def _throttle_identity(request: Request, view: Any) -> str:
    """Who a request is counted against: the view's own identity when it names one, else the
    logged-in user, else the client address."""
    own_identity = getattr(view, "throttle_identity", None)
    identity: str | None = own_identity(request) if own_identity is not None else None
    if identity is not None:
        return identity
    if request.user and request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return rate_limit_ip_identity(request._request)


class CategoryRateThrottle(BaseThrottle):
    def __init__(self) -> None:
        self._wait: float | None = None

    def allow_request(self, request: Request, view: Any) -> bool:
        category = view_throttle_category(view, request.method or "GET")
        if category is None:
            return True
        identity = _throttle_identity(request, view)
        window = rate_limit_window(category=category, identity=identity)
        state: RateLimitState | None = getattr(request._request, "rate_limit", None)
        if state is None or state.category != category:
            try:
                count = cache_counter_incr(window.key, timeout=window.counter_timeout)
            except Exception:
                # A cache outage must not take the API down with it: let the request through.
                logger.warning("Rate limiter cache unavailable", exc_info=True)
                return True
            state = window.state(count)
            request._request.rate_limit = state  # type: ignore[attr-defined]
        # else: the public response cache already counted this request (a replay that missed).
        if rate_limit_refuses(state):
            self._wait = window.reset_at - window.started_at
            return False
        return True

    def wait(self) -> float | None:
        return self._wait
