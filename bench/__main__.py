"""`python -m bench`: measure every scenario as a ratio to the floor; non-zero exit on a miss."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from types import FrameType

from bench.load import LoadSettings, load_generator_choose
from bench.runner import run, table_format
from bench.scenarios import ALL_SCENARIOS, Scenario, scenarios_for

DEFAULT_SECONDS = 10
DEFAULT_WARMUP_SECONDS = 2
QUICK_SECONDS = 3
QUICK_WARMUP_SECONDS = 1
MAX_SECONDS = 600
MAX_PARTS = 10_000_000
DEFAULT_TIMING_REQUESTS = 200
QUICK_TIMING_REQUESTS = 50
MAX_TIMING_REQUESTS = 10_000
# Two senders per conversation: 100 conversations are 200 users, each far below the messaging
# limit (200 a minute) even at 1,000 messages/s for a 10 s run.
DEFAULT_MESSAGE_CONVERSATIONS = 100
MAX_MESSAGE_CONVERSATIONS = 5_000


def _seconds_from_environment(name: str, default: int) -> int:
    return _whole_number_from_environment(name, default, maximum=MAX_SECONDS, unit="whole seconds")


def _whole_number_from_environment(
    name: str, default: int, *, maximum: int, unit: str = "a whole number"
) -> int:
    raw = os.environ.get(name, "").strip().replace("_", "")
    if not raw:
        return default
    if not raw.isdigit() or not 0 <= int(raw) <= maximum:
        raise SystemExit(f"bench: {name}={raw!r} must be {unit} from 0 to {maximum:,}.")
    return int(raw)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Throughput of each scenario as a ratio to a bare Django + DRF floor.",
        epilog=(
            "Environment: BENCH_SECONDS (default 10), BENCH_WARMUP_SECONDS (default 2), "
            "BENCH_PARTS (synthetic listings for the search scenarios; default 0 skips them) and "
            "BENCH_TIMING_REQUESTS (sequential requests per search for the server-side "
            f"percentiles; default {DEFAULT_TIMING_REQUESTS}, "
            f"{QUICK_TIMING_REQUESTS} with --quick), BENCH_MESSAGE_CONVERSATIONS (bench "
            f"conversations whose buyers and sellers send the message-send scenario; default "
            f"{DEFAULT_MESSAGE_CONVERSATIONS})."
        ),
    )
    parser.add_argument(
        "names", nargs="*", metavar="SCENARIO", help="only these scenarios (the floor always runs)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_SECONDS} s runs after a {QUICK_WARMUP_SECONDS} s warm-up, for smoke tests",
    )
    parser.add_argument(
        "--load",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator: wrk (installed if missing and root), or the Python fallback",
    )
    return parser.parse_args(argv)


def _scenarios_select(names: Sequence[str], *, parts: int) -> list[Scenario]:
    available = scenarios_for(parts=parts)
    if not names:
        return available
    known = {scenario.name for scenario in ALL_SCENARIOS}
    unknown = sorted(set(names) - known)
    if unknown:
        raise SystemExit(f"bench: unknown scenario(s) {', '.join(unknown)}; known: {sorted(known)}")
    needing_parts = sorted(set(names) - {scenario.name for scenario in available})
    if needing_parts:
        raise SystemExit(
            f"bench: {', '.join(needing_parts)} need(s) synthetic listings: set BENCH_PARTS=N."
        )
    return [scenario for scenario in available if scenario.name in names]


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    # SystemExit unwinds through the finally blocks that stop the servers.
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _arguments(argv)
    parts = _whole_number_from_environment("BENCH_PARTS", 0, maximum=MAX_PARTS)
    scenarios = _scenarios_select(arguments.names, parts=parts)
    if arguments.quick:
        seconds, warmup = QUICK_SECONDS, QUICK_WARMUP_SECONDS
        timing_default = QUICK_TIMING_REQUESTS
    else:
        seconds = _seconds_from_environment("BENCH_SECONDS", DEFAULT_SECONDS) or DEFAULT_SECONDS
        warmup = _seconds_from_environment("BENCH_WARMUP_SECONDS", DEFAULT_WARMUP_SECONDS)
        timing_default = DEFAULT_TIMING_REQUESTS
    timing_requests = _whole_number_from_environment(
        "BENCH_TIMING_REQUESTS", timing_default, maximum=MAX_TIMING_REQUESTS
    )
    message_conversations = (
        _whole_number_from_environment(
            "BENCH_MESSAGE_CONVERSATIONS",
            DEFAULT_MESSAGE_CONVERSATIONS,
            maximum=MAX_MESSAGE_CONVERSATIONS,
        )
        or DEFAULT_MESSAGE_CONVERSATIONS
    )
    settings = LoadSettings(threads=2, connections=32, seconds=seconds, warmup_seconds=warmup)
    # A shell starts background jobs with SIGINT ignored; the benchmark stays interruptible.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on_signal)
    try:
        generator = load_generator_choose(arguments.load)
        measurements, path = run(
            scenarios,
            generator,
            settings,
            parts=parts,
            timing_requests=timing_requests,
            message_conversations=message_conversations,
        )
    except KeyboardInterrupt:
        print("bench: interrupted; servers stopped.", file=sys.stderr)
        return 130
    except RuntimeError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    threads = settings.threads if generator.name == "wrk" else settings.connections
    print(
        f"load: {generator.name}, {threads} threads, {settings.connections} connections, "
        f"{settings.seconds} s after a {settings.warmup_seconds} s warm-up; "
        "ratio = req/s ÷ floor req/s in this run"
    )
    if generator.name == "python":
        print("note: measured with the Python fallback, not wrk: absolute figures run lower.")
    if any(measurement.timing for measurement in measurements):
        print(
            f"srch p50/p95 = the server's data.search_info.execution_time_ms over "
            f"{timing_requests} sequential requests before the load; {parts:,} synthetic listings"
        )
    print(table_format(measurements))
    print(f"results: {path}")
    failed = [m.scenario.name for m in measurements if m.verdict == "FAIL"]
    if failed:
        print(f"FAIL: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
