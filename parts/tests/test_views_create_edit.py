"""Creating and editing a listing through the HTML forms (the test client).

Every text checked is the Turkish one a visitor reads.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.asserts import assertRedirects

from marketplace.models import User
from parts.models import Part, PartImage, PartImageStatus
from parts.serializers import PartWriteSerializer
from parts.tests.factories import DEFAULT_PART, make_part
from parts.tests.images import jpeg_bytes
from parts.tests.pages import (
    CREATE,
    FORM_DATA,
    LOGIN_PAGE,
    attribute,
    control_names,
    document,
    field_errors,
    flashes,
    has_attribute,
    one,
    select,
    text,
)

# Photos are processed in this process, under a temporary MEDIA_ROOT (parts/tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_with_local_photos")]


# --- Create ----------------------------------------------------------------------------------
def test_create_page_sends_anonymous_visitors_to_log_in(client: Client) -> None:
    response = client.get(CREATE)
    assertRedirects(response, f"{LOGIN_PAGE}?next={CREATE}", fetch_redirect_response=False)
    assert client.post(CREATE, FORM_DATA).status_code == 302
    assert not Part.objects.exists()


def test_create_form_fields_are_named_like_the_api(seller_client: Client) -> None:
    response = seller_client.get(CREATE)

    assert response.status_code == 200
    page = document(response)
    assert text(one(page, "h1")) == "İlan Ver"
    form = one(page, "form", "part-form")
    assert attribute(form, "method") == "post"
    assert attribute(form, "enctype") == "multipart/form-data"
    assert control_names(form) == set(PartWriteSerializer().fields)
    photos = one(form, "input", name="images")
    assert attribute(photos, "type") == "file"
    assert has_attribute(photos, "multiple")
    assert "image/jpeg" in (attribute(photos, "accept") or "")
    assert text(one(form, "button", type="submit")) == "İlanı yayınla"


def test_create_with_errors_is_400_keeps_the_values_and_shows_turkish_errors(
    seller_client: Client,
) -> None:
    typed = {**FORM_DATA, "title": "Far", "location_city": "Gotham", "price": "çok"}

    response = seller_client.post(CREATE, typed)

    assert response.status_code == 400
    assert not Part.objects.exists()
    page = document(response)
    assert text(one(page, "p", "flash-error")) == "Lütfen aşağıda işaretli alanları düzeltin."
    form = one(page, "form", "part-form")
    assert field_errors(form, "title") == ["Başlık en az 5 karakter olmalı."]
    assert field_errors(form, "location_city") == ["Geçersiz şehir adı"]
    assert field_errors(form, "price") == ["Fiyatı sayı olarak girin, ör. 1250 ya da 1250,50."]
    assert field_errors(form, "model") == []
    for name in ("title", "part_reference", "price", "location_city", "brand", "model", "year"):
        assert attribute(one(form, "input", name=name), "value") == typed[name], name
    assert text(one(form, "textarea", name="description")) == typed["description"]
    selected = [
        text(option)
        for option in select(one(form, "select", name="condition"), "option")
        if has_attribute(option, "selected")
    ]
    assert selected == ["Kullanılabilir"]
    title_input = one(form, "input", name="title")
    assert attribute(title_input, "aria-invalid") == "true"


def test_create_with_a_photo_publishes_and_redirects_to_the_detail_page(
    seller_client: Client, user: User, django_capture_on_commit_callbacks: Any
) -> None:
    photo = SimpleUploadedFile("telefon.jpg", jpeg_bytes(1200, 900, gps=True), "image/jpeg")

    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post(CREATE, {**FORM_DATA, "images": [photo]})

    part = Part.objects.get()
    assertRedirects(response, f"/parca/{part.slug}/", fetch_redirect_response=False)
    assert part.seller == user
    assert (part.location_city, part.brand, part.price) == ("Ankara", "Mercedes-Benz", 450)
    assert part.part_reference_key == "A2034230612"
    image = PartImage.objects.get(part=part)
    assert image.status == PartImageStatus.READY
    part.refresh_from_db()
    assert part.is_public

    detail = seller_client.get(response["Location"])
    assert flashes(detail) == ["Parça ilanı oluşturuldu"]
    gallery = one(document(detail), "div", "gallery")
    images = select(gallery, "img")
    assert len(images) == 1
    assert (attribute(images[0], "width"), attribute(images[0], "height")) == ("1200", "900")
    assert Client().get(f"/parca/{part.slug}/").status_code == 200


def test_uploaded_photos_are_served_on_the_embedded_default(
    seller_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    """Without S3 the photos are files under MEDIA_ROOT: the site must serve their URLs."""
    photo = SimpleUploadedFile("telefon.jpg", jpeg_bytes(640, 480), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        seller_client.post(CREATE, {**FORM_DATA, "images": [photo]})
    detail = seller_client.get(f"/parca/{Part.objects.get().slug}/")
    source = attribute(one(one(document(detail), "div", "gallery"), "img"), "src") or ""
    assert source.startswith("/media/parts/")

    response = Client().get(source)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"


# --- Edit ------------------------------------------------------------------------------------
def edit_data(part: Part, **changes: str) -> dict[str, str]:
    data = {name: str(value) for name, value in DEFAULT_PART.items()}
    return {**data, **changes}


def test_owner_changes_the_price_on_the_edit_page(seller_client: Client, user: User) -> None:
    part = make_part(seller=user)
    url = f"/parca/{part.slug}/duzenle/"

    form = one(document(seller_client.get(url)), "form", "part-form")
    # Shown the Turkish way, and read back the same way if saved unchanged.
    assert attribute(one(form, "input", name="price"), "value") == "850,00"
    assert attribute(one(form, "input", name="title"), "value") == part.title

    response = seller_client.post(url, edit_data(part, price="1100"), follow=True)

    assert response.redirect_chain == [(f"/parca/{part.slug}/", 302)]
    assert flashes(response) == ["Parça güncellendi"]
    part.refresh_from_db()
    assert part.price == Decimal("1100.00")
    assert text(one(document(response), "p", "price-large")) == "1.100,00 ₺"


@pytest.mark.parametrize(
    ("typed", "price"),
    [
        ("1250", Decimal("1250.00")),
        ("1250,50", Decimal("1250.50")),
        ("1.250", Decimal("1250.00")),
        ("1.250,50", Decimal("1250.50")),
    ],
)
def test_price_is_read_the_way_turkish_sellers_type_it(
    seller_client: Client, user: User, typed: str, price: Decimal
) -> None:
    part = make_part(seller=user)
    seller_client.post(f"/parca/{part.slug}/duzenle/", edit_data(part, price=typed))
    part.refresh_from_db()
    assert part.price == price


def test_saving_the_edit_form_unchanged_changes_nothing(seller_client: Client, user: User) -> None:
    part = make_part(seller=user, price="12500.50", description="Az kullanılmış, sorunsuz")
    url = f"/parca/{part.slug}/duzenle/"
    form = one(document(seller_client.get(url)), "form", "part-form")
    shown = {
        attribute(control, "name"): attribute(control, "value")
        for control in select(form, "input")
        if attribute(control, "type") not in {"file", "hidden"}
    }
    shown["condition"] = next(
        attribute(option, "value")
        for option in select(one(form, "select", name="condition"), "option")
        if has_attribute(option, "selected")
    )
    shown["description"] = text(one(form, "textarea", name="description"))

    assert seller_client.post(url, shown).status_code == 302

    before = {name: getattr(part, name) for name in FORM_DATA}
    part.refresh_from_db()
    assert {name: getattr(part, name) for name in before} == before


def test_edit_errors_are_400_and_change_nothing(seller_client: Client, user: User) -> None:
    part = make_part(seller=user)
    response = seller_client.post(
        f"/parca/{part.slug}/duzenle/", edit_data(part, price="0", year="1850")
    )
    assert response.status_code == 400
    form = one(document(response), "form", "part-form")
    assert field_errors(form, "price") == ["Fiyat sıfırdan büyük olmalı."]
    assert field_errors(form, "year") == ["Yıl 1900 ile 2030 arasında olmalı."]
    part.refresh_from_db()
    assert part.price == Decimal("850.00")


def test_only_the_owner_can_open_the_edit_page(client: Client, other_user: User) -> None:
    part = make_part()
    url = f"/parca/{part.slug}/duzenle/"

    assertRedirects(client.get(url), f"{LOGIN_PAGE}?next={url}", fetch_redirect_response=False)
    client.force_login(other_user)
    assert client.get(url).status_code == 404
    assert client.post(url, edit_data(part, price="1")).status_code == 404
    part.refresh_from_db()
    assert part.price == Decimal("850.00")
