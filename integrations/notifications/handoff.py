"""Crash-safe hand-off of a notification to a provider: no second message after a lost worker.

Every provider call is an attempt row committed *before* the call (`sending`) and settled right
after it, in one transaction with the notification's own status. A worker that dies during the
call (killed, OOM, deploy) leaves its `sending` attempt behind; when the claim times out, the
worker that takes the row over settles that attempt before anything is sent again, as the
provider allows:

- it can list what it accepted (Twilio SMS): asked; found → recorded as sent, else sent again;
- it drops a second request with the same idempotency key (Brevo, the notification id, kept
  15 minutes): sent again with that key, which Brevo answers "duplicate" if the first got
  through;
- neither (SMTP, Meta WhatsApp, Netgsm, İleti Merkezi, Twilio WhatsApp, GA4): not sent again.
  The attempt becomes `unknown` and the notification `sent`: at most one message. A message is
  lost only if the worker died inside the provider call before the provider accepted it. Meta's
  status webhooks carry the attempt (`biz_opaque_callback_data`) and settle it when they come.

A worker that dies outside a provider call leaves no `sending` attempt, and the row is delivered
normally.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from integrations.models import (
    AttemptStatus,
    Notification,
    NotificationAttempt,
    NotificationStatus,
)
from integrations.notifications.channels import ChannelProvider, channel_find_sent
from integrations.notifications.rendering import Rendered
from integrations.notifications.routing import Route

logger = logging.getLogger(__name__)


class LostCall(StrEnum):
    SENT = "sent"  # the provider has it (found, or a webhook said so): do not send
    UNKNOWN = "unknown"  # nobody can tell: do not send (at most once)
    SEND = "send"  # safe to send (again): not at the provider, or it drops a duplicate


def attempt_begin(
    *, notification: Notification, channel: str, provider: str
) -> NotificationAttempt | None:
    """The attempt row of the call about to be made, committed before it; None when this worker
    no longer holds the claim (the sweep gave the row to another worker meanwhile)."""
    with transaction.atomic():
        # Locks the row: the sweep cannot take the claim back between this check and the insert.
        held = Notification.objects.filter(
            pk=notification.pk,
            status=NotificationStatus.SENDING,
            claimed_at=notification.claimed_at,
        ).update(claimed_at=notification.claimed_at)
        if not held:
            return None
        return NotificationAttempt.objects.create(
            notification=notification,
            channel=channel,
            provider=provider,
            status=AttemptStatus.SENDING,
        )


def lost_attempts(notification: Notification) -> dict[str, NotificationAttempt]:
    """Calls a dead worker left unsettled, by channel."""
    return {
        attempt.channel: attempt
        for attempt in notification.attempts.filter(status=AttemptStatus.SENDING).order_by(
            "created_at"
        )
    }


def lost_call_settle(
    *,
    attempt: NotificationAttempt,
    route: Route | None,
    rendered: Rendered | None,
    provider: ChannelProvider | None,
) -> LostCall:
    """Decides what a dead worker's call means before the channel is used again (the module's
    policy) and records it on the attempt. `route`, `rendered` and `provider` are the channel as
    it is now (None when it is no longer used for this notification)."""
    same_provider = provider is not None and provider.name == attempt.provider
    if same_provider and route is not None and rendered is not None:
        assert provider is not None
        found = channel_find_sent(
            route=route, rendered=rendered, provider=provider, since=attempt.created_at
        )
        if found is not None:
            NotificationAttempt.objects.filter(pk=attempt.pk).update(
                status=AttemptStatus.SENT,
                provider_message_id=found.result.message_id[:100],
                status_updated_at=timezone.now(),
            )
            return LostCall.SENT
        if provider.sms is not None and provider.sms.can_find_sent:
            return LostCall.SEND  # the provider lists what it accepted: it does not have it
        window = provider.deduplicates_for
        if window is not None and timezone.now() - attempt.created_at < window:
            return LostCall.SEND  # the same idempotency key: the provider drops a duplicate
    NotificationAttempt.objects.filter(pk=attempt.pk, status=AttemptStatus.SENDING).update(
        status=AttemptStatus.UNKNOWN,
        error_message="The worker was lost during the provider call; not sent again.",
        status_updated_at=timezone.now(),
    )
    logger.warning(
        "notification not sent again after a lost provider call",
        extra={"notification": str(attempt.notification_id), "provider": attempt.provider},
    )
    return LostCall.UNKNOWN
