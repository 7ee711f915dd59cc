"""Writes of the Integration Center: saving a provider connection and testing it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from integrations.crypto import CredentialsError
from integrations.errors import DeliveryErrorKind
from integrations.models import ConnectionStatus, ProviderConnection
from integrations.provider_kinds import provider_kind
from integrations.providers import (
    connection_credentials,
    connection_credentials_set,
    connection_full_config,
)
from integrations.sms.base import SmsResult
from marketplace.models import AuditAction, User
from marketplace.services.audit import audit_record


@transaction.atomic
def connection_save(
    *,
    kind: str,
    config: dict[str, Any],
    secrets: dict[str, str],
    is_enabled: bool,
    actor: User | None = None,
    reason: str = "",
) -> ProviderConnection:
    """Creates or updates the connection of `kind`. A blank secret keeps the stored one (the
    form never shows secrets back); only the fields the provider declares are kept. A change is
    an audit-log entry: the plain settings before and after, and the *names* of the secrets that
    changed, never their values."""
    spec = provider_kind(kind)
    connection = ProviderConnection.objects.select_for_update().filter(
        kind=kind
    ).first() or ProviderConnection(kind=kind)
    try:
        stored = connection_credentials(connection)
    except CredentialsError:
        stored = {}
    secret_names = {field.name for field in spec.fields if field.secret}
    plain_names = {field.name for field in spec.fields if not field.secret}
    before = {"config": dict(connection.config or {}), "is_enabled": connection.is_enabled}
    if connection._state.adding:
        before = {"config": {}, "is_enabled": False}
    connection.config = {name: str(config.get(name, "")).strip() for name in plain_names}
    merged = {name: secrets.get(name) or stored.get(name, "") for name in secret_names}
    connection_credentials_set(connection, merged)
    connection.is_enabled = is_enabled
    connection.save()
    secrets_changed = sorted(name for name in secret_names if merged[name] != stored.get(name, ""))
    after = {"config": connection.config, "is_enabled": connection.is_enabled}
    if before != after or secrets_changed:
        audit_record(
            actor=actor,
            action=AuditAction.INTEGRATION_CREDENTIALS_CHANGE,
            target=connection,
            before=before,
            after={**after, "secrets_changed": secrets_changed},
            reason=reason,
            label=str(connection),
        )
    return connection


@transaction.atomic
def connection_delete(
    *, connection: ProviderConnection, actor: User | None = None, reason: str = ""
) -> None:
    """Removes a connection (its channel falls back to the environment's settings); the audit
    entry keeps its plain settings, never its secrets."""
    audit_record(
        actor=actor,
        action=AuditAction.INTEGRATION_CREDENTIALS_CHANGE,
        target=connection,
        before={"config": dict(connection.config or {}), "is_enabled": connection.is_enabled},
        after={"deleted": True},
        reason=reason,
        label=str(connection),
    )
    connection.delete()


def connection_test(*, connection: ProviderConnection) -> SmsResult:
    """Sends the provider's harmless authenticated request and records the outcome as status."""
    spec = provider_kind(connection.kind)
    try:
        backend = import_string(spec.backend)(config=connection_full_config(connection))
        result: SmsResult = backend.check()
    except CredentialsError:
        result = SmsResult(
            ok=False,
            provider=spec.provider_name,
            error_code="credentials_unreadable",
            error_message="Stored credentials cannot be decrypted with the configured keys.",
        )
    except Exception as error:  # a misconfigured adapter (missing field) is an ERROR status
        result = SmsResult(
            ok=False,
            provider=spec.provider_name,
            error_code="configuration",
            error_message=str(error)[:200],
        )
    connection.last_checked_at = timezone.now()
    connection.last_check_error = "" if result.ok else _check_error(result)[:500]
    if result.ok:
        connection.status = (
            ConnectionStatus.ACTIVE if connection.is_enabled else ConnectionStatus.INACTIVE
        )
    else:
        connection.status = ConnectionStatus.ERROR
    connection.save(update_fields=["last_checked_at", "last_check_error", "status", "updated_at"])
    return result


def _check_error(result: SmsResult) -> str:
    """The provider's code and message, then what kind of problem that is, in the staff's
    language (e.g. "535: … (Kimlik bilgileri reddedildi)")."""
    text = ": ".join(part for part in (result.error_code, result.error_message) if part)
    if result.error_kind:
        label = dict(DeliveryErrorKind.choices).get(result.error_kind, result.error_kind)
        text = f"{text} ({label})" if text else str(label)
    return text


def connections_check_all() -> int:
    """The periodic health check (Celery beat): tests every enabled connection."""
    checked = 0
    for connection in ProviderConnection.objects.filter(is_enabled=True):
        connection_test(connection=connection)
        checked += 1
    return checked
