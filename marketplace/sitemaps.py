"""Sitemap sections of the core pages; the parts app adds listings, cities and brands, and
config/sitemaps.py puts its home page first among these."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticPagesSitemap(Sitemap[str]):
    changefreq = "weekly"
    protocol = "https"
    pages: tuple[str, ...] = ("marketplace:privacy-notice", "marketplace:contact")  # URL names

    def items(self) -> list[str]:
        return list(self.pages)

    def location(self, item: str) -> str:
        return reverse(item)
