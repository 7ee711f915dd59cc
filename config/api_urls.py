"""Every app's API routes, mounted at /api/ and /api/v1/; unknown paths end in a JSON 404."""

from django.urls import URLPattern, URLResolver, include, re_path

from marketplace.api.views import ApiNotFoundView

urlpatterns: list[URLPattern | URLResolver] = [
    re_path(r"", include("marketplace.api.urls")),
    re_path(r"", include("parts.urls_api")),
    re_path(r"", include("interests.urls_api")),
    re_path(r"", include("messaging.urls_api")),
    re_path(r"", include("integrations.urls_api")),
    re_path(r"", include("orders.urls_api")),
    re_path(r"", include("payments.urls_api")),
    re_path(r"", include("reviews.urls_api")),
    # Last: anything not matched above is the API's NOT_FOUND, never an HTML page.
    re_path(r"^.*$", ApiNotFoundView.as_view(), name="not-found"),
]
