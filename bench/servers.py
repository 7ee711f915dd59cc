"""Gunicorn servers for the floor and the project, started as child processes and always stopped."""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

HOST = "127.0.0.1"
WORKERS = 2
READY_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 10.0
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    ready_path: str = "/"

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"


def free_ports(count: int) -> list[int]:
    """Distinct free loopback ports (all sockets held open together, so no two are the same)."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind((HOST, 0))
        return [int(sock.getsockname()[1]) for sock in sockets]


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM the server if the benchmark itself is killed (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _spawn(
    command: list[str], *, environment: Mapping[str, str], cwd: Path, log: IO[bytes]
) -> subprocess.Popen[bytes]:
    """A child process of ours (a fixed argument list, no shell) in its own session, so Ctrl-C
    in the terminal reaches only the benchmark, whose clean-up then stops it; it dies with us.
    Started before any load thread exists (preexec_fn is not thread-safe)."""
    return subprocess.Popen(  # noqa: S603 - runs our own interpreter with fixed arguments
        command,
        cwd=cwd,
        env=dict(environment),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_die_with_parent,
    )


def _wait_until_ready(server: Server, ready_path: str, log: IO[bytes]) -> None:
    """Poll until the server answers any HTTP response, or fail with the end of its log."""
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"{server.name} server exited with {server.process.returncode}:\n"
                + _log_tail(server.log_path, log)
            )
        connection = http.client.HTTPConnection(HOST, server.port, timeout=2)
        try:
            connection.request("GET", ready_path)
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    raise RuntimeError(
        f"{server.name} server did not answer within {READY_TIMEOUT_SECONDS:.0f}s:\n"
        + _log_tail(server.log_path, log)
    )


def _log_tail(log_path: Path, log: IO[bytes], lines: int = 30) -> str:
    log.flush()
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM Gunicorn's master (a graceful stop), then SIGKILL whatever is left of its group."""
    # A second Ctrl-C or a SIGTERM must not cut the clean-up short and leave workers behind.
    previous = {
        signum: signal.signal(signum, signal.SIG_IGN) for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
        # The server runs in its own session, so its process group id is its pid; workers that
        # outlived their master would still be in it.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def gunicorn_serving(
    *,
    name: str,
    app: str,
    port: int,
    environment: Mapping[str, str],
    ready_path: str,
    cwd: Path,
    log_dir: Path,
) -> Iterator[Server]:
    """Serve `app` with Gunicorn (sync workers) on 127.0.0.1:`port` until the block ends."""
    log_path = log_dir / f"{name}.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "sync",
        "--timeout",
        "30",
        "--graceful-timeout",
        "5",
        # Two servers at once would otherwise fight over one ~/.gunicorn control socket.
        "--no-control-socket",
        "--log-level",
        "warning",
    ]
    with log_path.open("wb") as log:
        process = _spawn(command, environment=environment, cwd=cwd, log=log)
        try:
            server = Server(
                name=name, port=port, process=process, log_path=log_path, ready_path=ready_path
            )
            _wait_until_ready(server, ready_path, log)
            yield server
        finally:
            _stop(process)


@contextlib.contextmanager
def daphne_serving(
    *, name: str, port: int, environment: Mapping[str, str], cwd: Path, log_dir: Path
) -> Iterator[Server]:
    """Serve the ASGI application (HTTP and WebSocket) with one Daphne process until the block
    ends; the chat benchmark runs two of them on one Redis channel layer."""
    log_path = log_dir / f"{name}.log"
    command = [
        sys.executable,
        "-m",
        "daphne",
        "-b",
        HOST,
        "-p",
        str(port),
        "-v",
        "0",
        "config.asgi:application",
    ]
    with log_path.open("wb") as log:
        process = _spawn(command, environment=environment, cwd=cwd, log=log)
        try:
            server = Server(
                name=name, port=port, process=process, log_path=log_path, ready_path="/robots.txt"
            )
            _wait_until_ready(server, "/robots.txt", log)
            yield server
        finally:
            _stop(process)


@contextlib.contextmanager
def celery_worker_serving(
    *, name: str, environment: Mapping[str, str], cwd: Path, log_dir: Path, concurrency: int = 2
) -> Iterator[subprocess.Popen[bytes]]:
    """A Celery worker on the project's broker (REDIS_URL) until the block ends; ready once it
    answers a ping. Its output goes to `log_dir/<name>.log`."""
    from config.celery_app import app, worker_command

    log_path = log_dir / f"{name}.log"
    command = worker_command(hostname=f"{name}-{os.getpid()}@%h", concurrency=concurrency)
    with log_path.open("wb") as log:
        worker = _spawn(command, environment=environment, cwd=cwd, log=log)
        try:
            deadline = time.monotonic() + READY_TIMEOUT_SECONDS
            while not app.control.ping(timeout=0.5, limit=1):
                if worker.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the Celery worker did not start:\n{_log_tail(log_path, log)}"
                    )
            yield worker
        finally:
            _stop(worker)
