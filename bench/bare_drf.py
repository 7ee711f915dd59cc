"""The bare DRF settings shared by the floor and the send floor, so both measure the same DRF."""

from __future__ import annotations

from typing import Any

# No authentication, permissions or throttles (they need a database or a cache: the floor is the
# cost of Django + DRF alone, and the send floor does its own token check); JSON in and out.
BARE_REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
}
