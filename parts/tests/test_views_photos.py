"""Photos on the listing pages: phone photos as they are, all-or-nothing publishing, and the
edit page's gallery (delete, reorder, cover). Every text checked is the Turkish one."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from marketplace.models import User
from parts.images import PAGE_MAX_UPLOAD_BYTES
from parts.models import Part, PartImage, PartImageStatus
from parts.services import part_image_upload, part_update
from parts.tests.factories import make_part
from parts.tests.images import jpeg_bytes, phone_photo_jpeg_bytes
from parts.tests.pages import (
    CREATE,
    FORM_DATA,
    attribute,
    document,
    flashes,
    one,
    select,
    text,
)

# Photos are processed in this process, under a temporary MEDIA_ROOT (parts/tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_with_local_photos")]


def jpeg_file(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, data if data is not None else jpeg_bytes(800, 600), "image/jpeg"
    )


def field_errors(response: Any) -> list[str]:
    return [text(node) for node in select(one(document(response), "div", id="e-images"), "p")]


# --- Publishing: phone photos, and nothing half-done --------------------------------------------
def test_phone_photos_over_2_mb_are_shrunk_upright_on_the_server_and_published(
    seller_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    """Without JavaScript the browser posts the 3.6 MB, 4032×3024 originals as they are."""
    original = phone_photo_jpeg_bytes()
    assert len(original) > 3 * 1024 * 1024
    photos = [jpeg_file("IMG_0001.jpg", original), jpeg_file("IMG_0002.jpg", original)]

    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post(CREATE, {**FORM_DATA, "images": photos})

    part = Part.objects.get()
    assert response.status_code == 302, field_errors(response)
    images = list(part.images.order_by("position"))
    assert [image.status for image in images] == [PartImageStatus.READY] * 2
    # Held sideways (EXIF orientation 6): shown upright; what was kept was under 2 MB.
    assert all((image.width, image.height) == (1200, 1600) for image in images)
    assert all(image.size <= 2 * 1024 * 1024 for image in images)
    part.refresh_from_db()
    assert part.is_public


def test_a_refused_photo_creates_nothing_and_the_form_comes_back_with_each_reason(
    seller_client: Client,
) -> None:
    photos = [
        jpeg_file("on.jpg"),
        SimpleUploadedFile("fatura.jpg", b"bu bir resim degil", "image/jpeg"),
        SimpleUploadedFile("video.jpg", b"\xff" * (PAGE_MAX_UPLOAD_BYTES + 1), "image/jpeg"),
    ]

    response = seller_client.post(CREATE, {**FORM_DATA, "images": photos})

    assert response.status_code == 400
    assert not Part.objects.exists()
    assert not PartImage.objects.exists()
    assert field_errors(response) == [
        "fatura.jpg: Dosya bir resim değil.",
        "video.jpg: Dosya 15 MB'tan büyük.",
    ]
    form = one(document(response), "form", "part-form")
    assert attribute(one(form, "input", name="title"), "value") == FORM_DATA["title"]
    assert attribute(one(form, "input", name="price"), "value") == FORM_DATA["price"]
    assert attribute(one(form, "input", name="images"), "aria-invalid") == "true"


def test_field_errors_and_photo_errors_show_together(seller_client: Client) -> None:
    fake = SimpleUploadedFile("fatura.jpg", b"bu bir resim degil", "image/jpeg")

    response = seller_client.post(CREATE, {**FORM_DATA, "title": "", "images": [fake]})

    assert response.status_code == 400
    assert not Part.objects.exists()
    assert field_errors(response) == ["fatura.jpg: Dosya bir resim değil."]
    assert text(one(document(response), "p", id="e-title")) == "Başlık en az 5 karakter olmalı."


def test_more_than_ten_photos_create_nothing(seller_client: Client) -> None:
    photos = [jpeg_file(f"{index}.jpg", jpeg_bytes(64, 48)) for index in range(11)]

    response = seller_client.post(CREATE, {**FORM_DATA, "images": photos})

    assert response.status_code == 400
    assert field_errors(response) == ["En fazla 10 fotoğraf ekleyebilirsiniz."]
    assert not Part.objects.exists()


def test_the_form_loads_the_photo_script_and_says_the_page_limit(seller_client: Client) -> None:
    page = document(seller_client.get(CREATE))

    photo_input = one(page, "input", name="images")
    assert attribute(photo_input, "data-max-side") == "2000"
    assert "15 MB" in text(one(page, "label", **{"for": "id_images"}))
    assert select(page, "script", src="/static/js/photos.js") or any(
        "js/photos" in (attribute(script, "src") or "") for script in select(page, "script")
    )


# --- The edit page's gallery --------------------------------------------------------------------
def part_with_photos(seller: User, count: int, on_commit: Any) -> tuple[Part, list[PartImage]]:
    images = []
    for index in range(count):
        with on_commit(execute=True):
            images.append(part_image_upload(uploader=seller, data=jpeg_bytes(300 + index, 200)))
    part = make_part(seller=seller)
    part_update(part=part, actor=seller, data={}, image_ids=[image.id for image in images])
    return part, images


def order(part: Part) -> list[Any]:
    return list(part.images.order_by("position").values_list("id", flat=True))


def photo_action(client: Client, part: Part, image: PartImage, action: str) -> Any:
    return client.post(
        f"/parca/{part.slug}/fotograflar/",
        {"image_id": str(image.id), "action": action},
        follow=True,
    )


def test_seller_deletes_a_photo_on_the_edit_page(
    seller_client: Client, user: User, django_capture_on_commit_callbacks: Any
) -> None:
    part, images = part_with_photos(user, 2, django_capture_on_commit_callbacks)
    page = document(seller_client.get(f"/parca/{part.slug}/duzenle/"))
    assert len(select(page, "li", "photo-item")) == 2
    delete = one(page, "button", **{"aria-label": "1. fotoğrafı sil"})
    assert attribute(delete, "value") == "delete"

    response = photo_action(seller_client, part, images[0], "delete")

    assert response.redirect_chain == [(f"/parca/{part.slug}/duzenle/#photos", 302)]
    assert flashes(response) == ["Fotoğraf silindi"]
    assert order(part) == [images[1].id]
    assert len(select(document(response), "li", "photo-item")) == 1


def test_seller_makes_the_third_photo_the_cover_and_moves_one_later(
    seller_client: Client, user: User, django_capture_on_commit_callbacks: Any
) -> None:
    part, (first, second, third) = part_with_photos(user, 3, django_capture_on_commit_callbacks)

    response = photo_action(seller_client, part, third, "cover")

    assert flashes(response) == ["Fotoğraf sırası kaydedildi"]
    assert order(part) == [third.id, first.id, second.id]
    cover = select(document(response), "li", "photo-item")[0]
    assert text(one(cover, "strong", "badge")) == "Kapak"

    photo_action(seller_client, part, third, "later")
    assert order(part) == [first.id, third.id, second.id]
    photo_action(seller_client, part, second, "earlier")
    assert order(part) == [first.id, second.id, third.id]
    # The buyer's page shows the cover first.
    gallery = one(document(Client().get(f"/parca/{part.slug}/")), "div", "gallery")
    assert str(first.id) in (attribute(select(gallery, "img")[0], "src") or "")


def test_someone_else_cannot_touch_a_sellers_photos(
    user: User, other_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    part, images = part_with_photos(user, 2, django_capture_on_commit_callbacks)
    client = Client()
    client.force_login(other_user)

    response = client.post(
        f"/parca/{part.slug}/fotograflar/", {"image_id": str(images[0].id), "action": "delete"}
    )

    assert response.status_code == 404
    assert order(part) == [images[0].id, images[1].id]


def test_a_photo_of_another_listing_is_not_found_on_this_one(
    seller_client: Client, user: User, django_capture_on_commit_callbacks: Any
) -> None:
    part, _ = part_with_photos(user, 1, django_capture_on_commit_callbacks)
    other, other_images = part_with_photos(user, 1, django_capture_on_commit_callbacks)

    response = photo_action(seller_client, part, other_images[0], "delete")

    assert flashes(response) == ["Fotoğraf bulunamadı"]
    assert order(other) == [other_images[0].id]


def test_adding_photos_on_the_edit_page_is_all_or_nothing(
    seller_client: Client, user: User, django_capture_on_commit_callbacks: Any
) -> None:
    part, images = part_with_photos(user, 1, django_capture_on_commit_callbacks)
    url = f"/parca/{part.slug}/duzenle/"
    data = {**FORM_DATA, "price": "999"}
    fake = SimpleUploadedFile("fatura.jpg", b"bu bir resim degil", "image/jpeg")

    refused = seller_client.post(url, {**data, "images": [jpeg_file("yeni.jpg"), fake]})

    assert refused.status_code == 400
    assert field_errors(refused) == ["fatura.jpg: Dosya bir resim değil."]
    part.refresh_from_db()
    assert part.price != 999
    assert order(part) == [images[0].id]
    assert PartImage.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        saved = seller_client.post(url, {**data, "images": [jpeg_file("yeni.jpg")]})

    assert saved.status_code == 302
    assert len(order(part)) == 2
    assert order(part)[0] == images[0].id
