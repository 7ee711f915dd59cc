"""Celery tasks of the core: thin, idempotent."""

from __future__ import annotations

from celery import shared_task

from marketplace.retention import retention_apply


@shared_task(acks_late=True, ignore_result=True)
def retention_apply_task() -> dict[str, int]:
    """Beat (daily): the KVKK retention periods (marketplace.retention)."""
    return retention_apply()
