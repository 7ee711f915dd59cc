"""Backup → drop → restore end to end: a scratch PostgreSQL database with listings, users and a
photo in S3 (moto's server), backed up with pg_dump into an encrypted backup in another bucket,
its schema dropped and the photo deleted, then restored; row counts and the photo's bytes match."""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection, connections
from pytest_django.fixtures import Settings

from conftest import requires_postgres
from marketplace.backups.services import (
    BackupError,
    BackupStore,
    DatabaseTarget,
    backup_create,
    backup_list,
    backup_prune,
    backup_restore,
    backup_store_get,
    database_target,
)
from marketplace.models import User
from marketplace.tests.factories import UserFactory
from parts.models import Part, PartImage, PartImageStatus
from parts.tests.conftest import (  # noqa: F401 - fixtures
    S3_ACCESS_KEY,
    S3_REGION,
    S3_SECRET_KEY,
    S3Bucket,
    moto_s3_server,
    s3_storage_settings,
)
from parts.tests.factories import make_part
from parts.tests.images import jpeg_bytes

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def backup_bucket(moto_s3_server: str, settings: Settings) -> BackupStore:  # noqa: F811
    """A fresh backup bucket in moto, and the BACKUP_* settings pointing at it."""
    bucket = f"backups-test-{uuid.uuid4().hex[:12]}"
    settings.BACKUP_S3_BUCKET = bucket
    settings.BACKUP_S3_PREFIX = "backups/"
    settings.BACKUP_S3_ENDPOINT_URL = moto_s3_server
    settings.BACKUP_S3_REGION = S3_REGION
    settings.BACKUP_S3_ACCESS_KEY_ID = S3_ACCESS_KEY
    settings.BACKUP_S3_SECRET_ACCESS_KEY = S3_SECRET_KEY
    settings.BACKUP_ENCRYPTION_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()
    store = backup_store_get()
    store.client.create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": S3_REGION}
    )
    return store


def _maintenance_connection() -> psycopg.Connection[Any]:
    params = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        user=params["USER"],
        password=params["PASSWORD"],
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        autocommit=True,
    )


@pytest.fixture
def scratch_database() -> Iterator[DatabaseTarget]:
    """A copy of the test database (CREATE DATABASE … TEMPLATE), made when the fixture is used:
    ask for it after creating the data. Dropped afterwards."""
    test_database = database_target()
    name = f"backup_scratch_{uuid.uuid4().hex[:10]}"
    # A template database must have no other session.
    connections.close_all()
    with _maintenance_connection() as maintenance:
        maintenance.execute(f'CREATE DATABASE "{name}" TEMPLATE "{test_database.name}"')
    try:
        yield DatabaseTarget(
            name=name,
            user=test_database.user,
            password=test_database.password,
            host=test_database.host,
            port=test_database.port,
        )
    finally:
        with _maintenance_connection() as maintenance:
            maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


TABLES = [
    User._meta.db_table,
    Part._meta.db_table,
    PartImage._meta.db_table,
    "auth_permission",
    "django_migrations",
]


def row_counts(database: DatabaseTarget) -> dict[str, int | None]:
    """Rows per table of TABLES (None: the table is not there)."""
    counts: dict[str, int | None] = {}
    with psycopg.connect(
        dbname=database.name,
        user=database.user,
        password=database.password,
        host=database.host or None,
        port=database.port or None,
    ) as scratch:
        for table in TABLES:
            exists = scratch.execute("SELECT to_regclass(%s)", [table]).fetchone()
            if exists is None or exists[0] is None:
                counts[table] = None
                continue
            row = scratch.execute(f'SELECT count(*) FROM "{table}"').fetchone()  # noqa: S608
            counts[table] = row[0] if row else None
    return counts


def listings_with_a_photo() -> bytes:
    """Three users, four listings, one photo in the media bucket; the photo's bytes."""
    seller = UserFactory.create(email="satici@example.com")
    UserFactory.create_batch(2)
    parts = [make_part(seller=seller, title=f"Alternatör {index}") for index in range(4)]
    photo = jpeg_bytes(320, 240)
    image = PartImage(uploader=seller, part=parts[0], status=PartImageStatus.READY)
    image.display.save("kapak.jpg", ContentFile(photo), save=False)
    image.save()
    return photo


def test_backup_drop_restore_brings_back_rows_and_photo(
    s3_storage_settings: S3Bucket,  # noqa: F811
    backup_bucket: BackupStore,
    request: pytest.FixtureRequest,
) -> None:
    photo = listings_with_a_photo()
    photo_name = str(PartImage.objects.get().display.name)
    database: DatabaseTarget = request.getfixturevalue("scratch_database")
    before = row_counts(database)
    assert before[Part._meta.db_table] == 4
    assert before[User._meta.db_table] == 3

    manifest = backup_create(database=database)

    assert manifest["media"]["files"] == 1
    stored = backup_bucket.client.list_objects_v2(Bucket=backup_bucket.bucket)["Contents"]
    keys = {item["Key"] for item in stored}
    assert keys == {
        f"backups/{manifest['name']}/database.dump.enc",
        f"backups/{manifest['name']}/media.tar.enc",
        f"backups/{manifest['name']}/manifest.json",
    }
    encrypted_dump = backup_bucket.client.get_object(
        Bucket=backup_bucket.bucket, Key=f"backups/{manifest['name']}/database.dump.enc"
    )["Body"].read()
    assert b"PGDMP" not in encrypted_dump  # pg_dump's custom-format magic: not in the clear
    assert b"satici@example.com" not in encrypted_dump

    # Disaster: every table gone, the photo deleted.
    with psycopg.connect(
        dbname=database.name,
        user=database.user,
        password=database.password,
        host=database.host or None,
        port=database.port or None,
        autocommit=True,
    ) as scratch:
        scratch.execute("DROP SCHEMA public CASCADE")
        scratch.execute("CREATE SCHEMA public")
    default_storage.delete(photo_name)
    assert set(row_counts(database).values()) == {None}
    assert not default_storage.exists(photo_name)

    restored = backup_restore(name="latest", database=database)

    assert restored["name"] == manifest["name"]
    assert row_counts(database) == before
    with default_storage.open(photo_name, "rb") as restored_photo:
        assert restored_photo.read() == photo


def test_restore_with_another_key_fails_and_leaves_the_database(
    s3_storage_settings: S3Bucket,  # noqa: F811
    backup_bucket: BackupStore,
    request: pytest.FixtureRequest,
    settings: Settings,
) -> None:
    listings_with_a_photo()
    database: DatabaseTarget = request.getfixturevalue("scratch_database")
    before = row_counts(database)
    backup_create(database=database)
    settings.BACKUP_ENCRYPTION_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()

    with pytest.raises(BackupError, match="does not open with this key"):
        backup_restore(name="latest", database=database)

    assert row_counts(database) == before


def test_prune_deletes_what_the_rule_does_not_keep(
    backup_bucket: BackupStore, settings: Settings, tmp_path: Any
) -> None:
    """Fake dates: 10 nightly backups (no media yet) made with `now` in the past."""
    settings.MEDIA_ROOT = str(tmp_path / "no-uploads-yet")
    store = backup_bucket
    last = datetime(2026, 12, 7, 3, 15, tzinfo=UTC)
    database = database_target()
    for offset in range(10):
        backup_create(database=database, now=last - timedelta(days=offset))
    # An unfinished run (no manifest) older than the newest complete backup.
    store.client.put_object(
        Bucket=store.bucket, Key="backups/20261201T120000Z/database.dump.enc", Body=b"x"
    )

    pruned = backup_prune(daily=3, weekly=2, monthly=0)

    remaining = [entry["name"] for entry in backup_list()]
    # Days 7, 6, 5 December; ISO weeks: the newest of this week (the 7th) and of last (the 6th).
    assert remaining == ["20261205T031500Z", "20261206T031500Z", "20261207T031500Z"]
    assert "20261201T120000Z" in pruned
    assert len(pruned) == 8


def test_backup_and_restore_commands(
    backup_bucket: BackupStore,
    settings: Settings,
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through manage.py on the test database itself: a backup, a restore refused when the
    database's name is not typed, and one with --noinput."""
    settings.MEDIA_ROOT = str(tmp_path)
    default_storage.save("parts/x/kapak.jpg", ContentFile(b"jpeg"))
    user = UserFactory.create()

    call_command("backup", "--no-prune")
    names = [entry["name"] for entry in backup_list()]
    assert len(names) == 1
    User.objects.filter(pk=user.pk).delete()
    (tmp_path / "parts/x/kapak.jpg").unlink()
    monkeypatch.setattr("builtins.input", lambda _prompt: "baska_veritabani")
    with pytest.raises(CommandError, match="Restore cancelled"):
        call_command("restore", "latest")
    assert not User.objects.filter(pk=user.pk).exists()

    call_command("restore", "latest", "--noinput")

    assert User.objects.filter(pk=user.pk).exists()
    assert (tmp_path / "parts/x/kapak.jpg").read_bytes() == b"jpeg"
    with pytest.raises(CommandError, match="no complete backup named 'yok'"):
        call_command("restore", "yok", "--noinput")
