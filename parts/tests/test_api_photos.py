"""A listing's photos through the API: every uploaded file answered, photos added after
creation, one deleted, the order (and so the cover) changed."""

from __future__ import annotations

import base64
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.fixtures import Settings

from marketplace.models import User
from parts.models import Part, PartImage, PartImageStatus
from parts.services import part_image_upload
from parts.tests.factories import make_part
from parts.tests.images import jpeg_bytes

# Photos are processed in this process (on Redis too): the on-commit hooks run the task at once.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_in_process")]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


OnCommit = Callable[..., AbstractContextManager[Any]]


def photo(name: str, width: int = 320, height: int = 240) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(width, height), content_type="image/jpeg")


def part_with_photos(seller: User, count: int, on_commit: OnCommit) -> tuple[Part, list[str]]:
    """A listing with `count` processed photos (processing runs on commit, here at once)."""
    image_ids = []
    for index in range(count):
        with on_commit(execute=True):
            image_ids.append(
                part_image_upload(uploader=seller, data=jpeg_bytes(200 + index, 150)).id
            )
    part = make_part(seller=seller)
    from parts.services import part_update

    part_update(part=part, actor=seller, data={}, image_ids=image_ids)
    return part, [str(image_id) for image_id in image_ids]


def gallery(client, part: Part) -> list[str]:
    response = client.get(f"/api/parts/{part.id}")
    assert response.status_code == 200
    return response.json()["data"]["part"]["image_ids"]


# --- POST /api/upload/parts -------------------------------------------------------------------
def test_upload_answers_for_every_file_under_one_field_name_and_under_image1_to_image5(
    user_api_client,
) -> None:
    response = user_api_client.post(
        "/api/upload/parts",
        {
            "images": [photo("on.jpg"), photo("arka.jpg"), photo("yan.jpg")],
            "image1": photo("etiket.jpg"),
            "image2": SimpleUploadedFile("metin.jpg", b"resim degil", content_type="image/jpeg"),
        },
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    data = response.json()["data"]
    assert sorted(item["filename"] for item in data["uploaded_files"]) == [
        "arka.jpg",
        "etiket.jpg",
        "on.jpg",
        "yan.jpg",
    ]
    assert [item["filename"] for item in data["failed_uploads"]] == ["metin.jpg"]
    assert PartImage.objects.count() == 4
    # The id the gallery endpoints take comes with each file.
    assert {item["id"] for item in data["uploaded_files"]} == {
        str(image_id) for image_id in PartImage.objects.values_list("id", flat=True)
    }


def test_upload_of_more_than_five_files_under_one_name_answers_the_extra_ones(
    user_api_client,
) -> None:
    names = [f"foto{index}.jpg" for index in range(1, 8)]
    response = user_api_client.post(
        "/api/upload/parts", {"images": [photo(name) for name in names]}, format="multipart"
    )

    assert response.status_code == 201
    data = response.json()["data"]
    assert [item["filename"] for item in data["uploaded_files"]] == names[:5]
    assert [item["filename"] for item in data["failed_uploads"]] == names[5:]
    assert "en fazla 5" in data["failed_uploads"][0]["error"]


# --- POST /api/parts/{id}/images ----------------------------------------------------------------
def test_seller_adds_photos_to_a_listing_after_creating_it(
    user_api_client, user: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    part, existing = part_with_photos(user, 1, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        uploaded = user_api_client.post(
            "/api/upload/parts", {"image1": photo("yeni.jpg")}, format="multipart"
        ).json()["data"]["uploaded_files"][0]
    as_base64 = base64.b64encode(jpeg_bytes(300, 200)).decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = user_api_client.post(
            f"/api/parts/{part.id}/images", {"images": [uploaded["url"], as_base64]}
        )

    assert response.status_code == 200, response.json()
    data = response.json()["data"]
    assert data["upload_results"]["failed_uploads"] == []
    assert len(data["upload_results"]["uploaded_images"]) == 2
    assert data["part"]["image_ids"][:2] == [*existing, uploaded["id"]]
    assert len(gallery(user_api_client, part)) == 3
    assert Part.objects.get(pk=part.pk).images_pending == 0


def test_adding_photos_to_someone_elses_listing_is_forbidden(
    user_api_client, other_user: User
) -> None:
    part = make_part(seller=other_user)
    as_base64 = base64.b64encode(jpeg_bytes(300, 200)).decode()

    response = user_api_client.post(f"/api/parts/{part.id}/images", {"images": [as_base64]})

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "FORBIDDEN"
    assert not PartImage.objects.exists()


def test_a_listing_never_holds_more_than_ten_photos(
    user_api_client, user: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    part, _ = part_with_photos(user, 9, django_capture_on_commit_callbacks)
    two = [base64.b64encode(jpeg_bytes(300, 200 + index)).decode() for index in range(2)]

    response = user_api_client.post(f"/api/parts/{part.id}/images", {"images": two})

    assert response.status_code == 400
    assert response.json()["error"]["details"]["images"] == [
        "En fazla 10 fotoğraf ekleyebilirsiniz."
    ]
    assert part.images.count() == 9


@pytest.mark.parametrize("body", [{"images": []}, {"images": None}, {}])
def test_adding_no_photo_is_refused_with_a_turkish_message(
    user_api_client, user: User, body: dict[str, Any]
) -> None:
    part = make_part(seller=user)

    response = user_api_client.post(f"/api/parts/{part.id}/images", body, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert error["details"] == {"images": ["Bir fotoğraf seçin."]}


# --- DELETE /api/parts/{id}/images/{image_id} ---------------------------------------------------
def test_seller_deletes_one_photo_and_the_others_close_up(
    user_api_client, user: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    part, image_ids = part_with_photos(user, 3, django_capture_on_commit_callbacks)
    removed = PartImage.objects.get(pk=image_ids[1])
    files = [removed.display.name or "", removed.thumbnail.name or ""]
    assert all(default_storage.exists(name) for name in files)

    with django_capture_on_commit_callbacks(execute=True):
        response = user_api_client.delete(f"/api/parts/{part.id}/images/{image_ids[1]}")

    assert response.status_code == 200, response.json()
    assert response.json()["data"]["part"]["image_ids"] == [image_ids[0], image_ids[2]]
    assert list(part.images.values_list("position", flat=True)) == [0, 1]
    assert not PartImage.objects.filter(pk=image_ids[1]).exists()
    assert not any(default_storage.exists(name) for name in files)


def test_deleting_a_photo_that_is_not_on_the_listing_is_photo_not_found(
    user_api_client, user: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    part, _ = part_with_photos(user, 1, django_capture_on_commit_callbacks)
    other_part, other_ids = part_with_photos(user, 1, django_capture_on_commit_callbacks)

    for image_id in (other_ids[0], "00000000-0000-0000-0000-000000000000", "x"):
        response = user_api_client.delete(f"/api/parts/{part.id}/images/{image_id}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "PART_IMAGE_NOT_FOUND"
        assert response.json()["error"]["message"] == "Fotoğraf bulunamadı"
    assert other_part.images.count() == 1


def test_only_the_seller_deletes_photos_through_the_api(
    other_user_api_client, user: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    part, image_ids = part_with_photos(user, 1, django_capture_on_commit_callbacks)

    response = other_user_api_client.delete(f"/api/parts/{part.id}/images/{image_ids[0]}")

    assert response.status_code == 403
    assert part.images.count() == 1


# --- PUT /api/parts/{id}/images -----------------------------------------------------------------
def test_seller_reorders_photos_and_the_first_becomes_the_cover(
    user_api_client, api_client, user: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    part, image_ids = part_with_photos(user, 3, django_capture_on_commit_callbacks)
    new_order = [image_ids[2], image_ids[0], image_ids[1]]

    response = user_api_client.put(f"/api/parts/{part.id}/images", {"image_ids": new_order})

    assert response.status_code == 200, response.json()
    assert response.json()["data"]["part"]["image_ids"] == new_order
    # Everyone sees the new cover: first in the listing and in search results.
    assert gallery(api_client, part) == new_order
    results = api_client.get("/api/parts", HTTP_CACHE_CONTROL="no-cache").json()["data"]["parts"]
    cover = PartImage.objects.get(pk=image_ids[2])
    assert results[0]["thumbnails"][0].endswith(cover.thumbnail.name)


def test_naming_only_the_cover_keeps_the_others_in_their_order(
    user_api_client, user: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    part, image_ids = part_with_photos(user, 3, django_capture_on_commit_callbacks)

    response = user_api_client.put(f"/api/parts/{part.id}/images", {"image_ids": [image_ids[1]]})

    assert response.status_code == 200
    assert response.json()["data"]["part"]["image_ids"] == [
        image_ids[1],
        image_ids[0],
        image_ids[2],
    ]


@pytest.mark.parametrize("problem", ["foreign", "twice", "not_a_list", "not_an_id"])
def test_a_wrong_order_is_refused_and_changes_nothing(
    user_api_client, user: User, django_capture_on_commit_callbacks: OnCommit, problem: str
) -> None:
    part, image_ids = part_with_photos(user, 2, django_capture_on_commit_callbacks)
    _, foreign = part_with_photos(user, 1, django_capture_on_commit_callbacks)
    body: Any = {
        "foreign": [image_ids[1], foreign[0]],
        "twice": [image_ids[1], image_ids[1]],
        "not_a_list": image_ids[1],
        "not_an_id": ["kapak"],
    }[problem]

    response = user_api_client.put(f"/api/parts/{part.id}/images", {"image_ids": body})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert "image_ids" in response.json()["error"]["details"]
    assert [str(pk) for pk in part.images.values_list("pk", flat=True)] == image_ids


def test_photos_still_processing_are_not_in_the_gallery_until_ready(
    user_api_client, user: User
) -> None:
    image = part_image_upload(uploader=user, data=jpeg_bytes(300, 200))  # on_commit never runs
    assert image.status == PartImageStatus.PENDING
    part = make_part(seller=user)

    response = user_api_client.post(
        f"/api/parts/{part.id}/images",
        {"images": [f"/media/parts/{image.id}/display.webp"]},
    )

    assert response.status_code == 200, response.json()
    assert Part.objects.get(pk=part.pk).images_pending == 1
    # Deleting the photo that holds the listing back brings the listing back.
    assert user_api_client.delete(f"/api/parts/{part.id}/images/{image.id}").status_code == 200
    assert Part.objects.get(pk=part.pk).images_pending == 0
