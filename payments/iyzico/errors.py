"""The one exception family the iyzico adapter raises: iyzico unreachable, iyzico said no, or an
answer we cannot trust."""

from __future__ import annotations


class IyzicoError(Exception):
    """Base of every error the adapter raises; `error_code` and `error_message` are iyzico's when
    iyzico sent them, ours otherwise."""

    def __init__(self, message: str, *, error_code: str = "", error_message: str = "") -> None:
        super().__init__(message)
        self.error_code = error_code
        self.error_message = error_message or message


class IyzicoUnavailableError(IyzicoError):
    """The call did not produce an answer: connection refused or reset, TLS failure, a non-JSON
    body (a proxy's error page). The operation may or may not have happened on iyzico's side."""


class IyzicoTimeoutError(IyzicoUnavailableError):
    """No answer within IYZICO_TIMEOUT_SECONDS (connecting, or waiting for a byte of the answer)."""


class IyzicoDeclinedError(IyzicoError):
    """iyzico answered `status: failure`: a declined card, an invalid request, a wrong key.
    `error_group` is iyzico's grouping (NOT_SUFFICIENT_FUNDS, ...), which its docs advise mapping on
    rather than the numeric code."""

    def __init__(
        self, message: str, *, error_code: str, error_message: str, error_group: str = ""
    ) -> None:
        super().__init__(message, error_code=error_code, error_message=error_message)
        self.error_group = error_group


class IyzicoSignatureError(IyzicoError):
    """A response or webhook whose `signature` is missing or does not match what our secret key
    gives: forged, tampered with, or signed for another merchant. Never act on it."""


class IyzicoRequestError(IyzicoError, ValueError):
    """We refused to send the request: a basket whose items do not add up to its price, an amount
    finer than a kuruş, a sub-merchant missing a field its type needs. Nothing reached iyzico."""
