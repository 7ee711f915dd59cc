"""The core pages in real headless Chromium on a phone-sized viewport, served over real HTTP."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test.testcases import LiveServerThread
from django.test.utils import modify_settings
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Response,
    ViewportSize,
    expect,
    sync_playwright,
)
from pytest_django import DjangoDbBlocker

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"needs Debian's Chromium at {CHROMIUM}", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE_VIEWPORT = ViewportSize(width=390, height=844)
SCREENSHOT_PATH = Path("/tmp/home-mobile.png")
BRAND_BLUE = "rgb(11, 92, 173)"

# Runs before any page script: records CSP violations the way the page itself would see them.
CSP_VIOLATION_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@dataclass
class PageProblems:
    """What went wrong in the page while a test drove it."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)


@pytest.fixture(scope="module", autouse=True)
def _allow_database_under_playwright_loop() -> Iterator[None]:
    """Playwright's sync API keeps an event loop running in this thread, and Django refuses ORM
    calls (fixtures, the transactional flush) while one runs. The tests themselves are synchronous.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class WhiteNoiseOnly(WSGIHandler):
    """A live server's "static handler" that adds none: WhiteNoise in MIDDLEWARE serves /static/.

    pytest-django's `live_server` answers /static/ itself through the staticfiles finders, which
    know only the unhashed source files, so the manifest-hashed stylesheet the pages link to (as in
    production) would be a 404 there.
    """

    def __init__(self, application: WSGIHandler) -> None:
        self.application = application

    def __call__(self, environ: Any, start_response: Any) -> Any:
        return self.application(environ, start_response)


@dataclass
class LiveSite:
    url: str


@pytest.fixture(scope="module")
def live_site(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[LiveSite]:
    """The whole Django app over real HTTP in a thread, on the test database."""
    with django_db_blocker.unblock(), modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
        thread = LiveServerThread("localhost", static_handler=WhiteNoiseOnly)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        try:
            yield LiveSite(url=f"http://localhost:{thread.port}")
        finally:
            thread.terminate()


@pytest.fixture(scope="module")
def browser(_allow_database_under_playwright_loop: None) -> Iterator[Browser]:
    # Module scope, not session: the loop must be gone before the environment flag is restored,
    # or the test modules that run afterwards would hit the async-safety check.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(browser: Browser, page_problems: PageProblems) -> Iterator[Page]:
    context = browser.new_context(
        viewport=PHONE_VIEWPORT,
        is_mobile=True,
        has_touch=True,
        locale="tr-TR",
    )
    page = context.new_page()
    page.add_init_script(CSP_VIOLATION_RECORDER)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            page_problems.console_errors.append(message.text)

    def on_response(response: Response) -> None:
        if response.status >= 400:
            page_problems.failed_responses.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: page_problems.page_errors.append(str(error)))
    yield page
    context.close()


def csp_violations(page: Page) -> list[str]:
    return list(page.evaluate("window.__cspViolations"))


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
