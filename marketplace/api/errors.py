"""One exception handler gives every API error the contract's envelope.

`{"success": false, "error": {"code", "message", "details"?, "timestamp", "request_id"}}`
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.response import Response

from marketplace.errors import DomainError, DomainErrorCode, ErrorCode, error_code_lookup
from marketplace.logging import request_id_get
from marketplace.timestamps import api_datetime

logger = logging.getLogger(__name__)

RATE_LIMIT_MESSAGES: dict[str, Promise] = {
    "auth": _("Too many login attempts"),
    "refresh": _("Too many session renewals"),
    "search": _("Search limit exceeded"),
    "part_create": _("Part creation limit exceeded"),
    "interest": _("Interest limit exceeded"),
    "messaging": _("Message sending limit exceeded"),
    "upload": _("File upload limit exceeded"),
}

MALFORMED_BODY_MESSAGE = _("The request body is not valid JSON.")
MALFORMED_FORM_MESSAGE = _("The request body could not be read as a form (multipart).")


def request_content_type_is_form(context: dict[str, Any] | None) -> bool:
    """Whether the failed body was sent as a form (multipart or urlencoded), not as JSON."""
    request = (context or {}).get("request")
    content_type = str(getattr(request, "content_type", "") or "")
    return content_type.startswith(("multipart/", "application/x-www-form-urlencoded"))


def error_body(
    code: DomainErrorCode,
    *,
    message: str | Promise | None = None,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    error: dict[str, Any] = {
        "code": str(code),
        "message": str(message if message is not None else code.message),
    }
    if details:
        error["details"] = details
    error["timestamp"] = api_datetime(timezone.now())
    error["request_id"] = request_id_get()
    return {"success": False, "error": error}


def error_json_response(code: DomainErrorCode, **kwargs: Any) -> JsonResponse:
    """The envelope for errors raised outside DRF (Django's 404/500 handlers under /api/)."""
    return JsonResponse(
        error_body(code, **kwargs),
        status=code.status,
        json_dumps_params={"ensure_ascii": False},
    )


def _flatten_messages(detail: Any) -> Any:
    """DRF's ErrorDetail tree -> plain strings, keeping the field structure."""
    if isinstance(detail, dict):
        return {str(key): _flatten_messages(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten_messages(item) for item in detail]
    return str(detail)


def business_code_in(detail: Any) -> DomainErrorCode | None:
    """The first contract code (`INVALID_TURKISH_CITY`) a serializer tagged a field error with, in
    field order, in DRF's error details (or a serializer's `.errors`); None if there is none."""
    if isinstance(detail, dict):
        values: list[Any] = list(detail.values())
    elif isinstance(detail, list):
        values = detail
    else:
        code = getattr(detail, "code", None)
        found = error_code_lookup(code) if isinstance(code, str) else None
        return found if found != ErrorCode.VALIDATION_ERROR else None
    for value in values:
        found = business_code_in(value)
        if found is not None:
            return found
    return None


def _validation_details(detail: Any) -> dict[str, Any]:
    flattened = _flatten_messages(detail)
    if isinstance(flattened, dict):
        return flattened
    return {"non_field_errors": flattened if isinstance(flattened, list) else [flattened]}


def _request_rate_limit_category(context: dict[str, Any]) -> str | None:
    request = context.get("request")
    django_request: HttpRequest | None = getattr(request, "_request", None)
    state = getattr(django_request, "rate_limit", None)
    return getattr(state, "category", None)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    headers: dict[str, str] = {}
    details: dict[str, Any] | None = None
    message: str | Promise | None = None

    if isinstance(exc, DomainError):
        code, message, details = exc.code, exc.message, exc.details
    elif isinstance(exc, RequestDataTooBig):
        # Over DATA_UPLOAD_MAX_MEMORY_SIZE: raised when a view first reads request.data.
        code = ErrorCode.PAYLOAD_TOO_LARGE
    elif isinstance(exc, SuspiciousOperation):
        # Too many form fields or files, a bad multipart boundary…: Django answers these 400.
        logger.warning("Suspicious API request: %s", exc)
        code = ErrorCode.VALIDATION_ERROR
    elif isinstance(exc, exceptions.ParseError):
        code = ErrorCode.VALIDATION_ERROR
        is_form = request_content_type_is_form(context)
        details = {"body": [str(MALFORMED_FORM_MESSAGE if is_form else MALFORMED_BODY_MESSAGE)]}
    elif isinstance(exc, exceptions.ValidationError):
        code = business_code_in(exc.detail) or ErrorCode.VALIDATION_ERROR
        details = _validation_details(exc.detail)
    elif isinstance(exc, DjangoValidationError):
        code = ErrorCode.VALIDATION_ERROR
        details = (
            {key: [str(m) for m in value] for key, value in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {"non_field_errors": [str(m) for m in exc.messages]}
        )
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        code = ErrorCode.UNAUTHORIZED
        reason = exc.get_codes()
        if isinstance(reason, str) and reason not in {"not_authenticated"}:
            details = {"reason": reason}
        www_authenticate = getattr(exc, "auth_header", None)
        if www_authenticate:
            headers["WWW-Authenticate"] = www_authenticate
    elif isinstance(exc, exceptions.PermissionDenied | DjangoPermissionDenied):
        code = ErrorCode.FORBIDDEN
    elif isinstance(exc, exceptions.NotFound | Http404):
        code = ErrorCode.NOT_FOUND
    elif isinstance(exc, exceptions.MethodNotAllowed):
        code = ErrorCode.METHOD_NOT_ALLOWED
    elif isinstance(exc, exceptions.NotAcceptable):
        code = ErrorCode.NOT_ACCEPTABLE
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        code = ErrorCode.UNSUPPORTED_MEDIA_TYPE
    elif isinstance(exc, exceptions.Throttled):
        code = ErrorCode.RATE_LIMITED
        category = _request_rate_limit_category(context)
        message = RATE_LIMIT_MESSAGES.get(category or "")
        retry_after = max(int(getattr(exc, "wait", 0) or 0), 1)
        headers["Retry-After"] = str(retry_after)
        details = {"retry_after": retry_after}
        if category:
            details["category"] = category
    else:
        # Anything unexpected: report it (Sentry hooks into logging), never leak internals.
        logger.exception("Unhandled API error")
        _capture_for_sentry(exc)
        code = ErrorCode.INTERNAL_ERROR

    response = Response(
        error_body(code, message=message, details=details),
        status=code.status,
        headers=headers,
    )
    return response


def _capture_for_sentry(exc: Exception) -> None:
    try:
        import sentry_sdk
    except ImportError:  # pragma: no cover - sentry-sdk is a pinned dependency
        return
    sentry_sdk.capture_exception(exc)
