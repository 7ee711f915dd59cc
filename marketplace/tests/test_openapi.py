"""The OpenAPI schema: valid, complete, and truthful about every API route and its errors."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openapi_core.validation.response.exceptions import InvalidData

from marketplace.tests.openapi import (
    assert_response_matches_schema,
    documented_path,
    openapi_schema,
)

# Routes under /api/ that are deliberately not operations of the schema. We aim to keep this short.
UNDOCUMENTED = {"schema", "docs", "not-found"}


def _api_routes() -> dict[str, URLPattern]:
    resolver = get_resolver()
    routes: dict[str, URLPattern] = {}

    def walk(patterns: list[URLPattern | URLResolver], namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace == "api" and pattern.name and pattern.name not in UNDOCUMENTED:
                routes[pattern.name] = pattern

    walk(resolver.url_patterns, None)
    return routes


def test_schema_generates_without_warnings(tmp_path: Path) -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))


def test_every_api_route_is_documented() -> None:
    for name, pattern in sorted(_api_routes().items()):
        sample = {parameter: str(uuid.uuid4()) for parameter in pattern.pattern.regex.groupindex}
        path = reverse(f"api:{name}", kwargs=sample or None)
        assert documented_path(path), f"api:{name} ({path}) is missing from the OpenAPI schema"


def test_every_operation_documents_its_errors_with_the_envelope() -> None:
    schema = openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "500" in responses, f"{method.upper()} {path} does not document 500"
            if "{" in path:
                assert "404" in responses, f"{method.upper()} {path} does not document 404"
            for status, response in responses.items():
                if int(status) >= 400:
                    content = response["content"]["application/json"]["schema"]
                    assert content == {"$ref": "#/components/schemas/ErrorEnvelope"}


@pytest.mark.django_db
def test_schema_validation_catches_an_undocumented_body(api_client) -> None:
    response = api_client.get("/api/cities")
    response.content = b'{"success": true, "data": {"cities": [{"plate": "yok"}]}}'
    with pytest.raises(InvalidData):
        assert_response_matches_schema(response)


@pytest.mark.django_db
def test_schema_and_docs_are_served(client) -> None:
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"BanaYeni SanaEski API" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
