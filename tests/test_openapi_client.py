"""A client generated from our OpenAPI schema by a generator no one here wrote
(openapi-python-client) imports, and has a function for every endpoint of the seed contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from marketplace.tests.openapi import openapi_schema

# The seed contract's endpoints (shared/seeds/002) and the chat and account ones apps use.
SEED_OPERATIONS = {
    "auth/auth_register",
    "auth/auth_login",
    "auth/auth_refresh",
    "auth/auth_logout",
    "parts/parts_search",
    "parts/parts_create",
    "parts/parts_retrieve",
    "parts/parts_update",
    "parts/parts_delete",
    "parts/interests_express",
    "upload/parts_upload_images",
    "conversations/conversations_list",
    "conversations/conversations_messages_list",
    "conversations/conversations_messages_send",
    "cities/cities_retrieve",
    "me/me_retrieve",
}


# Query parameters whose values really are free text. Every other one is typed in the schema (an
# integer, a number, an enum, a boolean, a date), so a generated client sends the right kind of
# value. We aim to keep this short.
FREE_TEXT_QUERY_PARAMETERS = {"search", "part_reference", "brand", "model", "location_city", "q"}


def test_every_query_parameter_is_typed() -> None:
    untyped = []
    for path, operations in openapi_schema()["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                schema = parameter["schema"]
                plain_text = schema.get("type") == "string" and not (
                    schema.get("enum") or schema.get("format")
                )
                if "type" not in schema or (
                    plain_text and parameter["name"] not in FREE_TEXT_QUERY_PARAMETERS
                ):
                    untyped.append(f"{method.upper()} {path} ?{parameter['name']}")
    assert untyped == []


def test_every_operation_has_one_request_content_type() -> None:
    for path, operations in openapi_schema()["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody")
            if body is None:
                continue
            media_types = list(body["content"])
            expected = (
                ["multipart/form-data"]
                if operation["operationId"] in {"parts_upload_images", "orders_return"}
                else ["application/json"]
            )
            assert media_types == expected, f"{method.upper()} {path}: {media_types}"


def test_a_generated_python_client_imports_and_has_every_seed_endpoint(tmp_path: Path) -> None:
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(openapi_schema()), encoding="utf-8")
    binaries = Path(sys.executable).parent
    generator = binaries / "openapi-python-client"
    if not generator.exists():
        pytest.skip("openapi-python-client is not installed (requirements-dev.txt has it)")
    output = tmp_path / "banayeni_client"
    environment = {**os.environ, "PATH": f"{binaries}:{os.environ.get('PATH', '')}"}
    command = [str(generator), "generate", "--path", str(schema_file)]
    command += ["--output-path", str(output), "--meta", "none"]
    generated = subprocess.run(
        command,
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert "Warning" not in generated.stdout + generated.stderr, generated.stdout + generated.stderr

    modules = {
        str(path.relative_to(output / "api").with_suffix(""))
        for path in (output / "api").rglob("*.py")
        if path.name != "__init__.py"
    }
    assert modules >= SEED_OPERATIONS, sorted(SEED_OPERATIONS - modules)
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            "import importlib, pkgutil, banayeni_client.api as api\n"
            "for module in pkgutil.walk_packages(api.__path__, 'banayeni_client.api.'):\n"
            "    importlib.import_module(module.name)\n"
            "from banayeni_client.api.parts import parts_search\n"
            "assert callable(parts_search.sync)\n",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr
