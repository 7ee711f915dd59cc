"""How quickly a seller answers, for their public page (issue 21). Read through messaging.selectors.

Definitions, over the seller's conversations whose buyer wrote a first message within the last
RESPONSE_WINDOW_DAYS (at most RESPONSE_SAMPLE_MAX of the newest, so a busy seller costs the
same as a quiet one):

- **response rate**: the share of those conversations in which the seller wrote at least once
  after the buyer's first message (a message staff hid still counts: the seller did answer);
- **median response time**: the median, over the answered ones, of the time from the buyer's
  first message to the seller's first message after it.

Conversations the buyer never wrote in (an `interested` answer alone) are not counted: there was
nothing to answer. Two correlated subqueries per conversation, each one index probe of
`message_conversation_time`; the result is cached for RESPONSE_CACHE_SECONDS per seller.
"""

from __future__ import annotations

import logging
import statistics
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from messaging.models import Conversation, Message

logger = logging.getLogger(__name__)

RESPONSE_WINDOW_DAYS = 180
RESPONSE_SAMPLE_MAX = 500
RESPONSE_CACHE_SECONDS = 600


@dataclass(frozen=True)
class ResponseStats:
    conversations: int  # with a first message from the buyer, in the window
    answered: int
    median_seconds: int | None  # None when none was answered

    @property
    def rate_percent(self) -> int | None:
        """Whole percent, None without conversations."""
        if not self.conversations:
            return None
        return round(100 * self.answered / self.conversations)


def _first_message_at(*, sender: str, after: str | None = None) -> Subquery:
    messages = Message.objects.filter(conversation=OuterRef("pk"), sender_id=OuterRef(sender))
    if after is not None:
        messages = messages.filter(created_at__gte=OuterRef(after))
    return Subquery(messages.order_by("created_at").values("created_at")[:1])


def seller_response_stats_compute(
    *, seller_id: uuid.UUID, now: datetime | None = None
) -> ResponseStats:
    """The stats as of `now`, read from the database (no cache)."""
    now = now or timezone.now()
    since = now - timedelta(days=RESPONSE_WINDOW_DAYS)
    rows = (
        Conversation.objects.filter(seller_id=seller_id)
        .annotate(buyer_first=_first_message_at(sender="buyer_id"))
        .filter(buyer_first__gte=since, buyer_first__lte=now)
        .annotate(seller_first=_first_message_at(sender="seller_id", after="buyer_first"))
        .order_by("-buyer_first")
        .values_list("buyer_first", "seller_first")[:RESPONSE_SAMPLE_MAX]
    )
    delays = [
        (answered_at - asked_at).total_seconds()
        for asked_at, answered_at in rows
        if answered_at is not None and answered_at <= now
    ]
    return ResponseStats(
        conversations=len(rows),
        answered=len(delays),
        median_seconds=round(statistics.median(delays)) if delays else None,
    )


def seller_response_stats(*, seller_id: uuid.UUID) -> ResponseStats:
    """The stats now, from the cache when a recent answer is there (a cache outage only means
    computing them)."""
    key = f"messaging:response-stats:{seller_id}"
    try:
        cached = cache.get(key)
    except Exception:
        logger.warning("response stats cache unavailable", exc_info=True)
        cached = None
    if isinstance(cached, tuple) and len(cached) == 3:
        return ResponseStats(*cached)
    stats = seller_response_stats_compute(seller_id=seller_id)
    try:
        cache.set(
            key,
            (stats.conversations, stats.answered, stats.median_seconds),
            RESPONSE_CACHE_SECONDS,
        )
    except Exception:
        logger.warning("response stats cache unavailable", exc_info=True)
    return stats
