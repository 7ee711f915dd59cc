"""The core's pages, robots.txt, sitemap, error pages and admin, through Django's test client."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from marketplace.cities import PROVINCES_ALPHABETICAL
from marketplace.models import User

pytestmark = pytest.mark.django_db

SITEMAP_NAMESPACE = {"sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def html_of(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def element_inner_html(html: str, tag: str, attribute: str) -> str:
    """The inside of the first `<tag ... attribute ...>...</tag>`; these elements never nest."""
    match = re.search(rf"<{tag}\b[^>]*{attribute}[^>]*>(.*?)</{tag}>", html, re.DOTALL)
    assert match, f"no <{tag} {attribute}> in the page"
    return match.group(1)


# --- Home page --------------------------------------------------------------------------------
def test_home_page_is_turkish_html(client: Client) -> None:
    html = html_of(client, "/")
    assert '<html lang="tr">' in html
    assert "<title>BanaYeni SanaEski — Yeni ve çıkma otomotiv yedek parçaları</title>" in html


def test_home_page_search_box_is_inside_the_search_landmark(client: Client) -> None:
    search_form = element_inner_html(html_of(client, "/"), "form", 'role="search"')
    assert re.search(r'<input\b[^>]*\bname="search"', search_form)
    assert re.search(r'<label\b[^>]*for="site-search"[^>]*>Parça ara</label>', search_form)


def test_anonymous_nav_offers_post_ad_messages_and_login(client: Client) -> None:
    nav = element_inner_html(html_of(client, "/"), "nav", 'class="main-nav"')
    for text in ("İlan Ver", "Mesajlar", "Giriş Yap"):
        assert f">{text}</a>" in nav
    assert "Çıkış" not in nav


def test_logged_in_nav_has_a_logout_button_instead_of_login(client: Client, user: User) -> None:
    client.force_login(user)
    nav = element_inner_html(html_of(client, "/"), "nav", 'class="main-nav"')
    # Logging out changes state, so it is a POST button, not a link.
    assert re.search(r'<form method="post" action="/hesap/cikis/"', nav)
    assert re.search(r"<button\b[^>]*>Çıkış</button>", nav)
    assert "csrfmiddlewaretoken" in nav
    assert "Giriş Yap" not in nav


def test_footer_links_to_privacy_notice_and_contact(client: Client) -> None:
    footer = element_inner_html(html_of(client, "/"), "footer", 'class="site-footer"')
    assert '<a href="/kvkk/">KVKK aydınlatma metni</a>' in footer
    assert '<a href="/iletisim/">İletişim</a>' in footer


def test_home_page_lists_all_81_provinces_as_chips(client: Client) -> None:
    html = html_of(client, "/")
    chip_names = re.findall(r'<a class="chip" href="[^"]*location_city=[^"]*">([^<]+)</a>', html)
    assert len(chip_names) == 81
    assert chip_names == [province.name for province in PROVINCES_ALPHABETICAL]
    assert "İstanbul" in chip_names
    assert "Iğdır" in chip_names
    assert '<a class="chip" href="/parcalar/?location_city=I%C4%9Fd%C4%B1r">Iğdır</a>' in html


def test_home_page_rejects_post(client: Client) -> None:
    assert client.post("/").status_code == 405


# --- Other pages ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "heading"),
    [("/kvkk/", "KVKK aydınlatma metni"), ("/iletisim/", "İletişim")],
)
def test_static_pages_have_turkish_headings(client: Client, url: str, heading: str) -> None:
    response = client.get(url)
    assertContains(response, f"<h1>{heading}</h1>", html=True)


def test_privacy_notice_names_the_law_and_the_rights(client: Client) -> None:
    response = client.get("/kvkk/")
    assertContains(response, "6698")
    assertContains(response, "<h2>Haklarınız</h2>", html=True)


def test_robots_txt_points_to_sitemap_and_hides_admin(client: Client) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /yonetim/" in lines
    assert "Disallow: /api/" in lines
    assert any(re.fullmatch(r"Sitemap: https?://\S+/sitemap\.xml", line) for line in lines)


def _sitemap_locations(client: Client, url: str, element: str) -> list[str | None]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    # The document is our own response, not untrusted input.
    root = ElementTree.fromstring(response.content)  # noqa: S314
    return [
        location.text
        for location in root.findall(f"sitemap:{element}/sitemap:loc", SITEMAP_NAMESPACE)
    ]


def test_sitemap_index_lists_every_section(client: Client) -> None:
    sections = _sitemap_locations(client, "/sitemap.xml", "sitemap")
    for section in ("pages", "parts", "cities", "brands"):
        assert f"https://testserver/sitemap-{section}.xml" in sections


def test_pages_sitemap_lists_the_home_page(client: Client) -> None:
    locations = _sitemap_locations(client, "/sitemap-pages.xml", "url")
    assert "https://testserver/" in locations
    assert "https://testserver/kvkk/" in locations
    assert "https://testserver/iletisim/" in locations


def test_city_and_brand_sitemaps_point_to_result_pages(client: Client) -> None:
    cities = _sitemap_locations(client, "/sitemap-cities.xml", "url")
    assert len(cities) == 81
    assert "https://testserver/parcalar/?location_city=%C4%B0stanbul" in cities
    brands = _sitemap_locations(client, "/sitemap-brands.xml", "url")
    assert "https://testserver/parcalar/?brand=Tofa%C5%9F" in brands


# --- Errors -----------------------------------------------------------------------------------
def test_unknown_page_is_turkish_html_404(client: Client) -> None:
    response = client.get("/olmayan-sayfa/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assertContains(response, "<h1>Sayfa bulunamadı</h1>", status_code=404, html=True)
    assertContains(response, '<a class="button" href="/">Ana sayfaya dön</a>', status_code=404)


def test_unknown_api_route_is_json_envelope_404(client: Client) -> None:
    response = client.get("/api/olmayan")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "NOT_FOUND"
    assert body["error"]["message"] == "İstenilen kaynak bulunamadı"


# --- Admin ------------------------------------------------------------------------------------
def test_admin_redirects_anonymous_to_its_login(client: Client) -> None:
    response = client.get("/yonetim/")
    assertRedirects(response, "/yonetim/login/?next=/yonetim/")


def test_admin_login_page_is_turkish(client: Client) -> None:
    response = client.get("/yonetim/login/")
    assertContains(response, "BanaYeni SanaEski yönetim paneli")
    assertContains(response, "Parola")


def test_admin_index_is_branded_and_turkish_for_staff(client: Client, staff_user: User) -> None:
    client.force_login(staff_user)
    response = client.get("/yonetim/")
    assertContains(response, "<title>Yönetim | BanaYeni SanaEski yönetim paneli</title>", html=True)
    assertContains(response, '<a href="/yonetim/">BanaYeni SanaEski yönetim paneli</a>', html=True)
    assertContains(response, '<a href="/yonetim/marketplace/user/">Kullanıcılar</a>', html=True)
    assertContains(response, "<h2>Son eylemler</h2>", html=True)
    assertContains(response, "Parolayı değiştir")
    assertNotContains(response, "Django administration")
    assertNotContains(response, "Site administration")


def test_admin_redirects_non_staff_user_to_its_login(client: Client, user: User) -> None:
    client.force_login(user)
    response = client.get("/yonetim/")
    assertRedirects(response, "/yonetim/login/?next=/yonetim/")


# --- Template filters -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{% load money %}{{ price|try_price }}", "1.250,00 ₺"),
        ('{% load money %}{{ price|try_price:"short" }}', "1.250 ₺"),
        ("{% load money %}[{{ missing|try_price }}]", "[]"),
    ],
)
def test_try_price_filter_formats_turkish_lira(template: str, expected: str) -> None:
    rendered = Template(template).render(Context({"price": Decimal("1250.00"), "missing": None}))
    assert rendered == expected
