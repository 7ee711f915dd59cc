"""`make serve` runs the whole product on one machine: nginx, Gunicorn, Daphne and, with Redis, a
Celery worker and beat, which stop together with the rest."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

from conftest import BASE_DIR, free_port, requires_redis, server_environment

pytestmark = [requires_redis, pytest.mark.django_db(transaction=True)]


def _key() -> str:
    return secrets.token_urlsafe(50)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped) is not alive.
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().split()[2] != "Z"


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_make_serve_runs_a_celery_worker_and_beat_that_stop_with_it() -> None:
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        pytest.skip("nginx is not installed (CI installs it)")
    from config.celery_app import app

    port = free_port()
    run_dir = tempfile.mkdtemp(prefix="serve-", dir="/tmp")
    os.chmod(run_dir, 0o755)  # noqa: S103 - nginx workers run as nobody
    environment = server_environment(
        PORT=str(port),
        GUNICORN_PORT=str(free_port()),
        DAPHNE_PORT=str(free_port()),
        RUN_DIR=run_dir,
        # REDIS_URL as given: the servers shift it to this xdist worker's database themselves.
        DJANGO_SECRET_KEY=_key(),
        JWT_SIGNING_KEY=_key(),
        INTEGRATIONS_ENCRYPTION_KEYS=f"k1:{_key()}",
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1",
        CELERY_CONCURRENCY="1",
        PATH=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
    )
    process = subprocess.Popen(
        ["bash", "deploy/serve.sh"],
        cwd=BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                health = requests.get(f"http://127.0.0.1:{port}/api/health", timeout=5)
                break
            except (requests.ConnectionError, requests.Timeout):  # still starting, or busy
                time.sleep(0.3)
        assert health is not None, process.stderr.read().decode() if process.stderr else ""
        workers: list[str] = []
        while time.monotonic() < deadline and not workers:
            workers = [name for reply in app.control.ping(timeout=1) or [] for name in reply]
        assert any(name.startswith("serve-worker@") for name in workers), workers
        commands = [_command_line(child) for child in _children(process.pid)]
        assert any(" beat " in command for command in commands), commands
        children = _children(process.pid)

        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(child) for child in children):
            time.sleep(0.2)
        assert not [child for child in children if _alive(child)]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        shutil.rmtree(run_dir, ignore_errors=True)
