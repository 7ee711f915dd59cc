"""The small shared set of delivery error kinds every provider adapter maps its own codes to.

The raw provider code and message are kept next to the kind on each attempt; the kind alone
decides whether trying again later can help (`RETRYABLE_ERROR_KINDS`), what the circuit breaker
counts, and how errors are counted on the health dashboard.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryErrorKind(models.TextChoices):
    AUTH_FAILED = "auth_failed", _("Credentials refused")
    MISCONFIGURED = "misconfigured", _("Sender, template or account not set up")
    INVALID_RECIPIENT = "invalid_recipient", _("Invalid or unreachable recipient")
    RECIPIENT_OPTED_OUT = "recipient_opted_out", _("Recipient opted out")
    CONTENT_REJECTED = "content_rejected", _("Content rejected")
    INSUFFICIENT_BALANCE = "insufficient_balance", _("Insufficient balance")
    RATE_LIMITED = "rate_limited", _("Rate limited")
    PROVIDER_UNAVAILABLE = "provider_unavailable", _("Provider unavailable")
    TIMEOUT = "timeout", _("Timed out")
    NETWORK_ERROR = "network_error", _("Network error")
    UNKNOWN = "unknown", _("Unknown error")


# Trying again later can help: the provider or the way to it was busy or down.
RETRYABLE_ERROR_KINDS = frozenset(
    {
        DeliveryErrorKind.RATE_LIMITED,
        DeliveryErrorKind.PROVIDER_UNAVAILABLE,
        DeliveryErrorKind.TIMEOUT,
        DeliveryErrorKind.NETWORK_ERROR,
    }
)


def error_kind_for_http_status(status: int) -> DeliveryErrorKind:
    """The kind an HTTP status implies when the provider's own code says nothing more."""
    if status in (401, 403):
        return DeliveryErrorKind.AUTH_FAILED
    if status == 408:
        return DeliveryErrorKind.TIMEOUT
    if status == 429:
        return DeliveryErrorKind.RATE_LIMITED
    if status >= 500 or status == 0:
        return DeliveryErrorKind.PROVIDER_UNAVAILABLE
    return DeliveryErrorKind.UNKNOWN
