"""Authenticated encryption at rest (AES-256-GCM, keys derived by PBKDF2-HMAC-SHA256), with key
rotation: what integrations keeps about providers and payments keeps about sellers' identities.

INTEGRATIONS_ENCRYPTION_KEYS lists `key-id:secret` pairs, the first being the current key; older
ones stay readable until every row was re-encrypted with the current one (each owner of rows has
its command: `rotate_integration_keys`, `rotate_payout_profile_keys`). A ciphertext is
`v1$<key id>$<nonce>$<ciphertext+tag>` (base64url). Each use names its `purpose`, which salts the
key derivation (one use's ciphertext never decrypts as another's), and binds a ciphertext to its
row through the associated data (`bound_to`), so it cannot be pasted onto another row.
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


class DecryptionError(Exception):
    """A stored ciphertext cannot be read with the configured keys."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encryption_keys() -> list[tuple[str, str]]:
    """(key id, secret) pairs, current first."""
    return list(settings.INTEGRATIONS_ENCRYPTION_KEYS)


@lru_cache(maxsize=32)
def _derived_key(purpose: str, key_id: str, secret: str) -> bytes:
    kdf = PBKDF2HMAC(
        algorithm=hashes.SHA256(),
        length=32,
        salt=f"banayeni-{purpose}:{key_id}".encode(),
        iterations=PBKDF2_ITERATIONS,
    )
    return kdf.derive(secret.encode())


def current_key_id() -> str:
    return encryption_keys()[0][0]


def values_encrypt(values: dict[str, Any], *, purpose: str, bound_to: str) -> str:
    """`values` (JSON-ready) encrypted with the current key, bound to `bound_to`."""
    key_id, secret = encryption_keys()[0]
    nonce = os.urandom(12)
    plaintext = json.dumps(values, sort_keys=True).encode()
    ciphertext = AESGCM(_derived_key(purpose, key_id, secret)).encrypt(
        nonce, plaintext, bound_to.encode()
    )
    return "$".join((VERSION, key_id, _b64(nonce), _b64(ciphertext)))


def values_decrypt(token: str, *, purpose: str, bound_to: str) -> dict[str, Any]:
    """The values of `values_encrypt`; {} for an empty token; DecryptionError if unreadable."""
    if not token:
        return {}
    try:
        version, key_id, nonce, ciphertext = token.split("$")
    except ValueError:
        raise DecryptionError("malformed ciphertext") from None
    secrets_by_id = dict(encryption_keys())
    if version != VERSION or key_id not in secrets_by_id:
        raise DecryptionError(f"no key {key_id!r} configured")
    try:
        plaintext = AESGCM(_derived_key(purpose, key_id, secrets_by_id[key_id])).decrypt(
            _unb64(nonce), _unb64(ciphertext), bound_to.encode()
        )
    except (InvalidTag, ValueError):
        raise DecryptionError("ciphertext does not decrypt with its key") from None
    values = json.loads(plaintext)
    if not isinstance(values, dict):
        raise DecryptionError("unexpected plaintext")
    return values


def token_key_id(token: str) -> str:
    """The id of the key a ciphertext was made with ("" if it is not one)."""
    parts = token.split("$")
    return parts[1] if len(parts) == 4 else ""
