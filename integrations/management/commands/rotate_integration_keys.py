"""Re-encrypts every stored provider credential, and the secret variables of notifications not
yet sent, with the current key (the first of INTEGRATIONS_ENCRYPTION_KEYS). Run it after putting
a new key first; then the old key can go."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from integrations.crypto import (
    CredentialsError,
    credentials_decrypt,
    credentials_encrypt,
    current_key_id,
    token_key_id,
)
from integrations.models import SECRETS_WIPED, Notification, ProviderConnection
from integrations.providers import connection_credentials, connection_credentials_set


class Command(BaseCommand):
    help = "Re-encrypt Integration Center credentials with the current encryption key."

    def handle(self, *args: Any, **options: Any) -> None:
        current = current_key_id()
        rotated = 0
        with transaction.atomic():
            for connection in ProviderConnection.objects.select_for_update():
                if not connection.credentials_encrypted:
                    continue
                if token_key_id(connection.credentials_encrypted) == current:
                    continue
                try:
                    values = connection_credentials(connection)
                except CredentialsError as error:
                    raise CommandError(
                        f"{connection.kind}: {error}; keep its old key in "
                        "INTEGRATIONS_ENCRYPTION_KEYS and run again."
                    ) from None
                connection_credentials_set(connection, values)
                connection.save(update_fields=["credentials_encrypted", "updated_at"])
                rotated += 1
        self.stdout.write(f"{rotated} connection(s) re-encrypted with key {current!r}.")
        self.stdout.write(f"{self._notifications(current)} notification(s) re-encrypted.")

    def _notifications(self, current: str) -> int:
        """Codes and links still waiting; one that cannot be read is left to fail (and be
        wiped) at delivery, like any other unreadable secret."""
        rotated = 0
        with transaction.atomic():
            waiting = Notification.objects.select_for_update().exclude(
                secrets_encrypted__in=["", SECRETS_WIPED]
            )
            for notification in waiting:
                if token_key_id(notification.secrets_encrypted) == current:
                    continue
                try:
                    values = credentials_decrypt(
                        notification.secrets_encrypted, bound_to=notification.secrets_bound_to
                    )
                except CredentialsError:
                    continue
                notification.secrets_encrypted = credentials_encrypt(
                    values, bound_to=notification.secrets_bound_to
                )
                notification.save(update_fields=["secrets_encrypted"])
                rotated += 1
        return rotated
