"""Streaming authenticated encryption of backup files: AES-256-GCM in 1 MiB chunks.

One GCM message over a whole dump would release unauthenticated plaintext before its tag is
checked at the very end, and tops out at 64 GiB. So the file is cut into chunks, each sealed on
its own with a nonce made of a random per-file prefix, the chunk's counter and a last-chunk flag:
the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár, "Online Authenticated-Encryption
and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015), as age and Tink's streaming AEAD use it.
A reordered, dropped, truncated or extended chunk fails to open. Memory stays at one chunk.

File layout: MAGIC (8 bytes) | nonce prefix (7 bytes) | chunks, each a 4-byte big-endian length
and that many bytes of ciphertext + 16-byte tag. The header is the associated data of every chunk.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"BYSEBK01"
PREFIX_SIZE = 7
CHUNK_SIZE = 1024 * 1024
TAG_SIZE = 16
_LENGTH = struct.Struct(">I")


class BackupCryptoError(Exception):
    """A backup file that cannot be opened with this key: wrong key, damaged or cut short."""


def backup_key_parse(*, encoded: str) -> bytes:
    """The 32-byte key from its URL-safe base64 form (BACKUP_ENCRYPTION_KEY)."""
    text = encoded.strip()
    try:
        key = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise BackupCryptoError("BACKUP_ENCRYPTION_KEY is not URL-safe base64.") from None
    if len(key) != 32:
        raise BackupCryptoError(
            f"BACKUP_ENCRYPTION_KEY must be 32 bytes (AES-256); it is {len(key)}."
        )
    return key


def _nonce(prefix: bytes, counter: int, *, last: bool) -> bytes:
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


def _read_full(source: BinaryIO, size: int) -> bytes:
    """Exactly `size` bytes unless the stream ends first (pipes return short reads)."""
    parts: list[bytes] = []
    remaining = size
    while remaining:
        data = source.read(remaining)
        if not data:
            break
        parts.append(data)
        remaining -= len(data)
    return b"".join(parts)


class EncryptingWriter:
    """A write-only file object that seals what is written into `target`, one chunk at a time;
    `close()` seals the last chunk (it must be called, or the file does not open)."""

    def __init__(self, *, key: bytes, target: BinaryIO) -> None:
        self._aead = AESGCM(key)
        self._prefix = os.urandom(PREFIX_SIZE)
        self._header = MAGIC + self._prefix
        self._target = target
        self._buffer = bytearray()
        self._counter = 0
        self._closed = False
        self.plaintext_bytes = 0
        target.write(self._header)

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(
            _nonce(self._prefix, self._counter, last=last), chunk, self._header
        )
        self._target.write(_LENGTH.pack(len(sealed)))
        self._target.write(sealed)
        self._counter += 1

    def write(self, data: bytes) -> int:
        if self._closed:
            raise ValueError("write to a closed EncryptingWriter")
        self._buffer += data
        self.plaintext_bytes += len(data)
        # Keep at least one byte back: only close() knows which chunk is the last.
        while len(self._buffer) > CHUNK_SIZE:
            self._seal(bytes(self._buffer[:CHUNK_SIZE]), last=False)
            del self._buffer[:CHUNK_SIZE]
        return len(data)

    def close(self) -> None:
        if not self._closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True


def stream_encrypt(*, key: bytes, source: BinaryIO, target: BinaryIO) -> int:
    """Encrypts `source` to `target` chunk by chunk; returns the number of plaintext bytes."""
    writer = EncryptingWriter(key=key, target=target)
    while data := source.read(CHUNK_SIZE):
        writer.write(data)
    writer.close()
    return writer.plaintext_bytes


def stream_decrypt(*, key: bytes, source: BinaryIO, target: BinaryIO) -> int:
    """Decrypts what `stream_encrypt` wrote; raises BackupCryptoError on a wrong key or any damage.
    Returns the number of plaintext bytes. Each chunk is authenticated before it is written."""
    aead = AESGCM(key)
    header = _read_full(source, len(MAGIC) + PREFIX_SIZE)
    if len(header) != len(MAGIC) + PREFIX_SIZE or not header.startswith(MAGIC):
        raise BackupCryptoError("Not a backup file of this format.")
    prefix = header[len(MAGIC) :]
    total = 0
    counter = 0
    while True:
        length_bytes = _read_full(source, _LENGTH.size)
        if len(length_bytes) != _LENGTH.size:
            raise BackupCryptoError("The backup file is cut short (no last chunk).")
        (length,) = _LENGTH.unpack(length_bytes)
        if not TAG_SIZE <= length <= CHUNK_SIZE + TAG_SIZE:
            raise BackupCryptoError("The backup file is damaged (chunk length).")
        sealed = _read_full(source, length)
        if len(sealed) != length:
            raise BackupCryptoError("The backup file is cut short.")
        try:
            plain = aead.decrypt(_nonce(prefix, counter, last=False), sealed, header)
            last = False
        except InvalidTag:
            try:
                plain = aead.decrypt(_nonce(prefix, counter, last=True), sealed, header)
            except InvalidTag:
                raise BackupCryptoError(
                    "The backup file does not open with this key, or it is damaged."
                ) from None
            last = True
        target.write(plain)
        total += len(plain)
        if last:
            if source.read(1):
                raise BackupCryptoError("The backup file has data after its last chunk.")
            return total
        counter += 1
