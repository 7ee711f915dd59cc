"""The providers the Integration Center can connect, and which one serves a channel right now.

A connection enabled in the Integration Center wins; otherwise the backend named in the
environment (SMS_BACKEND, WHATSAPP_BACKEND, EMAIL_BACKEND) is used, so development, tests and
twelve-factor deployments work without rows.
"""

from __future__ import annotations

from typing import Any

from django.utils.module_loading import import_string

from integrations.choices import ConnectionStatus
from integrations.crypto import credentials_decrypt, credentials_encrypt
from integrations.models import ProviderConnection
from integrations.provider_kinds import PROVIDER_KINDS, provider_kind


def connection_credentials(connection: ProviderConnection) -> dict[str, Any]:
    return credentials_decrypt(
        connection.credentials_encrypted, bound_to=connection.credentials_bound_to
    )


def connection_credentials_set(connection: ProviderConnection, values: dict[str, Any]) -> None:
    """Encrypts the secrets onto the row (the caller saves it)."""
    connection.credentials_encrypted = credentials_encrypt(
        values, bound_to=connection.credentials_bound_to
    )


def connection_full_config(connection: ProviderConnection) -> dict[str, Any]:
    return {**connection.config, **connection_credentials(connection)}


def connection_for_channel(channel: str) -> ProviderConnection | None:
    """The enabled, healthy-or-unchecked connection serving the channel, if staff set one up."""
    return (
        ProviderConnection.objects.filter(is_enabled=True)
        .exclude(status=ConnectionStatus.ERROR)
        .filter(kind__in=[k.key for k in PROVIDER_KINDS.values() if k.channel == channel])
        .order_by("kind")
        .first()
    )


def connection_backend(channel: str) -> object | None:
    """An adapter instance configured from the channel's connection, or None without one."""
    connection = connection_for_channel(channel)
    if connection is None:
        return None
    backend_class = import_string(provider_kind(connection.kind).backend)
    return backend_class(config=connection_full_config(connection))
