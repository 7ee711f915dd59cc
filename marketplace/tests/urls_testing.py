"""Test-only URLs: two API views that exercise the shared machinery (the error envelope of a
crash, of field errors and of unreadable bodies), and nothing else."""

from typing import Any

from django.urls import URLPattern, URLResolver, path
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from marketplace.api.fields import PhoneNumberField, TurkishCityField
from marketplace.api.responses import api_success


class FailingView(APIView):
    def get(self, request: Request) -> Any:
        raise RuntimeError("secret internal detail")


class ProfileInput(serializers.Serializer[Any]):
    city = TurkishCityField()
    phone = PhoneNumberField(required=False)
    year = serializers.IntegerField(min_value=1900, max_value=2030, required=False)


class EchoView(APIView):
    def post(self, request: Request) -> Any:
        data = ProfileInput(data=request.data)
        data.is_valid(raise_exception=True)
        return api_success(dict(data.validated_data), message="Tamam", status=201)


urlpatterns: list[URLPattern | URLResolver] = [
    path("api/test-failure", FailingView.as_view()),
    path("api/test-echo", EchoView.as_view()),
]

handler404 = "marketplace.views.page_not_found"
handler500 = "marketplace.views.server_error"
