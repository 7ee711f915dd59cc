"""A local SMTP server (RFC 5321 over a real socket) that records exactly what a client says:
EHLO, AUTH PLAIN / AUTH LOGIN credentials, MAIL FROM, RCPT TO and the DATA of each message.

It requires authentication before MAIL FROM, answers wrong credentials with 535, can refuse
recipients (e.g. 550) and does not offer STARTTLS (a client that insists gets an error). Each
message must carry exactly one RFC 5322 `Message-ID: <left@right>` header (a receiving system
drops a second copy by it).
"""

from __future__ import annotations

import base64
import contextlib
import re
import socketserver
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from typing import Any

import pytest

USERNAME = "bildirim@example.com"
PASSWORD = "smtp-parola-Gizli-1"


@dataclass
class ReceivedMail:
    auth: tuple[str, str]
    mail_from: str
    rcpt_to: list[str]
    data: bytes

    @property
    def message_id(self) -> str:
        return str(message_from_bytes(self.data).get("Message-ID", ""))


@dataclass
class FakeSmtp:
    host: str = "127.0.0.1"
    port: int = 0
    mails: list[ReceivedMail] = field(default_factory=list)
    # Each session's commands, AUTH lines with their credentials replaced by "***".
    sessions: list[list[str]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rcpt_reply: str = ""  # e.g. "550 5.1.1 User unknown"
    # Seconds between taking a message (it is queued, it will be delivered) and saying "250"
    # (a client can die meanwhile, like with a real server).
    answer_delay: float = 0.0


_MESSAGE_ID = re.compile(r"<[^<>@\s]+@[^<>@\s]+>")


def _message_id_problem(data: bytes) -> str | None:
    values = message_from_bytes(data).get_all("Message-ID") or []
    if len(values) != 1:
        return f"{len(values)} Message-ID headers"
    if not _MESSAGE_ID.fullmatch(str(values[0]).strip()):
        return f"malformed Message-ID {values[0]!r}"
    return None


def _address(argument: str) -> str:
    start, end = argument.find("<"), argument.find(">")
    return argument[start + 1 : end] if start != -1 and end > start else ""


def _handler(state: FakeSmtp) -> type[socketserver.StreamRequestHandler]:
    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            # The client may be gone (e.g. a worker killed mid-send).
            with contextlib.suppress(OSError):
                self.wfile.write(line.encode() + b"\r\n")

        def read(self) -> str:
            return self.rfile.readline().decode("utf-8", "replace").rstrip("\r\n")

        def credentials(self, plain: str) -> tuple[str, str]:
            try:
                _authzid, user, password = base64.b64decode(plain).decode().split("\0")
            except ValueError:
                return "", ""
            return user, password

        def handle(self) -> None:
            commands: list[str] = []
            state.sessions.append(commands)
            auth: tuple[str, str] | None = None
            mail_from, rcpt_to = "", list[str]()
            self.reply("220 fake.smtp.local ESMTP ready")
            while True:
                line = self.read()
                if not line:
                    return
                verb, _, argument = line.partition(" ")
                verb = verb.upper()
                commands.append(f"AUTH {argument.split(' ')[0]} ***" if verb == "AUTH" else line)
                if verb in ("EHLO", "HELO"):
                    self.wfile.write(
                        b"250-fake.smtp.local\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n"
                        b"250 SIZE 10240000\r\n"
                    )
                elif verb == "AUTH":
                    mechanism, _, initial = argument.partition(" ")
                    if mechanism.upper() == "PLAIN":
                        if not initial:
                            self.reply("334 ")
                            initial = self.read()
                        user, password = self.credentials(initial)
                    elif mechanism.upper() == "LOGIN":
                        self.reply("334 VXNlcm5hbWU6")
                        user = base64.b64decode(self.read()).decode()
                        self.reply("334 UGFzc3dvcmQ6")
                        password = base64.b64decode(self.read()).decode()
                    else:
                        self.reply("504 5.5.4 Unrecognized authentication type")
                        continue
                    state.logins.append((user, password))
                    if (user, password) == (USERNAME, PASSWORD):
                        auth = (user, password)
                        self.reply("235 2.7.0 Authentication successful")
                    else:
                        self.reply("535 5.7.8 Authentication credentials invalid")
                elif verb == "STARTTLS":
                    self.reply("502 5.5.1 STARTTLS not offered")
                elif verb == "MAIL":
                    if auth is None:
                        self.reply("530 5.7.0 Authentication required")
                        continue
                    mail_from, rcpt_to = _address(argument), []
                    self.reply("250 2.1.0 OK")
                elif verb == "RCPT":
                    if state.rcpt_reply:
                        self.reply(state.rcpt_reply)
                        continue
                    rcpt_to.append(_address(argument))
                    self.reply("250 2.1.5 OK")
                elif verb == "DATA":
                    if not (mail_from and rcpt_to):
                        self.reply("503 5.5.1 Bad sequence of commands")
                        continue
                    self.reply("354 End data with <CR><LF>.<CR><LF>")
                    lines = []
                    while True:
                        raw = self.rfile.readline()
                        if raw in (b".\r\n", b""):
                            break
                        if not raw.endswith(b"\r\n"):
                            state.problems.append("a DATA line not ended by CRLF")
                        lines.append(raw[1:] if raw.startswith(b"..") else raw)
                    assert auth is not None
                    data = b"".join(lines)
                    problem = _message_id_problem(data)
                    if problem:
                        state.problems.append(problem)
                        self.reply("554 5.6.0 Message-ID required")
                        continue
                    state.mails.append(ReceivedMail(auth, mail_from, rcpt_to, data))
                    if state.answer_delay:
                        time.sleep(state.answer_delay)
                    self.reply("250 2.0.0 OK queued as FAKE1")
                elif verb in ("RSET", "NOOP"):
                    self.reply("250 2.0.0 OK")
                elif verb == "QUIT":
                    self.reply("221 2.0.0 Bye")
                    return
                else:
                    state.problems.append(f"unexpected command {line!r}")
                    self.reply("502 5.5.2 Command not recognized")

    return Handler


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture
def fake_smtp() -> Iterator[FakeSmtp]:
    state = FakeSmtp()
    server = _Server(("127.0.0.1", 0), _handler(state))
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def smtp_config(state: FakeSmtp, **overrides: Any) -> dict[str, str]:
    return {
        "host": state.host,
        "port": str(state.port),
        "tls_mode": "none",
        "username": USERNAME,
        "from_email": "BanaYeni SanaEski <bildirim@example.com>",
        **overrides,
    }
