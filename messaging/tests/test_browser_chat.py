"""The live conversation page in headless Chromium, served by a real Daphne (HTTP and WebSocket).

Two browser contexts, the buyer's and the seller's phone, both on /mesajlar/<id>/: what one
writes appears on the other's open page without a reload, with the typing indicator before it
and "Okundu" after it; a page that lost its server catches up on reconnect.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import BASE_DIR, LiveServer, _stop, _wait_for_http, free_port, server_environment
from marketplace.models import User
from marketplace.tests.browser import (
    LiveSite,
    PageProblems,
    csp_violations,
    open_page,
    requires_chromium,
)
from messaging import services
from messaging.models import Conversation, Message
from parts.tests.factories import make_part

pytestmark = [requires_chromium, pytest.mark.browser, pytest.mark.live]


def conversation_page(
    browser: Browser,
    problems: PageProblems,
    server: LiveServer,
    user: User,
    conversation: Conversation,
) -> Iterator[Page]:
    pages = open_page(browser, problems, LiveSite(url=server.url), user)
    page = next(pages)
    page.goto(f"{server.url}/mesajlar/{conversation.pk}/")
    # The script marks the section once the socket is subscribed.
    expect(page.locator("#chat")).to_have_attribute("data-live", "on", timeout=15_000)
    page.evaluate("window.__sameDocument = true")
    yield page
    assert page.evaluate("window.__sameDocument") is True, "the page reloaded"
    assert csp_violations(page) == []
    next(pages, None)


def test_buyer_writes_and_the_sellers_open_page_shows_it_live(
    browser: Browser,
    live_daphne: LiveServer,
    conversation: Conversation,
    buyer: User,
    seller: User,
) -> None:
    buyer_problems, seller_problems = PageProblems(), PageProblems()
    buyer_pages = conversation_page(browser, buyer_problems, live_daphne, buyer, conversation)
    seller_pages = conversation_page(browser, seller_problems, live_daphne, seller, conversation)
    buyer_page, seller_page = next(buyer_pages), next(seller_pages)

    text = 'Merhaba, far hâlâ satılık mı? <img src=x onerror="alert(1)">\nKargo olur mu?'
    seller_typing = seller_page.locator("#chat-typing")
    expect(seller_typing).to_be_hidden()
    buyer_page.locator("textarea[name=content]").press_sequentially("Merhaba", delay=20)
    expect(seller_typing).to_be_visible(timeout=10_000)
    buyer_page.locator("textarea[name=content]").fill(text)
    buyer_page.get_by_role("button", name="Gönder").click()

    received = seller_page.locator("#chat-messages li.message-other")
    expect(received).to_have_count(1, timeout=10_000)
    expect(received.locator(".message-content")).to_have_text(
        'Merhaba, far hâlâ satılık mı? <img src=x onerror="alert(1)">Kargo olur mu?'
    )
    assert received.locator("img").count() == 0
    assert received.locator(".message-content br").count() == 1
    expect(seller_typing).to_be_hidden()

    sent = buyer_page.locator("#chat-messages li.message-own")
    expect(sent).to_have_count(1)  # the API's answer and the live event: shown once
    expect(buyer_page.locator("textarea[name=content]")).to_have_value("")
    # The seller's page is open and visible, so it marks the message read at once.
    expect(sent.locator(".message-read")).to_be_visible(timeout=10_000)
    expect(sent.locator(".message-read")).to_have_text("Okundu")

    message = Message.objects.get()
    assert message.content == text.strip()
    assert message.read_at is not None
    assert sent.get_attribute("data-message-id") == str(message.pk)

    # And back: the seller answers, the buyer's page shows it.
    seller_page.locator("textarea[name=content]").fill("Evet, kargo alıcıya ait.")
    seller_page.get_by_role("button", name="Gönder").click()
    answer = buyer_page.locator("#chat-messages li.message-other")
    expect(answer.locator(".message-content")).to_have_text(
        "Evet, kargo alıcıya ait.", timeout=10_000
    )
    # The same time format as the server-rendered messages ("j M H:i", Istanbul time).
    expect(answer.locator("time")).to_have_text(re.compile(r"^\d{1,2} \w+ \d{2}:\d{2}$"))

    for pages in (buyer_pages, seller_pages):
        next(pages, None)
    for problems in (buyer_problems, seller_problems):
        assert problems.page_errors == []
        assert problems.console_errors == []
        assert problems.failed_responses == []


def _daphne(port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "config.asgi:application",
        ],
        cwd=BASE_DIR,
        env=server_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture
def restartable_daphne(transactional_db: None) -> Iterator[LiveServer]:
    port = free_port()
    server = LiveServer(
        url=f"http://127.0.0.1:{port}", ws_url=f"ws://127.0.0.1:{port}", process=_daphne(port)
    )
    try:
        _wait_for_http(server.url + "/robots.txt", server.process)
        yield server
    finally:
        _stop(server.process)


def test_page_reconnects_and_fetches_what_it_missed(
    browser: Browser,
    restartable_daphne: LiveServer,
    conversation: Conversation,
    buyer: User,
    seller: User,
) -> None:
    problems = PageProblems()
    seller_pages = conversation_page(browser, problems, restartable_daphne, seller, conversation)
    seller_page = next(seller_pages)

    _stop(restartable_daphne.process)
    expect(seller_page.locator("#chat")).to_have_attribute("data-live", "off", timeout=10_000)
    # Written while the page had no server (stored by another process, no live event reaches it).
    for content in ("Kaçırdığın ilk mesaj", "Kaçırdığın ikinci mesaj"):
        services.message_send(conversation_id=conversation.pk, sender=buyer, content=content)
    port = int(restartable_daphne.url.rsplit(":", 1)[1])
    restartable_daphne.process = _daphne(port)
    _wait_for_http(restartable_daphne.url + "/robots.txt", restartable_daphne.process)

    expect(seller_page.locator("#chat")).to_have_attribute("data-live", "on", timeout=20_000)
    expect(seller_page.locator("#chat-messages li.message-other .message-content")).to_have_text(
        ["Kaçırdığın ilk mesaj", "Kaçırdığın ikinci mesaj"], timeout=10_000
    )
    # Fetched while visible: marked read for the buyer.
    assert not Message.objects.filter(read_at__isnull=True).exists()
    next(seller_pages, None)
    assert problems.page_errors == []


def test_interested_opens_the_chat_and_the_seller_sees_the_message_live(
    browser: Browser, live_daphne: LiveServer, buyer: User, seller: User
) -> None:
    """The whole door: the buyer presses İlgileniyorum on the listing, lands in the chat, writes;
    the seller's open conversation page shows it without a reload."""
    part = make_part(seller=seller)
    buyer_problems, seller_problems = PageProblems(), PageProblems()
    buyer_pages = open_page(browser, buyer_problems, LiveSite(url=live_daphne.url), buyer)
    buyer_page = next(buyer_pages)
    buyer_page.goto(f"{live_daphne.url}/parca/{part.slug}/")
    buyer_page.get_by_role("button", name="İlgileniyorum").click()
    buyer_page.wait_for_url(re.compile(r"/mesajlar/[0-9a-f-]{36}/$"))
    expect(buyer_page.locator("#chat")).to_have_attribute("data-live", "on", timeout=15_000)
    conversation = Conversation.objects.get(part=part, buyer=buyer)
    assert buyer_page.url.endswith(f"/mesajlar/{conversation.pk}/")

    seller_pages = conversation_page(browser, seller_problems, live_daphne, seller, conversation)
    seller_page = next(seller_pages)
    buyer_page.locator("textarea[name=content]").fill("Merhaba, parça hâlâ satılık mı?")
    buyer_page.get_by_role("button", name="Gönder").click()
    expect(seller_page.locator("#chat-messages li.message-other .message-content")).to_have_text(
        "Merhaba, parça hâlâ satılık mı?", timeout=10_000
    )
    next(seller_pages, None)
    next(buyer_pages, None)
    for problems in (buyer_problems, seller_problems):
        assert problems.page_errors == []
        assert problems.failed_responses == []


def test_logging_out_in_another_tab_ends_the_live_chat_with_a_message(
    browser: Browser, live_daphne: LiveServer, conversation: Conversation, buyer: User
) -> None:
    """The server closes the page's socket (4401) when its session logs out; with no session
    left the page says so instead of reconnecting."""
    problems = PageProblems()
    pages = conversation_page(browser, problems, live_daphne, buyer, conversation)
    chat_page = next(pages)
    other_tab = chat_page.context.new_page()
    other_tab.goto(f"{live_daphne.url}/hesap/cikis/")
    other_tab.locator("main form button[type=submit]").click()
    other_tab.wait_for_load_state()

    expect(chat_page.locator("#chat")).to_have_attribute("data-live", "off", timeout=10_000)
    expect(chat_page.locator("#chat-error")).to_have_text("Giriş yapmanız gerekiyor")
    # It stays down: no reconnect loop against a server that would refuse it.
    chat_page.wait_for_timeout(1500)
    expect(chat_page.locator("#chat")).to_have_attribute("data-live", "off")
    next(pages, None)
    assert problems.page_errors == []
    # The one failed request (and its console line) is the check whether a session is left.
    assert len(problems.failed_responses) == 1
    assert problems.failed_responses[0].startswith("401 ")
    assert len(problems.console_errors) <= 1


def test_recipient_sees_the_scam_warning_card_live_and_after_a_reload(
    browser: Browser,
    live_daphne: LiveServer,
    conversation: Conversation,
    buyer: User,
    seller: User,
) -> None:
    buyer_problems, seller_problems = PageProblems(), PageProblems()
    buyer_pages = conversation_page(browser, buyer_problems, live_daphne, buyer, conversation)
    seller_pages = conversation_page(browser, seller_problems, live_daphne, seller, conversation)
    buyer_page, seller_page = next(buyer_pages), next(seller_pages)

    seller_page.locator("textarea[name=content]").fill(
        "Parçayı ayırmam için kapora lazım. IBAN: TR33 0006 1005 1978 6457 8413 26"
    )
    seller_page.get_by_role("button", name="Gönder").click()

    received = buyer_page.locator("#chat-messages li.message-other")
    expect(received).to_have_count(1, timeout=10_000)
    warning = received.locator(".message-warning")
    expect(warning).to_be_visible()
    expect(warning).to_have_attribute("role", "note")
    expect(warning).to_have_attribute("data-reasons", "iban payment")
    expect(warning).to_contain_text("Dikkat:")
    expect(warning).to_contain_text("Bu mesajda bir IBAN var")
    expect(warning).to_contain_text("Kapora ya da ön ödeme göndermeyin")
    # The sender sees their message, never the warning about it.
    expect(seller_page.locator("#chat-messages li.message-own")).to_have_count(1)
    expect(seller_page.locator(".message-warning")).to_have_count(0)
    # The card fits the 390 px phone screen.
    box = warning.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390

    # After a reload the server renders the same card.
    buyer_page.reload()
    expect(buyer_page.locator("#chat")).to_have_attribute("data-live", "on", timeout=15_000)
    expect(buyer_page.locator(".message-warning")).to_contain_text("Bu mesajda bir IBAN var")
    buyer_page.evaluate("window.__sameDocument = true")

    for pages in (buyer_pages, seller_pages):
        next(pages, None)
    for problems in (buyer_problems, seller_problems):
        assert problems.page_errors == []
        assert problems.console_errors == []
        assert problems.failed_responses == []


def test_no_messages_yet_goes_away_when_the_first_live_message_arrives(
    browser: Browser,
    live_daphne: LiveServer,
    conversation: Conversation,
    buyer: User,
    seller: User,
) -> None:
    buyer_problems, seller_problems = PageProblems(), PageProblems()
    buyer_pages = conversation_page(browser, buyer_problems, live_daphne, buyer, conversation)
    seller_pages = conversation_page(browser, seller_problems, live_daphne, seller, conversation)
    buyer_page, seller_page = next(buyer_pages), next(seller_pages)
    for page in (buyer_page, seller_page):
        expect(page.locator(".chat-empty")).to_have_text("Henüz mesaj yok. İlk mesajı siz yazın.")

    seller_page.locator("textarea[name=content]").fill("Merhaba, parça hâlâ satışta.")
    seller_page.get_by_role("button", name="Gönder").click()

    # Gone on the sender's page (the API's answer) and on the recipient's (the live event).
    expect(buyer_page.locator("#chat-messages li.message-other")).to_have_count(1, timeout=10_000)
    expect(seller_page.locator("#chat-messages li.message-own")).to_have_count(1)
    for page in (buyer_page, seller_page):
        expect(page.locator(".chat-empty")).to_have_count(0)

    for pages in (buyer_pages, seller_pages):
        next(pages, None)
    for problems in (buyer_problems, seller_problems):
        assert problems.page_errors == []
        assert problems.console_errors == []


def test_enter_sends_and_shift_enter_breaks_the_line(
    browser: Browser,
    live_daphne: LiveServer,
    conversation: Conversation,
    buyer: User,
    seller: User,
) -> None:
    problems = PageProblems()
    buyer_pages = conversation_page(browser, problems, live_daphne, buyer, conversation)
    buyer_page = next(buyer_pages)
    textarea = buyer_page.locator("textarea[name=content]")

    textarea.press("Enter")  # nothing typed: nothing sent
    textarea.press_sequentially("Merhaba,", delay=10)
    textarea.press("Shift+Enter")
    textarea.press_sequentially("kargo var mı?", delay=10)
    expect(textarea).to_have_value("Merhaba,\nkargo var mı?")
    assert buyer_page.locator("#chat-messages li").count() == 0
    textarea.press("Enter")

    sent = buyer_page.locator("#chat-messages li.message-own")
    expect(sent).to_have_count(1, timeout=10_000)
    expect(sent.locator(".message-content br")).to_have_count(1)
    expect(textarea).to_have_value("")
    assert [message.content for message in Message.objects.all()] == ["Merhaba,\nkargo var mı?"]

    next(buyer_pages, None)
    assert problems.page_errors == []
    assert problems.console_errors == []
