"""The floor: a one-file Django + DRF app whose only view returns a fixed 20-item JSON list."""

from __future__ import annotations

from typing import Any

import django
from django.conf import settings

from bench.bare_drf import BARE_REST_FRAMEWORK

# DRF reads its settings while being imported, so they are configured before the DRF imports.
settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-floor-not-a-secret",  # noqa: S106 - a loopback-only benchmark app
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["rest_framework"],
    MIDDLEWARE=[],
    DATABASES={},
    REST_FRAMEWORK=BARE_REST_FRAMEWORK,
)
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402 - needs the settings above
from django.urls import URLPattern, path  # noqa: E402 - needs the settings above
from rest_framework.request import Request  # noqa: E402 - needs the settings above
from rest_framework.response import Response  # noqa: E402 - needs the settings above
from rest_framework.views import APIView  # noqa: E402 - needs the settings above

ITEMS: list[dict[str, Any]] = [
    {"id": number, "name": f"Parça {number}", "price": f"{number * 10}.00"}
    for number in range(1, 21)
]


class ItemListView(APIView):
    def get(self, request: Request) -> Response:
        return Response(ITEMS)


urlpatterns: list[URLPattern] = [path("", ItemListView.as_view(), name="items")]

application = get_wsgi_application()
