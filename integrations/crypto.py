"""Provider credentials and notification secrets encrypted at rest, through the core's
authenticated encryption (marketplace.encryption) under the "integrations" purpose, so existing
ciphertexts keep decrypting. `manage.py rotate_integration_keys` re-encrypts this app's rows."""

from __future__ import annotations

from typing import Any

from marketplace.encryption import (
    DecryptionError,
    current_key_id,
    encryption_keys,
    token_key_id,
    values_decrypt,
    values_encrypt,
)

__all__ = [
    "CredentialsError",
    "credentials_decrypt",
    "credentials_encrypt",
    "current_key_id",
    "encryption_keys",
    "token_key_id",
]

PURPOSE = "integrations"
CredentialsError = DecryptionError


def credentials_encrypt(values: dict[str, Any], *, bound_to: str) -> str:
    return values_encrypt(values, purpose=PURPOSE, bound_to=bound_to)


def credentials_decrypt(token: str, *, bound_to: str) -> dict[str, Any]:
    return values_decrypt(token, purpose=PURPOSE, bound_to=bound_to)
