"""Per-category rate limits (seed 002): fixed windows counted in the cache (Redis in production).

A view opts in with `throttle_category = "search"` (or `throttle_categories = {"GET": "search",
"POST": "part_create"}` when methods differ); the limit is per user when logged in, per IP
otherwise. The decision is kept on the request so every limited response carries X-RateLimit-*.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from marketplace.cache import cache_counter_incr
from marketplace.middleware import RateLimitState

logger = logging.getLogger(__name__)


def view_throttle_category(view: Any, method: str) -> str | None:
    by_method: dict[str, str] = getattr(view, "throttle_categories", {})
    return by_method.get(method.upper()) or getattr(view, "throttle_category", None)


class CategoryRateThrottle(BaseThrottle):
    def __init__(self) -> None:
        self._wait: float | None = None

    def allow_request(self, request: Request, view: Any) -> bool:
        category = view_throttle_category(view, request.method or "GET")
        if category is None:
            return True
        limit, window = settings.API_RATE_LIMITS[category]
        if request.user and request.user.is_authenticated:
            identity = f"user:{request.user.pk}"
        else:
            identity = f"ip:{self.get_ident(request)}"
        now = time.time()
        window_start = int(now // window) * window
        reset_at = window_start + window
        key = f"ratelimit:{category}:{identity}:{window_start}"
        try:
            count = self._count(key, window)
        except Exception:
            # A cache outage must not take the API down with it: let the request through.
            logger.warning("Rate limiter cache unavailable", exc_info=True)
            return True
        request._request.rate_limit = RateLimitState(  # type: ignore[attr-defined]
            category=category,
            limit=limit,
            remaining=max(limit - count, 0),
            reset_at=reset_at,
        )
        if count > limit and settings.API_RATE_LIMITS_ENABLED:
            self._wait = reset_at - now
            return False
        return True

    @staticmethod
    def _count(key: str, window: int) -> int:
        return cache_counter_incr(key, timeout=window + 1)

    def wait(self) -> float | None:
        return self._wait
