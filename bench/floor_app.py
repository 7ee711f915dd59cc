"""The floor: a one-file Django + DRF app whose only view returns a fixed 20-item JSON list."""

from __future__ import annotations

from typing import Any

import django
from django.conf import settings

# DRF reads its settings while being imported, so they are configured before the DRF imports.
settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-floor-not-a-secret",  # noqa: S106 - a loopback-only benchmark app
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["rest_framework"],
    MIDDLEWARE=[],
    DATABASES={},
    REST_FRAMEWORK={
        # No authentication, permissions or throttles: they need a database or a cache, and the
        # floor is the cost of Django + DRF alone.
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "DEFAULT_PERMISSION_CLASSES": [],
        "DEFAULT_THROTTLE_CLASSES": [],
        "UNAUTHENTICATED_USER": None,
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    },
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
