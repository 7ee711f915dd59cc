"""The catalogue's pages in real headless Chromium on a phone: search, detail, posting an ad."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.fixtures import Settings

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
from parts.models import Part, PartImage, PartImageStatus
from parts.services import part_image_upload, part_update
from parts.tests.factories import make_part
from parts.tests.images import jpeg_bytes, photo_jpeg_bytes

pytestmark = [
    requires_chromium,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # The live server runs in this process with a temporary MEDIA_ROOT: process photos here.
    pytest.mark.usefixtures("celery_in_process"),
]

RESULTS_SCREENSHOT = Path("/tmp/results-mobile.png")
DETAIL_SCREENSHOT = Path("/tmp/detail-mobile.png")


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


def with_photo(
    part: Part, width: int = 1200, height: int = 900, *, data: bytes | None = None
) -> Part:
    """Uploaded and processed (eager Celery after commit), then attached, as the site does it.
    Two sellers' listings need different photos (`data`): a copied photo is a moderation signal."""
    image = part_image_upload(uploader=part.seller, data=data or jpeg_bytes(width, height))
    assert PartImage.objects.get(pk=image.id).status == PartImageStatus.READY
    return part_update(part=part, actor=part.seller, data={}, image_ids=[image.id])


def assert_no_page_problems(page: Page, problems: PageProblems) -> None:
    assert problems.console_errors == []
    assert problems.page_errors == []
    assert problems.failed_responses == []
    assert csp_violations(page) == []


def assert_images_loaded(page: Page, selector: str) -> int:
    images = page.locator(selector)
    count = images.count()
    for index in range(count):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0, image.get_attribute("src")
    return count


def assert_no_horizontal_scroll(page: Page, width: int) -> None:
    # On a mobile viewport Chromium widens the layout viewport to fit overflowing content, so
    # compare with the device width as well as innerWidth (as the core's browser test does).
    assert page.evaluate("window.innerWidth") == width
    overflowing = page.evaluate(
        """width => [...document.querySelectorAll("body *")]
            .filter(element => element.getBoundingClientRect().right > width + 0.5)
            .map(element => element.tagName + "." + element.className)""",
        width,
    )
    assert overflowing == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# --- (a) A buyer searches from the header and opens a listing ---------------------------------
def test_buyer_searches_from_the_header_and_opens_the_listing(
    page: Page, live_site: LiveSite, page_problems: PageProblems
) -> None:
    part = with_photo(make_part())
    with_photo(
        make_part(title="Fiat Doblo Alternatör Kasnağı", brand="Fiat", model="Doblo"),
        data=photo_jpeg_bytes(1200, 900),
    )
    make_part(
        title="Mercedes W203 Fren Diski",
        brand="Mercedes",
        model="W203",
        price="1250",
        description="Hiç kullanılmamış",
    )

    page.goto(live_site.url + "/")
    search_box = page.get_by_role("searchbox", name="Parça ara")
    search_box.tap()
    page.keyboard.type("alternatör")
    expect(search_box).to_have_value("alternatör")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == f"{live_site.url}/parcalar/?search=alternat%C3%B6r"
    expect(page.get_by_role("heading", level=1)).to_have_text("“alternatör” için sonuçlar")
    expect(page.get_by_role("status")).to_have_text("2 parça bulundu")
    result_cards = page.locator("article.part-card")
    expect(result_cards).to_have_count(2)
    card = result_cards.filter(has_text=part.title)
    expect(card.locator(".price")).to_have_text("850 ₺")
    expect(card.locator(".badge")).to_have_text("Kullanılabilir")
    expect(card).to_contain_text("İstanbul")
    assert re.fullmatch(r"[\d.]+ ₺", result_cards.first.locator(".price").inner_text())
    assert assert_images_loaded(page, "article.part-card img") == 2
    assert_no_page_problems(page, page_problems)

    with page.expect_navigation():
        card.get_by_role("link", name=part.title).click()

    assert page.url == f"{live_site.url}/parca/{part.slug}/"
    expect(page.get_by_role("heading", level=1)).to_have_text(part.title)
    expect(page.locator(".price-large")).to_have_text("850,00 ₺")
    gallery_images = page.locator(".gallery img")
    expect(gallery_images).to_have_count(1)
    assert gallery_images.first.get_attribute("width") == "1200"
    assert gallery_images.first.get_attribute("height") == "900"
    for image in page.locator("main img").all():
        assert image.get_attribute("width"), image.get_attribute("src")
        assert image.get_attribute("height"), image.get_attribute("src")
    assert_images_loaded(page, "main img")
    page.wait_for_load_state("networkidle")
    assert_no_page_problems(page, page_problems)


# --- (b) A seller posts an ad with a photo ------------------------------------------------------
def test_seller_posts_an_ad_with_a_photo(
    seller_page: Page,
    live_site: LiveSite,
    page_problems: PageProblems,
    seller: User,
    tmp_path: Path,
) -> None:
    photo = tmp_path / "alternator.jpg"
    photo.write_bytes(jpeg_bytes(1600, 1200))
    page = seller_page

    page.goto(live_site.url + "/")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Ana menü").get_by_role("link", name="İlan Ver").click()
    assert page.url == f"{live_site.url}/ilan-ver/"
    expect(page.get_by_role("heading", level=1)).to_have_text("İlan Ver")

    page.get_by_label("OEM / parça numarası").fill("12-31-7-501-999")
    page.get_by_label("Durum").select_option("Kullanılabilir")
    page.get_by_label("Fiyat (₺)").fill("850")
    page.get_by_label("Şehir").fill("izmir")
    page.get_by_label("Marka").fill("BMW")
    page.get_by_label("Model").fill("E46")
    page.get_by_label("Yıl").fill("2003")
    page.get_by_label("Açıklama").fill("Orijinal Bosch, sorunsuz çalışıyor.")
    page.locator("#id_images").set_input_files(photo)
    with page.expect_navigation():
        page.get_by_role("button", name="İlanı yayınla").click()

    # No title: the form comes back with the Turkish message and what was typed.
    expect(page.get_by_role("alert")).to_have_text("Lütfen aşağıda işaretli alanları düzeltin.")
    title = page.get_by_label("Başlık")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#e-title")).to_have_text("Başlık en az 5 karakter olmalı.")
    expect(page.get_by_label("OEM / parça numarası")).to_have_value("12-31-7-501-999")
    expect(page.get_by_label("Fiyat (₺)")).to_have_value("850")
    expect(page.get_by_label("Şehir")).to_have_value("izmir")
    expect(page.get_by_label("Durum")).to_have_value("Kullanılabilir")
    expect(page.get_by_label("Açıklama")).to_have_value("Orijinal Bosch, sorunsuz çalışıyor.")
    assert not Part.objects.exists()

    title.fill("BMW E46 Alternatör - Orijinal Bosch")
    # A browser never re-fills a file input: the photo is chosen again.
    page.locator("#id_images").set_input_files(photo)
    with page.expect_navigation():
        page.get_by_role("button", name="İlanı yayınla").click()

    part = Part.objects.get()
    assert part.seller == seller
    assert page.url == f"{live_site.url}/parca/{part.slug}/"
    expect(page.get_by_role("heading", level=1)).to_have_text("BMW E46 Alternatör - Orijinal Bosch")
    expect(page.locator(".flash-success")).to_have_text("Parça ilanı oluşturuldu")
    expect(page.get_by_role("link", name="İlanı düzenle")).to_be_visible()
    assert assert_images_loaded(page, ".gallery img") >= 1
    page.wait_for_load_state("networkidle")
    # The 400 of the first, refused submit is the only failed response (Chromium logs it too).
    assert page_problems.failed_responses == [f"400 {live_site.url}/ilan-ver/"]
    assert page_problems.console_errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    assert page_problems.page_errors == []
    assert csp_violations(page) == []


# --- (c) Small phones, and pictures for a human to review ---------------------------------------
def _catalogue_for_screens() -> Part:
    detail = with_photo(make_part(description="Orijinal Bosch alternatör. " * 12))
    with_photo(
        make_part(
            title="Mercedes-Benz W203 C180 Kompressor Ön Sol Fren Diski ve Balata Takımı Orijinal",
            part_reference="A 203 423 06 12",
            brand="Mercedes",
            model="W203",
            price="1250",
            location_city="Afyonkarahisar",
        ),
        width=900,
        height=1200,
    )
    make_part(
        title="BMW E46 Şanzıman",
        condition="Arızalı",
        price="12500",
        location_city="Kahramanmaraş",
        model="E46 320d",
    )
    with_photo(make_part(title="BMW E46 Alternatör Kasnağı", price="350", model="E46"))
    return detail


@pytest.mark.parametrize("query", ["", "?brand=BMW&location_city=istanbul&min_price=100"])
def test_results_page_does_not_scroll_sideways_at_360px(
    page: Page, live_site: LiveSite, query: str
) -> None:
    _catalogue_for_screens()
    page.set_viewport_size(ViewportSize(width=360, height=780))

    page.goto(f"{live_site.url}/parcalar/{query}")

    expect(page.locator("article.part-card").first).to_be_visible()
    assert_no_horizontal_scroll(page, 360)
    if not page.locator("details.filters").evaluate("details => details.open"):
        page.get_by_text("Filtreler", exact=True).click()
    expect(page.get_by_role("button", name="Filtreleri uygula")).to_be_visible()
    assert_no_horizontal_scroll(page, 360)


def test_results_and_detail_screenshots_for_review(
    page: Page, live_site: LiveSite, page_problems: PageProblems
) -> None:
    """Not a visual diff: the pictures are for a human to look at."""
    detail = _catalogue_for_screens()

    page.goto(f"{live_site.url}/parcalar/?search=bmw")
    page.wait_for_load_state("networkidle")
    assert_images_loaded(page, "article.part-card img")
    page.screenshot(path=str(RESULTS_SCREENSHOT), full_page=True)

    page.goto(f"{live_site.url}/parca/{detail.slug}/")
    page.wait_for_load_state("networkidle")
    assert_images_loaded(page, "main img")
    assert_no_horizontal_scroll(page, PHONE_VIEWPORT["width"])
    page.screenshot(path=str(DETAIL_SCREENSHOT), full_page=True)

    assert RESULTS_SCREENSHOT.stat().st_size > 0
    assert DETAIL_SCREENSHOT.stat().st_size > 0
    assert_no_page_problems(page, page_problems)


def test_the_contact_bar_stays_on_screen_on_a_long_part_page(
    browser: Browser, page_problems: PageProblems, live_site: LiveSite
) -> None:
    part = with_photo(make_part(description="Çıkma, sorunsuz çalışıyor. " * 120))
    make_part(title="Benzer parça", brand=part.brand, model=part.model)
    buyer = UserFactory.create()

    for page in open_page(browser, page_problems, live_site, buyer):
        page.goto(f"{live_site.url}/parca/{part.slug}/")
        button = page.get_by_role("button", name="İlgileniyorum")
        for scroll in ("window.scrollTo(0, 0)", "window.scrollTo(0, document.body.scrollHeight)"):
            page.evaluate(scroll)
            box = button.bounding_box()
            assert box is not None
            assert box["y"] >= 0, box
            assert box["y"] + box["height"] <= PHONE_VIEWPORT["height"], box
        # The last thing on the page is not hidden behind the bar.
        last = page.locator("article.part-card").last
        last.scroll_into_view_if_needed()
        bar = page.locator(".interest-actions-bar").bounding_box()
        card = last.bounding_box()
        assert bar is not None
        assert card is not None
        assert card["y"] + card["height"] <= bar["y"] + 1
        assert_no_horizontal_scroll(page, PHONE_VIEWPORT["width"])
        assert_no_page_problems(page, page_problems)
