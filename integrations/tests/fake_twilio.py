"""A local stand-in for Twilio's Messages API that checks the exact wire format over real HTTP.

It accepts only what Twilio documents: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
HTTP Basic auth `AccountSid:AuthToken`, a form-encoded body with `To`, `Body` and exactly one of
`From`/`MessagingServiceSid`. Anything else is answered the way Twilio would (401/404/400 with
Twilio's error object) and recorded in `problems`, so a test can assert there were none.
"""

from __future__ import annotations

import base64
import contextlib
import json
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs

import pytest

from integrations.tests.http_fake import http_serving

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "fake-twilio-auth-token"
FROM_NUMBER = "+15005550006"
MESSAGES_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"


@dataclass
class ReceivedSms:
    to: str
    body: str
    sender: str  # the From number or the MessagingServiceSid
    sid: str
    status_callback: str = ""
    content_sid: str = ""
    content_variables: str = ""
    created: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass
class FakeTwilio:
    url: str = ""
    messages: list[ReceivedSms] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # What the next requests get: "ok", an HTTP status (400, 500…) answered with its usual error,
    # or (HTTP status, Twilio error code), e.g. (400, 21610) for a recipient who replied STOP.
    answer: int | str | tuple[int, int] = "ok"
    # One answer per coming request, before `answer` applies again: e.g. [500, 500, "ok"].
    script: list[int | str | tuple[int, int]] = field(default_factory=list)
    requests_seen: int = 0
    # Seconds to wait after accepting a message and before answering (a worker can die meanwhile:
    # like the real Twilio, the message is sent even if nobody reads the answer).
    answer_delay: float = 0.0

    def codes(self) -> list[str]:
        """The six-digit codes of the messages received, oldest first."""
        return [message.body.rsplit(" ", 1)[-1] for message in self.messages]


_ERRORS = {
    400: (21211, "The 'To' number is not a valid phone number."),
    401: (20003, "Authenticate"),
    404: (20404, "The requested resource was not found"),
    405: (20004, "Method not allowed"),
    429: (20429, "Too Many Requests"),
    500: (20500, "Internal Server Error"),
    503: (20503, "Service Unavailable"),
}


# Twilio's messages for codes a test scripts explicitly (the others get the HTTP status's).
_CODE_MESSAGES = {
    21610: "Attempt to send to unsubscribed recipient",
    21614: "'To' number is not a valid mobile number",
    21617: "The concatenated message body exceeds the 1600 character limit",
}


def _handler(state: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

        def _reply(self, status: int, body: dict[str, Any]) -> None:
            # A client that died waiting (a killed worker) gets nothing; the SMS is sent anyway.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._write(status, body)

        def _write(self, status: int, body: dict[str, Any]) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _error(self, status: int, problem: str | None = None, code: int | None = None) -> None:
            if problem:
                state.problems.append(problem)
            usual_code, message = _ERRORS.get(status, (20500, "Error"))
            if code is not None:
                message = _CODE_MESSAGES.get(code, message)
            code = code or usual_code
            self._reply(
                status,
                {
                    "code": code,
                    "message": message,
                    "more_info": f"https://www.twilio.com/docs/errors/{code}",
                    "status": status,
                },
            )

        def _authorised(self) -> bool:
            expected = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
            return self.headers.get("Authorization") == expected

        def _list_messages(self, query: str) -> None:
            """Twilio's message list: `To` and `DateSent>` (on or after that UTC day) filters."""
            if not self._authorised():
                return self._error(401)
            params = {key: values[0] for key, values in parse_qs(query).items()}
            after = params.get("DateSent>", "")
            found = [
                message
                for message in state.messages
                if message.to == params.get("To", message.to)
                and (not after or message.created.date().isoformat() >= after)
            ]
            return self._reply(
                200,
                {
                    "messages": [
                        {
                            "sid": message.sid,
                            "to": message.to,
                            "body": message.body,
                            "status": "sent",
                            "date_created": format_datetime(message.created),
                        }
                        for message in found
                    ],
                    "page": 0,
                    "page_size": int(params.get("PageSize", "50")),
                },
            )

        def do_GET(self) -> None:
            state.requests_seen += 1
            path, _, query = self.path.partition("?")
            if path == MESSAGES_PATH:
                return self._list_messages(query)
            if self.path != f"/2010-04-01/Accounts/{ACCOUNT_SID}.json":
                return self._error(405, f"GET {self.path}: messages are created with POST")
            expected = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
            if self.headers.get("Authorization") != expected:
                return self._error(401)
            return self._reply(
                200, {"sid": ACCOUNT_SID, "status": "active", "friendly_name": "BanaYeni SanaEski"}
            )

        def do_POST(self) -> None:
            state.requests_seen += 1
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            if self.path != MESSAGES_PATH:
                return self._error(404, f"unexpected path {self.path}")
            expected = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
            if self.headers.get("Authorization") != f"Basic {expected}":
                return self._error(401, "missing or wrong HTTP Basic credentials")
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if content_type != "application/x-www-form-urlencoded":
                return self._error(400, f"Content-Type {content_type!r} is not form-encoded")
            form = parse_qs(raw, keep_blank_values=True, strict_parsing=True)
            repeated = [name for name, values in form.items() if len(values) != 1]
            senders = [name for name in ("From", "MessagingServiceSid") if name in form]
            allowed = {"To", "Body", "From", "MessagingServiceSid", "StatusCallback"}
            allowed |= {"ContentSid", "ContentVariables"}
            has_content = "Body" in form or "ContentSid" in form
            unknown = set(form) - allowed
            if repeated or unknown or len(senders) != 1 or "To" not in form or not has_content:
                return self._error(400, f"unexpected form fields {sorted(form)}")
            fields = {name: values[0] for name, values in form.items()}
            if not fields.get("StatusCallback", "https://").startswith(("https://", "http://")):
                return self._error(400, "StatusCallback is not an absolute URL")
            whatsapp = fields["To"].startswith("whatsapp:")
            if not fields["To"].removeprefix("whatsapp:").startswith("+"):
                return self._error(400, f"To={fields['To']!r} is not E.164")
            if whatsapp != fields.get("From", "").startswith("whatsapp:"):
                return self._error(400, "To and From must both be WhatsApp addresses or neither")
            if "ContentSid" in fields:
                try:
                    variables = json.loads(fields.get("ContentVariables", "{}"))
                except ValueError:
                    return self._error(400, "ContentVariables is not JSON")
                if not isinstance(variables, dict) or not all(
                    key.isdigit() and isinstance(value, str) for key, value in variables.items()
                ):
                    return self._error(400, "ContentVariables must map numbers to strings")
            answer = state.script.pop(0) if state.script else state.answer
            if isinstance(answer, tuple):
                return self._error(answer[0], code=answer[1])
            if answer != "ok":
                return self._error(int(answer))
            sid = "SM" + secrets.token_hex(16)
            sender = fields[senders[0]]
            state.messages.append(
                ReceivedSms(
                    to=fields["To"],
                    body=fields.get("Body", ""),
                    sender=sender,
                    sid=sid,
                    status_callback=fields.get("StatusCallback", ""),
                    content_sid=fields.get("ContentSid", ""),
                    content_variables=fields.get("ContentVariables", ""),
                )
            )
            if state.answer_delay:
                time.sleep(state.answer_delay)
            self._reply(
                201,
                {
                    "account_sid": ACCOUNT_SID,
                    "api_version": "2010-04-01",
                    "body": fields.get("Body", ""),
                    "direction": "outbound-api",
                    "error_code": None,
                    "error_message": None,
                    "from": fields.get("From"),
                    "messaging_service_sid": fields.get("MessagingServiceSid"),
                    "num_segments": "1",
                    "sid": sid,
                    "status": "queued",
                    "to": fields["To"],
                    "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
                },
            )

    return Handler


@pytest.fixture
def fake_twilio(settings: Any) -> Iterator[FakeTwilio]:
    """A running fake Twilio, with SMS_BACKEND pointed at it through the real Twilio adapter."""
    state = FakeTwilio()
    with http_serving(_handler(state)) as url:
        state.url = url
        settings.SMS_BACKEND = "integrations.sms.backends.twilio.TwilioSmsBackend"
        settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
        settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
        settings.TWILIO_FROM_NUMBER = FROM_NUMBER
        settings.TWILIO_MESSAGING_SERVICE_SID = ""
        settings.TWILIO_API_BASE_URL = state.url
        yield state


@pytest.fixture
def sms_outbox(settings: Any) -> Iterator[list[Any]]:
    """The locmem SMS backend's outbox, empty at the start of the test."""
    from integrations import sms

    settings.SMS_BACKEND = "integrations.sms.backends.locmem.LocmemSmsBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()
