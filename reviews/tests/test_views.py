"""The pages: the rating form and the review on an order's page, the seller's answer, the card on
the conversation, the seller's reviews page and the rating next to the seller on a listing."""

from __future__ import annotations

import pytest
from django.test import Client

from marketplace.models import User
from marketplace.tests.factories import UserFactory
from messaging.selectors import conversation_path
from orders.tests.factories import make_order
from reviews.models import Review
from reviews.services import review_hide, review_reply
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def _page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def _order_page(order) -> str:
    return f"/hesabim/siparislerim/{order.pk}/"


def _order_page_of(review) -> str:
    return f"/hesabim/siparislerim/{review.order_id}/"


def test_the_buyer_rates_on_the_order_page_and_both_see_it(client: Client, user: User):
    order = make_order(buyer=user, state="completed")
    client.force_login(user)
    page = _page(client, _order_page(order))
    assert "Satıcıyı değerlendirin" in page
    assert f'action="/hesabim/siparislerim/{order.pk}/degerlendirme/"' in page
    response = client.post(
        f"/hesabim/siparislerim/{order.pk}/degerlendirme/",
        {"rating": "4", "comment": "<script>alert(1)</script> Sağlam"},
        follow=True,
    )
    page = response.content.decode()
    assert "Teşekkürler! Değerlendirmeniz yayımlandı." in page
    assert "★★★★☆" in page
    assert "5 üzerinden 4" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Sağlam" in page
    assert "<script>alert(1)" not in page
    assert 'name="rating"' not in page  # rated: no second form
    assert Review.objects.get().comment == "<script>alert(1)</script> Sağlam"
    seller = Client()
    seller.force_login(order.seller)
    seller_page = _page(seller, _order_page(order))
    assert "5 üzerinden 4" in seller_page
    assert "Yanıtınız (bir kez yanıtlayabilirsiniz)" in seller_page


def test_a_refused_review_says_why_and_keeps_what_was_typed(client: Client, user: User):
    order = make_order(buyer=user, state="completed")
    client.force_login(user)
    response = client.post(
        f"/hesabim/siparislerim/{order.pk}/degerlendirme/",
        {"comment": "Yıldız seçmeyi unuttum"},
        follow=True,
    )
    page = response.content.decode()
    assert "1 ile 5 yıldız arasında bir puan seçin" in page
    assert ">Yıldız seçmeyi unuttum</textarea>" in page
    assert not Review.objects.exists()
    # Shown once: the next visit starts empty.
    assert "Yıldız seçmeyi unuttum" not in _page(client, _order_page(order))


def test_no_form_before_completion_nor_for_the_seller(client: Client, user: User):
    shipped = make_order(buyer=user, state="shipped")
    client.force_login(user)
    assert "Satıcıyı değerlendirin" not in _page(client, _order_page(shipped))
    completed = make_order(seller=user, state="completed")
    assert "Satıcıyı değerlendirin" not in _page(client, _order_page(completed))
    refused = client.post(
        f"/hesabim/siparislerim/{completed.pk}/degerlendirme/", {"rating": "1"}, follow=True
    )
    assert (
        "Satıcıyı yalnızca alıcı, sipariş tamamlandıktan sonra değerlendirebilir"
        in refused.content.decode()
    )
    assert not Review.objects.exists()


def test_a_stranger_gets_404_for_the_form(client: Client, user: User):
    order = make_order(state="completed")
    client.force_login(user)
    response = client.post(f"/hesabim/siparislerim/{order.pk}/degerlendirme/", {"rating": "5"})
    assert response.status_code == 404


def test_the_seller_answers_once_on_the_order_page(client: Client, user: User):
    review = make_review(seller=user, rating=2, comment="Geç geldi")
    client.force_login(user)
    response = client.post(
        f"/hesabim/degerlendirmeler/{review.pk}/yanit/",
        {"text": "Bayram yoğunluğu, kusura bakmayın."},
        follow=True,
    )
    page = response.content.decode()
    assert "Yanıtınız yayımlandı." in page
    assert "Satıcının yanıtı" in page
    assert "Bayram yoğunluğu, kusura bakmayın." in page
    assert 'name="text"' not in page
    again = client.post(
        f"/hesabim/degerlendirmeler/{review.pk}/yanit/", {"text": "Tekrar"}, follow=True
    )
    assert "Bu değerlendirmeyi zaten yanıtladınız" in again.content.decode()
    buyer = Client()
    buyer.force_login(review.author)
    assert "Bayram yoğunluğu, kusura bakmayın." in _page(buyer, _order_page_of(review))


def test_an_empty_answer_is_refused_on_the_page(client: Client, user: User):
    review = make_review(seller=user)
    client.force_login(user)
    response = client.post(f"/hesabim/degerlendirmeler/{review.pk}/yanit/", {"text": "  "})
    assert response.status_code == 302
    page = _page(client, response["Location"].split("#")[0])
    assert "Yanıtınızı yazın." in page


def test_a_hidden_review_is_marked_for_the_participants_and_gone_from_the_seller_page(
    client: Client,
):
    review = make_review(rating=1, comment="Hakaret")
    review_hide(review_ids=[review.pk], staff=UserFactory.create(is_staff=True))
    client.force_login(review.author)
    assert "Moderatörler gizledi" in _page(client, _order_page_of(review))
    public = _page(Client(), f"/satici/{review.seller_id}/degerlendirmeler/")
    assert "Hakaret" not in public
    assert "Bu satıcının henüz değerlendirmesi yok." in public


def test_the_seller_page_shows_the_summary_and_the_reviews(client: Client):
    seller = UserFactory.create(display_name="Usta Oto")
    make_review(seller=seller, rating=5, comment="Çok hızlı <b>kargo</b>")
    answered = make_review(seller=seller, rating=4)
    review_reply(review_id=answered.pk, seller=seller, text="Teşekkürler")
    page = _page(client, f"/satici/{seller.pk}/degerlendirmeler/")
    assert "Usta Oto için değerlendirmeler" in page
    assert "★ 4,5" in page
    assert "(2 değerlendirme)" in page
    assert "Çok hızlı &lt;b&gt;kargo&lt;/b&gt;" in page
    assert "Teşekkürler" in page
    assert page.index("Teşekkürler") < page.index("Çok hızlı")  # newest first


def test_the_listing_shows_the_rating_next_to_the_seller(client: Client):
    review = make_review(rating=5)
    make_review(seller=review.seller, rating=4)
    make_review(seller=review.seller, rating=4)
    page = _page(client, f"/parca/{review.part.slug}/")
    assert "★ 4,3 (3 değerlendirme)" in page
    assert f'href="/satici/{review.seller_id}/degerlendirmeler/"' in page
    unrated = make_order().part
    assert "değerlendirme)" not in _page(client, f"/parca/{unrated.slug}/")


def test_the_conversation_invites_the_buyer_then_shows_the_review(client: Client, user: User):
    order = make_order(buyer=user, state="completed")
    client.force_login(user)
    path = conversation_path(order.conversation_id)
    assert "Sipariş tamamlandı. Satıcıdan memnun kaldınız mı?" in _page(client, path)
    seller = Client()
    seller.force_login(order.seller)
    assert "Satıcıdan memnun kaldınız mı?" not in _page(seller, path)
    client.post(f"/hesabim/siparislerim/{order.pk}/degerlendirme/", {"rating": "3"})
    assert "5 üzerinden 3" in _page(seller, path)
