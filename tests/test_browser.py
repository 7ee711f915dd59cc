"""The core pages in real headless Chromium on a phone-sized viewport, served over real HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from marketplace.tests.browser import (
    PHONE_VIEWPORT,
    LiveSite,
    PageProblems,
    csp_violations,
    requires_chromium,
)

pytestmark = [requires_chromium, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_PATH = Path("/tmp/home-mobile.png")
BRAND_BLUE = "rgb(11, 92, 173)"


def test_search_from_home_page_on_a_phone(page: Page, live_site: LiveSite) -> None:
    page.goto(live_site.url + "/")
    search_box = page.get_by_role("searchbox", name="Parça ara")
    expect(search_box).to_be_visible()
    expect(search_box).to_have_attribute("placeholder", "Parça adı, OEM numarası, marka…")

    search_box.focus()
    expect(search_box).to_be_focused()
    page.keyboard.type("alternatör")
    expect(search_box).to_have_value("alternatör")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == f"{live_site.url}/parcalar/?search=alternat%C3%B6r"


def test_home_page_has_no_errors_and_its_stylesheet_applies(
    page: Page, live_site: LiveSite, page_problems: PageProblems
) -> None:
    response = page.goto(live_site.url + "/")
    assert response is not None
    assert response.status == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")

    assert page_problems.console_errors == []
    assert page_problems.page_errors == []
    assert page_problems.failed_responses == []
    assert csp_violations(page) == []
    # Only true if the hashed stylesheet was served (WhiteNoise) and allowed (CSP).
    header_color = page.locator(".site-header").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert header_color == BRAND_BLUE
    expect(page.get_by_role("link", name="İstanbul")).to_be_visible()


def assert_fits_width(page: Page, width: int) -> None:
    # On a mobile viewport Chromium widens the layout viewport to fit overflowing content, so
    # innerWidth alone would hide the overflow: compare with the device width too.
    assert page.evaluate("window.innerWidth") == width
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    header_row = page.locator(".header-row")
    assert header_row.evaluate("row => row.scrollWidth <= row.clientWidth")
    for control in (
        *page.get_by_role("navigation", name="Ana menü").get_by_role("link").all(),
        page.get_by_role("search").get_by_role("button", name="Ara"),
    ):
        box = control.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width


def test_home_page_does_not_scroll_sideways_on_a_phone(page: Page, live_site: LiveSite) -> None:
    page.goto(live_site.url + "/")
    assert_fits_width(page, PHONE_VIEWPORT["width"])


@pytest.mark.parametrize("width", [360, 320])
def test_home_page_does_not_scroll_sideways_on_a_small_android_phone(
    page: Page, live_site: LiveSite, width: int
) -> None:
    page.set_viewport_size(ViewportSize(width=width, height=780))
    page.goto(live_site.url + "/")
    assert_fits_width(page, width)


def test_footer_kvkk_link_opens_the_privacy_notice(
    page: Page, live_site: LiveSite, page_problems: PageProblems
) -> None:
    page.goto(live_site.url + "/")
    page.get_by_role("contentinfo").get_by_role("link", name="KVKK aydınlatma metni").click()

    expect(page).to_have_url(f"{live_site.url}/kvkk/")
    expect(page.get_by_role("heading", level=1)).to_have_text("KVKK aydınlatma metni")
    expect(page).to_have_title("KVKK aydınlatma metni — BanaYeni SanaEski")
    assert page_problems.console_errors == []
    assert csp_violations(page) == []


def test_home_page_screenshot_for_review(page: Page, live_site: LiveSite) -> None:
    """Not a visual diff: the picture is for a human to look at (kept at /tmp/home-mobile.png)."""
    page.goto(live_site.url + "/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SCREENSHOT_PATH), full_page=True)
    assert SCREENSHOT_PATH.stat().st_size > 0
