"""Pages of one-time SMS codes under /hesap/telefon/ (before allauth's /hesap/ routes)."""

from django.urls import URLPattern, path

from marketplace import views_phone

app_name = "phone"

urlpatterns: list[URLPattern] = [
    path("giris/", views_phone.phone_login, name="login"),
    path("dogrula/", views_phone.phone_verify, name="verify"),
]
