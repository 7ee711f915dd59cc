"""The payout-details page, the "Doğrulanmış satıcı" badge on a listing, and KVKK."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from marketplace.selectors import user_data_export
from marketplace.services.privacy import account_delete
from parts.tests.factories import make_part
from payments.models import PayoutProfile
from payments.services import payout_profile_business_verify, payout_profile_save
from payments.tests.factories import COMPANY, IBAN, INDIVIDUAL, TCKN, make_profile

pytestmark = pytest.mark.django_db
URL = "/hesap/odeme-bilgileri/"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_needs_a_login(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/hesap/giris/" in response["Location"]
    assert reverse("payments:payout-profile") == URL


def test_the_page_saves_the_profile_and_shows_it_masked(user) -> None:
    client = logged_in(user)
    form = {**INDIVIDUAL, "sub_merchant_type": "PERSONAL"}
    form.pop("kind")
    response = client.post(URL, form, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ödeme bilgileriniz kaydedildi." in page
    assert "*******0146" in page
    assert "TR** **** **** **** **** **** 1326" in page
    assert TCKN not in page
    assert IBAN not in page
    assert "Kimliğiniz henüz doğrulanmadı." in page
    assert PayoutProfile.objects.filter(user=user, city="Ankara").exists()


def test_the_page_shows_turkish_errors_and_keeps_what_was_typed(user) -> None:
    client = logged_in(user)
    form = {**INDIVIDUAL, "sub_merchant_type": "PERSONAL", "tckn": "11111111111"}
    response = client.post(URL, form)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Geçersiz T.C. kimlik numarası" in page
    assert 'value="ışık"' in page
    assert "11111111111" not in page  # a secret is never written back into the page


def test_a_company_needs_its_tax_details(user) -> None:
    client = logged_in(user)
    form = {**COMPANY, "vkn": "", "tax_office": ""}
    form.pop("kind")
    response = client.post(URL, form)
    assert response.status_code == 400
    assert response.content.decode().count("Bu alan zorunlu.") >= 2


def test_the_profile_page_links_to_the_payout_details(user) -> None:
    assert URL in logged_in(user).get("/hesabim/").content.decode()


def test_a_verified_seller_gets_the_badge_on_the_part_page_and_api(user, staff_user) -> None:
    part = make_part(seller=user)
    assert "Doğrulanmış satıcı" not in Client().get(f"/parca/{part.slug}/").content.decode()
    make_profile(user=user)  # without KPS: not verified
    assert "Doğrulanmış satıcı" not in Client().get(f"/parca/{part.slug}/").content.decode()

    profile = payout_profile_save(user=user, data=COMPANY)
    payout_profile_business_verify(profile_id=profile.pk, staff=staff_user)
    page = Client().get(f"/parca/{part.slug}/").content.decode()
    assert 'data-badge="verified_seller">Doğrulanmış satıcı</span>' in page


def test_the_api_part_detail_lists_the_sellers_badges(user, staff_user, api_client) -> None:
    part = make_part(seller=user)
    assert api_client.get(f"/api/parts/{part.id}").json()["data"]["seller_info"]["badges"] == []
    profile = payout_profile_save(user=user, data=COMPANY)
    payout_profile_business_verify(profile_id=profile.pk, staff=staff_user)
    seller_info = api_client.get(f"/api/parts/{part.id}").json()["data"]["seller_info"]
    assert seller_info["badges"] == [{"code": "verified_seller", "label": "Doğrulanmış satıcı"}]
    assert set(seller_info) == {"id", "email", "name", "url", "badges", "rating"}


# --- KVKK -------------------------------------------------------------------------------------
def test_the_data_export_holds_the_profile_masked(user) -> None:
    make_profile(user=user)
    export = user_data_export(user=user)
    assert export["payout_profile"]["tckn"] == "*******0146"
    assert export["payout_profile"]["city"] == "Ankara"
    dumped = json.dumps(export, default=str)
    assert TCKN not in dumped
    assert IBAN not in dumped


def test_deleting_the_account_deletes_the_profile(user) -> None:
    make_profile(user=user)
    account_delete(user=user)
    assert not PayoutProfile.objects.exists()


def test_the_admin_shows_the_profile_masked(user, staff_user) -> None:
    profile = make_profile(user=user)
    page = logged_in(staff_user).get(f"/yonetim/payments/payoutprofile/{profile.pk}/change/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "*******0146" in content
    assert "1326" in content
    assert TCKN not in content
    assert IBAN not in content
