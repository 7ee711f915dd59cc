"""Project-wide test fixtures: users per role, API clients, and real servers in other processes.

The same suite runs on the embedded default (SQLite, in-memory layers) and, when DATABASE_URL and
REDIS_URL are set, on PostgreSQL and Redis. Servers started here (Daphne, a Celery worker) are
real processes pointed at the test database, so tests using them need committed data
(`transactional_db`).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests
from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection
from rest_framework.test import APIClient

from marketplace.models import User
from marketplace.tests.factories import UserFactory
from marketplace.tests.openapi import OpenApiValidatingClient
from marketplace.tokens import access_token_create

BASE_DIR = Path(__file__).resolve().parent

# Chromium fixtures (live_site, browser, page…) for every app's browser tests.
pytest_plugins = ["marketplace.tests.browser"]

requires_redis = pytest.mark.skipif(
    not settings.REDIS_URL,
    reason="needs REDIS_URL (real Redis); runs in CI's PostgreSQL/Redis pass",
)
requires_postgres = pytest.mark.skipif(
    not settings.IS_POSTGRES, reason="needs DATABASE_URL=postgres://…"
)


def in_threads(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Runs `work(index)` in `count` threads released together (each with its own database
    connection, closed afterwards); their results in the order they finished. For races on
    PostgreSQL, with `django_db(transaction=True)`: SQLite runs one writer at a time."""
    barrier = threading.Barrier(count)
    results: list[Any] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcome = work(index)
            with lock:
                results.append(outcome)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    """Rate-limit windows and cached values never leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


# --- Users and clients per role ---------------------------------------------------------------
@pytest.fixture
def user(db: None) -> User:
    return UserFactory.create()


@pytest.fixture
def other_user(db: None) -> User:
    return UserFactory.create()


@pytest.fixture
def staff_user(db: None) -> User:
    return UserFactory.create(is_staff=True, is_superuser=True)


def bearer_client(user: User | None) -> OpenApiValidatingClient:
    client = OpenApiValidatingClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_create(user=user)}")
    return client


@pytest.fixture
def api_client(db: None) -> APIClient:
    """Anonymous API client whose responses are validated against the OpenAPI schema."""
    return bearer_client(None)


@pytest.fixture
def user_api_client(user: User) -> APIClient:
    return bearer_client(user)


@pytest.fixture
def other_user_api_client(other_user: User) -> APIClient:
    return bearer_client(other_user)


@pytest.fixture
def staff_api_client(staff_user: User) -> APIClient:
    return bearer_client(staff_user)


# --- Real servers in other processes ----------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def database_url_for_servers() -> str:
    """DATABASE_URL of the database the tests run on, for servers started in other processes."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "localhost"
    port = db["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


def server_environment(**extra: str) -> dict[str, str]:
    environment = dict(os.environ)
    environment["DATABASE_URL"] = database_url_for_servers()
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    environment.update(extra)
    return environment


@dataclass
class LiveServer:
    url: str
    ws_url: str
    process: subprocess.Popen[bytes]


def _wait_for_http(url: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise RuntimeError(f"server exited early:\n{output}")
        try:
            requests.get(url, timeout=5)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not start in {timeout}s")


def _drain(process: subprocess.Popen[bytes]) -> None:
    if process.stdout is not None:
        for _line in process.stdout:
            pass


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def daphne_running(**extra_env: str) -> Iterator[LiveServer]:
    """A real Daphne process serving the whole ASGI app (HTTP and WebSocket), with extra
    environment variables (e.g. another REDIS_URL or provider settings)."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "config.asgi:application",
        ],
        cwd=BASE_DIR,
        env=server_environment(**extra_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_http(url + "/robots.txt", process)
        # Keep reading its log: a pipe nobody reads fills up (64 KB) and then blocks every
        # thread of the server that logs a line, as a long or busy test would see.
        threading.Thread(target=_drain, args=(process,), daemon=True).start()
        yield LiveServer(url=url, ws_url=f"ws://127.0.0.1:{port}", process=process)
    finally:
        _stop(process)


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise RuntimeError(f"timed out waiting for {what}")


def _redis_answers(port: int) -> bool:
    import redis

    try:
        return bool(redis.Redis(port=port, socket_timeout=0.5).ping())
    except redis.RedisError:
        return False


@contextmanager
def redis_server_running() -> Iterator[tuple[int, Callable[[], None], Callable[[], None]]]:
    """A Redis server of the calling test alone: (port, stop, start). The test may stop it and
    start it again on the same port, and never touches the Redis other tests (and workers) use."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    state: dict[str, subprocess.Popen[bytes]] = {}

    def start() -> None:
        state["process"] = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for(lambda: _redis_answers(port), 10, "redis to start")

    def stop() -> None:
        if state["process"].poll() is None:
            _stop(state["process"])

    start()
    try:
        yield port, stop, start
    finally:
        stop()


def _postgres_bin_directory() -> Path | None:
    """The newest installed PostgreSQL's binaries (Debian: /usr/lib/postgresql/<version>/bin)."""
    installed = [path.parent for path in Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")]
    if installed:
        return max(installed, key=lambda directory: int(directory.parent.name or 0))
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


@dataclass
class PrivatePostgres:
    """A PostgreSQL cluster of one test: its database's URL, and a restart that cuts every
    connection (as a failover or an upgrade does); with `replica=True`, also a streaming replica
    of it (its URL, and a stop)."""

    url: str
    restart: Callable[[], None]
    replica_url: str = ""
    replica_stop: Callable[[], None] = lambda: None


@contextmanager
def postgres_server_running(*, replica: bool = False) -> Iterator[PrivatePostgres]:
    """A PostgreSQL cluster of the calling test alone (initdb into a temporary directory, its own
    port, an empty `banayeni` database), which it may restart; the shared cluster the other
    tests and xdist workers use is never touched. With `replica`, a second cluster streams from
    it (pg_basebackup -R: a hot standby, read-only, a few milliseconds behind). PostgreSQL refuses
    to run as root (CI does), so there the clusters belong to the `postgres` user."""
    bin_directory = _postgres_bin_directory()
    if bin_directory is None or not (bin_directory / "initdb").exists():
        pytest.skip("PostgreSQL's initdb and pg_ctl are not installed")
    run_as: list[str] = []
    directory = Path(tempfile.mkdtemp(prefix="banayeni-postgres-"))
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root without a postgres user to run PostgreSQL as")
        shutil.chown(directory, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port = directory / "data", free_port()
    replica_data, replica_port = directory / "replica", free_port()

    def server_options(server_port: int) -> str:
        return (
            f"-p {server_port} -k {directory} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )

    def run(*arguments: str | Path) -> None:
        subprocess.run([*run_as, *map(str, arguments)], check=True, capture_output=True, timeout=60)

    def pg_ctl(action: str, *arguments: str, cluster: Path = data) -> None:
        log = directory / f"{cluster.name}.log"
        run(bin_directory / "pg_ctl", action, "-D", cluster, "-w", "-l", log, *arguments)

    run(bin_directory / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
        "--locale=C", "--no-sync")  # fmt: skip
    pg_ctl("start", "-o", server_options(port))
    try:
        run(bin_directory / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
            "banayeni")  # fmt: skip
        if replica:
            run(bin_directory / "pg_basebackup", "-h", "127.0.0.1", "-p", str(port),
                "-U", "postgres", "-D", replica_data, "-R", "-X", "stream", "-c", "fast",
                "--no-sync")  # fmt: skip
            pg_ctl("start", "-o", server_options(replica_port), cluster=replica_data)
        yield PrivatePostgres(
            url=f"postgres://postgres@127.0.0.1:{port}/banayeni",
            restart=lambda: pg_ctl("restart", "-m", "fast", "-o", server_options(port)),
            replica_url=f"postgres://postgres@127.0.0.1:{replica_port}/banayeni" if replica else "",
            replica_stop=lambda: pg_ctl("stop", "-m", "immediate", cluster=replica_data),
        )
    finally:
        try:
            if replica and (replica_data / "postmaster.pid").exists():
                pg_ctl("stop", "-m", "immediate", cluster=replica_data)
        finally:
            try:
                pg_ctl("stop", "-m", "immediate")
            finally:
                shutil.rmtree(directory, ignore_errors=True)


def manage_py(*arguments: str, **extra_env: str) -> str:
    """Runs `manage.py` in another process with the servers' environment (`extra_env` on top,
    e.g. another DATABASE_URL); its output."""
    finished = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=server_environment(**extra_env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if finished.returncode != 0:
        raise RuntimeError(f"manage.py {arguments[0]} failed:\n{finished.stdout}{finished.stderr}")
    return finished.stdout


@pytest.fixture
def live_daphne(transactional_db: None) -> Iterator[LiveServer]:
    """A real Daphne process serving the whole ASGI app (HTTP and WebSocket)."""
    with daphne_running() as server:
        yield server


@contextmanager
def celery_worker_running(
    *, wait: bool = True, **extra_env: str
) -> Iterator[subprocess.Popen[bytes]]:
    """A real Celery worker process (solo pool) with the servers' environment and `extra_env`
    (e.g. another REDIS_URL or DATABASE_URL). With `wait`, returns once it answers a ping on
    this process's broker (pass False when the worker uses another broker)."""
    from config.celery_app import app, worker_command

    process = subprocess.Popen(
        worker_command(
            hostname=f"test-{os.getpid()}-{time.monotonic_ns()}@%h", concurrency=1, pool="solo"
        ),
        cwd=BASE_DIR,
        env=server_environment(**extra_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    try:
        while wait and not app.control.ping(timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                raise RuntimeError(f"Celery worker did not start:\n{output}")
        threading.Thread(target=_drain, args=(process,), daemon=True).start()
        yield process
    finally:
        _stop(process)


@contextmanager
def celery_beat_running(schedule: Path, **extra_env: str) -> Iterator[subprocess.Popen[bytes]]:
    """A real Celery beat process (the notification sweep and the other periodic tasks)."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config.celery_app",
            "beat",
            "--schedule",
            str(schedule),
            "--loglevel",
            "WARNING",
        ],
        cwd=BASE_DIR,
        env=server_environment(**extra_env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        _stop(process)


@pytest.fixture
def celery_worker_process(transactional_db: None) -> Iterator[subprocess.Popen[bytes]]:
    """A real Celery worker process on the Redis broker, using the test database."""
    if not settings.REDIS_URL:
        pytest.skip("a Celery worker needs REDIS_URL")
    with celery_worker_running() as process:
        yield process


@pytest.fixture
def celery_in_process() -> Iterator[None]:
    """Runs tasks in this process even on Redis (for tests whose settings a worker can't see)."""
    from config.celery_app import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous
