"""Celery tasks of payments: thin, idempotent, calling services."""

from __future__ import annotations

import uuid
from typing import Any

from celery import shared_task

from payments.services import (
    IyzicoError,
    payout_profile_sub_merchant_sync,
    payout_profiles_pending_check,
)


@shared_task(acks_late=True)
def payout_profiles_pending_check_task() -> int:
    """Beat: asks KPS again about the payout profiles it did not answer for (backoff per row)."""
    return payout_profiles_pending_check()


@shared_task(bind=True, acks_late=True, max_retries=8)
def payout_profile_sub_merchant_sync_task(self: Any, profile_id: str) -> str:
    """Makes the seller an iyzico sub-merchant (or updates it); retried with back-off while
    iyzico is away or refuses."""
    try:
        return payout_profile_sub_merchant_sync(profile_id=uuid.UUID(profile_id))
    except IyzicoError as error:
        raise self.retry(exc=error, countdown=min(60 * 2**self.request.retries, 3600)) from error
