"""Rating summaries (average to one decimal, count, distribution), one query for many sellers,
and the visible reviews page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from marketplace.tests.factories import UserFactory
from parts.selectors import seller_ratings_for
from reviews.selectors import (
    seller_rating_summaries,
    seller_rating_summary,
    seller_reviews_visible,
)
from reviews.services import review_hide
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def test_a_seller_without_reviews_has_no_average():
    summary = seller_rating_summary(seller_id=UserFactory.create().pk)
    assert (summary.count, summary.average) == (0, None)
    assert summary.distribution == {5: 0, 4: 0, 3: 0, 2: 0, 1: 0}


@pytest.mark.parametrize(
    ("ratings", "average"),
    [
        ([5], "5.0"),
        ([5, 4], "4.5"),
        ([5, 5, 4], "4.7"),  # 4.666… rounds up
        ([4, 4, 5], "4.3"),  # 4.333… rounds down
        ([1, 2], "1.5"),
        ([5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5], "4.1"),  # 4.1 exactly
        ([4, 5, 5, 5, 5, 5, 5, 5], "4.9"),  # 4.875: half up, not to even
    ],
)
def test_the_average_is_exact_to_one_decimal(ratings, average):
    seller = UserFactory.create()
    for rating in ratings:
        make_review(seller=seller, rating=rating)
    summary = seller_rating_summary(seller_id=seller.pk)
    assert summary.average == Decimal(average)
    assert summary.count == len(ratings)
    assert summary.distribution == {stars: ratings.count(stars) for stars in (5, 4, 3, 2, 1)}
    assert list(summary.distribution) == [5, 4, 3, 2, 1]


def test_hidden_reviews_leave_the_summary_and_the_list():
    seller = UserFactory.create()
    kept = make_review(seller=seller, rating=5)
    hidden = make_review(seller=seller, rating=1, comment="Hakaret içeren yorum")
    review_hide(review_ids=[hidden.pk], staff=UserFactory.create(is_staff=True))
    summary = seller_rating_summary(seller_id=seller.pk)
    assert (summary.count, summary.average) == (1, Decimal("5.0"))
    page = seller_reviews_visible(seller_id=seller.pk, limit=10, offset=0)
    assert [review.pk for review in page.reviews] == [kept.pk]
    assert page.total == 1


def test_many_sellers_cost_one_query(django_assert_num_queries):
    sellers = [UserFactory.create() for _ in range(4)]
    for index, seller in enumerate(sellers[:3]):
        for rating in range(1, index + 3):
            make_review(seller=seller, rating=rating)
    ids = [seller.pk for seller in sellers]
    with django_assert_num_queries(1):
        summaries = seller_rating_summaries(seller_ids=ids)
    assert [summaries[pk].count for pk in ids] == [2, 3, 4, 0]
    assert [summaries[pk].average for pk in ids] == [
        Decimal("1.5"),
        Decimal("2.0"),
        Decimal("2.5"),
        None,
    ]
    # The listing's registry (parts.seller_ratings, fed by reviews) asks the same one query.
    with django_assert_num_queries(1):
        ratings = seller_ratings_for(seller_ids=ids)
    assert ratings[ids[3]] is None
    # Ids as text come back under the same text.
    assert seller_rating_summaries(seller_ids=[str(ids[0])])[str(ids[0])].count == 2
    first = ratings[ids[0]]
    assert first is not None
    assert (first.average, first.count) == (Decimal("1.5"), 2)
    assert first.url == f"/satici/{ids[0]}/degerlendirmeler/"


def test_visible_reviews_page_newest_first_with_the_total():
    seller = UserFactory.create()
    made = [make_review(seller=seller, rating=1 + index % 5) for index in range(5)]
    first = seller_reviews_visible(seller_id=seller.pk, limit=2, offset=0)
    rest = seller_reviews_visible(seller_id=seller.pk, limit=2, offset=4)
    assert first.total == rest.total == 5
    assert [review.pk for review in first.reviews] == [made[4].pk, made[3].pk]
    assert [review.pk for review in rest.reviews] == [made[0].pk]
