"""The send floor: the least any chat send must do, as a one-file Django + DRF app like the floor.

`POST /api/conversations/<id>/messages` with `Authorization: Bearer <access token>` and
`{"content": "..."}`, and nothing more than a send cannot do without: check the token's signature
and expiry, read the sender's row by primary key (active users only), INSERT the message into the
project's `messaging_message` table, PUBLISH it to Redis when REDIS_URL is set (as the project's
channel layer does), answer 201 with its id.

What it leaves out, and the project's `message-send` does: middleware (request id and logging,
security headers, sessions, CSRF, locale, CSP...), the connection health check, the rate-limit
count, the participant / closed / blocked checks and unread counts written with the message,
the fraud check, the API envelope and its error handling. Its ratio to the floor is the ceiling of
`message-send` on this machine: a target above it cannot be met by any send on this stack.

It reads DATABASE_URL, REDIS_URL and JWT_SIGNING_KEY from the environment (the benchmark gives it
the project's) and imports nothing of the project.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

import django
import environ
from django.conf import settings

from bench.bare_drf import BARE_REST_FRAMEWORK

REPO_ROOT = Path(__file__).resolve().parent.parent
# The project's own default (config/settings/base.py) when DATABASE_URL is not set.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{REPO_ROOT / 'db.sqlite3'}"
_database = environ.Env.db_url_config(DATABASE_URL)
if _database["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections as the project's, without its per-request health check.
    _database["CONN_MAX_AGE"] = 60
else:
    _database["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-send-floor-not-a-secret",  # noqa: S106 - a loopback-only benchmark app
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["rest_framework"],
    MIDDLEWARE=[],
    DATABASES={"default": _database},
    USE_TZ=True,
    REST_FRAMEWORK=BARE_REST_FRAMEWORK,
)
django.setup()

import jwt  # noqa: E402 - after the settings, with the other imports
import redis  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402 - needs the settings above
from django.db import connection, models  # noqa: E402
from django.urls import URLPattern, path  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.request import Request  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

SIGNING_KEY = os.environ.get("JWT_SIGNING_KEY", "")
MESSAGE_MAX_LENGTH = 2000
_UUID = models.UUIDField()
_DATETIME = models.DateTimeField()
_publisher = redis.Redis.from_url(os.environ["REDIS_URL"]) if os.environ.get("REDIS_URL") else None


def _refused(status: int) -> Response:
    return Response({"success": False}, status=status)


class MessageSendView(APIView):
    def post(self, request: Request, conversation_id: uuid.UUID) -> Response:
        _, _, token = request.headers.get("Authorization", "").partition(" ")
        try:
            claims = jwt.decode(token, SIGNING_KEY, algorithms=["HS256"])
            sender_id = uuid.UUID(str(claims["sub"]))
        except (jwt.PyJWTError, KeyError, ValueError):
            return _refused(401)
        content: Any = request.data.get("content") if isinstance(request.data, dict) else None
        if not isinstance(content, str) or not 1 <= len(content) <= MESSAGE_MAX_LENGTH:
            return _refused(400)
        message_id, sent_at = uuid.uuid4(), timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM marketplace_user WHERE id = %s AND is_active",
                [_UUID.get_db_prep_value(sender_id, connection)],
            )
            if cursor.fetchone() is None:
                return _refused(401)
            cursor.execute(
                "INSERT INTO messaging_message "
                "(id, conversation_id, sender_id, content, created_at, flagged_reason) "
                "VALUES (%s, %s, %s, %s, %s, '')",
                [
                    _UUID.get_db_prep_value(message_id, connection),
                    _UUID.get_db_prep_value(conversation_id, connection),
                    _UUID.get_db_prep_value(sender_id, connection),
                    content,
                    _DATETIME.get_db_prep_value(sent_at, connection),
                ],
            )
        data = {"id": str(message_id), "content": content, "created_at": sent_at.isoformat()}
        if _publisher is not None:
            _publisher.publish(f"bench-send-floor.{conversation_id}", json.dumps(data))
        return Response({"success": True, "data": data}, status=201)


urlpatterns: list[URLPattern] = [
    path(
        "api/conversations/<uuid:conversation_id>/messages",
        MessageSendView.as_view(),
        name="message-send",
    )
]

application = get_wsgi_application()
