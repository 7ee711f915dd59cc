"""Sitemap sections of the core pages; the parts app adds listings, cities and brands."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticPagesSitemap(Sitemap[str]):
    changefreq = "weekly"
    protocol = "https"

    def items(self) -> list[str]:
        return ["marketplace:home", "marketplace:privacy-notice", "marketplace:contact"]

    def location(self, item: str) -> str:
        return reverse(item)
