"""Per-category rate limits (seed 002): fixed windows counted in the cache (Redis in production).

The rules live here once; the DRF throttle (`marketplace/api/throttling.py`) and the public
response cache (`marketplace/response_cache.py`, which answers without reaching DRF) both count
through them, so a request answered from either path uses up the same allowance.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from marketplace.client_ip import client_ip


@dataclass(frozen=True)
class RateLimitState:
    """What the limiter decided for this request; it becomes the X-RateLimit-* headers."""

    category: str
    limit: int
    remaining: int
    reset_at: int
    exceeded: bool = False


@dataclass(frozen=True)
class RateLimitWindow:
    """The current fixed window of one category for one client: its counter key and limit."""

    category: str
    limit: int
    key: str
    seconds: int
    started_at: float
    reset_at: int

    def state(self, count: int) -> RateLimitState:
        return RateLimitState(
            category=self.category,
            limit=self.limit,
            remaining=max(self.limit - count, 0),
            reset_at=self.reset_at,
            exceeded=count > self.limit,
        )

    @property
    def counter_timeout(self) -> int:
        return self.seconds + 1


def rate_limit_window(*, category: str, identity: str, now: float | None = None) -> RateLimitWindow:
    """The window `now` falls in for `identity` (`user:<id>` or `ip:<address>`)."""
    limit, seconds = settings.API_RATE_LIMITS[category]
    now = time.time() if now is None else now
    window_start = int(now // seconds) * seconds
    return RateLimitWindow(
        category=category,
        limit=limit,
        key=f"ratelimit:{category}:{identity}:{window_start}",
        seconds=seconds,
        started_at=now,
        reset_at=window_start + seconds,
    )


def rate_limit_refuses(state: RateLimitState) -> bool:
    """Whether the request is refused (429); with API_RATE_LIMITS_ENABLED off, only counted."""
    return state.exceeded and bool(settings.API_RATE_LIMITS_ENABLED)


def rate_limit_ip_identity(request: HttpRequest) -> str:
    """A visitor's identity: the client address (NUM_PROXIES aware), as per-IP limits count."""
    return f"ip:{client_ip(request)}"


def rate_limit_headers_set(response: HttpResponse, state: RateLimitState) -> None:
    response["X-RateLimit-Limit"] = str(state.limit)
    response["X-RateLimit-Remaining"] = str(state.remaining)
    response["X-RateLimit-Reset"] = str(state.reset_at)
