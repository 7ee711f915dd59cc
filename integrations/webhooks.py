"""What provider callbacks change: delivery receipts on attempts, and "IPTAL" opt-outs.

The views in integrations/views.py check the signatures; these functions apply a verified event
once (a replay is recognised by its provider event key and changes nothing).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from integrations.models import AttemptStatus, Channel, NotificationAttempt, WebhookReceipt
from marketplace.models import ConsentKind, User
from marketplace.phone import InvalidPhoneError, normalize_phone
from marketplace.services.privacy import consent_record
from marketplace.text import fold

OPT_OUT_KEYWORDS = frozenset({"iptal", "stop", "dur"})

# Provider statuses → ours. Statuses not listed (queued, accepted, read…) change nothing.
_FINAL_STATUSES = {
    "delivered": AttemptStatus.DELIVERED,
    "undelivered": AttemptStatus.UNDELIVERED,
    "failed": AttemptStatus.UNDELIVERED,
}


def webhook_first_time(*, provider: str, event_key: str) -> bool:
    """Records the event; False when it was seen before (a replay or a provider retry)."""
    try:
        with transaction.atomic():
            WebhookReceipt.objects.create(provider=provider, event_key=event_key[:200])
    except IntegrityError:
        return False
    return True


def _attempt_claim_message(*, provider: str, provider_message_id: str, callback_data: str) -> None:
    """A receipt naming our attempt (`attempt:<id>`, sent as the provider's callback data) gives
    that attempt its provider message id if it has none: the worker that made the call died
    before reading the answer, and the message is now known to be out (so it is not sent
    again, integrations.notifications.handoff)."""
    kind, _, attempt_id = callback_data.partition(":")
    if kind != "attempt" or not attempt_id.isdigit() or not provider_message_id:
        return
    NotificationAttempt.objects.filter(
        pk=int(attempt_id),
        provider=provider,
        provider_message_id="",
        status__in=[AttemptStatus.SENDING, AttemptStatus.UNKNOWN],
    ).update(
        status=AttemptStatus.SENT,
        provider_message_id=provider_message_id[:100],
        status_updated_at=timezone.now(),
    )


def delivery_status_apply(
    *,
    provider: str,
    provider_message_id: str,
    status: str,
    error_code: str = "",
    callback_data: str = "",
) -> int:
    """Updates the attempt of that provider message; returns how many rows changed."""
    if callback_data:
        _attempt_claim_message(
            provider=provider, provider_message_id=provider_message_id, callback_data=callback_data
        )
    new_status = _FINAL_STATUSES.get(status.lower())
    if new_status is None or not provider_message_id:
        return 0
    if not webhook_first_time(provider=provider, event_key=f"{provider_message_id}:{status}"):
        return 0
    fields: dict[str, object] = {"status": new_status, "status_updated_at": timezone.now()}
    if error_code:
        fields["error_code"] = error_code[:60]
    return (
        NotificationAttempt.objects.filter(
            provider=provider, provider_message_id=provider_message_id
        )
        # A late "sent"/"failed" must not undo "delivered".
        .exclude(status=AttemptStatus.DELIVERED)
        .update(**fields)
    )


def is_opt_out(text: str) -> bool:
    return fold(text.strip().strip(".!")) in OPT_OUT_KEYWORDS


@transaction.atomic
def opt_out_by_phone(*, phone: str, channel: Channel) -> User | None:
    """The user of that number stops getting that channel and marketing, at once (KVKK)."""
    try:
        number = normalize_phone(phone)
    except InvalidPhoneError:
        return None
    user = User.objects.select_for_update().filter(phone=number).first()
    if user is None:
        return None
    if channel == Channel.WHATSAPP:
        user.notify_whatsapp = False
        consent_record(user=user, kind=ConsentKind.WHATSAPP, granted=False)
    else:
        user.notify_sms = False
        consent_record(user=user, kind=ConsentKind.SMS, granted=False)
    consent_record(user=user, kind=ConsentKind.MARKETING, granted=False)
    user.save(update_fields=["notify_whatsapp", "notify_sms", "updated_at"])
    return user
