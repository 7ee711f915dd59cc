"""The composition root: settings (`settings/`), URLs, ASGI/WSGI entry points, the WebSocket
routing and the Celery app. It wires every app together and may import any of them; no app
imports `config`."""

from config.celery_app import app as celery_app

__all__ = ["celery_app"]
