"""OpenAPI (drf-spectacular): the success envelope, and every operation's error responses."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import permissions, serializers
from rest_framework.authentication import SessionAuthentication

from marketplace.api.fields import QueryDecimalField
from marketplace.api.throttling import view_throttle_category
from marketplace.errors import error_codes_all

_ERROR_DESCRIPTIONS = {
    400: "VALIDATION_ERROR or a business rule code; per-field messages in details",
    401: "UNAUTHORIZED: missing, expired or invalid access token",
    403: "FORBIDDEN",
    404: "NOT_FOUND or the resource's own code",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT or the resource's own code",
    413: "PAYLOAD_TOO_LARGE: the body is over DATA_UPLOAD_MAX_MEMORY_SIZE",
    429: "RATE_LIMITED, with Retry-After and X-RateLimit-* headers",
    500: "INTERNAL_ERROR",
    503: "SERVICE_UNAVAILABLE",
}


class ErrorSerializer(serializers.Serializer[Any]):
    code = serializers.ChoiceField(choices=[])  # filled in by get_fields()
    message = serializers.CharField(help_text="Turkish, for people")
    details = serializers.DictField(required=False)
    timestamp = serializers.DateTimeField()
    request_id = serializers.CharField()

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        # Every app's codes, registered with the core (marketplace.errors) as the apps loaded.
        fields["code"] = serializers.ChoiceField(choices=[code.value for code in error_codes_all()])
        return fields


class ErrorEnvelopeSerializer(serializers.Serializer[Any]):
    success = serializers.BooleanField(help_text="Always false")
    error = ErrorSerializer()


def envelope(data: serializers.BaseSerializer[Any], *, name: str) -> serializers.Serializer[Any]:
    """The schema of `{"success": true, "data": <data>, "message"?}` for one endpoint."""
    return inline_serializer(
        name=name,
        fields={
            "success": serializers.BooleanField(),
            "data": data,
            "message": serializers.CharField(required=False),
        },
    )


class EnvelopeAutoSchema(AutoSchema):
    """Adds the error envelope for every status an operation can answer with, and declares one
    request content type per operation: JSON, or multipart for the uploads. (The API also reads
    forms and its vendor JSON type, but a schema offering three bodies per operation makes
    client generators produce one function per content type, or none.)"""

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        schema: dict[str, Any] = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, QueryDecimalField):
            schema["format"] = "decimal"  # a number (not a float): read as Decimal
        if isinstance(field, serializers.DecimalField) and schema.get("type") == "number":
            # Decimal bounds and defaults would be written as text
            for bound in ("minimum", "maximum", "default"):
                if bound in schema:
                    schema[bound] = float(schema[bound])
        return schema

    def map_parsers(self) -> list[str]:
        media_types: list[str] = super().map_parsers()
        if "application/json" in media_types:
            return ["application/json"]
        return media_types

    def _error_statuses(self) -> set[int]:
        view = self.view
        statuses = {500}
        declared: tuple[int, ...] = getattr(view, "api_error_statuses", ())
        statuses.update(declared)
        authenticators = list(getattr(view, "authentication_classes", []))
        if authenticators:
            statuses.add(401)  # a bad or expired token is refused even where login is optional
        restricted = any(
            not isinstance(permission, permissions.AllowAny)
            for permission in view.get_permissions()
        )
        session_csrf = self.method not in {"GET", "HEAD", "OPTIONS"} and any(
            issubclass(authenticator, SessionAuthentication) for authenticator in authenticators
        )
        if restricted:
            statuses.update({401, 403})
        if session_csrf:
            statuses.add(403)
        if view_throttle_category(view, self.method):
            statuses.add(429)
        if self.method in {"POST", "PUT", "PATCH"} or getattr(view, "query_serializer", None):
            statuses.add(400)
        if self.method in {"POST", "PUT", "PATCH"}:
            statuses.add(413)
        if "{" in self.path:
            statuses.add(404)
        return statuses

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for status in sorted(self._error_statuses()):
            if str(status) in responses:
                continue
            response = self._get_response_for_code(ErrorEnvelopeSerializer, str(status))
            response["description"] = _ERROR_DESCRIPTIONS.get(status, "Error")
            responses[str(status)] = response
        return responses


def document_api_routes(
    endpoints: list[tuple[str, str, str, Any]],
) -> list[tuple[str, str, str, Any]]:
    """Each operation once, under `/api/` (`/api/v1/…` mirrors it), without the optional slash."""
    documented = []
    for path, path_regex, method, callback in endpoints:
        if not path.startswith("/api/") or path.startswith("/api/v1/"):
            continue
        if path_regex.endswith("/?$"):
            path = path.rstrip("/")
        documented.append((path, path_regex, method, callback))
    return documented


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Documents `Authorization: Bearer <access token>` (a JWT from /api/auth/login)."""

    target_class = "marketplace.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
