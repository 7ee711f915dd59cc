"""Helpers for API routes: a trailing slash is optional, as mobile clients send both."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, re_path


def api_route(route: str, view: Any, *, name: str) -> URLPattern:
    """`api_route("parts/<uuid:part_id>", …)`-style paths with an optional trailing slash.

    Only the converters we use are supported, so a typo fails loudly at import time.
    """
    converters = {
        "<uuid:": r"(?P<{name}>[0-9a-fA-F-]{{36}})",
        "<int:": r"(?P<{name}>[0-9]+)",
        "<str:": r"(?P<{name}>[^/]+)",
    }
    pattern = route
    while "<" in pattern:
        start = pattern.index("<")
        end = pattern.index(">", start)
        token = pattern[start : end + 1]
        prefix, param = token[:-1].split(":", 1)
        regex = converters.get(prefix + ":")
        if regex is None:
            raise ValueError(f"Unsupported converter in API route {route!r}")
        pattern = pattern[:start] + regex.format(name=param) + pattern[end + 1 :]
    return re_path(rf"^{pattern}/?$", view, name=name)
