"""Celery tasks of the parts catalogue: thin, idempotent, taking ids."""

from __future__ import annotations

import uuid
from datetime import timedelta

from celery import shared_task
from django.conf import settings

from parts.services.expiry import part_expiry_sweep
from parts.services.images import part_image_process
from parts.services.listings import part_photos_delayed_notify


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def part_image_process_task(image_id: str) -> str:
    image = part_image_process(image_id=uuid.UUID(image_id))
    return image.status if image is not None else "missing"


@shared_task(acks_late=True)
def part_photos_delayed_notify_task() -> int:
    """Beat: sellers whose listing still waits for its photos are told (once per listing)."""
    return part_photos_delayed_notify(
        waited_at_least=timedelta(minutes=settings.PHOTO_DELAY_NOTICE_MINUTES)
    )


@shared_task(acks_late=True)
def part_expiry_sweep_task() -> dict[str, int]:
    """Beat (hourly): expiry reminders, then expiries; idempotent (dedupe keys, status filter)."""
    sweep = part_expiry_sweep()
    return {"reminded": sweep.reminded, "expired": sweep.expired}
