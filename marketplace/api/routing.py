"""Helpers for API routes: a trailing slash is optional, as mobile clients send both."""

from __future__ import annotations

import re
from typing import Any

from django.urls import URLPattern, re_path

_CONVERTERS = {
    "uuid": r"[0-9a-fA-F-]{36}",
    "int": r"[0-9]+",
    "str": r"[^/]+",
}
_PARAMETER = re.compile(r"<(\w+):(\w+)>")


def api_route(route: str, view: Any, *, name: str) -> URLPattern:
    """`api_route("parts/<str:part_id>", …)`: Django-style converters, optional trailing slash.

    Only the converters above are supported, so a typo fails loudly at import time.
    """

    def replace(match: re.Match[str]) -> str:
        converter, parameter = match.groups()
        if converter not in _CONVERTERS:
            raise ValueError(f"Unsupported converter {converter!r} in API route {route!r}")
        return f"(?P<{parameter}>{_CONVERTERS[converter]})"

    return re_path(rf"^{_PARAMETER.sub(replace, route)}/?$", view, name=name)
