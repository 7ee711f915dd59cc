"""Every app's sitemap sections, served as /sitemap.xml (an index) and /sitemap-<section>.xml."""

from django.contrib.sitemaps import Sitemap

from marketplace.sitemaps import StaticPagesSitemap
from parts.sitemaps import BrandSitemap, CitySitemap, PartSitemap

SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": StaticPagesSitemap,
    "parts": PartSitemap,
    "cities": CitySitemap,
    "brands": BrandSitemap,
}
