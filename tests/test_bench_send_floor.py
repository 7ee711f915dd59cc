"""The benchmark's send floor (`bench/send_floor_app.py`) really sends: under Gunicorn, on the
test database, with the project's tokens, it stores the message in the project's table.

It writes to `messaging_message` with its own SQL, so a change to the table that it does not
follow fails here rather than in the middle of a benchmark.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from django.conf import settings

from bench.runner import REPO_ROOT, SEND_FLOOR_READY_PATH
from bench.servers import free_ports, gunicorn_serving
from conftest import server_environment
from marketplace.models import User
from marketplace.tokens import access_token_create
from messaging.models import Message
from messaging.services import conversation_open
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_send_floor_stores_a_message_for_a_valid_token_only(
    user: User, other_user: User, tmp_path: Path
) -> None:
    conversation = conversation_open(part=make_part(seller=other_user), buyer=user)
    environment = server_environment(JWT_SIGNING_KEY=settings.JWT_SIGNING_KEY)
    environment.pop("DJANGO_SETTINGS_MODULE")
    (port,) = free_ports(1)
    with gunicorn_serving(
        name="send-floor",
        app="bench.send_floor_app:application",
        port=port,
        environment=environment,
        ready_path=SEND_FLOOR_READY_PATH,
        cwd=REPO_ROOT,
        log_dir=tmp_path,
    ) as server:
        url = server.url(f"/api/conversations/{conversation.pk}/messages")

        def send(token: str, body: object) -> requests.Response:
            return requests.post(
                url, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10
            )

        sent = send(access_token_create(user=user), {"content": "Merhaba, parça duruyor mu?"})
        forged = send(access_token_create(user=user) + "x", {"content": "Sahte"})
        empty = send(access_token_create(user=user), {"content": ""})

    assert sent.status_code == 201, sent.text
    assert (forged.status_code, empty.status_code) == (401, 400)
    message = Message.objects.get()
    assert str(message.pk) == sent.json()["data"]["id"]
    assert (message.conversation_id, message.sender_id) == (conversation.pk, user.pk)
    assert message.content == "Merhaba, parça duruyor mu?"
