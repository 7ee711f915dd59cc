"""`make run` serves the site as visitors see it: the Turkish 404 and 500 pages rather than
Django's debug pages, and links in e-mails that follow PORT."""

from __future__ import annotations

import os
import re
import subprocess
import time

import pytest
import requests

from conftest import BASE_DIR, free_port, server_environment

pytestmark = pytest.mark.django_db(transaction=True)


def _run_command(port: int) -> str:
    """The server line `make run` would run (`make -n` prints it without running anything)."""
    dry_run = subprocess.run(
        ["make", "-n", "--no-print-directory", "run", f"PORT={port}"],
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


def test_make_run_answers_a_missing_page_with_the_turkish_404_page() -> None:
    port = free_port()
    environment = {
        key: value
        for key, value in server_environment().items()
        if key not in {"DJANGO_DEBUG", "SITE_URL", "DJANGO_ALLOWED_HOSTS"}
    }
    process = subprocess.Popen(  # noqa: S602 - the Makefile's own line
        _run_command(port),
        shell=True,
        cwd=BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        response = None
        while time.monotonic() < deadline:
            try:
                response = requests.get(
                    f"http://127.0.0.1:{port}/olmayan-sayfa/",
                    headers={"Host": "telefonum.local"},  # any host name, as on a phone on the LAN
                    timeout=5,
                )
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        assert response is not None
        assert response.status_code == 404
        assert "Sayfa bulunamadı" in response.text
        assert not re.search(r"Using the URLconf|technical_404|DEBUG = True", response.text)
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=10)
