"""The backups' building blocks: chunked AES-GCM that refuses any damage, the retention rule on
fake dates, and the refusal to back up SQLite."""

from __future__ import annotations

import base64
import io
import os
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from marketplace.backups.crypto import (
    CHUNK_SIZE,
    MAGIC,
    PREFIX_SIZE,
    BackupCryptoError,
    backup_key_parse,
    stream_decrypt,
    stream_encrypt,
)
from marketplace.backups.retention import backup_names_to_keep

KEY = os.urandom(32)
HEADER = len(MAGIC) + PREFIX_SIZE


def encrypt(data: bytes, key: bytes = KEY) -> bytes:
    target = io.BytesIO()
    assert stream_encrypt(key=key, source=io.BytesIO(data), target=target) == len(data)
    return target.getvalue()


def decrypt(data: bytes, key: bytes = KEY) -> bytes:
    target = io.BytesIO()
    stream_decrypt(key=key, source=io.BytesIO(data), target=target)
    return target.getvalue()


@pytest.mark.parametrize("size", [0, 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 12345])
def test_encrypted_file_decrypts_to_the_same_bytes(size: int) -> None:
    data = os.urandom(size)

    sealed = encrypt(data)

    # A byte or two of plaintext can turn up in random ciphertext by chance; 16 cannot.
    assert data[:64] not in sealed or size < 16
    assert decrypt(sealed) == data


def test_same_data_encrypts_differently_each_time() -> None:
    assert encrypt(b"pg_dump") != encrypt(b"pg_dump")


def test_wrong_key_is_refused() -> None:
    with pytest.raises(BackupCryptoError, match="does not open"):
        decrypt(encrypt(b"veri"), key=os.urandom(32))


def test_flipped_byte_is_refused() -> None:
    sealed = bytearray(encrypt(os.urandom(CHUNK_SIZE + 10)))
    sealed[HEADER + 4 + 100] ^= 1
    with pytest.raises(BackupCryptoError):
        decrypt(bytes(sealed))


def chunks(sealed: bytes) -> list[bytes]:
    """The length-prefixed chunks after the header."""
    position = HEADER
    found = []
    while position < len(sealed):
        length = int.from_bytes(sealed[position : position + 4], "big")
        found.append(sealed[position : position + 4 + length])
        position += 4 + length
    return found


def test_file_cut_after_a_whole_chunk_is_refused() -> None:
    sealed = encrypt(os.urandom(2 * CHUNK_SIZE + 5))
    first_two = sealed[:HEADER] + b"".join(chunks(sealed)[:2])

    with pytest.raises(BackupCryptoError, match="cut short"):
        decrypt(first_two)


def test_reordered_chunks_are_refused() -> None:
    sealed = encrypt(os.urandom(2 * CHUNK_SIZE + 5))
    first, second, last = chunks(sealed)

    with pytest.raises(BackupCryptoError):
        decrypt(sealed[:HEADER] + second + first + last)


def test_key_must_be_32_bytes_of_base64() -> None:
    key = os.urandom(32)
    assert backup_key_parse(encoded=base64.urlsafe_b64encode(key).decode()) == key
    assert backup_key_parse(encoded=base64.urlsafe_b64encode(key).decode().rstrip("=")) == key
    with pytest.raises(BackupCryptoError, match="32 bytes"):
        backup_key_parse(encoded=base64.urlsafe_b64encode(os.urandom(16)).decode())
    with pytest.raises(BackupCryptoError, match="base64"):
        backup_key_parse(encoded="not base64 at all!")


def nightly(days: int, *, until: datetime) -> dict[str, datetime]:
    """A backup every night at 03:15 UTC for `days` nights up to `until`."""
    return {
        (until - timedelta(days=offset)).strftime("%Y%m%dT%H%M%SZ"): until - timedelta(days=offset)
        for offset in range(days)
    }


def test_retention_keeps_days_weeks_and_months() -> None:
    last = datetime(2026, 12, 7, 3, 15, tzinfo=UTC)  # a Monday
    backups = nightly(400, until=last)

    kept = sorted(backup_names_to_keep(backups=backups, daily=7, weekly=4, monthly=12))

    daily = [f"202612{day:02d}T031500Z" for day in range(1, 8)]
    # Newest of each of 4 ISO weeks: this Monday, and the three Sundays before it.
    weekly = ["20261122T031500Z", "20261129T031500Z", "20261206T031500Z", "20261207T031500Z"]
    # Newest of each of 12 months: today, and the last day of the 11 months before December.
    monthly = [
        "20260131T031500Z",
        "20260228T031500Z",
        "20260331T031500Z",
        "20260430T031500Z",
        "20260531T031500Z",
        "20260630T031500Z",
        "20260731T031500Z",
        "20260831T031500Z",
        "20260930T031500Z",
        "20261031T031500Z",
        "20261130T031500Z",
    ]
    assert kept == sorted(set(daily + weekly + monthly))
    assert len(kept) == 20


def test_retention_of_two_backups_in_one_day_keeps_the_later() -> None:
    morning = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    backups = {"20261207T030000Z": morning, "20261207T150000Z": morning + timedelta(hours=12)}

    assert backup_names_to_keep(backups=backups, daily=7, weekly=0, monthly=0) == {
        "20261207T150000Z"
    }


def test_retention_of_zeros_still_keeps_the_newest() -> None:
    backups = nightly(3, until=datetime(2026, 12, 7, 3, 15, tzinfo=UTC))

    assert backup_names_to_keep(backups=backups, daily=0, weekly=0, monthly=0) == {
        "20261207T031500Z"
    }


@pytest.mark.skipif(settings.IS_POSTGRES, reason="the SQLite refusal; PostgreSQL backs up")
def test_backup_refuses_sqlite_with_the_reason() -> None:
    with pytest.raises(CommandError, match="Backups need PostgreSQL"):
        call_command("backup")
