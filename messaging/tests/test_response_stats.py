"""A seller's response rate and median response time (issue 21), computed from the messages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.models import User
from marketplace.tests.factories import UserFactory
from messaging import services
from messaging.selectors import seller_response_stats, seller_response_stats_compute
from messaging.tests.conftest import send_at
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db


def _asked(seller: User, *, hours_ago: float, answered_after: timedelta | None) -> None:
    """A new buyer asks about one of `seller`'s listings; the seller answers after a delay."""
    buyer = UserFactory.create()
    conversation = services.conversation_open(part=make_part(seller=seller), buyer=buyer)
    asked_at = timezone.now() - timedelta(hours=hours_ago)
    send_at(conversation, buyer, "Merhaba, parça hâlâ satılık mı?", at=asked_at)
    send_at(conversation, buyer, "Kargo ile gönderir misiniz?", at=asked_at + timedelta(minutes=1))
    if answered_after is not None:
        send_at(conversation, seller, "Evet, satılık.", at=asked_at + answered_after)
        later = asked_at + answered_after + timedelta(hours=5)
        send_at(conversation, seller, "Kargo alıcıya ait.", at=later)


def test_rate_and_median_over_the_buyers_first_messages(seller: User) -> None:
    _asked(seller, hours_ago=50, answered_after=timedelta(minutes=10))
    _asked(seller, hours_ago=40, answered_after=timedelta(minutes=30))
    _asked(seller, hours_ago=30, answered_after=timedelta(hours=2))
    _asked(seller, hours_ago=20, answered_after=None)

    stats = seller_response_stats_compute(seller_id=seller.pk)

    assert stats.conversations == 4
    assert stats.answered == 3
    assert stats.rate_percent == 75
    assert stats.median_seconds == 30 * 60  # 10 min, 30 min, 2 h: the first answer counts


def test_a_conversation_without_a_buyer_message_is_not_counted(seller: User, buyer: User) -> None:
    conversation = services.conversation_open(part=make_part(seller=seller), buyer=buyer)
    send_at(conversation, seller, "Merhaba, sorunuz var mı?")  # nothing to answer yet

    stats = seller_response_stats_compute(seller_id=seller.pk)

    assert (stats.conversations, stats.rate_percent, stats.median_seconds) == (0, None, None)


def test_a_message_before_the_buyers_is_not_an_answer(seller: User, buyer: User) -> None:
    conversation = services.conversation_open(part=make_part(seller=seller), buyer=buyer)
    send_at(
        conversation,
        seller,
        "İlanım hakkında yazabilirsiniz.",
        at=timezone.now() - timedelta(hours=3),
    )
    send_at(conversation, buyer, "Fiyatta pazarlık var mı?", at=timezone.now() - timedelta(hours=2))

    assert seller_response_stats_compute(seller_id=seller.pk).answered == 0


def test_only_the_window_counts_time_travel(seller: User) -> None:
    _asked(seller, hours_ago=24 * 200, answered_after=None)  # older than 180 days
    _asked(seller, hours_ago=24, answered_after=timedelta(hours=1))

    now = seller_response_stats_compute(seller_id=seller.pk)
    assert (now.conversations, now.rate_percent) == (1, 100)
    then = seller_response_stats_compute(
        seller_id=seller.pk, now=timezone.now() - timedelta(days=150)
    )
    assert (then.conversations, then.rate_percent) == (1, 0)


def test_the_figures_are_cached_for_a_while(seller: User) -> None:
    _asked(seller, hours_ago=5, answered_after=None)
    assert seller_response_stats(seller_id=seller.pk).rate_percent == 0
    _asked(seller, hours_ago=4, answered_after=timedelta(minutes=5))
    assert seller_response_stats(seller_id=seller.pk).rate_percent == 0  # cached
    assert seller_response_stats_compute(seller_id=seller.pk).rate_percent == 50
