"""The core's HTML pages, and the error pages (JSON envelope for /api/, Turkish HTML elsewhere)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connections
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_safe
from django.views.static import serve

from marketplace.api.errors import error_json_response
from marketplace.errors import ErrorCode
from marketplace.retention import retention_rules


@require_safe
def privacy_notice(request: HttpRequest) -> HttpResponse:
    # The periods the daily retention job applies, in its own words (marketplace.retention).
    retention = [str(rule.description) % {"days": rule.days()} for rule in retention_rules()]
    return render(request, "marketplace/privacy_notice.html", {"retention": retention})


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "marketplace/contact.html")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /yonetim/",
        "Disallow: /api/",
        "Disallow: /hesabim/",
        "Disallow: /mesajlar/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def media_file(request: HttpRequest, path: str) -> HttpResponseBase:
    """A public photo from local disk (deployments without S3); MEDIA_ROOT read per request."""
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response["Cache-Control"] = "public, max-age=2592000, immutable"
    return response


ErrorView = Callable[..., HttpResponse]


def _error_view(view: ErrorView) -> ErrorView:
    """An error page view that first tidies its thread's database connections.

    Under ASGI (Daphne), Django renders the response of an exception (404, 403, 400, 500) in a
    thread of the event loop's default executor (`convert_exception_to_response` runs
    `response_for_exception` through `sync_to_async(thread_sensitive=False)`), not in the thread
    where `request_started` and `request_finished` close old connections. That thread's
    persistent connection (CONN_MAX_AGE) was therefore never health-checked or replaced: after
    a PostgreSQL restart every error page rendered there (its context processors read the
    session and the user) was a 500 until the process restarted. The view does what
    `request_started` does: a connection that failed, outlived CONN_MAX_AGE or fails its health
    check (CONN_HEALTH_CHECKS) is replaced before use. A connection inside a transaction (a
    test's) is left alone: closing it would end the transaction.
    """

    @wraps(view)
    def view_with_fresh_connections(
        request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()
        return view(request, *args, **kwargs)

    return view_with_fresh_connections


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


@_error_view
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        # Django's own 400s (SuspiciousOperation) raised outside DRF's views.
        if isinstance(exception, RequestDataTooBig):
            return error_json_response(ErrorCode.PAYLOAD_TOO_LARGE)
        return error_json_response(ErrorCode.VALIDATION_ERROR)
    return render(request, "errors/400.html", status=400)


@_error_view
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return error_json_response(ErrorCode.FORBIDDEN)
    return render(request, "errors/403.html", status=403)


@_error_view
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return error_json_response(ErrorCode.NOT_FOUND)
    return render(request, "errors/404.html", status=404)


@_error_view
def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return error_json_response(ErrorCode.INTERNAL_ERROR)
    # Rendered without the request context: the failure may be in a context processor.
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
