"""The API's request body parsers: DRF's, refusing what no endpoint can store or parse safely.

Every API body passes through here, whether a view validates it with a serializer or reads
`request.data` by hand, so these rules hold for all of them at once:
- a body nested too deeply for Python's JSON decoder (`[[[[…]]]]`) is malformed JSON, not a 500;
- no text may contain a NUL character (PostgreSQL cannot store one, and psycopg refuses the whole
  query); the field that carried it is named in the error's details.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import QueryDict
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

from marketplace.api.renderers import VENDOR_MEDIA_TYPE
from marketplace.text import NUL_MESSAGE, has_nul


def _nul_fields(data: Any) -> list[str]:
    """The top-level fields whose values (at any depth) hold a NUL; "body" for the body itself.

    Iterative, so a body nested as deeply as the decoder allows cannot exhaust the stack here."""
    if isinstance(data, QueryDict):
        items: list[tuple[Any, Any]] = list(data.lists())
    elif isinstance(data, Mapping):
        items = list(data.items())
    else:
        items = [("body", data)]
    fields: list[str] = []
    for field, value in items:
        pending = [field, value]
        while pending:
            item = pending.pop()
            if has_nul(item):
                fields.append("body" if has_nul(field) else str(field))
                break
            if isinstance(item, Mapping):
                pending.extend(item.keys())
                pending.extend(item.values())
            elif isinstance(item, list):
                pending.extend(item)
    return fields


def _refuse_nul(data: Any) -> None:
    fields = _nul_fields(data)
    if fields:
        raise ValidationError({field: [str(NUL_MESSAGE)] for field in fields})


class JSONParser(parsers.JSONParser):
    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
        _refuse_nul(data)
        return data


class VendorJSONParser(JSONParser):
    """`application/vnd.banayeni.v1+json`, the API's own media type, is JSON."""

    media_type = VENDOR_MEDIA_TYPE


class FormParser(parsers.FormParser):
    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        data = super().parse(stream, media_type, parser_context)
        _refuse_nul(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        _refuse_nul(parsed.data)
        return parsed
