"""`manage.py restore <name|latest>`: replace the database with a backup's dump and write its
media files back (marketplace/backups/)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from marketplace.backups.services import (
    BackupError,
    backup_manifest_get,
    backup_restore,
    database_target,
)


class Command(BaseCommand):
    help = (
        "Restore a backup from BACKUP_S3_BUCKET: pg_restore --clean --if-exists into the "
        "configured database (in one transaction) and the media files back into the storage. "
        "Stop the web, worker and beat processes first: pg_restore waits for their locks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "name", help='The backup\'s name (as `backup --list` shows) or "latest".'
        )
        parser.add_argument("--database", default="default", help="Database alias to restore into.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            database = database_target(alias=options["database"])
            manifest = backup_manifest_get(name=options["name"])
            if options["interactive"]:
                answer = input(
                    f"This replaces every table of the database {database.name!r} with backup "
                    f"{manifest['name']} ({manifest['created_at']}). Type the database's name "
                    "to go on: "
                )
                if answer.strip() != database.name:
                    raise CommandError("Restore cancelled.")
            manifest = backup_restore(
                name=manifest["name"], database=database, alias=options["database"]
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored backup {manifest['name']}: the database and "
            f"{manifest['media']['files']:,} media files."
        )
