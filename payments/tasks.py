"""Celery tasks of payments: thin, idempotent, calling services."""

from __future__ import annotations

from celery import shared_task

from payments.services import payout_profiles_pending_check


@shared_task(acks_late=True)
def payout_profiles_pending_check_task() -> int:
    """Beat: asks KPS again about the payout profiles it did not answer for (backoff per row)."""
    return payout_profiles_pending_check()
