"""A local stand-in for Meta's WhatsApp Cloud API that checks the documented request over HTTP.

It accepts only `POST /{version}/{phone-number-id}/messages` with `Authorization: Bearer <token>`,
`Content-Type: application/json` and a template message body as Meta documents it (with the
optional top-level `biz_opaque_callback_data`, a string of at most 512 characters that Meta hands
back in the message's status webhooks); anything else gets Meta's error object and is recorded in
`problems`.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from integrations.tests.http_fake import http_serving

VERSION = "v21.0"
PHONE_NUMBER_ID = "106540352242922"
ACCESS_TOKEN = "EAAfakeMetaAccessToken"
APP_SECRET = "fake-meta-app-secret"
VERIFY_TOKEN = "fake-verify-token"


@dataclass
class ReceivedWhatsApp:
    to: str
    template: str
    language: str
    parameters: list[str]
    message_id: str
    callback_data: str = ""


@dataclass
class FakeMeta:
    url: str = ""
    messages: list[ReceivedWhatsApp] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # One answer per coming request ("ok" or an HTTP status with a Graph error code), then "ok".
    script: list[tuple[int, int] | str] = field(default_factory=list)
    # Seconds to wait after accepting a message and before answering (a worker can die
    # meanwhile: like Meta, the message is sent even if nobody reads the answer).
    answer_delay: float = 0.0


def _check_body(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "body is not a JSON object"
    expected_keys = {"messaging_product", "recipient_type", "to", "type", "template"}
    if set(body) - {"biz_opaque_callback_data"} != expected_keys:
        return f"unexpected keys {sorted(body)}"
    callback_data = body.get("biz_opaque_callback_data", "")
    if not isinstance(callback_data, str) or len(callback_data) > 512:
        return f"biz_opaque_callback_data {callback_data!r}"
    if body["messaging_product"] != "whatsapp" or body["type"] != "template":
        return "not a WhatsApp template message"
    if body["recipient_type"] != "individual" or not re.fullmatch(r"[1-9]\d{7,14}", body["to"]):
        return f"bad recipient {body['to']!r}"
    template = body["template"]
    if not isinstance(template, dict) or not template.get("name"):
        return "template name missing"
    if template.get("language") != {"code": "tr"}:
        return f"language {template.get('language')!r}"
    for component in template.get("components", []):
        if component.get("type") != "body":
            return "only body components are sent"
        for parameter in component.get("parameters", []):
            if set(parameter) != {"type", "text"} or parameter["type"] != "text":
                return f"bad parameter {parameter!r}"
    return None


def _handler(state: FakeMeta) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _reply(self, status: int, body: dict[str, Any]) -> None:
            raw = json.dumps(body).encode()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        def _error(self, status: int, code: int, message: str, problem: str | None = None) -> None:
            if problem:
                state.problems.append(problem)
            error = {
                "message": message,
                "type": "OAuthException",
                "code": code,
                "fbtrace_id": secrets.token_hex(8),
            }
            self._reply(status, {"error": error})

        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            if path != f"/{VERSION}/{PHONE_NUMBER_ID}" or "fields=" not in query:
                return self._error(404, 100, "Unknown path", f"GET {self.path}")
            if self.headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
                return self._error(401, 190, "Invalid OAuth access token.")
            return self._reply(
                200,
                {
                    "display_phone_number": "+90 532 123 45 67",
                    "verified_name": "BanaYeni SanaEski",
                    "id": PHONE_NUMBER_ID,
                },
            )

        def do_POST(self) -> None:
            if self.path != f"/{VERSION}/{PHONE_NUMBER_ID}/messages":
                return self._error(404, 100, "Unknown path", f"path {self.path}")
            if self.headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
                return self._error(401, 190, "Invalid OAuth access token.", "bad token")
            if self.headers.get("Content-Type") != "application/json":
                return self._error(400, 100, "Invalid parameter", "not JSON")
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length))
            except ValueError:
                return self._error(400, 100, "Invalid parameter", "unparsable JSON")
            problem = _check_body(body)
            if problem:
                return self._error(400, 100, "Invalid parameter", problem)
            answer = state.script.pop(0) if state.script else "ok"
            if isinstance(answer, tuple):
                status, code = answer
                return self._error(status, code, "Scripted failure")
            message_id = "wamid." + secrets.token_urlsafe(24)
            template = body["template"]
            parameters = [
                parameter["text"]
                for component in template.get("components", [])
                for parameter in component["parameters"]
            ]
            state.messages.append(
                ReceivedWhatsApp(
                    to=body["to"],
                    template=template["name"],
                    language=template["language"]["code"],
                    parameters=parameters,
                    message_id=message_id,
                    callback_data=body.get("biz_opaque_callback_data", ""),
                )
            )
            if state.answer_delay:
                time.sleep(state.answer_delay)
            self._reply(
                200,
                {
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                    "messages": [{"id": message_id}],
                },
            )

    return Handler


@pytest.fixture
def fake_meta(settings: Any) -> Iterator[FakeMeta]:
    """A running fake WhatsApp Cloud API with WHATSAPP_BACKEND pointed at it."""
    state = FakeMeta()
    with http_serving(_handler(state)) as url:
        state.url = url
        settings.WHATSAPP_BACKEND = (
            "integrations.whatsapp.backends.meta_cloud.MetaCloudWhatsAppBackend"
        )
        settings.WHATSAPP_CLOUD_API_BASE_URL = state.url
        settings.WHATSAPP_CLOUD_API_VERSION = VERSION
        settings.WHATSAPP_CLOUD_PHONE_NUMBER_ID = PHONE_NUMBER_ID
        settings.WHATSAPP_CLOUD_ACCESS_TOKEN = ACCESS_TOKEN
        settings.WHATSAPP_CLOUD_APP_SECRET = APP_SECRET
        settings.WHATSAPP_CLOUD_VERIFY_TOKEN = VERIFY_TOKEN
        yield state
