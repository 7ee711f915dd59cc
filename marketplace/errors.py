"""Error codes of the API contract (seed 002): each with its HTTP status and Turkish message.

The core defines the codes every endpoint can meet (`ErrorCode`: validation, authentication, rate
limits, HTTP-level errors, accounts and phones). Each feature app keeps its own codes in its
`error_codes.py` (`PartErrorCode`, `InterestErrorCode`, …), declared the same way and registered
with `error_codes_register`. Services raise `DomainError(SomeCode.X)`; the one API exception
handler, the WebSocket consumers and the HTML views read `code.status` and `code.message`, so no
view writes an error text by hand, and the core names no feature's code.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import UUIDField
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainErrorCode(StrEnum):
    """Base of every app's error-code enum: `NAME = "NAME", http_status, message`."""

    status: int
    message: Promise

    def __new__(cls, value: str, status: int, message: Promise) -> DomainErrorCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.status = status
        member.message = message
        return member


_REGISTERED: dict[str, DomainErrorCode] = {}


def error_codes_register(codes: type[DomainErrorCode]) -> None:
    """Make an app's codes known to the exception handler and the schema (at import time)."""
    for code in codes:
        existing = _REGISTERED.get(code.value)
        if existing is not None and existing is not code:
            raise ValueError(f"Error code {code.value} is declared twice")
        _REGISTERED[code.value] = code


def error_code_lookup(value: str) -> DomainErrorCode | None:
    """The registered code named `value`, if any (a serializer may tag a field error with one)."""
    return _REGISTERED.get(value)


def error_codes_all() -> list[DomainErrorCode]:
    return list(_REGISTERED.values())


class ErrorCode(DomainErrorCode):
    """The core's codes: the seed's common codes, HTTP-level codes, cities, accounts, phones."""

    # Common codes (seed 002, "Common Error Codes").
    VALIDATION_ERROR = ("VALIDATION_ERROR", 400, _("Invalid form data"))
    UNAUTHORIZED = ("UNAUTHORIZED", 401, _("You need to log in"))
    FORBIDDEN = ("FORBIDDEN", 403, _("You are not allowed to do this"))
    NOT_FOUND = ("NOT_FOUND", 404, _("The requested resource was not found"))
    CONFLICT = ("CONFLICT", 409, _("This record already exists"))
    RATE_LIMITED = ("RATE_LIMITED", 429, _("Too many requests. Please wait."))
    INTERNAL_ERROR = ("INTERNAL_ERROR", 500, _("A server error occurred"))
    # HTTP-level codes the seed does not name but every client meets.
    METHOD_NOT_ALLOWED = ("METHOD_NOT_ALLOWED", 405, _("This request method is not supported"))
    NOT_ACCEPTABLE = ("NOT_ACCEPTABLE", 406, _("The requested response format is not supported"))
    UNSUPPORTED_MEDIA_TYPE = (
        "UNSUPPORTED_MEDIA_TYPE",
        415,
        _("The request body format is not supported"),
    )
    SERVICE_UNAVAILABLE = ("SERVICE_UNAVAILABLE", 503, _("The service is temporarily unavailable"))
    PAYLOAD_TOO_LARGE = ("PAYLOAD_TOO_LARGE", 413, _("The request body is too large."))
    # Turkish provinces are the core's (marketplace.cities).
    INVALID_TURKISH_CITY = ("INVALID_TURKISH_CITY", 400, _("Invalid city name"))
    # Accounts and phones (not in the seed; the same envelope, each with its own Turkish message).
    INVALID_CREDENTIALS = ("INVALID_CREDENTIALS", 401, _("The e-mail address or password is wrong"))
    EMAIL_NOT_VERIFIED = (
        "EMAIL_NOT_VERIFIED",
        403,
        _(
            "Your e-mail address is not verified yet. "
            "Please click the link in the e-mail we sent you."
        ),
    )
    ACCOUNT_DISABLED = ("ACCOUNT_DISABLED", 403, _("Your account has been suspended"))
    LOGIN_LOCKED = (
        "LOGIN_LOCKED",
        429,
        _("Too many failed login attempts. Please try again later."),
    )
    INVALID_REFRESH_TOKEN = (
        "INVALID_REFRESH_TOKEN",
        401,
        _("Your session has expired or is invalid. Please log in again."),
    )
    INVALID_PHONE = ("INVALID_PHONE", 400, _("Invalid phone number"))
    OTP_INVALID = ("OTP_INVALID", 400, _("The verification code is wrong"))
    OTP_EXPIRED = (
        "OTP_EXPIRED",
        400,
        _("The verification code has expired. Please request a new code."),
    )
    OTP_ATTEMPTS_EXCEEDED = (
        "OTP_ATTEMPTS_EXCEEDED",
        400,
        _("Too many wrong attempts. Please request a new code."),
    )
    OTP_SEND_LIMITED = (
        "OTP_SEND_LIMITED",
        429,
        _("Too many codes requested. Please try again later."),
    )
    PHONE_NOT_VERIFIED = (
        "PHONE_NOT_VERIFIED",
        409,
        _("Verify your phone number first: only a verified number can be shared with buyers."),
    )


error_codes_register(ErrorCode)


class DomainError(Exception):
    """A rule of the marketplace was broken; carries the contract's code and optional details."""

    def __init__(
        self,
        code: DomainErrorCode,
        *,
        details: dict[str, Any] | None = None,
        message: str | Promise | None = None,
    ) -> None:
        self.code = code
        self.details = details
        self.message = message if message is not None else code.message
        super().__init__(str(code))

    @property
    def status(self) -> int:
        return self.code.status


def id_parse(value: object, *, not_found: DomainErrorCode) -> uuid.UUID:
    """An object's UUID from a URL or a body, read as a UUID model field reads it; anything that
    cannot be one is `not_found`, exactly like an unknown id (strangers learn nothing)."""
    try:
        parsed = UUIDField().to_python(value)
    except (ValidationError, ValueError, TypeError):
        raise DomainError(not_found) from None
    if not isinstance(parsed, uuid.UUID):
        raise DomainError(not_found)
    return parsed
