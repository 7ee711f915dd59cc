"""API routes of the core app."""

from django.urls import URLPattern, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from marketplace.api.auth import LoginView, LogoutView, RefreshView, RegisterView
from marketplace.api.me import MeView, MyDataView
from marketplace.api.phone import OtpRequestView, OtpVerifyView
from marketplace.api.routing import api_route
from marketplace.api.views import CityListView, HealthView

urlpatterns: list[URLPattern] = [
    api_route("health", HealthView.as_view(), name="health"),
    api_route("cities", CityListView.as_view(), name="city-list"),
    api_route("auth/register", RegisterView.as_view(), name="auth-register"),
    api_route("auth/login", LoginView.as_view(), name="auth-login"),
    api_route("auth/refresh", RefreshView.as_view(), name="auth-refresh"),
    api_route("auth/logout", LogoutView.as_view(), name="auth-logout"),
    api_route("me", MeView.as_view(), name="me"),
    api_route("me/data", MyDataView.as_view(), name="me-data"),
    api_route("auth/otp/request", OtpRequestView.as_view(), name="otp-request"),
    api_route("auth/otp/verify", OtpVerifyView.as_view(), name="otp-verify"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
