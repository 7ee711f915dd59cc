"""The core's pages: home, KVKK notice, contact, robots.txt and the sitemap."""

from django.contrib.sitemaps.views import sitemap
from django.urls import URLPattern, path

from marketplace import views
from marketplace.sitemaps import SITEMAPS

app_name = "marketplace"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("kvkk/", views.privacy_notice, name="privacy-notice"),
    path("iletisim/", views.contact, name="contact"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
