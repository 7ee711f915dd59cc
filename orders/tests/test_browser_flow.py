"""The whole Güvenli Ödeme flow in headless Chromium on a 390 px phone, over real HTTP, with the
local iyzico sandbox the real iyzipay client talks to: the seller's payout details page, the
payment request from the conversation's Güvenli Ödeme card, the buyer's delivery form, iyzico's
payment page (the test card) and the return through the real callback, shipping, delivery (the
carrier poll's service), the buyer's confirmation, and iyzico's approval of the seller's share.

A screenshot of every step goes to $ORDER_FLOW_SCREENSHOTS (default: a temporary directory); each
page is checked for horizontal scrolling, for its buttons being on screen when scrolled to, and
for console errors and CSP violations.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import override_settings
from playwright.sync_api import Browser, Locator, Page, expect

from marketplace.models import User
from marketplace.tests.browser import (
    LiveSite,
    PageProblems,
    csp_violations,
    open_page,
    requires_chromium,
)
from marketplace.tests.factories import UserFactory
from messaging.models import Conversation
from messaging.services import conversation_open
from orders.models import Order
from orders.services import order_deliver
from parts.tests.factories import make_part
from payments.iyzico.sandbox import RunningSandbox, sandbox_running
from payments.models import PayoutProfile

pytestmark = [
    requires_chromium,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # The sub-merchant sync that saving the payout details queues runs here, even on Redis.
    pytest.mark.usefixtures("celery_in_process"),
]

API_KEY = "browser-sandbox-api-key"
SECRET_KEY = "browser-sandbox-secret-key"


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ORDER_FLOW_SCREENSHOTS") or tmp_path / "screens")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def iyzico(live_site: LiveSite) -> Iterator[RunningSandbox]:
    with (
        sandbox_running(api_key=API_KEY, secret_key=SECRET_KEY) as sandbox,
        override_settings(
            IYZICO_API_KEY=API_KEY,
            IYZICO_SECRET_KEY=SECRET_KEY,
            IYZICO_BASE_URL=sandbox.base_url,
            IYZICO_PAYMENT_PAGE_ORIGINS=[sandbox.base_url],
            IYZICO_TIMEOUT_SECONDS=5,
            SITE_URL=live_site.url,
            ORDER_COMMISSION_RATE="0.08",
            KPS_URL="",
        ),
    ):
        yield sandbox


def _fits_the_phone(page: Page) -> None:
    """Laid out for the 390 px screen (a viewport meta tag, or the phone shows a shrunk 980 px
    page) and no horizontal scrolling: nothing is wider than the screen."""
    widths = page.evaluate(
        "[window.innerWidth, document.documentElement.scrollWidth,"
        " document.documentElement.clientWidth]"
    )
    assert widths[0] == 390, f"not laid out for the phone: {widths}"
    assert widths[1] <= widths[2], f"page scrolls sideways: {widths}"


def _reachable(button: Locator) -> None:
    """Scrolled to, the button is wholly on the screen and at least 44 px tall (a thumb)."""
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box is not None
    assert box["x"] >= 0, box
    assert box["x"] + box["width"] <= 390, box
    assert box["height"] >= 44, box


def _shot(page: Page, shots: Path, name: str) -> None:
    _fits_the_phone(page)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def test_whole_flow_on_a_phone(
    browser: Browser, live_site: LiveSite, iyzico: RunningSandbox, shots: Path
) -> None:
    seller: User = UserFactory.create(phone="+905321112233", display_name="Kaya Oto Çıkma")
    buyer: User = UserFactory.create(phone="+905329998877", display_name="Ayşe Yılmaz")
    part = make_part(seller=seller, price=Decimal("1250.00"), title="Ön sol far Fiat Egea")
    conversation: Conversation = conversation_open(part=part, buyer=buyer)
    seller_problems, buyer_problems = PageProblems(), PageProblems()
    seller_pages = open_page(browser, seller_problems, live_site, seller)
    buyer_pages = open_page(browser, buyer_problems, live_site, buyer)
    seller_page, buyer_page = next(seller_pages), next(buyer_pages)

    # 1. The seller's payout details: a private person, IBAN typed with spaces.
    seller_page.goto(f"{live_site.url}/hesap/odeme-bilgileri/")
    seller_page.select_option("#id_sub_merchant_type", "PERSONAL")
    seller_page.fill("#id_first_name", "Ali")
    seller_page.fill("#id_last_name", "Kaya")
    seller_page.fill("#id_tckn", "10000000146")
    seller_page.fill("#id_birth_year", "1980")
    seller_page.fill("#id_iban", "tr33 0006 1005 1978 6457 8413 26")
    seller_page.fill("#id_address", "İkitelli OSB Oto Sanayi Sitesi 12. Blok No: 4, Başakşehir")
    seller_page.select_option("#id_city", "İstanbul")
    _shot(seller_page, shots, "01-payout-form")
    save = seller_page.get_by_role("button", name="Kaydet")
    _reachable(save)
    save.click()
    saved = seller_page.locator(".payout-saved")
    expect(saved).to_contain_text("TR** **** **** **** **** **** 1326")
    _shot(seller_page, shots, "02-payout-saved")
    profile = PayoutProfile.objects.get(user=seller)
    assert profile.sub_merchant_key in iyzico.state.sub_merchants  # an iyzico sub-merchant now

    # 2. The seller asks for the payment from the conversation's Güvenli Ödeme card.
    seller_page.goto(f"{live_site.url}/mesajlar/{conversation.pk}/")
    card = seller_page.locator("#order-card")
    expect(card).to_contain_text("Güvenli Ödeme")
    expect(card.get_by_label("Fiyat (TL)")).to_have_value("1.250,00")
    card.get_by_label("Kargo ücreti (TL)").fill("75")
    card.get_by_label("Alıcıya not").fill("Orijinal kutusunda, sağlam.")
    _shot(seller_page, shots, "03-seller-request-card")
    send = card.get_by_role("button", name="Ödemeyi iste")
    _reachable(send)
    send.click()
    expect(seller_page.locator("#order-card")).to_contain_text("1.325")
    _shot(seller_page, shots, "04-seller-request-sent")
    order = Order.objects.get(conversation=conversation)

    # 3. The buyer opens the order from the card, fills the delivery form and pays.
    buyer_page.goto(f"{live_site.url}/mesajlar/{conversation.pk}/")
    _shot(buyer_page, shots, "05-buyer-card")
    buyer_page.locator("#order-card").get_by_role("link", name="Güvenli öde").click()
    expect(buyer_page).to_have_url(f"{live_site.url}/hesabim/siparislerim/{order.pk}/")
    buyer_page.get_by_label("Alıcının adı ve soyadı").fill("Ayşe Yılmaz")
    buyer_page.get_by_label("Alıcının telefonu").fill("0532 999 88 77")
    buyer_page.get_by_label("Teslimat adresi").fill("Kızılay Mah. Atatürk Blv. No: 5 Daire 3")
    buyer_page.get_by_label("Şehir").select_option("Ankara")
    _shot(buyer_page, shots, "06-buyer-delivery-form")
    pay = buyer_page.get_by_role("button", name="Güvenli öde")
    _reachable(pay)
    pay.click()

    # 4. iyzico's page (the sandbox), prefilled with the test card; back through the callback.
    expect(buyer_page).to_have_url(
        re.compile(re.escape(f"{iyzico.base_url}/checkoutform/pay?token=")), timeout=10_000
    )
    expect(buyer_page.locator("input[name=cardNumber]")).to_have_value("5528790000000008")
    _shot(buyer_page, shots, "07-sandbox-payment-page")
    pay_card = buyer_page.get_by_role("button", name="1325.00 TL Öde")
    _reachable(pay_card)
    pay_card.click()
    expect(buyer_page).to_have_url(
        f"{live_site.url}/hesabim/siparislerim/{order.pk}/?odeme=basarili", timeout=15_000
    )
    expect(buyer_page.get_by_role("status")).to_contain_text("Ödemeniz alındı")
    _shot(buyer_page, shots, "08-buyer-paid")
    order.refresh_from_db()
    assert order.state == "paid"

    # 5. The seller ships: carrier and tracking number.
    seller_page.goto(f"{live_site.url}/hesabim/siparislerim/{order.pk}/")
    expect(seller_page.locator(".order-address")).to_contain_text("Kızılay Mah.")
    seller_page.get_by_label("Kargo firması").select_option("yurtici")
    seller_page.get_by_label("Takip numarası").fill("1234 5678 9012")
    _shot(seller_page, shots, "09-seller-ship-form")
    ship = seller_page.get_by_role("button", name="Kargo bilgisini kaydet")
    _reachable(ship)
    ship.click()
    expect(seller_page.locator(".order-card .badge").first).to_have_text("Kargoda")
    tracking = seller_page.locator(".order-tracking")
    expect(tracking).to_contain_text("Yurtiçi Kargo")
    expect(tracking.get_by_role("link", name="123456789012")).to_have_attribute(
        "href", re.compile(r"^https://")
    )
    _shot(seller_page, shots, "10-seller-shipped")

    # 6. The carrier says delivered (the tracking poll's service); the buyer confirms.
    order_deliver(order_id=order.pk)
    buyer_page.goto(f"{live_site.url}/hesabim/siparislerim/{order.pk}/")
    _shot(buyer_page, shots, "11-buyer-delivered")
    received = buyer_page.get_by_role("button", name="Parçayı teslim aldım")
    _reachable(received)
    received.click()
    expect(buyer_page.locator(".order-card .badge").first).to_have_text("Tamamlandı")
    _shot(buyer_page, shots, "12-buyer-completed")

    order.refresh_from_db()
    assert order.state == "completed"
    assert iyzico.state.item_transactions[order.payment_transaction_id].approved
    seller_page.goto(f"{live_site.url}/hesabim/siparislerim/")
    _shot(seller_page, shots, "13-seller-orders")

    for page, problems in ((seller_page, seller_problems), (buyer_page, buyer_problems)):
        if page.url.startswith(live_site.url):
            assert csp_violations(page) == []
        # The WSGI live server has no WebSocket: the chat's live connection fails, by design.
        assert [error for error in problems.console_errors if "WebSocket" not in error] == []
        assert problems.page_errors == []
    next(seller_pages, None)
    next(buyer_pages, None)
