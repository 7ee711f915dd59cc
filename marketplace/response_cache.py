"""Public API answers replayed from the cache: a visitor's popular search or the city list is
answered without running authentication, DRF, the view or most of the middleware.

A view opts a response in with `response_cache_allow()`; it does so only for what every visitor
gets alike (the visitors' search, which leaves nothing out for anyone, the 81 provinces). The
middleware then stores the rendered answer, and replays it for the same path, query, `Host`,
`Accept` and `Accept-Language` to any request that carries no credentials at all: no
`Authorization` header and no cookie, so neither a logged-in user nor a browser session is ever
answered from here. `Cache-Control: no-cache` asks for a fresh answer.

What a replay still does, as the full path would:
- counts the request against its rate-limit category (`marketplace/rate_limits.py`) in the same
  cache round trip that reads the answer, and sends X-RateLimit-*; a client over its limit goes
  down the full path, which refuses it with the usual 429 envelope;
- checks the answer's version (the parts catalogue's, for searches): an answer computed before
  a change a visitor could see is never replayed;
- puts this request's time into the field the view names (`search_info.execution_time_ms`);
- goes back through the middleware above this one: request id and log line, security headers,
  gzip for clients that accept it.

A cache outage only means the full path.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from marketplace.cache import cache_get_many_and_count
from marketplace.rate_limits import (
    RateLimitState,
    rate_limit_headers_set,
    rate_limit_ip_identity,
    rate_limit_refuses,
    rate_limit_window,
)

logger = logging.getLogger(__name__)

# Set per request, or taken from the route again on replay: never stored with an answer.
_PER_REQUEST_HEADERS = frozenset(
    {
        "content-length",
        "date",
        "set-cookie",
        "x-request-id",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
    }
)
# Paths whose answers may be replayed, learnt from the answers themselves; bounded, because a
# path with an id in it would otherwise grow this map for ever.
MAX_ROUTES = 256


@dataclass(frozen=True)
class CachePolicy:
    """How long a response may be replayed and what makes it stale."""

    seconds: int
    version_key: str | None = None
    version: object = None
    elapsed_field: str | None = None


@dataclass(frozen=True)
class _Route:
    """What a replay needs to know about a path before it reads the answer."""

    rate_limit_category: str | None
    version_key: str | None


@dataclass(frozen=True)
class _Entry:
    version: object
    status: int
    headers: tuple[tuple[str, str], ...]
    body_start: bytes
    body_end: bytes | None  # the body continues after the elapsed time, when it has one


def response_cache_allow(
    response: HttpResponse,
    *,
    seconds: int,
    version_key: str | None = None,
    version: object = None,
    elapsed_field: str | None = None,
) -> None:
    """Lets the middleware replay `response` to credential-less requests for `seconds`.

    With `version_key`, only while the cache still holds `version` there (the version the
    answer was computed under). `elapsed_field` names a JSON number that a replay sets to its own
    time in milliseconds."""
    if seconds > 0:
        response.response_cache_policy = CachePolicy(  # type: ignore[attr-defined]
            seconds=seconds,
            version_key=version_key,
            version=version,
            elapsed_field=elapsed_field,
        )


def _replayable_request(request: HttpRequest) -> bool:
    meta = request.META
    return (
        request.method == "GET"
        and "HTTP_AUTHORIZATION" not in meta
        and not meta.get("HTTP_COOKIE")
        and "no-cache" not in meta.get("HTTP_CACHE_CONTROL", "")
    )


def _entry_key(request: HttpRequest) -> str:
    meta = request.META
    parts = (
        request.path,
        meta.get("QUERY_STRING", ""),
        meta.get("HTTP_HOST", ""),
        meta.get("HTTP_ACCEPT", ""),
        meta.get("HTTP_ACCEPT_LANGUAGE", ""),
    )
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return f"response:{digest[:40]}"


def _elapsed_ms(started: float) -> bytes:
    return str(round((time.perf_counter() - started) * 1000, 2)).encode()


class PublicResponseCacheMiddleware:
    """Stores opted-in answers and replays them; sits below GZipMiddleware, so it keeps plain
    bodies and a replay is still compressed for clients that ask for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.routes: dict[str, _Route] = {}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        replayable = _replayable_request(request)
        route = self.routes.get(request.path) if replayable else None
        if route is not None:
            replay = self._replay(request, route, started)
            if replay is not None:
                return replay
        response = self.get_response(request)
        if replayable:
            self._store(request, response)
        return response

    def _replay(self, request: HttpRequest, route: _Route, started: float) -> HttpResponse | None:
        key = _entry_key(request)
        keys = [key] if route.version_key is None else [key, route.version_key]
        window = None
        if route.rate_limit_category is not None:
            window = rate_limit_window(
                category=route.rate_limit_category, identity=rate_limit_ip_identity(request)
            )
        try:
            found, count = cache_get_many_and_count(
                keys,
                counter_key=window.key if window else None,
                counter_timeout=window.counter_timeout if window else 0,
            )
        except Exception:
            logger.warning("Response cache unavailable", exc_info=True)
            return None
        state: RateLimitState | None = None
        if window is not None and count is not None:
            state = window.state(count)
            # Counted once: if the full path has to answer after all, its throttle takes this.
            request.rate_limit = state  # type: ignore[attr-defined]
            if rate_limit_refuses(state):
                return None  # the full path refuses it with the 429 envelope
        entry = found.get(key)
        if not isinstance(entry, _Entry):
            return None
        if route.version_key is not None and found.get(route.version_key) != entry.version:
            return None
        body = entry.body_start
        if entry.body_end is not None:
            body += _elapsed_ms(started) + entry.body_end
        response = HttpResponse(body, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        response["Content-Length"] = str(len(body))  # as CommonMiddleware sets it
        if state is not None:
            rate_limit_headers_set(response, state)
        return response

    def _store(self, request: HttpRequest, response: HttpResponse) -> None:
        policy: CachePolicy | None = getattr(response, "response_cache_policy", None)
        if (
            policy is None
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or response.has_header("Content-Encoding")
        ):
            return
        state: RateLimitState | None = getattr(request, "rate_limit", None)
        # Without the limiter's decision (its cache was down) the route's category is unknown,
        # and a replay must never skip the count: the answer is stored, the route not learnt.
        route = (
            _Route(rate_limit_category=state.category, version_key=policy.version_key)
            if state is not None
            else None
        )
        content = response.content  # joined anew on every access
        body_start, body_end = content, None
        if policy.elapsed_field is not None:
            # Split around the number; the field name and its colon stay with the start.
            found = re.search(
                rb'("' + re.escape(policy.elapsed_field.encode()) + rb'":)\s*-?[0-9.eE+-]+',
                content,
            )
            if found is None:
                return
            body_start, body_end = content[: found.end(1)], content[found.end() :]
        entry = _Entry(
            version=policy.version,
            status=response.status_code,
            headers=tuple(
                (name, value)
                for name, value in response.items()
                if name.lower() not in _PER_REQUEST_HEADERS
            ),
            body_start=body_start,
            body_end=body_end,
        )
        try:
            cache.set(_entry_key(request), entry, timeout=policy.seconds)
        except Exception:
            logger.warning("Response cache unavailable", exc_info=True)
            return
        if route is not None and (request.path in self.routes or len(self.routes) < MAX_ROUTES):
            self.routes[request.path] = route
