"""Writes of the notification outbox: enqueue (inside the caller's transaction), deliver, sweep.

Delivery is claimed with one conditional UPDATE (pending → sending), so two workers handed the same
row (the after-commit relay and the periodic sweep, or a redelivered task) cannot both send it; a
row whose worker died stays `sending` until the claim times out and the sweep hands it out again,
and a provider call that worker left unfinished is settled before anything is sent again
(integrations.notifications.handoff).
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from integrations.analytics import analytics_event_context
from integrations.choices import AttemptStatus, Channel, NotificationEvent, NotificationStatus
from integrations.crypto import CredentialsError, credentials_decrypt, credentials_encrypt
from integrations.errors import DeliveryErrorKind
from integrations.models import SECRETS_WIPED, Notification, NotificationAttempt
from integrations.notifications.breaker import circuit_allows, circuit_record
from integrations.notifications.channels import DeliveryKeys, channel_provider, channel_send
from integrations.notifications.handoff import (
    LostCall,
    attempt_begin,
    lost_attempts,
    lost_call_settle,
)

# Re-exported: other apps reach the outbox only through this module and integrations.selectors
# (they name events with NotificationEvent and register relevance checks here).
from integrations.notifications.relevance import (
    notification_relevance_register as notification_relevance_register,
)
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
from integrations.webhooks import webhook_first_time as webhook_first_time
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
    user: User | None = None,
    user_id: uuid.UUID | None = None,
    event: NotificationEvent | str,
    dedupe_key: str,
    context: dict[str, Any] | None = None,
    delay: timedelta | None = None,
    secrets: dict[str, str] | None = None,
    expires_in: timedelta | None = None,
    address: str = "",
    relay: bool = True,
) -> Notification:
    """Records a notification for `user` (or `user_id`: plain data, from the core's outbox port)
    in the current transaction (once per `dedupe_key`) and queues its delivery after commit. Call
    it inside the transaction of the change that caused it.

    `delay` holds it back (e.g. a new-message notice waits to see whether the message is read).
    `secrets` are template variables stored encrypted and wiped after delivery; `expires_in`
    is how long the notification may still be sent; `address` replaces the user's own phone or
    e-mail address. `relay=False` leaves delivery to the caller (`notification_deliver_now` right
    after commit, when the caller must know the outcome), the sweep being the safety net.
    """
    if (user is None) == (user_id is None):
        raise TypeError("notification_enqueue() needs either user or user_id")
    now = timezone.now()
    due_at = due_at_for(event=str(event), now=now + (delay or timedelta(0)))
    notification_id = uuid.uuid4()
    notification = Notification(
        id=notification_id,
        **({"user": user} if user is not None else {"user_id": user_id}),
        event=str(event),
        dedupe_key=dedupe_key,
        context=context or {},
        due_at=due_at,
        address=address,
        expires_at=now + expires_in if expires_in is not None else None,
    )
    if secrets:
        notification.secrets_encrypted = credentials_encrypt(
            secrets, bound_to=notification.secrets_bound_to
        )
    try:
        with transaction.atomic():
            notification.save(force_insert=True)
    except IntegrityError:
        return Notification.objects.get(dedupe_key=dedupe_key)
    if not relay:
        return notification
    if notification.due_at <= now:
        transaction.on_commit(lambda: _relay(notification.pk))
    elif delay is not None and notification.due_at == now + delay:
        # Not quiet hours, just a short wait: a countdown task; the sweep is the safety net.
        transaction.on_commit(lambda: _relay(notification.pk, countdown=delay.total_seconds()))
    return notification


def analytics_event_record(
    *, user: User | Any, name: str, params: dict[str, Any] | None = None
) -> Notification | None:
    """Queues one GA4 event for a consenting, logged-in user; otherwise records nothing."""
    context = analytics_event_context(user=user, name=name, params=params)
    if context is None:
        return None
    return notification_enqueue(
        user=user,
        event=NotificationEvent.ANALYTICS,
        dedupe_key=f"analytics:{uuid.uuid4()}",
        context=context,
    )


def _claim(notification_id: uuid.UUID | str) -> Notification | None:
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, status=NotificationStatus.PENDING, due_at__lte=now
    ).update(status=NotificationStatus.SENDING, claimed_at=now)
    if not claimed:
        return None
    return Notification.objects.select_related("user").get(pk=notification_id)


def _finish(notification: Notification, **fields: Any) -> None:
    """Ends this worker's claim; nothing changes if the claim timed out and the row was handed
    to another worker meanwhile."""
    if notification.secrets_encrypted and fields.get("status") != NotificationStatus.PENDING:
        fields["secrets_encrypted"] = SECRETS_WIPED  # sent, failed for good or skipped
    Notification.objects.filter(
        pk=notification.pk,
        status=NotificationStatus.SENDING,
        claimed_at=notification.claimed_at,
    ).update(**fields)


def _secrets(notification: Notification) -> dict[str, Any] | None:
    """The decrypted secret variables; None when they are gone (wiped, or unreadable)."""
    if not notification.secrets_encrypted:
        return {}
    if notification.secrets_encrypted == SECRETS_WIPED:
        return None
    try:
        return credentials_decrypt(
            notification.secrets_encrypted, bound_to=notification.secrets_bound_to
        )
    except CredentialsError:
        logger.error("notification secrets unreadable", extra={"notification": notification.pk})
        return None


def notification_deliver(*, notification_id: uuid.UUID | str) -> str:
    """Delivers one due notification: each allowed channel in order until one provider accepts.

    Returns the final status. Safe to call any number of times for the same row, and after a
    worker died during a provider call (integrations.notifications.handoff).
    """
    notification = _claim(notification_id)
    if notification is None:
        return "not_due_or_taken"
    lost = lost_attempts(notification)
    accepted = (
        notification.attempts.filter(status__in=[AttemptStatus.SENT, AttemptStatus.DELIVERED])
        .order_by("-created_at")
        .first()
    )
    if accepted is not None:
        # A dead worker's call that a webhook (or the dead worker itself) already settled.
        return _lost_call_finish(notification, lost, channel=accepted.channel)
    user = notification.user
    now = timezone.now()
    if notification.expires_at is not None and notification.expires_at <= now:
        if lost:
            return _lost_call_finish(notification, lost)
        _finish(notification, status=NotificationStatus.SKIPPED, skip_reason="expired")
        return NotificationStatus.SKIPPED
    secrets = _secrets(notification)
    if secrets is None:
        if lost:
            return _lost_call_finish(notification, lost)
        _finish(notification, status=NotificationStatus.FAILED, skip_reason="secret variables gone")
        return NotificationStatus.FAILED
    routes, reason = routes_for(user=user, event=notification.event, address=notification.address)
    relevant, why_not = still_relevant(notification)
    if not relevant:
        routes, reason = [], why_not
    if notification.event == NotificationEvent.MARKETING and marketing_cap_reached(
        user=user, now=now
    ):
        routes, reason = [], "weekly marketing limit reached"
    if set(lost) - {route.channel for route in routes}:
        # A dead worker's call on a channel no longer used for this row: it may be out.
        return _lost_call_finish(notification, lost)
    if not routes:
        _finish(notification, status=NotificationStatus.SKIPPED, skip_reason=reason)
        return NotificationStatus.SKIPPED
    retry_later = False
    context = {**notification.context, **secrets, "recipient_name": user.public_name}
    for route in routes:
        lost_attempt = lost.pop(route.channel, None)
        template = template_get(event=notification.event, channel=route.channel)
        if template is None:
            if lost_attempt is not None:
                return _lost_call_finish(notification, {route.channel: lost_attempt})
            continue
        provider = channel_provider(route.channel)
        rendered = notification_render(template=template, context=context)
        if route.channel == Channel.EMAIL and not event_spec(notification.event).required:
            rendered = replace(rendered, unsubscribe_url=unsubscribe_url(user_id=user.pk))
        attempt = None
        if lost_attempt is not None:
            verdict = lost_call_settle(
                attempt=lost_attempt, route=route, rendered=rendered, provider=provider
            )
            if verdict != LostCall.SEND:
                return _lost_call_finish(notification, {}, channel=route.channel)
            attempt = lost_attempt  # sent again under the same keys, recorded on the same row
        if not circuit_allows(provider.name):
            retry_later = True
            continue
        if attempt is None:
            attempt = attempt_begin(
                notification=notification, channel=route.channel, provider=provider.name
            )
            if attempt is None:
                return "not_due_or_taken"  # the claim timed out and another worker has the row
        keys = DeliveryKeys(notification_id=str(notification.pk), attempt_id=attempt.pk)
        delivery = channel_send(route=route, rendered=rendered, provider=provider, keys=keys)
        result = delivery.result
        with transaction.atomic():
            # A receipt that beat the answer (Meta's, by callback data) is not undone.
            settled = NotificationAttempt.objects.filter(pk=attempt.pk).exclude(
                status__in=[AttemptStatus.DELIVERED, AttemptStatus.UNDELIVERED]
            )
            settled.update(
                provider=result.provider,
                status=AttemptStatus.SENT if result.ok else AttemptStatus.FAILED,
                provider_message_id=result.message_id[:100],
                error_code=result.error_code[:60],
                error_message=result.error_message[:500],
                error_kind=result.error_kind or ("" if result.ok else DeliveryErrorKind.UNKNOWN),
                retryable=result.retryable,
                latency_ms=delivery.latency_ms,
                **_sms_cost(route.channel, rendered.text),
            )
            if result.ok:
                _finish(
                    notification,
                    status=NotificationStatus.SENT,
                    channel=route.channel,
                    sent_at=timezone.now(),
                    attempt_rounds=F("attempt_rounds") + 1,
                )
        circuit_record(provider.name, ok=result.ok, retryable=result.retryable)
        if result.ok:
            return NotificationStatus.SENT
        retry_later = retry_later or result.retryable
    rounds = notification.attempt_rounds + 1
    delay = settings.NOTIFICATION_RETRY_BASE_SECONDS * 2**rounds
    delay *= random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not cryptography
    retry_at = timezone.now() + timedelta(seconds=delay)
    if notification.expires_at is not None and retry_at >= notification.expires_at:
        retry_later = False  # the code or link would no longer be valid by then
    if retry_later and rounds < settings.NOTIFICATION_MAX_ROUNDS:
        _finish(
            notification,
            status=NotificationStatus.PENDING,
            attempt_rounds=rounds,
            due_at=retry_at,
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


def _lost_call_finish(
    notification: Notification, lost: dict[str, NotificationAttempt], *, channel: str = ""
) -> str:
    """The row is done: a dead worker's call reached (or may have reached) the provider, and is
    not made again. Calls still unsettled become `unknown`."""
    for attempt in lost.values():
        lost_call_settle(attempt=attempt, route=None, rendered=None, provider=None)
        channel = channel or attempt.channel
    _finish(
        notification,
        status=NotificationStatus.SENT,
        channel=channel,
        sent_at=timezone.now(),
        attempt_rounds=F("attempt_rounds") + 1,
    )
    return NotificationStatus.SENT


def notification_deliver_now(*, notification_id: uuid.UUID | str) -> str:
    """Delivers in this process at once (after commit, for a user waiting for a code or a link),
    whatever the broker and workers are doing; a row this leaves behind (a retry, a crash) is
    the sweep's. Returns the status, "error" when delivery broke."""
    try:
        return notification_deliver(notification_id=notification_id)
    except Exception:
        logger.exception("notification delivery broke", extra={"notification": notification_id})
        return "error"


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
    notifications_secrets_expire(now=now)
    due = Notification.objects.filter(
        Q(status=NotificationStatus.PENDING) & Q(due_at__lte=now)
    ).order_by("due_at")[:limit]
    return [str(pk) for pk in due.values_list("pk", flat=True)]


def notifications_secrets_expire(*, now: datetime | None = None) -> int:
    """Expired notifications still waiting are dropped, and no finished one keeps its secret
    variables (a safety net behind `notification_deliver`, which wipes them as it finishes).
    Returns how many rows had their secrets wiped."""
    now = now or timezone.now()
    holding = Notification.objects.filter(expires_at__isnull=False).exclude(
        secrets_encrypted__in=["", SECRETS_WIPED]
    )
    expired = holding.filter(status=NotificationStatus.PENDING, expires_at__lte=now).update(
        status=NotificationStatus.SKIPPED, skip_reason="expired", secrets_encrypted=SECRETS_WIPED
    )
    finished = holding.exclude(
        status__in=[NotificationStatus.PENDING, NotificationStatus.SENDING]
    ).update(secrets_encrypted=SECRETS_WIPED)
    return expired + finished


def notification_cancel(*, notification_id: uuid.UUID | str, reason: str) -> bool:
    """Gives up a notification still waiting for a retry (e.g. a code the user was told did not
    go out) and wipes its secrets. False when it was already sent, finished or being sent."""
    return bool(
        Notification.objects.filter(pk=notification_id, status=NotificationStatus.PENDING).update(
            status=NotificationStatus.FAILED, skip_reason=reason, secrets_encrypted=SECRETS_WIPED
        )
    )


# --- KVKK (account deletion) ---------------------------------------------------------------------
ABOUT_DELETED_ACCOUNT = "account deleted"
_REDACT_BATCH = 500


def notification_contexts_redact(
    *, dedupe_keys: Iterable[str], replacements: Mapping[str, str]
) -> int:
    """A user's account was deleted: the notifications named by `dedupe_keys` (other users'
    notifications about them, e.g. the buyer's `interest_approved` holding the seller's phone)
    lose what they held about that user. Each key of `replacements` present in a context gets the
    replacement value; a row not sent yet is not sent at all. Returns how many rows changed.
    Runs in the caller's transaction."""
    keys = list(dedupe_keys)
    changed = 0
    for start in range(0, len(keys), _REDACT_BATCH):
        rows = Notification.objects.select_for_update().filter(
            dedupe_key__in=keys[start : start + _REDACT_BATCH]
        )
        for notification in rows:
            context = dict(notification.context or {})
            fields = []
            if any(key in context for key in replacements):
                context.update(
                    {key: value for key, value in replacements.items() if key in context}
                )
                notification.context = context
                fields.append("context")
            if notification.status == NotificationStatus.PENDING:
                notification.status = NotificationStatus.SKIPPED
                notification.skip_reason = ABOUT_DELETED_ACCOUNT
                fields += ["status", "skip_reason"]
            if fields:
                notification.save(update_fields=fields)
                changed += 1
    return changed


def notifications_erase_for_user(*, user: User) -> int:
    """The deleted user's own notifications keep only what happened when (event, channel,
    status, times, for the delivery statistics): their contexts, addresses, secrets and provider
    error texts (which can quote the phone number) are wiped, and nothing more is sent."""
    own = Notification.objects.filter(user=user)
    own.filter(status=NotificationStatus.PENDING).update(
        status=NotificationStatus.SKIPPED, skip_reason=ABOUT_DELETED_ACCOUNT
    )
    own.exclude(secrets_encrypted__in=["", SECRETS_WIPED]).update(secrets_encrypted=SECRETS_WIPED)
    NotificationAttempt.objects.filter(notification__user=user).exclude(error_message="").update(
        error_message=""
    )
    return own.update(context={}, address="")
