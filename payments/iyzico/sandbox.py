"""A local iyzico sandbox the real iyzipay client talks to (set IYZICO_BASE_URL to its URL):
`python -m payments.iyzico.sandbox --port 8091 --api-key KEY --secret-key SECRET`, or in tests
`with sandbox_running(api_key=..., secret_key=...) as sandbox:` (sandbox.base_url, sandbox.state).
`make run` starts it with `--state-file .run/iyzico-sandbox.json` (kept across restarts, see
sandbox_persistence.py) and `--public-url` (where a phone on the LAN reaches the payment page).

Failure modes: iyzico's test cards (sandbox_cards.py) on the payment page, `delay_seconds` before
every API answer (timeouts), and `webhook_url` for signed webhooks after each payment.
"""

from __future__ import annotations

import argparse
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

from payments.iyzico.sandbox_persistence import state_persist
from payments.iyzico.sandbox_server import server_create
from payments.iyzico.sandbox_state import SandboxState


@dataclass
class RunningSandbox:
    state: SandboxState
    server: ThreadingHTTPServer
    thread: threading.Thread

    @property
    def base_url(self) -> str:
        return self.state.base_url

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def sandbox_start(
    *,
    api_key: str,
    secret_key: str,
    host: str = "127.0.0.1",
    port: int = 0,
    delay_seconds: float = 0.0,
    webhook_url: str = "",
    state_file: str = "",
) -> RunningSandbox:
    """Starts the sandbox in a daemon thread (port 0: a free port); call .stop() when done.
    With `state_file`, what an earlier sandbox saved there is loaded first."""
    state = state_create(
        api_key=api_key,
        secret_key=secret_key,
        delay_seconds=delay_seconds,
        webhook_url=webhook_url,
        state_file=state_file,
    )
    server = server_create(state=state, host=host, port=port)
    thread = threading.Thread(target=server.serve_forever, name="iyzico-sandbox", daemon=True)
    thread.start()
    return RunningSandbox(state=state, server=server, thread=thread)


def state_create(
    *,
    api_key: str,
    secret_key: str,
    delay_seconds: float = 0.0,
    webhook_url: str = "",
    state_file: str = "",
    public_url: str = "",
) -> SandboxState:
    state = SandboxState(
        api_key=api_key,
        secret_key=secret_key,
        delay_seconds=delay_seconds,
        webhook_url=webhook_url,
        public_url=public_url.rstrip("/"),
    )
    if state_file:
        state_persist(state, Path(state_file))
    return state


@contextmanager
def sandbox_running(
    *,
    api_key: str,
    secret_key: str,
    delay_seconds: float = 0.0,
    webhook_url: str = "",
    state_file: str = "",
) -> Iterator[RunningSandbox]:
    sandbox = sandbox_start(
        api_key=api_key,
        secret_key=secret_key,
        delay_seconds=delay_seconds,
        webhook_url=webhook_url,
        state_file=state_file,
    )
    try:
        yield sandbox
    finally:
        sandbox.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A local iyzico sandbox for iyzipay clients.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--secret-key", required=True)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each API answer")
    parser.add_argument("--webhook-url", default="", help="where to POST signed webhooks")
    parser.add_argument(
        "--state-file", default="", help="JSON file that keeps the state across restarts"
    )
    parser.add_argument(
        "--public-url", default="", help="payment page base URL for browsers (default: own URL)"
    )
    arguments = parser.parse_args(argv)
    state = state_create(
        api_key=arguments.api_key,
        secret_key=arguments.secret_key,
        delay_seconds=arguments.delay,
        webhook_url=arguments.webhook_url,
        state_file=arguments.state_file,
        public_url=arguments.public_url,
    )
    server = server_create(state=state, host=arguments.host, port=arguments.port)
    print(f"iyzico sandbox on {state.base_url} (IYZICO_BASE_URL={state.base_url})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
