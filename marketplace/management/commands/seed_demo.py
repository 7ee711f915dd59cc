"""`manage.py seed_demo`: demo accounts and every app's demo data (idempotent); bulk listings."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from marketplace.demo import (
    DEMO_USERS,
    demo_loaders,
    demo_sellers,
    demo_synthetic_parts_count,
    demo_synthetic_parts_loader,
    demo_users_load,
)
from marketplace.models import User

PROGRESS_EVERY = 100_000


@contextlib.contextmanager
def _task_logs_quiet() -> Iterator[None]:
    """Eager Celery logs each photo task at INFO: a hundred lines would bury the summary."""
    logger = logging.getLogger("celery.app.trace")
    previous = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(previous)


class Command(BaseCommand):
    help = (
        "Loads demo accounts and listings (running it twice changes nothing). With --parts N, "
        "also adds N synthetic active listings for benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--parts",
            type=int,
            default=0,
            metavar="N",
            help="add N synthetic listings (COPY on PostgreSQL; keep N small on SQLite)",
        )
        group.add_argument(
            "--parts-total",
            type=int,
            default=None,
            metavar="N",
            help="add only as many synthetic listings as are missing for N in total",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        emails = [account["email"] for account in DEMO_USERS]
        present = User.objects.filter(email__in=emails).count()
        users = demo_users_load()
        self.stdout.write(f"Demo users: {len(users) - present} created, {present} present.")
        sellers = demo_sellers(users)
        for path, loader in demo_loaders():
            started = time.perf_counter()
            with _task_logs_quiet():
                created = loader(sellers=sellers)
            elapsed = time.perf_counter() - started
            self.stdout.write(f"{path}: {created} created ({elapsed:.1f} s).")

        count = int(options["parts"] or 0)
        if options["parts_total"] is not None:
            present = demo_synthetic_parts_count()
            count = max(0, int(options["parts_total"]) - present)
            self.stdout.write(f"Synthetic listings: {present:,} present, {count:,} missing.")
        if count < 0:
            raise CommandError("--parts must not be negative.")
        if count:
            self._synthetic_load(count)

    def _synthetic_load(self, count: int) -> None:
        started = time.perf_counter()

        def progress(written: int) -> None:
            if written % PROGRESS_EVERY == 0 or written == count:
                rate = written / max(time.perf_counter() - started, 1e-9)
                self.stdout.write(f"  {written:,} / {count:,} ({rate:,.0f}/s)")
                self.stdout.flush()

        created = demo_synthetic_parts_loader()(count=count, progress=progress)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Synthetic listings: {created:,} created in {elapsed:.1f} s "
            f"({created / max(elapsed, 1e-9):,.0f}/s, statistics refreshed); "
            f"{demo_synthetic_parts_count():,} in total."
        )
