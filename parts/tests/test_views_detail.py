"""A listing's page through the test client: SEO tags, similar parts, slugs, paused, sold,
waiting and deleted listings.

Every text checked is the Turkish one a visitor reads.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from marketplace.models import User
from marketplace.tests.factories import UserFactory
from parts.models import Part, PartStatus
from parts.services import part_status_change
from parts.tests.factories import make_part
from parts.tests.pages import (
    MY_LISTINGS,
    attribute,
    document,
    json_ld,
    one,
    select,
    text,
)

# Photos are processed in this process, under a temporary MEDIA_ROOT (parts/tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_with_local_photos")]


# --- Detail ----------------------------------------------------------------------------------
def test_detail_page_has_canonical_link_og_tags_and_product_json_ld(
    client: Client, catalogue: dict[str, Part]
) -> None:
    part = catalogue["alternator"]

    response = client.get(f"/parca/{part.slug}/")

    assert response.status_code == 200
    canonical = f"http://testserver/parca/{part.slug}/"
    page = document(response)
    assert attribute(one(page, "link", rel="canonical"), "href") == canonical
    assert attribute(one(page, "meta", property="og:title"), "content") == part.title
    assert attribute(one(page, "meta", property="og:url"), "content") == canonical
    assert text(one(page, "h1")) == part.title
    assert text(one(page, "p", "price-large")) == "850,00 ₺"
    data = json_ld(response)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Product"
    assert data["name"] == part.title
    assert data["mpn"] == "12-31-7-501-999"
    assert data["offers"]["@type"] == "Offer"
    assert data["offers"]["priceCurrency"] == "TRY"
    assert Decimal(data["offers"]["price"]) == Decimal("850")
    assert data["offers"]["itemCondition"] == "https://schema.org/UsedCondition"
    assert data["offers"]["url"] == canonical


def test_faulty_part_is_a_damaged_condition_offer(
    client: Client, catalogue: dict[str, Part]
) -> None:
    data = json_ld(client.get(f"/parca/{catalogue['gearbox'].slug}/"))
    assert data["offers"]["itemCondition"] == "https://schema.org/DamagedCondition"


def test_json_ld_cannot_be_broken_out_of_by_the_title(client: Client) -> None:
    part = make_part(title="Far </script><script>alert(1)</script>")
    response = client.get(f"/parca/{part.slug}/")
    assert json_ld(response)["name"] == part.title
    assertNotContains(response, "<script>alert(1)")


def test_detail_names_a_seller_without_a_display_name_neutrally_never_by_email(
    client: Client,
) -> None:
    seller = UserFactory.create(email="mehmet.yilmaz@example.com", display_name="")
    part = make_part(seller=seller)

    response = client.get(f"/parca/{part.slug}/")

    assertContains(response, f'<a class="seller-link" href="/satici/{seller.pk}/">Satıcı</a>')
    html = response.content.decode()
    assert "m****@example.com" not in html
    assert "mehmet.yilmaz" not in html
    assert "mehmet.yilmaz@example.com" not in html


def test_detail_lists_similar_parts_but_not_itself(
    client: Client, catalogue: dict[str, Part]
) -> None:
    part = catalogue["alternator"]
    same_reference = make_part(title="Bosch Alternatör 12317501999", brand="BMW", model="E39")

    response = client.get(f"/parca/{part.slug}/")

    section = one(document(response), "section", aria_labelledby="similar-title")
    assert text(one(section, "h2")) == "Benzer parçalar"
    similar = {text(title) for title in select(section, "h3", "part-card-title")}
    assert same_reference.title in similar
    assert part.title not in similar
    assert "Mercedes W203 Fren Diski" not in similar


@pytest.mark.parametrize("wrong", ["eski-baslik-{id}", "{id}"])
def test_wrong_slug_with_the_right_id_redirects_permanently(
    client: Client, catalogue: dict[str, Part], wrong: str
) -> None:
    part = catalogue["alternator"]
    response = client.get(f"/parca/{wrong.format(id=part.id)}/")
    assertRedirects(response, f"/parca/{part.slug}/", status_code=301)


@pytest.mark.parametrize(
    "slug", ["bmw-e46-00000000-0000-0000-0000-000000000000", "yok-boyle-bir-ilan", "1"]
)
def test_unknown_part_is_a_404_html_page(client: Client, slug: str) -> None:
    response = client.get(f"/parca/{slug}/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assertContains(response, "Sayfa bulunamadı", status_code=404)


def test_paused_part_keeps_its_page_with_a_notice_and_no_contact(
    client: Client, user: User, other_user: User
) -> None:
    part = make_part(seller=user)
    part_status_change(part=part, actor=user, status=PartStatus.PAUSED)
    url = f"/parca/{part.slug}/"

    for viewer in (None, other_user):
        if viewer is not None:
            client.force_login(viewer)
        response = client.get(url)
        assert response.status_code == 200
        assertContains(response, "Yayında değil")
        assertNotContains(response, "İlgileniyorum")
        assertNotContains(response, "Satıcıyla iletişim için giriş yapın")

    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assertContains(response, '<span class="badge">Durduruldu</span>', html=True)
    assertContains(response, f'href="/parca/{part.slug}/duzenle/"')


def test_sold_part_page_answers_200_with_satildi_and_similar_active_listings(
    client: Client, user: User, other_user: User
) -> None:
    sold = make_part(seller=user, title="Passat B8 sol far", brand="Volkswagen", model="Passat")
    similar = make_part(
        seller=other_user, title="Passat B8 sağ far", brand="Volkswagen", model="Passat"
    )
    part_status_change(part=sold, actor=user, status=PartStatus.SOLD)

    response = client.get(f"/parca/{sold.slug}/")

    assert response.status_code == 200
    assertContains(response, "Satıldı")
    assertContains(response, f'href="/parca/{similar.slug}/"')
    assertNotContains(response, "Satıcıyla iletişim için giriş yapın")
    client.force_login(other_user)
    response = client.get(f"/parca/{sold.slug}/")
    assertContains(response, "Satıldı")
    assertNotContains(response, 'name="type" value="interested"')


def test_listing_waiting_for_review_is_still_hidden_from_others(
    client: Client, user: User, other_user: User
) -> None:
    part = make_part(seller=user)
    Part.objects.filter(pk=part.pk).update(status=PartStatus.PENDING_REVIEW)
    assert client.get(f"/parca/{part.slug}/").status_code == 404


def test_deleted_part_is_gone_even_for_its_owner(seller_client: Client, user: User) -> None:
    part = make_part(seller=user)
    seller_client.post(f"{MY_LISTINGS}{part.id}/", {"action": "delete", "confirmed": "1"})
    assert seller_client.get(f"/parca/{part.slug}/").status_code == 404


def test_detail_explains_guvenli_odeme_in_turkish(client: Client) -> None:
    part = make_part(seller=UserFactory.create())

    response = client.get(f"/parca/{part.slug}/")

    note = text(one(document(response), "aside", "secure-payment-note"))
    assert "Güvenli Ödeme" in note
    assert "ödeme isteği" in note
    assert "iyzico" in note
    assert "paranız size geri döner" in note
