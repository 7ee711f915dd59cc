"""Writes of the notification outbox: enqueue (inside the caller's transaction), deliver, sweep.

Delivery is claimed with one conditional UPDATE (pending → sending), so two workers handed the same
row (the after-commit relay and the periodic sweep, or a redelivered task) cannot both send it; a
row whose worker died stays `sending` until the claim times out and the sweep hands it out again.
"""

from __future__ import annotations

import logging
import random
import uuid
from dataclasses import replace
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from integrations.models import (
    AttemptStatus,
    Channel,
    Notification,
    NotificationAttempt,
    NotificationEvent,
    NotificationStatus,
)
from integrations.notifications.breaker import circuit_allows, circuit_record
from integrations.notifications.channels import channel_find_sent, channel_provider, channel_send
from integrations.notifications.relevance import still_relevant
from integrations.notifications.rendering import notification_render, template_get
from integrations.notifications.routing import (
    due_at_for,
    event_spec,
    marketing_cap_reached,
    routes_for,
)
from integrations.sms.segments import sms_segments
from integrations.unsubscribe import unsubscribe_url
from marketplace.models import User

logger = logging.getLogger(__name__)


def _relay(notification_id: uuid.UUID, *, countdown: float = 0) -> None:
    """Hands the row to Celery; if the broker is down the sweep picks the row up later."""
    from integrations.tasks import notification_deliver

    try:
        if countdown:
            notification_deliver.apply_async((str(notification_id),), countdown=countdown)
        else:
            notification_deliver.delay(str(notification_id))
    except Exception:  # the broker is down: the row waits in the outbox for the sweep
        logger.warning("notification not queued, the sweep will retry", exc_info=True)


def notification_enqueue(
    *,
    user: User,
    event: NotificationEvent | str,
    dedupe_key: str,
    context: dict[str, Any] | None = None,
    delay: timedelta | None = None,
) -> Notification:
    """Records a notification in the current transaction (once per `dedupe_key`) and queues its
    delivery after commit. Call it inside the transaction of the change that caused it.

    `delay` holds it back (e.g. a new-message notice waits to see whether the message is read).
    """
    now = timezone.now()
    due_at = due_at_for(event=str(event), now=now + (delay or timedelta(0)))
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                event=str(event),
                dedupe_key=dedupe_key,
                context=context or {},
                due_at=due_at,
            )
    except IntegrityError:
        return Notification.objects.get(dedupe_key=dedupe_key)
    if notification.due_at <= now:
        transaction.on_commit(lambda: _relay(notification.pk))
    elif delay is not None and notification.due_at == now + delay:
        # Not quiet hours, just a short wait: a countdown task; the sweep is the safety net.
        transaction.on_commit(lambda: _relay(notification.pk, countdown=delay.total_seconds()))
    return notification


def _claim(notification_id: uuid.UUID | str) -> Notification | None:
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, status=NotificationStatus.PENDING, due_at__lte=now
    ).update(status=NotificationStatus.SENDING, claimed_at=now)
    if not claimed:
        return None
    return Notification.objects.select_related("user").get(pk=notification_id)


def _finish(notification: Notification, **fields: Any) -> None:
    Notification.objects.filter(pk=notification.pk, status=NotificationStatus.SENDING).update(
        **fields
    )


def notification_deliver(*, notification_id: uuid.UUID | str) -> str:
    """Delivers one due notification: each allowed channel in order until one provider accepts.

    Returns the final status. Safe to call any number of times for the same row.
    """
    notification = _claim(notification_id)
    if notification is None:
        return "not_due_or_taken"
    user = notification.user
    now = timezone.now()
    routes, reason = routes_for(user=user, event=notification.event)
    relevant, why_not = still_relevant(notification)
    if not relevant:
        routes, reason = [], why_not
    if notification.event == NotificationEvent.MARKETING and marketing_cap_reached(
        user=user, now=now
    ):
        routes, reason = [], "weekly marketing limit reached"
    if not routes:
        _finish(notification, status=NotificationStatus.SKIPPED, skip_reason=reason)
        return NotificationStatus.SKIPPED
    retry_later = False
    context = {**notification.context, "recipient_name": user.public_name}
    for route in routes:
        template = template_get(event=notification.event, channel=route.channel)
        if template is None:
            continue
        provider = channel_provider(route.channel)
        if not circuit_allows(provider.name):
            retry_later = True
            continue
        rendered = notification_render(template=template, context=context)
        if route.channel == Channel.EMAIL and not event_spec(notification.event).required:
            rendered = replace(rendered, unsubscribe_url=unsubscribe_url(user_id=user.pk))
        delivery = None
        if notification.previous_claimed_at is not None:
            delivery = channel_find_sent(
                route=route,
                rendered=rendered,
                provider=provider,
                since=notification.previous_claimed_at,
            )
        if delivery is None:
            delivery = channel_send(route=route, rendered=rendered, provider=provider)
        result = delivery.result
        NotificationAttempt.objects.create(
            notification=notification,
            channel=route.channel,
            provider=result.provider,
            status=AttemptStatus.SENT if result.ok else AttemptStatus.FAILED,
            provider_message_id=result.message_id[:100],
            error_code=result.error_code[:60],
            error_message=result.error_message[:500],
            retryable=result.retryable,
            latency_ms=delivery.latency_ms,
            **_sms_cost(route.channel, rendered.text),
        )
        circuit_record(provider.name, ok=result.ok, retryable=result.retryable)
        if result.ok:
            _finish(
                notification,
                status=NotificationStatus.SENT,
                channel=route.channel,
                sent_at=timezone.now(),
                attempt_rounds=F("attempt_rounds") + 1,
            )
            return NotificationStatus.SENT
        retry_later = retry_later or result.retryable
    rounds = notification.attempt_rounds + 1
    if retry_later and rounds < settings.NOTIFICATION_MAX_ROUNDS:
        delay = settings.NOTIFICATION_RETRY_BASE_SECONDS * 2**rounds
        delay *= random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not cryptography
        _finish(
            notification,
            status=NotificationStatus.PENDING,
            attempt_rounds=rounds,
            due_at=timezone.now() + timedelta(seconds=delay),
            claimed_at=None,
        )
        return NotificationStatus.PENDING
    _finish(
        notification,
        status=NotificationStatus.FAILED,
        attempt_rounds=rounds,
        skip_reason="every channel failed",
    )
    return NotificationStatus.FAILED


def _sms_cost(channel: str, text: str) -> dict[str, Any]:
    if channel != Channel.SMS:
        return {}
    segments = sms_segments(text)
    return {"sms_encoding": segments.encoding, "sms_parts": segments.parts}


def notifications_sweep(*, limit: int = 500) -> list[str]:
    """Due rows nobody is working on: pending ones (relay missed or retry time come) and ones
    claimed by a worker that died. Returns their ids for the caller to queue."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT_SECONDS)
    Notification.objects.filter(status=NotificationStatus.SENDING, claimed_at__lt=stale).update(
        status=NotificationStatus.PENDING, previous_claimed_at=F("claimed_at"), claimed_at=None
    )
    due = Notification.objects.filter(
        Q(status=NotificationStatus.PENDING) & Q(due_at__lte=now)
    ).order_by("due_at")[:limit]
    return [str(pk) for pk in due.values_list("pk", flat=True)]
