"""Provider credentials encrypted at rest: AES-256-GCM with keys derived by PBKDF2-HMAC-SHA256.

INTEGRATIONS_ENCRYPTION_KEYS lists `key-id:secret` pairs, the first being the current key; older
ones stay readable until `manage.py rotate_integration_keys` has re-encrypted every row with the
current one. A ciphertext is `v1$<key id>$<nonce>$<ciphertext+tag>` (base64url) and is bound to
its row through the associated data, so it cannot be pasted onto another provider.
"""

from __future__ import annotations

import base64
import json
import os
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from django.conf import settings

PBKDF2_ITERATIONS = 600_000
VERSION = "v1"


class CredentialsError(Exception):
    """The stored credentials cannot be read with the configured keys."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encryption_keys() -> list[tuple[str, str]]:
    """(key id, secret) pairs, current first."""
    return list(settings.INTEGRATIONS_ENCRYPTION_KEYS)


@lru_cache(maxsize=16)
def _derived_key(key_id: str, secret: str) -> bytes:
    kdf = PBKDF2HMAC(
        algorithm=hashes.SHA256(),
        length=32,
        salt=f"banayeni-integrations:{key_id}".encode(),
        iterations=PBKDF2_ITERATIONS,
    )
    return kdf.derive(secret.encode())


def current_key_id() -> str:
    return encryption_keys()[0][0]


def credentials_encrypt(values: dict[str, Any], *, bound_to: str) -> str:
    key_id, secret = encryption_keys()[0]
    nonce = os.urandom(12)
    plaintext = json.dumps(values, sort_keys=True).encode()
    ciphertext = AESGCM(_derived_key(key_id, secret)).encrypt(nonce, plaintext, bound_to.encode())
    return "$".join((VERSION, key_id, _b64(nonce), _b64(ciphertext)))


def credentials_decrypt(token: str, *, bound_to: str) -> dict[str, Any]:
    if not token:
        return {}
    try:
        version, key_id, nonce, ciphertext = token.split("$")
    except ValueError:
        raise CredentialsError("malformed ciphertext") from None
    secrets_by_id = dict(encryption_keys())
    if version != VERSION or key_id not in secrets_by_id:
        raise CredentialsError(f"no key {key_id!r} configured")
    try:
        plaintext = AESGCM(_derived_key(key_id, secrets_by_id[key_id])).decrypt(
            _unb64(nonce), _unb64(ciphertext), bound_to.encode()
        )
    except (InvalidTag, ValueError):
        raise CredentialsError("ciphertext does not decrypt with its key") from None
    values = json.loads(plaintext)
    if not isinstance(values, dict):
        raise CredentialsError("unexpected plaintext")
    return values


def token_key_id(token: str) -> str:
    parts = token.split("$")
    return parts[1] if len(parts) == 4 else ""
