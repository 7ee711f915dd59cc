"""Listing expiry (issue 21): a listing is live for PART_LIFETIME_DAYS after publishing or
renewal; its seller is reminded PART_EXPIRY_REMINDER_DAYS before (through the outbox, once per
expiry date), then the beat marks it `expired`: it leaves search (`parts.models.LIVE` is
`active` only) and keeps its page with a notice, until its seller renews it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from integrations.services import NotificationEvent, notification_enqueue
from marketplace.errors import DomainError, ErrorCode
from marketplace.models import User
from parts.error_codes import PartErrorCode
from parts.models import Part, PartStatus
from parts.search_cache import search_cache_invalidate

# What a seller may renew: a live or paused listing gets a new period, an expired one goes
# live again (a sold, rejected, suspended or deleted one may not).
RENEWABLE_STATUSES = frozenset({PartStatus.ACTIVE, PartStatus.PAUSED, PartStatus.EXPIRED})


@dataclass(frozen=True)
class ExpirySweep:
    reminded: int
    expired: int


def part_expiry_date(*, published_at: datetime) -> datetime:
    """When a listing published (or renewed) at `published_at` expires."""
    return published_at + timedelta(days=settings.PART_LIFETIME_DAYS)


@transaction.atomic
def part_renew(*, part: Part, actor: User, now: datetime | None = None) -> Part:
    """The seller renews a listing for PART_LIFETIME_DAYS from `now`; an expired one goes live
    again. Renewing changes the expiry date, so the next period gets its own reminder."""
    now = now or timezone.now()
    part = Part.objects.select_for_update().get(pk=part.pk)
    if part.seller_id != actor.pk:
        raise DomainError(ErrorCode.FORBIDDEN)
    if part.status == PartStatus.DELETED:
        raise DomainError(PartErrorCode.PART_NOT_FOUND)
    if part.status not in RENEWABLE_STATUSES:
        raise DomainError(PartErrorCode.PART_NOT_RENEWABLE)
    part.expires_at = part_expiry_date(published_at=now)
    if part.status == PartStatus.EXPIRED:
        part.status = PartStatus.ACTIVE
    part.save(update_fields=["expires_at", "status", "updated_at"])
    return part


def part_expiry_reminders_send(*, now: datetime | None = None) -> int:
    """Reminds the sellers of live listings that expire within PART_EXPIRY_REMINDER_DAYS; the
    dedupe key holds the expiry date, so each expiry is reminded once however often this runs.
    Returns how many reminders were written now."""
    started = timezone.now()
    now = now or started
    soon = now + timedelta(days=settings.PART_EXPIRY_REMINDER_DAYS)
    expiring = Part.objects.filter(
        status=PartStatus.ACTIVE, expires_at__gt=now, expires_at__lte=soon
    ).select_related("seller")
    written = 0
    for part in expiring.iterator():
        assert part.expires_at is not None
        with transaction.atomic():
            notification = notification_enqueue(
                user=part.seller,
                event=NotificationEvent.LISTING_EXPIRING,
                dedupe_key=(
                    f"{NotificationEvent.LISTING_EXPIRING}:{part.pk}:{part.expires_at.isoformat()}"
                ),
                context={
                    "part_name": part.title,
                    "part_url": settings.SITE_URL + reverse("parts:detail", args=[part.slug]),
                    "renew_url": settings.SITE_URL + reverse("parts:my-listings"),
                    "expires_on": _turkish_date(part.expires_at),
                },
            )
        written += int(notification.created_at >= started)  # not one an earlier run wrote
    return written


def _turkish_date(moment: datetime) -> str:
    with override("tr"):
        return date_format(timezone.localtime(moment), "j F Y")


def part_listings_expire(*, now: datetime | None = None) -> int:
    """Live listings whose expiry date has passed become `expired` (they leave search and keep
    their page). Returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = Part.objects.filter(status=PartStatus.ACTIVE, expires_at__lte=now).update(
            status=PartStatus.EXPIRED, updated_at=now
        )
    if expired:
        search_cache_invalidate()  # a bulk update sends no post_save
    return expired


def part_expiry_sweep(*, now: datetime | None = None) -> ExpirySweep:
    """The beat's run: reminders first (a listing about to expire is reminded before it does,
    even when the beat was away for a while), then expiries."""
    now = now or timezone.now()
    return ExpirySweep(
        reminded=part_expiry_reminders_send(now=now), expired=part_listings_expire(now=now)
    )
