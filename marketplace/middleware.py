"""Middleware: the request id on every request and log line, rate-limit headers, and the request
audit-log entries come from."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import sentry_sdk
from django.http import HttpRequest, HttpResponse

from marketplace.logging import request_id_accept, request_id_set
from marketplace.rate_limits import RateLimitState, rate_limit_headers_set
from marketplace.services.audit import audit_context

logger = logging.getLogger("marketplace.requests")

REQUEST_ID_HEADER = "X-Request-ID"


class RequestIdMiddleware:
    """Accepts an incoming X-Request-ID or makes one, echoes it and logs one line per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_accept(request.headers.get(REQUEST_ID_HEADER))
        request_id_set(request_id)
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            },
        )
        return response


class AuditContextMiddleware:
    """Audit-log entries written while serving a request carry its client address (and, for
    role changes seen through signals, its user as the actor)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with audit_context(request=request):
            return self.get_response(request)


class RateLimitHeadersMiddleware:
    """Adds X-RateLimit-* to every response whose endpoint is rate limited."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        state: RateLimitState | None = getattr(request, "rate_limit", None)
        if state is not None:
            rate_limit_headers_set(response, state)
        return response


class SentryTagsMiddleware:
    """Tags each request's Sentry events with the feature (the URL namespace) and the kind of
    user (anonymous, user, staff). No personal data: no user id, e-mail or IP."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        match = request.resolver_match
        scope = sentry_sdk.get_isolation_scope()
        scope.set_tag("feature", (match.namespace or match.url_name or "root") if match else "none")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            user_type = "anonymous"
        elif user.is_staff:
            user_type = "staff"
        else:
            user_type = "user"
        scope.set_tag("user_type", user_type)
