"""The core's pages: home, KVKK notice, contact and robots.txt."""

from django.urls import URLPattern, path

from marketplace import views

app_name = "marketplace"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("kvkk/", views.privacy_notice, name="privacy-notice"),
    path("iletisim/", views.contact, name="contact"),
    path("robots.txt", views.robots_txt, name="robots"),
]
