"""`make run` serves the site as visitors see it: the Turkish 404 and 500 pages rather than
Django's debug pages, and links in e-mails that follow PORT; next to it the local iyzico sandbox,
with the demo sellers as its sub-merchants, so a demo buyer can pay a demo seller's request."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from conftest import BASE_DIR, free_port, server_environment

pytestmark = pytest.mark.django_db(transaction=True)


def _run_command(port: int, *make_variables: str) -> str:
    """The server line `make run` would run (`make -n` prints it without running anything)."""
    dry_run = subprocess.run(
        ["make", "-n", "--no-print-directory", "run", f"PORT={port}", *make_variables],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    lines = dry_run.replace("\\\n", " ").splitlines()
    [server] = [line for line in lines if "daphne" in line]
    return server


def test_make_run_sets_no_debug_and_points_links_at_its_port() -> None:
    server = _run_command(8123)
    assert "DJANGO_DEBUG" not in server
    assert 'SITE_URL="${SITE_URL:-http://localhost:8123}"' in server


@contextmanager
def _make_run(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """`make run`'s server line on free ports, as a visitor starts it (no SITE_URL, no debug, no
    Redis); the sandbox's state and the demo photos in tmp_path. Yields (site URL, sandbox port)."""
    port, sandbox_port = free_port(), free_port()
    environment = {
        key: value
        for key, value in server_environment().items()
        if key not in {"DJANGO_DEBUG", "SITE_URL", "DJANGO_ALLOWED_HOSTS"}
        and not key.startswith("IYZICO_")
        # The embedded default: tasks (photos, the sub-merchant sync) run in the server's
        # process; with Redis they would wait for a `make worker` this test does not start.
        and key != "REDIS_URL"
    }
    environment["IYZICO_SANDBOX_STATE"] = str(tmp_path / "run" / "iyzico-sandbox.json")
    environment["MEDIA_ROOT"] = str(tmp_path / "media")
    log = tmp_path / "make-run.log"
    process = subprocess.Popen(  # noqa: S602 - the Makefile's own line
        _run_command(port, f"IYZICO_SANDBOX_PORT={sandbox_port}"),
        shell=True,
        cwd=BASE_DIR,
        env=environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        # The demo data loads (photos and all) before Daphne starts.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert process.poll() is None, f"make run exited:\n{log.read_text()[-3000:]}"
            try:
                requests.get(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}", sandbox_port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 15)
        process.wait(timeout=10)


def test_make_run_answers_a_missing_page_with_the_turkish_404_page(tmp_path: Path) -> None:
    with _make_run(tmp_path) as (site, _sandbox_port):
        response = requests.get(
            f"{site}/olmayan-sayfa/",
            headers={"Host": "telefonum.local"},  # any host name, as on a phone on the LAN
            timeout=5,
        )
    assert response.status_code == 404
    assert "Sayfa bulunamadı" in response.text
    assert not re.search(r"Using the URLconf|technical_404|DEBUG = True", response.text)


def _data(response: requests.Response) -> Any:
    body = response.json()
    assert body["success"] is True, body
    return body["data"]


def _login(site: str, email: str) -> requests.Session:
    session = requests.Session()
    answer = session.post(
        f"{site}/api/auth/login", json={"email": email, "password": "Demo12345"}, timeout=10
    )
    body = answer.json()
    assert body["success"] is True, body
    session.headers["Authorization"] = f"Bearer {body['session']['access_token']}"
    return session


def _form(page: str) -> tuple[str, dict[str, str]]:
    """The first form of an HTML page: its action and its inputs' values."""
    action = re.search(r'<form[^>]*action="([^"]*)"', page)
    assert action is not None, page
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    return action.group(1), fields


def test_make_run_serves_the_sandbox_and_a_demo_buyer_pays_a_demo_seller(tmp_path: Path) -> None:
    with _make_run(tmp_path) as (site, sandbox_port):
        # The sandbox listens next to Daphne and knows the demo sellers, in its state file too.
        missing = requests.get(
            f"http://127.0.0.1:{sandbox_port}/checkoutform/pay?token=yok", timeout=5
        )
        assert missing.status_code == 404
        assert "Ödeme formu bulunamadı" in missing.text
        state = json.loads((tmp_path / "run" / "iyzico-sandbox.json").read_text("utf-8"))
        assert len(state["sub_merchants"]) == 4

        seller = _login(site, "satici@banayeni.local")
        buyer = _login(site, "alici@banayeni.local")
        listings = _data(seller.get(f"{site}/api/me/parts", timeout=10))["parts"]
        part = next(row["part"] for row in listings if row["part"]["status"] == "active")
        interest = buyer.post(
            f"{site}/api/parts/{part['id']}/interest", json={"type": "interested"}, timeout=10
        )
        conversation_id = _data(interest)["interest"]["conversation_id"]

        requested = seller.post(
            f"{site}/api/conversations/{conversation_id}/orders",
            json={"shipping_fee": "75"},
            timeout=10,
        )
        order = _data(requested)["order"]
        started = _data(
            buyer.post(
                f"{site}/api/orders/{order['id']}/checkout",
                json={
                    "name": "Ayşe Yılmaz",
                    "phone": "0532 123 45 67",
                    "address": "Kızılay Mah. Atatürk Blv. No: 5 Daire 3, Çankaya",
                    "city": "ankara",
                },
                timeout=20,
            )
        )
        # Where the buyer's browser goes: the sandbox, at the host name the site was opened with.
        page_url = started["payment_page_url"]
        assert urlsplit(page_url)[:2] == ("http", f"localhost:{sandbox_port}")
        page = requests.get(page_url.replace("localhost", "127.0.0.1"), timeout=5)
        action, card = _form(page.text)
        assert card["cardNumber"] == "5528790000000008"
        paid = requests.post(urljoin(page.url, action), data=card, timeout=10)
        callback, token = _form(paid.text)
        assert callback == f"http://localhost:{urlsplit(site).port}/odeme/donus/{order['id']}/"
        back = requests.post(
            callback.replace("localhost", "127.0.0.1"),
            data=token,
            allow_redirects=False,
            timeout=20,
        )
        assert back.status_code == 302
        assert back.headers["Location"].endswith("?odeme=basarili")
        paid_order = _data(buyer.get(f"{site}/api/orders/{order['id']}", timeout=10))["order"]
        assert paid_order["state"] == "paid"
