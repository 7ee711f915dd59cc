"""nginx in front of the site (deploy/nginx.conf.template, as `make serve` renders it): the
listing form's phone photos fit its body limit, the API keeps a small one, and a body over the
limit gets a Turkish page."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import BASE_DIR, free_port
from parts.images import PAGE_MAX_UPLOAD_BYTES
from parts.models import MAX_IMAGES_PER_PART

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed")
MB = 1024 * 1024


class _Upstream(BaseHTTPRequestHandler):
    """Stands in for Gunicorn: reads the whole body and says how long it was."""

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        while length:
            length -= len(self.rfile.read(min(length, MB)))
        body = f"upstream got {self.headers.get('Content-Length')}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Proxy:
    port: int

    def post(self, path: str, body: bytes) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("POST", path, body=body, headers={"Content-Type": "text/plain"})
            response = connection.getresponse()
            return (
                response.status,
                response.getheader("Content-Type") or "",
                response.read().decode("utf-8"),
            )
        finally:
            connection.close()

    def announce(self, path: str, length: int) -> int:
        """Sends only the headers of a `length`-byte body: nginx answers 413 before reading it."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest("POST", path)
            connection.putheader("Content-Length", str(length))
            connection.endheaders()
            return connection.getresponse().status
        finally:
            connection.close()


def _render(run_dir: Path, *, port: int, gunicorn_port: int) -> Path:
    """What deploy/serve.sh does before it starts nginx."""
    template = (BASE_DIR / "deploy" / "nginx.conf.template").read_text()
    for name, value in {
        "PORT": str(port),
        "GUNICORN_PORT": str(gunicorn_port),
        "DAPHNE_PORT": str(free_port()),
        "RUN_DIR": str(run_dir),
    }.items():
        template = template.replace(f"@{name}@", value)
    assert not re.search(r"@[A-Z_]+@", template)
    (run_dir / "logs").mkdir()
    (run_dir / "tmp").mkdir()
    shutil.copytree(BASE_DIR / "deploy" / "errors", run_dir / "errors")
    config = run_dir / "nginx.conf"
    config.write_text(template)
    return config


@pytest.fixture(scope="module")
def proxy() -> Iterator[Proxy]:
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    run_dir = Path(tempfile.mkdtemp(prefix="nginx-limits-", dir="/tmp"))
    os.chmod(run_dir, 0o755)  # noqa: S103 - nginx workers run as nobody under root
    port = free_port()
    config = _render(run_dir, port=port, gunicorn_port=upstream.server_address[1])
    process = subprocess.Popen(
        [NGINX, "-p", str(run_dir), "-c", str(config), "-e", "stderr", "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    stderr = process.stderr.read().decode() if process.stderr else ""
                    raise RuntimeError(stderr) from None
                time.sleep(0.1)
        yield Proxy(port=port)
    finally:
        process.terminate()
        process.wait(timeout=10)
        upstream.shutdown()
        shutil.rmtree(run_dir, ignore_errors=True)


def _form_limit(config: str) -> int:
    block = re.search(
        r"location ~ \^/\(ilan-ver\|parca/\[\^/\]\+/duzenle\)/\$ \{(.*?)\}", config, re.S
    )
    assert block, "no location for the listing form"
    megabytes = re.search(r"client_max_body_size (\d+)m;", block.group(1))
    assert megabytes
    return int(megabytes.group(1)) * MB


@pytest.mark.parametrize("name", ["nginx.conf.template", "nginx.compose.conf"])
def test_the_listing_forms_body_limit_fits_ten_photos_of_15_mb(name: str) -> None:
    config = (BASE_DIR / "deploy" / name).read_text()

    assert _form_limit(config) >= MAX_IMAGES_PER_PART * PAGE_MAX_UPLOAD_BYTES + MB
    assert "error_page 413 /errors/413.html;" in config


def test_the_listing_form_takes_a_body_the_api_refuses(proxy: Proxy) -> None:
    body = b"x" * (20 * MB)  # two phone photos as they are, more than the API's 12 MB

    assert proxy.post("/ilan-ver/", body)[0] == 200
    assert proxy.post("/parca/bmw-e46-alternator-1/duzenle/", body)[0] == 200
    assert proxy.post("/api/parts", body)[0] == 413


def test_a_body_over_the_limit_gets_the_turkish_page(proxy: Proxy) -> None:
    status, content_type, page = proxy.post("/api/upload/parts", b"x" * (13 * MB))

    assert status == 413
    assert content_type == "text/html; charset=utf-8"
    assert '<html lang="tr">' in page
    assert "Gönderdiğiniz dosyalar çok büyük" in page
    assert "en fazla 10 fotoğraf" in page


def test_the_listing_form_refuses_more_than_its_limit_without_reading_it(proxy: Proxy) -> None:
    assert proxy.announce("/ilan-ver/", 200 * MB) == 413
