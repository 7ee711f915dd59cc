"""The core's pages: home, KVKK notice, contact and robots.txt."""

from django.urls import URLPattern, path

from marketplace import views, views_account

app_name = "marketplace"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("kvkk/", views.privacy_notice, name="privacy-notice"),
    path("iletisim/", views.contact, name="contact"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("hesabim/", views_account.profile, name="profile"),
    path("hesabim/fotograf/", views_account.avatar_change, name="avatar"),
    path("hesabim/verilerim/", views_account.data_export, name="data-export"),
    path("hesabim/hesabi-sil/", views_account.account_delete_page, name="account-delete"),
]
