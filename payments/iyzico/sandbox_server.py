"""The local iyzico sandbox's HTTP side: checks the IYZWSv2 authorization exactly as iyzico
does, routes iyzipay's endpoints to sandbox_state, serves the hosted payment page, and optionally
posts a signed webhook (X-IYZ-SIGNATURE-V3) to the merchant after each checkout form payment.

Authorization (iyzipay 1.0.46 `get_http_header_v2`; docs "HMACSHA256 Auth"): header
`Authorization: IYZWSv2 base64("apiKey:<k>&randomKey:<r>&signature:<hex>")`, hex =
HMAC-SHA256(secretKey, r + uri path + body), and `x-iyzi-rnd: <r>`.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
import threading
import time
import urllib.request
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

from payments.iyzico import sandbox_pages, signing
from payments.iyzico.sandbox_state import SandboxRequestError, SandboxState
from payments.iyzico.webhooks import SIGNATURE_HEADER, webhook_signature

logger = logging.getLogger(__name__)

_MAX_BODY_BYTES = 1_000_000
# (method, path) -> SandboxState operation. iyzipay 1.0.46 initializes the checkout form at
# .../initialize/ecom; iyzico's current docs name .../initialize/auth/ecom: both are served.
_API_ROUTES: dict[tuple[str, str], str] = {
    ("POST", "/payment/iyzipos/checkoutform/initialize/ecom"): "checkout_form_initialize",
    ("POST", "/payment/iyzipos/checkoutform/initialize/auth/ecom"): "checkout_form_initialize",
    ("POST", "/payment/iyzipos/checkoutform/auth/ecom/detail"): "checkout_form_retrieve",
    ("POST", "/payment/iyzipos/installment"): "installment_info",
    ("POST", "/payment/iyzipos/item/approve"): "item_approve",
    ("POST", "/payment/iyzipos/item/disapprove"): "item_disapprove",
    ("POST", "/payment/cancel"): "payment_cancel",
    ("POST", "/payment/refund"): "refund",
    ("POST", "/onboarding/submerchant"): "sub_merchant_create",
    ("PUT", "/onboarding/submerchant"): "sub_merchant_update",
}


def authorization_error(
    *, state: SandboxState, headers: Any, path: str, body: str
) -> tuple[str, str] | None:
    """None when the request is signed with the sandbox's key pair, else iyzico's
    (errorCode, errorMessage): 1001 for an unknown API key, 1000 for a bad signature."""
    header = headers.get("Authorization") or ""
    if not header.startswith("IYZWSv2 "):
        return ("1000", "Geçersiz imza")
    try:
        decoded = base64.b64decode(header[len("IYZWSv2 ") :], validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return ("1000", "Geçersiz imza")
    parts = dict(pair.split(":", 1) for pair in decoded.split("&") if ":" in pair)
    if not hmac.compare_digest(parts.get("apiKey", ""), state.api_key):
        return ("1001", "api bilgileri bulunamadı")
    random_key = parts.get("randomKey", "")
    if not random_key or headers.get("x-iyzi-rnd") != random_key:
        return ("1000", "Geçersiz imza")
    expected = signing.authorization_header(
        api_key=state.api_key,
        secret_key=state.secret_key,
        random_key=random_key,
        uri_path=path,
        body=body,
    )
    if not hmac.compare_digest(expected, header):
        return ("1000", "Geçersiz imza")
    return None


def webhook_send(*, state: SandboxState, payload: dict[str, Any]) -> None:
    """POSTs one HPP-format webhook to the merchant, signed as iyzico signs (fire and forget)."""
    data = json.dumps(payload).encode()
    if not state.webhook_url.startswith(("http://", "https://")):
        raise ValueError("webhook_url must be an http(s) URL")
    request = urllib.request.Request(state.webhook_url, data=data, method="POST")  # noqa: S310
    request.add_header("Content-Type", "application/json")
    request.add_header(
        SIGNATURE_HEADER, webhook_signature(secret_key=state.secret_key, payload=payload)
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (configured URL)
            response.read()
    except OSError:
        logger.warning("iyzico sandbox: webhook to %s failed", state.webhook_url)


class SandboxHandler(BaseHTTPRequestHandler):
    state: ClassVar[SandboxState]
    server_version = "iyzico-sandbox/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("iyzico sandbox: " + format, *args)

    def _send(self, status: int, content: str, content_type: str) -> None:
        data = content.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, body: dict[str, Any]) -> None:
        self._send(
            status,
            json.dumps(body, ensure_ascii=False, default=_json_default),
            "application/json;charset=UTF-8",
        )

    def _body(self) -> str:
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY_BYTES:
            raise SandboxRequestError("11", "İstek çok büyük")
        return self.rfile.read(length).decode("utf-8")

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != "/checkoutform/pay":
            self._send(
                404,
                sandbox_pages.error_page(message="Sayfa bulunamadı"),
                "text/html; charset=utf-8",
            )
            return
        token = (parse_qs(parts.query).get("token") or [""])[0]
        form = self.state.checkout_forms.get(token)
        if form is None:
            self._send(
                404,
                sandbox_pages.error_page(message="Ödeme formu bulunamadı"),
                "text/html; charset=utf-8",
            )
            return
        page = sandbox_pages.payment_page(
            token=token,
            price=Decimal(str(form.request["paidPrice"])),
            basket_id=str(form.request.get("basketId", "")),
        )
        self._send(200, page, "text/html; charset=utf-8")

    def do_PUT(self) -> None:
        self._api("PUT")

    def do_POST(self) -> None:
        if urlsplit(self.path).path == "/checkoutform/pay":
            self._payment_page_submit()
        else:
            self._api("POST")

    def _payment_page_submit(self) -> None:
        try:
            fields = {key: values[0] for key, values in parse_qs(self._body()).items()}
            form = self.state.checkout_form_pay(
                token=fields.get("token", ""),
                card_number=fields.get("cardNumber", ""),
                expire_month=fields.get("expireMonth", ""),
                expire_year=fields.get("expireYear", ""),
                cvc=fields.get("cvc", ""),
            )
        except SandboxRequestError as error:
            self._send(
                409,
                sandbox_pages.error_page(message=error.error_message),
                "text/html; charset=utf-8",
            )
            return
        if self.state.webhook_url:
            payload = {
                "paymentConversationId": form.api_conversation_id,
                "merchantId": 3382172,
                "token": form.token,
                "status": form.payment_status,
                "iyziReferenceCode": f"{form.token}-{form.payment_status}",
                "iyziEventType": "CHECKOUT_FORM_AUTH",
                "iyziEventTime": int(time.time() * 1000),
                "iyziPaymentId": int(form.payment_id),
            }
            threading.Thread(
                target=webhook_send, kwargs={"state": self.state, "payload": payload}, daemon=True
            ).start()
        page = sandbox_pages.callback_redirect_page(
            callback_url=form.request["callbackUrl"], token=form.token
        )
        self._send(200, page, "text/html; charset=utf-8")

    def _api(self, method: str) -> None:
        path = urlsplit(self.path).path
        request: dict[str, Any] = {}
        try:
            body = self._body()
            operation = _API_ROUTES.get((method, path))
            if operation is None:
                self._json(
                    404,
                    SandboxState.failure({}, code="SANDBOX_NOT_FOUND", message="Servis bulunamadı"),
                )
                return
            denied = authorization_error(
                state=self.state, headers=self.headers, path=path, body=body
            )
            if denied is not None:
                self._json(401, SandboxState.failure({}, code=denied[0], message=denied[1]))
                return
            if self.state.delay_seconds:
                time.sleep(self.state.delay_seconds)
            parsed = json.loads(body) if body else {}
            request = parsed if isinstance(parsed, dict) else {}
            if operation == "item_approve":
                answer = self.state.item_approve(request, approve=True)
            elif operation == "item_disapprove":
                answer = self.state.item_approve(request, approve=False)
            else:
                answer = getattr(self.state, operation)(request)
        except SandboxRequestError as error:
            self._json(
                400,
                SandboxState.failure(request, code=error.error_code, message=error.error_message),
            )
            return
        except ValueError:
            self._json(400, SandboxState.failure({}, code="11", message="Geçersiz istek"))
            return
        self._json(200, answer)


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def server_create(*, state: SandboxState, host: str, port: int) -> ThreadingHTTPServer:
    """A server bound to (host, port) (port 0: a free one) with its own handler class, so two
    sandboxes in one process keep separate state; `state.base_url` set to where it listens."""
    handler = type("BoundSandboxHandler", (SandboxHandler,), {"state": state})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.block_on_close = False
    state.base_url = f"http://{host}:{server.server_address[1]}"
    return server
