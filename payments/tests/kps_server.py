"""A local stand-in for NVİ's KPSPublic.asmx (a thread in the test process) that checks the wire
format the service documents and answers like it: SOAP 1.1 (text/xml, a quoted SOAPAction header)
or 1.2 (application/soap+xml with the action parameter), a document/literal
`TCKimlikNoDogrula` in the http://tckimlik.nvi.gov.tr/WS namespace with TCKimlikNo, Ad, Soyad and
DogumYili, and a `TCKimlikNoDogrulaResponse/TCKimlikNoDogrulaResult` of true or false."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from lxml import etree

WS = "http://tckimlik.nvi.gov.tr/WS"
ACTION = "http://tckimlik.nvi.gov.tr/WS/TCKimlikNoDogrula"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
PATH = "/Service/KPSPublic.asmx"


@dataclass
class KpsServer:
    url: str
    # (TCKimlikNo, Ad, Soyad, DogumYili) that exist in the register.
    people: set[tuple[int, str, str, int]] = field(default_factory=set)
    mode: str = "answer"  # "answer", "fault", "slow", "html"
    requests: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _response(envelope_ns: str, result: bool) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>'
        f'<soap:Envelope xmlns:soap="{envelope_ns}" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>'
        f'<TCKimlikNoDogrulaResponse xmlns="{WS}">'
        f"<TCKimlikNoDogrulaResult>{'true' if result else 'false'}</TCKimlikNoDogrulaResult>"
        f"</TCKimlikNoDogrulaResponse></soap:Body></soap:Envelope>"
    ).encode()


def _fault(envelope_ns: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{envelope_ns}">'
        "<soap:Body><soap:Fault><faultcode>soap:Server</faultcode>"
        "<faultstring>Server was unable to process request.</faultstring>"
        "</soap:Fault></soap:Body></soap:Envelope>"
    ).encode()


def _handler(server: KpsServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            content_type = self.headers.get("Content-Type", "")
            soap_action = self.headers.get("SOAPAction")
            if content_type.startswith("text/xml"):
                envelope_ns = SOAP11
                if soap_action != f'"{ACTION}"':
                    server.problems.append(f"SOAPAction {soap_action!r}")
            elif content_type.startswith("application/soap+xml"):
                envelope_ns = SOAP12
                if f'action="{ACTION}"' not in content_type:
                    server.problems.append(f"SOAP 1.2 action missing: {content_type!r}")
            else:
                server.problems.append(f"Content-Type {content_type!r}")
                envelope_ns = SOAP11
            if self.path != PATH:
                server.problems.append(f"path {self.path!r}")
            root = etree.fromstring(body)
            operation = root.find(f"{{{envelope_ns}}}Body/{{{WS}}}TCKimlikNoDogrula")
            if root.tag != f"{{{envelope_ns}}}Envelope" or operation is None:
                server.problems.append(f"envelope {body[:300]!r}")
                self._send(400, b"bad request", "text/plain")
                return
            names = [etree.QName(child).localname for child in operation]
            if names != ["TCKimlikNo", "Ad", "Soyad", "DogumYili"]:
                server.problems.append(f"elements {names}")
            if any(etree.QName(child).namespace != WS for child in operation):
                server.problems.append("elements outside the WS namespace")
            values = {etree.QName(child).localname: child.text for child in operation}
            server.requests.append({"content_type": content_type, **values})
            if server.mode == "slow":
                time.sleep(2)
            if server.mode == "fault":
                self._send(500, _fault(envelope_ns), content_type.split(";")[0])
                return
            if server.mode == "html":
                self._send(503, b"<html>Service Unavailable</html>", "text/html")
                return
            person = (
                int(values["TCKimlikNo"] or 0),
                values["Ad"] or "",
                values["Soyad"] or "",
                int(values["DogumYili"] or 0),
            )
            self._send(200, _response(envelope_ns, person in server.people), content_type)

        def _send(self, status: int, payload: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


@contextmanager
def kps_server_running() -> Iterator[KpsServer]:
    state = KpsServer(url="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}{PATH}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
