"""Headless-Chromium test machinery shared by every app: a live site, a browser, phone pages.

Loaded as a pytest plugin from the root conftest; test modules ask for `page`, `live_site`,
`page_problems` (and `open_page` for a logged-in page) by name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from django.test.testcases import LiveServerThread
from django.test.utils import modify_settings
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Response,
    ViewportSize,
    sync_playwright,
)
from pytest_django import DjangoDbBlocker

from marketplace.models import User

CHROMIUM = Path("/usr/bin/chromium")
requires_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"
)
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
def allow_database_under_playwright_loop() -> Iterator[None]:
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


@pytest.fixture(scope="module")
def live_site(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[LiveSite]:
    """The whole Django app over real HTTP in a thread, on the test database. WhiteNoise serves
    /static/; the live server's own media handler stands in for the photo storage."""
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
def browser(allow_database_under_playwright_loop: None) -> Iterator[Browser]:
    # Module scope, not session: the loop must be gone before the environment flag is restored,
    # or the test modules that run afterwards would hit the async-safety check.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


def open_page(
    browser: Browser, problems: PageProblems, site: LiveSite, user: User | None = None
) -> Iterator[Page]:
    """A phone-sized page that records console errors, failed responses and CSP violations;
    logged in as `user` when given (a session made by the test client, handed to the browser)."""
    context = browser.new_context(
        viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, locale="tr-TR"
    )
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site.url}]
        )
    page = context.new_page()
    page.add_init_script(CSP_VIOLATION_RECORDER)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.console_errors.append(message.text)

    def on_response(response: Response) -> None:
        if response.status >= 400:
            problems.failed_responses.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def page(browser: Browser, page_problems: PageProblems, live_site: LiveSite) -> Iterator[Page]:
    yield from open_page(browser, page_problems, live_site)


def csp_violations(page: Page) -> list[str]:
    return list(page.evaluate("window.__cspViolations"))
