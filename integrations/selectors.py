"""Reads of the integrations app: provider health for the dashboard and the health endpoint, and
the secrets an incoming provider webhook is checked with."""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.utils import timezone

from integrations.crypto import CredentialsError
from integrations.errors import DeliveryErrorKind
from integrations.models import (
    AttemptStatus,
    ConnectionStatus,
    NotificationAttempt,
    ProviderConnection,
)
from integrations.notifications.breaker import circuit_state
from integrations.providers import connection_credentials

logger = logging.getLogger(__name__)

WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class ProviderHealth:
    provider: str
    status: str  # healthy | degraded | unhealthy
    attempts: int
    error_rate: float
    p50_latency_ms: int | None
    p95_latency_ms: int | None
    last_success_at: datetime | None
    circuit: str
    connection_status: str | None
    # Failed attempts per normalised error kind (integrations.errors), most frequent first.
    errors: dict[str, int]

    @property
    def error_list(self) -> list[tuple[str, str, int]]:
        """(kind, its label, count) for the dashboard."""
        labels = dict(DeliveryErrorKind.choices)
        return [(kind, str(labels.get(kind, kind)), count) for kind, count in self.errors.items()]


def _percentile(sorted_values: list[int], fraction: float) -> int | None:
    if not sorted_values:
        return None
    # Nearest rank: the smallest value with at least `fraction` of the values at or below it.
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def _grade(*, error_rate: float, circuit: str, connection_status: str | None) -> str:
    if circuit == "open" or connection_status == ConnectionStatus.ERROR or error_rate >= 0.5:
        return "unhealthy"
    if circuit == "half_open" or error_rate >= 0.05:
        return "degraded"
    return "healthy"


def provider_health(*, now: datetime | None = None) -> list[ProviderHealth]:
    """Per provider over the last 24 hours: error rate, latency, last success, circuit state."""
    now = now or timezone.now()
    since = now - WINDOW
    from integrations.provider_kinds import PROVIDER_KINDS

    connection_status = {
        PROVIDER_KINDS[c.kind].provider_name: c.status
        for c in ProviderConnection.objects.all()
        if c.kind in PROVIDER_KINDS
    }
    by_provider: dict[str, list[tuple[str, int]]] = {}
    errors: dict[str, Counter[str]] = {}
    for provider, status, latency, kind in (
        NotificationAttempt.objects.filter(created_at__gte=since)
        .exclude(status=AttemptStatus.SENDING)  # a call under way has no outcome yet
        .values_list("provider", "status", "latency_ms", "error_kind")
    ):
        by_provider.setdefault(provider, []).append((status, latency))
        if status == AttemptStatus.FAILED:
            errors.setdefault(provider, Counter())[kind or DeliveryErrorKind.UNKNOWN] += 1
    providers = sorted(set(by_provider) | set(connection_status))
    last_success = dict(
        NotificationAttempt.objects.filter(
            status__in=[AttemptStatus.SENT, AttemptStatus.DELIVERED], provider__in=providers
        )
        .values("provider")
        .annotate(last=Max("created_at"))
        .values_list("provider", "last")
    )
    report = []
    for provider in providers:
        rows = by_provider.get(provider, [])
        failures = sum(
            1 for status, _ in rows if status in (AttemptStatus.FAILED, AttemptStatus.UNDELIVERED)
        )
        error_rate = failures / len(rows) if rows else 0.0
        latencies = sorted(latency for _, latency in rows)
        circuit = circuit_state(provider)
        report.append(
            ProviderHealth(
                provider=provider,
                status=_grade(
                    error_rate=error_rate,
                    circuit=circuit,
                    connection_status=connection_status.get(provider),
                ),
                attempts=len(rows),
                error_rate=round(error_rate, 4),
                p50_latency_ms=_percentile(latencies, 0.5),
                p95_latency_ms=_percentile(latencies, 0.95),
                last_success_at=last_success.get(provider),
                circuit=circuit,
                connection_status=connection_status.get(provider),
                errors=dict(errors.get(provider, Counter()).most_common()),
            )
        )
    return report


def messages_per_channel_per_day(*, days: int = 7) -> list[dict[str, Any]]:
    """Messages providers accepted, per channel per day (Europe/Istanbul), newest day first."""
    since = timezone.now() - timedelta(days=days)
    rows = (
        NotificationAttempt.objects.filter(
            created_at__gte=since, status__in=[AttemptStatus.SENT, AttemptStatus.DELIVERED]
        )
        .annotate(day=TruncDate("created_at"))
        .values("day", "channel")
        .annotate(count=Count("id"))
        .order_by("-day", "channel")
    )
    return [
        {"day": row["day"].isoformat(), "channel": row["channel"], "count": row["count"]}
        for row in rows
    ]


def health_summary(report: list[ProviderHealth]) -> dict[str, Any]:
    counts = {
        grade: sum(1 for item in report if item.status == grade)
        for grade in ("healthy", "degraded", "unhealthy")
    }
    overall = (
        "unhealthy" if counts["unhealthy"] else "degraded" if counts["degraded"] else "healthy"
    )
    return {"status": overall, "integrations": {"total": len(report), **counts}}


class WebhookSecret(StrEnum):
    """A secret an incoming webhook is checked with."""

    TWILIO_SIGNATURE = "twilio_signature"  # the auth token: X-Twilio-Signature (SMS, WhatsApp)
    META_SIGNATURE = "meta_signature"  # the app secret: X-Hub-Signature-256
    META_SUBSCRIPTION = "meta_subscription"  # the verify token: hub.verify_token


@dataclass(frozen=True)
class _SecretSource:
    kinds: tuple[str, ...]  # Integration Center connections holding it
    field: str  # the credential's name on those connections
    account_field: str  # the connection's setting naming the provider account ("" for one)
    setting: str  # the environment's value (config/settings/)
    account_setting: str


_SECRET_SOURCES = {
    WebhookSecret.TWILIO_SIGNATURE: _SecretSource(
        ("twilio_sms",), "auth_token", "account_sid", "TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID"
    ),
    WebhookSecret.META_SIGNATURE: _SecretSource(
        ("meta_whatsapp",), "app_secret", "", "WHATSAPP_CLOUD_APP_SECRET", ""
    ),
    WebhookSecret.META_SUBSCRIPTION: _SecretSource(
        ("meta_whatsapp",), "verify_token", "", "WHATSAPP_CLOUD_VERIFY_TOKEN", ""
    ),
}
# Which secret counts for an account: an enabled connection's, else the environment's, else a
# switched-off connection's (it still gets the receipts and "IPTAL" replies of what it sent).
_ENABLED, _ENVIRONMENT, _SWITCHED_OFF = 0, 1, 2


def webhook_secrets_for(secret: WebhookSecret, *, account: str = "") -> list[str]:
    """The secrets a webhook signed for `secret` may be signed with, one per provider account
    (Twilio: AccountSid; Meta: one app); the view accepts the request if any of them matches.

    A connection saved in the Integration Center replaces the environment's secret of the same
    account (a token rotated in the admin retires the old one), while another account's secret
    stays valid (e.g. Twilio SMS connected in the admin, Twilio WhatsApp configured in the
    environment). `account` (the AccountSid in a Twilio request) narrows the list to that
    account's secret when it is known; otherwise every account's secret is tried.
    """
    source = _SECRET_SOURCES[secret]
    by_account: dict[str, tuple[int, str]] = {}

    def offer(rank: int, owner: str, value: object) -> None:
        if value and isinstance(value, str) and rank < by_account.get(owner, (99, ""))[0]:
            by_account[owner] = (rank, value)

    for connection in ProviderConnection.objects.filter(kind__in=source.kinds):
        try:
            credentials = connection_credentials(connection)
        except CredentialsError:
            logger.error("webhook secret unreadable", extra={"connection": connection.kind})
            continue
        owner = str(connection.config.get(source.account_field, "")) if source.account_field else ""
        offer(
            _ENABLED if connection.is_enabled else _SWITCHED_OFF,
            owner,
            credentials.get(source.field),
        )
    environment_owner = getattr(settings, source.account_setting) if source.account_setting else ""
    offer(_ENVIRONMENT, environment_owner, getattr(settings, source.setting))
    if account and account in by_account:
        return [by_account[account][1]]
    ranked = sorted(by_account.values())
    return list(dict.fromkeys(value for _rank, value in ranked))
