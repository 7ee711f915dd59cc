"""The core's HTML pages, and the error pages (JSON envelope for /api/, Turkish HTML elsewhere)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_safe
from django.views.static import serve

from marketplace.api.errors import error_json_response
from marketplace.cities import PROVINCES_ALPHABETICAL
from marketplace.errors import ErrorCode

HOME_BRANDS = (
    "Renault", "Fiat", "Volkswagen", "Ford", "Toyota", "Hyundai", "Opel", "Peugeot",
    "Dacia", "BMW", "Mercedes-Benz", "Honda", "Tofaş", "TOGG", "Citroën", "Audi",
)  # fmt: skip


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    from parts.selectors import part_newest

    viewer = request.user if request.user.is_authenticated else None
    context = {
        "provinces": PROVINCES_ALPHABETICAL,
        "brands": HOME_BRANDS,
        "newest_parts": part_newest(viewer=viewer, limit=8),
    }
    return render(request, "marketplace/home.html", context)


@require_safe
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "marketplace/privacy_notice.html")


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


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        # Django's own 400s (SuspiciousOperation) raised outside DRF's views.
        if isinstance(exception, RequestDataTooBig):
            return error_json_response(ErrorCode.PAYLOAD_TOO_LARGE)
        return error_json_response(ErrorCode.VALIDATION_ERROR)
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return error_json_response(ErrorCode.FORBIDDEN)
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return error_json_response(ErrorCode.NOT_FOUND)
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return error_json_response(ErrorCode.INTERNAL_ERROR)
    # Rendered without the request context: the failure may be in a context processor.
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
