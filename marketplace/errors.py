"""Error codes of the API contract (seed 002), their HTTP status and Turkish message, defined once.

Services raise `DomainError(ErrorCode.X)`; the API's exception handler and the HTML views look up
the status and the message here, so no view writes an error text by hand.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ErrorCode(StrEnum):
    # Common codes (seed 002, "Common Error Codes").
    VALIDATION_ERROR = "VALIDATION_ERROR"
    UNAUTHORIZED = "UNAUTHORIZED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    RATE_LIMITED = "RATE_LIMITED"
    INTERNAL_ERROR = "INTERNAL_ERROR"
    # HTTP-level codes the seed does not name but every client meets.
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    NOT_ACCEPTABLE = "NOT_ACCEPTABLE"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    # Business codes (seed 002, "Business Logic Error Codes").
    PART_NOT_FOUND = "PART_NOT_FOUND"
    OWN_PART_INTEREST = "OWN_PART_INTEREST"
    INTEREST_EXISTS = "INTEREST_EXISTS"
    CONVERSATION_NOT_FOUND = "CONVERSATION_NOT_FOUND"
    MESSAGE_TOO_LONG = "MESSAGE_TOO_LONG"
    # Chat rules the seed does not name.
    CONVERSATION_CLOSED = "CONVERSATION_CLOSED"
    USER_BLOCKED = "USER_BLOCKED"
    INVALID_PART_REFERENCE = "INVALID_PART_REFERENCE"
    PART_IMAGE_NOT_FOUND = "PART_IMAGE_NOT_FOUND"
    INVALID_TURKISH_CITY = "INVALID_TURKISH_CITY"
    # Accounts (not in the seed; the same envelope, each with its own Turkish message).
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    EMAIL_NOT_VERIFIED = "EMAIL_NOT_VERIFIED"
    ACCOUNT_DISABLED = "ACCOUNT_DISABLED"
    LOGIN_LOCKED = "LOGIN_LOCKED"
    INVALID_REFRESH_TOKEN = "INVALID_REFRESH_TOKEN"  # noqa: S105 - an error code
    INVALID_PHONE = "INVALID_PHONE"
    OTP_INVALID = "OTP_INVALID"
    OTP_EXPIRED = "OTP_EXPIRED"
    OTP_ATTEMPTS_EXCEEDED = "OTP_ATTEMPTS_EXCEEDED"
    OTP_SEND_LIMITED = "OTP_SEND_LIMITED"
    PHONE_NOT_VERIFIED = "PHONE_NOT_VERIFIED"


ERROR_STATUS: dict[ErrorCode, int] = {
    ErrorCode.VALIDATION_ERROR: 400,
    ErrorCode.UNAUTHORIZED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.INTERNAL_ERROR: 500,
    ErrorCode.METHOD_NOT_ALLOWED: 405,
    ErrorCode.NOT_ACCEPTABLE: 406,
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: 415,
    ErrorCode.SERVICE_UNAVAILABLE: 503,
    ErrorCode.PAYLOAD_TOO_LARGE: 413,
    ErrorCode.PART_NOT_FOUND: 404,
    ErrorCode.OWN_PART_INTEREST: 400,
    ErrorCode.INTEREST_EXISTS: 409,
    ErrorCode.CONVERSATION_NOT_FOUND: 404,
    ErrorCode.MESSAGE_TOO_LONG: 400,
    ErrorCode.CONVERSATION_CLOSED: 409,
    ErrorCode.USER_BLOCKED: 403,
    ErrorCode.PHONE_NOT_VERIFIED: 409,
    ErrorCode.INVALID_PART_REFERENCE: 400,
    ErrorCode.PART_IMAGE_NOT_FOUND: 404,
    ErrorCode.INVALID_TURKISH_CITY: 400,
    ErrorCode.INVALID_CREDENTIALS: 401,
    ErrorCode.EMAIL_NOT_VERIFIED: 403,
    ErrorCode.ACCOUNT_DISABLED: 403,
    ErrorCode.LOGIN_LOCKED: 429,
    ErrorCode.INVALID_REFRESH_TOKEN: 401,
    ErrorCode.INVALID_PHONE: 400,
    ErrorCode.OTP_INVALID: 400,
    ErrorCode.OTP_EXPIRED: 400,
    ErrorCode.OTP_ATTEMPTS_EXCEEDED: 400,
    ErrorCode.OTP_SEND_LIMITED: 429,
}

ERROR_MESSAGES: dict[ErrorCode, Promise] = {
    ErrorCode.VALIDATION_ERROR: _("Invalid form data"),
    ErrorCode.UNAUTHORIZED: _("You need to log in"),
    ErrorCode.FORBIDDEN: _("You are not allowed to do this"),
    ErrorCode.NOT_FOUND: _("The requested resource was not found"),
    ErrorCode.CONFLICT: _("This record already exists"),
    ErrorCode.RATE_LIMITED: _("Too many requests. Please wait."),
    ErrorCode.INTERNAL_ERROR: _("A server error occurred"),
    ErrorCode.METHOD_NOT_ALLOWED: _("This request method is not supported"),
    ErrorCode.NOT_ACCEPTABLE: _("The requested response format is not supported"),
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: _("The request body format is not supported"),
    ErrorCode.SERVICE_UNAVAILABLE: _("The service is temporarily unavailable"),
    ErrorCode.PAYLOAD_TOO_LARGE: _("The request body is too large."),
    ErrorCode.PART_NOT_FOUND: _("Part not found"),
    ErrorCode.OWN_PART_INTEREST: _("You cannot express interest in your own part"),
    ErrorCode.INTEREST_EXISTS: _("You have already expressed interest in this part"),
    ErrorCode.CONVERSATION_NOT_FOUND: _("Conversation not found"),
    ErrorCode.MESSAGE_TOO_LONG: _("Message too long (max 2000 characters)"),
    ErrorCode.CONVERSATION_CLOSED: _("This conversation is closed"),
    ErrorCode.USER_BLOCKED: _("You cannot exchange messages with this user"),
    ErrorCode.PHONE_NOT_VERIFIED: _(
        "Verify your phone number first: only a verified number can be shared with buyers."
    ),
    ErrorCode.INVALID_PART_REFERENCE: _("Invalid part reference number"),
    ErrorCode.PART_IMAGE_NOT_FOUND: _("Photo not found"),
    ErrorCode.INVALID_TURKISH_CITY: _("Invalid city name"),
    ErrorCode.INVALID_CREDENTIALS: _("The e-mail address or password is wrong"),
    ErrorCode.EMAIL_NOT_VERIFIED: _(
        "Your e-mail address is not verified yet. Please click the link in the e-mail we sent you."
    ),
    ErrorCode.ACCOUNT_DISABLED: _("Your account has been suspended"),
    ErrorCode.LOGIN_LOCKED: _("Too many failed login attempts. Please try again later."),
    ErrorCode.INVALID_REFRESH_TOKEN: _(
        "Your session has expired or is invalid. Please log in again."
    ),
    ErrorCode.INVALID_PHONE: _("Invalid phone number"),
    ErrorCode.OTP_INVALID: _("The verification code is wrong"),
    ErrorCode.OTP_EXPIRED: _("The verification code has expired. Please request a new code."),
    ErrorCode.OTP_ATTEMPTS_EXCEEDED: _("Too many wrong attempts. Please request a new code."),
    ErrorCode.OTP_SEND_LIMITED: _("Too many codes requested. Please try again later."),
}


class DomainError(Exception):
    """A rule of the marketplace was broken; carries the contract's code and optional details."""

    def __init__(
        self,
        code: ErrorCode,
        *,
        details: dict[str, Any] | None = None,
        message: str | Promise | None = None,
    ) -> None:
        self.code = code
        self.details = details
        self.message = message if message is not None else ERROR_MESSAGES[code]
        super().__init__(str(code))

    @property
    def status(self) -> int:
        return ERROR_STATUS[self.code]
