"""Authorization-matrix rows of the live chat WebSocket.

The handshake is accepted for everyone: a client without a session may still authenticate with
its first frame (`auth`). What each role may then do (subscribe, read, send) is tested in
test_consumers.py; the matrix only pins that the route answers and is not the catch-all.
"""

from __future__ import annotations

from marketplace.tests.access import WS_ACCEPTED, Access

LIVE_ROWS: list[Access] = [
    Access(
        "ws:chat-connect",
        path="/api/websocket/connect",
        websocket=True,
        anonymous=WS_ACCEPTED,
        other=WS_ACCEPTED,
        staff=WS_ACCEPTED,
    ),
]
