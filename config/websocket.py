"""WebSocket routing: every app's routes, then a catch-all that refuses unknown paths."""

from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from django.urls import URLPattern, re_path

from marketplace.consumers import RefuseWhileBackendsAreDown, UnknownRouteConsumer
from messaging.consumers import ChatConsumer

# Apps add their consumers' routes here, before the catch-all.
websocket_urlpatterns: list[URLPattern] = [
    re_path(r"^api/websocket/connect/?$", ChatConsumer.as_asgi(), name="chat-connect"),
    re_path(r"^.*$", UnknownRouteConsumer.as_asgi(), name="websocket-unknown"),
]

# Outermost, so a Redis or database outage in the session lookup is refused cleanly too.
websocket_application = RefuseWhileBackendsAreDown(
    AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
)
