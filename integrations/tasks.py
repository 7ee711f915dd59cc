"""Celery tasks of the notification outbox; the work is in integrations.services."""

from __future__ import annotations

from celery import shared_task

from integrations import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def notification_deliver(notification_id: str) -> str:
    return services.notification_deliver(notification_id=notification_id)


@shared_task(ignore_result=True)
def notifications_sweep() -> int:
    ids = services.notifications_sweep()
    for notification_id in ids:
        notification_deliver.delay(notification_id)
    return len(ids)
