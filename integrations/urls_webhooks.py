"""Provider webhooks at /api/webhooks/: called by Twilio and Meta, not by our apps, so they speak
each provider's format (TwiML, plain text) rather than the API's JSON envelope."""

from django.urls import URLPattern, path

from integrations import views

app_name = "webhooks"

urlpatterns: list[URLPattern] = [
    path("twilio/status", views.twilio_status_callback, name="twilio-status"),
    path("twilio/inbound", views.twilio_inbound_message, name="twilio-inbound"),
    path("whatsapp", views.whatsapp_cloud_webhook, name="whatsapp"),
]
