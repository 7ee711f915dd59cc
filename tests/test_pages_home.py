"""The home page (parts' since issue 18) links brands and shows the newest listings."""

from __future__ import annotations

import pytest
from django.test import Client

from marketplace.tests.test_pages import html_of
from parts.tests.factories import make_part

pytestmark = pytest.mark.django_db


def test_home_page_links_brands_and_shows_newest_listings(client: Client) -> None:
    make_part(title="Tofaş Şahin Karbüratör", brand="Tofaş", model="Şahin", year=1995)
    html = html_of(client, "/")
    assert '<a class="chip" href="/parcalar/?brand=Tofa%C5%9F">Tofaş</a>' in html
    assert "Tofaş Şahin Karbüratör" in html
    assert "En yeni ilanlar" in html
