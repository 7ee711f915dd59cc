"""`python -m bench.websocket`: live chat latency with two Daphne processes on one Redis layer.

N WebSocket clients (default 1,000) in N/2 conversations: each conversation's buyer is connected
to one Daphne and its seller to the other, so every message crosses processes through Redis.
Messages are sent over the sockets (`send_message`: stored, then pushed after commit) at a fixed
rate; the latency is from the sender's frame to the other participant's `new_message`, both
measured on this process's clock. Also reported: each Daphne's resident memory per idle
connection (RSS after all clients connected and subscribed, minus RSS before, per connection).

Needs REDIS_URL (an in-memory layer cannot span two processes) and a migrated database
(DATABASE_URL; PostgreSQL for meaningful figures: SQLite serialises the writes of both servers).

    BENCH_WS_CLIENTS=1000 BENCH_WS_RATE=200 BENCH_WS_SECONDS=10 .venv/bin/python -m bench.websocket

PASS when every message arrived and p99 ≤ 100 ms (the issue's target). Exit 1 on FAIL, 2 when
a server does not start or the setup is missing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import resource
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.chat_data import BenchConversation as Conversation
from bench.chat_data import conversations_ensure_in_subprocess
from bench.runner import REPO_ROOT, RESULTS_DIR, project_environment
from bench.servers import HOST, Server, daphne_serving, free_ports

TARGET_P99_MS = 100.0
WARMUP_SECONDS = 2.0
CONNECT_BATCH = 50
DELIVERY_GRACE_SECONDS = 5.0
BENCH_EMAIL_DOMAIN = "bench-ws.invalid"


@dataclass
class Result:
    clients: int
    conversations: int
    rate: int
    seconds: float
    sent: int = 0
    delivered: int = 0
    errors: int = 0
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    max_ms: float | None = None
    rss_per_connection_kb: list[float] = field(default_factory=list)
    cpu_ms_per_message: list[float] = field(default_factory=list)
    client_cpu_ms_per_message: float | None = None
    verdict: str = "FAIL"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) <= 0:
        raise SystemExit(f"bench.websocket: {name}={raw!r} must be a positive whole number")
    return int(raw)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Clients:
    """All sockets, the send times of messages in flight, and the measured latencies."""

    def __init__(self) -> None:
        self.sent_at: dict[str, float] = {}
        self.latencies: list[float] = []
        self.errors = 0
        self.measuring = False
        self.sockets: list[Any] = []

    async def open(self, server: Server, token: str, conversation_id: str) -> tuple[Any, str]:
        from websockets.asyncio.client import connect

        socket = await connect(
            f"ws://{HOST}:{server.port}/api/websocket/connect",
            subprotocols=["bearer", token],  # type: ignore[list-item]
            open_timeout=30,
            max_queue=None,
        )
        connected = json.loads(await socket.recv())
        assert connected["type"] == "connected", connected
        await socket.send(
            json.dumps(
                {"type": "subscribe_conversation", "data": {"conversation_id": conversation_id}}
            )
        )
        assert json.loads(await socket.recv())["type"] == "subscribed"
        self.sockets.append(socket)
        return socket, connected["data"]["user_id"]

    async def listen(self, socket: Any, user_id: str) -> None:
        with contextlib.suppress(Exception):
            async for frame in socket:
                now = time.perf_counter()
                event = json.loads(frame)
                if event["type"] == "error":
                    self.errors += 1
                elif event["type"] == "new_message":
                    message = event["data"]["message"]
                    # Both participants hear it; only the recipient's copy is a delivery.
                    if message["sender_id"] != user_id:
                        started = self.sent_at.pop(message["content"], None)
                        if started is not None and self.measuring:
                            self.latencies.append((now - started) * 1000)


async def scenario(
    servers: list[Server], conversations: list[Conversation], result: Result
) -> None:
    clients = Clients()
    pairs: list[tuple[Conversation, tuple[Any, str], tuple[Any, str]]] = []
    pids = [server.process.pid for server in servers]
    rss_before = [rss_kb(pid) for pid in pids]
    for start in range(0, len(conversations), CONNECT_BATCH):
        batch = conversations[start : start + CONNECT_BATCH]
        buyers = await asyncio.gather(
            *(clients.open(servers[0], c.buyer_token, c.id) for c in batch)
        )
        sellers = await asyncio.gather(
            *(clients.open(servers[1], c.seller_token, c.id) for c in batch)
        )
        pairs.extend(zip(batch, buyers, sellers, strict=True))
    await asyncio.sleep(2)  # idle: the servers settle after the connection storm
    rss_after = [rss_kb(pid) for pid in pids]
    per_server = len(conversations)
    result.rss_per_connection_kb = [
        round((after - before) / per_server, 1)
        for before, after in zip(rss_before, rss_after, strict=True)
    ]
    listeners = [
        asyncio.create_task(clients.listen(socket, user_id))
        for _conversation, buyer, seller in pairs
        for socket, user_id in (buyer, seller)
    ]

    async def send_at_rate(seconds: float, measure: bool) -> int:
        total = int(seconds * result.rate)
        started = time.perf_counter()
        for index in range(total):
            delay = started + index / result.rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            conversation, buyer, seller = pairs[index % len(pairs)]
            # Consecutive messages alternate between buyers (first Daphne) and sellers (second),
            # so both processes take sends all the time, as behind a load balancer; each
            # conversation changes direction from one round to the next.
            socket = (buyer if (index + index // len(pairs)) % 2 == 0 else seller)[0]
            content = f"bench:{measure}:{index}"
            clients.sent_at[content] = time.perf_counter()
            await socket.send(
                json.dumps(
                    {
                        "type": "send_message",
                        "data": {"conversation_id": conversation.id, "content": content},
                    }
                )
            )
        return total

    await send_at_rate(WARMUP_SECONDS, measure=False)
    await asyncio.sleep(1)
    clients.sent_at.clear()
    clients.measuring = True
    clients.errors = 0
    cpu_before = [cpu_seconds(pid) for pid in pids]
    client_before = cpu_seconds(os.getpid())
    result.sent = await send_at_rate(result.seconds, measure=True)
    deadline = time.perf_counter() + DELIVERY_GRACE_SECONDS
    while clients.sent_at and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    result.client_cpu_ms_per_message = round(
        (cpu_seconds(os.getpid()) - client_before) * 1000 / max(result.sent, 1), 2
    )
    result.cpu_ms_per_message = [
        round((cpu_seconds(pid) - before) * 1000 / max(result.sent, 1), 2)
        for pid, before in zip(pids, cpu_before, strict=True)
    ]
    result.delivered = len(clients.latencies)
    result.errors = clients.errors
    for task in listeners:
        task.cancel()
    await asyncio.gather(*(socket.close() for socket in clients.sockets), return_exceptions=True)
    if clients.latencies:
        result.p50_ms = round(statistics.median(clients.latencies), 2)
        result.p95_ms = round(percentile(clients.latencies, 0.95), 2)
        result.p99_ms = round(percentile(clients.latencies, 0.99), 2)
        result.max_ms = round(max(clients.latencies), 2)
    passed = (
        result.delivered == result.sent
        and result.errors == 0
        and result.p99_ms is not None
        and result.p99_ms <= TARGET_P99_MS
    )
    result.verdict = "PASS" if passed else "FAIL"


def main() -> int:
    if not os.environ.get("REDIS_URL"):
        print("bench.websocket: needs REDIS_URL (two Daphne processes share a Redis layer).")
        return 2
    clients = _env_int("BENCH_WS_CLIENTS", 1000)
    rate = _env_int("BENCH_WS_RATE", 200)
    seconds = float(_env_int("BENCH_WS_SECONDS", 10))
    conversations_count = max(1, clients // 2)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, clients + 256)), hard))
    print(f"bench.websocket: preparing {conversations_count} conversations ...", file=sys.stderr)
    environment = project_environment()
    # In a child process with the servers' environment: their tokens are signed with the
    # run's key (JWT_SIGNING_KEY as given, or one of this run), not this process's settings.
    conversations = conversations_ensure_in_subprocess(
        count=conversations_count,
        email_domain=BENCH_EMAIL_DOMAIN,
        environment=environment,
        cwd=REPO_ROOT,
    )
    result = Result(
        clients=conversations_count * 2,
        conversations=conversations_count,
        rate=rate,
        seconds=seconds,
    )
    RESULTS_DIR.mkdir(exist_ok=True)
    ports = free_ports(2)
    try:
        with (
            daphne_serving(
                name="daphne-1",
                port=ports[0],
                environment=environment,
                cwd=REPO_ROOT,
                log_dir=RESULTS_DIR,
            ) as first,
            daphne_serving(
                name="daphne-2",
                port=ports[1],
                environment=environment,
                cwd=REPO_ROOT,
                log_dir=RESULTS_DIR,
            ) as second,
        ):
            asyncio.run(scenario([first, second], conversations, result))
    except RuntimeError as error:
        print(f"bench.websocket: {error}", file=sys.stderr)
        return 2
    (RESULTS_DIR / "websocket.json").write_text(json.dumps(asdict(result), indent=2))
    print(
        f"chat: {result.clients} clients in {result.conversations} conversations on 2 Daphne "
        f"processes + Redis; {result.rate} msg/s for {result.seconds:.0f} s"
    )
    print(
        f"sent {result.sent}, delivered {result.delivered}, errors {result.errors}; "
        f"send→delivery p50 {result.p50_ms} ms, p95 {result.p95_ms} ms, "
        f"p99 {result.p99_ms} ms (target ≤ {TARGET_P99_MS:.0f}), max {result.max_ms} ms: "
        f"{result.verdict}"
    )
    print(
        "memory per idle connection (RSS delta / connections), per Daphne: "
        + ", ".join(f"{value} KB" for value in result.rss_per_connection_kb)
    )
    print(
        "server CPU per message (user+system, while measuring), per Daphne: "
        + ", ".join(f"{value} ms" for value in result.cpu_ms_per_message)
        + f"; this load generator: {result.client_cpu_ms_per_message} ms"
    )
    return 0 if result.verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
