"""Backups: dump PostgreSQL (`pg_dump -Fc`) and every media file, encrypt both client-side
(`crypto.py`), upload them under a dated name with a manifest, prune by the retention rule; and
bring one back (`pg_restore --clean --if-exists` in one transaction, the files into the storage).

Layout in BACKUP_S3_BUCKET: `<BACKUP_S3_PREFIX><name>/database.dump.enc`, `…/media.tar.enc` and
`…/manifest.json`, written last, so a backup without a manifest is one that did not finish. The
name is the UTC time it started, `20261207T031500Z`. Files pass through temporary files on disk,
never whole in memory; the plaintext never reaches the disk on the way out.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO

import boto3
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connections

from marketplace.backups.crypto import (
    BackupCryptoError,
    EncryptingWriter,
    backup_key_parse,
    stream_decrypt,
)
from marketplace.backups.retention import backup_names_to_keep

NAME_FORMAT = "%Y%m%dT%H%M%SZ"
DATABASE_FILE = "database.dump.enc"
MEDIA_FILE = "media.tar.enc"
MANIFEST_FILE = "manifest.json"
FORMAT_VERSION = 1
_READ_SIZE = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class DatabaseTarget:
    """The PostgreSQL database pg_dump reads and pg_restore writes, as libpq parameters."""

    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    def command_arguments(self) -> list[str]:
        arguments = [f"--dbname={self.name}"]
        if self.host:
            arguments.append(f"--host={self.host}")
        if self.port:
            arguments.append(f"--port={self.port}")
        if self.user:
            arguments.append(f"--username={self.user}")
        return arguments

    def environment(self) -> dict[str, str]:
        # The password through the environment, not the command line that `ps` shows.
        environment = dict(os.environ)
        if self.password:
            environment["PGPASSWORD"] = self.password
        return environment


@dataclass(frozen=True)
class BackupStore:
    client: Any  # botocore builds the S3 client class at run time
    bucket: str
    prefix: str

    def key(self, name: str, file: str) -> str:
        return f"{self.prefix}{name}/{file}"


def database_target(*, alias: str = "default") -> DatabaseTarget:
    """The configured database `alias` as a pg_dump/pg_restore target; refuses anything but
    PostgreSQL (a SQLite database is one file: copy it while the site is stopped)."""
    settings_dict = connections[alias].settings_dict
    if connections[alias].vendor != "postgresql":
        raise BackupError(
            f"Backups need PostgreSQL; the database {alias!r} is {connections[alias].vendor} "
            f"({settings_dict.get('NAME')}). Copy that file while the site is stopped instead."
        )
    return DatabaseTarget(
        name=str(settings_dict["NAME"]),
        user=str(settings_dict.get("USER") or ""),
        password=str(settings_dict.get("PASSWORD") or ""),
        host=str(settings_dict.get("HOST") or ""),
        port=str(settings_dict.get("PORT") or ""),
    )


def backup_store_get() -> BackupStore:
    """The bucket from the BACKUP_S3_* settings."""
    if not settings.BACKUP_S3_BUCKET:
        raise BackupError("BACKUP_S3_BUCKET is not set: there is nowhere to keep backups.")
    client = boto3.client(
        "s3",
        endpoint_url=settings.BACKUP_S3_ENDPOINT_URL or None,
        region_name=settings.BACKUP_S3_REGION or None,
        aws_access_key_id=settings.BACKUP_S3_ACCESS_KEY_ID or None,
        aws_secret_access_key=settings.BACKUP_S3_SECRET_ACCESS_KEY or None,
    )
    prefix = settings.BACKUP_S3_PREFIX
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    return BackupStore(client=client, bucket=settings.BACKUP_S3_BUCKET, prefix=prefix)


def _backup_key() -> bytes:
    if not settings.BACKUP_ENCRYPTION_KEY:
        raise BackupError("BACKUP_ENCRYPTION_KEY is not set: backups are always encrypted.")
    try:
        return backup_key_parse(encoded=settings.BACKUP_ENCRYPTION_KEY)
    except BackupCryptoError as error:
        raise BackupError(str(error)) from None


class _HashingWriter:
    """Passes writes on and keeps the SHA-256 of the plaintext for the manifest."""

    def __init__(self, target: EncryptingWriter) -> None:
        self.target = target
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.target.write(data)


def media_names(*, storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name in `storage` (local disk or S3), recursively, in a stable order."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # local disk: no upload yet, so no MEDIA_ROOT
        return
    for file_name in sorted(files):
        yield f"{directory}/{file_name}" if directory else file_name
    for child in sorted(directories):
        yield from media_names(
            storage=storage, directory=f"{directory}/{child}" if directory else child
        )


def _program(name: str) -> str:
    """The full path of a PostgreSQL client program, or a clear refusal."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def _dump_database(*, database: DatabaseTarget, writer: _HashingWriter) -> None:
    # Fixed program and arguments from the settings, no shell.
    process = subprocess.Popen(  # noqa: S603
        [_program("pg_dump"), "--format=custom", *database.command_arguments()],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=database.environment(),
    )
    assert process.stdout is not None
    assert process.stderr is not None
    try:
        while data := process.stdout.read(_READ_SIZE):
            writer.write(data)
    except BaseException:
        # A full disk or an interrupt here: do not leave pg_dump holding its snapshot.
        process.kill()
        process.wait()
        raise
    errors = process.stderr.read().decode(errors="replace")
    if process.wait() != 0:
        raise BackupError(f"pg_dump failed: {errors.strip()}")


def _archive_media(*, storage: Storage, writer: _HashingWriter) -> tuple[int, int]:
    """A tar stream of every media file; (files, bytes)."""
    count = 0
    size = 0
    with tarfile.open(fileobj=writer, mode="w|") as archive:  # type: ignore[call-overload]
        for name in media_names(storage=storage):
            info = tarfile.TarInfo(name)
            info.size = storage.size(name)
            info.mode = 0o644
            with storage.open(name, "rb") as source:
                archive.addfile(info, source)
            count += 1
            size += info.size
    return count, size


def backup_create(
    *,
    database: DatabaseTarget,
    storage: Storage | None = None,
    store: BackupStore | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Dumps `database` and the media of `storage` (default storage) into a new encrypted backup
    and returns its manifest. Does not prune (`backup_prune`)."""
    key = _backup_key()
    store = store or backup_store_get()
    storage = storage or default_storage
    started = (now or datetime.now(UTC)).astimezone(UTC)
    name = started.strftime(NAME_FORMAT)
    if any(summary["name"] == name for summary in backup_list(store=store)):
        raise BackupError(f"A backup named {name} exists already; try again in a second.")
    manifest: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "name": name,
        "created_at": started.isoformat(),
        "database": {"name": database.name, "file": DATABASE_FILE},
        "media": {"storage": type(storage).__name__, "file": MEDIA_FILE},
    }
    with tempfile.TemporaryDirectory(prefix="backup-") as directory:
        database_path = Path(directory) / DATABASE_FILE
        with database_path.open("wb") as encrypted:
            encrypting = EncryptingWriter(key=key, target=encrypted)
            hashing = _HashingWriter(encrypting)
            _dump_database(database=database, writer=hashing)
            encrypting.close()
        manifest["database"] |= {
            "bytes": encrypting.plaintext_bytes,
            "sha256": hashing.digest.hexdigest(),
        }
        store.client.upload_file(str(database_path), store.bucket, store.key(name, DATABASE_FILE))
        database_path.unlink()

        media_path = Path(directory) / MEDIA_FILE
        with media_path.open("wb") as encrypted:
            encrypting = EncryptingWriter(key=key, target=encrypted)
            hashing = _HashingWriter(encrypting)
            files, size = _archive_media(storage=storage, writer=hashing)
            encrypting.close()
        manifest["media"] |= {
            "files": files,
            "file_bytes": size,
            "bytes": encrypting.plaintext_bytes,
            "sha256": hashing.digest.hexdigest(),
        }
        store.client.upload_file(str(media_path), store.bucket, store.key(name, MEDIA_FILE))
    manifest["finished_at"] = datetime.now(UTC).isoformat()
    store.client.put_object(
        Bucket=store.bucket,
        Key=store.key(name, MANIFEST_FILE),
        Body=json.dumps(manifest, indent=2).encode(),
        ContentType="application/json",
    )
    return manifest


def _objects(*, store: BackupStore) -> Iterator[str]:
    paginator = store.client.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=store.bucket, Prefix=store.prefix):
        for item in page.get("Contents", []):
            yield item["Key"]


def backup_list(*, store: BackupStore | None = None) -> list[dict[str, Any]]:
    """Every backup in the bucket, oldest first: `{"name", "created_at", "complete", "keys"}`
    (complete = its manifest was written). Names that do not parse as times are left alone."""
    store = store or backup_store_get()
    backups: dict[str, dict[str, Any]] = {}
    for key in _objects(store=store):
        relative = key[len(store.prefix) :]
        if "/" not in relative:
            continue
        name, file = relative.split("/", 1)
        try:
            created_at = datetime.strptime(name, NAME_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            continue
        entry = backups.setdefault(
            name, {"name": name, "created_at": created_at, "complete": False, "keys": []}
        )
        entry["keys"].append(key)
        if file == MANIFEST_FILE:
            entry["complete"] = True
    return [backups[name] for name in sorted(backups)]


def backup_prune(
    *,
    store: BackupStore | None = None,
    daily: int | None = None,
    weekly: int | None = None,
    monthly: int | None = None,
) -> list[str]:
    """Deletes the complete backups the retention rule does not keep (BACKUP_KEEP_DAILY/WEEKLY/
    MONTHLY unless given), and unfinished ones older than the newest complete backup (a run
    that died). Returns the deleted names."""
    store = store or backup_store_get()
    backups = backup_list(store=store)
    complete = [entry for entry in backups if entry["complete"]]
    keep = backup_names_to_keep(
        backups={entry["name"]: entry["created_at"] for entry in complete},
        daily=settings.BACKUP_KEEP_DAILY if daily is None else daily,
        weekly=settings.BACKUP_KEEP_WEEKLY if weekly is None else weekly,
        monthly=settings.BACKUP_KEEP_MONTHLY if monthly is None else monthly,
    )
    newest_complete = max((entry["name"] for entry in complete), default="")
    doomed = [
        entry
        for entry in backups
        if (entry["complete"] and entry["name"] not in keep)
        or (not entry["complete"] and entry["name"] < newest_complete)
    ]
    for entry in doomed:
        # The manifest first: a half-deleted backup then counts as unfinished, not as complete.
        for key in sorted(entry["keys"], key=lambda key: not key.endswith(MANIFEST_FILE)):
            store.client.delete_object(Bucket=store.bucket, Key=key)
    return [entry["name"] for entry in doomed]


def backup_manifest_get(*, name: str, store: BackupStore | None = None) -> dict[str, Any]:
    """The manifest of backup `name`, or of the newest complete one for "latest"."""
    store = store or backup_store_get()
    if name == "latest":
        complete = [entry["name"] for entry in backup_list(store=store) if entry["complete"]]
        if not complete:
            raise BackupError(f"There is no complete backup in s3://{store.bucket}/{store.prefix}.")
        name = complete[-1]
    try:
        body = store.client.get_object(Bucket=store.bucket, Key=store.key(name, MANIFEST_FILE))
    except store.client.exceptions.NoSuchKey:
        raise BackupError(f"There is no complete backup named {name!r}.") from None
    manifest: dict[str, Any] = json.loads(body["Body"].read())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Backup {name} has format {manifest.get('format')}; expected 1.")
    return manifest


def _download_decrypted(
    *, store: BackupStore, name: str, entry: dict[str, Any], key: bytes, target: IO[bytes]
) -> None:
    """Downloads and decrypts one file of a backup into `target`, checking its SHA-256."""
    with tempfile.NamedTemporaryFile(prefix="backup-", suffix=".enc") as encrypted:
        store.client.download_fileobj(store.bucket, store.key(name, entry["file"]), encrypted)
        encrypted.flush()
        encrypted.seek(0)
        hashing = _DigestingFile(target)
        try:
            stream_decrypt(key=key, source=encrypted, target=hashing)  # type: ignore[arg-type]
        except BackupCryptoError as error:
            raise BackupError(f"{entry['file']} of backup {name}: {error}") from None
    if hashing.digest.hexdigest() != entry["sha256"]:
        raise BackupError(f"{entry['file']} of backup {name} does not match its manifest.")
    target.flush()
    target.seek(0)


class _DigestingFile:
    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.target.write(data)


def _restore_database(*, database: DatabaseTarget, dump_path: str) -> None:
    result = subprocess.run(  # noqa: S603 - fixed program and arguments, no shell
        [
            _program("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            # All or nothing: a failed restore leaves the database as it was.
            "--single-transaction",
            *database.command_arguments(),
            dump_path,
        ],
        capture_output=True,
        env=database.environment(),
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.decode(errors='replace').strip()}")


def _restore_media(*, storage: Storage, archive_file: BinaryIO) -> int:
    """Puts every file of the archive back under its own name; returns how many."""
    count = 0
    with tarfile.open(fileobj=archive_file, mode="r:") as archive:
        for member in archive:
            if not member.isfile():
                continue
            path = PurePosixPath(member.name)
            if path.is_absolute() or ".." in path.parts:
                raise BackupError(f"The media archive holds an unsafe name: {member.name!r}.")
            source = archive.extractfile(member)
            assert source is not None
            if storage.exists(member.name):
                storage.delete(member.name)
            saved = storage.save(member.name, File(source, name=path.name))
            if saved != member.name:
                raise BackupError(f"{member.name} was stored as {saved}.")
            count += 1
    return count


def backup_restore(
    *,
    name: str,
    database: DatabaseTarget,
    storage: Storage | None = None,
    store: BackupStore | None = None,
    alias: str = "default",
) -> dict[str, Any]:
    """Brings backup `name` ("latest" for the newest) back: the database replaced in one
    transaction, then each media file written back under its name (files that are not in the
    backup stay). Returns the manifest."""
    key = _backup_key()
    store = store or backup_store_get()
    storage = storage or default_storage
    manifest = backup_manifest_get(name=name, store=store)
    name = manifest["name"]
    with tempfile.NamedTemporaryFile(prefix="backup-", suffix=".dump") as dump:
        _download_decrypted(
            store=store, name=name, entry=manifest["database"], key=key, target=dump
        )
        # pg_restore drops the tables: no connection of ours may hold a lock on them.
        connections[alias].close()
        _restore_database(database=database, dump_path=dump.name)
    with tempfile.TemporaryFile(prefix="backup-") as archive:
        _download_decrypted(
            store=store, name=name, entry=manifest["media"], key=key, target=archive
        )
        restored = _restore_media(storage=storage, archive_file=archive)
    if restored != manifest["media"]["files"]:
        raise BackupError(
            f"{restored} media files restored, the manifest lists {manifest['media']['files']}."
        )
    return manifest
