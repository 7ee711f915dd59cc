"""Provider webhooks, under /api/webhooks/ (and /api/v1/webhooks/)."""

from django.urls import URLPattern, path

from integrations import views

urlpatterns: list[URLPattern] = [
    path("webhooks/twilio/status", views.twilio_status_callback, name="webhook-twilio-status"),
    path("webhooks/twilio/inbound", views.twilio_inbound_message, name="webhook-twilio-inbound"),
    path("webhooks/whatsapp", views.whatsapp_cloud_webhook, name="webhook-whatsapp"),
]
