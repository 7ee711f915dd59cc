"""An API test client that checks every response against the OpenAPI schema it claims.

In the spirit of Zulip's test_openapi: a response whose status or body the schema does not
document fails the test that produced it, so docs and code cannot drift apart.
"""

from __future__ import annotations

import json
import threading
from functools import cache
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from drf_spectacular.generators import SchemaGenerator
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from rest_framework.test import APIClient

# Paths the schema does not describe on purpose: the catch-all 404 and the docs themselves.
UNDOCUMENTED_PREFIXES = ("/api/schema", "/api/docs", "/api/v1/")


# drf-spectacular's generator is not thread-safe: the concurrency tests' threads may all be the
# first to ask for the schema (when they run on their own), so it is built under a lock.
_schema_lock = threading.Lock()


def openapi_schema() -> dict[str, Any]:
    with _schema_lock:
        return _openapi_schema()


def openapi_spec() -> OpenAPI:
    with _schema_lock:
        return _openapi_spec()


@cache
def _openapi_schema() -> dict[str, Any]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(schema, cls=DjangoJSONEncoder))


@cache
def _openapi_spec() -> OpenAPI:
    return OpenAPI.from_dict(_openapi_schema())


def documented_path(path: str) -> bool:
    if path.startswith(UNDOCUMENTED_PREFIXES):
        return False
    spec_paths = openapi_schema()["paths"]
    return any(_path_matches(template, path.rstrip("/")) for template in spec_paths)


def _path_matches(template: str, path: str) -> bool:
    template_parts = template.rstrip("/").split("/")
    path_parts = path.rstrip("/").split("/")
    if len(template_parts) != len(path_parts):
        return False
    return all(
        (t.startswith("{") and t.endswith("}")) or t == p
        for t, p in zip(template_parts, path_parts, strict=True)
    )


def assert_response_matches_schema(response: Any) -> None:
    request = response.wsgi_request
    if not request.path.startswith("/api/") or not documented_path(request.path):
        return
    # The documented path has no trailing slash; the routes accept both spellings.
    path = request.path.rstrip("/")
    content_type = response.get("Content-Type", "application/json").split(";")[0]
    openapi_spec().validate_response(
        MockRequest("http://testserver", request.method.lower(), path),
        MockResponse(
            response.content,
            status_code=response.status_code,
            headers=dict(response.headers),
            content_type=content_type,
        ),
    )


class OpenApiValidatingClient(APIClient):
    def request(self, **kwargs: Any) -> Any:
        response = super().request(**kwargs)
        assert_response_matches_schema(response)
        return response
