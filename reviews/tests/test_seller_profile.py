"""The seller's public page (issue 21): `/satici/<id>/` and `GET /api/sellers/{id}`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace.models import User
from marketplace.services.moderation import user_ban
from marketplace.services.privacy import account_delete
from marketplace.tests.factories import UserFactory
from messaging import services as messaging_services
from messaging.tests.conftest import send_at
from parts.models import Part, PartStatus
from parts.services import part_status_change
from parts.tests.factories import make_part
from payments.services import payout_profile_business_verify, payout_profile_save
from payments.tests.factories import COMPANY
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller() -> User:
    return UserFactory.create(
        display_name="Yılmaz Oto Çıkma",
        city="Bursa",
        phone="+905321234567",
        email="yilmaz.gizli@example.com",
        created_at=timezone.now() - timedelta(days=400),
    )


def _answered_once(seller: User) -> None:
    buyer = UserFactory.create()
    conversation = messaging_services.conversation_open(part=make_part(seller=seller), buyer=buyer)
    asked = timezone.now() - timedelta(hours=6)
    send_at(conversation, buyer, "Bu far Clio 4'e uyar mı?", at=asked)
    send_at(conversation, seller, "Evet, 2015 sonrası uyar.", at=asked + timedelta(minutes=20))


def test_the_page_shows_the_public_facts_and_only_live_listings(
    client: Client, seller: User, staff_user: User
) -> None:
    live = make_part(seller=seller, title="Clio 4 Sol Far")
    sold = make_part(seller=seller, title="Clio 4 Sağ Ayna")
    part_status_change(part=sold, actor=seller, status=PartStatus.SOLD)
    expired = make_part(seller=seller, title="Clio 4 Tampon")
    Part.objects.filter(pk=expired.pk).update(status=PartStatus.EXPIRED)
    make_review(seller=seller, rating=4, comment="Parça temiz geldi, teşekkürler.")
    _answered_once(seller)
    profile = payout_profile_save(user=seller, data=COMPANY)
    payout_profile_business_verify(profile_id=profile.pk, staff=staff_user)

    page = client.get(f"/satici/{seller.pk}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1" in html
    assert "Yılmaz Oto Çıkma" in html
    assert "Bursa" in html
    assert "Doğrulanmış satıcı" in html
    assert "★ 4,0 (1 değerlendirme)" in html
    assert "Parça temiz geldi" in html
    assert '<dd class="response-rate">%100</dd>' in html
    assert '<dd class="response-time">20 dakika</dd>' in html
    assert "Clio 4 Sol Far" in html
    assert f"/parca/{live.slug}/" in html
    assert "Clio 4 Sağ Ayna" not in html
    assert "Clio 4 Tampon" not in html
    # No private data: e-mail (whole or masked), phone, identity.
    assert "yilmaz.gizli" not in html
    assert "@example.com" not in html
    assert "5321234567" not in html


def test_the_api_gives_the_same_facts_without_private_data(
    api_client: APIClient, seller: User
) -> None:
    make_part(seller=seller, title="Clio 4 Sol Far")
    make_review(seller=seller, rating=5)
    _answered_once(seller)

    answer = api_client.get(f"/api/sellers/{seller.pk}")  # validated against the schema

    assert answer.status_code == 200
    data = answer.json()["data"]
    assert data["seller"]["name"] == "Yılmaz Oto Çıkma"
    assert data["seller"]["city"] == "Bursa"
    assert data["seller"]["rating"]["count"] == 1
    assert data["seller"]["response"] == {
        "conversations": 1,
        "rate_percent": 100,
        "median_seconds": 20 * 60,
    }
    assert data["seller"]["url"] == f"/satici/{seller.pk}/"
    live = Part.objects.filter(seller=seller, status=PartStatus.ACTIVE)
    assert data["pagination"]["total"] == live.count()
    assert {part["id"] for part in data["parts"]} == {str(part.pk) for part in live}
    body = answer.content.decode()
    for private in ("yilmaz.gizli", "@example.com", "5321234567", "phone", "email"):
        assert private not in body


def test_listings_are_paged(api_client: APIClient, seller: User) -> None:
    for number in range(3):
        make_part(seller=seller, title=f"Egzoz Parçası {number}")

    first = api_client.get(f"/api/sellers/{seller.pk}?limit=2").json()["data"]
    second = api_client.get(f"/api/sellers/{seller.pk}?limit=2&offset=2").json()["data"]

    assert [part["title"] for part in first["parts"]] == ["Egzoz Parçası 2", "Egzoz Parçası 1"]
    assert first["pagination"]["has_more"] is True
    assert [part["title"] for part in second["parts"]] == ["Egzoz Parçası 0"]


def test_a_seller_without_a_display_name_gets_a_neutral_name(
    client: Client, api_client: APIClient
) -> None:
    seller = UserFactory.create(display_name="", email="adsiz.satici@example.com")
    part = make_part(seller=seller)

    assert api_client.get(f"/api/sellers/{seller.pk}").json()["data"]["seller"]["name"] == "Satıcı"
    listing = client.get(f"/parca/{part.slug}/").content.decode()
    assert f'<a class="seller-link" href="/satici/{seller.pk}/">Satıcı</a>' in listing
    assert "adsiz" not in listing
    assert "adsiz" not in api_client.get(f"/api/parts/{part.pk}").content.decode()


def test_the_listing_links_to_the_seller_page_by_name(client: Client, seller: User) -> None:
    part = make_part(seller=seller)
    listing = client.get(f"/parca/{part.slug}/").content.decode()
    assert f'<a class="seller-link" href="/satici/{seller.pk}/">Yılmaz Oto Çıkma</a>' in listing


def test_a_banned_or_deleted_seller_has_no_page(
    client: Client, api_client: APIClient, seller: User
) -> None:
    user_ban(user=seller, reason="Dolandırıcılık")
    assert client.get(f"/satici/{seller.pk}/").status_code == 404
    assert api_client.get(f"/api/sellers/{seller.pk}").status_code == 404

    gone = UserFactory.create()
    account_delete(user=gone)
    assert client.get(f"/satici/{gone.pk}/").status_code == 404
    assert api_client.get(f"/api/sellers/{gone.pk}").json()["error"]["code"] == "NOT_FOUND"
    assert api_client.get("/api/sellers/not-a-uuid").status_code == 404


def test_a_reviewer_without_a_display_name_is_a_neutral_buyer(
    client: Client, api_client: APIClient, seller: User
) -> None:
    buyer = UserFactory.create(display_name="", email="gizli.alici@example.com")
    make_review(buyer=buyer, seller=seller, rating=5, comment="Sorunsuz alışveriş.")

    html = client.get(f"/satici/{seller.pk}/").content.decode()
    data = api_client.get(f"/api/sellers/{seller.pk}").json()["data"]

    assert "<strong>Alıcı</strong>" in html
    assert [review["author_name"] for review in data["seller"]["latest_reviews"]] == ["Alıcı"]
    for body in (
        html,
        str(data),
        client.get(f"/satici/{seller.pk}/degerlendirmeler/").content.decode(),
    ):
        assert "gizli" not in body
        assert "@example.com" not in body
