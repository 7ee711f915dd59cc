"""Test helpers for the iyzico adapter: a merchant callback receiver, a checkout page driver
(plain HTTP, the way a browser posts the forms) and a tampering proxy in front of the sandbox."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urljoin

import requests

from payments.iyzico.types import Address, BasketItem, Buyer

API_KEY = "sandbox-test-api-key"
SECRET_KEY = "sandbox-test-secret-key"

BUYER = Buyer(
    id="BY789",
    name="Ayşe",
    surname="Yılmaz",
    gsm_number="+905350000000",
    email="ayse@example.com",
    identity_number="74300864791",
    registration_address="Nidakule Göztepe, Merdivenköy Mah. Bora Sok. No:1",
    ip="85.34.78.112",
    city="Istanbul",
)
ADDRESS = Address(contact_name="Ayşe Yılmaz", city="Istanbul", address="Bora Sok. No:1")


def basket_item(
    *, sub_merchant_key: str, price: str = "1250.00", share: str = "1150.00"
) -> BasketItem:
    return BasketItem(
        id="part-42",
        name="Ön fren balatası",
        category1="Fren",
        price=Decimal(price),
        sub_merchant_key=sub_merchant_key,
        sub_merchant_price=Decimal(share),
    )


class _Form(HTMLParser):
    """The first form of a page: its action and input values."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: dict[str, str] = {}
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "form" and not self.action and not self._done:
            self.action = values.get("action", "")
        elif tag == "input" and not self._done and values.get("name"):
            self.fields[values["name"]] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._done = True


def form_of(page: str) -> _Form:
    parser = _Form()
    parser.feed(page)
    return parser


def checkout_page_pay(payment_page_url: str, **overrides: str) -> requests.Response:
    """GET the payment page, POST its form (with `overrides`, e.g. cardNumber), then follow the
    auto-submitting form to the merchant's callbackUrl, as the browser would."""
    back = checkout_page_submit(payment_page_url, **overrides)
    return requests.post(back.action, data=back.fields, timeout=5)


def checkout_page_submit(payment_page_url: str, **overrides: str) -> _Form:
    """GET the payment page, POST its form (with `overrides`, e.g. cardNumber) and return the
    auto-submitting form that takes the browser back to the merchant (action = callbackUrl)."""
    page = requests.get(payment_page_url, timeout=5)
    page.raise_for_status()
    form = form_of(page.text)
    assert form.fields["cardNumber"] == "5528790000000008"
    answer = requests.post(
        urljoin(payment_page_url, form.action), data=form.fields | overrides, timeout=5
    )
    answer.raise_for_status()
    return form_of(answer.text)


@contextmanager
def merchant_receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A tiny merchant: records each POST (form or JSON, with headers); yields (url, records)."""
    records: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            records.append({"path": self.path, "headers": dict(self.headers), "body": raw})
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    with serving(Handler) as url:
        yield url, records


def callback_token(record: dict[str, Any]) -> str:
    return parse_qs(record["body"].decode())["token"][0]


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def tampering_proxy(upstream: str, tamper: Callable[[dict[str, Any]], None]) -> Iterator[str]:
    """Forwards requests byte for byte (so the IYZWSv2 signature still holds) and lets `tamper`
    change the JSON answer: a man in the middle."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {
                key: value
                for key, value in self.headers.items()
                if key.lower() in {"authorization", "x-iyzi-rnd", "content-type"}
            }
            answer = requests.post(upstream + self.path, data=raw, headers=headers, timeout=5)
            body = answer.json()
            tamper(body)
            data = json.dumps(body).encode()
            self.send_response(answer.status_code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    with serving(Handler) as url:
        yield url
