"""API routes of payments."""

from django.urls import URLPattern

from marketplace.api.routing import api_route
from payments.api import PayoutProfileApi

urlpatterns: list[URLPattern] = [
    api_route("me/payout-profile", PayoutProfileApi.as_view(), name="payout-profile"),
]
