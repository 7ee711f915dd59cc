"""Root URLs: the Turkish pages, the API (at /api/ and /api/v1/) and the staff admin."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import URLPattern, URLResolver, include, path, re_path

from config.sitemaps import SITEMAPS
from marketplace.views import media_file
from marketplace.views_dashboard import staff_dashboard

urlpatterns: list[URLPattern | URLResolver] = [
    # Before the admin's own URLs, whose catch-all would answer it.
    path("yonetim/pano/", staff_dashboard, name="staff-dashboard"),
    path("yonetim/", admin.site.urls),
    # Before the API: provider callbacks in the providers' own formats, not the JSON envelope.
    path("api/webhooks/", include("integrations.urls_webhooks")),
    path("api/webhooks/", include("orders.urls_webhooks")),
    path("api/v1/", include(("config.api_urls", "api"), namespace="api-v1")),
    path("api/", include(("config.api_urls", "api"), namespace="api")),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("hesap/telefon/", include("marketplace.urls_phone")),
    path("hesap/odeme-bilgileri/", include("payments.urls")),
    path("hesap/", include("marketplace.urls_accounts")),
    path("", include("orders.urls")),
    path("", include("reviews.urls")),
    path("mesajlar/", include("messaging.urls")),
    path("", include("integrations.urls")),
    path("", include("parts.urls")),
    path("", include("interests.urls")),
    path("", include("marketplace.urls")),
]

if settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage":
    # Photos on local disk (the embedded default, or one machine without S3). Only processed
    # `parts/` photos and re-encoded avatars are public; originals live under `private/`.
    urlpatterns.insert(
        0,
        re_path(
            r"^media/(?P<path>(?:parts/[0-9a-f-]{36}/(?:display|thumbnail)"
            r"|avatars/[0-9a-f-]{36}/[0-9a-f]{32})\.webp)$",
            media_file,
            name="media",
        ),
    )

handler400 = "marketplace.views.bad_request"
handler403 = "marketplace.views.permission_denied"
handler404 = "marketplace.views.page_not_found"
handler500 = "marketplace.views.server_error"
