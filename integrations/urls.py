"""Pages of the integrations app."""

from django.urls import URLPattern, path

from integrations import views_pages

app_name = "integrations"

urlpatterns: list[URLPattern] = [
    path(
        "bildirimler/abonelik-iptal/<str:token>/",
        views_pages.unsubscribe,
        name="unsubscribe",
    ),
]
