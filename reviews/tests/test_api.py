"""The reviews API through the real HTTP stack, every response checked against the OpenAPI schema
(the conftest's clients)."""

from __future__ import annotations

import pytest

from marketplace.models import User
from marketplace.tests.factories import UserFactory
from orders.tests.factories import make_order
from reviews.models import Review
from reviews.services import review_hide
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def _review_url(order) -> str:
    return f"/api/orders/{order.pk}/review"


def test_the_buyer_rates_a_completed_order(user_api_client, user: User):
    order = make_order(buyer=user, state="completed")
    response = user_api_client.post(
        _review_url(order), {"rating": 4, "comment": "<b>İyi</b> paketlenmişti"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["message"] == "Teşekkürler! Değerlendirmeniz yayımlandı."
    review = body["data"]["review"]
    assert (review["rating"], review["comment"]) == (4, "<b>İyi</b> paketlenmişti")
    assert review["author_name"] == user.display_name
    assert (review["reply_text"], review["replied_at"], review["hidden"]) == (None, None, False)
    assert review["seller_id"] == str(order.seller_id)


@pytest.mark.parametrize("rating", [0, 6, "beş", None, 4.5, True])
def test_bad_ratings_are_a_turkish_400_with_the_code(user_api_client, user: User, rating):
    order = make_order(buyer=user, state="completed")
    response = user_api_client.post(_review_url(order), {"rating": rating}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "REVIEW_RATING_INVALID"
    assert error["message"] == "1 ile 5 yıldız arasında bir puan seçin"
    assert error["details"] == {"rating": ["1 ile 5 yıldız arasında bir puan seçin"]}
    assert not Review.objects.exists()


def test_a_missing_rating_and_a_body_that_is_not_an_object_are_400(user_api_client, user):
    order = make_order(buyer=user, state="completed")
    missing = user_api_client.post(_review_url(order), {"comment": "Güzel"}, format="json")
    assert missing.json()["error"]["code"] == "REVIEW_RATING_INVALID"
    listed = user_api_client.post(_review_url(order), [5], format="json")
    assert listed.status_code == 400
    assert listed.json()["error"]["code"] == "VALIDATION_ERROR"


def test_a_nul_or_too_long_comment_is_refused(user_api_client, user: User):
    order = make_order(buyer=user, state="completed")
    long = user_api_client.post(
        _review_url(order), {"rating": 5, "comment": "ç" * 1001}, format="json"
    )
    assert long.status_code == 400
    assert long.json()["error"]["code"] == "REVIEW_TEXT_INVALID"
    assert long.json()["error"]["details"] == {
        "comment": ["Metin en fazla 1000 karakter olabilir."]
    }
    nul = user_api_client.post(
        _review_url(order), {"rating": 5, "comment": "a\u0000b"}, format="json"
    )
    assert nul.status_code == 400
    assert "comment" in nul.json()["error"]["details"]


def test_once_only_and_only_completed_orders(user_api_client, user: User):
    shipped = make_order(buyer=user, state="shipped")
    refused = user_api_client.post(_review_url(shipped), {"rating": 5}, format="json")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "REVIEW_NOT_ALLOWED"
    order = make_order(buyer=user, state="completed")
    assert user_api_client.post(_review_url(order), {"rating": 5}, format="json").status_code == 201
    again = user_api_client.post(_review_url(order), {"rating": 1}, format="json")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "REVIEW_EXISTS"
    assert again.json()["error"]["message"] == "Bu siparişi zaten değerlendirdiniz"


def test_the_seller_cannot_rate_and_a_stranger_gets_order_not_found(
    user_api_client, other_user_api_client, user: User
):
    order = make_order(seller=user, state="completed")
    by_seller = user_api_client.post(_review_url(order), {"rating": 5}, format="json")
    assert by_seller.status_code == 409
    assert by_seller.json()["error"]["code"] == "REVIEW_NOT_ALLOWED"
    by_stranger = other_user_api_client.post(_review_url(order), {"rating": 5}, format="json")
    assert by_stranger.status_code == 404
    assert by_stranger.json()["error"]["code"] == "ORDER_NOT_FOUND"


def test_the_seller_answers_once(user_api_client, user: User):
    review = make_review(seller=user, rating=2)
    url = f"/api/reviews/{review.pk}/reply"
    response = user_api_client.post(
        url, {"text": "Kargoya geç verdik, özür dileriz."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["message"] == "Yanıtınız yayımlandı."
    answered = response.json()["data"]["review"]
    assert answered["reply_text"] == "Kargoya geç verdik, özür dileriz."
    assert answered["replied_at"] is not None
    again = user_api_client.post(url, {"text": "Bir daha"}, format="json")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "REPLY_EXISTS"


def test_the_buyer_cannot_answer_and_an_empty_answer_is_refused(user_api_client, user: User):
    review = make_review(buyer=user)
    url = f"/api/reviews/{review.pk}/reply"
    assert user_api_client.post(url, {"text": "x"}, format="json").json()["error"]["code"] == (
        "REPLY_NOT_ALLOWED"
    )
    own = make_review(seller=user)
    empty = user_api_client.post(f"/api/reviews/{own.pk}/reply", {"text": " "}, format="json")
    assert empty.status_code == 400
    assert empty.json()["error"]["details"] == {"text": ["Yanıtınızı yazın."]}
    missing = user_api_client.post(f"/api/reviews/{own.pk}/reply", {}, format="json")
    assert missing.json()["error"]["code"] == "REVIEW_TEXT_INVALID"


def test_anyone_reads_a_sellers_summary_and_visible_reviews(api_client):
    seller = UserFactory.create()
    make_review(seller=seller, rating=5, comment="Harika")
    make_review(seller=seller, rating=4)
    hidden = make_review(seller=seller, rating=1, comment="Küfürlü yorum")
    review_hide(review_ids=[hidden.pk], staff=UserFactory.create(is_staff=True))
    response = api_client.get(f"/api/sellers/{seller.pk}/reviews?limit=1")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["summary"]["average"] == 4.5
    assert data["summary"]["count"] == 2
    assert data["summary"]["distribution"] == [
        {"rating": 5, "count": 1},
        {"rating": 4, "count": 1},
        {"rating": 3, "count": 0},
        {"rating": 2, "count": 0},
        {"rating": 1, "count": 0},
    ]
    assert [review["rating"] for review in data["reviews"]] == [4]
    assert data["pagination"]["total"] == 2
    assert data["pagination"]["has_more"] is True
    assert "Küfürlü" not in response.content.decode()
    unknown = api_client.get("/api/sellers/00000000-0000-0000-0000-000000000000/reviews")
    assert unknown.status_code == 404


def test_a_seller_without_reviews_has_a_null_average(api_client):
    seller = UserFactory.create()
    data = api_client.get(f"/api/sellers/{seller.pk}/reviews").json()["data"]
    assert data["summary"]["average"] is None
    assert data["reviews"] == []


def test_the_part_api_shows_the_sellers_rating(api_client):
    review = make_review(rating=4)
    make_review(seller=review.seller, rating=5)
    data = api_client.get(f"/api/parts/{review.part_id}").json()["data"]
    assert data["seller_info"]["rating"] == {
        "average": 4.5,
        "count": 2,
        "url": f"/satici/{review.seller_id}/degerlendirmeler/",
    }
    unrated = make_order().part
    assert api_client.get(f"/api/parts/{unrated.pk}").json()["data"]["seller_info"]["rating"] == {
        "average": None,
        "count": 0,
        "url": None,
    }
