"""Local stand-ins for Netgsm's REST v2 and İleti Merkezi's JSON API that check the documented
request (method, path, auth, body) over real HTTP and answer as the providers do: sending, and
the balance queries behind "Bağlantıyı test et"."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
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

NETGSM_USERCODE = "8503001122"
NETGSM_PASSWORD = "netgsm-password"
NETGSM_HEADER = "BANAYENI"
ILETI_KEY = "ileti-api-key"
ILETI_SECRET = "ileti-secret"
ILETI_SENDER = "BANAYENI"


@dataclass
class ReceivedTurkishSms:
    number: str  # national, 10 digits
    text: str
    message_id: str


@dataclass
class FakeProvider:
    url: str = ""
    messages: list[ReceivedTurkishSms] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # Provider codes for the coming requests ("00"/"200" success), one each.
    script: list[str] = field(default_factory=list)
    balance_queries: int = 0  # well-formed, authenticated balance queries answered
    header_queries: int = 0  # well-formed, authenticated sender-name queries answered (Netgsm)
    approved_headers: list[str] = field(default_factory=lambda: [NETGSM_HEADER, "BASKAFIRMA"])
    # Seconds to wait before answering (a provider that does not answer in time).
    answer_delay: float = 0.0


def _json_handler(
    state: FakeProvider, check: Any, get_check: Any = None
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _reply(self, status: int, body: dict[str, Any]) -> None:
            raw = json.dumps(body, ensure_ascii=False).encode()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length))
            except ValueError:
                body = None
            if not (self.headers.get("Content-Type") or "").startswith("application/json"):
                state.problems.append(f"{self.path}: not JSON")
            status, answer = check(self, body)
            if state.answer_delay:
                time.sleep(state.answer_delay)
            self._reply(status, answer)

        def do_GET(self) -> None:
            if get_check is None:  # İleti Merkezi documents POST only: a GET is a client bug
                state.problems.append(f"GET {self.path}")
                self._reply(405, {})
                return
            status, answer = get_check(self)
            if state.answer_delay:
                time.sleep(state.answer_delay)
            self._reply(status, answer)

    return Handler


NETGSM_BASIC_AUTH = (
    "Basic " + base64.b64encode(f"{NETGSM_USERCODE}:{NETGSM_PASSWORD}".encode()).decode()
)


def _netgsm_get_check(state: FakeProvider) -> Any:
    def check(handler: BaseHTTPRequestHandler) -> tuple[int, dict[str, Any]]:
        """The approved sender names: GET /sms/rest/v2/msgheader with Basic auth, no body."""
        if handler.path.split("?")[0] != "/sms/rest/v2/msgheader":
            state.problems.append(f"GET {handler.path}")
            return 404, {}
        if handler.headers.get("Authorization") != NETGSM_BASIC_AUTH:
            return 406, {"code": "30", "description": "Geçersiz kullanıcı adı, şifre"}
        code = state.script.pop(0) if state.script else "00"
        if code != "00":
            return (500 if code == "100" else 406), {"code": code, "description": "Hata"}
        state.header_queries += 1
        return 200, {"code": "00", "msgheaders": list(state.approved_headers)}

    return check


def _netgsm_check(state: FakeProvider) -> Any:
    def check(handler: BaseHTTPRequestHandler, body: Any) -> tuple[int, dict[str, Any]]:
        expected_auth = NETGSM_BASIC_AUTH
        if handler.path == "/balance":
            return _netgsm_balance(state, body)
        problem = None
        if handler.path != "/sms/rest/v2/send":
            problem = f"path {handler.path}"
        elif handler.headers.get("Authorization") != expected_auth:
            return 200, {"code": "30", "description": "Geçersiz kullanıcı adı, şifre"}
        elif not (handler.headers.get("Content-Type") or "").startswith("application/json"):
            problem = "not JSON"
        elif not isinstance(body, dict) or set(body) - {
            "msgheader",
            "encoding",
            "iysfilter",
            "messages",
        }:
            problem = f"unexpected body {body!r}"
        elif body.get("msgheader") != NETGSM_HEADER:
            return 200, {"code": "40", "description": "Mesaj başlığı sistemde tanımlı değil"}
        elif not body.get("messages") or any(
            set(item) != {"msg", "no"} or not re.fullmatch(r"5\d{9}", item["no"])
            for item in body["messages"]
        ):
            problem = f"bad messages {body.get('messages')!r}"
        if problem:
            state.problems.append(problem)
            return 200, {"code": "70", "description": "Hatalı sorgulama"}
        code = state.script.pop(0) if state.script else "00"
        if code != "00":
            return (500 if code == "100" else 200), {"code": code, "description": "Hata"}
        job = str(secrets.randbelow(10**9))
        for item in body["messages"]:
            state.messages.append(ReceivedTurkishSms(item["no"], item["msg"], job))
        return 200, {"code": "00", "description": "queued", "jobid": job}

    return check


def _ileti_check(state: FakeProvider) -> Any:
    def check(handler: BaseHTTPRequestHandler, body: Any) -> tuple[int, dict[str, Any]]:
        def status(code: str, message: str, **extra: Any) -> tuple[int, dict[str, Any]]:
            return int(code) if code != "200" else 200, {
                "response": {"status": {"code": code, "message": message}, **extra}
            }

        if handler.path not in ("/v1/send-sms/json", "/v1/get-balance/json"):
            state.problems.append(f"path {handler.path}")
            return status("400", "Geçersiz istek")
        expected_hash = hmac.new(
            ILETI_SECRET.encode(), ILETI_KEY.encode(), hashlib.sha256
        ).hexdigest()
        try:
            request = body["request"]
            auth = request["authentication"]
        except (KeyError, TypeError):
            state.problems.append(f"unexpected body {body!r}")
            return status("400", "Geçersiz istek")
        if not isinstance(auth, dict) or set(auth) != {"key", "hash"}:
            state.problems.append(f"unexpected authentication {auth!r}")
            return status("400", "Geçersiz istek")
        if auth["key"] != ILETI_KEY or auth["hash"] != expected_hash:
            return status("401", "Üyelik bilgileri hatalı")
        if handler.path == "/v1/get-balance/json":
            return _ileti_balance(state, request, status)
        try:
            order = request["order"]
            text = order["message"]["text"]
            numbers = order["message"]["receipents"]["number"]
        except (KeyError, TypeError):
            state.problems.append(f"unexpected body {body!r}")
            return status("400", "Geçersiz istek")
        if order.get("sender") != ILETI_SENDER:
            return status("450", "Gönderilen başlık kullanıma uygun değil")
        if not numbers or not all(re.fullmatch(r"5\d{9}", number) for number in numbers):
            state.problems.append(f"bad numbers {numbers!r}")
            return status("452", "Alıcı bilgileri hatalı")
        code = state.script.pop(0) if state.script else "200"
        if code != "200":
            return status(code, "Hata")
        order_id = str(secrets.randbelow(10**9))
        for number in numbers:
            state.messages.append(ReceivedTurkishSms(number, text, order_id))
        return status("200", "İşlem başarılı", order={"id": order_id})

    return check


def _netgsm_balance(state: FakeProvider, body: Any) -> tuple[int, dict[str, Any]]:
    """The credit balance (stip 2): credentials in the JSON body, as documented."""
    if not isinstance(body, dict) or set(body) != {"usercode", "password", "stip"}:
        state.problems.append(f"balance: unexpected body {body!r}")
        return 406, {"code": "70", "description": "Hatalı sorgulama"}
    if body["stip"] != 2:
        state.problems.append(f"balance: stip {body['stip']!r}")
        return 406, {"code": "70", "description": "Hatalı sorgulama"}
    if (body["usercode"], body["password"]) != (NETGSM_USERCODE, NETGSM_PASSWORD):
        return 406, {
            "code": "30",
            "description": "Geçersiz kullanıcı adı, şifre veya API erişim izniniz yok",
        }
    code = state.script.pop(0) if state.script else "00"
    if code != "00":
        return (500 if code == "100" else 406), {"code": code, "description": "Hata"}
    state.balance_queries += 1
    return 200, {"code": "00", "balance": "57,860"}


def _ileti_balance(state: FakeProvider, request: Any, status: Any) -> tuple[int, dict[str, Any]]:
    """The balance: the request holds the authentication and nothing else."""
    if not isinstance(request, dict) or set(request) != {"authentication"}:
        state.problems.append(f"balance: unexpected request {request!r}")
        return status("400", "Geçersiz istek")
    code = state.script.pop(0) if state.script else "200"
    if code != "200":
        return status(code, "Hata")
    state.balance_queries += 1
    return status("200", "İşlem başarılı", balance={"amount": "125.50", "sms": "1045"})


@contextlib.contextmanager
def _serving(state: FakeProvider, check: Any, get_check: Any = None) -> Iterator[FakeProvider]:
    with http_serving(_json_handler(state, check, get_check)) as url:
        state.url = url
        yield state


@pytest.fixture
def fake_netgsm(settings: Any) -> Iterator[FakeProvider]:
    state = FakeProvider()
    with _serving(state, _netgsm_check(state), _netgsm_get_check(state)):
        settings.SMS_BACKEND = "integrations.sms.backends.netgsm.NetgsmSmsBackend"
        settings.NETGSM_API_BASE_URL = state.url
        settings.NETGSM_USERCODE = NETGSM_USERCODE
        settings.NETGSM_PASSWORD = NETGSM_PASSWORD
        settings.NETGSM_MSGHEADER = NETGSM_HEADER
        yield state


@pytest.fixture
def fake_iletimerkezi(settings: Any) -> Iterator[FakeProvider]:
    state = FakeProvider()
    with _serving(state, _ileti_check(state)):
        settings.SMS_BACKEND = "integrations.sms.backends.iletimerkezi.IletiMerkeziSmsBackend"
        settings.ILETIMERKEZI_API_BASE_URL = state.url
        settings.ILETIMERKEZI_API_KEY = ILETI_KEY
        settings.ILETIMERKEZI_API_SECRET = ILETI_SECRET
        settings.ILETIMERKEZI_SENDER = ILETI_SENDER
        yield state
