"""ASGI entry point: Daphne serves WebSockets here (and HTTP too under `make run`)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

# Django must be set up before anything imports models (consumers, auth middleware).
django_asgi_application = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402

from config.websocket import websocket_application  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_application,
        "websocket": websocket_application,
    }
)
