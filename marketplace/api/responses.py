"""The success envelope: `{"success": true, "data": {...}, "message": "<Türkçe>"}`."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from rest_framework.response import Response


def api_success(
    data: dict[str, Any],
    *,
    message: str | Promise | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {"success": True, "data": data}
    if message is not None:
        body["message"] = str(message)
    return Response(body, status=status, headers=headers)


def pagination_data(*, total: int, limit: int, offset: int, count: int) -> dict[str, Any]:
    """The `pagination` of a limit/offset list whose total is counted exactly."""
    return {
        "total": total,
        "limit": limit,
        "offset": offset,
        "has_more": offset + count < total,
        "total_is_exact": True,
    }
