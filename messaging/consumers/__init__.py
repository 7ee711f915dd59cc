"""The live chat WebSocket at /api/websocket/connect: authentication, subscriptions, chat frames.

Protocol (JSON text frames, each `{"type": ..., "data": {...}}`):

Authentication, one of
- the browser session (cookie), only when the Origin header is this site's (cross-site pages
  cannot borrow the visitor's session);
- an access token in the handshake: query parameter `?token=<jwt>`, or the subprotocols
  `["bearer", "<jwt>"]` (the server accepts with subprotocol `bearer`); a bad or expired one
  refuses the handshake (HTTP 403);
- a first frame `{"type": "auth", "data": {"token": "<jwt>"}}` within
  `CHAT_WEBSOCKET_AUTH_TIMEOUT_SECONDS` (5 s); otherwise, or with a bad token, an `error` event
  (`UNAUTHORIZED`) and close code 4401.
Inactive (banned, deleted) users are refused like a bad token; a user banned or deleted while
connected gets an `error` event (`ACCOUNT_DISABLED`) and close code 4403.

A token-authenticated socket lives as long as its token: when the token expires the socket gets
an `error` event (`UNAUTHORIZED`, details `{"reason": "token_expired"}`, as the REST API answers
an expired token) and close code 4401, unless the client sent a fresh token before, in another
`auth` frame: same user only (another user's token closes the socket with 4401), answered with
`token_refreshed` {expires_at}; a bad fresh token gets an `error` event (`UNAUTHORIZED`, details
`{"reason": ...}`) and the socket keeps its current token. A session-authenticated socket ends
(`UNAUTHORIZED`, details `{"reason": "logged_out"}`, close code 4401) when that session logs out.

Client → server: `auth`, `subscribe_conversation` {conversation_id}, `unsubscribe_conversation`
{conversation_id}, `typing` {conversation_id, typing}, `mark_read` {conversation_id},
`send_message` {conversation_id, content}, `ping`.

Server → client: `connected` {user_id}, `token_refreshed` {expires_at},
`subscribed` / `unsubscribed` {conversation_id},
`message_sent` {conversation_id, message} (the sender's acknowledgement of `send_message`),
`pong`, `error` {code, message[, details]}, and for subscribed conversations the seed's
`new_message`, `message_read` and `typing` events. A message has the API's one shape
(messaging.serializers.message_data: times as the API writes them, `...Z`); `message_sent`
carries exactly that, `new_message` the message list's item for that participant
(`message_data_for_viewer`): also `is_own_message` and `warning`, for the recipient
`{"reasons": [...], "message": "<Turkish text>"}` when the text looks like a scam
(messaging.fraud), else null; always null on the sender's own sockets.

Bad frames (not JSON, not an object, unknown type, missing fields, over 8 KB) get an `error`
event with `VALIDATION_ERROR`; the connection stays open. The rules themselves live in
messaging.services, reached through worker threads (Channels' DatabaseSyncToAsync).

While Redis (the channel layer) or the database does not answer, a socket gets an `error` event
(`SERVICE_UNAVAILABLE`) and close code 4503 (marketplace.consumers.RefuseWhileBackendsAreDown);
the client reconnects a little later.

Modules: `frames` (limits, parsing, close codes), `handshake` (who is connecting), `actions` (the
service calls, in worker threads), `chat` (the consumer).
"""

from messaging.consumers.chat import ChatConsumer
from messaging.consumers.frames import (
    CLOSE_ACCOUNT_DISABLED,
    CLOSE_UNAUTHORIZED,
    FRAME_BURST,
    FRAME_RATE,
    MAX_FRAME_BYTES,
)

__all__ = [
    "CLOSE_ACCOUNT_DISABLED",
    "CLOSE_UNAUTHORIZED",
    "FRAME_BURST",
    "FRAME_RATE",
    "MAX_FRAME_BYTES",
    "ChatConsumer",
]
