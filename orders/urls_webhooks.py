"""iyzico's notifications, at /api/webhooks/iyzico (its own format, not the API envelope)."""

from django.urls import URLPattern, path

from orders import webhooks

app_name = "order-webhooks"

urlpatterns: list[URLPattern] = [
    path("iyzico", webhooks.iyzico_webhook, name="iyzico"),
]
