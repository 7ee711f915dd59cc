"""The parts API (seed 002): search, create, detail, update, delete and photo upload."""

from __future__ import annotations

import base64

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from interests.models import Interest, InterestType
from marketplace.privacy import mask_email
from marketplace.tests.factories import UserFactory
from parts.models import Part, PartImage, PartImageStatus, PartStatus
from parts.services import part_status_change
from parts.tests.factories import DEFAULT_PART, make_part
from parts.tests.images import (
    bomb_png_bytes,
    jpeg_bytes,
    noisy_jpeg_bytes,
    png_bytes,
)

pytestmark = pytest.mark.django_db

NEW_PART = {
    "title": "Mercedes W203 Fren Diski",
    "part_reference": "A 203 423 06 12",
    "condition": "Kullanılabilir",
    "price": 450.00,
    "location_city": "ankara",
    "brand": "Mercedes",
    "model": "W203",
    "year": 2005,
    "description": "Orijinal Mercedes fren diski, hiç kullanılmamış",
}


def upload(client, *files: tuple[str, bytes, str]):
    payload = {
        f"image{index}": _named(name, data, content_type)
        for index, (name, data, content_type) in enumerate(files, start=1)
    }
    return client.post("/api/upload/parts", payload, format="multipart")


def _named(name: str, data: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- Search -----------------------------------------------------------------------------------
def test_search_response_has_the_contract_shape(api_client) -> None:
    make_part()
    make_part(title="Fiat Doblo Yağ Pompası", brand="Fiat", location_city="İzmir")
    response = api_client.get(
        "/api/parts", {"search": "BMW alternatör", "location_city": "İstanbul", "limit": 10}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    data = body["data"]
    assert [part["title"] for part in data["parts"]] == [DEFAULT_PART["title"]]
    part = data["parts"][0]
    assert part["part_reference"] == "12-31-7-501-999"
    assert part["price"] == 850.0
    assert part["location_city"] == "İstanbul"
    assert part["status"] == "active"
    assert part["created_at"].endswith("Z")
    assert data["pagination"] == {
        "total": 1,
        "limit": 10,
        "offset": 0,
        "has_more": False,
        "total_is_exact": True,
    }
    assert data["search_info"]["query"] == "BMW alternatör"
    assert data["search_info"]["total_results"] == 1
    assert data["search_info"]["execution_time_ms"] >= 0


def test_search_pagination(api_client) -> None:
    for index in range(5):
        make_part(title=f"Alternatör numara {index}")
    first = api_client.get("/api/parts", {"limit": 2}).json()["data"]
    assert first["pagination"]["total"] == 5
    assert first["pagination"]["has_more"] is True
    last = api_client.get("/api/parts", {"limit": 2, "offset": 4}).json()["data"]
    assert len(last["parts"]) == 1
    assert last["pagination"]["has_more"] is False


@pytest.mark.parametrize(
    ("params", "code", "message"),
    [
        ({"location_city": "Atlantis"}, "INVALID_TURKISH_CITY", "Geçersiz şehir adı"),
        ({"min_price": "bedava"}, "VALIDATION_ERROR", "Geçersiz form verisi"),
        ({"year_min": "3000"}, "VALIDATION_ERROR", "Geçersiz form verisi"),
        ({"limit": "abc"}, "VALIDATION_ERROR", "Geçersiz form verisi"),
    ],
)
def test_invalid_search_parameters_are_400_never_500(
    api_client, params: dict, code: str, message: str
) -> None:
    response = api_client.get("/api/parts", params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"] == message


def test_not_interested_parts_are_hidden_for_that_user(user_api_client, user, api_client) -> None:
    hidden = make_part()
    Interest.objects.create(user=user, part=hidden, type=InterestType.NOT_INTERESTED)
    assert user_api_client.get("/api/parts").json()["data"]["parts"] == []
    assert len(api_client.get("/api/parts").json()["data"]["parts"]) == 1


# --- Create -----------------------------------------------------------------------------------
def test_create_requires_login(api_client) -> None:
    response = api_client.post("/api/parts", NEW_PART)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"


@pytest.mark.django_db(transaction=True)  # photos are processed after commit
def test_create_with_base64_photo(user_api_client, user, photo_worker) -> None:
    photo = base64.b64encode(jpeg_bytes(800, 600, gps=True)).decode()
    response = user_api_client.post(
        "/api/parts",
        {**NEW_PART, "images": [photo, "data:image/png;base64," + "bozuk!!"]},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["message"] == "Parça ilanı oluşturuldu"
    part = body["data"]["part"]
    assert part["seller_id"] == str(user.pk)
    assert part["location_city"] == "Ankara"
    assert part["brand"] == "Mercedes-Benz"
    assert part["price"] == 450.0
    results = body["data"]["upload_results"]
    assert len(results["uploaded_images"]) == 1
    assert len(results["failed_uploads"]) == 1
    # The listing shows once its photo is processed (by Celery, after commit).
    photo_worker()
    stored = Part.objects.get(pk=part["id"])
    assert stored.images_pending == 0
    assert stored.part_reference_key == "A2034230612"
    detail = user_api_client.get(f"/api/parts/{part['id']}").json()["data"]["part"]
    assert len(detail["images"]) == 1


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"location_city": "Gotham"}, "INVALID_TURKISH_CITY", "location_city"),
        ({"part_reference": " - "}, "INVALID_PART_REFERENCE", "part_reference"),
        ({"title": "Far"}, "VALIDATION_ERROR", "title"),
        ({"price": -5}, "VALIDATION_ERROR", "price"),
        ({"price": 1000000}, "VALIDATION_ERROR", "price"),
        ({"price": "çok"}, "VALIDATION_ERROR", "price"),
        ({"year": 1850}, "VALIDATION_ERROR", "year"),
        ({"condition": "Sıfır"}, "VALIDATION_ERROR", "condition"),
        ({"brand": "Batmobil"}, "VALIDATION_ERROR", "brand"),
    ],
)
def test_create_validation_errors_are_turkish_and_per_field(
    user_api_client, change: dict, code: str, field: str
) -> None:
    response = user_api_client.post("/api/parts", {**NEW_PART, **change})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert list(error["details"]) == [field]
    assert Part.objects.count() == 0


def test_create_reports_every_missing_field(user_api_client) -> None:
    response = user_api_client.post("/api/parts", {"title": "Sadece başlık"})
    details = response.json()["error"]["details"]
    assert set(details) == {
        "part_reference",
        "condition",
        "price",
        "location_city",
        "brand",
        "model",
        "year",
    }
    assert details["price"] == ["Bu alan zorunlu."]


def test_create_with_a_json_list_body_is_400(user_api_client) -> None:
    response = user_api_client.post("/api/parts", [1, 2], format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


# --- Detail, update, delete -------------------------------------------------------------------
def test_detail_names_and_links_the_seller_keeps_the_seeds_masked_email_and_offers_interest(
    user_api_client, user
) -> None:
    part = make_part()
    similar = make_part(title="BMW E46 Marş Motoru", part_reference="12-41-7-521-122")
    response = user_api_client.get(f"/api/parts/{part.id}")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["part"]["id"] == str(part.id)
    assert data["seller_info"]["url"] == f"/satici/{part.seller_id}/"
    expected = part.seller.display_name or "Satıcı"
    assert data["seller_info"]["name"] == expected
    # The seed contract's field stays for the apps, masked; never the address itself.
    assert data["seller_info"]["email"] == mask_email(part.seller.email)
    assert part.seller.email not in response.content.decode()
    assert [p["id"] for p in data["similar_parts"]] == [str(similar.id)]
    assert data["user_can_express_interest"] is True
    assert "user_already_interested" not in data
    Interest.objects.create(user=user, part=part, type=InterestType.INTERESTED)
    data = user_api_client.get(f"/api/parts/{part.id}").json()["data"]
    assert data["user_already_interested"] == "interested"
    assert data["user_can_express_interest"] is False


def test_detail_of_unknown_or_malformed_id_is_part_not_found(api_client) -> None:
    for part_id in ("7b7c5f1e-0000-4000-8000-000000000000", "olmayan"):
        response = api_client.get(f"/api/parts/{part_id}")
        assert response.status_code == 404
        assert response.json()["error"] == {
            **response.json()["error"],
            "code": "PART_NOT_FOUND",
            "message": "Parça bulunamadı",
        }


def test_owner_cannot_express_interest_in_own_part(user_api_client, user) -> None:
    part = make_part(seller=user)
    data = user_api_client.get(f"/api/parts/{part.id}").json()["data"]
    assert data["user_can_express_interest"] is False


def test_update_is_partial_and_owner_only(user_api_client, user, other_user_api_client) -> None:
    part = make_part(seller=user)
    response = user_api_client.put(f"/api/parts/{part.id}", {"price": "799,90"})
    assert response.status_code == 200
    assert response.json()["message"] == "Parça güncellendi"
    assert response.json()["data"]["part"]["price"] == 799.9
    assert response.json()["data"]["part"]["title"] == DEFAULT_PART["title"]
    forbidden = other_user_api_client.put(f"/api/parts/{part.id}", {"price": 1})
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["code"] == "FORBIDDEN"
    part.refresh_from_db()
    assert str(part.price) == "799.90"


def test_update_keeps_search_in_step(user_api_client, user, api_client) -> None:
    part = make_part(seller=user)
    user_api_client.put(f"/api/parts/{part.id}", {"title": "BMW E46 Şanzıman Beyni"})
    titles = [
        p["title"]
        for p in api_client.get("/api/parts", {"search": "sanziman"}).json()["data"]["parts"]
    ]
    assert titles == ["BMW E46 Şanzıman Beyni"]


def test_delete_is_soft_and_owner_only(user_api_client, user, other_user_api_client, api_client):
    part = make_part(seller=user)
    assert other_user_api_client.delete(f"/api/parts/{part.id}").status_code == 403
    response = user_api_client.delete(f"/api/parts/{part.id}")
    assert response.status_code == 200
    assert response.json()["message"] == "Parça ilanı silindi"
    part.refresh_from_db()
    assert part.status == PartStatus.DELETED
    assert api_client.get(f"/api/parts/{part.id}").status_code == 404
    assert user_api_client.delete(f"/api/parts/{part.id}").status_code == 404


# --- Upload -----------------------------------------------------------------------------------
def test_upload_requires_login(api_client) -> None:
    response = upload(api_client, ("a.jpg", jpeg_bytes(100, 100), "image/jpeg"))
    assert response.status_code == 401


@pytest.mark.django_db(transaction=True)  # photos are processed after commit
def test_upload_processes_and_strips_gps(user_api_client, photo_worker) -> None:
    response = upload(
        user_api_client,
        ("telefon.jpg", jpeg_bytes(2400, 1800, gps=True), "image/jpeg"),
        ("ekran.png", png_bytes(300, 200), "image/png"),
    )
    assert response.status_code == 201, response.json()
    data = response.json()["data"]
    assert [item["filename"] for item in data["uploaded_files"]] == ["telefon.jpg", "ekran.png"]
    assert data["failed_uploads"] == []
    photo_worker()
    image = PartImage.objects.get(display__contains=data["uploaded_files"][0]["url"].split("/")[-2])
    assert image.status == PartImageStatus.READY
    with default_storage.open(image.display.name or "") as stored:
        processed = Image.open(stored)
        processed.load()
        assert processed.format == "WEBP"
        assert max(processed.size) == 1600
        assert not processed.getexif()
    assert not image.original


def test_upload_refuses_fakes_bombs_and_big_files(user_api_client) -> None:
    response = upload(
        user_api_client,
        ("gercek.jpg", jpeg_bytes(200, 200), "image/jpeg"),
        ("metin.jpg", b"bu bir resim degil", "image/jpeg"),
        ("bomba.png", bomb_png_bytes(), "image/png"),
        ("buyuk.jpg", noisy_jpeg_bytes(3 * 1024 * 1024), "image/jpeg"),
    )
    assert response.status_code == 201
    failed = {item["filename"]: item["error"] for item in response.json()["data"]["failed_uploads"]}
    assert set(failed) == {"metin.jpg", "bomba.png", "buyuk.jpg"}
    assert all(failed.values())
    assert len(response.json()["data"]["uploaded_files"]) == 1


def test_upload_of_only_bad_files_is_validation_error(user_api_client) -> None:
    response = upload(user_api_client, ("metin.jpg", b"merhaba", "image/jpeg"))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


@pytest.mark.django_db(transaction=True)  # photos are processed after commit
def test_uploaded_url_attaches_photo_to_new_listing(
    user_api_client, other_user_api_client, photo_worker
):
    url = upload(user_api_client, ("a.jpg", jpeg_bytes(300, 300), "image/jpeg")).json()["data"][
        "uploaded_files"
    ][0]["url"]
    stolen = other_user_api_client.post("/api/parts", {**NEW_PART, "images": [url]}).json()
    assert stolen["data"]["upload_results"]["uploaded_images"] == []
    created = user_api_client.post("/api/parts", {**NEW_PART, "images": [url]}).json()
    assert created["data"]["upload_results"]["uploaded_images"] == [url]
    photo_worker()
    part_id = created["data"]["part"]["id"]
    assert len(user_api_client.get(f"/api/parts/{part_id}").json()["data"]["part"]["images"]) == 1


# --- Visitors' search cache ---------------------------------------------------------------------
def _titles(client, **params) -> list[str]:
    response = client.get("/api/parts", params)
    assert response.status_code == 200
    return [part["title"] for part in response.json()["data"]["parts"]]


def test_a_visitors_repeated_search_is_answered_from_the_cache(
    api_client, django_assert_num_queries
) -> None:
    make_part()
    assert _titles(api_client, search="alternatör") == [DEFAULT_PART["title"]]
    with django_assert_num_queries(0):
        assert _titles(api_client, search="alternatör") == [DEFAULT_PART["title"]]
    with django_assert_num_queries(0):  # the same filters, however typed
        assert _titles(api_client, search=" alternatör ") == [DEFAULT_PART["title"]]
    response = api_client.get("/api/parts", {"search": "alternatör"}, HTTP_CACHE_CONTROL="no-cache")
    assert response.status_code == 200
    assert response.json()["data"]["search_info"]["total_results"] == 1


def test_a_fresh_search_is_run_when_the_client_asks(api_client, django_assert_max_num_queries):
    make_part()
    _titles(api_client, search="alternatör")
    with django_assert_max_num_queries(10) as context:
        api_client.get("/api/parts", {"search": "alternatör"}, HTTP_CACHE_CONTROL="no-cache")
    assert any("parts_part" in query["sql"] for query in context.captured_queries)


def test_listing_changes_show_at_once_in_cached_searches(user, api_client) -> None:
    from marketplace.services.moderation import user_ban, user_unban
    from parts.services import part_status_change

    first = make_part(seller=user)
    assert _titles(api_client, search="alternatör") == [DEFAULT_PART["title"]]
    second = make_part(title="Ford Focus Alternatör", brand="Ford")
    assert sorted(_titles(api_client, search="alternatör")) == sorted(
        [DEFAULT_PART["title"], second.title]
    )
    part_status_change(part=second, actor=second.seller, status=PartStatus.SOLD)
    assert _titles(api_client, search="alternatör") == [DEFAULT_PART["title"]]
    user_ban(user=user)
    assert _titles(api_client, search="alternatör") == []
    user_unban(user=user)
    assert _titles(api_client, search="alternatör") == [first.title]


def test_logged_in_searches_are_not_shared(user_api_client, user, api_client) -> None:
    part = make_part()
    assert _titles(api_client, search="alternatör") == [part.title]
    Interest.objects.create(user=user, part=part, type=InterestType.NOT_INTERESTED)
    assert _titles(user_api_client, search="alternatör") == []
    assert _titles(api_client, search="alternatör") == [part.title]


def test_search_works_while_the_cache_is_down(api_client, settings) -> None:
    make_part()
    settings.CACHES = {
        "default": {
            "BACKEND": "marketplace.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
        }
    }
    assert _titles(api_client, search="alternatör") == [DEFAULT_PART["title"]]
    assert _titles(api_client, search="alternatör") == [DEFAULT_PART["title"]]


def test_a_sold_listing_still_answers_with_its_status_and_no_interest_offered(
    user_api_client, other_user
) -> None:
    part = make_part(seller=other_user)
    part_status_change(part=part, actor=other_user, status=PartStatus.SOLD)

    response = user_api_client.get(f"/api/parts/{part.id}")

    assert response.status_code == 200
    data = response.json()["data"]
    assert data["part"]["status"] == "sold"
    assert data["user_can_express_interest"] is False


def test_put_status_pauses_marks_sold_and_publishes_through_the_page_rules(
    user, user_api_client
) -> None:
    part = make_part(seller=user)
    for status in ("paused", "active", "sold", "active"):
        response = user_api_client.put(f"/api/parts/{part.id}", {"status": status}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["data"]["part"]["status"] == status
        part.refresh_from_db()
        assert part.status == status
    # The owner's transitions only: a sold listing cannot be paused, and nothing else changes.
    user_api_client.put(f"/api/parts/{part.id}", {"status": "sold"}, format="json")
    refused = user_api_client.put(
        f"/api/parts/{part.id}", {"status": "paused", "price": "1"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "VALIDATION_ERROR"
    part.refresh_from_db()
    assert part.status == "sold"
    assert str(part.price) != "1.00"


def test_put_status_cannot_publish_what_staff_took_down(user, user_api_client) -> None:
    part = make_part(seller=user)
    Part.objects.filter(pk=part.pk).update(status=PartStatus.REJECTED)
    response = user_api_client.put(f"/api/parts/{part.id}", {"status": "active"}, format="json")
    assert response.status_code == 400
    part.refresh_from_db()
    assert part.status != PartStatus.ACTIVE


def test_my_parts_lists_my_listings_with_status_views_and_interested_count(
    user, user_api_client, other_user
) -> None:
    from interests.services import interest_express

    sold = make_part(seller=user, title="Satılmış ayna")
    part_status_change(part=sold, actor=user, status=PartStatus.SOLD)
    live = make_part(seller=user, title="Yayındaki far")
    Part.objects.filter(pk=live.pk).update(view_count=7)
    interest_express(user=other_user, part=live, type="interested")
    interest_express(user=UserFactory.create(), part=live, type="not_interested")
    make_part(seller=other_user, title="Başkasının ilanı")

    response = user_api_client.get("/api/me/parts")

    assert response.status_code == 200
    rows = response.json()["data"]["parts"]
    assert [(row["part"]["title"], row["part"]["status"]) for row in rows] == [
        ("Yayındaki far", "active"),
        ("Satılmış ayna", "sold"),
    ]
    assert (rows[0]["view_count"], rows[0]["interested_count"]) == (7, 1)
    assert response.json()["data"]["pagination"]["total"] == 2
    assert user_api_client.get("/api/me/parts?limit=0").status_code == 400
