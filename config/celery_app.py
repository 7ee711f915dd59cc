"""The Celery application; reads every CELERY_* setting from Django's settings."""

import os
import sys

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("banayeni")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def worker_command(*, hostname: str, concurrency: int, pool: str | None = None) -> list[str]:
    """The command line of a quiet worker of this app, as the bench and the tests start one
    (`hostname` as Celery takes it, e.g. `name@%h`; no gossip or mingle: start-up stays fast)."""
    command = [sys.executable, "-m", "celery", "-A", "config.celery_app", "worker"]
    if pool is not None:
        command += ["--pool", pool]
    return [
        *command,
        *("--concurrency", str(concurrency), "--loglevel", "WARNING"),
        *("--hostname", hostname, "--without-gossip", "--without-mingle"),
    ]
