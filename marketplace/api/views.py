"""API endpoints of the core: health, the Turkish provinces, and JSON 404 for unknown routes."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.errors import error_body
from marketplace.api.fields import input_validated
from marketplace.api.responses import api_success
from marketplace.api.schema import ErrorEnvelopeSerializer, envelope
from marketplace.cities import PROVINCES_ALPHABETICAL
from marketplace.errors import DomainError, ErrorCode
from marketplace.health import health_checks_run
from marketplace.response_cache import response_cache_allow
from marketplace.text import fold


class HealthCheckSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=["ok", "fail"])
    latency_ms = serializers.FloatField()


class HealthSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=["ok", "fail"])
    checks = serializers.DictField(child=HealthCheckSerializer())


class HealthView(APIView):
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []

    @extend_schema(
        summary="Service health",
        responses={
            200: envelope(HealthSerializer(), name="HealthEnvelope"),
            503: ErrorEnvelopeSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        results = health_checks_run()
        checks = {
            result.name: {"status": "ok" if result.ok else "fail", "latency_ms": result.latency_ms}
            for result in results
        }
        headers = {"Cache-Control": "no-store"}
        if all(result.ok for result in results):
            return api_success({"status": "ok", "checks": checks}, headers=headers)
        return Response(
            error_body(ErrorCode.SERVICE_UNAVAILABLE, details={"status": "fail", "checks": checks}),
            status=503,
            headers=headers,
        )


class CityQuerySerializer(serializers.Serializer[Any]):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=50,
        help_text="Prefix, e.g. `isk` → İskenderun…",
    )


class CitySerializer(serializers.Serializer[Any]):
    plate = serializers.IntegerField()
    name = serializers.CharField()


class CityListSerializer(serializers.Serializer[Any]):
    cities = CitySerializer(many=True)


CITIES_CACHE_SECONDS = 300


class CityListView(APIView):
    """The 81 provinces for city pickers; `q` narrows by prefix, ignoring case and diacritics."""

    throttle_category = "search"
    query_serializer = CityQuerySerializer

    @extend_schema(
        summary="Turkish provinces",
        parameters=[CityQuerySerializer],
        responses={200: envelope(CityListSerializer(), name="CityListEnvelope")},
    )
    def get(self, request: Request) -> Response:
        query = input_validated(CityQuerySerializer, request.query_params)
        prefix = fold(query.get("q", ""))
        cities = [
            {"plate": province.plate, "name": province.name}
            for province in PROVINCES_ALPHABETICAL
            if fold(province.name).startswith(prefix)
        ]
        response = api_success({"cities": cities})
        response_cache_allow(response, seconds=CITIES_CACHE_SECONDS)  # the same for everyone
        return response


@extend_schema(exclude=True)
class ApiNotFoundView(APIView):
    """Every unknown `/api/` path answers with the JSON envelope, for any method."""

    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []

    def _not_found(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise DomainError(ErrorCode.NOT_FOUND)

    get = post = put = patch = delete = head = options = _not_found
