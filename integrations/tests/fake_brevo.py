"""A local stand-in for Brevo's transactional e-mail API (v3) that checks the documented request:
`POST /v3/smtp/email` with the `api-key` header and a JSON body with sender, to, subject and
the text and HTML contents, and `headers.idempotencyKey`, a UUID: Brevo processes a key once
and refuses a second request with it (`400 {"code": "duplicate_parameter"}`) for at least 15
minutes. `GET /v3/account` is what "Bağlantıyı test et" asks."""

from __future__ import annotations

import json
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from integrations.tests.http_fake import http_serving

API_KEY = "xkeysib-fake-brevo-key"


@dataclass
class FakeBrevo:
    url: str = ""
    mails: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    status: int = 201
    # idempotencyKey headers already processed: Brevo refuses a second request with one
    # (400 duplicate_parameter) and sends nothing.
    keys: set[str] = field(default_factory=set)
    # The next requests are processed (the mail goes out) but the connection closes before the
    # answer, as when a network or a worker dies after Brevo accepted the request.
    drop_answers: int = 0


@pytest.fixture
def fake_brevo(settings: Any) -> Iterator[FakeBrevo]:
    state = FakeBrevo()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            # GET /v3/account: what "Bağlantıyı test et" asks with the connection's key.
            if self.path != "/v3/account":
                state.problems.append(f"path {self.path}")
            ok = self.headers.get("api-key") == API_KEY
            answer = json.dumps(
                {"email": "hesap@example.com"} if ok else {"code": "unauthorized"}
            ).encode()
            self.send_response(200 if ok else 401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            if self.path != "/v3/smtp/email":
                state.problems.append(f"path {self.path}")
            if self.headers.get("api-key") != API_KEY:
                self.send_response(401)
                self.end_headers()
                return
            for name in ("sender", "to", "subject", "textContent", "htmlContent"):
                if name not in body:
                    state.problems.append(f"missing {name}")
            key = str((body.get("headers") or {}).get("idempotencyKey"))
            try:
                uuid.UUID(key)
            except ValueError:
                state.problems.append(f"idempotencyKey {key!r} is not a UUID")
            if key in state.keys:
                return self._answer(
                    400, {"code": "duplicate_parameter", "message": "idempotencyKey already used"}
                )
            if state.status == 201:  # a refused request does not use its key up
                state.keys.add(key)
            state.mails.append(body)
            if state.drop_answers:
                state.drop_answers -= 1
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return None
            return self._answer(
                state.status,
                {"messageId": "<202611300400.1@smtp-relay.mailin.fr>"}
                if state.status == 201
                else {"code": "invalid_parameter", "message": "error"},
            )

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            answer = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

    with http_serving(Handler) as url:
        state.url = url
        settings.EMAIL_BACKEND = "anymail.backends.brevo.EmailBackend"
        settings.ANYMAIL = {"BREVO_API_KEY": API_KEY, "BREVO_API_URL": state.url + "/v3/"}
        yield state
