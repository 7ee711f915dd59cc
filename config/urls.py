"""Root URLs: the Turkish pages, the API (at /api/ and /api/v1/) and the staff admin."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import URLPattern, URLResolver, include, path

from config.sitemaps import SITEMAPS

urlpatterns: list[URLPattern | URLResolver] = [
    path("yonetim/", admin.site.urls),
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
    path("", include("parts.urls")),
    path("", include("marketplace.urls")),
]

handler400 = "marketplace.views.bad_request"
handler403 = "marketplace.views.permission_denied"
handler404 = "marketplace.views.page_not_found"
handler500 = "marketplace.views.server_error"
