""" "Once" under real concurrent transactions (PostgreSQL): four simultaneous reviews of one order,
four simultaneous answers to one review."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import bearer_client, in_threads, requires_postgres
from orders.tests.factories import make_order
from reviews.models import Review
from reviews.tests.factories import make_review


def _post(user: Any, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = bearer_client(user).post(path, body, format="json")
    return response.status_code, response.json()


@requires_postgres  # SQLite serialises writers: no real race to test
@pytest.mark.django_db(transaction=True)
def test_simultaneous_reviews_of_one_order_keep_one(settings) -> None:
    settings.API_RATE_LIMITS_ENABLED = False
    order = make_order(state="completed")
    path = f"/api/orders/{order.pk}/review"
    results = in_threads(4, lambda index: _post(order.buyer, path, {"rating": 1 + index}))
    assert sorted(status for status, _body in results) == [201, 409, 409, 409]
    assert {body["error"]["code"] for status, body in results if status == 409} == {"REVIEW_EXISTS"}
    [created] = [body["data"]["review"] for status, body in results if status == 201]
    assert Review.objects.get().rating == created["rating"]


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_answers_keep_one(settings) -> None:
    settings.API_RATE_LIMITS_ENABLED = False
    review = make_review()
    path = f"/api/reviews/{review.pk}/reply"
    results = in_threads(4, lambda index: _post(review.seller, path, {"text": f"Yanıt {index}"}))
    assert sorted(status for status, _body in results) == [200, 409, 409, 409]
    [answered] = [body["data"]["review"] for status, body in results if status == 200]
    assert Review.objects.get().seller_reply == answered["reply_text"]
