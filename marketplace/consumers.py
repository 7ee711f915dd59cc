"""Shared WebSocket consumers."""

from channels.generic.websocket import WebsocketConsumer


class UnknownRouteConsumer(WebsocketConsumer):
    """Refuses the handshake (HTTP 403) for any path no app serves, instead of erroring."""

    def connect(self) -> None:
        self.close()
