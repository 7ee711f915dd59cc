"""Phone photos end to end in headless Chromium on a 390 px phone: the seller posts a listing with
two 12 MP photos of about 3.6 MB (shrunk in the browser), deletes one, marks the listing sold;
a buyer's old link then says "Satıldı"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request, expect
from pytest_django.fixtures import Settings

from marketplace.images import MAX_UPLOAD_BYTES
from marketplace.models import User
from marketplace.tests.browser import (
    PHONE_VIEWPORT,
    LiveSite,
    PageProblems,
    csp_violations,
    open_page,
    requires_chromium,
)
from marketplace.tests.factories import UserFactory
from parts.models import Part, PartImageStatus, PartStatus
from parts.tests.images import phone_photo_jpeg_bytes
from parts.tests.test_browser import assert_images_loaded, assert_no_horizontal_scroll

pytestmark = [
    requires_chromium,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("celery_in_process"),
]

SCREENSHOTS = Path("/tmp")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def seller(transactional_db: None) -> User:
    return UserFactory.create()


@pytest.fixture
def seller_page(
    browser: Browser, page_problems: PageProblems, live_site: LiveSite, seller: User
) -> Iterator[Page]:
    yield from open_page(browser, page_problems, live_site, seller)


@pytest.fixture
def buyer_page(browser: Browser, live_site: LiveSite) -> Iterator[Page]:
    yield from open_page(browser, PageProblems(), live_site)


def test_seller_posts_two_phone_photos_deletes_one_and_the_sold_listing_says_satildi(
    seller_page: Page,
    buyer_page: Page,
    live_site: LiveSite,
    page_problems: PageProblems,
    seller: User,
    tmp_path: Path,
) -> None:
    photos = []
    for index in (1, 2):
        photo = tmp_path / f"IMG_{index:04d}.jpg"
        photo.write_bytes(phone_photo_jpeg_bytes(variant=index))
        assert photo.stat().st_size > 3 * 1024 * 1024
        photos.append(photo)
    page = seller_page
    posted: list[int] = []

    def on_request(request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/ilan-ver/"):
            posted.append(len(request.post_data_buffer or b""))

    page.on("request", on_request)

    page.goto(live_site.url + "/ilan-ver/")
    page.get_by_label("Başlık").fill("BMW E46 Alternatör - Orijinal Bosch")
    page.get_by_label("OEM / parça numarası").fill("12-31-7-501-999")
    page.get_by_label("Durum").select_option("Kullanılabilir")
    page.get_by_label("Fiyat (₺)").fill("850")
    page.get_by_label("Şehir").fill("izmir")
    page.get_by_label("Marka").fill("BMW")
    page.get_by_label("Model").fill("E46")
    page.get_by_label("Yıl").fill("2003")
    page.locator("#id_images").set_input_files(photos)

    # The browser shrinks them: upright (EXIF orientation 6), at most 2,000 px, under 2 MB.
    expect(page.locator("#photo-status")).to_have_text(
        "Fotoğraflar yüklenmeye hazır.", timeout=30000
    )
    chosen = page.locator("#id_images").evaluate(
        "input => [...input.files].map(f => ({name: f.name, size: f.size, type: f.type}))"
    )
    assert [file["name"] for file in chosen] == ["IMG_0001.jpg", "IMG_0002.jpg"]
    assert all(file["type"] == "image/jpeg" for file in chosen)
    assert all(file["size"] <= MAX_UPLOAD_BYTES for file in chosen), chosen
    expect(page.locator("#photo-previews img")).to_have_count(2)
    size = page.locator("#photo-previews img").first.evaluate(
        "img => img.decode().then(() => [img.naturalWidth, img.naturalHeight])"
    )
    assert size == [1500, 2000]
    assert_no_horizontal_scroll(page, PHONE_VIEWPORT["width"])
    page.screenshot(path=str(SCREENSHOTS / "h4-form.png"), full_page=True)

    with page.expect_navigation():
        page.get_by_role("button", name="İlanı yayınla").click()

    assert len(posted) == 1
    assert posted[0] < 2 * MAX_UPLOAD_BYTES, posted  # what left the phone: not 7 MB
    part = Part.objects.get()
    assert page.url == f"{live_site.url}/parca/{part.slug}/"
    images = list(part.images.order_by("position"))
    assert [image.status for image in images] == [PartImageStatus.READY] * 2
    assert all((image.width, image.height) == (1200, 1600) for image in images)
    assert assert_images_loaded(page, ".gallery img") == 2
    page.screenshot(path=str(SCREENSHOTS / "h4-detail.png"), full_page=True)

    # Delete the second photo on the edit page.
    with page.expect_navigation():
        page.get_by_role("link", name="Fotoğrafları düzenle").click()
    expect(page.locator(".photo-item")).to_have_count(2)
    page.screenshot(path=str(SCREENSHOTS / "h4-photos.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="2. fotoğrafı sil").click()
    expect(page.locator(".flash-success")).to_have_text("Fotoğraf silindi")
    expect(page.locator(".photo-item")).to_have_count(1)
    assert list(part.images.values_list("pk", flat=True)) == [images[0].pk]

    # Mark it sold on "my listings".
    page.goto(live_site.url + "/hesabim/ilanlarim/")
    with page.expect_navigation():
        page.get_by_role("button", name="Satıldı olarak işaretle").click()
    part.refresh_from_db()
    assert part.status == PartStatus.SOLD

    # A buyer opens the old link.
    response = buyer_page.goto(f"{live_site.url}/parca/{part.slug}/")
    assert response is not None
    assert response.status == 200
    expect(buyer_page.locator(".notice-closed strong")).to_have_text("Satıldı")
    assert assert_images_loaded(buyer_page, ".gallery img") == 1
    buyer_page.screenshot(path=str(SCREENSHOTS / "h4-sold.png"), full_page=True)

    assert page_problems.console_errors == []
    assert page_problems.page_errors == []
    assert page_problems.failed_responses == []
    assert csp_violations(page) == []
