"""Celery tasks of the parts catalogue: thin, idempotent, taking ids."""

from __future__ import annotations

import uuid

from celery import shared_task

from parts.services.images import part_image_process


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def part_image_process_task(image_id: str) -> str:
    image = part_image_process(image_id=uuid.UUID(image_id))
    return image.status if image is not None else "missing"
