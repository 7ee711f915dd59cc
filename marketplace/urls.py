"""The core's pages: KVKK notice, contact, robots.txt and the account pages (the home page is the
catalogue's: parts/urls.py)."""

from django.urls import URLPattern, path

from marketplace import views, views_account

app_name = "marketplace"

urlpatterns: list[URLPattern] = [
    path("kvkk/", views.privacy_notice, name="privacy-notice"),
    path("iletisim/", views.contact, name="contact"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("hesabim/", views_account.profile, name="profile"),
    path("hesabim/fotograf/", views_account.avatar_change, name="avatar"),
    path("hesabim/verilerim/", views_account.data_export, name="data-export"),
    path("hesabim/hesabi-sil/", views_account.account_delete_page, name="account-delete"),
]
