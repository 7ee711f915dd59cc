"""Benchmark data: tops the project's database up to BENCH_PARTS synthetic listings."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

# A million rows take a few minutes on PostgreSQL; far more than that means something is stuck.
SEED_TIMEOUT_SECONDS = 3600


def parts_ensure(*, count: int, environment: Mapping[str, str], cwd: Path) -> None:
    """Runs `manage.py seed_demo --parts-total N`: only the missing listings are created.

    The command prints how many are present and missing; its output goes to our stderr.
    """
    print(f"bench: ensuring {count:,} synthetic listings ...", file=sys.stderr, flush=True)
    started = time.monotonic()
    try:
        completed = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", "seed_demo", "--parts-total", str(count)],
            cwd=cwd,
            env=dict(environment),
            stdin=subprocess.DEVNULL,
            stdout=sys.stderr,
            stderr=sys.stderr,
            timeout=SEED_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise RuntimeError(f"seed_demo did not finish within {SEED_TIMEOUT_SECONDS} s") from error
    if completed.returncode != 0:
        raise RuntimeError(
            f"seed_demo --parts-total {count} exited {completed.returncode} "
            "(is the database migrated? `manage.py migrate`)"
        )
    print(f"bench: data ready in {time.monotonic() - started:.1f} s.", file=sys.stderr, flush=True)
