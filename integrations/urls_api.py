"""The staff health endpoint of the Integration Center: /api/integrations/health."""

from django.urls import URLPattern, path

from integrations.api import IntegrationsHealthView

urlpatterns: list[URLPattern] = [
    path("integrations/health", IntegrationsHealthView.as_view(), name="integrations-health"),
]
