"""Pages of payments under /hesap/odeme-bilgileri/ (before allauth's /hesap/ routes)."""

from django.urls import URLPattern, path

from payments import views

app_name = "payments"

urlpatterns: list[URLPattern] = [
    path("", views.payout_profile_page, name="payout-profile"),
]
