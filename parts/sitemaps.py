"""Sitemap sections of the catalogue: listings, and result pages per city and per brand."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from marketplace.cities import PROVINCES_ALPHABETICAL
from parts.brands import BRANDS_ALPHABETICAL
from parts.models import Part
from parts.selectors import part_public_queryset


class PartSitemap(Sitemap[Part]):
    changefreq = "daily"
    limit = 5000
    protocol = "https"

    def items(self) -> QuerySet[Part]:
        return part_public_queryset().only("id", "title", "updated_at").order_by("-created_at")

    def location(self, item: Part) -> str:
        return reverse("parts:detail", args=[item.slug])

    def lastmod(self, item: Part) -> datetime:
        return item.updated_at


class _ResultsSitemap(Sitemap[str]):
    changefreq = "daily"
    protocol = "https"
    parameter = ""

    def location(self, item: str) -> str:
        return f"{reverse('parts:results')}?{urlencode({self.parameter: item})}"


class CitySitemap(_ResultsSitemap):
    parameter = "location_city"

    def items(self) -> list[str]:
        return [province.name for province in PROVINCES_ALPHABETICAL]


class BrandSitemap(_ResultsSitemap):
    parameter = "brand"

    def items(self) -> list[str]:
        return list(BRANDS_ALPHABETICAL)
