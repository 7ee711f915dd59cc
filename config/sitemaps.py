"""Every app's sitemap sections, served as /sitemap.xml (an index) and /sitemap-<section>.xml."""

from django.contrib.sitemaps import Sitemap

from marketplace.sitemaps import StaticPagesSitemap
from parts.sitemaps import BrandSitemap, CitySitemap, PartSitemap


class PagesSitemap(StaticPagesSitemap):
    """The home page (the catalogue's) and the core's pages."""

    pages = ("parts:home", *StaticPagesSitemap.pages)


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": PagesSitemap,
    "parts": PartSitemap,
    "cities": CitySitemap,
    "brands": BrandSitemap,
}
