"""review_create, review_reply, review_hide/unhide: who may, when, once, and what is stored."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from marketplace.errors import DomainError
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from orders.tests.factories import make_order
from reviews.models import Review
from reviews.services import review_create, review_hide, review_reply, review_unhide
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def _code(call, **kwargs) -> str:
    with pytest.raises(DomainError) as raised:
        call(**kwargs)
    return str(raised.value.code)


def test_buyer_rates_the_seller_of_a_completed_order():
    order = make_order(state="completed")
    review = review_create(
        order_id=order.pk, buyer=order.buyer, rating=4, comment="  Parça sağlam geldi.\n"
    )
    assert (review.author_id, review.seller_id, review.part_id) == (
        order.buyer_id,
        order.seller_id,
        order.part_id,
    )
    assert (review.rating, review.comment) == (4, "Parça sağlam geldi.")
    assert review.replied_at is None
    assert review.hidden_at is None


def test_a_form_sends_the_stars_as_digits():
    order = make_order(state="completed")
    assert review_create(order_id=order.pk, buyer=order.buyer, rating="5", comment="").rating == 5


@pytest.mark.parametrize(
    "state",
    ["awaiting_payment", "paid", "shipped", "delivered", "cancelled", "refunded", "disputed"],
)
def test_only_a_completed_order_can_be_rated(state):
    order = make_order(state=state)
    code = _code(review_create, order_id=order.pk, buyer=order.buyer, rating=5, comment="")
    assert code == "REVIEW_NOT_ALLOWED"
    assert not Review.objects.exists()


def test_the_seller_cannot_rate_and_strangers_learn_nothing(user: User):
    order = make_order(state="completed")
    assert (
        _code(review_create, order_id=order.pk, buyer=order.seller, rating=5, comment="")
        == "REVIEW_NOT_ALLOWED"
    )
    for stranger in (user, UserFactory.create(is_staff=True, is_superuser=True)):
        code = _code(review_create, order_id=order.pk, buyer=stranger, rating=5, comment="")
        assert code == "ORDER_NOT_FOUND"
    assert _code(review_create, order_id="yok", buyer=user, rating=5, comment="") == (
        "ORDER_NOT_FOUND"
    )


def test_an_order_is_rated_once():
    review = make_review(rating=2)
    code = _code(review_create, order_id=review.order_id, buyer=review.author, rating=5, comment="")
    assert code == "REVIEW_EXISTS"
    assert Review.objects.get().rating == 2


def test_the_database_holds_one_review_per_order_and_1_to_5_stars():
    review = make_review()
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            order_id=review.order_id,
            part_id=review.part_id,
            author_id=review.author_id,
            seller_id=review.seller_id,
            rating=3,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(rating=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(rating=0)


@pytest.mark.parametrize("rating", [0, 6, -1, 4.5, "beş", "", " ", "٥", None, True, [5], "5.0"])
def test_bad_ratings_are_refused_with_the_ratings_code(rating):
    order = make_order(state="completed")
    with pytest.raises(DomainError) as raised:
        review_create(order_id=order.pk, buyer=order.buyer, rating=rating, comment="")
    assert str(raised.value.code) == "REVIEW_RATING_INVALID"
    assert raised.value.details == {"rating": ["1 ile 5 yıldız arasında bir puan seçin"]}


@pytest.mark.parametrize(
    ("comment", "problem"),
    [
        ("a" * 1001, "Metin en fazla 1000 karakter olabilir."),
        ("Kötü\x00paket", "Bu metinde izin verilmeyen karakterler var."),
        (12, "Metin olmalı."),
    ],
)
def test_bad_comments_are_refused_in_turkish(comment, problem):
    order = make_order(state="completed")
    with pytest.raises(DomainError) as raised:
        review_create(order_id=order.pk, buyer=order.buyer, rating=5, comment=comment)
    assert str(raised.value.code) == "REVIEW_TEXT_INVALID"
    assert raised.value.details == {"comment": [problem]}


def test_a_comment_of_exactly_1000_characters_and_html_is_stored_as_typed():
    order = make_order(state="completed")
    text = "<script>alert(1)</script> " + "ğ" * 974
    review = review_create(order_id=order.pk, buyer=order.buyer, rating=1, comment=text)
    assert len(text) == 1000
    assert Review.objects.get(pk=review.pk).comment == text


def test_the_seller_answers_once():
    review = make_review(rating=2, comment="Geç geldi.")
    answered = review_reply(review_id=review.pk, seller=review.seller, text=" Özür dileriz. ")
    assert answered.seller_reply == "Özür dileriz."
    assert answered.replied_at is not None
    code = _code(review_reply, review_id=review.pk, seller=review.seller, text="Bir daha")
    assert code == "REPLY_EXISTS"
    assert Review.objects.get(pk=review.pk).seller_reply == "Özür dileriz."


def test_only_the_rated_seller_answers(user: User):
    review = make_review()
    assert _code(review_reply, review_id=review.pk, seller=review.author, text="x") == (
        "REPLY_NOT_ALLOWED"
    )
    assert _code(review_reply, review_id=review.pk, seller=user, text="x") == "REPLY_NOT_ALLOWED"
    assert _code(review_reply, review_id="bozuk", seller=user, text="x") == "REVIEW_NOT_FOUND"
    review_hide(review_ids=[review.pk], staff=UserFactory.create(is_staff=True))
    # A hidden review is not shown to others: they cannot learn it exists.
    assert _code(review_reply, review_id=review.pk, seller=user, text="x") == "REVIEW_NOT_FOUND"


@pytest.mark.parametrize("text", ["", "   ", None, "a" * 1001, "\x00"])
def test_an_empty_or_bad_answer_is_refused(text):
    review = make_review()
    code = _code(review_reply, review_id=review.pk, seller=review.seller, text=text)
    assert code == "REVIEW_TEXT_INVALID"
    assert Review.objects.get(pk=review.pk).replied_at is None


def test_staff_hide_and_show_again_and_no_one_else_may(user: User):
    review = make_review()
    staff = UserFactory.create(is_staff=True)
    assert _code(review_hide, review_ids=[review.pk], staff=user) == "FORBIDDEN"
    assert review_hide(review_ids=[review.pk], staff=staff) == 1
    assert review_hide(review_ids=[review.pk], staff=staff) == 0
    review.refresh_from_db()
    assert review.is_hidden
    assert _code(review_unhide, review_ids=[review.pk], staff=review.seller) == "FORBIDDEN"
    assert review_unhide(review_ids=[review.pk], staff=staff) == 1
    review.refresh_from_db()
    assert not review.is_hidden
